"""End-to-end: the generated presigned multipart-upload function against LocalStack's S3.

POST|GET|PUT|DELETE /multipart/{object} are Lambda proxy integrations to one generated Python
function: POST starts a multipart upload under incoming/ (answers uploadId), GET
?uploadId=&parts=N answers N presigned part-upload URLs, PUT with the JSON body
{"uploadId", "parts": [{"PartNumber", "ETag"}]} completes the upload, DELETE ?uploadId= aborts it.

As in test_s3_presigned.py, LocalStack cannot run the function, so the tests take its code from
the generated CloudFormation template (Properties.Code.ZipFile), import it as `index` the way the
Lambda runtime would, call `index.handler(event, None)` with API Gateway's proxy event, and use the
URLs it hands out against LocalStack's S3, which checks SigV4 query signatures
(scripts/localstack.sh sets S3_SKIP_SIGNATURE_VALIDATION=0).

An exception escaping the handler is what a caller would see as API Gateway's 502: the tests
call the handler through `call()`, which lets such an exception fail the test.
"""

import base64
import hashlib
import json
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

from harness import (
    ENDPOINT,
    REGION,
    client,
    import_code,
    inline_code,
    load_template,
    proxy_event,
    require_localstack,
    timed,
    unique_name,
)

TEMPLATE = "out/s3-presigned-upload/cloudformation.json"
FUNCTION = "FunctionPresignMultipartUploads"
ROUTE = "multipart"
RESOURCE = f"/{ROUTE}/{{object}}"
PREFIX = "incoming/"  # the blueprint's key: "incoming/{object}"
MAX_KEY = 1024  # S3's limit on a whole key, in UTF-8 bytes
MAX_PARTS = 10000  # S3's limit on the parts of one upload
MIN_PART = 5 * 1024 * 1024  # S3's smallest part, but for the last one
LAMBDA_RESPONSE_LIMIT = 6 * 1024 * 1024  # a synchronous invocation's largest response payload
TIMEOUT = 60

# Lambda's session tokens are about 1,100 base64 characters (some '/' and '+', which the
# presigned URLs carry percent-encoded): one of that length, so the URLs are as long as on AWS.
# LocalStack checks the signature (which covers the token) with the secret of the access key.
SESSION_TOKEN = base64.b64encode(b"".join(hashlib.sha512(bytes([i])).digest() for i in range(13))).decode()

FUNCTION_ENV = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_SESSION_TOKEN": SESSION_TOKEN,
    "AWS_REGION": REGION,
    "AWS_DEFAULT_REGION": REGION,
    "AWS_ENDPOINT_URL_S3": ENDPOINT,
}


