"""End-to-end: `terraform apply` the generated S3 proxy (out/s3-proxy/main.tf.json) to
LocalStack, make the same HTTP checks as the CloudFormation deployment (test_s3_proxy.py),
then `terraform destroy` it.

The checks are test_s3_proxy's own functions, imported here; only the deployment differs.
"""

import pytest

from harness import client, load_template, require_localstack
from test_s3_proxy import *  # noqa: F403 - the same checks, run against this deployment
from test_s3_proxy import STAGE
from tfharness import applied

BLUEPRINT = "s3-proxy"


@pytest.fixture(scope="module")
def api():
    require_localstack()
    binary = load_template(f"out/{BLUEPRINT}/main.tf.json")["resource"]["aws_api_gateway_rest_api"]["api"][
        "binary_media_types"
    ]
    # LocalStack gap (as in test_s3_proxy): "*/*" alone does not make raw bytes binary there,
    # so the binary round trip needs the explicit type; on AWS "*/*" is enough.
    override = {
        "resource": {
            "aws_api_gateway_rest_api": {"api": {"binary_media_types": [*binary, "application/octet-stream"]}}
        }
    }
    with applied(BLUEPRINT, "s3", {"localstack_override.tf.json": override}) as d:
        api_id = d.outputs["api_id"]
        stages = client("apigateway").get_stages(restApiId=api_id)["item"]
        assert [s["stageName"] for s in stages] == [STAGE]
        yield api_id
