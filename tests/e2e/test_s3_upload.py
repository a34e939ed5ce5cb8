"""End-to-end: deploy the generated direct-upload API (seeds 002/003) to LocalStack and upload.

PUT /upload/{object} writes to the bucket the stack owns; PUT /{bucket}/{filename} writes to
an allow-listed existing bucket. The allow-list itself is enforced by IAM (the role may write
to those buckets only), which LocalStack does not evaluate: that part is judged statically
by the Rust tests of the generated policy, not here.
"""

import pytest
import requests
from botocore.exceptions import ClientError

from harness import client, deployed_stack, invoke_url, load_template, physical_id, require_localstack, timed

TEMPLATE = "out/s3-upload/cloudformation.json"
STAGE = "dev"
ALLOWED = "my-apigw-uploads"
TIMEOUT = 60
# 5 MB holding every byte value, in a pattern that is not periodic over 256 bytes
FIVE_MB = bytes((i * 7 + i // 256) % 256 for i in range(5 * 1024 * 1024))


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    template = load_template(TEMPLATE)
    # LocalStack gap: "*/*" in BinaryMediaTypes is not treated as binary there; on AWS it is
    # enough. Add the explicit types these tests send, for this run only.
    template["Resources"]["RestApi"]["Properties"]["BinaryMediaTypes"] += ["application/octet-stream", "image/png"]
    s3 = client("s3")
    try:
        s3.create_bucket(Bucket=ALLOWED)
    except ClientError:
        pass
    with deployed_stack(template, "upload") as (name, outputs):
        yield outputs["ApiId"], physical_id(name, "BucketUploads")
    for obj in s3.list_objects_v2(Bucket=ALLOWED).get("Contents", []):
        s3.delete_object(Bucket=ALLOWED, Key=obj["Key"])
    s3.delete_bucket(Bucket=ALLOWED)


def put(api, path, body, content_type="application/octet-stream"):
    with timed("HTTP calls upload"):
        return requests.put(
            invoke_url(api, STAGE, path), data=body, headers={"Content-Type": content_type}, timeout=TIMEOUT
        )


def stored(bucket, key):
    return client("s3").get_object(Bucket=bucket, Key=key)


def test_five_mb_with_every_byte_value_round_trips_exactly(stack):
    api, bucket = stack
    assert set(FIVE_MB) == set(range(256))
    r = put(api, "upload/big.bin", FIVE_MB)
    assert r.status_code == 200, (r.status_code, r.text[:500])
    obj = stored(bucket, "big.bin")
    assert obj["Body"].read() == FIVE_MB
    assert obj["ContentType"] == "application/octet-stream"


def test_content_type_is_passed_to_s3(stack):
    api, bucket = stack
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    r = put(api, "upload/pixel.png", png, "image/png")
    assert r.status_code == 200, (r.status_code, r.text[:500])
    obj = stored(bucket, "pixel.png")
    assert obj["ContentType"] == "image/png"
    assert obj["Body"].read() == png


def test_the_owned_bucket_is_versioned_encrypted_and_private(stack):
    _, bucket = stack
    s3 = client("s3")
    assert s3.get_bucket_versioning(Bucket=bucket).get("Status") == "Enabled"
    rules = s3.get_bucket_encryption(Bucket=bucket)["ServerSideEncryptionConfiguration"]["Rules"]
    assert rules[0]["ApplyServerSideEncryptionByDefault"]["SSEAlgorithm"] == "AES256"
    block = s3.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
    assert all(block.values()), block


def test_upload_to_an_allow_listed_bucket(stack):
    api, _ = stack
    body = "Grüße & co = 100%".encode()
    r = put(api, f"{ALLOWED}/notes.txt", body, "text/plain; charset=utf-8")
    assert r.status_code == 200, (r.status_code, r.text[:500])
    assert stored(ALLOWED, "notes.txt")["Body"].read() == body
