#!/usr/bin/env bash
# Times the hardware-sim-service cost model (CostModelBenchmark) and writes bench/hwsim/results.md.
# Extra Maven flags (e.g. -o) may be passed in MVN_FLAGS.
set -euo pipefail
source "$(dirname "$0")/../datasets.sh"
bench_start imclab-hwsim-bench
run_test_main hardware-sim-service org.imclab.hwsim.cost.CostModelBenchmark "$root/bench/hwsim/results.md"
