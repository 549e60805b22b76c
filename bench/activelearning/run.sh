#!/usr/bin/env bash
# The active-learning studies (docs/active-learning.md) with the targets, budgets and seeds pre-registered in
# bench/activelearning/preregistered.json. Writes <study>.json (raw StudyResult) and <study>.md (table) next to this
# script and prints the wall time. Each finished (strategy, seed) curve is saved at once in <study>.curves.json; the
# seeds run one after another (all strategies of seed 1 first), and a rerun resumes from the saved curves, so a stopped
# run loses at most the curve in progress. Until every registered seed is complete, the table holds the whole seeds so
# far and says it is a reduced run.
# Usage: bench/activelearning/run.sh [--quick | --report-partial] [study ...]
#   studies: digits-knn1 digits-knn5 digits-svm mnist-lenet5 fashion-mnist-lenet5 (default: all five)
#   --quick: digits-knn5 and digits-svm, 2 seeds, budget 60, written to quick-<study>.*: a CI smoke run, not a result.
#   --report-partial: trains nothing; writes <study>.json and <study>.md from the whole seeds in <study>.curves.json.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
source "$here/../datasets.sh"
bench_start imclab-al-bench
quick=""
if [ "${1:-}" = --quick ]; then
    shift
    quick=quick
elif [ "${1:-}" = --report-partial ]; then
    shift
    export AL_REPORT_PARTIAL=1
fi
studies=("$@")
if [ ${#studies[@]} -eq 0 ]; then
    if [ -n "$quick" ]; then studies=(digits-knn5 digits-svm); else
        studies=(digits-knn1 digits-knn5 digits-svm mnist-lenet5 fashion-mnist-lenet5); fi
fi
module_classpath pruning-service "$work/cp.txt" test
# A private copy of the classes, so rebuilding the module during a long run cannot change them.
rm -rf "$work/classes" "$work/test-classes"
cp -r pruning-service/target/classes "$work/classes"
cp -r pruning-service/target/test-classes "$work/test-classes"
out="${BENCH_OUT:-$here}"
for s in "${studies[@]}"; do
    idx=""
    case "$s" in
        mnist-*) idx="$work/mnist"; fetch_mnist "$idx" ;;
        fashion-mnist-*) idx="$work/fashion-mnist"; fetch_fashion_mnist "$idx" ;;
    esac
    dest="$out"
    [ -n "$quick" ] && dest="$work/quick" && mkdir -p "$dest"
    echo "== $s (load: $(uptime | sed 's/.*load average: //'))"
    # One PyTorch thread: on the shared 2-core machine, oversubscribed OpenMP threads spin instead of working.
    GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824 OMP_NUM_THREADS=1 \
    java -Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1 -Dai.djl.pytorch.num_interop_threads=1 -Xmx4g \
        -cp "$work/test-classes:$work/classes:$(cat "$work/cp.txt")" \
        org.imclab.pruning.activelearning.ActiveLearningBench "$s" "$dest" "$here/preregistered.json" "${idx:-none}" $quick \
        > "$work/$s.log"
    cat "$dest/$s.md"
    [ -n "$quick" ] && cp "$dest/$s.md" "$out/quick-$s.md" && cp "$dest/$s.json" "$out/quick-$s.json"
done
bench_done "bench/activelearning/run.sh ${quick:-full}"
