#!/usr/bin/env bash
# ./imclab demo: the reference study, end to end through the gateway, against whatever has landed.
# Each step is a function run by run_step, which records its outcome and a one-line result for the
# summary table. A step that needs an endpoint which is not deployed reports SKIPPED, never fakes data.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
IMCLAB="$ROOT/imclab"
IMCLAB_HOME="${IMCLAB_HOME:-$HOME/.imclab}"
GATEWAY="${IMCLAB_GATEWAY_URL:-http://localhost:${IMCLAB_GATEWAY_PORT:-8080}}"

STEP_NAMES=()
STEP_OUTCOMES=()
STEP_SECONDS=()
STEP_RESULTS=()
STEP_RESULT=""   # a step sets this to the one line shown in the summary

api_key() {
  if [[ -n "${IMCLAB_API_KEY:-}" ]]; then echo "$IMCLAB_API_KEY"
  elif [[ -n "${IMCLAB_ADMIN_KEY:-}" ]]; then echo "$IMCLAB_ADMIN_KEY"
  else tr -d ' \n\r' < "$IMCLAB_HOME/admin.key"; fi
}

# HTTP status of a GET through the gateway with the key.
http_status() {
  curl -s -o /dev/null -m 10 -w '%{http_code}' -H "Authorization: Bearer $(api_key)" "$GATEWAY$1" || echo 000
}

# True when the gateway routes this path to a live endpoint (anything but 404/5xx/no answer).
endpoint_exists() {
  local s
  s="$(http_status "$1")"
  [[ "$s" != 000 && "$s" != 404 && "$s" -lt 500 ]]
}

# run_step <title> <function>: outcome OK, FAILED (exit status 1) or SKIPPED (exit status 3).
run_step() {
  local title="$1" fn="$2" start rc=0 outcome
  printf '\n== %s\n' "$title"
  STEP_RESULT=""
  start="$(date +%s)"
  "$fn" || rc=$?
  case "$rc" in 0) outcome=OK ;; 3) outcome=SKIPPED ;; *) outcome=FAILED ;; esac
  STEP_NAMES+=("$title")
  STEP_OUTCOMES+=("$outcome")
  STEP_SECONDS+=("$(( $(date +%s) - start ))")
  STEP_RESULTS+=("${STEP_RESULT:--}")
}

print_summary() {
  local i failed=0
  printf '\n%-34s %-8s %6s  %s\n' STEP OUTCOME SECONDS RESULT
  for i in "${!STEP_NAMES[@]}"; do
    printf '%-34s %-8s %6s  %s\n' "${STEP_NAMES[$i]}" "${STEP_OUTCOMES[$i]}" "${STEP_SECONDS[$i]}" "${STEP_RESULTS[$i]}"
    [[ "${STEP_OUTCOMES[$i]}" != FAILED ]] || failed=1
  done
  printf '\nDashboard (charts of every run above): %s/\n' "$GATEWAY"
  return "$failed"
}

# --- Steps ------------------------------------------------------------------------------------

# Gateway and every service report UP. Calls GET /actuator/health on the gateway and on each
# service port, and GET /api/v1/experiments through the gateway to prove the key is accepted.
step_health() {
  local svc port body down=()
  for svc in gateway:"${IMCLAB_GATEWAY_PORT:-8080}" training:"${IMCLAB_TRAINING_PORT:-8081}" \
             hwsim:"${IMCLAB_HWSIM_PORT:-8082}" pruning:"${IMCLAB_PRUNING_PORT:-8083}"; do
    port="${svc#*:}"
    body="$(curl -s -m 5 "http://localhost:$port/actuator/health" || true)"
    [[ "$body" == *'"status":"UP"'* ]] || down+=("${svc%%:*}")
  done
  if [[ ${#down[@]} -gt 0 ]]; then STEP_RESULT="not UP: ${down[*]}"; return 1; fi
  local s
  s="$(http_status /api/v1/experiments)"
  if [[ "$s" != 200 ]]; then STEP_RESULT="GET /api/v1/experiments through the gateway returned $s"; return 1; fi
  STEP_RESULT="gateway + 3 services UP; API key accepted"
}

# The study's pipeline, in order. Each step submits through './imclab submit <path> <json> --wait'
# and reads its numbers back with './imclab get', following the /api/v1/<kind>s job convention:
#
#   MNIST LeNet-5 training      POST /api/v1/datasets (fetch MNIST), POST /api/v1/trainings,
#                               then GET /api/v1/runs/{id}/metrics for the test accuracy
#   BasisN conversion           POST /api/v1/basisn-conversions on the trained model,
#                               reads accuracy and parameter count of the BasisN model
#   Simulation vs reprogramming POST /api/v1/simulations (and /api/v1/sweeps over crossbar
#                               budgets) for the original and BasisN models; cycles, energy, EDP
#   Class-aware pruning vs L1   POST /api/v1/prunings with method class-aware and with l1;
#                               accuracy against FLOPs of each
#   Active-learning study       POST /api/v1/al-sessions; accuracy per labelling round
#
# Each is added as a step_* function here and a run_step line in main once its endpoint is
# served; endpoint_exists lets a step report SKIPPED on a stack where the feature has not landed.

main() {
  "$IMCLAB" up
  run_step "Platform health" step_health
  print_summary
}

main "$@"
