"""Deploy generated templates to LocalStack and call them over HTTP.

LocalStack is started by `scripts/localstack.sh` on 127.0.0.1:4566. A test
for a new service needs only a few lines:

    from harness import deployed, invoke_url, load_template, require_localstack

    def test_sqs_proxy():
        require_localstack()
        with deployed(load_template("out/sqs-proxy/cloudformation.json"), "sqs") as out:
            r = requests.post(invoke_url(out["ApiId"], "dev", "queue"), data=b"hi")
            assert r.status_code == 200

Without LocalStack the tests skip, unless GATEWRIGHT_REQUIRE_EXTERNAL=1,
when they fail.
"""

from __future__ import annotations

import contextlib
import copy
import importlib.util
import json
import os
import time
import urllib.request
import uuid
from pathlib import Path
from types import ModuleType
from typing import Any, Iterator

import boto3
import pytest
from botocore.config import Config

ENDPOINT = os.environ.get("LOCALSTACK_ENDPOINT", "http://127.0.0.1:4566")
REGION = "us-east-1"
REPO = Path(__file__).resolve().parents[2]
REQUIRE_ENV = "GATEWRIGHT_REQUIRE_EXTERNAL"

# Seconds spent per phase, printed at the end of the pytest run (conftest.py).
TIMINGS: dict[str, float] = {}


@contextlib.contextmanager
def timed(label: str) -> Iterator[None]:
    t0 = time.perf_counter()
    try:
        yield
    finally:
        TIMINGS[label] = TIMINGS.get(label, 0.0) + time.perf_counter() - t0


def localstack_status() -> str | None:
    """None when LocalStack answers its health check, else why not."""
    try:
        with urllib.request.urlopen(f"{ENDPOINT}/_localstack/health", timeout=2) as r:
            json.load(r)
        return None
    except Exception as e:  # noqa: BLE001 - any failure means "not reachable"
        return f"LocalStack not reachable at {ENDPOINT} ({e.__class__.__name__}: {e})"


def require_localstack() -> None:
    """Skip the calling test without LocalStack; fail instead when required."""
    why = localstack_status()
    if why is None:
        return
    hint = "start it with: scripts/localstack.sh install && scripts/localstack.sh run -- <pytest command>"
    if os.environ.get(REQUIRE_ENV) == "1":
        pytest.fail(f"{why}; {REQUIRE_ENV}=1 requires it. {hint}", pytrace=False)
    pytest.skip(f"{why}: end-to-end test skipped ({hint})")


def client(service: str):
    """A boto3 client for LocalStack (dummy credentials, us-east-1)."""
    return boto3.client(
        service,
        endpoint_url=ENDPOINT,
        region_name=REGION,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        # path-style: bucket names stay out of the host name
        config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 2}),
    )


def unique_name(prefix: str) -> str:
    """A lower-case name unique to this run, valid as an S3 bucket or stack name."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def load_template(path: str | Path) -> dict[str, Any]:
    """A generated template (path relative to the repo root) as a fresh dict."""
    p = Path(path)
    return copy.deepcopy(json.loads((p if p.is_absolute() else REPO / p).read_text()))


def deploy_stack(template: dict[str, Any] | str | Path, name: str) -> dict[str, str]:
    """create_stack, wait for CREATE_COMPLETE, return the stack's outputs."""
    body = template if isinstance(template, dict) else load_template(template)
    cfn = client("cloudformation")
    cfn.create_stack(
        StackName=name,
        TemplateBody=json.dumps(body),
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
    )
    try:
        cfn.get_waiter("stack_create_complete").wait(
            StackName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 180}
        )
    except Exception as e:
        events = cfn.describe_stack_events(StackName=name)["StackEvents"]
        failed = [
            f"{ev['LogicalResourceId']}: {ev.get('ResourceStatusReason')}"
            for ev in events
            if ev["ResourceStatus"].endswith("FAILED")
        ]
        raise AssertionError(f"stack {name} did not deploy: {e}; {failed}") from e
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


def delete_stack(name: str) -> None:
    cfn = client("cloudformation")
    cfn.delete_stack(StackName=name)
    cfn.get_waiter("stack_delete_complete").wait(
        StackName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 120}
    )


@contextlib.contextmanager
def deployed(template: dict[str, Any] | str | Path, prefix: str) -> Iterator[dict[str, str]]:
    """Deploy a stack under a unique name; delete it afterwards."""
    name = unique_name(f"gw-e2e-{prefix}")
    with timed(f"deploy {prefix}"):
        outputs = deploy_stack(template, name)
    try:
        yield outputs
    finally:
        delete_stack(name)


def invoke_url(api_id: str, stage: str, path: str = "") -> str:
    """LocalStack's URL for a deployed stage (the path is sent as given)."""
    return f"{ENDPOINT}/_aws/execute-api/{api_id}/{stage}/{path.lstrip('/')}"


