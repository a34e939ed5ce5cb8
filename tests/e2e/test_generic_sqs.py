"""End-to-end: the generic `aws` operation with references and response templates.

Deploys out/generic-sqs (an owned queue reached only through `${AWS::AccountId}`,
`${jobs.name}`, `${jobs.url}` and `${jobs.arn}` references) to LocalStack and checks that:
- POST /messages reaches the queue named by the references, and the response template
  reshapes SQS's SendMessage answer into {"queued": <message id>};
- GET /messages reaches SQS with the queue URL CloudFormation filled into the request
  template, and the response template reshapes the ReceiveMessage answer into
  {"bodies": [...]}.
"""

import pytest
import requests

from harness import client, deployed_stack, invoke_url, load_template, physical_id, receive_messages, require_localstack, timed

TEMPLATE = "out/generic-sqs/cloudformation.json"
STAGE = "dev"
TEXT = "Grüße, 東京 & co = 100% + \"quoted\""
TIMEOUT = 60


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with deployed_stack(load_template(TEMPLATE), "gsqs") as (name, outputs):
        yield outputs["ApiId"], physical_id(name, "QueueJobs")


def send(api, body):
    with timed("HTTP calls generic sqs"):
        return requests.post(
            invoke_url(api, STAGE, "messages"),
            data=body.encode(),
            headers={"Content-Type": "application/json"},
            timeout=TIMEOUT,
        )


def test_send_reaches_the_referenced_queue_and_the_answer_is_reshaped(stack):
    api, queue_url = stack
    r = send(api, TEXT)
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    body = r.json()
    # Only what the response template writes: SQS's envelope is gone.
    assert list(body) == ["queued"], body
    assert body["queued"].strip(), body
    msgs = receive_messages(queue_url, 1)
    assert [m["Body"] for m in msgs] == [TEXT]
    assert msgs[0]["MessageId"] == body["queued"]


def test_receive_uses_the_queue_url_filled_at_deploy_time(stack):
    api, _ = stack
    sent = ["first message", "second & last"]
    for text in sent:
        assert send(api, text).status_code == 200
    got = []
    for _ in range(10):
        with timed("HTTP calls generic sqs"):
            r = requests.get(invoke_url(api, STAGE, "messages"), timeout=TIMEOUT)
        assert r.status_code == 200, (r.status_code, r.text[:2000])
        body = r.json()
        assert list(body) == ["bodies"], body
        got.extend(body["bodies"])
        if sorted(got) == sorted(sent):
            break
    assert sorted(got) == sorted(sent)



def test_gateway_response_is_deployed_as_written(stack):
    """LocalStack 4.13 answers gateway errors with its default body whatever the API
    customizes (its gateway exception handler only maps status codes), so this checks what
    CloudFormation deployed: the DEFAULT_4XX header and template of the blueprint."""
    api, _ = stack
    r = client("apigateway").get_gateway_response(restApiId=api, responseType="DEFAULT_4XX")
    assert r["responseParameters"] == {"gatewayresponse.header.X-Api": "'generic-sqs'"}, r
    template = r["responseTemplates"]["application/json"]
    assert "$context.error.messageString" in template and "$context.requestId" in template, r
