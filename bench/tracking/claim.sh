#!/usr/bin/env bash
# Claim latency, submit -> handler running, LISTEN/NOTIFY vs polling alone:
#   bench/tracking/claim.sh [FINISHED_JOBS]      (default 1,000,000 finished jobs)
# On a fresh database of the tests' embedded PostgreSQL by default. DB_URL=jdbc:postgresql://host:port/db
# measures a server of one's own instead, e.g. the one bench/tracking/run.sh grew to 1M runs (DB_URL is
# passed to both), so the claim runs beside a million runs and a million finished jobs.
# Writes bench/tracking/claim-results.md.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -q -B -pl common -am test-compile
CP=common/target/classes:common/target/test-classes:$(mvn -q -B -pl common dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
java -Xmx1g ${DB_URL:+-Ddb.url=$DB_URL} -Dsamples="${SAMPLES:-100}" -cp "$CP" bench/tracking/ClaimLatencyBench.java \
    bench/tracking/claim-results.md "${1:-1000000}"
