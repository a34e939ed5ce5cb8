"""End-to-end: deploy the generated S3 proxy to LocalStack and call it over HTTP.

The tests run in file order and share one deployed API and one bucket.
"""

from urllib.parse import quote

import pytest
import requests
from botocore.exceptions import ClientError

from harness import client, deployed, invoke_url, load_template, require_localstack, timed, unique_name

TEMPLATE = "out/s3-proxy/cloudformation.json"
STAGE = "dev"
TEXT_KEY = "notes.txt"
BINARY_KEY = "bytes.bin"
# non-ASCII plus the characters that break form or query encodings
TEXT = "Grüße, ça va? 東京 🚀 a&b=c+d?e".encode()
ALL_BYTES = bytes(range(256))
TIMEOUT = 30


@pytest.fixture(scope="module")
def api():
    require_localstack()
    template = load_template(TEMPLATE)
    # LocalStack gap: it does not treat "*/*" in BinaryMediaTypes as binary, so
    # a raw-bytes body would be mangled as text. On AWS "*/*" alone is enough;
    # add the explicit type here only, for the binary round-trip test.
    template["Resources"]["RestApi"]["Properties"]["BinaryMediaTypes"].append("application/octet-stream")
    with deployed(template, "s3") as outputs:
        stages = client("apigateway").get_stages(restApiId=outputs["ApiId"])["item"]
        assert [s["stageName"] for s in stages] == [STAGE]
        yield outputs["ApiId"]


@pytest.fixture(scope="module")
def bucket(api):
    name = unique_name("gw-e2e")
    yield name
    # clean up whatever a failed test left behind
    s3 = client("s3")
    try:
        for obj in s3.list_objects_v2(Bucket=name).get("Contents", []):
            s3.delete_object(Bucket=name, Key=obj["Key"])
        s3.delete_bucket(Bucket=name)
    except ClientError:
        pass


def url(api, path=""):
    return invoke_url(api, STAGE, path)


def call(method, api, path="", **kwargs):
    with timed("HTTP calls"):
        return requests.request(method, url(api, path), timeout=TIMEOUT, **kwargs)


def exists(fn, **kwargs):
    try:
        fn(**kwargs)
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] in ("404", "NoSuchKey", "NoSuchBucket", "NotFound"):
            return False
        raise


def ensure_bucket(name):
    """Later tests need the bucket even if PUT /{folder} failed: that failure
    stays reported by its own test instead of failing every test after it."""
    s3 = client("s3")
    if not exists(s3.head_bucket, Bucket=name):
        s3.create_bucket(Bucket=name)


def test_put_folder_creates_bucket(api, bucket):
    r = call("PUT", api, bucket)
    assert r.status_code == 200, r.text
    assert exists(client("s3").head_bucket, Bucket=bucket)


def test_put_item_stores_exact_bytes(api, bucket):
    ensure_bucket(bucket)
    text_plain = {"Content-Type": "text/plain; charset=utf-8"}
    r = call("PUT", api, f"{bucket}/{TEXT_KEY}", data=TEXT, headers=text_plain)
    assert r.status_code == 200, r.text
    assert client("s3").get_object(Bucket=bucket, Key=TEXT_KEY)["Body"].read() == TEXT


def test_get_item_returns_it(api, bucket):
    r = call("GET", api, f"{bucket}/{TEXT_KEY}")
    assert r.status_code == 200, r.text
    assert r.content == TEXT


def test_head_item(api, bucket):
    r = call("HEAD", api, f"{bucket}/{TEXT_KEY}")
    assert r.status_code == 200


def test_get_root_lists_bucket_as_xml(api, bucket):
    r = call("GET", api, "")
    assert r.status_code == 200, r.text
    assert "xml" in r.headers.get("Content-Type", ""), r.headers
    assert f"<Name>{bucket}</Name>" in r.text


def test_get_folder_lists_object(api, bucket):
    r = call("GET", api, bucket)
    assert r.status_code == 200, r.text
    assert f"<Key>{TEXT_KEY}</Key>" in r.text


def test_missing_item_answers_400(api, bucket):
    r = call("GET", api, f"{bucket}/no-such-item")
    assert r.status_code == 400, (r.status_code, r.text)


def test_binary_round_trip(api, bucket):
    ensure_bucket(bucket)
    octets = {"Content-Type": "application/octet-stream", "Accept": "application/octet-stream"}
    r = call("PUT", api, f"{bucket}/{BINARY_KEY}", data=ALL_BYTES, headers=octets)
    assert r.status_code == 200, r.text
    assert client("s3").get_object(Bucket=bucket, Key=BINARY_KEY)["Body"].read() == ALL_BYTES
    r = call("GET", api, f"{bucket}/{BINARY_KEY}", headers={"Accept": "application/octet-stream"})
    assert r.status_code == 200, r.text
    assert r.content == ALL_BYTES


# Keys with `/`, spaces and non-ASCII through the plain `{item}`: the client sends `/` as
# `%2F` (a raw `/` would be another path level, which `/{folder}/{item}` does not have). The
# greedy `{key+}` form of the same keys is in test_s3_objects.py.
SLASHED_KEYS = ["reports/2024/q1.bin", "with space/and more.bin", "ünïcødé/東京/🚀.bin"]


@pytest.mark.parametrize("key", SLASHED_KEYS)
def test_item_key_with_slashes_sent_as_percent_2f(api, bucket, key):
    ensure_bucket(bucket)
    s3 = client("s3")
    data = key.encode() + ALL_BYTES
    s3.put_object(Bucket=bucket, Key=key, Body=data, ContentType="application/octet-stream")
    try:
        r = call("GET", api, f"{bucket}/{quote(key, safe='')}", headers={"Accept": "application/octet-stream"})
        assert r.status_code == 200, (r.status_code, r.text)
        assert r.content == data
        r = call("GET", api, f"{bucket}/{quote(key, safe='/')}")
        assert r.status_code != 200, "a raw `/` must not reach `/{folder}/{item}`"
    finally:
        s3.delete_object(Bucket=bucket, Key=key)


def test_delete_items_then_bucket(api, bucket):
    s3 = client("s3")
    for key in (TEXT_KEY, BINARY_KEY):
        r = call("DELETE", api, f"{bucket}/{key}")
        assert r.status_code == 200, r.text
        assert not exists(s3.head_object, Bucket=bucket, Key=key)
    r = call("DELETE", api, bucket)
    assert r.status_code == 200, r.text
    assert not exists(s3.head_bucket, Bucket=bucket)
