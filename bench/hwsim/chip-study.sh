#!/usr/bin/env bash
# Runs the BasisN-vs-reprogramming study on the calibrated chip (ChipStudy) and writes
# bench/hwsim/chip-study.md and chip-study.json.
# Extra Maven flags may be passed in MVN_FLAGS.
set -euo pipefail
source "$(dirname "$0")/../datasets.sh"
bench_start imclab-hwsim-chip-study
run_test_main hardware-sim-service org.imclab.hwsim.study.ChipStudy "$root/bench/hwsim/chip-study.md" \
    "$root/bench/hwsim/chip-study.json" "$root/bench/basisn/group-usage.json"
