#!/usr/bin/env bash
# Queue throughput benchmark on a real ./imclab up stack (see README.md here). Usage:
#   bench/queue/run.sh [label] [checkout]
# label names the raw result file (raw-<label>.json); checkout is the repository whose ./imclab to run
# (default: this one), so an older commit can be measured from a temporary worktree with this client.
# Stack: IMCLAB_HOME=/tmp/queue-home, ports 19380-19384, rate limit raised; stopped again at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
label="${1:-current}"
root="$(cd "${2:-$here/../..}" && pwd)"
export IMCLAB_HOME="${IMCLAB_HOME:-/tmp/queue-home-$label}"
export IMCLAB_GATEWAY_PORT="${IMCLAB_GATEWAY_PORT:-19380}" IMCLAB_TRAINING_PORT="${IMCLAB_TRAINING_PORT:-19381}"
export IMCLAB_HWSIM_PORT="${IMCLAB_HWSIM_PORT:-19382}" IMCLAB_PRUNING_PORT="${IMCLAB_PRUNING_PORT:-19383}"
export IMCLAB_DB_PORT="${IMCLAB_DB_PORT:-19384}"
# The bench measures the queue, not the gateway's per-key rate limit (600/min by default).
export IMCLAB_RATE_LIMIT_PER_MINUTE=1000000 IMCLAB_RATE_LIMIT_BURST=100000
trap '"$root/imclab" down >/dev/null 2>&1 || true' EXIT
"$root/imclab" up
key="${IMCLAB_ADMIN_KEY:-$(tr -d ' \n\r' < "$IMCLAB_HOME/admin.key")}"
# ROUNDS > 1 repeats the bench on the same stack: the first round also pays the services' JIT warm-up.
rounds="${ROUNDS:-1}"
for ((r = 1; r <= rounds; r++)); do
  out="$here/raw-$label.json"
  if ((rounds > 1)); then out="$here/raw-$label-round$r.json"; fi
  echo "round $r/$rounds, load before: $(uptime)"
  /usr/bin/env -i PATH=/usr/bin:/bin python3 "$here/queue_bench.py" --gateway "http://localhost:$IMCLAB_GATEWAY_PORT" \
      --key "$key" --jobs "${JOBS:-300}" --clients "${CLIENTS:-16}" --out "$out"
  echo "load after: $(uptime)"
done
