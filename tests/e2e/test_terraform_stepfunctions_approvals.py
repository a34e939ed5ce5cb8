"""End-to-end: `terraform apply` the generated Step Functions API
(out/stepfunctions-approvals/main.tf.json) to LocalStack, make the same HTTP checks as the
CloudFormation deployment (test_stepfunctions_approvals.py), then `terraform destroy` it.
"""

import pytest

from harness import require_localstack
from test_stepfunctions_approvals import *  # noqa: F403 - the same checks, run against this deployment
from tfharness import applied


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with applied("stepfunctions-approvals", "sfn") as d:
        yield d.outputs["api_id"], d.resources["aws_sqs_queue.approval_requests"]["url"]
