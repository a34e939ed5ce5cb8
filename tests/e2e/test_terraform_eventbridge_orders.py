"""End-to-end: `terraform apply` the generated EventBridge API
(out/eventbridge-orders/main.tf.json) to LocalStack, make the same HTTP checks as the
CloudFormation deployment (test_eventbridge_orders.py), then `terraform destroy` it.
"""

import pytest

from harness import require_localstack
from test_eventbridge_orders import *  # noqa: F403 - the same checks, run against this deployment
from tfharness import applied


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with applied("eventbridge-orders", "events") as d:
        yield d.outputs["api_id"], d.resources["aws_sqs_queue.shipments"]["url"]
