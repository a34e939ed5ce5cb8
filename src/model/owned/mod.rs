//! Resources a blueprint owns besides the API: SNS topics and SQS queues that integrations
//! publish or send to, S3 buckets, CloudFront upload distributions. They are created in the
//! same stack or configuration, and integrations refer to them by typed references, never by
//! pasted ARNs. Each kind's settings and policies are decided in its own file here; emitters
//! only project them.

mod bucket;
pub mod delivery;
mod distribution;
mod event_bus;
mod messaging;
mod state_machine;
mod stream;
mod table;

pub use bucket::{Bucket, LifecycleAction, LifecycleRule, PublicAccessBlock};
pub use delivery::{Compression, DeliveryStream};
pub use distribution::UploadDistribution;
pub use event_bus::{EventBus, EventRule, RuleTarget, rule_name};
pub use state_machine::{DEFAULT_LOG_RETENTION_DAYS, LogLevel, StateMachine};
mod kms;
pub mod naming;
mod subscription;
mod tags;
pub use kms::{Key, KmsKey};
pub use messaging::{DeadLetter, DeadLetterTarget, Queue, Subscription, Topic};
pub use stream::Stream;
pub use subscription::{Endpoint, FilterScope, Protocol, TopicSubscription};
pub use table::{
    Billing, Capacity, Index, KeyAttr, KeySchema, KeyType, Projection, Table, index_arn, table_arn,
};
pub use tags::{Tags, merged as merged_tags, no_tags};

use super::policy::{Condition, Effect, OneOrMany, PolicyStatement, Principal};
use super::text::Text;
use serde::Serialize;
use std::collections::BTreeMap;

/// The status word AWS uses for a setting that is on (versioning, lifecycle rules).
pub const ENABLED: &str = "Enabled";

/// What kind of owned resource a reference points at. Adding a kind: a variant here, its
/// [`KindFacts`] in the kind's own file (naming its map in [`Owned`] and its tags), the map in
/// [`Owned`] with an [`OwnedResource`] impl.
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
    /// A Kinesis data stream.
    Stream,
    /// A Firehose delivery stream.
    DeliveryStream,
    /// A DynamoDB table.
    Table,
    /// A Step Functions state machine.
    StateMachine,
    /// An EventBridge event bus.
    EventBus,
    /// A rule of an owned event bus (owned as `<bus>-<rule>`).
    EventRule,
    /// A KMS key created to encrypt an owned queue or topic.
    Key,
}

impl OwnedKind {
    /// Every kind, in the order checks report them.
    pub const ALL: [OwnedKind; 12] = [
        OwnedKind::Topic,
        OwnedKind::Queue,
        OwnedKind::Bucket,
        OwnedKind::Function,
        OwnedKind::Distribution,
        OwnedKind::Stream,
        OwnedKind::DeliveryStream,
        OwnedKind::Table,
        OwnedKind::StateMachine,
        OwnedKind::EventBus,
        OwnedKind::EventRule,
        OwnedKind::Key,
    ];

    /// What the rest of the pipeline knows about the kind: its words and how a
    /// CloudFormation template names it and reads its attributes.
    pub fn facts(self) -> &'static KindFacts {
        match self {
            OwnedKind::Topic => &messaging::TOPIC,
            OwnedKind::Queue => &messaging::QUEUE,
            OwnedKind::Bucket => &bucket::FACTS,
            OwnedKind::Function => &super::function::FACTS,
            OwnedKind::Distribution => &distribution::FACTS,
            OwnedKind::Stream => &stream::FACTS,
            OwnedKind::DeliveryStream => &delivery::FACTS,
            OwnedKind::Table => &table::FACTS,
            OwnedKind::StateMachine => &state_machine::FACTS,
            OwnedKind::EventBus => &event_bus::BUS,
            OwnedKind::EventRule => &event_bus::RULE,
            OwnedKind::Key => &kms::FACTS,
        }
    }

    /// The kind in one lower-case word, as messages name it (`topic`, `queue`).
    pub fn word(self) -> &'static str {
        self.facts().word
    }

    /// What the blueprint calls the kind in messages, and its key under `owns:`.
    pub fn blueprint_words(self) -> (&'static str, &'static str) {
        let f = self.facts();
        (f.what, f.section)
    }
}

