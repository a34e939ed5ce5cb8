"""End-to-end: deploy the generated EventBridge API (out/eventbridge-orders) to LocalStack,
put events over HTTP and check that the bus's rule delivered the matching ones to its
target queue (whose policy lets EventBridge send for that rule only).
"""

import json

import pytest
import requests

from harness import deployed_stack, invoke_url, load_template, physical_id, receive_messages, require_localstack, timed

TEMPLATE = "out/eventbridge-orders/cloudformation.json"
STAGE = "dev"
TIMEOUT = 60
SOURCE = "com.example.orders"
TEXT = "Grüße, 東京 & co = 100% + \"quoted\" 'single'"


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with deployed_stack(load_template(TEMPLATE), "events") as (name, outputs):
        yield outputs["ApiId"], physical_id(name, "QueueShipments")


def call(api, path, body, headers=None):
    with timed("HTTP calls eventbridge"):
        return requests.post(
            invoke_url(api, STAGE, path),
            data=json.dumps(body).encode(),
            headers={"Content-Type": "application/json", **(headers or {})},
            timeout=TIMEOUT,
        )


def accepted(r, count=1):
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    body = r.json()
    assert body["FailedEntryCount"] == 0, body
    assert len(body["Entries"]) == count and all(e.get("EventId") for e in body["Entries"]), body
    return [e["EventId"] for e in body["Entries"]]


def delivered(queue, count, wait=20):
    with timed("SQS receive"):
        return [json.loads(m["Body"]) for m in receive_messages(queue, count, wait=wait)]


def test_event_reaches_the_rule_target(stack):
    api, queue = stack
    detail = {"order": 1, "note": TEXT}
    ids = accepted(call(api, "orders/OrderShipped", detail))
    events = delivered(queue, 1)
    assert len(events) == 1, events
    e = events[0]
    assert (e["source"], e["detail-type"], e["detail"]) == (SOURCE, "OrderShipped", detail)
    assert e["id"] == ids[0]


def test_events_the_pattern_does_not_match_stay_on_the_bus(stack):
    api, queue = stack
    accepted(call(api, "orders/OrderPlaced", {"order": 2}))
    assert delivered(queue, 1, wait=5) == []


def test_batch_puts_one_event_per_element(stack):
    api, queue = stack
    details = [{"order": 3}, {"order": 4, "note": TEXT}]
    accepted(call(api, "orders/batch", details, {"X-Detail-Type": "OrderShipped"}), count=2)
    events = delivered(queue, 2)
    assert sorted((e["detail"] for e in events), key=lambda d: d["order"]) == details
    assert {e["detail-type"] for e in events} == {"OrderShipped"}


def test_detail_written_by_a_template(stack):
    api, queue = stack
    shipment = {"order": 5, "note": TEXT}
    accepted(call(api, "shipments", shipment))
    events = delivered(queue, 1)
    assert [e["detail"] for e in events] == [{"shipment": shipment, "stage": STAGE}]
