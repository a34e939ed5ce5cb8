"""End-to-end: deploy the generated Firehose API (out/firehose-events) to LocalStack, put
records over HTTP, and find them in the objects the delivery stream writes under `events/` of
its bucket (GZIP, one record a line).

POST /events puts the body as one record; POST /events/batch puts each element of the body's
`records` array.

LocalStack's CloudFormation provider of AWS::KinesisFirehose::DeliveryStream fails without a
DeliveryStreamName (a KeyError; CloudFormation itself names the stream when it is left out, as
the generated template does), so this deployment gives the stream a name.
"""

import gzip
import json
import time
import uuid

import pytest
import requests

from harness import (
    client,
    deployed_stack,
    invoke_url,
    load_template,
    physical_id,
    require_localstack,
    timed,
    unique_name,
)

TEMPLATE = "out/firehose-events/cloudformation.json"
STAGE = "dev"
PREFIX = "events/"
TIMEOUT = 60
# The blueprint buffers up to 60 s; LocalStack may deliver at once or at the interval.
DELIVERY_WAIT = 150


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    template = load_template(TEMPLATE)
    template["Resources"]["DeliveryStreamEvents"]["Properties"]["DeliveryStreamName"] = unique_name("events")
    with deployed_stack(template, "firehose") as (name, outputs):
        yield outputs["ApiId"], physical_id(name, "BucketArchive")
        empty(physical_id(name, "BucketArchive"))


def empty(bucket):
    """Delete what the delivery stream wrote, every version of it (owned buckets are
    versioned), so the bucket can be deleted with the stack."""
    s3 = client("s3")
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket):
        for o in page.get("Versions", []) + page.get("DeleteMarkers", []):
            s3.delete_object(Bucket=bucket, Key=o["Key"], VersionId=o["VersionId"])


def call(api, path, body, content_type="application/json"):
    with timed("HTTP calls firehose"):
        return requests.post(
            invoke_url(api, STAGE, path), data=body.encode(), headers={"Content-Type": content_type}, timeout=TIMEOUT
        )


def delivered_lines(bucket):
    """Every line of every object under the prefix, decompressed when GZIP."""
    s3 = client("s3")
    lines = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=PREFIX):
        for o in page.get("Contents", []):
            data = s3.get_object(Bucket=bucket, Key=o["Key"])["Body"].read()
            if data[:2] == b"\x1f\x8b":
                data = gzip.decompress(data)
            lines.extend(data.decode().splitlines())
    return lines


def wait_for(bucket, wanted):
    """Waits until every record of `wanted` (JSON values) is a line of the delivered objects,
    or fails after the wait."""

    def missing(lines):
        got = []
        for line in lines:
            try:
                got.append(json.loads(line))
            except ValueError:
                pass
        return [w for w in wanted if w not in got]

    deadline = time.monotonic() + DELIVERY_WAIT
    with timed("Firehose delivery"):
        while True:
            lines = delivered_lines(bucket)
            left = missing(lines)
            if not left or time.monotonic() > deadline:
                break
            time.sleep(2)
    assert not left, f"not delivered under {PREFIX} within {DELIVERY_WAIT} s: {left}; found {lines[:20]}"


def test_put_record_is_delivered_to_the_bucket(stack):
    api, bucket = stack
    doc = json.dumps({"event": "signup", "id": uuid.uuid4().hex, "text": "Grüße & 東京 = 100%"})
    r = call(api, "events", doc)
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    assert r.json().get("recordId"), r.text
    wait_for(bucket, [json.loads(doc)])


def test_put_record_batch_delivers_each_record_on_its_line(stack):
    api, bucket = stack
    records = [{"event": "click", "id": uuid.uuid4().hex, "n": i} for i in range(3)]
    r = call(api, "events/batch", json.dumps({"records": records}))
    assert r.status_code == 200, (r.status_code, r.text[:2000])
    body = r.json()
    assert body["failed"] == 0 and len(body["records"]) == 3, body
    assert all(rec.get("recordId") for rec in body["records"]), body
    wait_for(bucket, records)


def test_put_record_batch_refuses_an_empty_batch(stack):
    api, _ = stack
    r = call(api, "events/batch", json.dumps({"records": []}))
    if r.status_code == 200:
        pytest.skip(
            "LocalStack's Firehose accepts PutRecordBatch with no records (AWS refuses it with "
            f"ValidationException, which the route answers 400); LocalStack answered {r.text[:200]}"
        )
    assert r.status_code == 400, (r.status_code, r.text[:500])
