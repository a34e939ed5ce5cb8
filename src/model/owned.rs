//! Resources a blueprint owns besides the API: SNS topics and SQS queues that integrations
//! publish or send to. They are created in the same stack or configuration, and integrations
//! refer to them by typed references, never by pasted ARNs.

use serde::Serialize;
use std::collections::BTreeMap;

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

/// An SNS topic the blueprint owns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Topic {
    /// A FIFO topic (its name ends in `.fifo`; publishers must give a message group).
    pub fifo: bool,
    /// Queues subscribed to the topic (raw message delivery), by owned queue name.
    pub subscribers: Vec<String>,
}

/// An SQS queue the blueprint owns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Queue {
    /// A FIFO queue (exactly-once, ordered per message group).
    pub fifo: bool,
    /// FIFO only: deduplicate by a hash of the body when no deduplication id is sent.
    pub content_based_deduplication: bool,
    /// Seconds a received message stays invisible to other consumers.
    pub visibility_timeout: Option<u32>,
}

/// An S3 bucket the blueprint owns, with safe defaults: public access blocked, encrypted at
/// rest (SSE-S3), reachable over TLS only.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// Keep every version of every object.
    pub versioning: bool,
    /// Delete objects this many days after they were written.
    pub expire_after_days: Option<u32>,
    /// Abort multipart uploads left incomplete this many days (default 7).
    pub abort_incomplete_uploads_after_days: Option<u32>,
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
    /// True when a resource of `kind` named `name` is owned.
    pub fn has(&self, kind: OwnedKind, name: &str) -> bool {
        match kind {
            OwnedKind::Topic => self.topics.contains_key(name),
            OwnedKind::Queue => self.queues.contains_key(name),
            OwnedKind::Bucket => self.buckets.contains_key(name),
            OwnedKind::Function => false,
            OwnedKind::Distribution => self.distributions.contains_key(name),
        }
    }

    /// True when nothing is owned.
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
            && self.queues.is_empty()
            && self.buckets.is_empty()
            && self.distributions.is_empty()
    }
}

/// A statement of a resource policy that lets an AWS service act on an owned resource, only
/// on behalf of the given sources (confused-deputy protection through `aws:SourceArn`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceGrant {
    /// The service principal, such as `sns.amazonaws.com`.
    pub service: String,
    /// The actions allowed.
    pub actions: Vec<String>,
    /// The resource the policy is attached to.
    pub resource: super::text::Text,
    /// The only source ARNs allowed (`ArnEquals aws:SourceArn`).
    pub source_arns: Vec<super::text::Text>,
}

fn text_ref(kind: OwnedKind, name: &str, attr: Attr) -> super::text::Text {
    let mut t = super::text::Text::default();
    t.push_ref(ResourceRef {
        kind,
        name: name.to_string(),
        attr,
    });
    t
}

impl Owned {
    /// For each queue some owned topic delivers to: the grant its queue policy needs
    /// (`sqs:SendMessage` for `sns.amazonaws.com`, only from those topics).
    pub fn queue_grants(&self) -> Vec<(String, ServiceGrant)> {
        self.queues
            .keys()
            .filter_map(|q| {
                let topics: Vec<super::text::Text> = self
                    .topics
                    .iter()
                    .filter(|(_, t)| t.subscribers.contains(q))
                    .map(|(name, _)| text_ref(OwnedKind::Topic, name, Attr::Arn))
                    .collect();
                (!topics.is_empty()).then(|| {
                    (
                        q.clone(),
                        ServiceGrant {
                            service: "sns.amazonaws.com".into(),
                            actions: vec!["sqs:SendMessage".into()],
                            resource: text_ref(OwnedKind::Queue, q, Attr::Arn),
                            source_arns: topics,
                        },
                    )
                })
            })
            .collect()
    }

    /// Every (topic, queue) subscription, in order.
    pub fn subscriptions(&self) -> Vec<(&str, &str)> {
        self.topics
            .iter()
            .flat_map(|(t, topic)| {
                topic
                    .subscribers
                    .iter()
                    .map(move |q| (t.as_str(), q.as_str()))
            })
            .collect()
    }
}

