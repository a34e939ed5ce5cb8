#!/usr/bin/env bash
# checkov, the security scanner the generated outputs are judged by, in its own venv.
#
#   scripts/checkov.sh install          create .checkov-venv/ with the pinned checkov
#   scripts/checkov.sh version          print the installed version
#   scripts/checkov.sh scan FILE...     run checkov on each file (cloudformation.json or
#                                       main.tf.json), JSON report on stdout
#
# tests/checkov.rs finds the binary at .checkov-venv/bin/checkov (or CHECKOV) and fails on any
# failed check that the output does not explain (see the README, "Security scanner findings").
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${CHECKOV_VENV:-$repo/.checkov-venv}

# The release issue 11 measured with; its dependencies resolved as of a fixed date so a
# fresh machine gets the same set.
CHECKOV_PIN="checkov==3.3.30"
EXCLUDE_NEWER=2026-11-01

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
py="$VENV/bin/python"

log() { echo "checkov.sh: $*" >&2; }

cmd_install() {
  local t0=$SECONDS
  log "python: $PYTHON ($("$PYTHON" --version 2>&1)); venv: $VENV"
  "$PYTHON" -m venv "$VENV"
  if "$py" -m pip install --quiet --disable-pip-version-check uv &&
    "$VENV/bin/uv" pip install --quiet --python "$py" --exclude-newer "$EXCLUDE_NEWER" \
      "$CHECKOV_PIN"; then
    log "installed with $("$VENV/bin/uv" --version) (--exclude-newer $EXCLUDE_NEWER)"
  else
    log "uv failed; falling back to pip"
    "$py" -m pip install --quiet --disable-pip-version-check "$CHECKOV_PIN"
  fi
  cmd_version
  log "install took $((SECONDS - t0))s"
}

cmd_version() {
  local want=${CHECKOV_PIN#*==} v
  v=$("$VENV/bin/checkov" --version)
  echo "checkov $v"
  [ "$v" = "$want" ] || {
    log "expected checkov $want, found $v"
    return 1
  }
}

# One run per file: checkov picks the framework from the file name.
cmd_scan() {
  local f framework
  for f in "$@"; do
    case "$f" in
    *.tf.json) framework=terraform_json ;;
    *) framework=cloudformation ;;
    esac
    "$VENV/bin/checkov" --quiet --compact --skip-download --framework "$framework" \
      --output json -f "$f" || true
  done
}

case "${1:-}" in
install) cmd_install ;;
version) cmd_version ;;
scan)
  shift
  cmd_scan "$@"
  ;;
*)
  echo "usage: $0 install | version | scan FILE..." >&2
  exit 2
  ;;
esac
