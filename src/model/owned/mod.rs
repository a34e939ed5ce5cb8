//! Resources a blueprint owns besides the API: SNS topics and SQS queues that integrations
//! publish or send to, S3 buckets, CloudFront upload distributions. They are created in the
//! same stack or configuration, and integrations refer to them by typed references, never by
//! pasted ARNs. Each kind's settings and policies are decided in its own file here; emitters
//! only project them.

mod bucket;
mod distribution;
mod messaging;

pub use bucket::{Bucket, LifecycleAction, LifecycleRule, PublicAccessBlock};
pub use distribution::UploadDistribution;
pub use messaging::{Queue, Subscription, Topic};

use super::policy::{Condition, Effect, OneOrMany, PolicyStatement, Principal};
use super::text::Text;
use serde::Serialize;
use std::collections::BTreeMap;

/// The status word AWS uses for a setting that is on (versioning, lifecycle rules).
pub const ENABLED: &str = "Enabled";

/// What kind of owned resource a reference points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum OwnedKind {
    /// An SNS topic.
    Topic,
    /// An SQS queue.
    Queue,
    /// An S3 bucket.
    Bucket,
    /// A Lambda function an integration needs (declared by the integration itself).
    Function,
    /// A CloudFront upload distribution.
    Distribution,
}

impl OwnedKind {
    /// The kind in one lower-case word, as messages name it (`topic`, `queue`).
    pub fn word(self) -> &'static str {
        match self {
            OwnedKind::Topic => "topic",
            OwnedKind::Queue => "queue",
            OwnedKind::Bucket => "bucket",
            OwnedKind::Function => "function",
            OwnedKind::Distribution => "distribution",
        }
    }
}

impl OwnedKind {
    /// What the blueprint calls the kind in messages, and its key under `owns:`.
    pub fn blueprint_words(self) -> (&'static str, &'static str) {
        match self {
            OwnedKind::Topic => ("topic", "topics"),
            OwnedKind::Queue => ("queue", "queues"),
            OwnedKind::Bucket => ("bucket", "buckets"),
            OwnedKind::Function => ("function", "functions"),
            OwnedKind::Distribution => ("upload distribution", "upload_distributions"),
        }
    }
}

/// An attribute of an owned resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Attr {
    /// Its ARN.
    Arn,
    /// Its name (for queues, the last segment of the URL).
    Name,
    /// Its URL (queues).
    Url,
}

/// A reference to an attribute of an owned resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ResourceRef {
    /// Topic or queue.
    pub kind: OwnedKind,
    /// The name the blueprint gives it.
    pub name: String,
    /// The attribute wanted.
    pub attr: Attr,
}

/// Everything the blueprint owns, by name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Owned {
    /// SNS topics.
    pub topics: BTreeMap<String, Topic>,
    /// SQS queues.
    pub queues: BTreeMap<String, Queue>,
    /// S3 buckets.
    pub buckets: BTreeMap<String, Bucket>,
    /// CloudFront distributions that take uploads into owned buckets.
    pub distributions: BTreeMap<String, UploadDistribution>,
}

impl Owned {
    /// The names of the owned resources of `kind`, sorted (functions are declared by their
    /// integrations, not owned by name).
    pub fn names(&self, kind: OwnedKind) -> Vec<&String> {
        match kind {
            OwnedKind::Topic => self.topics.keys().collect(),
            OwnedKind::Queue => self.queues.keys().collect(),
            OwnedKind::Bucket => self.buckets.keys().collect(),
            OwnedKind::Function => Vec::new(),
            OwnedKind::Distribution => self.distributions.keys().collect(),
        }
    }

    /// True when a resource of `kind` named `name` is owned.
    pub fn has(&self, kind: OwnedKind, name: &str) -> bool {
        self.names(kind).iter().any(|n| n.as_str() == name)
    }

    /// True when nothing is owned.
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
            && self.queues.is_empty()
            && self.buckets.is_empty()
            && self.distributions.is_empty()
    }
}

/// A reference to an attribute of owned resource `name` of `kind`, as a text.
pub fn text_ref(kind: OwnedKind, name: &str, attr: Attr) -> Text {
    let mut t = Text::default();
    t.push_ref(ResourceRef {
        kind,
        name: name.to_string(),
        attr,
    });
    t
}

/// An `Allow` for `service` to do `actions` on `resource`, only on behalf of `sources`
/// (confused-deputy protection through `aws:SourceArn`).
fn service_grant(
    service: &'static str,
    actions: &[&str],
    resource: Text,
    sources: Vec<Text>,
) -> PolicyStatement {
    PolicyStatement {
        sid: None,
        effect: Effect::Allow,
        principal: Some(Principal::Service(service)),
        actions: OneOrMany::Many(actions.iter().map(|a| a.to_string()).collect()),
        resources: Some(OneOrMany::One(resource)),
        condition: Some(Condition {
            operator: "ArnEquals",
            key: "aws:SourceArn",
            values: OneOrMany::Many(sources),
        }),
    }
}
