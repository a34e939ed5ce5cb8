#!/usr/bin/env python3
"""Vendor a pruned Terraform provider schema into `schemas/terraform/`.

`gatewright validate` checks Terraform JSON against it when no `--terraform-schema` is given.
It holds only the resource and data source types gatewright emits (TYPES below), taken from
the full schema beside the project (`../shared/schemas/terraform-providers-6.47.0-full.json`,
the layout of `terraform providers schema -json`), with `description` prose dropped; types,
flags, nesting modes and item counts are kept as they are. `schemas/terraform/SOURCES.md`
records the source file, its provider versions and its sha256.

Usage: vendor-terraform-schema.py [--source FILE] [--check]
  --check: exit 1 if the vendored files are out of date (or the source is missing).

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT.parent / "shared" / "schemas" / "terraform-providers-6.47.0-full.json"
OUT = ROOT / "schemas" / "terraform"
SCHEMA_OUT = OUT / "providers.json"
SOURCES_OUT = OUT / "SOURCES.md"

# Provider versions of the source file (its notice, TERRAFORM-SOURCE.md, names them).
VERSIONS = {
    "registry.terraform.io/hashicorp/aws": "6.47.0",
    "registry.terraform.io/hashicorp/archive": "2.8.0",
}

# Resource types gatewright emits now or soon. Keep sorted.
RESOURCES = sorted(
    [
        "aws_api_gateway_account",
        "aws_api_gateway_api_key",
        "aws_api_gateway_authorizer",
        "aws_api_gateway_deployment",
        "aws_api_gateway_gateway_response",
        "aws_api_gateway_integration",
        "aws_api_gateway_integration_response",
        "aws_api_gateway_method",
        "aws_api_gateway_method_response",
        "aws_api_gateway_method_settings",
        "aws_api_gateway_model",
        "aws_api_gateway_request_validator",
        "aws_api_gateway_resource",
        "aws_api_gateway_rest_api",
        "aws_api_gateway_rest_api_policy",
        "aws_api_gateway_stage",
        "aws_api_gateway_usage_plan",
        "aws_api_gateway_usage_plan_key",
        "aws_cloudfront_distribution",
        "aws_cloudfront_function",
        "aws_cloudfront_key_value_store",
        "aws_cloudfront_origin_access_control",
        "aws_cloudwatch_event_bus",
        "aws_cloudwatch_event_rule",
        "aws_cloudwatch_event_target",
        "aws_cloudwatch_log_group",
        "aws_dynamodb_table",
        "aws_iam_policy",
        "aws_iam_role",
        "aws_iam_role_policy",
        "aws_iam_role_policy_attachment",
        "aws_kms_key",
        "aws_kinesis_firehose_delivery_stream",
        "aws_kinesis_stream",
        "aws_lambda_function",
        "aws_lambda_permission",
        "aws_s3_bucket",
        "aws_s3_bucket_lifecycle_configuration",
        "aws_s3_bucket_policy",
        "aws_s3_bucket_public_access_block",
        "aws_s3_bucket_server_side_encryption_configuration",
        "aws_s3_bucket_versioning",
        "aws_sfn_state_machine",
        "aws_sns_topic",
        "aws_sns_topic_policy",
        "aws_sns_topic_subscription",
        "aws_sqs_queue",
        "aws_sqs_queue_policy",
    ]
)

# Data source types gatewright emits. Keep sorted.
DATA_SOURCES = sorted(
    [
        "archive_file",
        "aws_caller_identity",
        "aws_partition",
        "aws_region",
        "aws_service",
    ]
)

DROPPED = ("description", "description_kind")


# Keys whose value maps names (of attributes, nested blocks, types) to schemas: a name such
# as `description` there is an argument, never prose.
NAME_MAPS = ("attributes", "block_types", "resource_schemas", "data_source_schemas")


def strip(node, dropped: dict[str, int], names: bool = False):
    """`node` without prose keys, at any depth; `names` when its keys are names."""
    if isinstance(node, dict):
        out = {}
        for k, v in node.items():
            if not names and k in DROPPED and isinstance(v, str):
                dropped[k] = dropped.get(k, 0) + 1
                continue
            out[k] = strip(v, dropped, names=not names and k in NAME_MAPS)
        return out
    if isinstance(node, list):
        return [strip(v, dropped) for v in node]
    return node


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--source", type=Path, default=SOURCE)
    parser.add_argument("--check", action="store_true")
    args = parser.parse_args()

    raw = args.source.read_bytes()
    full = json.loads(raw)
    dropped: dict[str, int] = {}
    providers = {}
    counts = []
    for name, provider in sorted(full["provider_schemas"].items()):
        if name not in VERSIONS:
            continue
        kept = {}
        for section, wanted in (
            ("resource_schemas", RESOURCES),
            ("data_source_schemas", DATA_SOURCES),
        ):
            have = provider.get(section, {})
            picked = {t: strip(have[t], dropped) for t in wanted if t in have}
            kept[section] = picked
            counts.append((name, section, len(picked), len(have)))
        providers[name] = kept
    found = {t for p in providers.values() for s in p.values() for t in s}
    missing = sorted(set(RESOURCES + DATA_SOURCES) - found)
    if missing:
        sys.exit(f"vendor-terraform-schema: not in {args.source.name}: {', '.join(missing)}")

    schema = {"format_version": full.get("format_version", "1.0"), "provider_schemas": providers}
    text = json.dumps(schema, indent=1, sort_keys=True, ensure_ascii=False) + "\n"
    digest = hashlib.sha256(raw).hexdigest()
    lines = [
        "# Source of the vendored Terraform provider schema",
        "",
        "Generated by `scripts/vendor-terraform-schema.py`; do not edit by hand.",
        "`providers.json` is what `gatewright validate` checks Terraform JSON against when no",
        "`--terraform-schema` is given: the resource and data source types gatewright emits,",
        "taken unchanged but for the dropped prose keys (`description`, `description_kind`).",
        "Types outside it are reported as not checked.",
        "",
        f"- Source file: `{args.source.name}` (the layout of `terraform providers schema -json`)",
        f"- sha256: `{digest}`",
        "- Providers: "
        + ", ".join(f"`{n}` {v}" for n, v in sorted(VERSIONS.items())),
        "- License: the schema content comes from hashicorp/terraform-provider-aws and",
        "  hashicorp/terraform-provider-archive, both MPL-2.0; see the source's",
        "  `TERRAFORM-SOURCE.md` for how it was extracted.",
        "",
        "| provider | section | kept | of |",
        "|---|---|---|---|",
    ]
    for name, section, kept, of in counts:
        lines.append(f"| `{name}` | `{section}` | {kept} | {of} |")
    lines += [
        "",
        "Dropped keys: " + ", ".join(f"`{k}` {n}" for k, n in sorted(dropped.items())),
        "",
    ]
    files = {SCHEMA_OUT: text, SOURCES_OUT: "\n".join(lines)}
    changed = [p for p, t in files.items() if not p.exists() or p.read_text() != t]
    if args.check:
        for p in changed:
            print(f"out of date: {p.relative_to(ROOT)}")
        return 1 if changed else 0
    OUT.mkdir(parents=True, exist_ok=True)
    for p in changed:
        p.write_text(files[p])
    print(
        f"vendored {len(found)} types into {SCHEMA_OUT.relative_to(ROOT)} "
        f"({len(text.encode()):,} bytes; {len(changed)} file(s) changed)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
