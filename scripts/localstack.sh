#!/usr/bin/env bash
# LocalStack harness for the end-to-end tests: runs LocalStack as a plain
# Python process (no Docker) on 127.0.0.1:4566, from its own venv.
#
#   scripts/localstack.sh install          create .localstack-venv/ (LocalStack, boto3, pytest)
#   scripts/localstack.sh start            start in the background, wait until healthy
#   scripts/localstack.sh stop             stop it (by PID and process group); idempotent
#   scripts/localstack.sh status           is it running, its RSS
#   scripts/localstack.sh run -- CMD...    start, run CMD, always stop; exits with CMD's code
#
# CI: scripts/localstack.sh install && scripts/localstack.sh run -- <test command>
# Inside `run`, CMD sees LOCALSTACK_VENV (and the venv's bin/ first on PATH).
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
VENV=${LOCALSTACK_VENV:-$repo/.localstack-venv}
RUN_DIR="$VENV/run"
PID_FILE="$RUN_DIR/localstack.pid"
LOG_FILE="$RUN_DIR/localstack.log"
VOLUME_FILE="$RUN_DIR/volume-dir"
HOST=127.0.0.1
PORT=4566
ENDPOINT="http://$HOST:$PORT"
SERVICES=s3,sqs,sns,iam,sts,apigateway,cloudformation,lambda,logs
START_TIMEOUT=${LOCALSTACK_START_TIMEOUT:-120}

# 4.13.0 is the last release that runs on Python 3.11. Its dependencies are
# resolved as of a fixed date: newer cbor2 and pyOpenSSL releases break it.
LOCALSTACK_PIN="localstack-core[runtime]==4.13.0"
EXCLUDE_NEWER=2026-04-01
PIP_FALLBACK_PINS=("cbor2==5.9.0" "pyOpenSSL==26.0.0" "cryptography==46.0.6")
TEST_DEPS=(boto3 requests pytest)

PYTHON=${PYTHON:-$(command -v python3.11 || command -v python3)}
py="$VENV/bin/python"

log() { echo "localstack.sh: $*" >&2; }

