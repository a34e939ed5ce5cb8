"""End-to-end: out/s3-objects on LocalStack. Object keys holding `/`, spaces, unicode and
`%2F` through the greedy `GET /{folder}/{key+}`, and bucket and key taken from a stage
variable, a query string and a header; every object is read back byte for byte.

The `{item}` (not greedy) form of the same keys is tested on the S3 proxy
(test_s3_proxy.py), where clients must send `/` as `%2F`.
"""

from urllib.parse import quote

import pytest
import requests
from botocore.exceptions import ClientError

from harness import REPO, client, deployed, invoke_url, load_template, require_localstack, timed, unique_name

TEMPLATE = "out/s3-objects/cloudformation.json"
STAGE = "dev"
TIMEOUT = 30
ALL_BYTES = bytes(range(256))
OCTETS = "application/octet-stream"
# Keys API Gateway and S3 disagree on most often: `/` kept by the greedy variable, spaces,
# non-ASCII, and characters that mean something in a URL.
KEYS = [
    "reports/2024/q1.bin",
    "with space/and more.bin",
    "ünïcødé/東京/🚀.bin",
    "deep/a/b/c/d/e+f=g&h.bin",
]


def body(key):
    """A different payload per key, with every byte value."""
    return key.encode() + ALL_BYTES


@pytest.fixture(scope="module")
def bucket():
    require_localstack()
    # the blueprint grants `gw-objects-*` only
    name = unique_name("gw-objects")
    s3 = client("s3")
    s3.create_bucket(Bucket=name)
    yield name
    for obj in s3.list_objects_v2(Bucket=name).get("Contents", []):
        s3.delete_object(Bucket=name, Key=obj["Key"])
    try:
        s3.delete_bucket(Bucket=name)
    except ClientError:
        pass


@pytest.fixture(scope="module")
def api(bucket):
    template = load_template(TEMPLATE)
    # LocalStack gap (as in test_s3_proxy.py): "*/*" alone is not treated as binary there.
    template["Resources"]["RestApi"]["Properties"]["BinaryMediaTypes"].append(OCTETS)
    stages = [r for r in template["Resources"].values() if r["Type"] == "AWS::ApiGateway::Stage"]
    assert len(stages) == 1
    assert stages[0]["Properties"]["Variables"] == {"bucket": "gw-objects-dev"}
    # The stage variable names this run's bucket, as a second stage would name its own.
    stages[0]["Properties"]["Variables"]["bucket"] = bucket
    with deployed(template, "s3objects") as outputs:
        yield outputs["ApiId"]


def call(method, api, path, **kwargs):
    with timed("HTTP calls"):
        return requests.request(method, invoke_url(api, STAGE, path), timeout=TIMEOUT, **kwargs)


def put(bucket, key):
    client("s3").put_object(Bucket=bucket, Key=key, Body=body(key), ContentType=OCTETS)


def stored(bucket, key):
    return client("s3").get_object(Bucket=bucket, Key=key)["Body"].read()


@pytest.mark.parametrize("key", KEYS)
def test_greedy_key_keeps_its_slashes(api, bucket, key):
    put(bucket, key)
    r = call("GET", api, f"{bucket}/{quote(key, safe='/')}", headers={"Accept": OCTETS})
    assert r.status_code == 200, (r.status_code, r.text)
    assert r.content == body(key)


@pytest.mark.parametrize("key", KEYS)
def test_greedy_key_takes_slashes_sent_as_percent_2f(api, bucket, key):
    put(bucket, key)
    r = call("GET", api, f"{bucket}/{quote(key, safe='')}", headers={"Accept": OCTETS})
    assert r.status_code == 200, (r.status_code, r.text)
    assert r.content == body(key)


def test_greedy_route_answers_400_for_a_missing_key(api, bucket):
    r = call("GET", api, f"{bucket}/no/such/key.bin")
    assert r.status_code == 400, (r.status_code, r.text)


@pytest.mark.parametrize("key", KEYS)
def test_query_string_key_from_the_stage_bucket(api, bucket, key):
    put(bucket, key)
    r = call("GET", api, "objects", params={"key": key}, headers={"Accept": OCTETS})
    assert r.status_code == 200, (r.status_code, r.text)
    assert r.content == body(key)


def test_header_key_writes_to_the_stage_bucket(api, bucket):
    key = "uploads/from header.bin"
    data = ALL_BYTES[::-1]
    r = call("PUT", api, "objects", data=data, headers={"Content-Type": OCTETS, "x-object-key": key})
    assert r.status_code == 200, (r.status_code, r.text)
    assert stored(bucket, key) == data


def imported(document, bucket):
    """The generated OpenAPI or Swagger document imported with `aws apigateway
    import-rest-api` (its placeholders filled as `env` would), deployed to stage `dev`
    with the stage variable naming `bucket`; returns the API id."""
    text = (REPO / document).read_text(encoding="utf-8")
    for placeholder, value in {
        "${AWS::Partition}": "aws",
        "${AWS::Region}": "us-east-1",
        "${ExecutionRole.Arn}": "arn:aws:iam::000000000000:role/gw-objects-import",
    }.items():
        text = text.replace(placeholder, value)
    assert "${" not in text, "a placeholder the test does not fill"
    apigw = client("apigateway")
    api_id = apigw.import_rest_api(body=text.encode(), parameters={"endpointConfigurationTypes": "REGIONAL"})["id"]
    # the LocalStack gap of the `api` fixture: "*/*" alone is not binary there
    apigw.update_rest_api(restApiId=api_id, patchOperations=[{"op": "add", "path": "/binaryMediaTypes/application~1octet-stream"}])
    apigw.create_deployment(restApiId=api_id, stageName=STAGE, variables={"bucket": bucket})
    return api_id


@pytest.mark.parametrize("document", ["out/s3-objects/openapi.json", "out/s3-objects/swagger.json"])
def test_imported_document_serves_greedy_and_query_keys(bucket, document):
    apigw = client("apigateway")
    api_id = imported(document, bucket)
    try:
        resources = {r["path"]: r for r in apigw.get_resources(restApiId=api_id, embed=["methods"])["items"]}
        assert "/{folder}/{key+}" in resources, sorted(resources)
        key = "imported/with space/ünï.bin"
        put(bucket, key)
        r = call("GET", api_id, f"{bucket}/{quote(key, safe='/')}", headers={"Accept": OCTETS})
        assert r.status_code == 200, (r.status_code, r.text)
        assert r.content == body(key)
        r = call("GET", api_id, "objects", params={"key": key}, headers={"Accept": OCTETS})
        assert r.status_code == 200, (r.status_code, r.text)
        assert r.content == body(key)
    finally:
        apigw.delete_rest_api(restApiId=api_id)
