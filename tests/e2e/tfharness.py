"""Apply generated Terraform to LocalStack, and destroy it afterwards.

The generated `out/<name>/main.tf.json` is copied, unchanged, into a scratch folder beside a
`provider.tf.json` that points the aws provider at LocalStack; a test may add override files
(`*_override.tf.json`) for LocalStack gaps. Providers come from a filesystem mirror
(TF_MIRROR, default /opt/tf-plugins) through a CLI configuration this module writes
(TF_CLI_CONFIG_FILE), never from a registry and never from ~/.terraformrc.

    from tfharness import applied

    @pytest.fixture(scope="module")
    def api():
        require_localstack()
        with applied("sqs-send", "sqs") as d:
            yield d.outputs["api_id"]

Without terraform or the mirror the tests skip, unless CI=true or
GATEWRIGHT_REQUIRE_EXTERNAL=1, when they fail.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import pytest

from harness import ENDPOINT, REGION, REPO, REQUIRE_ENV, timed

MIRROR = Path(os.environ.get("TF_MIRROR", "/opt/tf-plugins"))
# The services the generated configurations create or read through the aws provider.
SERVICES = ("apigateway", "dynamodb", "events", "firehose", "iam", "kinesis", "logs", "s3", "sfn", "sns", "sqs", "sts")
# A terraform command that takes longer than this is a failure, not a hang.
COMMAND_TIMEOUT = 600

_cli_config: Path | None = None


def terraform_status() -> str | None:
    """None when terraform and the provider mirror are present, else what is missing."""
    if shutil.which("terraform") is None:
        return "terraform is not installed (not found on PATH)"
    if not (MIRROR / "registry.terraform.io").is_dir():
        return f"no terraform provider mirror at {MIRROR} (set TF_MIRROR)"
    return None


def require_terraform() -> None:
    """Skip the calling test without terraform or its mirror; fail instead under CI."""
    why = terraform_status()
    if why is None:
        return
    if os.environ.get("CI") == "true" or os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{why}; CI=true or {REQUIRE_ENV}=1 requires it", pytrace=False)
    pytest.skip(f"{why}: terraform end-to-end test skipped")


def cli_config() -> Path:
    """The CLI configuration (mirror only, one shared plugin cache), written once per run."""
    global _cli_config
    if _cli_config is None:
        root = Path(tempfile.mkdtemp(prefix="gw-e2e-terraform-"))
        # the CLI configuration and plugin cache live as long as the test run
        atexit.register(shutil.rmtree, root, ignore_errors=True)
        (root / "plugin-cache").mkdir()
        config = root / "cli.tfrc"
        config.write_text(
            f'provider_installation {{\n  filesystem_mirror {{\n    path = "{MIRROR}"\n  }}\n}}\n'
            f'plugin_cache_dir = "{root / "plugin-cache"}"\n'
        )
        _cli_config = config
    return _cli_config


def provider_config() -> dict[str, Any]:
    """The aws provider, pointed at LocalStack with dummy credentials."""
    return {
        "provider": {
            "aws": {
                "region": REGION,
                "access_key": "test",
                "secret_key": "test",
                "skip_credentials_validation": True,
                "skip_metadata_api_check": True,
                "skip_requesting_account_id": True,
                "skip_region_validation": True,
                "s3_use_path_style": True,
                "endpoints": [{s: ENDPOINT for s in SERVICES}],
            }
        }
    }


def terraform(folder: Path, *args: str) -> str:
    """Runs `terraform ARGS` in `folder`; its stdout, or AssertionError with its output."""
    env = {
        **os.environ,
        "TF_CLI_CONFIG_FILE": str(cli_config()),
        "TF_IN_AUTOMATION": "1",
        "TF_INPUT": "0",
        "CHECKPOINT_DISABLE": "1",
    }
    env.pop("TF_PLUGIN_CACHE_DIR", None)
    env.pop("TF_DATA_DIR", None)
    r = subprocess.run(
        ["terraform", *args, "-no-color"],
        cwd=folder,
        env=env,
        capture_output=True,
        text=True,
        timeout=COMMAND_TIMEOUT,
    )
    if r.returncode != 0:
        raise AssertionError(
            f"terraform {' '.join(args)} failed (exit {r.returncode}) in {folder}:\n"
            f"{r.stdout[-4000:]}\n{r.stderr[-4000:]}"
        )
    return r.stdout


@dataclass
class Deployment:
    """An applied configuration: its outputs and the attributes of each resource by address."""

    outputs: dict[str, Any]
    resources: dict[str, dict[str, Any]]


def _state(folder: Path) -> Deployment:
    shown = json.loads(terraform(folder, "show", "-json"))
    values = shown.get("values", {})
    outputs = {k: v["value"] for k, v in values.get("outputs", {}).items()}
    resources = {r["address"]: r["values"] for r in values.get("root_module", {}).get("resources", [])}
    return Deployment(outputs, resources)


@contextlib.contextmanager
def applied(
    blueprint: str,
    prefix: str,
    overrides: dict[str, dict[str, Any]] | None = None,
    forget: tuple[str, ...] = (),
) -> Iterator[Deployment]:
    """`terraform apply` out/<blueprint>/main.tf.json against LocalStack, yield the
    deployment, then `terraform destroy` it (a failed destroy fails the test run).
    `overrides` maps override file names (ending in `_override.tf.json`) to their content.
    `forget` lists addresses dropped from the state before the destroy: resources that go
    with another one and whose own delete LocalStack refuses."""
    require_terraform()
    source = REPO / "out" / blueprint / "main.tf.json"
    folder = Path(tempfile.mkdtemp(prefix=f"gw-e2e-tf-{prefix}-"))
    shutil.copyfile(source, folder / "main.tf.json")
    (folder / "provider.tf.json").write_text(json.dumps(provider_config(), indent=2))
    for name, body in (overrides or {}).items():
        assert name.endswith("_override.tf.json"), name
        (folder / name).write_text(json.dumps(body, indent=2))
    with timed(f"terraform init {prefix}"):
        terraform(folder, "init")
    try:
        with timed(f"terraform apply {prefix}"):
            terraform(folder, "apply", "-auto-approve")
        yield _state(folder)
    finally:
        if forget:
            terraform(folder, "state", "rm", *forget)
        with timed(f"terraform destroy {prefix}"):
            terraform(folder, "destroy", "-auto-approve")
        left = _state(folder).resources
        assert not left, f"terraform destroy left {sorted(left)}"
        shutil.rmtree(folder, ignore_errors=True)
