#!/usr/bin/env bash
# Tracking reads at 10k, 100k (and 1M with --full) runs: bench/tracking/run.sh [--quick|--full]
# --quick: 10k runs only. Grows one fresh embedded PostgreSQL (zonky, from common-testing) step by
# step and writes bench/tracking/results.md (results-quick.md for --quick). Builds common-jobs first.
# DB_URL=jdbc:postgresql://host:port/db (user postgres) grows and measures a server of one's own instead: it
# is kept, so a 1M-run database is grown once (about 5 minutes on 2 cores) and measured again after a change.
# --via-gateway: the same reads, the dashboard's experiment page and claim latency through a running gateway
# on DB_URL's database (bench/tracking/gateway.sh).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [[ "${1:-}" == --via-gateway ]]; then exec bench/tracking/gateway.sh; fi
# OUT=file writes the table there instead (CI keeps its checkout clean that way).
case "${1:-}" in
  --quick) SIZES="10000"; TABLE=bench/tracking/results-quick.md ;;
  --full)  SIZES="10000 100000 1000000"; TABLE=bench/tracking/results.md ;;
  *)       SIZES="10000 100000"; TABLE=bench/tracking/results.md ;;
esac
OUT="${OUT:-$TABLE}"
START=$(date +%s)
# Packages common-jobs and its siblings (tests compiled, not run) and lists the classpath in one session.
mvn -q -B -pl common/jobs -am -DskipTests package dependency:build-classpath -Dmdep.outputFile="$PWD/common/jobs/target/bench-cp.txt"
CP=common/jobs/target/classes:common/jobs/target/test-classes:$(cat common/jobs/target/bench-cp.txt)
java -Xmx2g ${DB_URL:+-Ddb.url=$DB_URL} -Dcalls="${CALLS:-50}" -cp "$CP" bench/tracking/TrackingBench.java "$OUT" $SIZES
echo "bench/tracking: $SIZES runs measured in $(( $(date +%s) - START )) s; table in $OUT"
