//! Owned SNS topics and SQS queues, the subscriptions between them, and the queue policies
//! those subscriptions need.

use super::{
    Attr, KindFacts, Owned, OwnedKind, OwnedResource, TemplateAttr, service_grant, text_ref,
};
use crate::model::policy::{PolicyDocument, principal};
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
};

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
    /// Messages are encrypted at rest with SQS-managed keys.
    pub fn managed_sse(&self) -> bool {
        true
    }
}

/// A queue subscribed to a topic.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Subscription<'a> {
    /// The owned topic.
    pub topic: &'a str,
    /// The owned queue.
    pub queue: &'a str,
    /// `sqs`.
    pub protocol: &'static str,
    /// The message arrives as published, without SNS's JSON envelope.
    pub raw_message_delivery: bool,
}

impl Owned {
    /// For each queue some owned topic or event rule delivers to: its queue policy, letting
    /// SNS send messages only from those topics, and EventBridge only for those rules.
    pub fn queue_policies(&self) -> Vec<(String, PolicyDocument)> {
        self.queues
            .keys()
            .filter_map(|q| {
                let topics: Vec<Text> = self
                    .topics
                    .iter()
                    .filter(|(_, t)| t.subscribers.contains(q))
                    .map(|(name, _)| text_ref(OwnedKind::Topic, name, Attr::Arn))
                    .collect();
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

    /// Every subscription of a queue to a topic, in order.
    pub fn subscriptions(&self) -> Vec<Subscription<'_>> {
        self.topics
            .iter()
            .flat_map(|(t, topic)| {
                topic.subscribers.iter().map(move |q| Subscription {
                    topic: t,
                    queue: q,
                    protocol: "sqs",
                    raw_message_delivery: true,
                })
            })
            .collect()
    }
}
