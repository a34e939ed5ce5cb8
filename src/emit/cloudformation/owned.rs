//! Owned resources as CloudFormation resources: buckets with their hardening and policies
//! here, topics, queues and keys in `messaging.rs`.

use super::refs::{self, owned_id, reference};
use crate::emit::policy;
use crate::model::owned::{LifecycleAction, LifecycleRule};
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};

/// Inserts every owned resource into `resources`.
pub fn insert(api: &RestApi, resources: &mut Map<String, Value>) {
    let owned = &api.owned;
    super::messaging::insert(api, resources);
    for (name, b) in &owned.buckets {
        let id = owned_id(OwnedKind::Bucket, name);
        let mut p = Map::new();
        if let Some(n) = &b.name {
            p.insert("BucketName".into(), json!(n));
        }
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
