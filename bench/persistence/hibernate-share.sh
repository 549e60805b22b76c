#!/usr/bin/env bash
# Hibernate's own share of each service's start-up, from Spring's start-up steps (probe/: a run listener that
# records every step's wall time and the CPU time of the thread that ran it), for one or more variants of
# JVM flags, alternating variant by variant in every round. Usage:
#   bench/persistence/hibernate-share.sh ROUNDS OUT-FILE label[@checkout-dir]='<extra JVM flags>' ...
# e.g. ... 3 results.txt base='' nometa='-Dspring.jpa.properties.hibernate.boot.allow_jdbc_metadata_access=false ...'
#      ... 3 results.txt before@/tmp/worktree-of-main='' after=''
# Each round runs `./imclab up` of the variant's checkout (default: this one; its jars as built, IMCLAB_BUILD=never)
# with the probe as a Java agent and the variant's flags in IMCLAB_JAVA_OPTS, waits for the probe's report of every
# service, then `./imclab down`. Environment: IMCLAB_HOME (default /tmp/hib-home; another checkout gets
# $IMCLAB_HOME-<label>, so each has its own database and CDS archives), IMCLAB_*_PORT and IMCLAB_DB_PORT (defaults
# 19200-19204). A first, unmeasured up/down per checkout creates and migrates the database and writes the CDS
# archives (JDK 17: at exit, hence the long stop grace on a loaded machine).
set -uo pipefail
rounds="${1:?rounds}"; out="${2:?out file}"; shift 2
root="$(cd "$(dirname "$0")/../.." && pwd)"
export IMCLAB_BUILD=never IMCLAB_HOME="${IMCLAB_HOME:-/tmp/hib-home}" IMCLAB_STOP_GRACE="${IMCLAB_STOP_GRACE:-240}" \
  IMCLAB_GATEWAY_PORT="${IMCLAB_GATEWAY_PORT:-19200}" IMCLAB_TRAINING_PORT="${IMCLAB_TRAINING_PORT:-19201}" \
  IMCLAB_HWSIM_PORT="${IMCLAB_HWSIM_PORT:-19202}" IMCLAB_PRUNING_PORT="${IMCLAB_PRUNING_PORT:-19203}" \
  IMCLAB_DB_PORT="${IMCLAB_DB_PORT:-19204}"
home="$IMCLAB_HOME"
labels=(); declare -A FLAGS DIRS HOMES
for a in "$@"; do
  spec="${a%%=*}"; l="${spec%%@*}"; labels+=("$l"); FLAGS[$l]="${a#*=}"
  if [[ "$spec" == *@* ]]; then DIRS[$l]="${spec#*@}"; HOMES[$l]="$home-$l"; else DIRS[$l]="$root"; HOMES[$l]="$home"; fi
done
services=(training hwsim pruning gateway)
use() { export IMCLAB_HOME="${HOMES[$1]}"; cd "${DIRS[$1]}"; }
trap 'for l in "${labels[@]}"; do use "$l"; ./imclab down >/dev/null 2>&1; done' EXIT

declare -A warm
for l in "${labels[@]}"; do   # warm-up per checkout: database created and migrated, CDS archives written at down
  [[ -n "${warm[${HOMES[$l]}]:-}" ]] && continue; warm[${HOMES[$l]}]=1
  use "$l"; IMCLAB_JAVA_OPTS='' ./imclab up >/dev/null 2>&1; ./imclab down >/dev/null 2>&1
done
probe_jar="$("$root/bench/persistence/probe/build.sh" "$(ls -d "$home"/cds/gateway-*/ | head -1)" 2>/dev/null | tail -1)"

{
  echo "# hibernate-share, commit $(git -C "$root" rev-parse --short HEAD), $(nproc) cores, $(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)"
  for l in "${labels[@]}"; do
    echo "# variant $l: ${DIRS[$l]} at $(git -C "${DIRS[$l]}" rev-parse --short HEAD), flags: ${FLAGS[$l]:-(none)}"
  done
  for ((r = 1; r <= rounds; r++)); do
    for l in "${labels[@]}"; do
      use "$l"; probe_dir="$home/probe/$l-$r"; rm -rf "$probe_dir"
      export IMCLAB_JAVA_OPTS="-javaagent:$probe_jar=$probe_dir ${FLAGS[$l]}"
      load_before="$(cut -d' ' -f1 /proc/loadavg)"
      start=$(date +%s.%N); ./imclab up >/dev/null 2>&1; rc=$?; end=$(date +%s.%N)
      # up returns when /actuator/health answers, which can precede the ready event the probe reports at.
      for ((i = 0; i < 120; i++)); do
        [[ "$(ls "$probe_dir"/*.steps.tsv 2>/dev/null | wc -l)" -ge ${#services[@]} ]] && break; sleep 1
      done
      printf '%s round %d: up %.1f s (rc %d); load %s -> %s\n' "$l" "$r" "$(echo "$end - $start" | bc)" "$rc" \
        "$load_before" "$(cut -d' ' -f1 /proc/loadavg)"
      for svc in "${services[@]}"; do
        f="$(ls "$probe_dir/$svc"-*.txt 2>/dev/null | head -1)"
        if [[ -n "$f" ]]; then echo "  $l $(head -1 "$f")"; else echo "  $l service=$svc (no probe report)"; fi
      done
      ./imclab down >/dev/null 2>&1
    done
  done
} | tee -a "$out"
