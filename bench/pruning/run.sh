#!/usr/bin/env bash
# Class-aware pruning with the paper's protocol (docs/pruning.md, CapProtocolStudy.java): VGG with batchnorm on MNIST
# and Fashion-MNIST; CAP (CLASS_AWARE and the released code's CLASS_AWARE_BINARY) prunes with the rule alone, L1 and
# orthogonality on, until no filter qualifies or validation accuracy drops 2 points; L1 (global and per layer),
# random and Taylor are matched to the MAC reduction CAP reached; ablations over τ and kMin. 5 seeds by default.
# Writes bench/pruning/cap-protocol.{json,md} (or cap-quick.*) and prints its wall time.
# Usage: bench/pruning/run.sh [--quick] [key=value ...]   (keys of CapProtocolStudy)
#   --quick: VGG 8,M,16,M, 3000 training / 1000 test images, 1 base epoch, 2 iterations, τ = 0.3, kMin = 5 (so that
#            CAP removes filters and the baselines run), 1 seed, MNIST only: a smoke
#            run of the whole path for CI (< 3 minutes on a quiet machine), not a result.
# The earlier one-shot comparison to fixed MAC targets is bench/pruning/oneshot.sh.
set -euo pipefail
source "$(dirname "$0")/../datasets.sh"
bench_start imclab-cap-study
fetch_mnist "$work/mnist"
name=cap-protocol
data="MNIST:$work/mnist"
args=(ablateTaus=0.05,0.2 ablateKMins=1,3)
if [ "${1:-}" = --quick ]; then
    shift
    name=cap-quick
    args=(seeds=1 vgg=8,M,16,M baseEpochs=1 train=3000 test=1000 ftSamples=1000 maxIterations=2 tau=0.3 kMin=5)
else
    fetch_fashion_mnist "$work/fashion-mnist"
    data="$data,Fashion-MNIST:$work/fashion-mnist"
fi
module_classpath pruning-service "$work/cp.txt"
out="${BENCH_OUT:-bench/pruning}"
run_study pruning-service bench/pruning/CapProtocolStudy.java "$out/$name" data="$data" "${args[@]}" "$@"
bench_done "bench/pruning/run.sh ${name}"
