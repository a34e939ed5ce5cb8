"""End-to-end: AWS's S3 proxy sample (the developer guide's OpenAPI 3.0 export, in
../shared/samples/aws-openapi/), imported with `gatewright import`, synthesized, deployed from
its CloudFormation template and called as seed 000 describes: list the buckets, put an object,
get it back. The tests run in file order and share one deployed API and one bucket.
"""

import os
import subprocess
import tempfile
from pathlib import Path

import pytest
import requests
from botocore.exceptions import ClientError

from harness import client, deployed, invoke_url, load_template, require_localstack, timed, unique_name

REPO = Path(__file__).resolve().parents[2]
SAMPLE = REPO.parent / "shared" / "samples" / "aws-openapi" / "s3-proxy.oas30.json"
# The sample's stage, from its `basePath` server variable.
STAGE = "S3"
KEY = "imported.txt"
TEXT = "imported sample: Grüße & co = 100% + more".encode()
TIMEOUT = 30


def gatewright() -> list[str]:
    """The gatewright command: $GATEWRIGHT_BIN, a built binary, or cargo run."""
    if os.environ.get("GATEWRIGHT_BIN"):
        return [os.environ["GATEWRIGHT_BIN"]]
    for profile in ("release", "debug"):
        b = REPO / "target" / profile / "gatewright"
        if b.exists():
            return [str(b)]
    return ["cargo", "run", "-q", "--"]


@pytest.fixture(scope="module")
def api():
    require_localstack()
    if not SAMPLE.exists():
        pytest.skip(f"{SAMPLE} not found")
    with tempfile.TemporaryDirectory() as tmp:
        blueprint = Path(tmp) / "s3-sample.yaml"
        subprocess.run(
            gatewright() + ["import", str(SAMPLE), "--out", str(blueprint)],
            check=True, cwd=REPO, capture_output=True,
        )
        out = Path(tmp) / "out"
        subprocess.run(
            gatewright() + ["synth", str(blueprint), "--out", str(out)],
            check=True, cwd=REPO, capture_output=True,
        )
        template = load_template(out / "s3-sample" / "cloudformation.json")
    with deployed(template, "import-s3") as outputs:
        yield outputs["ApiId"]


@pytest.fixture(scope="module")
def bucket(api):
    name = unique_name("gw-e2e-import")
    # The sample's integrations call S3 in us-west-2, as the document says.
    s3 = client("s3")
    s3.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": "us-west-2"})
    yield name
    try:
        for obj in s3.list_objects_v2(Bucket=name).get("Contents", []):
            s3.delete_object(Bucket=name, Key=obj["Key"])
        s3.delete_bucket(Bucket=name)
    except ClientError:
        pass


def call(method, api, path="", **kwargs):
    with timed("HTTP calls"):
        return requests.request(method, invoke_url(api, STAGE, path), timeout=TIMEOUT, **kwargs)


def test_get_root_lists_the_buckets(api, bucket):
    r = call("GET", api, "")
    assert r.status_code == 200, r.text
    assert f"<Name>{bucket}</Name>" in r.text


def test_put_item_stores_the_object(api, bucket):
    r = call("PUT", api, f"{bucket}/{KEY}", data=TEXT, headers={"Content-Type": "text/plain"})
    assert r.status_code == 200, r.text
    assert client("s3").get_object(Bucket=bucket, Key=KEY)["Body"].read() == TEXT


def test_get_item_returns_it(api, bucket):
    r = call("GET", api, f"{bucket}/{KEY}")
    assert r.status_code == 200, r.text
    assert r.content == TEXT
