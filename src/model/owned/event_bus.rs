//! Owned EventBridge event buses and their rules: each rule matches events by a pattern and
//! delivers them to owned targets (queues, state machines). The queue policy lets EventBridge
//! send only on behalf of the rules that target the queue; state machine targets are started
//! through a role EventBridge assumes, allowed `states:StartExecution` on those machines only.

use super::tags::no_tags;
use super::{Attr, KindFacts, Owned, OwnedKind, OwnedResource, TemplateAttr, text_ref};
use crate::model::policy::{PolicyStatement, Role, principal};
use crate::model::text::Text;
use serde::Serialize;
use std::collections::BTreeMap;

/// An event bus: `Ref` is its name.
pub(super) const BUS: KindFacts = KindFacts {
    word: "bus",
    what: "event bus",
    section: "event_buses",
    logical_id_prefix: "EventBus",
    arn: TemplateAttr::GetAtt("Arn"),
    name: TemplateAttr::Ref,
    url: TemplateAttr::GetAtt("Arn"),
    refs: &[("arn", Attr::Arn), ("name", Attr::Name)],
    names: |o| o.event_buses.keys().collect(),
    tags: no_tags,
};

/// A rule of an owned bus, owned under the name `<bus>-<rule>`: `Fn::GetAtt Arn` is its ARN.
pub(super) const RULE: KindFacts = KindFacts {
    word: "rule",
    what: "event rule",
    section: "event_buses",
    logical_id_prefix: "EventRule",
    arn: TemplateAttr::GetAtt("Arn"),
    name: TemplateAttr::Ref,
    url: TemplateAttr::GetAtt("Arn"),
    refs: &[("arn", Attr::Arn)],
    names: |o| o.event_rules.keys().collect(),
    tags: no_tags,
};

/// An EventBridge event bus the blueprint owns (events at rest are encrypted with an
/// AWS-owned key, EventBridge's default).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventBus {}

/// Where a rule delivers matching events.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum RuleTarget {
    /// An owned queue.
    Queue(String),
    /// An owned state machine, started with the event as input.
    StateMachine(String),
}

impl RuleTarget {
    /// The owned resource the target is.
    pub fn resource(&self) -> (OwnedKind, &str) {
        match self {
            RuleTarget::Queue(q) => (OwnedKind::Queue, q),
            RuleTarget::StateMachine(m) => (OwnedKind::StateMachine, m),
        }
    }

    /// The target's id within its rule (unique per rule, letters, digits, `-` and `_`).
    pub fn id(&self) -> String {
        let (kind, name) = self.resource();
        format!("{}-{name}", kind.word())
    }
}

/// A rule of an owned event bus.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct EventRule {
    /// The owned bus the rule listens on.
    pub bus: String,
    /// The rule's name within its bus (the owned name is `<bus>-<rule>`).
    pub rule: String,
    /// The event pattern, as JSON.
    pub pattern: serde_json::Value,
    /// Where matching events go.
    pub targets: Vec<RuleTarget>,
}

impl OwnedResource for EventBus {
    const KIND: OwnedKind = OwnedKind::EventBus;
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, EventBus> {
        &mut owned.event_buses
    }
}

impl OwnedResource for EventRule {
    const KIND: OwnedKind = OwnedKind::EventRule;
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, EventRule> {
        &mut owned.event_rules
    }
}

/// The owned name of rule `rule` of bus `bus`.
pub fn rule_name(bus: &str, rule: &str) -> String {
    format!("{bus}-{rule}")
}

impl Owned {
    /// The ARNs of the rules that deliver to owned queue `queue`, for its queue policy.
    pub fn rules_targeting(&self, kind: OwnedKind, name: &str) -> Vec<Text> {
        self.event_rules
            .iter()
            .filter(|(_, r)| r.targets.iter().any(|t| t.resource() == (kind, name)))
            .map(|(n, _)| text_ref(OwnedKind::EventRule, n, Attr::Arn))
            .collect()
    }

    /// The role EventBridge assumes to start the state machines rule `name` targets, if it
    /// targets any: `states:StartExecution` on exactly those machines.
    pub fn rule_role(&self, name: &str) -> Option<Role> {
        let rule = self.event_rules.get(name)?;
        let machines: Vec<Text> = rule
            .targets
            .iter()
            .filter_map(|t| match t {
                RuleTarget::StateMachine(m) => {
                    Some(text_ref(OwnedKind::StateMachine, m, Attr::Arn))
                }
                RuleTarget::Queue(_) => None,
            })
            .collect();
        (!machines.is_empty()).then(|| Role {
            description: format!("Role EventBridge assumes for rule {name}"),
            service: principal::EVENTS,
            policy_name: "start-executions",
            policy: crate::model::policy::PolicyDocument {
                statements: vec![PolicyStatement::allow(
                    vec!["states:StartExecution".into()],
                    machines,
                )],
            },
        })
    }
}
