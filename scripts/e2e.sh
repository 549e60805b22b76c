#!/usr/bin/env bash
# End-to-end stage (the last stage of .ci/run; also for local use): starts the platform from the built
# jars with './imclab up' in a fresh IMCLAB_HOME on ports of its own, runs a quick './imclab demo' (real
# jobs: MNIST import, LeNet-5 training, cost and noisy-chip simulations, class-aware and L1 pruning, an
# active-learning study), one SWEEP simulation and the example pipeline of docs/pipeline (train, BasisN,
# simulate, thresholds), then drives the dashboard in headless Chromium (DashboardBrowserIT, 'mvn -Pe2e'),
# runs a pipeline through Java clients generated from docs/openapi (GeneratedClientIT) and the README tour,
# and stops the stack whatever happened.
#
#   bash scripts/e2e.sh
#
# Needs JDK 17+, Maven 3.8+, curl, Debian's chromium and chromium-driver, and the service jars (a
# preceding 'mvn verify' or 'mvn -q -B -DskipTests package' leaves them; './imclab up' builds them if they
# are missing). Fails when the stack does not come up, when a demo step fails, when the quick training
# misses its accuracy floor, when the pipeline misses a threshold, or when the browser test fails; the
# service logs are printed then.
# The dashboard screenshots are written to docs/screenshots/.
#
# Knobs:
#   IMCLAB_E2E_PORT_BASE  first of five ports (default 18080): gateway, +1 training, +2 hwsim, +3 pruning,
#                         +4 PostgreSQL; an explicit IMCLAB_*_PORT wins
#   IMCLAB_E2E_HOME       IMCLAB_HOME of the stack (default: a new temporary directory, removed after a
#                         passing run and kept, with its logs, after a failing one)
#   IMCLAB_E2E_OFFLINE=1  run the browser test's Maven offline (-o); needs the failsafe plugin in ~/.m2
#   IMCLAB_DEMO_*         the demo's settings (docs/demo.md); the quick defaults are set below
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
cd "$ROOT"

section() { printf '\n=== e2e: %s\n' "$*"; }
STAGE_START=$(date +%s)
elapsed() { echo "$(( $(date +%s) - STAGE_START ))s"; }

# A stack of its own: nothing shared with a './imclab up' of the same user, or with another checkout.
unset IMCLAB_DB_URL IMCLAB_ADMIN_KEY IMCLAB_API_KEY IMCLAB_GATEWAY_URL
BASE="${IMCLAB_E2E_PORT_BASE:-18080}"
export IMCLAB_GATEWAY_PORT="${IMCLAB_GATEWAY_PORT:-$BASE}"
export IMCLAB_TRAINING_PORT="${IMCLAB_TRAINING_PORT:-$((BASE + 1))}"
export IMCLAB_HWSIM_PORT="${IMCLAB_HWSIM_PORT:-$((BASE + 2))}"
export IMCLAB_PRUNING_PORT="${IMCLAB_PRUNING_PORT:-$((BASE + 3))}"
export IMCLAB_DB_PORT="${IMCLAB_DB_PORT:-$((BASE + 4))}"
if [[ -n "${IMCLAB_E2E_HOME:-}" ]]; then
  mkdir -p "$IMCLAB_E2E_HOME"
  export IMCLAB_HOME="$IMCLAB_E2E_HOME"
  REMOVE_HOME=""
else
  export IMCLAB_HOME="$(mktemp -d "${TMPDIR:-/tmp}/imclab-e2e.XXXXXX")"
  REMOVE_HOME=1
fi
GATEWAY="http://localhost:$IMCLAB_GATEWAY_PORT"

# The quick study: every step of the demo, each on a small budget, in a few minutes on 2 cores. Two
# LeNet-5 epochs reach about 98 % on MNIST, so 97 % is a real floor, and the training run has a two-point
# curve per metric for the run page. Each IMCLAB_DEMO_<NAME> already set in the environment wins.
for setting in EXPERIMENT=e2e STEPS=1,2,3,4,5,6 EPOCHS=2 MIN_ACCURACY=0.97 BASISN_EPOCHS=1 \
    NOISE_SIGMAS=0,0.1,0.2,0.3,0.45,0.6 NOISE_CHIPS=3 NOISE_SAMPLES=500 PRUNE_ITERATIONS=2 PRUNE_SAMPLES=2000 \
    AL_SEEDS=1,2 AL_BUDGET=160 AL_TARGET=0.9 JOB_TIMEOUT=900; do
  name="IMCLAB_DEMO_${setting%%=*}"
  export "$name=${!name:-${setting#*=}}"
done

FAILED_STEP=""
cleanup() {
  local status=$?
  trap - EXIT
  if [[ $status -ne 0 ]]; then
    section "FAILED${FAILED_STEP:+ in: $FAILED_STEP} (exit $status) after $(elapsed); service logs follow"
    ./imclab status || true
    IMCLAB_LOG_LINES="${IMCLAB_E2E_LOG_LINES:-150}" ./imclab logs || true
  fi
  section "./imclab down"
  ./imclab down || true
  if [[ $status -eq 0 && -n "$REMOVE_HOME" ]]; then
    rm -rf "$IMCLAB_HOME"
  else
    echo "IMCLAB_HOME kept for inspection: $IMCLAB_HOME"
  fi
  exit "$status"
}
trap cleanup EXIT

