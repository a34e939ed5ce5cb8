#!/usr/bin/env bash
# The judged form of the generated-blueprint test (issue 16): writes the outputs of a sample
# of generated valid blueprints to a scratch folder, then has the external judges read them:
# cfn-lint and openapi-spec-validator (OpenAPI 3.0 and Swagger 2.0) through tests/judges.rs,
# terraform init + validate through scripts/terraform-judge.sh, and checkov through
# tests/checkov.rs (every finding explained in the output). Synth itself checks each
# against our own checks and the Terraform provider schema (when beside the project).
#
#   scripts/judge-generated.sh            a sample of 30 (GATEWRIGHT_GENERATED_SAMPLE)
#
# Needs what those two need (GATEWRIGHT_REQUIRE_EXTERNAL=1 and CI=true make a missing judge a
# failure). Exits non-zero on any refusal or finding.
set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$repo"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/gatewright-generated.XXXXXX")
trap 'rm -rf "$scratch"' EXIT

export GATEWRIGHT_GENERATED_SAMPLE=${GATEWRIGHT_GENERATED_SAMPLE:-30}
GATEWRIGHT_GENERATED_OUT="$scratch" \
  cargo test --test generated_blueprints every_generated_blueprint -- --nocapture
n=$(find "$scratch" -mindepth 1 -maxdepth 1 -type d | wc -l)
echo "judge-generated: $n sample folder(s) in $scratch"
[ "$n" -gt 0 ] || {
  echo "judge-generated: FAILED, no sample written" >&2
  exit 1
}
GATEWRIGHT_OUT_DIR="$scratch" cargo test --test judges
GATEWRIGHT_OUT_DIR="$scratch" cargo test --test checkov
GATEWRIGHT_OUT_DIR="$scratch" scripts/terraform-judge.sh
