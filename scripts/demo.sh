#!/usr/bin/env bash
# ./imclab demo: the reference study, end to end through the gateway (docs/demo.md).
#
# Starts the stack with './imclab up' (a no-op when it is already up; skipped when IMCLAB_GATEWAY_URL
# points elsewhere or IMCLAB_DEMO_UP=0), then runs org.imclab.gateway.demo.ReferenceStudy from the
# command-line tools' fat jar (common/cli) with Spring Boot's PropertiesLauncher, as the launcher runs the embedded database.
# The Java side parses the JSON answers (no jq needed), shows each job's progress, prints the summary
# table and the dashboard link, and exits 1 when a step failed (2 when it could not start).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
IMCLAB="$ROOT/imclab"
CLI_JAR="$ROOT/common/cli/target/imclab-cli.jar"
MAIN_CLASS="org.imclab.gateway.demo.ReferenceStudy"

die() { printf 'demo: %s\n' "$*" >&2; exit 2; }

java_cmd() {
  if [[ -n "${JAVA_HOME:-}" && -x "$JAVA_HOME/bin/java" ]]; then echo "$JAVA_HOME/bin/java"; else echo java; fi
}

if [[ -z "${IMCLAB_GATEWAY_URL:-}" && "${IMCLAB_DEMO_UP:-1}" != 0 ]]; then
  "$IMCLAB" up || die "'./imclab up' failed; see its output above"
fi
GATEWAY="${IMCLAB_GATEWAY_URL:-http://localhost:${IMCLAB_GATEWAY_PORT:-8080}}"

if [[ ! -s "$CLI_JAR" ]]; then
  command -v mvn >/dev/null 2>&1 || die "$CLI_JAR is missing and Maven is not installed to build it"
  echo "building the command-line tools' jar (it carries the demo client)"
  (cd "$ROOT" && mvn -q -B -DskipTests package -pl common/cli -am) || die "the build failed"
fi

# Width of the updating progress line on a terminal.
if [[ -z "${IMCLAB_DEMO_COLUMNS:-}" && -t 1 ]]; then
  IMCLAB_DEMO_COLUMNS="$(tput cols 2>/dev/null || echo 120)"
  export IMCLAB_DEMO_COLUMNS
fi

# The API key is read by the Java side from IMCLAB_API_KEY, IMCLAB_ADMIN_KEY or $IMCLAB_HOME/admin.key,
# so it never appears on a command line.
exec "$(java_cmd)" -Xmx256m -XX:TieredStopAtLevel=1 -Dloader.main="$MAIN_CLASS" \
  -cp "$CLI_JAR" org.springframework.boot.loader.launch.PropertiesLauncher "$GATEWAY"
