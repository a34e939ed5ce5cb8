"""End-to-end: `terraform apply` the generated sqs-production configuration
(out/sqs-production/main.tf.json) to LocalStack, make the checks of test_stage_settings.py,
and check the access log setting and the method settings on the deployed stage (set by the
provider with UpdateStage), then `terraform destroy` it.
"""

import pytest

from harness import require_localstack
from test_stage_settings import *  # noqa: F403 - the same checks, run against this deployment
from test_stage_settings import access_log_and_method_settings, get_stage
from tfharness import applied


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    # LocalStack 4.13 refuses the UpdateStage `remove` of a single method's settings
    # ("Invalid method setting path: /~1jobs~1bulk/POST") that the provider sends on destroy;
    # the settings go with the stage, which the destroy deletes.
    routes = ("aws_api_gateway_method_settings.jobs_bulk_post", "aws_api_gateway_method_settings.jobs_attributes_name_get")
    with applied("sqs-production", "stage", forget=routes) as d:
        yield {
            "api": d.outputs["api_id"],
            "queue": d.resources["aws_sqs_queue.jobs"]["url"],
            "role": d.resources["aws_iam_role.cloudwatch"]["name"],
            "log_group": d.resources["aws_cloudwatch_log_group.access_logs"]["name"],
        }


def test_access_log_and_method_settings_are_on_the_stage(stack):
    access_log_and_method_settings(get_stage(stack["api"]))
