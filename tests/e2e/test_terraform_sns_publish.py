"""End-to-end: `terraform apply` the generated SNS publisher (out/sns-publish/main.tf.json)
to LocalStack, make the same HTTP checks as the CloudFormation deployment
(test_sns_publish.py), then `terraform destroy` it.

The checks are test_sns_publish's own functions, imported here; only the deployment differs.
"""

import pytest

from harness import require_localstack
from test_sns_publish import *  # noqa: F403 - the same checks, run against this deployment
from tfharness import applied


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with applied("sns-publish", "sns") as d:
        yield d.outputs["api_id"], d.resources["aws_sqs_queue.alerts_inbox"]["url"]
