#!/usr/bin/env bash
# Regenerates the README's table of diagnostic codes (between <!-- codes:begin --> and
# <!-- codes:end -->) from `gatewright codes --markdown`; tests/readme_codes.rs checks it.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
table=$(cargo run -q -- codes --markdown)
python3 - "$table" <<'PY'
import sys
table = sys.argv[1] + "\n"
s = open("README.md").read()
b, e = "<!-- codes:begin -->\n", "<!-- codes:end -->"
i = s.index(b) + len(b)
j = s.index(e)
open("README.md", "w").write(s[:i] + table + s[j:])
PY
