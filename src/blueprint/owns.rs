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
    /// Kinesis data streams by name, which Kinesis operations name as `stream: <name>`.
    #[serde(default)]
    pub streams: BTreeMap<String, super::streams::StreamSpec>,
    /// Firehose delivery streams into owned buckets, by name, which Firehose operations name
    /// as `delivery_stream: <name>`.
    #[serde(default)]
    pub delivery_streams: BTreeMap<String, super::streams::DeliveryStreamSpec>,
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
    /// The bucket's name in AWS (3 to 63 lower-case letters, digits, `.` and `-`, unique in
    /// the partition); default: a name derived from the stack or API.
    #[serde(default)]
    pub name: Option<String>,
    /// Tags of this bucket, merged over the blueprint's `tags:`.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// Keep every version of every object (default `true`; `false` turns it off). With
    /// `expire_after_days`, old versions are deleted as many days after they were replaced.
    #[serde(default = "on")]
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
    /// The topic's name in AWS (1 to 256 letters, digits, `-` and `_`, ending in `.fifo` for
    /// a FIFO topic); default: a name derived from the stack or API.
    #[serde(default)]
    pub name: Option<String>,
    /// A FIFO topic (ordered, deduplicated; publishers give a message group).
    #[serde(default)]
    pub fifo: bool,
    /// FIFO only: deduplicate by a hash of the body when no deduplication id is sent.
    #[serde(default)]
    pub content_based_deduplication: bool,
    /// Encrypt messages at rest with this KMS key: a key or alias ARN, a `${...}` reference,
    /// or `owned` for a key created with the topic. Publishing roles get `kms:GenerateDataKey`
    /// and `kms:Decrypt` on it. Default: no encryption at rest.
    #[serde(default)]
    pub kms_key: Option<String>,
    /// Owned queues that receive every message (raw delivery); the queue policy lets only
    /// this topic send.
    #[serde(default)]
    pub subscribers: Vec<String>,
    /// Further subscriptions: Lambda functions, HTTPS endpoints, e-mail addresses, queues by
    /// ARN or owned queues, each with an optional filter policy.
    #[serde(default)]
    pub subscriptions: Vec<crate::blueprint::subscription::SubscriptionSpec>,
    /// Tags of this topic, merged over the blueprint's `tags:`.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
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
    /// Seconds a received message stays hidden from other consumers (0 to 43200, default 30).
    #[serde(default)]
    pub visibility_timeout: Option<u32>,
    /// The queue's name in AWS (1 to 80 letters, digits, `-` and `_`, ending in `.fifo` for a
    /// FIFO queue); default: a name derived from the stack or API.
    #[serde(default)]
    pub name: Option<String>,
    /// Seconds SQS keeps a message (60 to 1209600, default 345600: 4 days).
    #[serde(default)]
    pub retention: Option<u32>,
    /// Seconds each new message stays hidden before it can be received (0 to 900, default 0).
    #[serde(default)]
    pub delay: Option<u32>,
    /// Largest message in bytes (1024 to 1048576, default 1048576).
    #[serde(default)]
    pub max_message_size: Option<u32>,
    /// Where messages go after too many failed receives.
    #[serde(default)]
    pub dead_letter: Option<crate::blueprint::subscription::DeadLetterSpec>,
    /// Encrypt messages with this KMS key instead of SQS-managed keys: a key or alias ARN, a
    /// `${...}` reference, or `owned` for a key created with the queue. Sending roles get
    /// `kms:GenerateDataKey` and `kms:Decrypt` on it. Default: SQS-managed encryption.
    #[serde(default)]
    pub kms_key: Option<String>,
    /// Tags of this queue, merged over the blueprint's `tags:`.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
}

/// Serde's default for settings that are on unless the blueprint turns them off.
fn on() -> bool {
    true
}
