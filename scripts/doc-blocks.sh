#!/usr/bin/env bash
# Runs the ```bash blocks of one section of a Markdown file, in order, as one script, so the README's
# tour (and any other documented example) is executed exactly as a user would paste it.
#
#   bash scripts/doc-blocks.sh README.md "A tour of the API"
#   bash scripts/doc-blocks.sh --print README.md "A tour of the API"   # show the script, run nothing
#
# Rules, so a broken example fails the run:
# - every `curl` fails on a non-2xx answer (curl --fail-with-body), with the body shown;
# - a command preceded by a comment line containing `expect: <status>` must answer exactly that status
#   (e.g. the documented 400 problem+json), and fails otherwise;
# - the blocks run with `set -euo pipefail` from the repository root, so `./imclab …` works;
# - variables the tour sets in one block (JOB=…, MODEL=…) are there for the next.
# Environment: the caller points IMCLAB_HOME / IMCLAB_GATEWAY_URL at the stack under test;
# DOC_BLOCKS_CURL_TIMEOUT bounds each curl (default 900 s).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
PRINT=""
if [[ "${1:-}" == "--print" ]]; then PRINT=1; shift; fi
[[ $# -eq 2 ]] || { echo "usage: doc-blocks.sh [--print] <markdown-file> <section heading text>" >&2; exit 64; }
FILE="$1"; SECTION="$2"
[[ -f "$FILE" ]] || { echo "no such file: $FILE" >&2; exit 64; }

# The section runs from its heading (any level) to the next heading of the same or a higher level.
extract() {
  awk -v want="$SECTION" '
    /^```/ { fence = !fence; if (in_section && in_block) { in_block = 0; next } }
    !fence && /^#+ / {
      level = index($0, " ") - 1
      title = substr($0, level + 2)
      if (in_section && level <= section_level) { in_section = 0 }
      if (!in_section && index(title, want) == 1) { in_section = 1; section_level = level; next }
    }
    in_section && fence && /^```bash[[:space:]]*$/ { in_block = 1; blocks++; printf "\n# --- block %d\n", blocks; next }
    in_section && in_block { print }
    END { if (blocks == 0) exit 3 }
  ' "$FILE"
}

# A comment "expect: NNN" arms the next command: its leading `curl` becomes `doc_expect NNN curl`.
arm_expectations() {
  awk '
    /^[[:space:]]*#.*expect: *[0-9][0-9][0-9]/ { match($0, /expect: *[0-9][0-9][0-9]/); want = substr($0, RSTART + RLENGTH - 3, 3); print; next }
    want != "" && /^[[:space:]]*curl / { sub(/curl /, "doc_expect " want " curl "); want = "" }
    { print }
  '
}

body="$(extract)" || { echo "doc-blocks: no \`\`\`bash blocks under a heading starting with '$SECTION' in $FILE" >&2; exit 1; }
script="$(cat <<'PRELUDE'
set -euo pipefail
curl() { command curl --fail-with-body --show-error --max-time "${DOC_BLOCKS_CURL_TIMEOUT:-900}" "$@"; }
# doc_expect STATUS curl ARGS...: the documented answer is STATUS, nothing else.
doc_expect() {
  local want="$1" out got; shift 2
  out="$(mktemp)"
  got="$(command curl -sS -o "$out" -w '%{http_code}' --max-time "${DOC_BLOCKS_CURL_TIMEOUT:-900}" "$@")" || { rm -f "$out"; return 1; }
  cat "$out"; echo; rm -f "$out"
  if [[ "$got" != "$want" ]]; then echo "doc-blocks: expected HTTP $want, got $got" >&2; return 1; fi
  echo "doc-blocks: got the documented HTTP $got" >&2
}
PRELUDE
)
$(printf '%s\n' "$body" | arm_expectations)"

if [[ -n "$PRINT" ]]; then printf '%s\n' "$script"; exit 0; fi
cd "$ROOT"
echo "doc-blocks: running the bash blocks of '$SECTION' in $FILE"
# -v echoes each line as it runs, so a failure shows the exact example that broke.
bash -v <(printf '%s\n' "$script")
echo "doc-blocks: '$SECTION' in $FILE ran cleanly"