for port in "$IMCLAB_GATEWAY_PORT" "$IMCLAB_TRAINING_PORT" "$IMCLAB_HWSIM_PORT" "$IMCLAB_PRUNING_PORT" "$IMCLAB_DB_PORT"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    FAILED_STEP="port check"
    echo "port $port is in use; set IMCLAB_E2E_PORT_BASE to the first of five free ports"; exit 2
  fi
done

section "./imclab up (IMCLAB_HOME=$IMCLAB_HOME, gateway $GATEWAY)"
FAILED_STEP="./imclab up"
./imclab up
echo "stack up after $(elapsed)"
FAILED_STEP="direct call around the gateway"
direct="$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$IMCLAB_TRAINING_PORT/api/v1/runs")"
if [[ "$direct" != 401 ]]; then
  echo "training answered $direct to a direct, unsigned call; expected 401 (services admit only gateway-signed requests)"
  exit 1
fi
echo "a direct call to training, around the gateway: 401 as expected"

section "quick ./imclab demo (experiment '$IMCLAB_DEMO_EXPERIMENT', steps $IMCLAB_DEMO_STEPS)"
FAILED_STEP="./imclab demo"
DEMO_LOG="$IMCLAB_HOME/demo.log"
set +e
IMCLAB_DEMO_UP=0 ./imclab demo 2>&1 | tee "$DEMO_LOG"
demo_status=${PIPESTATUS[0]}
set -e
if [[ $demo_status -ne 0 ]]; then
  echo "the demo exited with status $demo_status"; exit 1
fi
if grep -q '^\[2\] ' "$DEMO_LOG" && ! grep -q "reference >= .*: met" "$DEMO_LOG"; then
  echo "the quick LeNet-5 training did not reach IMCLAB_DEMO_MIN_ACCURACY=$IMCLAB_DEMO_MIN_ACCURACY (see step 2 above)"; exit 1
fi
echo "demo done after $(elapsed)"

# A sweep of the cost model (milliseconds of work) for the dashboard's log-log sweep charts.
section "SWEEP simulation: ResNet-18 over the crossbar budget"
FAILED_STEP="SWEEP simulation"
./imclab submit simulations - --wait >/dev/null <<JSON
{"type": "SWEEP", "model": {"zoo": "resnet18", "input": [3, 224, 224], "classes": 1000}, "preset": "isaac-puma",
 "batch": 1, "basisN": {"basisSize": 64, "coeffBits": 4},
 "sweep": {"axis": "CROSSBARS", "values": [2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096]},
 "experiment": "$IMCLAB_DEMO_EXPERIMENT", "name": "sweep resnet18 crossbars"}
JSON

# The documented CI pipeline (docs/pipeline): train, BasisN, simulate, with its thresholds, run from its
# README's block. It reuses the demo's MNIST version; two epochs reach about 98.2 %, so the floor is the
# quick demo's.
section "example pipeline (scripts/doc-blocks.sh docs/pipeline/README.md 'Run it')"
FAILED_STEP="example pipeline"
IMCLAB_GATEWAY_URL="$GATEWAY" EXPERIMENT="$IMCLAB_DEMO_EXPERIMENT" EPOCHS=2 MIN_ACCURACY="$IMCLAB_DEMO_MIN_ACCURACY" \
  RUN_ID="e2e-$$" bash scripts/doc-blocks.sh docs/pipeline/README.md "Run it"
echo "pipeline done after $(elapsed)"

section "dashboard browser test (DashboardBrowserIT, headless Chromium)"
FAILED_STEP="dashboard browser test"
# test-compile plus the failsafe goals: the 'package' phase would rewrite gateway-service.jar under the
# running gateway. -am builds common from this checkout, which a clean machine has in no repository.
mvn_args=(-B -ntp -Pe2e -pl gateway-service -am)
if [[ "${IMCLAB_E2E_OFFLINE:-0}" == 1 ]]; then mvn_args+=(-o); fi
mvn_args+=(-Dfailsafe.failIfNoSpecifiedTests=false)
E2E_KEY="$(tr -d ' \n\r' < "$IMCLAB_HOME/admin.key")"
IMCLAB_E2E_URL="$GATEWAY" IMCLAB_E2E_KEY="$E2E_KEY" \
  mvn "${mvn_args[@]}" -Dit.test=DashboardBrowserIT test-compile failsafe:integration-test failsafe:verify

# After the browser test, which reads the demo's runs as the newest: a pipeline written against the Java
# clients openapi-generator makes from the committed docs/openapi specs (list, import MNIST, train one epoch,
# metrics, weights, simulate, a 400 problem), through the gateway (docs/api.md).
section "generated Java client pipeline (GeneratedClientIT)"
FAILED_STEP="generated client"
IMCLAB_E2E_URL="$GATEWAY" IMCLAB_E2E_KEY="$E2E_KEY" \
  mvn "${mvn_args[@]}" -Dit.test=GeneratedClientIT test-compile failsafe:integration-test failsafe:verify
echo "generated client pipeline done after $(elapsed)"
FAILED_STEP=""

# The README's tour, extracted from README.md itself and run as written (after the browser test, which
# reads the demo's runs as the newest ones): any non-2xx answer it does not
# announce fails CI (scripts/doc-blocks.sh). The same for docs/pipeline's own shell examples.
section "README tour (scripts/doc-blocks.sh README.md 'A tour of the API')"
FAILED_STEP="README tour"
IMCLAB_GATEWAY_URL="$GATEWAY" bash scripts/doc-blocks.sh README.md "A tour of the API"
echo "README tour done after $(elapsed)"
section "passed in $(elapsed)"
