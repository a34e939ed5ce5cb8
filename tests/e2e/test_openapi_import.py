"""End-to-end: OpenAPI documents imported as gatewright writes them, with `env` set.

The documented flow for `aws apigateway import-rest-api`: the owned queues and topics (and
the execution role) exist, created here by deploying the generated CloudFormation stack;
the blueprint's `env` gives their real names, the account, region and role; synth then
writes openapi.json and swagger.json with no placeholder left (and says so by printing no
GW0216 warning). Each document is imported as it is, deployed, and called; the message must
arrive in the stack's queue.
"""

import os
import subprocess
from pathlib import Path

import pytest
import requests

from harness import (
    REPO,
    client,
    deployed_stack,
    invoke_url,
    load_template,
    physical_id,
    receive_messages,
    require_localstack,
    timed,
)

STAGE = "dev"
TIMEOUT = 60
TEXT = "imported: Grüße & co = 100% + more"
ACCOUNT = "000000000000"
REGION = "us-east-1"

# blueprint -> (owned name -> logical id of the resource in the generated template)
OWNED = {
    "sqs-send": {"jobs": "QueueJobs", "orders": "QueueOrders"},
    "sns-publish": {"alerts": "TopicAlerts", "alerts-inbox": "QueueAlertsInbox"},
    "generic-sqs": {"jobs": "QueueJobs"},
    "s3-upload": {"uploads": "BucketUploads"},
}


def gatewright() -> list[str]:
    """The gatewright command: $GATEWRIGHT_BIN, a built binary, or cargo run."""
    if os.environ.get("GATEWRIGHT_BIN"):
        return [os.environ["GATEWRIGHT_BIN"]]
    for profile in ("release", "debug"):
        b = REPO / "target" / profile / "gatewright"
        if b.exists():
            return [str(b)]
    return ["cargo", "run", "-q", "--"]


def real_name(physical: str) -> str:
    """A queue URL's or topic ARN's last segment: the resource's name."""
    return physical.rstrip("/").replace(":", "/").rsplit("/", 1)[-1]


@pytest.fixture(scope="module")
def stacks():
    """Each blueprint's CloudFormation stack, deployed once: (physical ids by owned name)."""
    require_localstack()
    deployed = {}
    contexts = []
    try:
        for stem, owned in OWNED.items():
            ctx = deployed_stack(load_template(f"out/{stem}/cloudformation.json"), f"imp-{stem}")
            name, outputs = ctx.__enter__()
            contexts.append(ctx)
            deployed[stem] = (outputs, {o: physical_id(name, lid) for o, lid in owned.items()})
        yield deployed
    finally:
        for ctx in reversed(contexts):
            ctx.__exit__(None, None, None)


def synth_with_env(stem: str, outputs: dict, physical: dict, tmp: Path) -> Path:
    """The bundled blueprint with an `env` naming the deployed resources, synthesized."""
    env = [
        "env:",
        f"  region: {REGION}",
        f'  account_id: "{ACCOUNT}"',
        f"  execution_role_arn: {outputs['ExecutionRoleArn']}",
        "  resources:",
    ] + [f"    {o}: {real_name(p)}" for o, p in physical.items()]
    text = (REPO / "blueprints" / f"{stem}.yaml").read_text(encoding="utf-8")
    bp = tmp / f"{stem}.yaml"
    bp.write_text(text.rstrip("\n") + "\n" + "\n".join(env) + "\n", encoding="utf-8")
    r = subprocess.run(
        gatewright() + ["synth", str(bp), "--out", str(tmp / "out")],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    assert "GW0216" not in r.stderr, r.stderr
    return tmp / "out" / stem


def imported(folder: Path, document: str) -> str:
    text = (folder / document).read_text(encoding="utf-8")
    apigw = client("apigateway")
    api_id = apigw.import_rest_api(body=text.encode(), parameters={"endpointConfigurationTypes": "REGIONAL"})["id"]
    apigw.create_deployment(restApiId=api_id, stageName=STAGE)
    return api_id


def call(method, api, path, body, content_type="text/plain"):
    with timed("HTTP calls imported"):
        return requests.request(
            method,
            invoke_url(api, STAGE, path),
            data=body.encode(),
            headers={"Content-Type": content_type, "X-Subject": "imported"},
            timeout=TIMEOUT,
        )


def message(queue):
    """The effect check of a route that sends to `queue`: a JSON answer, and the one message
    the queue receives is the body sent."""

    def check(physical, r):
        assert isinstance(r.json(), dict), r.text
        return [m["Body"] for m in receive_messages(physical[queue], 1)] == [TEXT]

    return check


def stored(bucket, key):
    """The effect check of a route that writes `key` into `bucket`."""

    def check(physical, r):
        got = client("s3").get_object(Bucket=physical[bucket], Key=key)["Body"].read()
        return got == TEXT.encode()

    return check


# blueprint -> (method, route, content type, effect check)
CASES = {
    "sqs-send": ("POST", "jobs", "text/plain", message("jobs")),
    "sns-publish": ("POST", "alerts", "text/plain", message("alerts-inbox")),
    "generic-sqs": ("POST", "messages", "application/json", message("jobs")),
    "s3-upload": ("PUT", "upload/imported.txt", "text/plain", stored("uploads", "imported.txt")),
}


@pytest.mark.parametrize("document", ["openapi.json", "swagger.json"])
@pytest.mark.parametrize("stem", list(CASES))
def test_document_imports_as_written_and_reaches_the_resource(stacks, stem, document, tmp_path):
    outputs, physical = stacks[stem]
    folder = synth_with_env(stem, outputs, physical, tmp_path)
    text = (folder / document).read_text(encoding="utf-8")
    assert ACCOUNT in text and REGION in text
    api = imported(folder, document)
    try:
        method, route, content_type, effect = CASES[stem]
        r = call(method, api, route, TEXT, content_type)
        assert r.status_code == 200, (r.status_code, r.text[:2000])
        assert effect(physical, r), r.text[:2000]
    finally:
        client("apigateway").delete_rest_api(restApiId=api)
