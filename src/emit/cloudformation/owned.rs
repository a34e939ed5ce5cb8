//! Owned topics and queues as CloudFormation resources, with the subscriptions between them
//! and the queue policies those need.

use super::refs::{self, get_att, owned_id, reference};
use crate::emit::policy;
use crate::model::owned::{LifecycleAction, LifecycleRule};
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
        p.insert("SqsManagedSseEnabled".into(), json!(q.managed_sse()));
        resources.insert(
            owned_id(OwnedKind::Queue, name),
            json!({ "Type": "AWS::SQS::Queue", "Properties": p }),
        );
    }
    for (name, b) in &owned.buckets {
        let id = owned_id(OwnedKind::Bucket, name);
        let mut p = Map::new();
        let block = b.public_access_block();
        p.insert(
            "BucketEncryption".into(),
            json!({ "ServerSideEncryptionConfiguration": [{ "ServerSideEncryptionByDefault": { "SSEAlgorithm": b.sse_algorithm() } }] }),
        );
        p.insert(
            "PublicAccessBlockConfiguration".into(),
            json!({
                "BlockPublicAcls": block.block_public_acls,
                "BlockPublicPolicy": block.block_public_policy,
                "IgnorePublicAcls": block.ignore_public_acls,
                "RestrictPublicBuckets": block.restrict_public_buckets,
            }),
        );
        if let Some(status) = b.versioning_status() {
            p.insert(
                "VersioningConfiguration".into(),
                json!({ "Status": status }),
            );
        }
        let rules: Vec<Value> = b.lifecycle().iter().map(lifecycle_rule).collect();
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
                    "PolicyDocument": policy::document(&owned.bucket_policy(name), &mut refs::text),
                }
            }),
        );
    }
    for (queue, doc) in owned.queue_policies() {
        resources.insert(
            format!("{}Policy", owned_id(OwnedKind::Queue, &queue)),
            json!({
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {
                    "Queues": [reference(&owned_id(OwnedKind::Queue, &queue))],
                    "PolicyDocument": policy::document(&doc, &mut refs::text),
                }
            }),
        );
    }
    for s in owned.subscriptions() {
        let t = owned_id(OwnedKind::Topic, s.topic);
        let q = owned_id(OwnedKind::Queue, s.queue);
        resources.insert(
            format!("{t}To{q}"),
            json!({
                "Type": "AWS::SNS::Subscription",
                "Properties": {
                    "TopicArn": reference(&t),
                    "Protocol": s.protocol,
                    "Endpoint": get_att(&q, "Arn"),
                    "RawMessageDelivery": s.raw_message_delivery,
                }
            }),
        );
    }
}

fn lifecycle_rule(r: &LifecycleRule) -> Value {
    match r.action {
        LifecycleAction::AbortIncompleteUploads(d) => json!({
            "Id": r.id, "Status": r.status, "AbortIncompleteMultipartUpload": { "DaysAfterInitiation": d },
        }),
        LifecycleAction::Expire(d) => {
            json!({ "Id": r.id, "Status": r.status, "ExpirationInDays": d })
        }
        LifecycleAction::ExpireNoncurrent(d) => json!({
            "Id": r.id, "Status": r.status, "NoncurrentVersionExpiration": { "NoncurrentDays": d },
        }),
    }
}
