"""End-to-end: `terraform apply` the generated SQS sender (out/sqs-send/main.tf.json) to
LocalStack, make the same HTTP checks as the CloudFormation deployment (test_sqs_send.py),
then `terraform destroy` it.

The checks are test_sqs_send's own functions, imported here; only the deployment differs.
"""

import pytest

from harness import require_localstack
from test_sqs_send import *  # noqa: F403 - the same checks, run against this deployment
from tfharness import applied


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with applied("sqs-send", "sqs") as d:
        queues = (d.resources["aws_sqs_queue.jobs"]["url"], d.resources["aws_sqs_queue.orders"]["url"])
        yield (d.outputs["api_id"], *queues)
