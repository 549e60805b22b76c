#!/usr/bin/env bash
# Alternating ./imclab up rounds of several checkouts (e.g. git worktrees of the commits before and after a change),
# each with its own launcher, jars as built, database and CDS archive. Usage:
#   bench/persistence/startup-ab.sh ROUNDS label=checkout-dir ...   (SKIP_WARM=1: databases and archives already exist)
# Prints per round: wall time of up, and per service "Started in" seconds / CPU seconds of its JVM when healthy.
set -uo pipefail
rounds=$1; shift
declare -A DIRS; labels=()
for a in "$@"; do labels+=("${a%%=*}"); DIRS[${a%%=*}]=${a#*=}; done
env_for() { export IMCLAB_BUILD=never IMCLAB_HOME="/tmp/persistence-startup-$1" IMCLAB_DB_PORT=19804 IMCLAB_GATEWAY_PORT=19800 IMCLAB_TRAINING_PORT=19801 IMCLAB_HWSIM_PORT=19802 IMCLAB_PRUNING_PORT=19803; }
[[ -n "${SKIP_WARM:-}" ]] || for l in "${labels[@]}"; do  # warm-up: database created/migrated, CDS archive written at down
  env_for $l; (cd ${DIRS[$l]} && ./imclab up >/dev/null 2>&1; ./imclab down >/dev/null 2>&1)
  echo "# $l: $(git -C ${DIRS[$l]} rev-parse --short HEAD), warm-up done, load $(cut -d' ' -f1-3 /proc/loadavg)"
done
for ((r = 1; r <= rounds; r++)); do
  for l in "${labels[@]}"; do
    env_for $l; cd ${DIRS[$l]}
    start=$(date +%s.%N); ./imclab up >/dev/null 2>&1; end=$(date +%s.%N)
    line="$l round $r: up $(echo "$end - $start" | bc) s;"
    for svc in training hwsim pruning gateway; do
      s=$(grep -o 'Started [A-Za-z]* in [0-9.]* seconds' "$IMCLAB_HOME/logs/$svc.log" | tail -1 | awk '{print $4}')
      pid=$(cat "$IMCLAB_HOME/run/$svc.pid" 2>/dev/null)
      cpu=$(awk -v hz="$(getconf CLK_TCK)" '{printf "%.1f", ($14 + $15) / hz}' "/proc/$pid/stat" 2>/dev/null)
      line="$line $svc ${s}s/${cpu}cpu"
    done
    echo "$line; load $(cut -d' ' -f1 /proc/loadavg)"
    ./imclab down >/dev/null 2>&1
  done
done
