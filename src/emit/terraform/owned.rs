//! Owned resources as Terraform resources: each kind's resource type and attribute names, and
//! buckets with their hardening and policies (topics, queues and keys are in `messaging.rs`).

use super::refs::Refs;
use crate::limits::MAX_NAME_PREFIX;
use crate::model::names::{api_slug, bounded, owned_name};
use crate::model::owned::{LifecycleAction, LifecycleRule};
use crate::model::{Attr, OwnedKind, ResourceRef, RestApi};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// What Terraform calls a kind, one line a kind: its resource type, and the attributes that
/// give its name and its URL (or the address clients reach it at).
fn terraform_words(kind: OwnedKind) -> (&'static str, &'static str, &'static str) {
    match kind {
        OwnedKind::Topic => ("aws_sns_topic", "name", "arn"),
        OwnedKind::Queue => ("aws_sqs_queue", "name", "url"),
        OwnedKind::Bucket => ("aws_s3_bucket", "id", "bucket_regional_domain_name"),
        OwnedKind::Function => ("aws_lambda_function", "function_name", "invoke_arn"),
        OwnedKind::Distribution => ("aws_cloudfront_distribution", "id", "domain_name"),
        OwnedKind::Stream => ("aws_kinesis_stream", "name", "arn"),
        OwnedKind::DeliveryStream => ("aws_kinesis_firehose_delivery_stream", "name", "arn"),
        OwnedKind::Table => ("aws_dynamodb_table", "name", "arn"),
        OwnedKind::StateMachine => ("aws_sfn_state_machine", "name", "arn"),
        OwnedKind::EventBus => ("aws_cloudwatch_event_bus", "name", "arn"),
        OwnedKind::EventRule => ("aws_cloudwatch_event_rule", "name", "arn"),
        OwnedKind::Key => ("aws_kms_key", "key_id", "arn"),
    }
}

/// Terraform resource type and name of an owned resource: `aws_sns_topic.alerts`.
pub fn owned_address(kind: OwnedKind, name: &str) -> String {
    let (ty, _, _) = terraform_words(kind);
    format!("{ty}.{}", owned_name(name).snake)
}

/// The attribute address of a reference: `aws_sqs_queue.jobs.arn`.
pub(super) fn address(r: &ResourceRef) -> String {
    let (_, name, url) = terraform_words(r.kind);
    let attr = match r.attr {
        Attr::Arn => "arn",
        Attr::Name => name,
        Attr::Url => url,
    };
    format!("{}.{attr}", owned_address(r.kind, &r.name))
}

/// Inserts every owned resource into `r` (resource type -> name -> body).
pub fn insert(api: &RestApi, refs: &mut Refs, r: &mut BTreeMap<&str, Map<String, Value>>) {
    let owned = &api.owned;
    // Terraform adds a 26-character suffix to a name prefix; S3 allows 63 characters in all
    // (the provider caps `bucket_prefix` at 37), so every prefix is kept within that.
    let bounded_prefix = |base: String| format!("{}-", bounded(&base, MAX_NAME_PREFIX - 1));
    let prefix = |name: &str| bounded_prefix(format!("{}-{name}", api_slug(&api.name)));
    // Bucket names take lower-case letters, digits and `-` only.
    let bucket_prefix = |name: &str| {
        bounded_prefix(format!(
            "{}-{}",
            api_slug(&api.name),
            owned_name(name).snake.replace('_', "-")
        ))
    };
    super::messaging::insert(api, refs, r, &prefix);
    for (name, b) in &owned.buckets {
        let n = owned_name(name).snake;
        let bucket = format!("${{{}.id}}", owned_address(OwnedKind::Bucket, name));
        let named = match &b.name {
            Some(chosen) => json!({ "bucket": chosen }),
            None => json!({ "bucket_prefix": bucket_prefix(name) }),
        };
        r.entry("aws_s3_bucket")
            .or_default()
            .insert(n.clone(), named);
        let block = b.public_access_block();
        r.entry("aws_s3_bucket_public_access_block")
            .or_default()
            .insert(
                n.clone(),
                json!({
                    "bucket": bucket,
                    "block_public_acls": block.block_public_acls,
                    "block_public_policy": block.block_public_policy,
                    "ignore_public_acls": block.ignore_public_acls,
                    "restrict_public_buckets": block.restrict_public_buckets,
                }),
            );
        r.entry("aws_s3_bucket_server_side_encryption_configuration").or_default().insert(
            n.clone(),
            json!({ "bucket": bucket, "rule": { "apply_server_side_encryption_by_default": { "sse_algorithm": b.sse_algorithm() } } }),
        );
        if let Some(status) = b.versioning_status() {
            r.entry("aws_s3_bucket_versioning").or_default().insert(
                n.clone(),
                json!({ "bucket": bucket, "versioning_configuration": { "status": status } }),
            );
        }
        let rules: Vec<Value> = b.lifecycle().iter().map(lifecycle_rule).collect();
        r.entry("aws_s3_bucket_lifecycle_configuration")
            .or_default()
            .insert(n.clone(), json!({ "bucket": bucket, "rule": rules }));
        let policy = refs.policy(&owned.bucket_policy(name));
        r.entry("aws_s3_bucket_policy")
            .or_default()
            .insert(n.clone(), json!({ "bucket": bucket, "policy": policy }));
    }
}

fn lifecycle_rule(r: &LifecycleRule) -> Value {
    match r.action {
        LifecycleAction::AbortIncompleteUploads(d) => json!({
            "id": r.id, "status": r.status, "filter": {},
            "abort_incomplete_multipart_upload": { "days_after_initiation": d },
        }),
        LifecycleAction::Expire(d) => {
            json!({ "id": r.id, "status": r.status, "filter": {}, "expiration": { "days": d } })
        }
        LifecycleAction::ExpireNoncurrent(d) => json!({
            "id": r.id, "status": r.status, "filter": {},
            "noncurrent_version_expiration": { "noncurrent_days": d },
        }),
    }
}
