#!/usr/bin/env bash
# Tracking through the gateway, as a user calls it (also: bench/tracking/run.sh --via-gateway):
#   DB_URL=jdbc:postgresql://localhost:PORT/bench bench/tracking/gateway.sh
# DB_URL is a database that bench/tracking/run.sh grew (e.g. --full: 1,000,000 runs); DB_USER / DB_PASSWORD
# default to postgres / postgres. Starts `./imclab up training gateway` on it (its own IMCLAB_HOME, ports from
# IMCLAB_GATEWAY_PORT / IMCLAB_TRAINING_PORT, default 18080 / 18081), times every tracking read, the
# dashboard's experiment page and the claim latency (GatewayBench.java), writes bench/tracking/results-gateway.md
# (OUT=file elsewhere) and stops the stack. CALLS (per read, 200), PAGES (page loads, 200), CLAIMS (50).
# It drops and lets the gateway recreate the database's gateway schema (API keys, rate-limit buckets): the bench's
# keys must get ids 7 and 8, the owners TrackingSeed gave runs to. Use it on a bench database only.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DB_URL:?set DB_URL=jdbc:postgresql://host:port/db, a database grown by bench/tracking/run.sh}"
DB_USER="${DB_USER:-postgres}"
DB_PASSWORD="${DB_PASSWORD:-postgres}"
TABLE=bench/tracking/results-gateway.md
OUT="${OUT:-$TABLE}"
export IMCLAB_HOME="${IMCLAB_HOME:-/tmp/imclab-gateway-bench}"
export IMCLAB_GATEWAY_PORT="${IMCLAB_GATEWAY_PORT:-18080}" IMCLAB_TRAINING_PORT="${IMCLAB_TRAINING_PORT:-18081}"
export IMCLAB_GATEWAY_URL="http://localhost:$IMCLAB_GATEWAY_PORT"
export IMCLAB_DB_URL="$DB_URL" IMCLAB_DB_USER="$DB_USER" IMCLAB_DB_PASSWORD="$DB_PASSWORD"
START=$(date +%s)
# The bench's classpath: common-jobs and its siblings (tests compiled, not run), as run.sh builds it.
mvn -q -B -pl common/jobs -am -DskipTests package dependency:build-classpath -Dmdep.outputFile="$PWD/common/jobs/target/bench-cp.txt"
CP=common/jobs/target/classes:common/jobs/target/test-classes:$(cat common/jobs/target/bench-cp.txt)
DB_PROPS=("-Ddb.url=$DB_URL" "-Ddb.user=$DB_USER" "-Ddb.password=$DB_PASSWORD")

./imclab down training gateway >/dev/null 2>&1 || true
java "${DB_PROPS[@]}" -cp "$CP" bench/tracking/GatewayBench.java --reset-keys
# The claim bench imports the built-in iris set: its CSV in the stack's cache, so no download is needed.
mkdir -p "$IMCLAB_HOME/datasets-raw/sklearn"
cp training-service/src/test/resources/sklearn/iris.csv "$IMCLAB_HOME/datasets-raw/sklearn/iris.csv"
trap './imclab down training gateway' EXIT
./imclab up training gateway
java -Xmx512m "${DB_PROPS[@]}" "-Dgateway=$IMCLAB_GATEWAY_URL" "-Dtraining=http://127.0.0.1:$IMCLAB_TRAINING_PORT" \
    "-Dhome=$IMCLAB_HOME" -Dcalls="${CALLS:-200}" -Dpages="${PAGES:-200}" -Dclaims="${CLAIMS:-50}" \
    -cp "$CP" bench/tracking/GatewayBench.java "$OUT"
echo "bench/tracking: through the gateway in $(( $(date +%s) - START )) s; table in $OUT"
