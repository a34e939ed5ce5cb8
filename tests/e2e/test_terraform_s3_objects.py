"""End-to-end: `terraform apply` out/s3-objects/main.tf.json to LocalStack, make the same HTTP
checks as the CloudFormation deployment (test_s3_objects.py: greedy keys, the query-string key
from the stage-variable bucket, the header key), then `terraform destroy` it.

The checks are test_s3_objects's own functions, imported here; only the deployment differs.
"""

import pytest

from harness import client, load_template
from test_s3_objects import *  # noqa: F403 - the same checks, run against this deployment
from test_s3_objects import OCTETS, STAGE
from tfharness import applied

# The import test deploys no Terraform; it runs once, with test_s3_objects.
del test_imported_document_serves_greedy_and_query_keys  # noqa: F821

BLUEPRINT = "s3-objects"


@pytest.fixture(scope="module")
def api(bucket):  # noqa: F811 - this deployment replaces the CloudFormation one
    resources = load_template(f"out/{BLUEPRINT}/main.tf.json")["resource"]
    binary = resources["aws_api_gateway_rest_api"]["api"]["binary_media_types"]
    assert resources["aws_api_gateway_stage"]["api"]["variables"] == {"bucket": "gw-objects-dev"}
    override = {
        "resource": {
            # LocalStack gap (as in test_s3_objects): "*/*" alone is not binary there.
            "aws_api_gateway_rest_api": {"api": {"binary_media_types": [*binary, OCTETS]}},
            # The stage variable names this run's bucket.
            "aws_api_gateway_stage": {"api": {"variables": {"bucket": bucket}}},
        }
    }
    with applied(BLUEPRINT, "s3objects", {"localstack_override.tf.json": override}) as d:
        api_id = d.outputs["api_id"]
        stages = client("apigateway").get_stages(restApiId=api_id)["item"]
        assert [s["stageName"] for s in stages] == [STAGE]
        yield api_id
