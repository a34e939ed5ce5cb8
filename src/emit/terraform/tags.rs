//! Tags on every taggable resource of the configuration: the API's tags, an owned resource's
//! own merged over them, as each resource's `tags` map.

use super::owned::owned_address;
use crate::model::owned::merged_tags;
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The resource types gatewright emits that take `tags`.
pub const TAGGABLE: [&str; 18] = [
    "aws_api_gateway_api_key",
    "aws_api_gateway_rest_api",
    "aws_api_gateway_stage",
    "aws_api_gateway_usage_plan",
    "aws_cloudfront_distribution",
    "aws_cloudwatch_event_bus",
    "aws_cloudwatch_event_rule",
    "aws_cloudwatch_log_group",
    "aws_dynamodb_table",
    "aws_iam_role",
    "aws_kinesis_firehose_delivery_stream",
    "aws_kinesis_stream",
    "aws_kms_key",
    "aws_lambda_function",
    "aws_sfn_state_machine",
    "aws_s3_bucket",
    "aws_sns_topic",
    "aws_sqs_queue",
];

/// Adds `tags` to every taggable resource in `r` that has some.
pub fn apply(api: &RestApi, r: &mut BTreeMap<&str, Map<String, Value>>) {
    let mut own: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for kind in OwnedKind::ALL {
        for n in api.owned.names(kind) {
            let t = merged_tags(&api.tags, api.owned.own_tags(kind, n));
            own.insert(owned_address(kind, n), t);
        }
    }
    for ty in TAGGABLE {
        let Some(all) = r.get_mut(ty) else { continue };
        for (name, body) in all.iter_mut() {
            let tags = own.get(&format!("{ty}.{name}")).unwrap_or(&api.tags);
            if !tags.is_empty()
                && let Value::Object(o) = body
            {
                let escaped: Map<String, Value> = tags
                    .iter()
                    .map(|(k, v)| (super::refs::escape(k), json!(super::refs::escape(v))))
                    .collect();
                o.insert("tags".into(), Value::Object(escaped));
            }
        }
    }
}
