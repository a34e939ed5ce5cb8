"""End-to-end: `terraform apply` the generated generic-SQS API (out/generic-sqs/main.tf.json)
to LocalStack, make the same checks as the CloudFormation deployment (test_generic_sqs.py):
the references in the integration path, request template and IAM policy are Terraform
interpolations here, and the calls show they reached SQS with the real values. Then
`terraform destroy` it.
"""

import pytest

from harness import require_localstack
from test_generic_sqs import *  # noqa: F403 - the same checks, run against this deployment
from tfharness import applied


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with applied("generic-sqs", "gsqs") as d:
        yield d.outputs["api_id"], d.resources["aws_sqs_queue.jobs"]["url"]
