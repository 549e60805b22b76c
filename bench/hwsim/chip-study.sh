#!/usr/bin/env bash
# Runs the BasisN-vs-reprogramming study on the calibrated chip (ChipStudy) and writes
# bench/hwsim/chip-study.md and chip-study.json.
# Needs common installed in the local repository once: mvn -q install -pl common -DskipTests
# Extra Maven flags may be passed in MVN_FLAGS.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
module=hardware-sim-service
cp_file="$root/$module/target/study-classpath.txt"
mvn -q ${MVN_FLAGS:-} -pl "$module" test-compile
mvn -q ${MVN_FLAGS:-} -pl "$module" dependency:build-classpath \
    -Dmdep.outputFile="$cp_file" -Dmdep.includeScope=test
java -Xms256m -Xmx1g \
    -cp "$(cat "$cp_file"):$module/target/classes:$module/target/test-classes" \
    org.imclab.hwsim.study.ChipStudy "$root/bench/hwsim/chip-study.md" "$root/bench/hwsim/chip-study.json"
