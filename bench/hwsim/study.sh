#!/usr/bin/env bash
# Runs the BasisN-vs-reprogramming study (BasisNStudy) and writes bench/hwsim/study.md.
# Extra Maven flags (e.g. -o) may be passed in MVN_FLAGS.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
module=hardware-sim-service
cp_file="$root/$module/target/study-classpath.txt"
# One Maven session builds the module with the common libraries it needs (they resolve to their jars in
# target/, nothing is installed) and writes each module's test classpath to its own target/ folder.
mvn -q -B ${MVN_FLAGS:-} -pl "$module" -am -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="target/$(basename "$cp_file")" -Dmdep.includeScope=test >/dev/null
java -Xms256m -Xmx1g \
    -cp "$(cat "$cp_file"):$module/target/classes:$module/target/test-classes" \
    org.imclab.hwsim.study.BasisNStudy "$root/bench/hwsim/study.md"
