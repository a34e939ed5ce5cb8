"""End-to-end: deploy the generated sqs-production stack to LocalStack and read its stage back.

The blueprint turns on X-Ray tracing, JSON access logs to an owned log group, a 0.5 GB cache
cluster, API-wide method settings (error logs, metrics, a throttle), a tighter throttle on
POST /jobs/bulk and caching on GET /jobs/attributes/{name} (keyed on the name), and sets the account's CloudWatch role.
`apigateway.get_stage` must show tracing and the cache cluster, the account must carry the
role, the log group its retention, and POST /jobs must still send to the queue.

LocalStack 4.13's CloudFormation provider for AWS::ApiGateway::Stage passes only name,
deployment, description, cache cluster, canary, tracing, tags and variables to CreateStage
(its source says "TODO: add methodSettings"): `AccessLogSetting` and `MethodSettings` are
dropped there, and its AWS::Logs::LogGroup provider creates the group without its
`RetentionInDays`. Those are checked on the Terraform deployment
(test_terraform_stage_settings.py), whose provider sets them with UpdateStage and
PutRetentionPolicy.
"""

import json

import pytest
import requests

from harness import client, deployed_stack, invoke_url, load_template, physical_id, require_localstack, timed

TEMPLATE = "out/sqs-production/cloudformation.json"
STAGE = "prod"
TIMEOUT = 60
LOG_GROUP = "/gatewright/sqs-production-prod/api-gateway-access"


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with deployed_stack(load_template(TEMPLATE), "stage") as (name, outputs):
        yield {
            "api": outputs["ApiId"],
            "queue": physical_id(name, "QueueJobs"),
            "role": physical_id(name, "ApiGatewayCloudWatchRole"),
            "log_group": physical_id(name, "AccessLogGroup"),
        }


def get_stage(api):
    with timed("get_stage"):
        return client("apigateway").get_stage(restApiId=api, stageName=STAGE)


def test_tracing_and_cache_cluster_are_on_the_stage(stack):
    stage = get_stage(stack["api"])
    assert stage.get("tracingEnabled") is True, stage
    assert stage.get("cacheClusterEnabled") is True, stage
    assert stage.get("cacheClusterSize") == "0.5", stage


def test_the_account_has_the_logging_role_and_the_log_group_exists(stack):
    account = client("apigateway").get_account()
    assert account.get("cloudwatchRoleArn", "").endswith(":role/" + stack["role"]), (account, stack)
    assert stack["log_group"] == LOG_GROUP
    logs = client("logs").describe_log_groups(logGroupNamePrefix=LOG_GROUP)
    assert [g["logGroupName"] for g in logs["logGroups"]] == [LOG_GROUP], logs["logGroups"]


def test_the_cached_route_answers_each_attribute(stack):
    """Each attribute gets its own answer: the path parameter is in the cache key. (On AWS a
    key without it would answer both from the first one cached; LocalStack may not cache.)"""
    answers = {}
    with timed("HTTP calls sqs"):
        for name in ("VisibilityTimeout", "MaximumMessageSize", "VisibilityTimeout"):
            r = requests.get(invoke_url(stack["api"], STAGE, f"/jobs/attributes/{name}"), timeout=TIMEOUT)
            assert r.status_code == 200, (name, r.status_code, r.text[:2000])
            answers.setdefault(name, []).append(r.json().get("Attributes"))
    names = ["VisibilityTimeout", "MaximumMessageSize"]
    truth = client("sqs").get_queue_attributes(QueueUrl=stack["queue"], AttributeNames=names)["Attributes"]
    assert truth["VisibilityTimeout"] != truth["MaximumMessageSize"], truth
    assert answers["VisibilityTimeout"] == [{"VisibilityTimeout": truth["VisibilityTimeout"]}] * 2, answers
    assert answers["MaximumMessageSize"] == [{"MaximumMessageSize": truth["MaximumMessageSize"]}], answers


def test_a_route_still_sends_with_the_settings_on(stack):
    with timed("HTTP calls sqs"):
        r = requests.post(invoke_url(stack["api"], STAGE, "/jobs"), data=b"settings on", timeout=TIMEOUT)
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    attrs = client("sqs").get_queue_attributes(QueueUrl=stack["queue"], AttributeNames=["ApproximateNumberOfMessages"])
    assert int(attrs["Attributes"]["ApproximateNumberOfMessages"]) >= 1, attrs


def test_throttled_route_past_its_limit(stack):
    """POST /jobs/bulk allows 1 request per second with a burst of 1: AWS answers 429 past
    that. Anything but 200 or 429 fails; no 429 at all skips with what LocalStack did."""
    codes = []
    with timed("HTTP calls sqs"):
        for _ in range(10):
            r = requests.post(invoke_url(stack["api"], STAGE, "/jobs/bulk"), data=b"burst", timeout=TIMEOUT)
            codes.append(r.status_code)
    assert codes[0] == 200, codes
    assert set(codes) <= {200, 429}, codes
    if 429 not in codes:
        pytest.skip(f"LocalStack does not enforce method throttling (10 calls, burst 1, rate 1/s: {codes})")


def access_log_and_method_settings(stage):
    """The checks of the settings LocalStack's CloudFormation providers drop."""
    logs = client("logs").describe_log_groups(logGroupNamePrefix=LOG_GROUP)
    groups = {g["logGroupName"]: g for g in logs["logGroups"]}
    assert groups.get(LOG_GROUP, {}).get("retentionInDays") == 90, groups
    access = stage.get("accessLogSettings") or {}
    assert access.get("destinationArn", "").endswith(":log-group:" + LOG_GROUP), stage
    fmt = json.loads(access["format"])
    assert fmt["requestId"] == "$context.requestId", fmt
    settings = stage.get("methodSettings") or {}
    everything = settings.get("*/*") or {}
    assert everything.get("loggingLevel") == "ERROR", settings
    assert everything.get("metricsEnabled") is True, settings
    assert everything.get("throttlingBurstLimit") == 200, settings
    assert everything.get("throttlingRateLimit") == 100.0, settings
    bulk = settings.get("~1jobs~1bulk/POST") or {}
    assert bulk.get("throttlingBurstLimit") == 1, settings
    assert bulk.get("throttlingRateLimit") == 1.0, settings
    depth = settings.get("~1jobs~1attributes~1{name}/GET") or {}
    assert depth.get("cachingEnabled") is True, settings
    assert depth.get("cacheTtlInSeconds") == 60, settings
    assert depth.get("cacheDataEncrypted") is True, settings
