#!/usr/bin/env python3
"""Vendor the official schemas gatewright validates against into `schemas/`.

Takes them from the pinned pip packages installed in the project's virtualenv (`.ci/run`
creates it; run this script with `.venv/bin/python scripts/vendor-schemas.py`):

* cfn-lint: the CloudFormation resource provider schemas of the resource types gatewright
  emits (us-east-1 set, which is the widest), written to `schemas/cloudformation/`;
* openapi-spec-validator: the OpenAPI 2.0 and 3.0 JSON schemas, written to `schemas/openapi/`;
* cfn-lint: the names of every resource type of its us-east-1 set, one a line, written to
  `schemas/cloudformation-types.txt` (validate tells a misspelt type from a real one it has no
  schema for).

Each schema is reduced to what validation needs: the keywords that constrain an instance are
kept, prose (`description`, `title`, `$comment`, `examples`, documentation URLs) and provider
metadata (handlers, permissions, tagging, identifiers, ...) are dropped. Output is deterministic:
sorted keys, two-space indent, trailing newline. `schemas/SOURCES.md` records where each file
came from.

Usage: vendor-schemas.py [--check]   (--check: exit 1 if a vendored file is out of date)

Python 3.11, standard library only.
"""

from __future__ import annotations

import argparse
import collections
import hashlib
import importlib.metadata
import importlib.util
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "schemas"
CFN_OUT = OUT / "cloudformation"
OAS_OUT = OUT / "openapi"

# Resource types gatewright emits now or soon. Keep sorted.
CFN_TYPES = sorted(
    [
        "AWS::ApiGateway::Account",
        "AWS::ApiGateway::ApiKey",
        "AWS::ApiGateway::Authorizer",
        "AWS::ApiGateway::Deployment",
        "AWS::ApiGateway::GatewayResponse",
        "AWS::ApiGateway::Method",
        "AWS::ApiGateway::Model",
        "AWS::ApiGateway::RequestValidator",
        "AWS::ApiGateway::Resource",
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::Stage",
        "AWS::ApiGateway::UsagePlan",
        "AWS::ApiGateway::UsagePlanKey",
        "AWS::CloudFront::Distribution",
        "AWS::CloudFront::Function",
        "AWS::CloudFront::KeyValueStore",
        "AWS::CloudFront::OriginAccessControl",
        "AWS::DynamoDB::Table",
        "AWS::Events::EventBus",
        "AWS::Events::Rule",
        "AWS::IAM::ManagedPolicy",
        "AWS::IAM::Policy",
        "AWS::IAM::Role",
        "AWS::KMS::Key",
        "AWS::Kinesis::Stream",
        "AWS::KinesisFirehose::DeliveryStream",
        "AWS::Lambda::Function",
        "AWS::Lambda::Permission",
        "AWS::Logs::LogGroup",
        "AWS::S3::Bucket",
        "AWS::S3::BucketPolicy",
        "AWS::SNS::Subscription",
        "AWS::SNS::Topic",
        "AWS::SNS::TopicPolicy",
        "AWS::SQS::Queue",
        "AWS::SQS::QueuePolicy",
        "AWS::StepFunctions::StateMachine",
    ]
)

CFN_REGION = "us-east-1"

# (output name, version directory inside openapi_spec_validator/resources/schemas)
OAS_SCHEMAS = [
    ("oas-2.0.schema.json", "v2.0"),
    ("oas-3.0.schema.json", "v3.0"),
]

# Keywords whose value is a map of name -> subschema.
SCHEMA_MAPS = {"properties", "patternProperties", "definitions", "$defs"}
# Keywords whose value is one subschema.
SCHEMA_ONE = {
    "additionalProperties",
    "additionalItems",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
}
# Keywords whose value is a list of subschemas.
SCHEMA_LIST = {"allOf", "anyOf", "oneOf"}
# Keywords kept with their value as is: they constrain an instance (or locate a subschema).
KEEP_AS_IS = {
    "$ref",
    "type",
    "enum",
    "const",
    "required",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minProperties",
    "maxProperties",
    # cfn-lint extensions that constrain (gatewright implements them as custom keywords)
    "dependentRequired",
    "dependentExcluded",
    "requiredXor",
}
# Kept at the root of a CloudFormation provider schema only.
CFN_ROOT_KEEP = {"typeName", "readOnlyProperties"}
# Kept at the root of an OpenAPI schema only (`id` is the draft-04 base URI).
OAS_ROOT_KEEP = {"id", "$schema"}


