#!/usr/bin/env bash
# Start-up cost of the services: runs `./imclab up` ROUNDS times on an existing database (a first,
# unmeasured round creates it and applies the migrations), and records the wall time of `up` and each
# service's own "Started ... in N seconds" line and the CPU seconds its JVM had used by then. Usage: bench/persistence/startup.sh <label> [rounds]
# Uses the jars as built (IMCLAB_BUILD=never): build them first. Ports 19800-19804 and IMCLAB_HOME=/tmp/persistence-startup-<label>; the stack is stopped afterwards.
set -euo pipefail
label="${1:?label}"; rounds="${2:-3}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="$root/bench/persistence/startup-$label.txt"
export IMCLAB_BUILD=never IMCLAB_HOME="/tmp/persistence-startup-$label" IMCLAB_DB_PORT=19804 IMCLAB_GATEWAY_PORT=19800 \
  IMCLAB_TRAINING_PORT=19801 IMCLAB_HWSIM_PORT=19802 IMCLAB_PRUNING_PORT=19803
cd "$root"
trap './imclab down >/dev/null 2>&1 || true' EXIT
./imclab up >/dev/null 2>&1 && ./imclab down >/dev/null 2>&1   # warm-up: database created and migrated
{
  echo "# $label, commit $(git rev-parse --short HEAD), $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
  for ((r = 1; r <= rounds; r++)); do
    start=$(date +%s.%N)
    ./imclab up >/dev/null 2>&1
    end=$(date +%s.%N)
    line="round $r: up $(echo "$end - $start" | bc) s;"
    for svc in training hwsim pruning gateway; do
      s=$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds' "$IMCLAB_HOME/logs/$svc.log" | tail -1 | awk '{print $4}')
      # CPU seconds the JVM used until it was healthy: far less sensitive to other processes' load than wall time.
      pid=$(cat "$IMCLAB_HOME/run/$svc.pid")
      cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat")
      line="$line $svc ${s}s/${cpu}cpu"
    done
    echo "$line; load $(cut -d' ' -f1 /proc/loadavg)"
    ./imclab down >/dev/null 2>&1
  done
} | tee "$out"
