//! Owned topics and queues as CloudFormation resources, with the subscriptions between them
//! and the queue policies those need.

use super::refs::{self, get_att, owned_id, reference};
use crate::emit::policy;
use crate::model::owned::LifecycleAction;
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};

/// Inserts every owned resource into `resources`.
pub fn insert(api: &RestApi, resources: &mut Map<String, Value>) {
    let owned = &api.owned;
    for (name, t) in &owned.topics {
        let mut p = Map::new();
        if t.fifo {
            p.insert("FifoTopic".into(), json!(true));
            p.insert(
                "TopicName".into(),
                json!({ "Fn::Sub": format!("${{AWS::StackName}}-{name}.fifo") }),
            );
        }
        resources.insert(
            owned_id(OwnedKind::Topic, name),
            json!({ "Type": "AWS::SNS::Topic", "Properties": p }),
        );
    }
    for (name, q) in &owned.queues {
        let mut p = Map::new();
        if q.fifo {
            p.insert("FifoQueue".into(), json!(true));
            p.insert(
                "QueueName".into(),
                json!({ "Fn::Sub": format!("${{AWS::StackName}}-{name}.fifo") }),
            );
            if q.content_based_deduplication {
                p.insert("ContentBasedDeduplication".into(), json!(true));
            }
        }
        if let Some(v) = q.visibility_timeout {
            p.insert("VisibilityTimeout".into(), json!(v));
        }
        p.insert("SqsManagedSseEnabled".into(), json!(true));
        resources.insert(
            owned_id(OwnedKind::Queue, name),
            json!({ "Type": "AWS::SQS::Queue", "Properties": p }),
        );
    }
    for (name, b) in &owned.buckets {
        let id = owned_id(OwnedKind::Bucket, name);
        let mut p = Map::new();
        p.insert(
            "BucketEncryption".into(),
            json!({ "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": "AES256" } }] }),
        );
        p.insert(
            "PublicAccessBlockConfiguration".into(),
            json!({ "BlockPublicAcls": true, "BlockPublicPolicy": true, "IgnorePublicAcls": true, "RestrictPublicBuckets": true }),
        );
        if b.versioning {
            p.insert(
                "VersioningConfiguration".into(),
                json!({ "Status": "Enabled" }),
            );
        }
        let rules: Vec<Value> = b
            .lifecycle()
            .into_iter()
            .map(|(rule, action)| match action {
                LifecycleAction::AbortIncompleteUploads(d) => json!({
                    "Id": rule, "Status": "Enabled", "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": d },
                }),
                LifecycleAction::Expire(d) => json!({ "Id": rule, "Status": "Enabled", "ExpirationInDays": d }),
            })
            .collect();
        p.insert("LifecycleConfiguration".into(), json!({ "Rules": rules }));
        resources.insert(
            id.clone(),
            json!({ "Type": "AWS::S3::Bucket", "Properties": p }),
        );
        resources.insert(
            format!("{id}Policy"),
            json!({
                "Type": "AWS::S3::BucketPolicy",
                "Properties": {
                    "Bucket": reference(&id),
                    "PolicyDocument": policy::bucket(owned, name, &mut refs::text),
                }
            }),
        );
    }
    for (queue, grant) in owned.queue_grants() {
        resources.insert(
            format!("{}Policy", owned_id(OwnedKind::Queue, &queue)),
            json!({
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {
                    "Queues": [reference(&owned_id(OwnedKind::Queue, &queue))],
                    "PolicyDocument": policy::queue(&grant, &mut refs::text),
                }
            }),
        );
    }
    for (topic, queue) in owned.subscriptions() {
        let t = owned_id(OwnedKind::Topic, topic);
        let q = owned_id(OwnedKind::Queue, queue);
        resources.insert(
            format!("{t}To{q}"),
            json!({
                "Type": "AWS::SNS::Subscription",
                "Properties": {
                    "TopicArn": reference(&t),
                    "Protocol": "sqs",
                    "Endpoint": get_att(&q, "Arn"),
                    "RawMessageDelivery": true,
                }
            }),
        );
    }
}
