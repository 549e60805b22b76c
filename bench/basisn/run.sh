#!/usr/bin/env bash
# The BasisN sweep (docs/basisn.md, BasisNStudy.java): LeNet-5 on MNIST and Fashion-MNIST, N in {16,32,64} < R = 128,
# 4-bit coefficients, basis quantisation off and on, from scratch and by conversion, 3 seeds, against the standard
# model with the same seeds. Writes bench/basisn/sweep.{json,md} (or quick.{json,md}) and prints its wall time.
# Usage: bench/basisn/run.sh [--quick] [key=value ...]   (keys of BasisNStudy: seeds ns epochs ftEpochs train test)
#   --quick: 1000 training / 500 validation / 500 test images, 1 epoch, N = 16, 1 seed, both data sets: a smoke run of the whole
#            path for CI (< 3 minutes on a quiet machine), not a result.
set -euo pipefail
source "$(dirname "$0")/../datasets.sh"
bench_start imclab-basisn-study
fetch_mnist "$work/mnist"
fetch_fashion_mnist "$work/fashion-mnist"
module_classpath training-service "$work/cp.txt"
name=sweep
args=()
if [ "${1:-}" = --quick ]; then
    shift
    name=quick
    args=(seeds=1 ns=16 epochs=1 ftEpochs=1 train=1000 val=500 test=500)
fi
out="${BENCH_OUT:-bench/basisn}"
run_study training-service bench/basisn/BasisNStudy.java "$out/$name" \
    data="MNIST:$work/mnist,Fashion-MNIST:$work/fashion-mnist" "${args[@]}" "$@"
bench_done "bench/basisn/run.sh ${name}"
