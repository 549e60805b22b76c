#!/usr/bin/env bash
# Runs the BasisN-vs-reprogramming study (BasisNStudy) and writes bench/hwsim/study.md. It charges the group usage
# measured on trained group-lasso models, bench/basisn/group-usage.json (bench/basisn/group-usage.sh writes it).
# Extra Maven flags (e.g. -o) may be passed in MVN_FLAGS.
set -euo pipefail
source "$(dirname "$0")/../datasets.sh"
bench_start imclab-hwsim-study
run_test_main hardware-sim-service org.imclab.hwsim.study.BasisNStudy "$root/bench/hwsim/study.md" \
    "$root/bench/basisn/group-usage.json"