def pattern(n, seed=0):
    """n bytes holding every byte value (n >= 256), not periodic over 256 bytes."""
    return bytes((i * 7 + i // 256 + seed) % 256 for i in range(n))


# 5 MiB, 5 MiB and a smaller last part, each different
PARTS = [pattern(MIN_PART, 0), pattern(MIN_PART, 101), pattern(1024 * 1024 + 12345, 203)]


# -- static ---------------------------------------------------------------------------------


def test_generated_function_code_compiles_and_serves_the_four_methods():
    template = load_template(TEMPLATE)
    resources = template["Resources"]
    props = resources[FUNCTION]["Properties"]
    assert props["Runtime"] == "python3.12"
    assert props["Handler"] == "index.handler"
    assert "BUCKET" in props["Environment"]["Variables"]
    code = inline_code(template, FUNCTION)
    compile(code, f"{FUNCTION}/index.py", "exec", dont_inherit=True)
    # CloudFormation refuses inline (ZipFile) code over 4096 characters
    assert len(code) <= 4096, len(code)

    methods = {}
    for logical_id, res in resources.items():
        if res["Type"] != "AWS::ApiGateway::Method":
            continue
        integration = res["Properties"].get("Integration") or {}
        if FUNCTION in json.dumps(integration.get("Uri")):
            assert integration["Type"] == "AWS_PROXY", logical_id
            assert integration["IntegrationHttpMethod"] == "POST", logical_id
            resource = resources[res["Properties"]["ResourceId"]["Ref"]]["Properties"]
            parent = resources[resource["ParentId"]["Ref"]]["Properties"]
            assert (parent["PathPart"], resource["PathPart"]) == (ROUTE, "{object}"), logical_id
            methods[res["Properties"]["HttpMethod"]] = logical_id
    assert sorted(methods) == ["DELETE", "GET", "POST", "PUT"], methods


# -- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bucket():
    require_localstack()
    s3 = client("s3")
    name = unique_name("gw-e2e-multipart")
    s3.create_bucket(Bucket=name)
    yield name
    for upload in s3.list_multipart_uploads(Bucket=name).get("Uploads", []):
        s3.abort_multipart_upload(Bucket=name, Key=upload["Key"], UploadId=upload["UploadId"])
    for obj in s3.list_objects_v2(Bucket=name).get("Contents", []):
        s3.delete_object(Bucket=name, Key=obj["Key"])
    s3.delete_bucket(Bucket=name)


@pytest.fixture(scope="module")
def fn(bucket, tmp_path_factory):
    """The generated code imported as index.py, with the environment the function would have
    (kept for the module's tests: boto3 reads it) and a fresh boto3 default session, as in a
    cold start (another test module's session would carry its own cached credentials)."""
    template = load_template(TEMPLATE)
    with pytest.MonkeyPatch.context() as mp:
        for var in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_ENDPOINT_URL"):
            mp.delenv(var, raising=False)
        empty = tmp_path_factory.mktemp("aws-config") / "none"
        mp.setenv("AWS_CONFIG_FILE", str(empty))
        mp.setenv("AWS_SHARED_CREDENTIALS_FILE", str(empty))
        for var, value in FUNCTION_ENV.items():
            mp.setenv(var, value)
        mp.setenv("BUCKET", bucket)
        mp.setattr(boto3, "DEFAULT_SESSION", None)
        with timed("import multipart function"):
            module = import_code(inline_code(template, FUNCTION), tmp_path_factory.mktemp("multipart"))
        yield module


def call(fn, method, obj, query=None, body=None):
    """Invoke the handler as API Gateway would for <method> /multipart/{object}; returns
    (statusCode, parsed JSON body) after checking the proxy response's shape."""
    event = proxy_event(
        method,
        RESOURCE,
        f"/{ROUTE}/{obj}",
        path_parameters={"object": obj},
        query=query,
        headers={"Content-Type": "application/json"} if body is not None else None,
        body=body,
    )
    with timed("multipart handler calls"):
        response = fn.handler(event, None)
    assert isinstance(response["statusCode"], int), response
    assert response["headers"]["Content-Type"] == "application/json", response
    assert isinstance(response["body"], str), response
    return response["statusCode"], json.loads(response["body"])


def start(fn, obj):
    status, body = call(fn, "POST", obj)
    assert status == 200, body
    assert isinstance(body["uploadId"], str) and body["uploadId"], body
    return body["uploadId"]


def part_urls(fn, obj, upload_id, count):
    status, body = call(fn, "GET", obj, {"uploadId": upload_id, "parts": str(count)})
    assert status == 200, body
    assert body["uploadId"] == upload_id
    assert len(body["urls"]) == count, body
    return body["urls"]


def complete_body(upload_id, parts):
    return json.dumps({"uploadId": upload_id, "parts": parts})


def http(method, url, **kwargs):
    with timed("HTTP calls to presigned part URLs"):
        return requests.request(method, url, timeout=TIMEOUT, **kwargs)


def exists(bucket, key):
    try:
        client("s3").head_object(Bucket=bucket, Key=key)
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] in ("404", "NoSuchKey"):
            return False
        raise


def open_uploads(bucket):
    """{(key, uploadId)} of the bucket's multipart uploads in progress."""
    uploads = client("s3").list_multipart_uploads(Bucket=bucket).get("Uploads", [])
    return {(u["Key"], u["UploadId"]) for u in uploads}


def stored_parts(bucket, key, upload_id):
    return client("s3").list_parts(Bucket=bucket, Key=key, UploadId=upload_id).get("Parts", [])


def md5_etag(data):
    return '"%s"' % hashlib.md5(data).hexdigest()


# -- a whole upload -------------------------------------------------------------------------


def test_three_parts_through_the_part_urls_land_exactly_under_incoming(fn, bucket):
    name = "big.bin"
    data = b"".join(PARTS)
    assert set(data) == set(range(256))
    assert [len(p) for p in PARTS[:2]] == [MIN_PART, MIN_PART] and len(PARTS[2]) < MIN_PART

    upload_id = start(fn, name)
    assert (PREFIX + name, upload_id) in open_uploads(bucket)

    status, body = call(fn, "GET", name, {"uploadId": upload_id, "parts": "3"})
    assert status == 200, body
    assert body["expiresIn"] == 3600
    urls = body["urls"]
    assert len(urls) == 3
    for n, url in enumerate(urls, start=1):
        # path-style, SigV4 query auth, one part of this upload each
        assert url.startswith(f"{ENDPOINT}/{bucket}/{PREFIX}{name}?"), url
        query = parse_qs(urlsplit(url).query)
        assert query["partNumber"] == [str(n)], url
        assert query["uploadId"] == [upload_id], url
        assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
        assert query["X-Amz-Expires"] == ["3600"]
        assert query["X-Amz-Security-Token"] == [SESSION_TOKEN]

    etags = []
    for n, (url, part) in enumerate(zip(urls, PARTS), start=1):
        r = http("PUT", url, data=part)
        assert r.status_code == 200, (n, r.status_code, r.text[:500])
        assert r.headers["ETag"] == md5_etag(part), (n, r.headers)
        etags.append({"PartNumber": n, "ETag": r.headers["ETag"]})
    assert [p["Size"] for p in stored_parts(bucket, PREFIX + name, upload_id)] == [len(p) for p in PARTS]
    assert not exists(bucket, PREFIX + name)  # nothing before completion

    status, body = call(fn, "PUT", name, body=complete_body(upload_id, etags))
    assert status == 200, body
    assert body == {"key": name}

    s3 = client("s3")
    obj = s3.get_object(Bucket=bucket, Key=PREFIX + name)
    assert obj["ContentLength"] == len(data)
    assert obj["Body"].read() == data
    assert obj["ETag"].endswith('-3"'), obj["ETag"]
    assert (PREFIX + name, upload_id) not in open_uploads(bucket)
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket).get("Contents", [])]
    assert name not in keys and PREFIX + name in keys


