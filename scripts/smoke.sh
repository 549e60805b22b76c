#!/usr/bin/env bash
# The "as a new user" check: from a clean clone, './imclab up', call the API through the gateway
# with and without the admin key, './imclab down', and prove that nothing from the run is left.
#
#   scripts/smoke.sh [clone-dir]
#
# Without an argument it clones this repository's HEAD into a temporary directory. It uses its
# own IMCLAB_HOME, so the database and admin key are created from scratch as on a new machine.
# The ports (8080-8083 and IMCLAB_DB_PORT, default 5433) must be free.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
WORK="$(mktemp -d "${TMPDIR:-/tmp}/imclab-smoke.XXXXXX")"
if [[ $# -ge 1 ]]; then
  CLONE="$(cd "$1" && pwd -P)"
else
  CLONE="$WORK/clone"
  git clone --quiet "$HERE" "$CLONE"
fi
export IMCLAB_HOME="$WORK/home"
unset IMCLAB_DB_URL IMCLAB_ADMIN_KEY IMCLAB_API_KEY IMCLAB_GATEWAY_URL
GATEWAY="http://localhost:${IMCLAB_GATEWAY_PORT:-8080}"
FAILURES=0

check() {
  local what="$1" expected="$2" actual="$3"
  if [[ "$actual" == "$expected" ]]; then echo "PASS  $what ($actual)"
  else echo "FAIL  $what: expected $expected, got $actual"; FAILURES=$((FAILURES + 1)); fi
}

# Processes of this run carry the clone's jar paths or this IMCLAB_HOME on their command line.
leftovers() {
  ps -eo pid=,args= | grep -F -e "$CLONE/" -e "$IMCLAB_HOME" | grep -v -e grep -e "smoke.sh" || true
}

cleanup() {
  (cd "$CLONE" && ./imclab down >/dev/null 2>&1) || true
  if [[ -n "$(leftovers)" ]]; then echo "processes left after cleanup:"; leftovers; fi
}
trap cleanup EXIT

for port in "${IMCLAB_GATEWAY_PORT:-8080}" "${IMCLAB_TRAINING_PORT:-8081}" "${IMCLAB_HWSIM_PORT:-8082}" \
            "${IMCLAB_PRUNING_PORT:-8083}" "${IMCLAB_DB_PORT:-5433}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "port $port is already in use; stop whatever runs there first"; exit 2
  fi
done

echo "clone: $CLONE"
echo "home:  $IMCLAB_HOME"
(cd "$CLONE" && ./imclab up)

KEY="$(tr -d ' \n\r' < "$IMCLAB_HOME/admin.key")"
check "admin key file is owner-only" 600 "$(stat -c %a "$IMCLAB_HOME/admin.key" 2>/dev/null || stat -f %Lp "$IMCLAB_HOME/admin.key")"
check "GET /api/v1/experiments with the admin key" 200 \
  "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $KEY" "$GATEWAY/api/v1/experiments")"
check "GET /api/v1/experiments with X-API-Key" 200 \
  "$(curl -s -o /dev/null -w '%{http_code}' -H "X-API-Key: $KEY" "$GATEWAY/api/v1/experiments")"
check "GET /api/v1/experiments without a key" 401 \
  "$(curl -s -o /dev/null -w '%{http_code}' "$GATEWAY/api/v1/experiments")"
check "internal secret file is owner-only" 600 "$(stat -c %a "$IMCLAB_HOME/internal.secret" 2>/dev/null || stat -f %Lp "$IMCLAB_HOME/internal.secret")"
# The gateway cannot be bypassed: training answers 401 to a direct call, even one naming a caller.
check "GET training's /api/v1/runs directly, around the gateway" 401 \
  "$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Imclab-Caller: system' -H 'X-Imclab-Caller-Scope: admin' \
    "http://127.0.0.1:${IMCLAB_TRAINING_PORT:-8081}/api/v1/runs")"
check "'imclab get experiments' exit status" 0 "$( (cd "$CLONE" && ./imclab get experiments >/dev/null 2>&1); echo $?)"
check "a second 'imclab up' is harmless" 0 "$( (cd "$CLONE" && ./imclab up >/dev/null 2>&1); echo $?)"

(cd "$CLONE" && ./imclab down)
check "processes left after 'imclab down'" 0 "$(leftovers | grep -c . || true)"
check "pid files left after 'imclab down'" 0 "$(find "$IMCLAB_HOME/run" -name '*.pid' | grep -c . || true)"
trap - EXIT

if [[ "$FAILURES" -gt 0 ]]; then echo "smoke test: $FAILURES check(s) failed (logs in $IMCLAB_HOME/logs)"; exit 1; fi
echo "smoke test passed"
rm -rf "$WORK"
