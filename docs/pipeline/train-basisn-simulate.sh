#!/usr/bin/env bash
# Example CI pipeline: train LeNet-5 on MNIST, convert it to BasisN, simulate both on RRAM crossbars, and
# fail the pipeline when a threshold is missed. Everything goes through the gateway with ./imclab, whose
# exit status is the job's (0 SUCCEEDED, 1 FAILED, 2 CANCELLED, 3 HTTP error or timeout), so 'set -e'
# stops the pipeline at the first job that does not succeed. './imclab json' takes fields from the job
# JSON, so no jq is needed.
#
#   docs/pipeline/train-basisn-simulate.sh            # against ./imclab up on this machine
#   IMCLAB_GATEWAY_URL=https://imclab.example IMCLAB_API_KEY=imc_... docs/pipeline/train-basisn-simulate.sh
#
# Thresholds (environment): MIN_ACCURACY (standard model, default 0.98), MIN_BASISN_ACCURACY (BasisN model,
# default 0.975), MAX_EDP_RATIO (BasisN EDP / reprogramming EDP, default 0.5). Other knobs: DATASET
# (default mnist), EPOCHS (2), BASISN_EPOCHS (1), EXPERIMENT (pipeline), CROSSBARS (64).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)"
imclab() { "$ROOT/imclab" "$@"; }

MIN_ACCURACY="${MIN_ACCURACY:-0.98}"
MIN_BASISN_ACCURACY="${MIN_BASISN_ACCURACY:-0.975}"
MAX_EDP_RATIO="${MAX_EDP_RATIO:-0.5}"
DATASET="${DATASET:-mnist}"
EPOCHS="${EPOCHS:-2}"
BASISN_EPOCHS="${BASISN_EPOCHS:-1}"
EXPERIMENT="${EXPERIMENT:-pipeline}"
CROSSBARS="${CROSSBARS:-64}"
RUN="${RUN_ID:-$(date +%Y%m%d-%H%M%S)}"   # the idempotency keys: a re-run of one CI attempt never duplicates jobs

# fields <job-json> <pointer>...: the values, one per line; a missing field fails the pipeline here.
fields() { local job="$1"; shift; printf '%s' "$job" | imclab json "$@"; }
line() { sed -n "$1p" <<<"$2"; }
# below <value> <limit>: exit status 0 when value < limit (awk, for decimals)
below() { awk -v v="$1" -v l="$2" 'BEGIN { exit !(v < l) }'; }
fail() { echo "PIPELINE FAILED: $*" >&2; exit 1; }
# A threshold that is not a number would compare as text; refuse it before any job starts.
for t in MIN_ACCURACY MIN_BASISN_ACCURACY MAX_EDP_RATIO; do
  [[ "${!t}" =~ ^[0-9]*\.?[0-9]+$ ]] || { echo "$t='${!t}' is not a number" >&2; exit 2; }
done
for t in EPOCHS BASISN_EPOCHS CROSSBARS; do
  [[ "${!t}" =~ ^[1-9][0-9]*$ ]] || { echo "$t='${!t}' is not a positive integer" >&2; exit 2; }
done

echo "== 0. data set '$DATASET': use the latest version, or import the built-in one"
if imclab get "datasets?name=$DATASET&page_size=1" | imclab json /items/0/id >/dev/null 2>&1; then
  echo "registered already"
else
  imclab submit datasets/builtin - --wait --idempotency-key "pipeline-$RUN-data" >/dev/null <<JSON
{"name": "$DATASET", "splitSeed": 42, "valFraction": 0.1, "experiment": "$EXPERIMENT"}
JSON
fi

echo "== 1. train LeNet-5 on $DATASET ($EPOCHS epochs)"
train=$(imclab submit training-jobs - --wait --idempotency-key "pipeline-$RUN-train" <<JSON
{"datasetName": "$DATASET", "model": {"name": "lenet5"}, "optimizer": "adam", "learningRate": 0.001,
 "schedule": "cosine", "epochs": $EPOCHS, "batchSize": 64, "seed": 42, "experiment": "$EXPERIMENT",
 "runName": "pipeline $RUN lenet5"}
JSON
)
v=$(fields "$train" /result/modelId /result/testAccuracy); model=$(line 1 "$v"); accuracy=$(line 2 "$v")
echo "model $model: test accuracy $accuracy (threshold $MIN_ACCURACY)"
below "$accuracy" "$MIN_ACCURACY" && fail "LeNet-5 test accuracy $accuracy < $MIN_ACCURACY"

echo "== 2. convert model $model to BasisN (N = 64, 4-bit coefficients, $BASISN_EPOCHS fine-tuning epoch(s))"
basisn=$(imclab submit basisn-jobs - --wait --idempotency-key "pipeline-$RUN-basisn" <<JSON
{"mode": "convert", "sourceModelId": $model, "datasetName": "$DATASET", "rows": 128, "basisSize": 64,
 "coeffBits": 4, "epochs": $BASISN_EPOCHS, "optimizer": "adam", "learningRate": 0.001, "schedule": "cosine",
 "seed": 42, "experiment": "$EXPERIMENT", "runName": "pipeline $RUN basisn"}
JSON
)
v=$(fields "$basisn" /result/modelId /result/testAccuracy); basis_model=$(line 1 "$v"); basis_accuracy=$(line 2 "$v")
echo "BasisN model $basis_model: test accuracy $basis_accuracy (threshold $MIN_BASISN_ACCURACY)"
below "$basis_accuracy" "$MIN_BASISN_ACCURACY" && fail "BasisN test accuracy $basis_accuracy < $MIN_BASISN_ACCURACY"

echo "== 3. simulate both on $CROSSBARS crossbars (isaac-puma): BasisN against reprogramming"
cost=$(imclab submit simulations - --wait --idempotency-key "pipeline-$RUN-cost" <<JSON
{"type": "COST", "model": {"modelId": "$model"}, "basisN": {"fromModelId": "$basis_model"},
 "preset": "isaac-puma", "crossbarBudget": $CROSSBARS, "batch": 1, "experiment": "$EXPERIMENT",
 "name": "pipeline $RUN cost"}
JSON
)
v=$(fields "$cost" /result/ratios/cycles /result/ratios/energy /result/ratios/edp)
cycles=$(line 1 "$v"); energy=$(line 2 "$v"); edp=$(line 3 "$v")
echo "BasisN / reprogramming: cycles $cycles, energy $energy, EDP $edp (threshold $MAX_EDP_RATIO)"
below "$edp" "$MAX_EDP_RATIO" || fail "EDP ratio $edp >= $MAX_EDP_RATIO"

echo "PIPELINE PASSED: accuracy $accuracy, BasisN $basis_accuracy, EDP ratio $edp"
