"""End-to-end: the SQS sender in the body shape (out/sqs-body/cloudformation.json, the
OpenAPI document as the RestApi's Body) deployed to LocalStack through CloudFormation, with
the same HTTP checks as the resources shape (test_sqs_send.py, imported here).

The stack holds no API Gateway resource or method: the API's paths come from the body, and
its integrations reach the stack's queues through the Fn::Sub and Fn::GetAtt inside it.
"""

import pytest

from harness import client, deployed_stack, load_template, physical_id, require_localstack
from test_sqs_send import *  # noqa: F403 - the same checks, run against this deployment

BODY_TEMPLATE = "out/sqs-body/cloudformation.json"


def test_the_stack_is_the_body_shape():
    t = load_template(BODY_TEMPLATE)
    types = sorted(r["Type"] for r in t["Resources"].values())
    assert types == [
        "AWS::ApiGateway::Deployment",
        "AWS::ApiGateway::RestApi",
        "AWS::ApiGateway::Stage",
        "AWS::IAM::Role",
        "AWS::SQS::Queue",
        "AWS::SQS::Queue",
    ], types
    body = t["Resources"]["RestApi"]["Properties"]["Body"]
    assert sorted(body["paths"]) == ["/jobs", "/orders/{customer}", "/tasks"]


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with deployed_stack(load_template(BODY_TEMPLATE), "sqs-body") as (name, outputs):
        api = outputs["ApiId"]
        paths = {r["path"] for r in client("apigateway").get_resources(restApiId=api, limit=500)["items"]}
        # API Gateway made the resources from the document itself.
        assert {"/jobs", "/orders/{customer}", "/tasks"} <= paths, paths
        yield api, physical_id(name, "QueueJobs"), physical_id(name, "QueueOrders")
