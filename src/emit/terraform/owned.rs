//! Owned topics and queues as Terraform resources, with the subscriptions between them and
//! the queue policies those need.

use super::refs::{Refs, owned_address};
use crate::emit::policy;
use crate::model::names::owned_name;
use crate::model::owned::LifecycleAction;
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Inserts every owned resource into `r` (resource type -> name -> body).
pub fn insert(api: &RestApi, refs: &mut Refs, r: &mut BTreeMap<&str, Map<String, Value>>) {
    let owned = &api.owned;
    let prefix = |name: &str| {
        let api_part = owned_name(&api.name).snake.replace('_', "-");
        format!("{api_part}-{name}-")
    };
    for (name, t) in &owned.topics {
        let mut o = Map::new();
        o.insert("name_prefix".into(), json!(prefix(name)));
        if t.fifo {
            o.insert("fifo_topic".into(), json!(true));
        }
        r.entry("aws_sns_topic")
            .or_default()
            .insert(owned_name(name).snake, Value::Object(o));
    }
    for (name, q) in &owned.queues {
        let mut o = Map::new();
        o.insert("name_prefix".into(), json!(prefix(name)));
        if q.fifo {
            o.insert("fifo_queue".into(), json!(true));
            if q.content_based_deduplication {
                o.insert("content_based_deduplication".into(), json!(true));
            }
        }
        if let Some(v) = q.visibility_timeout {
            o.insert("visibility_timeout_seconds".into(), json!(v));
        }
        o.insert("sqs_managed_sse_enabled".into(), json!(true));
        r.entry("aws_sqs_queue")
            .or_default()
            .insert(owned_name(name).snake, Value::Object(o));
    }
    for (name, b) in &owned.buckets {
        let n = owned_name(name).snake;
        let bucket = format!("${{{}.id}}", owned_address(OwnedKind::Bucket, name));
        r.entry("aws_s3_bucket")
            .or_default()
            .insert(n.clone(), json!({ "bucket_prefix": prefix(name) }));
        r.entry("aws_s3_bucket_public_access_block")
            .or_default()
            .insert(
                n.clone(),
                json!({
                    "bucket": bucket, "block_public_acls": true, "block_public_policy": true,
                    "ignore_public_acls": true, "restrict_public_buckets": true,
                }),
            );
        r.entry("aws_s3_bucket_server_side_encryption_configuration").or_default().insert(
            n.clone(),
            json!({ "bucket": bucket, "rule": { "apply_server_side_encryption_by_default": { "sse_algorithm": "AES256" } } }),
        );
        if b.versioning {
            r.entry("aws_s3_bucket_versioning").or_default().insert(
                n.clone(),
                json!({ "bucket": bucket, "versioning_configuration": { "status": "Enabled" } }),
            );
        }
        let rules: Vec<Value> = b
            .lifecycle()
            .into_iter()
            .map(|(rule, action)| match action {
                LifecycleAction::AbortIncompleteUploads(d) => json!({
                    "id": rule, "status": "Enabled", "filter": {},
                    "abort_incomplete_multipart_upload": { "days_after_initiation": d },
                }),
                LifecycleAction::Expire(d) => {
                    json!({ "id": rule, "status": "Enabled", "filter": {}, "expiration": { "days": d } })
                }
            })
            .collect();
        r.entry("aws_s3_bucket_lifecycle_configuration")
            .or_default()
            .insert(n.clone(), json!({ "bucket": bucket, "rule": rules }));
        let policy = policy::bucket(owned, name, &mut |t| json!(refs.text(t)));
        r.entry("aws_s3_bucket_policy").or_default().insert(
            n.clone(),
            json!({ "bucket": bucket, "policy": policy.to_string() }),
        );
    }
    for (queue, grant) in owned.queue_grants() {
        let policy = policy::queue(&grant, &mut |t| json!(refs.text(t)));
        r.entry("aws_sqs_queue_policy").or_default().insert(
            owned_name(&queue).snake,
            json!({
                "queue_url": format!("${{{}.id}}", owned_address(OwnedKind::Queue, &queue)),
                "policy": policy.to_string(),
            }),
        );
    }
    for (topic, queue) in owned.subscriptions() {
        r.entry("aws_sns_topic_subscription").or_default().insert(
            format!("{}_to_{}", owned_name(topic).snake, owned_name(queue).snake),
            json!({
                "topic_arn": format!("${{{}.arn}}", owned_address(OwnedKind::Topic, topic)),
                "protocol": "sqs",
                "endpoint": format!("${{{}.arn}}", owned_address(OwnedKind::Queue, queue)),
                "raw_message_delivery": true,
            }),
        );
    }
}
