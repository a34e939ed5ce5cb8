"""End-to-end: `terraform apply` the generated DynamoDB orders API
(out/dynamodb-orders/main.tf.json) to LocalStack, make the same HTTP and table checks as the
CloudFormation deployment (test_dynamodb_orders.py), then `terraform destroy` it.

The checks are test_dynamodb_orders's own functions, imported here; only the deployment
differs.
"""

import pytest

from harness import require_localstack
from test_dynamodb_orders import *  # noqa: F403 - the same checks, run against this deployment
from tfharness import applied


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with applied("dynamodb-orders", "ddb") as d:
        yield d.outputs["api_id"], d.resources["aws_dynamodb_table.orders"]["name"]