@pytest.mark.parametrize(
    "obj",
    [
        "Grüße & co = 100% (final)+v2.bin",  # spaces and characters that are percent-encoded
        "x" * (MAX_KEY - len(PREFIX)),  # the longest name that fits S3's 1024-byte key
    ],
    ids=["special-characters", "longest-name"],
)
def test_names_that_need_encoding_or_fill_the_key_land_exactly(fn, bucket, obj):
    data = pattern(300_000, 7)
    upload_id = start(fn, obj)
    [url] = part_urls(fn, obj, upload_id, 1)
    r = http("PUT", url, data=data)
    assert r.status_code == 200, (r.status_code, r.text[:500])
    status, body = call(fn, "PUT", obj, body=complete_body(upload_id, [{"PartNumber": 1, "ETag": r.headers["ETag"]}]))
    assert status == 200, body
    assert client("s3").get_object(Bucket=bucket, Key=PREFIX + obj)["Body"].read() == data


# -- tampered part URLs ---------------------------------------------------------------------


def _tamper_signature(url):
    sig = parse_qs(urlsplit(url).query)["X-Amz-Signature"][0]
    assert url.count(sig) == 1
    return url.replace(sig, sig[:-1] + ("0" if sig[-1] != "0" else "1"))


def _tamper_part_number(url):
    assert url.count("partNumber=1") == 1
    return url.replace("partNumber=1", "partNumber=2")


def _tamper_key(url):
    assert f"/{PREFIX}victim.bin?" in url
    return url.replace(f"/{PREFIX}victim.bin?", f"/{PREFIX}other.bin?")


@pytest.mark.parametrize(
    "tamper", [_tamper_signature, _tamper_part_number, _tamper_key], ids=["signature", "part-number", "key"]
)
def test_a_tampered_part_url_is_refused_and_nothing_is_stored(fn, bucket, tamper):
    upload_id = start(fn, "victim.bin")
    try:
        [url] = part_urls(fn, "victim.bin", upload_id, 1)
        r = http("PUT", tamper(url), data=PARTS[2])
        assert r.status_code == 403, (r.status_code, r.text[:500])
        assert "SignatureDoesNotMatch" in r.text, r.text[:500]
        assert stored_parts(bucket, PREFIX + "victim.bin", upload_id) == []
        assert not exists(bucket, PREFIX + "victim.bin")
        assert not exists(bucket, PREFIX + "other.bin")
        # the URL as handed out still works: the refusal was the tampering's
        r = http("PUT", url, data=b"genuine")
        assert r.status_code == 200, (r.status_code, r.text[:500])
        assert [p["PartNumber"] for p in stored_parts(bucket, PREFIX + "victim.bin", upload_id)] == [1]
    finally:
        status, body = call(fn, "DELETE", "victim.bin", {"uploadId": upload_id})
        assert status == 200, body
    assert not exists(bucket, PREFIX + "victim.bin")


# -- abort ----------------------------------------------------------------------------------


