#!/usr/bin/env bash
# Tracking reads at 10k, 100k (and 1M with --full) runs: bench/tracking/run.sh [--quick|--full]
# --quick: 10k runs only. Grows one fresh embedded PostgreSQL (zonky, from common's test support) step by
# step and writes bench/tracking/results.md (results-quick.md for --quick). Builds common's classes first.
# DB_URL=jdbc:postgresql://host:port/db (user postgres) grows and measures a server of one's own instead: it
# is kept, so a 1M-run database is grown once (about 5 minutes on 2 cores) and measured again after a change.
set -euo pipefail
cd "$(dirname "$0")/../.."
# OUT=file writes the table there instead (CI keeps its checkout clean that way).
case "${1:-}" in
  --quick) SIZES="10000"; OUT="${OUT:-bench/tracking/results-quick.md}" ;;
  --full)  SIZES="10000 100000 1000000"; OUT="${OUT:-bench/tracking/results.md}" ;;
  *)       SIZES="10000 100000"; OUT="${OUT:-bench/tracking/results.md}" ;;
esac
START=$(date +%s)
mvn -q -B -pl common -am test-compile
CP=common/target/classes:common/target/test-classes:$(mvn -q -B -pl common dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
java -Xmx2g ${DB_URL:+-Ddb.url=$DB_URL} -Dcalls="${CALLS:-50}" -cp "$CP" bench/tracking/TrackingBench.java "$OUT" $SIZES
echo "bench/tracking: $SIZES runs measured in $(( $(date +%s) - START )) s; table in $OUT"
