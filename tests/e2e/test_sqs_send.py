"""End-to-end: deploy the generated SQS sender to LocalStack and call it over HTTP.

POST /jobs sends the body to the standard queue QueueJobs; POST /orders/{customer}
sends it to the FIFO queue QueueOrders (content-based deduplication, message
group = the customer). The tests share one deployed API; each drains what it sent.
"""

import pytest
import requests

from harness import deployed_stack, invoke_url, load_template, physical_id, receive_messages, require_localstack, timed

TEMPLATE = "out/sqs-send/cloudformation.json"
STAGE = "dev"
# the characters that break form and query encodings, plus non-ASCII
TEXT = "Grüße, 東京 & co = 100% + more?"
SQS_MAX_BYTES = 256 * 1024
TIMEOUT = 60


def big_text(size=200 * 1024):
    """About `size` UTF-8 bytes, ASCII and 2-, 3- and 4-byte characters mixed."""
    chunk = "job #{:06d}: Grüße, 東京 & co = 100% + more? 🚀\n"
    parts, n, i = [], 0, 0
    while n < size - 100:
        part = chunk.format(i)
        parts.append(part)
        n += len(part.encode())
        i += 1
    return "".join(parts)


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with deployed_stack(load_template(TEMPLATE), "sqs") as (name, outputs):
        yield outputs["ApiId"], physical_id(name, "QueueJobs"), physical_id(name, "QueueOrders")


def call(api, path, body, content_type="text/plain"):
    with timed("HTTP calls sqs"):
        return requests.post(
            invoke_url(api, STAGE, path), data=body.encode(), headers={"Content-Type": content_type}, timeout=TIMEOUT
        )


def message_id(r):
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    assert r.headers.get("Content-Type", "").startswith("application/json"), r.headers
    body = r.json()
    assert isinstance(body.get("messageId"), str) and body["messageId"].strip(), body
    return body["messageId"]


def received(queue_url, count=1, **kwargs):
    with timed("SQS receive"):
        return receive_messages(queue_url, count, **kwargs)


def test_send_job(stack):
    api, jobs, _ = stack
    mid = message_id(call(api, "jobs", TEXT))
    msgs = received(jobs)
    assert [m["Body"] for m in msgs] == [TEXT]
    assert msgs[0]["MessageId"] == mid


def test_send_job_json(stack):
    api, jobs, _ = stack
    doc = '{"job": "Grüße & co", "pct": "100% + more"}'
    message_id(call(api, "jobs", doc, "application/json"))
    assert [m["Body"] for m in received(jobs)] == [doc]


def test_send_200kb_job(stack):
    api, jobs, _ = stack
    text = big_text()
    assert 190 * 1024 < len(text.encode()) <= 200 * 1024 < SQS_MAX_BYTES
    mid = message_id(call(api, "jobs", text))
    msgs = received(jobs)
    assert len(msgs) == 1
    assert len(msgs[0]["Body"].encode()) == len(text.encode())
    assert msgs[0]["Body"] == text
    assert msgs[0]["MessageId"] == mid


def test_fifo_orders_keep_order_and_group(stack):
    api, _, orders = stack
    # different bodies: the queue deduplicates on content
    bodies = [f"first order: {TEXT}", f"second order: {TEXT}"]
    ids = [message_id(call(api, "orders/c-1", b)) for b in bodies]
    msgs = received(orders, 2, MessageSystemAttributeNames=["MessageGroupId"])
    assert [m["Body"] for m in msgs] == bodies
    assert [m["Attributes"]["MessageGroupId"] for m in msgs] == ["c-1", "c-1"]
    assert [m["MessageId"] for m in msgs] == ids


def test_valid_task_reaches_the_queue(stack):
    api, jobs, _ = stack
    doc = '{"name": "Grüße & co = 100%", "priority": 3}'
    message_id(call(api, "tasks", doc, "application/json"))
    assert [m["Body"] for m in received(jobs)] == [doc]


@pytest.mark.parametrize(
    "doc",
    [
        '{"name": "no priority"}',
        '{"name": "too urgent", "priority": 9}',
        '{"name": "", "priority": 1}',
        '{"name": "extra", "priority": 1, "owner": "x"}',
        "not json at all",
    ],
)
def test_invalid_task_is_answered_400_by_the_gateway(stack, doc):
    api, jobs, _ = stack
    r = call(api, "tasks", doc, "application/json")
    assert r.status_code == 400, (r.status_code, r.text[:500])
    # API Gateway answered itself: nothing was sent to the queue.
    assert received(jobs, count=1, wait=2) == []
