"""End-to-end: `terraform apply` the SQS sender in the body shape (out/sqs-body/main.tf.json:
`aws_api_gateway_rest_api.body` holds the OpenAPI document, nothing is written per method) to
LocalStack, make the HTTP checks of test_sqs_send.py (imported here), then destroy it.
"""

import pytest

from harness import client, require_localstack
from test_sqs_send import *  # noqa: F403 - the same checks, run against this deployment
from tfharness import applied


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with applied("sqs-body", "sqs-body") as d:
        kinds = {address.split(".")[0] for address in d.resources}
        assert not kinds & {"aws_api_gateway_method", "aws_api_gateway_integration", "aws_api_gateway_resource"}, kinds
        api = d.outputs["api_id"]
        paths = {r["path"] for r in client("apigateway").get_resources(restApiId=api, limit=500)["items"]}
        assert {"/jobs", "/orders/{customer}", "/tasks"} <= paths, paths
        queues = (d.resources["aws_sqs_queue.jobs"]["url"], d.resources["aws_sqs_queue.orders"]["url"])
        yield (api, *queues)
