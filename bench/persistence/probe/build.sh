#!/usr/bin/env bash
# Builds bench/persistence/probe/target/startup-probe.jar against the Spring jars of an extracted service jar
# (./imclab's CDS extraction, lib/ next to the application jar). Usage: build.sh <extracted-dir> (prints the jar path).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
lib="${1:?extracted service jar folder}/lib"
rm -rf "$here/target" && mkdir -p "$here/target/classes"
javac --release 17 -nowarn -cp "$lib/*" -d "$here/target/classes" $(find "$here/src" -name '*.java')
cp -r "$here/META-INF" "$here/target/classes/"
jar --create --file "$here/target/startup-probe.jar" --manifest "$here/META-INF/MANIFEST.MF" -C "$here/target/classes" .
echo "$here/target/startup-probe.jar"
