#!/usr/bin/env bash
# Terraform as a judge of the generated Terraform: for every out/*/main.tf.json, copies it
# into a scratch folder, runs `terraform init -backend=false` offline from a filesystem
# mirror of providers and `terraform validate -json`, and fails on any error or warning.
#
#   scripts/terraform-judge.sh            judge every out/*/main.tf.json
#   scripts/terraform-judge.sh NAME...    judge only out/NAME/main.tf.json
#
# GATEWRIGHT_OUT_DIR names another folder laid out as out/ (the generated blueprints' sample).
#
# Environment:
#   TF_MIRROR   provider mirror in filesystem_mirror layout (default /opt/tf-plugins)
#   TERRAFORM   the terraform binary (default: terraform on PATH)
#   CI=true     a missing terraform or mirror is a failure, not a skip
#
# A blueprint whose configuration needs a provider the mirror lacks (for example
# hashicorp/archive) is reported as skipped by name; it is not a failure.
# The CLI configuration is a file this script writes (TF_CLI_CONFIG_FILE), never ~/.terraformrc.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
out=${GATEWRIGHT_OUT_DIR:-$repo/out}
MIRROR=${TF_MIRROR:-/opt/tf-plugins}
TERRAFORM=${TERRAFORM:-terraform}

log() { echo "terraform-judge: $*" >&2; }

# Missing tools: a clear message; a failure under CI, a skip elsewhere.
missing() {
  if [ "${CI:-}" = true ]; then
    log "FAILED: $* (CI=true requires terraform and the provider mirror)"
    exit 1
  fi
  log "SKIPPED: $* (set CI=true to make this a failure)"
  exit 0
}

command -v "$TERRAFORM" >/dev/null 2>&1 || missing "terraform not found on PATH"
command -v jq >/dev/null 2>&1 || missing "jq not found on PATH"
[ -d "$MIRROR/registry.terraform.io" ] ||
  missing "no provider mirror at $MIRROR (expected $MIRROR/registry.terraform.io/...)"

scratch=$(mktemp -d "${TMPDIR:-/tmp}/terraform-judge.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$scratch/plugin-cache"
cat >"$scratch/cli.tfrc" <<EOF
provider_installation {
  filesystem_mirror {
    path = "$MIRROR"
  }
}
plugin_cache_dir = "$scratch/plugin-cache"
EOF
export TF_CLI_CONFIG_FILE="$scratch/cli.tfrc"
export TF_IN_AUTOMATION=1 TF_INPUT=0 CHECKPOINT_DISABLE=1
unset TF_PLUGIN_CACHE_DIR TF_DATA_DIR
log "$("$TERRAFORM" version | head -n 1); mirror $MIRROR"

# The providers (as registry host/namespace/type) the configuration requires that the
# mirror does not hold, one a line.
lacking_providers() {
  local source host
  jq -r '.terraform.required_providers // {} | to_entries[] | .value.source // ("hashicorp/" + .key)' "$1" |
    while read -r source; do
      case "$source" in
      */*/*) host=$source ;;
      *) host="registry.terraform.io/$source" ;;
      esac
      [ -d "$MIRROR/$host" ] || echo "$host"
    done
}

if [ $# -gt 0 ]; then
  names=("$@")
else
  names=()
  for f in "$out"/*/main.tf.json; do
    [ -e "$f" ] || continue
    names+=("$(basename "$(dirname "$f")")")
  done
fi
[ ${#names[@]} -gt 0 ] || {
  log "FAILED: no out/*/main.tf.json to judge"
  exit 1
}

passed=() skipped=() failed=()
for name in "${names[@]}"; do
  src="$out/$name/main.tf.json"
  if [ ! -f "$src" ]; then
    log "$name: FAILED, no $src"
    failed+=("$name")
    continue
  fi
  lacking=$(lacking_providers "$src" | paste -sd, -)
  if [ -n "$lacking" ]; then
    log "$name: skipped, the mirror lacks $lacking"
    skipped+=("$name")
    continue
  fi
  t0=$SECONDS
  dir="$scratch/$name"
  mkdir -p "$dir"
  cp "$src" "$dir/main.tf.json"
  if ! (cd "$dir" && "$TERRAFORM" init -backend=false -no-color >init.log 2>&1); then
    log "$name: FAILED, terraform init:"
    sed 's/^/    /' "$dir/init.log" >&2
    failed+=("$name")
    continue
  fi
  # validate exits non-zero on errors, but its JSON is what we judge.
  (cd "$dir" && "$TERRAFORM" validate -json -no-color >validate.json 2>validate.err) || true
  if ! jq -e 'has("valid")' "$dir/validate.json" >/dev/null 2>&1; then
    log "$name: FAILED, terraform validate gave no verdict:"
    sed 's/^/    /' "$dir/validate.err" >&2
    failed+=("$name")
    continue
  fi
  verdict=$(jq -r '"\(.valid) \(.error_count) \(.warning_count)"' "$dir/validate.json")
  read -r valid errors warnings <<<"$verdict"
  if [ "$valid" = true ] && [ "$errors" = 0 ] && [ "$warnings" = 0 ]; then
    log "$name: valid ($((SECONDS - t0))s)"
    passed+=("$name")
  else
    log "$name: FAILED, $errors error(s), $warnings warning(s):"
    jq -r '.diagnostics[] | "    \(.severity): \(.summary)" +
      (if .range then " (\(.range.filename):\(.range.start.line):\(.range.start.column))" else "" end) +
      (if (.detail // "") != "" then "\n      \(.detail | gsub("\n"; "\n      "))" else "" end)' \
      "$dir/validate.json" >&2
    failed+=("$name")
  fi
done

log "${#passed[@]} valid, ${#skipped[@]} skipped${skipped:+ (${skipped[*]})}, ${#failed[@]} failed${failed:+ (${failed[*]})}"
[ ${#failed[@]} -eq 0 ]