/// Facts of one kind of owned resource, kept in the kind's own file so that adding a kind
/// touches no shared match: its words in messages and the blueprint, how a CloudFormation
/// template names it and reads its attributes (OpenAPI placeholders name the same template
/// resources, so both formats read these), where [`Owned`] keeps it and whether it takes tags.
#[derive(Debug, Clone, Copy)]
pub struct KindFacts {
    /// One lower-case word, as messages and readable texts name it (`topic`).
    pub word: &'static str,
    /// What blueprint messages call it (`upload distribution`).
    pub what: &'static str,
    /// Its key under `owns:` (`upload_distributions`).
    pub section: &'static str,
    /// The start of its CloudFormation logical id (`Topic` in `TopicAlerts`).
    pub logical_id_prefix: &'static str,
    /// How a template reads its ARN.
    pub arn: TemplateAttr,
    /// How a template reads its name.
    pub name: TemplateAttr,
    /// How a template reads its URL (or the address clients reach it at).
    pub url: TemplateAttr,
    /// The attributes a blueprint may refer to as `${name.<word>}`, by their word.
    pub refs: &'static [(&'static str, Attr)],
    /// The names of the resources of the kind in an [`Owned`], sorted.
    pub names: fn(&Owned) -> Vec<&String>,
    /// The tags resource `name` of the kind declares itself ([`no_tags`] for kinds without).
    pub tags: for<'a> fn(&'a Owned, &str) -> Option<&'a Tags>,
}

impl KindFacts {
    /// How a template reads attribute `attr`.
    pub fn template_attr(&self, attr: Attr) -> TemplateAttr {
        match attr {
            Attr::Arn => self.arn,
            Attr::Name => self.name,
            Attr::Url => self.url,
        }
    }
}

/// How a CloudFormation template reads one attribute of a resource.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TemplateAttr {
    /// `Ref` returns it.
    Ref,
    /// `Fn::GetAtt` with this attribute name returns it.
    GetAtt(&'static str),
    /// The resource type has no such attribute: the ARN of a global resource is built from
    /// `Ref`, as `arn:<partition>:<service>::<account>:<resource>/<Ref>`.
    GlobalArn {
        /// The service in the ARN (`cloudfront`).
        service: &'static str,
        /// The resource type in the ARN (`distribution`).
        resource: &'static str,
    },
}

/// A kind the blueprint owns by name: where [`Owned`] keeps resources of the kind, so one
/// generic builder call ([`RestApiBuilder::own`]) adds any of them.
///
/// [`RestApiBuilder::own`]: super::RestApiBuilder::own
pub trait OwnedResource: Sized {
    /// The kind.
    const KIND: OwnedKind;
    /// The resources of this kind in `owned`, by name.
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, Self>;
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
    /// Kinesis data streams.
    pub streams: BTreeMap<String, Stream>,
    /// Firehose delivery streams.
    pub delivery_streams: BTreeMap<String, DeliveryStream>,
    /// DynamoDB tables.
    pub tables: BTreeMap<String, Table>,
    /// Step Functions state machines.
    pub state_machines: BTreeMap<String, StateMachine>,
    /// EventBridge event buses.
    pub event_buses: BTreeMap<String, EventBus>,
    /// Rules of the owned event buses, by `<bus>-<rule>`.
    pub event_rules: BTreeMap<String, EventRule>,
    /// KMS keys created to encrypt owned queues and topics.
    pub keys: BTreeMap<String, Key>,
}

impl Owned {
    /// The names of the owned resources of `kind`, sorted (functions are declared by their
    /// integrations, not owned by name).
    pub fn names(&self, kind: OwnedKind) -> Vec<&String> {
        (kind.facts().names)(self)
    }

    /// True when a resource of `kind` named `name` is owned.
    pub fn has(&self, kind: OwnedKind, name: &str) -> bool {
        self.names(kind).iter().any(|n| n.as_str() == name)
    }

    /// True when nothing is owned.
    pub fn is_empty(&self) -> bool {
        OwnedKind::ALL.iter().all(|k| self.names(*k).is_empty())
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
        conditions: vec![Condition {
            operator: "ArnEquals".into(),
            key: "aws:SourceArn".into(),
            values: OneOrMany::Many(sources),
        }],
    }
}
