"""End-to-end: `terraform apply` the generated Kinesis API (out/kinesis-clicks/main.tf.json)
to LocalStack, make the same checks as the CloudFormation deployment (test_kinesis_clicks.py),
then `terraform destroy` it.
"""

import pytest

from harness import require_localstack
from test_kinesis_clicks import *  # noqa: F403 - the same checks, run against this deployment
from tfharness import applied


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with applied("kinesis-clicks", "kinesis") as d:
        streams = (d.resources["aws_kinesis_stream.clicks"]["name"], d.resources["aws_kinesis_stream.audit"]["name"])
        yield (d.outputs["api_id"], *streams)
