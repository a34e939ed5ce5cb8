"""End-to-end: deploy the generated sqs-tuned stack to LocalStack and read the owned resources back.

The blueprint names its queues and topic, tags everything, sends failed messages from
`orders` to `failed` after three receives, encrypts with KMS keys created in the stack, and
subscribes two owned queues to the topic with filter policies on the `priority` field of the
JSON body (an e-mail subscription filters on `kind`). The queues must carry their names,
attributes, redrive policy, KMS key and merged tags; a message published through the API
with `"priority": "high"` must reach `urgent` only, one with `low` `routine` only; a message
received three times must move to `failed`.

The stack creates AWS::KMS::Key resources: LocalStack must run KMS (scripts/localstack.sh's
SERVICES); without it the deployment cannot succeed, and the test skips saying so.
"""

import json
import time

import pytest
import requests

from harness import client, deployed_stack, invoke_url, load_template, physical_id, receive_messages, require_localstack, timed

TEMPLATE = "out/sqs-tuned/cloudformation.json"
STAGE = "prod"
TIMEOUT = 60


def kms_running() -> bool:
    try:
        client("kms").list_keys(Limit=1)
        return True
    except Exception:  # noqa: BLE001 - a service LocalStack does not run answers with an error
        return False


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    if not kms_running():
        # The harness decides LocalStack's services; until it runs KMS this stack cannot deploy.
        pytest.skip("LocalStack does not run KMS (scripts/localstack.sh SERVICES lacks `kms`): the stack creates AWS::KMS::Key")
    with deployed_stack(load_template(TEMPLATE), "tuned") as (name, outputs):
        yield {
            "api": outputs["ApiId"],
            "topic": physical_id(name, "TopicEvents"),
            **{q: physical_id(name, "Queue" + q.capitalize()) for q in ("orders", "failed", "urgent", "routine")},
        }


def attributes(url):
    return client("sqs").get_queue_attributes(QueueUrl=url, AttributeNames=["All"])["Attributes"]


def test_queues_carry_their_names_settings_redrive_and_keys(stack):
    names = {q: stack[q].rsplit("/", 1)[-1] for q in ("orders", "failed", "urgent", "routine")}
    assert names == {
        "orders": "sqs-tuned-orders",
        "failed": "sqs-tuned-orders-failed",
        "urgent": "sqs-tuned-urgent",
        "routine": "sqs-tuned-routine",
    }, names
    orders = attributes(stack["orders"])
    assert orders["MessageRetentionPeriod"] == "1209600", orders
    assert orders["VisibilityTimeout"] == "120", orders
    redrive = json.loads(orders["RedrivePolicy"])
    assert redrive["deadLetterTargetArn"].endswith(":sqs-tuned-orders-failed"), redrive
    assert int(redrive["maxReceiveCount"]) == 3, redrive
    key = orders.get("KmsMasterKeyId", "")
    assert key, orders
    described = client("kms").describe_key(KeyId=key)["KeyMetadata"]
    assert described["Description"] == "Encrypts queue orders of SqsTuned", described
    routine = attributes(stack["routine"])
    assert routine["DelaySeconds"] == "30", routine
    assert routine["MaximumMessageSize"] == "65536", routine
    assert "KmsMasterKeyId" not in routine, routine
    topic = client("sns").get_topic_attributes(TopicArn=stack["topic"])["Attributes"]
    assert stack["topic"].endswith(":sqs-tuned-order-events"), stack["topic"]
    assert topic.get("KmsMasterKeyId"), topic


def test_tags_are_merged_over_the_blueprints(stack):
    orders = client("sqs").list_queue_tags(QueueUrl=stack["orders"]).get("Tags", {})
    assert orders == {"team": "orders", "cost-center": "4711", "tier": "critical"}, orders
    urgent = client("sqs").list_queue_tags(QueueUrl=stack["urgent"]).get("Tags", {})
    assert urgent == {"team": "orders", "cost-center": "4711"}, urgent
    topic = client("sns").list_tags_for_resource(ResourceArn=stack["topic"]).get("Tags", [])
    assert {t["Key"]: t["Value"] for t in topic} == {"team": "orders", "cost-center": "4711"}, topic


def waiting(url):
    a = client("sqs").get_queue_attributes(
        QueueUrl=url, AttributeNames=["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesDelayed"]
    )["Attributes"]
    return int(a["ApproximateNumberOfMessages"]) + int(a["ApproximateNumberOfMessagesDelayed"])


HIGH = b'{"order": 1, "priority": "high"}'


def test_each_subscriber_gets_only_what_its_filter_matches(stack):
    url = invoke_url(stack["api"], STAGE, "/events")
    with timed("HTTP calls sns"):
        r = requests.post(url, data=HIGH, timeout=TIMEOUT)
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    got = receive_messages(stack["urgent"], 1)
    assert [m["Body"] for m in got] == [HIGH.decode()], got
    time.sleep(2)
    assert waiting(stack["routine"]) == 0, "a high-priority message reached routine"
    with timed("HTTP calls sns"):
        r = requests.post(url, data=b'{"order": 2, "priority": "low"}', timeout=TIMEOUT)
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    deadline = time.monotonic() + 20
    while waiting(stack["routine"]) == 0 and time.monotonic() < deadline:
        time.sleep(1)
    assert waiting(stack["routine"]) == 1, "the low-priority message did not reach routine"
    assert receive_messages(stack["urgent"], 1, wait=3) == [], "a low-priority message reached urgent"


def test_a_message_received_too_often_moves_to_the_dead_letter_queue(stack):
    with timed("HTTP calls sqs"):
        r = requests.post(invoke_url(stack["api"], STAGE, "/orders"), data=b"poison", timeout=TIMEOUT)
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    sqs = client("sqs")
    received = 0
    for _ in range(6):
        # Received but never deleted, visible again at once: each receive counts.
        m = sqs.receive_message(QueueUrl=stack["orders"], WaitTimeSeconds=2, VisibilityTimeout=0).get("Messages", [])
        received += len(m)
    assert received == 3, f"received {received} times before the redrive"
    moved = receive_messages(stack["failed"], 1)
    assert [m["Body"] for m in moved] == ["poison"], moved