def test_abort_removes_the_upload_and_its_parts(fn, bucket):
    name = "aborted.bin"
    upload_id = start(fn, name)
    [url] = part_urls(fn, name, upload_id, 1)
    r = http("PUT", url, data=PARTS[2])
    assert r.status_code == 200, (r.status_code, r.text[:500])
    assert (PREFIX + name, upload_id) in open_uploads(bucket)

    status, body = call(fn, "DELETE", name, {"uploadId": upload_id})
    assert status == 200, body
    assert body == {"aborted": upload_id}
    assert (PREFIX + name, upload_id) not in open_uploads(bucket)
    assert not exists(bucket, PREFIX + name)
    # its part URLs are dead too
    r = http("PUT", url, data=b"late part")
    assert r.status_code == 404, (r.status_code, r.text[:500])
    assert "NoSuchUpload" in r.text, r.text[:500]


# -- requests the handler refuses -----------------------------------------------------------


BAD_NAMES = [
    "..",
    "../secret.txt",
    "a/../../b",
    "/etc/passwd",
    "/",
    "x" * (MAX_KEY - len(PREFIX) + 1),  # 1025 bytes with the prefix
    "é" * ((MAX_KEY - len(PREFIX)) // 2 + 1),  # 508 characters, 1016 bytes
    "",
]
BAD_NAME_IDS = ["dotdot", "dotdot-slash", "dotdot-inside", "leading-slash", "slash", "1025-bytes", "multibyte-1025", "empty"]


@pytest.mark.parametrize("obj", BAD_NAMES, ids=BAD_NAME_IDS)
@pytest.mark.parametrize("method", ["POST", "GET", "PUT", "DELETE"])
def test_bad_names_are_refused(fn, bucket, method, obj):
    before = open_uploads(bucket)
    # everything but the name is well-formed
    query = {"uploadId": "some-upload-id", "parts": "2"}
    body = complete_body("some-upload-id", [{"PartNumber": 1, "ETag": '"0123456789abcdef0123456789abcdef"'}])
    status, answer = call(fn, method, obj, query, body if method == "PUT" else None)
    assert status == 400, answer
    assert isinstance(answer.get("message"), str) and answer["message"], answer
    assert not {"uploadId", "urls", "key", "aborted"} & set(answer), answer
    assert open_uploads(bucket) == before


def test_a_missing_path_parameter_is_refused(fn):
    for method in ("POST", "GET", "PUT", "DELETE"):
        response = fn.handler(proxy_event(method, RESOURCE, f"/{ROUTE}/"), None)
        assert response["statusCode"] == 400, (method, response)


@pytest.fixture
def live_upload(fn, bucket):
    """A real upload in progress (so a refused call that did reach S3 would show); aborted after."""
    name = "pending.bin"
    upload_id = start(fn, name)
    yield name, upload_id
    assert (PREFIX + name, upload_id) in open_uploads(bucket), "a refused request touched the upload"
    client("s3").abort_multipart_upload(Bucket=bucket, Key=PREFIX + name, UploadId=upload_id)


ONE_PART = [{"PartNumber": 1, "ETag": '"0123456789abcdef0123456789abcdef"'}]


@pytest.mark.parametrize(
    "method, query, body",
    [
        ("GET", None, None),
        ("GET", {"parts": "3"}, None),
        ("GET", {"uploadId": "", "parts": "3"}, None),
        ("DELETE", None, None),
        ("DELETE", {"uploadId": ""}, None),
        ("PUT", None, json.dumps({"parts": ONE_PART})),
        ("PUT", None, json.dumps({"uploadId": "", "parts": ONE_PART})),
        ("PUT", {"uploadId": "from-the-query"}, json.dumps({"parts": ONE_PART})),
    ],
    ids=["get", "get-parts-only", "get-empty", "delete", "delete-empty", "put", "put-empty", "put-id-in-query-only"],
)
def test_a_missing_upload_id_is_refused(fn, bucket, live_upload, method, query, body):
    status, answer = call(fn, method, live_upload[0], query, body)
    assert status == 400, answer
    assert isinstance(answer.get("message"), str) and answer["message"], answer


PAGE = 1000  # part URLs one call hands out at most, to stay within Lambda's 6 MB answer


@pytest.mark.parametrize(
    "query",
    [
        {"parts": p}
        for p in ["0", str(PAGE + 1), "10001", "-1", "", "abc", "1.5", "1e3"]
    ]
    + [{"parts": "1", "from": f} for f in ["0", "10001", "x"]]
    + [{"parts": str(PAGE), "from": str(MAX_PARTS - PAGE + 2)}],
)
def test_a_part_page_outside_the_limits_is_refused(fn, live_upload, query):
    name, upload_id = live_upload
    status, body = call(fn, "GET", name, {"uploadId": upload_id, **query})
    assert status == 400, body
    assert body["message"].startswith("parts must be 1 to 1000"), body


def test_the_part_count_defaults_to_one(fn, live_upload):
    name, upload_id = live_upload
    status, body = call(fn, "GET", name, {"uploadId": upload_id})
    assert status == 200, body
    assert len(body["urls"]) == 1
    assert parse_qs(urlsplit(body["urls"][0]).query)["partNumber"] == ["1"]


def test_the_last_page_of_part_urls_fits_one_lambda_response(fn, live_upload):
    """The last page, parts 9001..10000 (S3's most), is handed out; a page must fit Lambda's
    6 MB response payload, or API Gateway answers 502 instead."""
    name, upload_id = live_upload
    first = MAX_PARTS - PAGE + 1
    event = proxy_event(
        "GET", RESOURCE, f"/{ROUTE}/{name}", {"object": name},
        {"uploadId": upload_id, "parts": str(PAGE), "from": str(first)},
    )
    with timed("multipart handler calls"):
        response = fn.handler(event, None)
    assert response["statusCode"] == 200, response["body"][:500]
    urls = json.loads(response["body"])["urls"]
    assert [parse_qs(urlsplit(u).query)["partNumber"] for u in urls] == [[str(n)] for n in range(first, MAX_PARTS + 1)]
    size = len(json.dumps(response).encode())
    assert size <= LAMBDA_RESPONSE_LIMIT, f"{size} bytes for {PAGE} part URLs"


@pytest.mark.parametrize(
    "body",
    [
        None,
        "",
        "not json",
        "{",
        "[]",
        "null",
        '"text"',
        "42",
        "{}",
        json.dumps({"uploadId": "u"}),
        json.dumps({"parts": ONE_PART}),
        json.dumps({"uploadId": "u", "parts": None}),
        json.dumps({"uploadId": "u", "parts": "1"}),
        json.dumps({"uploadId": "u", "parts": ONE_PART[0]}),
        json.dumps({"uploadId": "u", "parts": [{"PartNumber": 1}]}),
        json.dumps({"uploadId": "u", "parts": [{"ETag": "e"}]}),
        json.dumps({"uploadId": "u", "parts": [{"PartNumber": "one", "ETag": "e"}]}),
        json.dumps({"uploadId": "u", "parts": [1, 2]}),
        # well-formed JSON of the wrong types or values: must not reach S3 either
        json.dumps({"uploadId": "u", "parts": []}),
        json.dumps({"uploadId": 7, "parts": ONE_PART}),
        json.dumps({"uploadId": ["u"], "parts": ONE_PART}),
        '{"uploadId": "u", "parts": [{"PartNumber": 1e400, "ETag": "e"}]}',
        json.dumps({"uploadId": "u", "parts": [{"PartNumber": 0, "ETag": "e"}]}),
        json.dumps({"uploadId": "u", "parts": [{"PartNumber": 10001, "ETag": "e"}]}),
    ],
    ids=[
        "none",
        "empty",
        "not-json",
        "truncated",
        "array",
        "null",
        "string",
        "number",
        "empty-object",
        "no-parts",
        "no-upload-id",
        "parts-null",
        "parts-string",
        "parts-object",
        "part-without-etag",
        "part-without-number",
        "part-number-text",
        "parts-not-objects",
        "parts-empty",
        "upload-id-number",
        "upload-id-list",
        "part-number-infinite",
        "part-number-0",
        "part-number-10001",
    ],
)
def test_a_put_body_that_is_not_the_expected_json_is_refused(fn, bucket, live_upload, body):
    name, upload_id = live_upload
    if body is not None:
        body = body.replace('"u"', json.dumps(upload_id))  # the live upload, so only the shape is wrong
    status, answer = call(fn, "PUT", name, body=body)
    assert status == 400, answer
    assert isinstance(answer.get("message"), str) and answer["message"], answer
    assert not exists(bucket, PREFIX + name)


@pytest.mark.parametrize("query", [None, {"uploadId": "some-upload-id"}], ids=["no-upload-id", "with-upload-id"])
@pytest.mark.parametrize("method", ["PATCH", "HEAD", "OPTIONS", "TRACE"])
def test_another_method_gets_405(fn, bucket, method, query):
    before = open_uploads(bucket)
    status, body = call(fn, method, "file.bin", query)
    assert status == 405, body
    assert body == {"message": "use POST, GET, PUT or DELETE"}, body
    assert open_uploads(bucket) == before