/// A statement that denies a request unless a condition holds (a bucket refusing plain HTTP).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DenyUnless {
    /// Statement id.
    pub sid: &'static str,
    /// Actions denied.
    pub actions: Vec<String>,
    /// Resources it covers.
    pub resources: Vec<super::text::Text>,
    /// Condition operator, key and value that trigger the deny (`Bool aws:SecureTransport false`).
    pub condition: (&'static str, &'static str, &'static str),
}

impl Owned {
    /// The bucket policy statements of owned bucket `name`: requests over plain HTTP are denied.
    pub fn bucket_policy(&self, name: &str) -> Vec<DenyUnless> {
        let arn = text_ref(OwnedKind::Bucket, name, Attr::Arn);
        let mut objects = arn.clone();
        objects.push_str("/*");
        vec![DenyUnless {
            sid: "DenyInsecureTransport",
            actions: vec!["s3:*".into()],
            resources: vec![arn, objects],
            condition: ("Bool", "aws:SecureTransport", "false"),
        }]
    }
}

impl Bucket {
    /// Lifecycle rules: (id, abort-incomplete days or expiration days).
    pub fn lifecycle(&self) -> Vec<(&'static str, LifecycleAction)> {
        let mut rules = vec![(
            "abort-incomplete-uploads",
            LifecycleAction::AbortIncompleteUploads(
                self.abort_incomplete_uploads_after_days.unwrap_or(7),
            ),
        )];
        if let Some(d) = self.expire_after_days {
            rules.push(("expire-objects", LifecycleAction::Expire(d)));
        }
        rules
    }
}

/// What a lifecycle rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LifecycleAction {
    /// Abort multipart uploads this many days after they started.
    AbortIncompleteUploads(u32),
    /// Delete objects this many days after they were written.
    Expire(u32),
}

/// A CloudFront distribution that takes uploads straight into an owned bucket (the seed 002
/// alternative for large files): the bucket is its origin through Origin Access Control,
/// HTTPS only, nothing cached, and a viewer-request function checks each upload's token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UploadDistribution {
    /// The owned bucket that receives the uploads.
    pub bucket: String,
    /// Uploads go under this key prefix (`incoming/`); the distribution may write nowhere else.
    pub path_prefix: String,
    /// Code of the viewer-request CloudFront Function (cloudfront-js-2.0).
    pub function_code: String,
    /// The CloudFront cache policy (the managed CachingDisabled policy).
    pub cache_policy_id: String,
    /// The CloudFront origin request policy (forwards the viewer's Content-Type and the like).
    pub origin_request_policy_id: String,
    /// The KeyValueStore key that holds the token secret (put there after deployment).
    pub secret_key: String,
    /// Runtime of the viewer-request function (`cloudfront-js-2.0`).
    pub function_runtime: String,
    /// How viewers must connect (`https-only`).
    pub viewer_protocol_policy: String,
    /// Methods the distribution passes on (CloudFront takes PUT only with the full set).
    pub allowed_methods: Vec<String>,
    /// Methods whose answers CloudFront may cache (none are, with caching disabled).
    pub cached_methods: Vec<String>,
    /// Origin Access Control: when requests to S3 are signed (`always`) and how (`sigv4`).
    pub signing: (String, String),
    /// The id of the bucket origin within the distribution.
    pub origin_id: String,
}

impl Owned {
    /// Allow statements of owned bucket `name`'s policy: each upload distribution of the
    /// bucket may put objects under its prefix, and nothing else.
    pub fn bucket_grants(&self, name: &str) -> Vec<ServiceGrant> {
        self.distributions
            .iter()
            .filter(|(_, d)| d.bucket == name)
            .map(|(dname, d)| {
                let mut objects = text_ref(OwnedKind::Bucket, name, Attr::Arn);
                objects.push_str(&format!("/{}*", d.path_prefix));
                ServiceGrant {
                    service: "cloudfront.amazonaws.com".into(),
                    actions: vec!["s3:PutObject".into()],
                    resource: objects,
                    source_arns: vec![text_ref(OwnedKind::Distribution, dname, Attr::Arn)],
                }
            })
            .collect()
    }
}
