"""End-to-end: deploy the generated sqs-production stack to LocalStack and read its stage back.

The blueprint turns on X-Ray tracing, JSON access logs to an owned log group, a 0.5 GB cache
cluster, API-wide method settings (error logs, metrics, a throttle), a tighter throttle on
POST /jobs/bulk and caching on GET /jobs/depth, and sets the account's CloudWatch role.
`apigateway.get_stage` must show each of them on the deployed stage; POST /jobs must still
send to the queue.
"""

import json

import pytest
import requests

from harness import client, deployed_stack, invoke_url, load_template, physical_id, require_localstack, timed

TEMPLATE = "out/sqs-production/cloudformation.json"
STAGE = "prod"
TIMEOUT = 60


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    template = load_template(TEMPLATE)
    with deployed_stack(template, "stage") as (name, outputs):
        yield template, name, outputs["ApiId"]


def test_stage_settings_are_on_the_deployed_stage(stack):
    template, name, api = stack
    with timed("get_stage"):
        stage = client("apigateway").get_stage(restApiId=api, stageName=STAGE)
    assert stage.get("tracingEnabled") is True, stage
    assert stage.get("cacheClusterEnabled") is True, stage
    assert stage.get("cacheClusterSize") == "0.5", stage

    access = stage.get("accessLogSettings") or {}
    group = physical_id(name, "AccessLogGroup")
    assert access.get("destinationArn", "").endswith(":log-group:" + group), (access, group)
    fmt = json.loads(access["format"])
    assert fmt["requestId"] == "$context.requestId", fmt
    assert fmt == json.loads(template["Resources"]["Stage"]["Properties"]["AccessLogSetting"]["Format"])

    settings = stage.get("methodSettings") or {}
    everything = settings.get("*/*") or {}
    assert everything.get("loggingLevel") == "ERROR", settings
    assert everything.get("metricsEnabled") is True, settings
    assert everything.get("throttlingBurstLimit") == 200, settings
    assert everything.get("throttlingRateLimit") == 100.0, settings
    bulk = settings.get("~1jobs~1bulk/POST") or {}
    assert bulk.get("throttlingBurstLimit") == 1, settings
    assert bulk.get("throttlingRateLimit") == 1.0, settings
    depth = settings.get("~1jobs~1depth/GET") or {}
    assert depth.get("cachingEnabled") is True, settings
    assert depth.get("cacheTtlInSeconds") == 60, settings
    assert depth.get("cacheDataEncrypted") is True, settings


def test_the_account_has_the_logging_role(stack):
    _, name, _ = stack
    role = physical_id(name, "ApiGatewayCloudWatchRole")
    account = client("apigateway").get_account()
    assert account.get("cloudwatchRoleArn", "").endswith(":role/" + role), (account, role)
    logs = client("logs").describe_log_groups(logGroupNamePrefix="/gatewright/sqs-production-prod/")
    groups = {g["logGroupName"]: g for g in logs["logGroups"]}
    group = groups.get("/gatewright/sqs-production-prod/api-gateway-access")
    assert group is not None and group.get("retentionInDays") == 90, groups


def test_a_route_still_sends_with_the_settings_on(stack):
    _, name, api = stack
    with timed("HTTP calls sqs"):
        r = requests.post(invoke_url(api, STAGE, "/jobs"), data=b"settings on", timeout=TIMEOUT)
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    queue = physical_id(name, "QueueJobs")
    attrs = client("sqs").get_queue_attributes(QueueUrl=queue, AttributeNames=["ApproximateNumberOfMessages"])
    assert int(attrs["Attributes"]["ApproximateNumberOfMessages"]) >= 1, attrs


def test_throttled_route_past_its_limit(stack):
    """POST /jobs/bulk allows 1 request per second with a burst of 1. AWS answers 429 past
    that; the test records what LocalStack does and requires it to be one of the two."""
    _, _, api = stack
    codes = []
    with timed("HTTP calls sqs"):
        for _ in range(10):
            r = requests.post(invoke_url(api, STAGE, "/jobs/bulk"), data=b"burst", timeout=TIMEOUT)
            codes.append(r.status_code)
    assert codes[0] == 200, codes
    assert set(codes) <= {200, 429}, codes
    if 429 not in codes:
        pytest.skip(f"LocalStack does not enforce stage method throttling (10 calls in a burst of 1: {codes})")
