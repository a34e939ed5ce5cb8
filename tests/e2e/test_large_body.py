"""End-to-end: a large API in the body shape, deployed to LocalStack through CloudFormation.

The blueprint is the shape of CDK's scale test: N sibling paths `/p{i}/{item}`, each with a
GET and a PUT to S3 (2N methods). Its template with the document inside would pass
CloudFormation's 1 MB, so gatewright writes `openapi.json` beside it (`BodyS3Location`,
values from `env`): the test uploads the document as the template's README says, deploys
the stack (a handful of resources), then PUTs and GETs objects through a sample of the
routes: the first, the last, and a few between. The deploy time is printed with the other
end-to-end timings.

Two sizes: 1,000 methods, and 2,000 methods (GATEWRIGHT_E2E_LARGE_PATHS, default 1,000
paths). Blueprints of up to 20,000 routes are accepted; a build that refuses the larger one
(GW0104) skips that case.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import uuid
from pathlib import Path

import pytest
import requests

from harness import ENDPOINT, REGION, REPO, client, delete_stack, require_localstack, timed, invoke_url
from test_openapi_import import gatewright

ACCOUNT = "000000000000"
STAGE = "dev"
TIMEOUT = 60


def blueprint(paths: int, bucket: str, role: str) -> str:
    lines = [
        f"api: Large{paths}",
        "description: CDK's scale test in the body shape",
        "auth: none",
        'binary_media_types: ["*/*"]',
        "output: { shape: body }",
        "env:",
        f"  region: {REGION}",
        f'  account_id: "{ACCOUNT}"',
        f"  execution_role_arn: arn:aws:iam::{ACCOUNT}:role/{role}",
        "routes:",
    ]
    for i in range(paths):
        lines.append(f'  GET /p{i}/{{item}}: {{ s3.get_object: {{ bucket: {bucket}, key: "p{i}/{{item}}" }} }}')
        lines.append(f'  PUT /p{i}/{{item}}: {{ s3.put_object: {{ bucket: {bucket}, key: "p{i}/{{item}}" }} }}')
    return "\n".join(lines) + "\n"


def synth(paths: int, bucket: str, role: str, tmp: Path) -> Path | None:
    """The outputs of the blueprint, or None when gatewright refuses its size (GW0104)."""
    bp = tmp / f"large{paths}.yaml"
    bp.write_text(blueprint(paths, bucket, role), encoding="utf-8")
    with timed(f"synth {2 * paths} methods"):
        r = subprocess.run(
            gatewright() + ["synth", str(bp), "--out", str(tmp / "out")],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
        )
    if r.returncode != 0 and "GW0104" in r.stderr:
        return None
    assert r.returncode == 0, r.stderr[-4000:]
    return tmp / "out" / f"large{paths}"


def deploy(folder: Path, bucket: str, name: str) -> dict[str, str]:
    template = json.loads((folder / "cloudformation.json").read_text())
    key = template["Resources"]["RestApi"]["Properties"]["BodyS3Location"]["Key"]
    readme = (folder / "README.md").read_text()
    assert f"aws s3 cp openapi.json s3://<bucket>/{key}" in readme, "the README gives the upload step"
    client("s3").put_object(Bucket=bucket, Key=key, Body=(folder / "openapi.json").read_bytes())
    # CloudFormation takes a template body of at most 51,200 bytes inline; a larger one is
    # read from S3, as `aws cloudformation deploy --s3-bucket` does.
    text = (folder / "cloudformation.json").read_bytes()
    source = {"TemplateBody": text.decode()}
    if len(text) > 51_200:
        client("s3").put_object(Bucket=bucket, Key="cloudformation.json", Body=text)
        source = {"TemplateURL": f"{ENDPOINT}/{bucket}/cloudformation.json"}
    cfn = client("cloudformation")
    cfn.create_stack(
        StackName=name,
        **source,
        Parameters=[{"ParameterKey": "BodyBucket", "ParameterValue": bucket}],
        Capabilities=["CAPABILITY_IAM", "CAPABILITY_NAMED_IAM"],
    )
    try:
        cfn.get_waiter("stack_create_complete").wait(StackName=name, WaiterConfig={"Delay": 1, "MaxAttempts": 600})
    except Exception as e:
        events = cfn.describe_stack_events(StackName=name)["StackEvents"]
        failed = [f"{ev['LogicalResourceId']}: {ev.get('ResourceStatusReason')}" for ev in events if ev["ResourceStatus"].endswith("FAILED")]
        raise AssertionError(f"stack {name} did not deploy: {e}; {failed}") from e
    stack = cfn.describe_stacks(StackName=name)["Stacks"][0]
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs", [])}


@pytest.mark.parametrize("paths", [500, int(os.environ.get("GATEWRIGHT_E2E_LARGE_PATHS", "1000"))])
def test_large_api_in_the_body_shape(paths, tmp_path):
    require_localstack()
    run = uuid.uuid4().hex[:8]
    bucket, role = f"gw-e2e-large-{run}", f"gw-e2e-large-{run}"
    folder = synth(paths, bucket, role, tmp_path)
    if folder is None:
        pytest.skip(f"gatewright refuses {2 * paths} routes (GW0104) until its route limit is raised")
    template = json.loads((folder / "cloudformation.json").read_text())
    resources_of = template["Resources"]
    types = sorted({r["Type"] for r in resources_of.values()} - {"AWS::IAM::ManagedPolicy"})
    assert types == ["AWS::ApiGateway::Deployment", "AWS::ApiGateway::RestApi", "AWS::ApiGateway::Stage", "AWS::IAM::Role"], types
    # Grants past the role's 10,240 inline characters go to managed policies (IAM's quotas),
    # and the Deployment waits for each of them.
    managed = [k for k, r in resources_of.items() if r["Type"] == "AWS::IAM::ManagedPolicy"]
    assert managed, "2 S3 grants per path do not fit one inline policy at this size"
    deployment = next(r for r in resources_of.values() if r["Type"] == "AWS::ApiGateway::Deployment")
    assert sorted(deployment.get("DependsOn", [])) == sorted(managed), deployment.get("DependsOn")
    s3 = client("s3")
    s3.create_bucket(Bucket=bucket)
    name = f"gw-e2e-large-{paths}-{run}"
    try:
        with timed(f"deploy {2 * paths} methods (body shape)"):
            outputs = deploy(folder, bucket, name)
        api = outputs["ApiId"]
        resources = client("apigateway").get_resources(restApiId=api, limit=500)
        count = len(resources["items"])
        while "position" in resources:
            resources = client("apigateway").get_resources(restApiId=api, limit=500, position=resources["position"])
            count += len(resources["items"])
        assert count == 1 + 2 * paths, count  # the root, /p{i} and /p{i}/{item}
        sample = sorted({0, paths - 1, *random.Random(paths).sample(range(paths), 4)})
        with timed(f"HTTP calls {2 * paths} methods"):
            for i in sample:
                data = f"object behind route {i} of {paths}: Grüße 東京".encode()
                url = invoke_url(api, STAGE, f"p{i}/obj-{i}.txt")
                put = requests.put(url, data=data, headers={"Content-Type": "text/plain"}, timeout=TIMEOUT)
                assert put.status_code == 200, (i, put.status_code, put.text[:500])
                assert s3.get_object(Bucket=bucket, Key=f"p{i}/obj-{i}.txt")["Body"].read() == data
                got = requests.get(url, headers={"Accept": "text/plain"}, timeout=TIMEOUT)
                assert got.status_code == 200, (i, got.status_code, got.text[:500])
                assert got.content == data, i
    finally:
        try:
            delete_stack(name)
        finally:
            for o in s3.list_objects_v2(Bucket=bucket).get("Contents", []):
                s3.delete_object(Bucket=bucket, Key=o["Key"])
            s3.delete_bucket(Bucket=bucket)
