"""End-to-end: `terraform apply` the generated Firehose API (out/firehose-events/main.tf.json)
to LocalStack, make the same checks as the CloudFormation deployment
(test_firehose_events.py), then `terraform destroy` it.

LocalStack does not implement Firehose's StartDeliveryStreamEncryption (it answers 501), which
the provider calls for `server_side_encryption`; an override turns encryption off for this
deployment only. The generated configuration keeps it on, as `terraform validate` and the
provider schema check it.
"""

import pytest

from harness import require_localstack
from test_firehose_events import *  # noqa: F403 - the same checks, run against this deployment
from test_firehose_events import empty
from tfharness import applied


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    no_encryption = {
        "resource": {
            "aws_kinesis_firehose_delivery_stream": {"events": {"server_side_encryption": {"enabled": False}}}
        }
    }
    with applied("firehose-events", "firehose", overrides={"localstack_override.tf.json": no_encryption}) as d:
        bucket = d.resources["aws_s3_bucket.archive"]["id"]
        yield d.outputs["api_id"], bucket
        empty(bucket)
