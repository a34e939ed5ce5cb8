"""End-to-end: deploy the generated Kinesis API (out/kinesis-clicks) to LocalStack and call
it over HTTP; each record is read back from the stream (get-shard-iterator at the sequence
number the API answered, then get-records) and its data and partition key compared with what
was sent.

POST /clicks/{user} puts the body on StreamClicks with the user as partition key; POST /clicks
puts each element of the body's `records` array, each with its partition key; POST /audit puts
the body on the provisioned StreamAudit keyed by the X-Tenant header.
"""

import json

import pytest
import requests

from harness import client, deployed_stack, invoke_url, load_template, physical_id, require_localstack, timed

TEMPLATE = "out/kinesis-clicks/cloudformation.json"
STAGE = "dev"
TEXT = 'click: Grüße, 東京 & co = 100% + "quoted" {json} $dollar #hash'
TIMEOUT = 60


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with deployed_stack(load_template(TEMPLATE), "kinesis") as (name, outputs):
        yield outputs["ApiId"], physical_id(name, "StreamClicks"), physical_id(name, "StreamAudit")


def call(api, path, body, content_type="application/json", headers=None):
    with timed("HTTP calls kinesis"):
        return requests.post(
            invoke_url(api, STAGE, path),
            data=body.encode(),
            headers={"Content-Type": content_type, **(headers or {})},
            timeout=TIMEOUT,
        )


def record_at(stream, shard, sequence):
    """The record with `sequence` in `shard` of `stream` (a name, or an ARN from Terraform)."""
    k = client("kinesis")
    name = stream.rsplit("/", 1)[-1]
    with timed("Kinesis read"):
        it = k.get_shard_iterator(
            StreamName=name, ShardId=shard, ShardIteratorType="AT_SEQUENCE_NUMBER", StartingSequenceNumber=sequence
        )["ShardIterator"]
        records = k.get_records(ShardIterator=it, Limit=1)["Records"]
    assert records, f"no record at {sequence} in {shard} of {name}"
    return records[0]


def placed(r):
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    body = r.json()
    assert body.get("shardId", "").startswith("shardId-"), body
    assert body.get("sequenceNumber"), body
    return body["shardId"], body["sequenceNumber"]


def test_put_record_lands_on_the_stream(stack):
    api, clicks, _ = stack
    shard, seq = placed(call(api, "clicks/u-42", TEXT, "text/plain"))
    rec = record_at(clicks, shard, seq)
    assert rec["Data"] == TEXT.encode()
    assert rec["PartitionKey"] == "u-42"


def test_put_record_of_json_keeps_the_body_exactly(stack):
    api, clicks, _ = stack
    doc = '{"page": "/home", "ms": 12,  "tags": ["a", "ü"]}'
    shard, seq = placed(call(api, "clicks/u-7", doc))
    assert record_at(clicks, shard, seq)["Data"] == doc.encode()


def test_put_records_puts_each_record_with_its_key(stack):
    api, clicks, _ = stack
    records = [
        {"data": {"page": "/a", "n": 1}, "partition_key": "user-1"},
        {"data": {"page": "/b", "text": TEXT}, "partition_key": "user-2"},
        {"data": "plain string", "partition_key": "user-3"},
    ]
    r = call(api, "clicks", json.dumps({"records": records}))
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    body = r.json()
    assert body["failed"] == 0, body
    assert len(body["records"]) == len(records), body
    for sent, placed_at in zip(records, body["records"], strict=True):
        rec = record_at(clicks, placed_at["shardId"], placed_at["sequenceNumber"])
        assert json.loads(rec["Data"]) == sent["data"]
        assert rec["PartitionKey"] == sent["partition_key"]


def test_put_records_refuses_an_empty_batch(stack):
    api, _, _ = stack
    r = call(api, "clicks", json.dumps({"records": []}))
    if r.status_code == 200:
        pytest.skip(
            "LocalStack's Kinesis accepts PutRecords with no records (AWS refuses it with "
            f"ValidationException, which the route answers 400); LocalStack answered {r.text[:200]}"
        )
    assert r.status_code == 400, (r.status_code, r.text[:500])


def test_audit_record_is_keyed_by_the_tenant_header(stack):
    api, _, audit = stack
    shard, seq = placed(call(api, "audit", TEXT, "text/plain", {"X-Tenant": "acme"}))
    rec = record_at(audit, shard, seq)
    assert rec["Data"] == TEXT.encode()
    assert rec["PartitionKey"] == "acme"


def test_missing_partition_key_is_refused(stack):
    api, _, _ = stack
    # Without the header the partition key is empty, which Kinesis refuses.
    r = call(api, "audit", TEXT, "text/plain")
    if r.status_code == 200:
        pytest.skip(
            "LocalStack's Kinesis accepts an empty partition key (AWS refuses it with "
            f"ValidationException, which the route answers 400); LocalStack answered {r.text[:200]}"
        )
    assert r.status_code == 400, (r.status_code, r.text[:500])


def test_a_partial_failure_answers_500():
    pytest.skip(
        "Kinesis fails single records of a batch only under throttling or KMS errors, which "
        "LocalStack does not produce; the 500 mapping of FailedRecordCount > 0 is checked by "
        "the unit tests of the response template"
    )
