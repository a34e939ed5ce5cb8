//! Subscriptions of owned topics beyond raw-delivery owned queues: Lambda functions, HTTPS
//! endpoints, e-mail addresses and queues by ARN, each with an optional filter policy.

use super::{Attr, OwnedKind, text_ref};
use crate::model::text::Text;
use serde::Serialize;

/// How SNS delivers to a subscriber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Protocol {
    /// A Lambda function.
    Lambda,
    /// An HTTPS endpoint.
    Https,
    /// An e-mail address.
    Email,
    /// An SQS queue.
    Sqs,
}

impl Protocol {
    /// The protocol as SNS names it.
    pub fn as_str(self) -> &'static str {
        match self {
            Protocol::Lambda => "lambda",
            Protocol::Https => "https",
            Protocol::Email => "email",
            Protocol::Sqs => "sqs",
        }
    }

    /// True when SNS can deliver raw messages with this protocol.
    pub fn takes_raw_delivery(self) -> bool {
        matches!(self, Protocol::Https | Protocol::Sqs)
    }
}

/// Where SNS delivers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Endpoint {
    /// An owned queue, by name.
    OwnedQueue(String),
    /// A function or queue ARN.
    Arn(Text),
    /// An HTTPS URL or an e-mail address.
    Address(String),
}

impl Endpoint {
    /// The endpoint as SNS takes it: an ARN, URL or address.
    pub fn text(&self) -> Text {
        match self {
            Endpoint::OwnedQueue(q) => text_ref(OwnedKind::Queue, q, Attr::Arn),
            Endpoint::Arn(t) => t.clone(),
            Endpoint::Address(a) => Text::lit(a.clone()),
        }
    }
}

/// Which part of a message a filter policy reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum FilterScope {
    /// The message attributes.
    MessageAttributes,
    /// The message body (JSON).
    MessageBody,
}

impl FilterScope {
    /// The scope as SNS names it.
    pub fn as_str(self) -> &'static str {
        match self {
            FilterScope::MessageAttributes => "MessageAttributes",
            FilterScope::MessageBody => "MessageBody",
        }
    }
}

/// One subscription of a topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TopicSubscription {
    /// How SNS delivers.
    pub protocol: Protocol,
    /// Where SNS delivers.
    pub endpoint: Endpoint,
    /// Only messages this filter policy (a JSON object) matches are delivered.
    pub filter_policy: Option<serde_json::Value>,
    /// What the filter policy reads (`None`: SNS's default, the attributes).
    pub filter_scope: Option<FilterScope>,
    /// Raw delivery as asked (`None`: on for owned queues, SNS's default otherwise).
    pub raw: Option<bool>,
}

impl TopicSubscription {
    /// Raw delivery as the subscription is created: as asked, else on for owned queues.
    pub fn raw_delivery(&self) -> Option<bool> {
        self.raw.or(match self.endpoint {
            Endpoint::OwnedQueue(_) => Some(true),
            _ => None,
        })
    }

    /// The function ARN, for a Lambda subscription (which needs SNS's permission to invoke).
    pub fn function(&self) -> Option<&Text> {
        match (&self.protocol, &self.endpoint) {
            (Protocol::Lambda, Endpoint::Arn(t)) => Some(t),
            _ => None,
        }
    }
}
