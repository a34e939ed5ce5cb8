#!/usr/bin/env bash
# Regenerates, with the JDK on PATH (17 is the reference), what gatewright's Java-regex checker
# is tested against and relies on:
#   tests/data/java_regex_verdicts.tsv   Java's verdict on every pattern of patterns.txt
#   src/java_regex/unicode_names.txt     the Unicode block and script names Java accepts
# Usage: scripts/java-regex-verdicts/regenerate.sh [--check]
#   --check   write nothing; exit 1 if either file differs from what this JDK produces.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
java=${JAVA:-java}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$java" "$here/Verdicts.java" "$here/patterns.txt" >"$tmp/verdicts.tsv"
"$java" --add-opens java.base/java.lang=ALL-UNNAMED "$here/Verdicts.java" --unicode-names >"$tmp/names.txt"

if [ "${1:-}" = "--check" ]; then
  status=0
  diff -u "$repo/tests/data/java_regex_verdicts.tsv" "$tmp/verdicts.tsv" || status=1
  diff -u "$repo/src/java_regex/unicode_names.txt" "$tmp/names.txt" || status=1
  exit "$status"
fi
mkdir -p "$repo/tests/data"
cp "$tmp/verdicts.tsv" "$repo/tests/data/java_regex_verdicts.tsv"
cp "$tmp/names.txt" "$repo/src/java_regex/unicode_names.txt"
echo "wrote tests/data/java_regex_verdicts.tsv ($(grep -Ec "^(accept|refuse)\s" "$repo/tests/data/java_regex_verdicts.tsv") patterns) and src/java_regex/unicode_names.txt"
