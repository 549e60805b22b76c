#!/usr/bin/env bash
# Trains group-lasso BasisN LeNet-5 models on MNIST and Fashion-MNIST (GroupUsageStudy.java) and writes the crossbar
# groups and nonzero coefficients each layer actually uses to bench/basisn/group-usage.json, in the record the basisn
# job registers; bench/hwsim/study.sh reads that file instead of assuming a usage. Resumes from the runs already in
# the file. Prints its wall time.
# Usage: bench/basisn/group-usage.sh [--quick] [key=value ...]   (keys of GroupUsageStudy: seeds ns lambda epochs
#        train val test threads)
#   --quick: 1000 training / 500 validation / 500 test images, 1 epoch, N = 64, 1 seed, written to
#            $work/group-usage-quick.json: a smoke run for CI, not a result.
set -euo pipefail
source "$(dirname "$0")/../datasets.sh"
bench_start imclab-basisn-group-usage
fetch_mnist "$work/mnist"
fetch_fashion_mnist "$work/fashion-mnist"
module_classpath training-service "$work/cp.txt"
out="${BENCH_OUT:-bench/basisn}/group-usage.json"
args=()
if [ "${1:-}" = --quick ]; then
    shift
    out="$work/group-usage-quick.json"
    rm -f "$out"
    args=(seeds=1 ns=64 epochs=1 train=1000 val=500 test=500)
fi
echo "load: $(uptime | sed 's/.*load average: //')"
OMP_NUM_THREADS=1 run_study training-service bench/basisn/GroupUsageStudy.java "$out" \
    data="MNIST:$work/mnist,Fashion-MNIST:$work/fashion-mnist" "${args[@]}" "$@"
bench_done "bench/basisn/group-usage.sh ${args:+quick}"