class Stripper:
    """Walks a schema and keeps only the keywords that constrain instances."""

    def __init__(self) -> None:
        self.dropped: collections.Counter[str] = collections.Counter()
        self.rewritten = 0

    def regex(self, pattern: str) -> str:
        """Python's end-of-string anchor `\\Z` (cfn-lint validates with Python `re`) is no
        ECMA-262 regex; `$` means the same there and in Rust's `regex`."""
        if pattern.endswith("\\Z") and not pattern.endswith("\\\\Z"):
            self.rewritten += 1
            return pattern[:-2] + "$"
        return pattern

    def schema(self, node, root_keep: set[str] = frozenset()):
        if isinstance(node, bool):
            return node
        if not isinstance(node, dict):
            raise ValueError(f"not a schema: {node!r:.80}")
        out = {}
        for key, value in node.items():
            if key == "patternProperties":
                out[key] = {self.regex(name): self.schema(sub) for name, sub in value.items()}
            elif key in SCHEMA_MAPS:
                out[key] = {name: self.schema(sub) for name, sub in value.items()}
            elif key == "pattern" and isinstance(value, str):
                out[key] = self.regex(value)
            elif key in SCHEMA_ONE:
                out[key] = self.schema(value)
            elif key in SCHEMA_LIST:
                out[key] = [self.schema(sub) for sub in value]
            elif key == "items":
                if isinstance(value, list):
                    out[key] = [self.schema(sub) for sub in value]
                else:
                    out[key] = self.schema(value)
            elif key == "dependencies":
                out[key] = {
                    name: (sub if isinstance(sub, list) else self.schema(sub))
                    for name, sub in value.items()
                }
            elif key in KEEP_AS_IS or key in root_keep:
                out[key] = value
            else:
                self.dropped[key] += 1
        return out


def package_dir(module: str) -> Path:
    spec = importlib.util.find_spec(module)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(
            f"vendor-schemas: Python package `{module}` is not installed; run this script "
            "with the project's virtualenv (.venv/bin/python), which .ci/run creates"
        )
    return Path(next(iter(spec.submodule_search_locations)))


def dist_version(dist: str) -> str:
    return importlib.metadata.version(dist)


def dist_license(dist: str) -> str:
    meta = importlib.metadata.metadata(dist)
    return meta.get("License-Expression") or meta.get("License") or "unknown"


def dump(value) -> str:
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def file_name(type_name: str) -> str:
    return type_name.lower().replace("::", "-") + ".json"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if a vendored file is out of date"
    )
    args = parser.parse_args()

    cfnlint_dir = package_dir("cfnlint")
    osv_dir = package_dir("openapi_spec_validator")
    site = cfnlint_dir.parent
    cfn_version = dist_version("cfn-lint")
    osv_version = dist_version("openapi-spec-validator")
    schemas_dir = cfnlint_dir / "data" / "schemas"
    schema_date = json.loads((schemas_dir / "version.json").read_text()).get(
        "schema_date", "unknown"
    )

    stripper = Stripper()
    files: dict[Path, str] = {}
    rows: list[tuple[str, str, str, str, str]] = []

    providers = json.loads((schemas_dir / "providers" / f"{CFN_REGION}.json").read_text())
    for type_name in CFN_TYPES:
        digest = providers.get(type_name)
        if digest is None:
            sys.exit(f"vendor-schemas: {type_name} is not in cfn-lint's {CFN_REGION} set")
        src = schemas_dir / "resources" / f"{digest}.json"
        raw = src.read_bytes()
        schema = json.loads(raw)
        if schema.get("typeName") != type_name:
            sys.exit(f"vendor-schemas: {src} holds {schema.get('typeName')}, not {type_name}")
        stripped = stripper.schema(schema, CFN_ROOT_KEEP)
        out = CFN_OUT / file_name(type_name)
        files[out] = dump(stripped)
        rows.append(
            (
                out.relative_to(OUT).as_posix(),
                f"cfn-lint {cfn_version}",
                src.relative_to(site).as_posix(),
                hashlib.sha256(raw).hexdigest()[:16],
                type_name,
            )
        )

    types_src = schemas_dir / "providers" / f"{CFN_REGION}.json"
    types_out = OUT / "cloudformation-types.txt"
    files[types_out] = "".join(f"{t}\n" for t in sorted(providers))
    rows.append(
        (
            types_out.relative_to(OUT).as_posix(),
            f"cfn-lint {cfn_version}",
            types_src.relative_to(site).as_posix(),
            hashlib.sha256(types_src.read_bytes()).hexdigest()[:16],
            f"names of the {len(providers)} resource types (keys only)",
        )
    )

    for name, version_dir in OAS_SCHEMAS:
        src = osv_dir / "resources" / "schemas" / version_dir / "schema.json"
        raw = src.read_bytes()
        stripped = stripper.schema(json.loads(raw), OAS_ROOT_KEEP)
        out = OAS_OUT / name
        files[out] = dump(stripped)
        rows.append(
            (
                out.relative_to(OUT).as_posix(),
                f"openapi-spec-validator {osv_version}",
                src.relative_to(site).as_posix(),
                hashlib.sha256(raw).hexdigest()[:16],
                f"OpenAPI {version_dir.lstrip('v')} (draft-04)",
            )
        )

    files[OUT / "SOURCES.md"] = sources_md(
        rows, cfn_version, osv_version, schema_date, dist_license, stripper
    )

    stale = [
        path
        for folder in (CFN_OUT, OAS_OUT)
        if folder.is_dir()
        for path in sorted(folder.glob("*.json"))
        if path not in files
    ]
    changed = [
        path for path, text in files.items() if not path.exists() or path.read_text() != text
    ]

    if args.check:
        for path in changed + stale:
            print(f"out of date: {path.relative_to(ROOT)}")
        return 1 if changed or stale else 0

    for path in stale:
        path.unlink()
        print(f"removed {path.relative_to(ROOT)}")
    for path, text in sorted(files.items()):
        path.parent.mkdir(parents=True, exist_ok=True)
        if path in changed:
            path.write_text(text)
    total = sum(len(text.encode()) for path, text in files.items() if path.suffix == ".json")
    print(
        f"vendored {len(files) - 1} schemas into {OUT.relative_to(ROOT)}/ "
        f"({total:,} bytes; {len(changed)} changed)"
    )
    print("dropped keywords: " + ", ".join(f"{k} x{n}" for k, n in stripper.dropped.most_common()))
    return 0


