//! Owned SNS topics and SQS queues, the subscriptions between them, and the queue policies
//! those subscriptions need.

use super::kms::KmsKey;
use super::subscription::{Endpoint, Protocol, TopicSubscription};
use super::{
    Attr, KindFacts, Owned, OwnedKind, OwnedResource, TemplateAttr, service_grant, text_ref,
};
use crate::model::policy::{PolicyDocument, principal};
use crate::model::scan::{Explained, Formats};
use crate::model::text::Text;
use serde::Serialize;
use std::collections::BTreeMap;

/// A topic: `Ref` is its ARN.
pub(super) const TOPIC: KindFacts = KindFacts {
    word: "topic",
    what: "topic",
    section: "topics",
    logical_id_prefix: "Topic",
    arn: TemplateAttr::Ref,
    name: TemplateAttr::GetAtt("TopicName"),
    url: TemplateAttr::Ref,
    refs: &[("arn", Attr::Arn), ("name", Attr::Name)],
    names: |o| o.topics.keys().collect(),
    tags: |o, n| o.topics.get(n).map(|r| &r.tags),
};

/// A queue: `Ref` is its URL.
pub(super) const QUEUE: KindFacts = KindFacts {
    word: "queue",
    what: "queue",
    section: "queues",
    logical_id_prefix: "Queue",
    arn: TemplateAttr::GetAtt("Arn"),
    name: TemplateAttr::GetAtt("QueueName"),
    url: TemplateAttr::Ref,
    refs: &[("arn", Attr::Arn), ("name", Attr::Name), ("url", Attr::Url)],
    names: |o| o.queues.keys().collect(),
    tags: |o, n| o.queues.get(n).map(|r| &r.tags),
};

/// An SNS topic the blueprint owns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Topic {
    /// A FIFO topic (its name ends in `.fifo`; publishers must give a message group).
    pub fifo: bool,
    /// Queues subscribed to the topic (raw message delivery), by owned queue name.
    pub subscribers: Vec<String>,
    /// Its name in AWS, when the blueprint chooses it (else derived from the stack or API).
    pub name: Option<String>,
    /// FIFO only: deduplicate by a hash of the body when no deduplication id is sent.
    pub content_based_deduplication: bool,
    /// The KMS key that encrypts messages at rest, if any.
    pub kms_key: Option<KmsKey>,
    /// Further subscriptions (Lambda, HTTPS, e-mail, queues by ARN or owned).
    pub subscriptions: Vec<TopicSubscription>,
    /// Tags of the topic, over the API's.
    pub tags: BTreeMap<String, String>,
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
    /// Its name in AWS, when the blueprint chooses it (else derived from the stack or API).
    pub name: Option<String>,
    /// Seconds SQS keeps a message.
    pub retention: Option<u32>,
    /// Seconds a new message stays hidden before it can be received.
    pub delay: Option<u32>,
    /// Largest message, in bytes.
    pub max_message_size: Option<u32>,
    /// Where messages go after too many failed receives.
    pub dead_letter: Option<DeadLetter>,
    /// The KMS key that encrypts messages, replacing SQS-managed encryption.
    pub kms_key: Option<KmsKey>,
    /// Tags of the queue, over the API's.
    pub tags: BTreeMap<String, String>,
}

/// A queue's dead-letter queue and when messages move there (its redrive policy).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeadLetter {
    /// The dead-letter queue.
    pub target: DeadLetterTarget,
    /// Receives after which a message moves there.
    pub max_receive_count: u32,
}

/// The dead-letter queue: owned, or any queue by ARN.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum DeadLetterTarget {
    /// An owned queue, by name.
    Owned(String),
    /// Any queue, by ARN.
    Arn(Text),
}

impl DeadLetter {
    /// The dead-letter queue's ARN.
    pub fn arn(&self) -> Text {
        match &self.target {
            DeadLetterTarget::Owned(q) => text_ref(OwnedKind::Queue, q, Attr::Arn),
            DeadLetterTarget::Arn(t) => t.clone(),
        }
    }
}

impl OwnedResource for Topic {
    const KIND: OwnedKind = OwnedKind::Topic;
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, Topic> {
        &mut owned.topics
    }
}

impl OwnedResource for Queue {
    const KIND: OwnedKind = OwnedKind::Queue;
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, Queue> {
        &mut owned.queues
    }
}

