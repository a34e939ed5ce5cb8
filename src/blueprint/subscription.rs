//! Topic subscriptions and queue dead-letter targets as the blueprint writes them under
//! `owns:`.

use schemars::JsonSchema;
use serde::Deserialize;

/// How SNS delivers to a subscriber.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ProtocolSpec {
    /// A Lambda function, by ARN (`endpoint`); the function's permission for SNS is created.
    Lambda,
    /// An HTTPS endpoint (`endpoint: https://...`); it must confirm the subscription.
    Https,
    /// An e-mail address (`endpoint`); the recipient must confirm the subscription.
    Email,
    /// An SQS queue: an owned one (`queue: <name>`, its policy is written) or any queue by ARN
    /// (`endpoint`; that queue's policy must let the topic send, which the blueprint cannot do).
    Sqs,
}

/// Which part of a message a filter policy reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum FilterScopeSpec {
    /// The message attributes (the default).
    MessageAttributes,
    /// The message body, which must be JSON.
    MessageBody,
}

/// One subscription of a topic.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SubscriptionSpec {
    /// `lambda`, `https`, `email` or `sqs`.
    pub protocol: ProtocolSpec,
    /// Where SNS delivers: a function or queue ARN (may hold `${...}` references), an HTTPS
    /// URL or an e-mail address.
    #[serde(default)]
    pub endpoint: Option<String>,
    /// `sqs` only: an owned queue instead of an `endpoint` ARN.
    #[serde(default)]
    pub queue: Option<String>,
    /// Only messages this SNS filter policy (a JSON object) matches are delivered; default:
    /// every message.
    #[serde(default)]
    pub filter_policy: Option<serde_json::Value>,
    /// What the filter policy reads: `MessageAttributes` (default) or `MessageBody`.
    #[serde(default)]
    pub filter_policy_scope: Option<FilterScopeSpec>,
    /// `sqs` and `https` only: deliver the message as published, without SNS's JSON envelope
    /// (default: on for owned queues, off otherwise).
    #[serde(default)]
    pub raw_delivery: Option<bool>,
}

/// Where a queue's messages go after `max_receive_count` failed receives: exactly one of
/// `queue` (owned) or `arn`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeadLetterSpec {
    /// An owned queue.
    #[serde(default)]
    pub queue: Option<String>,
    /// Or any queue, by ARN (may hold `${...}` references).
    #[serde(default)]
    pub arn: Option<String>,
    /// Receives after which a message moves to the dead-letter queue (1 to 1000).
    pub max_receive_count: u32,
}