def sources_md(rows, cfn_version, osv_version, schema_date, license_of, stripper) -> str:
    dropped = stripper.dropped
    lines = [
        "# Sources of the vendored schemas",
        "",
        "Generated by `scripts/vendor-schemas.py` (run it with the project's `.venv`, which",
        "`.ci/run` creates); do not edit the vendored files by hand. Each file keeps only the",
        "keywords that constrain an instance; prose (`description`, `title`, `$comment`,",
        "`examples`, `default`, documentation URLs) and provider metadata (`handlers`,",
        "`tagging`, `primaryIdentifier`, `createOnlyProperties`, `insertionOrder`, ...) are",
        "dropped. CloudFormation files keep `typeName` and `readOnlyProperties`; they are",
        "draft-07 schemas with cfn-lint's extra keywords `dependentExcluded`, `requiredXor`",
        "and `dependentRequired`. The OpenAPI files are draft-04. One change of content:",
        "a pattern ending in Python's end-of-string anchor `\\Z` (cfn-lint matches with",
        "Python's `re`) ends in `$` instead, which ECMA-262 and Rust's `regex` read the same",
        f"way ({stripper.rewritten} patterns).",
        "",
        "`sha256` is the first 16 hex digits of the source file as installed.",
        "",
        "| File | Package | Path in the installed package | sha256 | Schema of |",
        "|---|---|---|---|---|",
    ]
    for file, package, path, digest, what in rows:
        lines.append(f"| `{file}` | {package} | `{path}` | `{digest}` | {what} |")
    lines += [
        "",
        "`schemas/x-amazon-apigateway.schema.json` is gatewright's own (draft-07), written from",
        "the API Gateway Developer Guide pages on the OpenAPI extensions; it is not generated.",
        "",
        "## Licenses",
        "",
        f"- **cfn-lint {cfn_version}**: package license `{license_of('cfn-lint')}` (MIT No",
        "  Attribution, `LICENSE` in its dist-info; its `NOTICE` reads \"cfn-flip, Copyright",
        "  Amazon.com, Inc. or its affiliates\"). The resource provider schemas it bundles",
        f"  (`cfnlint/data/schemas/`, schema date {schema_date}, {CFN_REGION} set) are the",
        "  AWS CloudFormation resource provider schemas published by AWS",
        "  (CloudFormation registry, `DescribeType` / the per-region schema downloads);",
        "  cfn-lint ships them as package data and states no separate terms for them.",
        "  Their author is AWS.",
        f"- **openapi-spec-validator {osv_version}**: package license",
        f"  `{license_of('openapi-spec-validator')}` (`NOTICE`: \"openapi-spec-validator,",
        "  Copyright 2017-2021 Artur Maciag\"). The OpenAPI 3.0 schema is the OpenAPI",
        "  Initiative's official one (`https://spec.openapis.org/oas/3.0/schema/2021-09-28`,",
        "  Apache-2.0); the Swagger 2.0 schema is the one published with the Swagger 2.0",
        "  specification (Apache-2.0).",
        "",
        "## Dropped keywords (all files, count)",
        "",
        ", ".join(f"`{k}` {n}" for k, n in sorted(dropped.items())),
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