impl Queue {
    /// Messages are encrypted at rest with SQS-managed keys, unless a KMS key encrypts them.
    pub fn managed_sse(&self) -> bool {
        self.kms_key.is_none()
    }
}

/// One subscription of an owned topic, as the formats write it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Subscription<'a> {
    /// The owned topic.
    pub topic: &'a str,
    /// How SNS delivers.
    pub protocol: Protocol,
    /// Where SNS delivers.
    pub endpoint: Endpoint,
    /// Deliver the message as published, without SNS's JSON envelope (`None`: SNS's default,
    /// off).
    pub raw_message_delivery: Option<bool>,
    /// The `subscriptions` entry it comes from (with its filter policy), or `None` for a
    /// `subscribers` entry.
    pub spec: Option<&'a TopicSubscription>,
    /// Its place among the topic's `subscriptions` (from 1), or `None` for a `subscribers`
    /// entry; names the generated resource.
    pub index: Option<usize>,
}

impl Subscription<'_> {
    /// The owned queue it delivers to, if any.
    pub fn owned_queue(&self) -> Option<&str> {
        match &self.endpoint {
            Endpoint::OwnedQueue(q) => Some(q),
            _ => None,
        }
    }
}

impl Owned {
    /// For each queue some owned topic or event rule delivers to: its queue policy, letting
    /// SNS send messages only from those topics, and EventBridge only for those rules.
    pub fn queue_policies(&self) -> Vec<(String, PolicyDocument)> {
        self.queues
            .keys()
            .filter_map(|q| {
                let mut topics: Vec<Text> = Vec::new();
                for s in self.subscriptions() {
                    let t = text_ref(OwnedKind::Topic, s.topic, Attr::Arn);
                    if s.owned_queue() == Some(q.as_str()) && !topics.contains(&t) {
                        topics.push(t);
                    }
                }
                let rules = self.rules_targeting(OwnedKind::Queue, q);
                let mut statements = Vec::new();
                for (service, sources) in [(principal::SNS, topics), (principal::EVENTS, rules)] {
                    if !sources.is_empty() {
                        statements.push(service_grant(
                            service,
                            &["sqs:SendMessage"],
                            text_ref(OwnedKind::Queue, q, Attr::Arn),
                            sources,
                        ));
                    }
                }
                (!statements.is_empty()).then(|| (q.clone(), PolicyDocument { statements }))
            })
            .collect()
    }

    /// Every subscription of every owned topic: its `subscribers` (owned queues, raw
    /// delivery), then its `subscriptions`, topic by topic.
    pub fn subscriptions(&self) -> Vec<Subscription<'_>> {
        let mut out = Vec::new();
        for (t, topic) in &self.topics {
            for q in &topic.subscribers {
                out.push(Subscription {
                    topic: t,
                    protocol: Protocol::Sqs,
                    endpoint: Endpoint::OwnedQueue(q.clone()),
                    raw_message_delivery: Some(true),
                    spec: None,
                    index: None,
                });
            }
            for (i, s) in topic.subscriptions.iter().enumerate() {
                out.push(Subscription {
                    topic: t,
                    protocol: s.protocol,
                    endpoint: s.endpoint.clone(),
                    raw_message_delivery: s.raw_delivery(),
                    spec: Some(s),
                    index: Some(i + 1),
                });
            }
        }
        out
    }
}

impl Topic {
    /// Scanner checks the topic does not meet, and why (see [`crate::model::scan`]).
    pub fn scan_findings(&self) -> Vec<Explained> {
        if self.kms_key.is_some() {
            return Vec::new();
        }
        vec![Explained::new(
            "CKV_AWS_26",
            Formats::Both,
            "SNS encryption at rest needs a KMS key: AWS services cannot publish to a topic under SNS's AWS-managed key, and a customer-managed key (its key policy, a monthly cost) is the account's choice; messages are encrypted in transit",
        )]
    }
}

impl Queue {
    /// Scanner checks the queue does not meet, and why.
    pub fn scan_findings(&self) -> Vec<Explained> {
        vec![Explained::new(
            "CKV_AWS_27",
            Formats::CloudFormation,
            "a false positive: the queue is encrypted at rest with SQS-managed keys (`SqsManagedSseEnabled: true`), which the check does not read (it looks for `KmsMasterKeyId` only)",
        )]
    }
}