running_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid=$(cat "$PID_FILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

cmd_install() {
  local t0=$SECONDS
  log "python: $PYTHON ($("$PYTHON" --version 2>&1)); venv: $VENV"
  "$PYTHON" -m venv "$VENV"
  if "$py" -m pip install --quiet uv &&
    "$VENV/bin/uv" pip install --quiet --python "$py" --exclude-newer "$EXCLUDE_NEWER" \
      "$LOCALSTACK_PIN" "${TEST_DEPS[@]}"; then
    log "installed with $("$VENV/bin/uv" --version) (--exclude-newer $EXCLUDE_NEWER)"
  else
    log "uv failed; falling back to pip with explicit pins"
    "$py" -m pip install --quiet "$LOCALSTACK_PIN" "${PIP_FALLBACK_PINS[@]}" "${TEST_DEPS[@]}"
  fi
  "$py" -c 'import localstack.runtime.main, boto3, requests, pytest
from importlib.metadata import version as v
print("localstack-core", v("localstack-core"), "| boto3", v("boto3"), "| pytest", v("pytest"))'
  log "install took $((SECONDS - t0))s"
}

# Exit 0 when /_localstack/health answers and every service we need is
# "available" (lazily loaded) or "running".
healthy() {
  "$py" - "$ENDPOINT/_localstack/health" "$SERVICES" <<'EOF' 2>/dev/null
import json, sys, urllib.request
url, wanted = sys.argv[1], sys.argv[2].split(",")
with urllib.request.urlopen(url, timeout=2) as r:
    services = json.load(r).get("services", {})
bad = [s for s in wanted if services.get(s) not in ("available", "running")]
sys.exit(1 if bad else 0)
EOF
}

cmd_start() {
  local pid t0=$SECONDS volume
  [ -x "$py" ] || {
    log "no venv at $VENV: run '$0 install' first"
    return 1
  }
  if pid=$(running_pid); then
    log "already running (pid $pid)"
    return 0
  fi
  if "$py" -c "import socket,sys; s=socket.socket(); sys.exit(s.connect_ex(('$HOST',$PORT))!=0)"; then
    log "$HOST:$PORT is already taken by another process"
    return 1
  fi
  mkdir -p "$RUN_DIR"
  volume=$(mktemp -d "${TMPDIR:-/tmp}/localstack-volume.XXXXXX")
  echo "$volume" >"$VOLUME_FILE"
  # setsid: LocalStack leads its own process group, so stop can end it whole.
  # S3_SKIP_SIGNATURE_VALIDATION=0: S3 checks SigV4 signatures and presigned-URL expiry
  # (LocalStack skips both by default), so tampered or expired URLs are refused.
  GATEWAY_LISTEN="$HOST:$PORT" GATEWAY_SERVER=hypercorn DNS_ADDRESS=0 \
    DISABLE_EVENTS=1 SKIP_SSL_CERT_DOWNLOAD=1 PERSISTENCE=0 S3_SKIP_SIGNATURE_VALIDATION=0 \
    SERVICES="$SERVICES" LOCALSTACK_VOLUME_DIR="$volume" \
    setsid "$py" -m localstack.runtime.main </dev/null >"$LOG_FILE" 2>&1 &
  pid=$!
  echo "$pid" >"$PID_FILE"
  log "started pid $pid, log $LOG_FILE"
  until healthy; do
    if ! kill -0 "$pid" 2>/dev/null; then
      log "LocalStack exited during start-up; log tail:"
      tail -n 40 "$LOG_FILE" >&2
      cmd_stop
      return 1
    fi
    if [ $((SECONDS - t0)) -ge "$START_TIMEOUT" ]; then
      log "not healthy after ${START_TIMEOUT}s; log tail:"
      tail -n 40 "$LOG_FILE" >&2
      cmd_stop
      return 1
    fi
    sleep 0.5
  done
  log "healthy at $ENDPOINT after $((SECONDS - t0))s"
}

cmd_stop() {
  local pid i
  if [ -f "$PID_FILE" ]; then
    pid=$(cat "$PID_FILE")
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      log "stopping pid $pid"
      kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
      for i in $(seq 1 40); do
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.25
      done
      if kill -0 -- "-$pid" 2>/dev/null; then
        log "still alive after 10s: SIGKILL"
        kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true
      fi
    fi
    rm -f "$PID_FILE"
  fi
  if [ -f "$VOLUME_FILE" ]; then
    rm -rf "$(cat "$VOLUME_FILE")"
    rm -f "$VOLUME_FILE"
  fi
}

cmd_status() {
  local pid rss
  if pid=$(running_pid); then
    # RSS of the whole process group, in MB
    rss=$(ps -o rss= -g "$pid" | awk '{s+=$1} END {printf "%d", s/1024}')
    echo "running: pid $pid, RSS ${rss} MB, $ENDPOINT"
  else
    echo "not running"
    return 1
  fi
}

cmd_run() {
  [ "${1:-}" = "--" ] && shift
  [ $# -gt 0 ] || {
    log "usage: $0 run -- CMD..."
    return 2
  }
  local rc=0 child
  trap cmd_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  cmd_start
  export LOCALSTACK_VENV="$VENV" PATH="$VENV/bin:$PATH"
  # CMD runs in the background so a signal reaches our traps at once (bash
  # defers traps while a foreground command runs); the signal is passed on.
  "$@" <&0 &
  child=$!
  trap 'kill -TERM "$child" 2>/dev/null; exit 130' INT
  trap 'kill -TERM "$child" 2>/dev/null; exit 143' TERM
  wait "$child" || rc=$?
  cmd_status || true
  return "$rc"
}

case "${1:-}" in
install) cmd_install ;;
start) cmd_start ;;
stop) cmd_stop ;;
status) cmd_status ;;
run)
  shift
  cmd_run "$@"
  ;;
*)
  echo "usage: $0 {install|start|stop|status|run -- CMD...}" >&2
  exit 2
  ;;
esac
