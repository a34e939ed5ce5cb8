"""End-to-end: the generated presigned-URL functions (seed 002) against LocalStack's S3.

GET /upload/{object} and GET /download/{object} are Lambda proxy integrations to two generated
Python functions. LocalStack cannot run Lambda functions here (no Docker, and 4.x has no process
executor), so these tests take each function's code from the generated CloudFormation template
(Properties.Code.ZipFile, not the template source), import it as `index` the way the Lambda
runtime would, call `index.handler(event, None)` with the event API Gateway's proxy integration
sends, and then use the URL it hands out against LocalStack's S3.

scripts/localstack.sh starts LocalStack with S3_SKIP_SIGNATURE_VALIDATION=0, so S3 checks the
SigV4 query signature and the expiry of presigned URLs (LocalStack skips both by default).
The function's boto3 client reaches LocalStack through AWS_ENDPOINT_URL_S3; because the endpoint
is an IP address, botocore signs path-style URLs (http://127.0.0.1:4566/<bucket>/<key>) without
any addressing-style setting, and the generated code is run unchanged.
"""

import json
import time
from urllib.parse import parse_qs, urlsplit

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
PUT_FUNCTION = "FunctionPresignPutUploads"
GET_FUNCTION = "FunctionPresignGetUploads"
PREFIX = "incoming/"  # the blueprint's key: "incoming/{object}"
MAX_KEY = 1024  # S3's limit on a whole key, in UTF-8 bytes
ALLOWED_TYPES = ["image/jpeg", "image/png", "application/pdf", "application/octet-stream"]
TIMEOUT = 60
# 5 MB holding every byte value, in a pattern that is not periodic over 256 bytes
FIVE_MB = bytes((i * 7 + i // 256) % 256 for i in range(5 * 1024 * 1024))

# What the Lambda runtime gives the function, pointed at LocalStack. LocalStack verifies
# presigned URLs with the secret of the access key in the URL ("test" for unknown keys).
FUNCTION_ENV = {
    "AWS_ACCESS_KEY_ID": "test",
    "AWS_SECRET_ACCESS_KEY": "test",
    "AWS_SESSION_TOKEN": "e2e-session-token",  # Lambda's credentials always carry one
    "AWS_REGION": REGION,
    "AWS_DEFAULT_REGION": REGION,
    "AWS_ENDPOINT_URL_S3": ENDPOINT,
}


# -- static ---------------------------------------------------------------------------------


@pytest.mark.parametrize("logical_id", [PUT_FUNCTION, GET_FUNCTION])
def test_generated_function_code_compiles(logical_id):
    template = load_template(TEMPLATE)
    props = template["Resources"][logical_id]["Properties"]
    assert props["Runtime"] == "python3.12"
    assert props["Handler"] == "index.handler"
    assert "BUCKET" in props["Environment"]["Variables"]
    code = inline_code(template, logical_id)
    compile(code, f"{logical_id}/index.py", "exec", dont_inherit=True)
    # CloudFormation refuses inline (ZipFile) code over 4096 characters
    assert len(code) <= 4096, len(code)


# -- fixtures and helpers -------------------------------------------------------------------


@pytest.fixture(scope="module")
def bucket():
    require_localstack()
    s3 = client("s3")
    name = unique_name("gw-e2e-presign")
    s3.create_bucket(Bucket=name)
    yield name
    for obj in s3.list_objects_v2(Bucket=name).get("Contents", []):
        s3.delete_object(Bucket=name, Key=obj["Key"])
    s3.delete_bucket(Bucket=name)


@pytest.fixture(scope="module")
def functions(bucket, tmp_path_factory):
    """(upload module, download module): the generated code imported as index.py, with the
    environment the function would have (kept for the module's tests: boto3 reads it)."""
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
        with timed("import presign functions"):
            up = import_code(inline_code(template, PUT_FUNCTION), tmp_path_factory.mktemp("put"))
            down = import_code(inline_code(template, GET_FUNCTION), tmp_path_factory.mktemp("get"))
        yield up, down


def call(module, route, obj, query=None):
    """Invoke the handler as API Gateway would for GET /<route>/{object}; returns
    (statusCode, parsed JSON body) after checking the proxy response's shape."""
    event = proxy_event(
        "GET",
        f"/{route}/{{object}}",
        f"/{route}/{obj}",
        path_parameters={"object": obj},
        query=query,
    )
    with timed("presign handler calls"):
        response = module.handler(event, None)
    assert isinstance(response["statusCode"], int), response
    assert response["headers"]["Content-Type"] == "application/json", response
    assert isinstance(response["body"], str), response
    return response["statusCode"], json.loads(response["body"])


def presign_put(up, obj, content_type=None):
    status, body = call(up, "upload", obj, {"contentType": content_type} if content_type else None)
    assert status == 200, body
    return body


def http(method, url, **kwargs):
    with timed("HTTP calls to presigned URLs"):
        return requests.request(method, url, timeout=TIMEOUT, **kwargs)


def exists(bucket, key):
    try:
        client("s3").head_object(Bucket=bucket, Key=key)
        return True
    except ClientError as e:
        if e.response["Error"]["Code"] in ("404", "NoSuchKey"):
            return False
        raise


# -- upload ---------------------------------------------------------------------------------


def test_upload_url_puts_five_mb_under_incoming_with_the_content_type_asked_for(functions, bucket):
    up, _ = functions
    assert set(FIVE_MB) == set(range(256))
    body = presign_put(up, "report.pdf", "application/pdf")
    assert body["method"] == "PUT"
    assert body["headers"] == {"Content-Type": "application/pdf"}
    assert body["expiresIn"] == 300
    # path-style, signed with SigV4 (query auth), the content type among the signed headers
    assert body["url"].startswith(f"{ENDPOINT}/{bucket}/{PREFIX}report.pdf?"), body["url"]
    query = parse_qs(urlsplit(body["url"]).query)
    assert query["X-Amz-Algorithm"] == ["AWS4-HMAC-SHA256"]
    assert query["X-Amz-Expires"] == ["300"]
    assert "content-type" in query["X-Amz-SignedHeaders"][0].split(";")

    r = http(body["method"], body["url"], data=FIVE_MB, headers=body["headers"])
    assert r.status_code == 200, (r.status_code, r.text[:500])

    s3 = client("s3")
    keys = [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix="report.pdf").get("Contents", [])]
    keys += [o["Key"] for o in s3.list_objects_v2(Bucket=bucket, Prefix=PREFIX + "report").get("Contents", [])]
    assert keys == [PREFIX + "report.pdf"]
    obj = s3.get_object(Bucket=bucket, Key=PREFIX + "report.pdf")
    assert obj["ContentType"] == "application/pdf"
    assert obj["Body"].read() == FIVE_MB


def test_content_type_defaults_to_octet_stream(functions, bucket):
    up, _ = functions
    body = presign_put(up, "blob")
    assert body["headers"] == {"Content-Type": "application/octet-stream"}
    r = http("PUT", body["url"], data=bytes(range(256)), headers=body["headers"])
    assert r.status_code == 200, (r.status_code, r.text[:500])
    assert client("s3").head_object(Bucket=bucket, Key=PREFIX + "blob")["ContentType"] == "application/octet-stream"


@pytest.mark.parametrize(
    "obj",
    [
        "Grüße & co = 100% (final)+v2.png",  # spaces and characters that are percent-encoded
        "x" * (MAX_KEY - len(PREFIX)),  # the longest name that fits S3's 1024-byte key
    ],
    ids=["special-characters", "longest-name"],
)
def test_names_that_need_encoding_or_fill_the_key_land_exactly(functions, bucket, obj):
    up, _ = functions
    body = presign_put(up, obj, "image/png")
    data = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    r = http("PUT", body["url"], data=data, headers=body["headers"])
    assert r.status_code == 200, (r.status_code, r.text[:500])
    assert client("s3").get_object(Bucket=bucket, Key=PREFIX + obj)["Body"].read() == data


def _tamper_key(url):
    return url.replace(f"/{PREFIX}victim.bin?", f"/{PREFIX}other.bin?"), {}


def _tamper_signature(url):
    sig = parse_qs(urlsplit(url).query)["X-Amz-Signature"][0]
    flipped = sig[:-1] + ("0" if sig[-1] != "0" else "1")
    assert url.count(sig) == 1
    return url.replace(sig, flipped), {}


def _other_content_type(url):
    return url, {"Content-Type": "image/png"}


@pytest.mark.parametrize(
    "tamper", [_tamper_key, _tamper_signature, _other_content_type], ids=["key", "signature", "content-type"]
)
def test_a_tampered_url_is_refused(functions, bucket, tamper):
    up, _ = functions
    body = presign_put(up, "victim.bin", "application/octet-stream")
    url, headers = tamper(body["url"])
    r = http("PUT", url, data=b"tampered", headers={**body["headers"], **headers})
    assert r.status_code == 403, (r.status_code, r.text[:500])
    assert "SignatureDoesNotMatch" in r.text, r.text[:500]
    assert not exists(bucket, PREFIX + "victim.bin")
    assert not exists(bucket, PREFIX + "other.bin")


def test_an_expired_url_is_refused(functions, bucket, monkeypatch):
    up, _ = functions
    # The generated EXPIRES (300 s from the blueprint) is a module constant read at each call;
    # the test shortens it on the imported module only (the generated code stays unchanged),
    # so the URL the handler itself produces expires in 1 s.
    monkeypatch.setattr(up, "EXPIRES", 1)
    body = presign_put(up, "late.bin")
    assert body["expiresIn"] == 1
    assert parse_qs(urlsplit(body["url"]).query)["X-Amz-Expires"] == ["1"]
    time.sleep(2.5)  # X-Amz-Date has whole seconds: past date + 1 s for sure
    r = http("PUT", body["url"], data=b"too late", headers=body["headers"])
    assert r.status_code == 403, (r.status_code, r.text[:500])
    assert "Request has expired" in r.text, r.text[:500]
    assert not exists(bucket, PREFIX + "late.bin")


@pytest.mark.parametrize(
    "obj",
    [
        "..",
        "../secret.txt",
        "a/../../b",
        "/etc/passwd",
        "/",
        "x" * (MAX_KEY - len(PREFIX) + 1),  # 1025 bytes with the prefix
        "é" * ((MAX_KEY - len(PREFIX)) // 2 + 1),  # 508 characters, 1016 bytes
        "",
    ],
    ids=["dotdot", "dotdot-slash", "dotdot-inside", "leading-slash", "slash", "1025-bytes", "multibyte-1025", "empty"],
)
@pytest.mark.parametrize("route", ["upload", "download"])
def test_the_handlers_refuse_bad_names(functions, route, obj):
    module = functions[0] if route == "upload" else functions[1]
    status, body = call(module, route, obj)
    assert status == 400, body
    assert isinstance(body.get("message"), str) and body["message"], body
    assert "url" not in body


def test_a_missing_path_parameter_is_refused(functions):
    up, _ = functions
    event = proxy_event("GET", "/upload/{object}", "/upload/")
    response = up.handler(event, None)
    assert response["statusCode"] == 400, response


@pytest.mark.parametrize("content_type", ["text/html", "image/svg+xml", "application/x-sh"])
def test_a_content_type_outside_the_list_is_refused(functions, content_type):
    up, _ = functions
    status, body = call(up, "upload", "pic.png", {"contentType": content_type})
    assert status == 400, body
    assert body["message"] == "contentType must be one of " + ", ".join(ALLOWED_TYPES), body
    assert "url" not in body


# -- download -------------------------------------------------------------------------------


def test_download_url_returns_the_uploaded_bytes_and_cannot_put(functions, bucket):
    up, down = functions
    data = bytes(range(256)) * 4096  # 1 MB
    put = presign_put(up, "round-trip.bin")
    assert http("PUT", put["url"], data=data, headers=put["headers"]).status_code == 200

    status, body = call(down, "download", "round-trip.bin")
    assert status == 200, body
    assert body["method"] == "GET"
    assert body["expiresIn"] == 60
    assert "headers" not in body
    assert body["url"].startswith(f"{ENDPOINT}/{bucket}/{PREFIX}round-trip.bin?"), body["url"]
    r = http("GET", body["url"])
    assert r.status_code == 200, (r.status_code, r.text[:500])
    assert r.content == data
    assert r.headers["Content-Type"] == "application/octet-stream"

    # the download URL is signed for GET: it cannot overwrite the object
    r = http("PUT", body["url"], data=b"overwritten", headers={"Content-Type": "application/octet-stream"})
    assert r.status_code == 403, (r.status_code, r.text[:500])
    assert client("s3").get_object(Bucket=bucket, Key=PREFIX + "round-trip.bin")["Body"].read() == data
