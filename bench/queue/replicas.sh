#!/usr/bin/env bash
# The job queue under many replicas: claim rate and claim-statement latency with 1, 2, 4 and 8 worker
# processes of one job kind against one PostgreSQL, and a check that no job ran twice. Writes the
# table rows to bench/queue/replicas-raw-<label>.md (replicas-results.md explains them). Usage:
#   bench/queue/replicas.sh [label]          JOBS=2000 SLOTS=4 REPLICAS="1 2 4 8" PORT=19950 by default
# Builds common-jobs (mvn package, tests skipped), compiles replicas/ReplicaBench.java against it and runs it
# with Debian's JDK; the embedded PostgreSQL (from common-testing, a test dependency) listens on PORT and is stopped at
# the end. Each worker is a separate JVM running common's JobWorker, as a replica in its own pod would.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
label="${1:-current}"
work="${BENCH_WORK:-/tmp/k8s-replica-bench}"
mkdir -p "$work/classes"
# One Maven session packages the library and its siblings and lists the classpath (the siblings resolve
# to their jars in target/, nothing is installed); common-jobs is the reactor's last module, so its list stays.
(cd "$root" && mvn -q -B -pl common/jobs -am -DskipTests package dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$work/cp.txt")
cp="$root/common/jobs/target/classes:$(cat "$work/cp.txt")"
javac -nowarn -cp "$cp" -d "$work/classes" "$here/replicas/ReplicaBench.java"
echo "machine: $(nproc) cores, load before: $(uptime)"
java -Xmx512m -cp "$work/classes:$cp" ReplicaBench bench "${PORT:-19950}" "${JOBS:-2000}" "${SLOTS:-4}" \
  "$here/replicas-raw-$label.md" ${REPLICAS:-1 2 4 8}
echo "load after: $(uptime)"