@contextlib.contextmanager
def deployed_stack(template: dict[str, Any] | str | Path, prefix: str) -> Iterator[tuple[str, dict[str, str]]]:
    """Like deployed(), but yields (stack name, outputs): for physical_id()."""
    name = unique_name(f"gw-e2e-{prefix}")
    with timed(f"deploy {prefix}"):
        outputs = deploy_stack(template, name)
    try:
        yield name, outputs
    finally:
        delete_stack(name)


def physical_id(stack_name: str, logical_id: str) -> str:
    """A stack resource's physical id (for an AWS::SQS::Queue: its URL)."""
    r = client("cloudformation").describe_stack_resource(StackName=stack_name, LogicalResourceId=logical_id)
    return r["StackResourceDetail"]["PhysicalResourceId"]


def receive_messages(queue_url: str, count: int, wait: float = 20.0, **kwargs: Any) -> list[dict[str, Any]]:
    """Long-poll an SQS queue until `count` messages arrived (or `wait` seconds
    passed), deleting each; returns them in arrival order. Extra kwargs go to
    receive_message (e.g. MessageSystemAttributeNames)."""
    sqs = client("sqs")
    got: list[dict[str, Any]] = []
    deadline = time.monotonic() + wait
    while len(got) < count and time.monotonic() < deadline:
        r = sqs.receive_message(
            QueueUrl=queue_url,
            MaxNumberOfMessages=min(10, count - len(got)),
            WaitTimeSeconds=max(1, min(5, int(deadline - time.monotonic()))),
            **kwargs,
        )
        for m in r.get("Messages", []):
            sqs.delete_message(QueueUrl=queue_url, ReceiptHandle=m["ReceiptHandle"])
            got.append(m)
    return got


def inline_code(template: dict[str, Any] | str | Path, logical_id: str) -> str:
    """The inline code (Properties.Code.ZipFile) of a generated AWS::Lambda::Function."""
    body = template if isinstance(template, dict) else load_template(template)
    resource = body["Resources"][logical_id]
    assert resource["Type"] == "AWS::Lambda::Function", (logical_id, resource["Type"])
    code = resource["Properties"]["Code"]["ZipFile"]
    assert isinstance(code, str), f"{logical_id}: Code.ZipFile is not a plain string: {code!r:.200}"
    return code


def import_code(code: str, directory: str | Path, module: str = "index") -> ModuleType:
    """Write `code` to directory/<module>.py and import it as a fresh module (never the cached
    one): module-level code runs now, with the current os.environ, as Lambda's cold start does."""
    path = Path(directory) / f"{module}.py"
    path.write_text(code)
    spec = importlib.util.spec_from_file_location(f"{module}_{uuid.uuid4().hex[:8]}", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def proxy_event(
    method: str,
    resource: str,
    path: str,
    path_parameters: dict[str, str] | None = None,
    query: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    body: str | None = None,
    stage: str = "dev",
) -> dict[str, Any]:
    """The event API Gateway's REST Lambda proxy integration (AWS_PROXY) sends to a function.
    Absent maps are null, as API Gateway sends them."""
    headers = {"Host": "abc123.execute-api.us-east-1.amazonaws.com", "Accept": "*/*", **(headers or {})}
    return {
        "resource": resource,
        "path": path,
        "httpMethod": method,
        "headers": headers,
        "multiValueHeaders": {k: [v] for k, v in headers.items()},
        "queryStringParameters": dict(query) if query else None,
        "multiValueQueryStringParameters": {k: [v] for k, v in query.items()} if query else None,
        "pathParameters": dict(path_parameters) if path_parameters else None,
        "stageVariables": None,
        "requestContext": {
            "resourceId": "abc123",
            "resourcePath": resource,
            "httpMethod": method,
            "extendedRequestId": "e2e-" + uuid.uuid4().hex[:12],
            "requestTime": time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime()),
            "path": f"/{stage}{path}",
            "accountId": "000000000000",
            "protocol": "HTTP/1.1",
            "stage": stage,
            "domainPrefix": "abc123",
            "requestTimeEpoch": int(time.time() * 1000),
            "requestId": str(uuid.uuid4()),
            "identity": {
                "cognitoIdentityPoolId": None,
                "accountId": "000000000000",
                "cognitoIdentityId": None,
                "caller": "AIDAEXAMPLE",
                "sourceIp": "127.0.0.1",
                "principalOrgId": None,
                "accessKey": "AKIAEXAMPLE",
                "cognitoAuthenticationType": None,
                "cognitoAuthenticationProvider": None,
                "userArn": "arn:aws:iam::000000000000:user/e2e",
                "userAgent": "gatewright-e2e",
                "user": "AIDAEXAMPLE",
            },
            "domainName": "abc123.execute-api.us-east-1.amazonaws.com",
            "apiId": "abc123",
        },
        "body": body,
        "isBase64Encoded": False,
    }
