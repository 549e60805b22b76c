#!/usr/bin/env bash
# Claim latency, submit -> handler running, LISTEN/NOTIFY vs polling alone:
#   bench/tracking/claim.sh [FINISHED_JOBS]      (default 1,000,000 finished jobs)
# On a fresh database of the tests' embedded PostgreSQL by default. DB_URL=jdbc:postgresql://host:port/db
# measures a server of one's own instead, e.g. the one bench/tracking/run.sh grew to 1M runs (DB_URL is
# passed to both), so the claim runs beside a million runs and a million finished jobs.
# Writes bench/tracking/claim-results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
# Packages common-jobs and its siblings (tests compiled, not run) and lists the classpath in one session.
mvn -q -B -pl common/jobs -am -DskipTests package dependency:build-classpath -Dmdep.outputFile="$PWD/common/jobs/target/bench-cp.txt"
CP=common/jobs/target/classes:common/jobs/target/test-classes:$(cat common/jobs/target/bench-cp.txt)
java -Xmx1g ${DB_URL:+-Ddb.url=$DB_URL} -Dsamples="${SAMPLES:-100}" -cp "$CP" bench/tracking/ClaimLatencyBench.java \
    bench/tracking/claim-results.md "${1:-1000000}"
