#!/bin/bash
# End-to-end LeNet-5 job on full MNIST through the platform's API against the plain PyTorch script a user would
# write (torch_mnist.py), cold and warm, alternating. Writes bench/training/e2e-results.md plus raw files.
#
# Job: LeNet-5, full MNIST (54 000 / 6 000 / 10 000), Adam lr 1e-3, cosine, batch 64, validation every epoch,
# EPOCHS epochs (4). Platform side: timed from submit (the job's createdAt) to SUCCEEDED (finishedAt) on the
# server's clock; "cold" is the first job after the training-service JVM was (re)started, "warm" the second job
# on the same JVM. PyTorch side (Debian python3-torch, 2 intra-op threads): timed from process start to the
# printed test accuracy; "cold" is the first process of the round, "warm" the second (both are fresh processes:
# PyTorch has no server to keep warm, only the OS page cache).
#
# Prerequisites: the stack running under ./imclab (IMCLAB_HOME, ports from the environment) with MNIST imported
# once (README tour step 1), and apt-get install -y python3-torch libopenblas0-openmp.
# Usage: bench/training/e2e.sh ROUNDS [warmup modes...]   e.g. e2e.sh 2 on off
#   Each round uses the next mode in the list (cycling): "on" restarts training-service as configured (engine
#   warm-up and class data sharing on), "off" restarts it as main did before either existed
#   (-Dimclab.training.warmup.enabled=false, IMCLAB_CDS=off).
set -euo pipefail
cd "$(dirname "$0")/../.."
ROUNDS=${1:-2}; shift || true
MODES=("${@:-on}")
EPOCHS=${EPOCHS:-4}
THREADS=2
HOME_DIR=${IMCLAB_HOME:?set IMCLAB_HOME}
GW=${IMCLAB_GATEWAY_URL:-http://localhost:${IMCLAB_GATEWAY_PORT:-8080}}
KEY=$(cat "$HOME_DIR/admin.key")
H="Authorization: Bearer $KEY"
# PLATFORM_ONLY=1 skips the PyTorch runs (e.g. to compare first jobs with the warm-up on and off); TAG names the
# result file (e2e-results$TAG.md) and raw folder so such runs do not overwrite the main comparison.
TAG=${TAG:-}
RAW=bench/training/e2e-raw$TAG
OUT=bench/training/e2e-results$TAG.md
PY="/usr/bin/env -i PATH=/usr/bin:/bin python3"
mkdir -p "$RAW"
export IMCLAB_BUILD=never

DATASET=$(curl -sf "$GW/api/v1/datasets?name=mnist" -H "$H" | grep -o '"id":[0-9]*' | head -1 | cut -d: -f2)
[[ -n "$DATASET" ]] || { echo "import MNIST first (README tour step 1)" >&2; exit 1; }

secs() { date -d "$1" +%s.%N; }
ratio() { [[ "$1" == - ]] && echo - || awk -v a="$1" -v b="$2" 'BEGIN {printf "%.2f", a / b}'; }

# Restarts training-service with warm-up on or off; prints the seconds 'imclab up training' took.
restart_training() {
  ./imclab down training >/dev/null
  local s e
  s=$(date +%s.%N)
  if [[ "$1" == off ]]; then
    IMCLAB_CDS=off IMCLAB_JAVA_OPTS="${IMCLAB_JAVA_OPTS:-} -Dimclab.training.warmup.enabled=false" \
      ./imclab up training >/dev/null
  else
    ./imclab up training >/dev/null
  fi
  e=$(date +%s.%N)
  awk -v a="$s" -v b="$e" 'BEGIN {printf "%.1f", b - a}'
}

# Runs one training job; prints "seconds_submit_to_succeeded test_acc"; keeps the job and its metrics in $RAW.
platform_job() {
  local tag="$1" body
  # Submitted and followed the way the README tells a user to (imclab submit --wait: a curl every 2 s, parsed in
  # bash). Earlier versions polled every 0.5 s with 'imclab json', which starts a JVM per call: on 2 cores that
  # took about a third of the job's training speed (bench/training/README.md).
  body=$(printf '%s' '{"datasetId":'"$DATASET"',"model":{"name":"lenet5"},"optimizer":"adam","learningRate":0.001,
         "schedule":"cosine","epochs":'"$EPOCHS"',"batchSize":64,"seed":42,"experiment":"e2e-bench"}' \
    | ./imclab submit /api/v1/training-jobs - --wait 2>/dev/null) || { echo "$body" >&2; exit 1; }
  local job
  job=$(echo "$body" | ./imclab json /id)
  echo "$body" > "$RAW/$tag.job.json"
  curl -sf "$GW/api/v1/runs/$job/metrics" -H "$H" > "$RAW/$tag.metrics.json" || true
  local created finished acc
  created=$(echo "$body" | ./imclab json /createdAt); finished=$(echo "$body" | ./imclab json /finishedAt)
  acc=$(echo "$body" | ./imclab json /result/testAccuracy)
  awk -v a="$(secs "$created")" -v b="$(secs "$finished")" -v c="$acc" 'BEGIN {printf "%.1f %.4f", b - a, c}'
}

torch_run() {
  local tag="$1" s e acc
  s=$(date +%s.%N)
  $PY bench/training/torch_mnist.py "$HOME_DIR/datasets-raw/mnist" "$THREADS" "$EPOCHS" > "$RAW/$tag.log"
  e=$(date +%s.%N)
  acc=$(awk '/^TEST_ACC/ {print $2}' "$RAW/$tag.log")
  awk -v a="$s" -v b="$e" -v c="$acc" 'BEGIN {printf "%.1f %s", b - a, c}'
}

ROWS=()
for round in $(seq 1 "$ROUNDS"); do
  mode=${MODES[$(( (round - 1) % ${#MODES[@]} ))]}
  l0=$(cut -d' ' -f1-3 /proc/loadavg)
  up=$(restart_training "$mode")
  warm=$( (grep -h 'engine warm-up' "$HOME_DIR/logs/training.log" || true) | sed -E 's/.*took ([0-9]+) ms.*/\1/' | tail -1)
  pc=$(platform_job "r$round-$mode-cold"); echo "round $round ($mode): up training ${up}s, platform cold $pc"
  pw=$(platform_job "r$round-$mode-warm"); echo "round $round ($mode): platform warm $pw"
  if [[ -n "${PLATFORM_ONLY:-}" ]]; then
    tc="- -"; tw="- -"
  else
    tc=$(torch_run "r$round-torch-cold"); echo "round $round: torch cold $tc"
    tw=$(torch_run "r$round-torch-warm"); echo "round $round: torch warm $tw"
  fi
  l1=$(cut -d' ' -f1-3 /proc/loadavg)
  ROWS+=("| $round | $mode | $up | ${warm:--} | ${pc% *} | ${pw% *} | ${tc% *} | ${tw% *} | $(ratio "${tc% *}" "${pc% *}") | $(ratio "${tw% *}" "${pw% *}") | ${pc#* } / ${pw#* } / ${tc#* } / ${tw#* } | $l0 → $l1 |")
done

{
  echo "# End-to-end: LeNet-5 job through the API vs a plain PyTorch script"
  echo
  echo "Generated by \`bench/training/e2e.sh $ROUNDS ${MODES[*]}\` on $(date -u +%Y-%m-%dT%H:%MZ); raw job JSON, metrics and"
  echo "PyTorch logs in \`e2e-raw/\`."
  echo
  echo "- Machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs); shared with other work, see load"
  echo "- Platform: training-service via the gateway, DJL $(grep -m1 -o 'DJL [0-9.]*' "$RAW"/*.job.json 2>/dev/null || echo 0.36.0) /"
  echo "  $(grep -ho '"engine":"[^"]*"' "$RAW"/*.job.json 2>/dev/null | head -1 || true) $(java -version 2>&1 | head -1)"
  echo "- PyTorch: $(grep -h -m1 '^ENGINE' "$RAW"/*torch*.log 2>/dev/null | head -1 || true), Debian python3-torch, OpenBLAS-OpenMP"
  echo "- Job: full MNIST 54 000 / 6 000 / 10 000, LeNet-5, Adam 1e-3, cosine per batch, batch 64, $EPOCHS epochs,"
  echo "  validation every epoch, test accuracy at the end; $THREADS intra-op threads on both sides."
  echo "- Platform time: submit → SUCCEEDED (server timestamps). PyTorch time: process start → printed test accuracy."
  echo "- warm-up on: engine warm-up and class data sharing (as this branch starts); off: neither (as main)."
  echo "- \`up\`: seconds of \`./imclab up training\` for the restart before the cold job; warm-up: the"
  echo "  service's logged warm-up duration (overlapping the rest of its start-up)."
  echo
  echo "| round | warm-up | up training s | warm-up ms | platform cold s | platform warm s | PyTorch cold s | PyTorch warm s | ratio cold (PyTorch/platform) | ratio warm | test acc (pc / pw / tc / tw) | load 1/5/15 min before → after |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${ROWS[@]}"
} > "$OUT"
cat "$OUT"
