//! `owns:`: the resources a blueprint creates besides the API, one spec type per kind, each
//! mirroring its YAML one to one. Lowering turns each spec into its model resource.

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Resources the blueprint creates besides the API.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Owns {
    /// SNS topics by name.
    #[serde(default)]
    pub topics: BTreeMap<String, TopicSpec>,
    /// SQS queues by name.
    #[serde(default)]
    pub queues: BTreeMap<String, QueueSpec>,
    /// S3 buckets by name, which S3 operations name as `bucket: <name>`. They block public
    /// access, encrypt at rest and refuse plain HTTP.
    #[serde(default)]
    pub buckets: BTreeMap<String, BucketSpec>,
    /// CloudFront distributions that take uploads of any size into an owned bucket, each
    /// upload checked at the edge against a token signed with a secret kept in CloudFront.
    #[serde(default)]
    pub upload_distributions: BTreeMap<String, UploadDistributionSpec>,
    /// DynamoDB tables by name, which DynamoDB operations name as `table: <name>`. They keep
    /// point-in-time backups and are encrypted with a KMS key.
    #[serde(default)]
    pub tables: BTreeMap<String, super::table::TableSpec>,
    /// Step Functions state machines by name, which `stepfunctions.*` operations name as
    /// `state_machine: <name>`.
    #[serde(default)]
    pub state_machines: BTreeMap<String, super::workflows::StateMachineSpec>,
    /// EventBridge event buses by name, with their rules and targets.
    #[serde(default)]
    pub event_buses: BTreeMap<String, super::workflows::EventBusSpec>,
}

/// A CloudFront upload distribution.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UploadDistributionSpec {
    /// The owned bucket that receives the uploads.
    pub bucket: String,
    /// Key prefix uploads go under (default `incoming/`); the distribution may write nowhere else.
    #[serde(default)]
    pub path_prefix: Option<String>,
    /// Only tokens with this `iss` claim are accepted.
    #[serde(default)]
    pub token_issuer: Option<String>,
}

/// An S3 bucket.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BucketSpec {
    /// Keep every version of every object.
    #[serde(default)]
    pub versioning: bool,
    /// Delete objects this many days after they were written.
    #[serde(default)]
    pub expire_after_days: Option<u32>,
    /// Abort multipart uploads left incomplete this many days (default 7).
    #[serde(default)]
    pub abort_incomplete_uploads_after_days: Option<u32>,
}

/// An SNS topic.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    /// A FIFO topic (ordered, deduplicated; publishers give a message group).
    #[serde(default)]
    pub fifo: bool,
    /// Owned queues that receive every message (raw delivery); the queue policy lets only
    /// this topic send.
    #[serde(default)]
    pub subscribers: Vec<String>,
}

/// An SQS queue.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueSpec {
    /// A FIFO queue (ordered per message group, exactly-once).
    #[serde(default)]
    pub fifo: bool,
    /// FIFO only: deduplicate by a hash of the body when no deduplication id is sent.
    #[serde(default)]
    pub content_based_deduplication: bool,
    /// Seconds a received message stays hidden from other consumers (0 to 43200).
    #[serde(default)]
    pub visibility_timeout: Option<u32>,
}
