//! Tags on every taggable resource of the template: the API's tags, an owned resource's own
//! merged over them, as CloudFormation's `Key`/`Value` lists.

use super::refs::owned_id;
use crate::model::owned::{Tags, merged_tags};
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};

/// The resource types gatewright emits that take a `Tags` list.
pub const TAGGABLE: [&str; 18] = [
    "AWS::ApiGateway::ApiKey",
    "AWS::ApiGateway::RestApi",
    "AWS::ApiGateway::Stage",
    "AWS::ApiGateway::UsagePlan",
    "AWS::CloudFront::Distribution",
    "AWS::DynamoDB::Table",
    "AWS::Events::EventBus",
    "AWS::Events::Rule",
    "AWS::IAM::Role",
    "AWS::KMS::Key",
    "AWS::Kinesis::Stream",
    "AWS::KinesisFirehose::DeliveryStream",
    "AWS::Lambda::Function",
    "AWS::Logs::LogGroup",
    "AWS::S3::Bucket",
    "AWS::SNS::Topic",
    "AWS::SQS::Queue",
    "AWS::StepFunctions::StateMachine",
];

/// Adds `Tags` to every taggable resource in `resources` that has some.
pub fn apply(api: &RestApi, resources: &mut Map<String, Value>) {
    let mut own: Map<String, Value> = Map::new();
    for kind in OwnedKind::ALL {
        for n in api.owned.names(kind) {
            let t = merged_tags(&api.tags, api.owned.own_tags(kind, n));
            own.insert(owned_id(kind, n), list(&t));
        }
    }
    let base = list(&api.tags);
    for (id, r) in resources.iter_mut() {
        let taggable = r
            .get("Type")
            .and_then(Value::as_str)
            .is_some_and(|t| TAGGABLE.contains(&t));
        if !taggable {
            continue;
        }
        let tags = own.get(id).unwrap_or(&base);
        if tags.as_array().is_some_and(|a| !a.is_empty())
            && let Some(Value::Object(p)) = r.get_mut("Properties")
        {
            p.insert("Tags".into(), tags.clone());
        }
    }
}

fn list(tags: &Tags) -> Value {
    Value::Array(
        tags.iter()
            .map(|(k, v)| json!({ "Key": k, "Value": v }))
            .collect(),
    )
}
