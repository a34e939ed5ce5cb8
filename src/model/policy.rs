//! IAM policy documents as model values: role trust and permission policies, bucket and queue
//! policies, the API's resource policy. Every format writes the same JSON, so the statements
//! (effect, principal, actions, resources, condition) are decided here once and the emitters
//! only say how a deploy-time [`Text`] is written.

use super::text::Text;
use serde::Serialize;

/// The policy language version every document uses.
pub const VERSION: &str = "2012-10-17";

/// Service principals the generated policies name.
pub mod principal {
    /// API Gateway: assumes the execution role and invokes Lambda functions.
    pub const API_GATEWAY: &str = "apigateway.amazonaws.com";
    /// Lambda: assumes the roles of generated functions.
    pub const LAMBDA: &str = "lambda.amazonaws.com";
    /// SNS: delivers to subscribed queues.
    pub const SNS: &str = "sns.amazonaws.com";
    /// CloudFront: writes into buckets through Origin Access Control.
    pub const CLOUDFRONT: &str = "cloudfront.amazonaws.com";
    /// Step Functions: assumes the roles of owned state machines.
    pub const STATES: &str = "states.amazonaws.com";
    /// EventBridge: delivers to rule targets.
    pub const EVENTS: &str = "events.amazonaws.com";
}

/// The action a trust policy allows.
pub const ASSUME_ROLE: &str = "sts:AssumeRole";

/// One value or a list, as IAM accepts both and the generated documents use each in
/// fixed places.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum OneOrMany<T> {
    /// Written as a single value.
    One(T),
    /// Written as a list.
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values, one or many.
    pub fn items(&self) -> &[T] {
        match self {
            OneOrMany::One(t) => std::slice::from_ref(t),
            OneOrMany::Many(v) => v,
        }
    }
}

/// Allow or deny.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Effect {
    /// `Allow`.
    #[default]
    Allow,
    /// `Deny`.
    Deny,
}

impl Effect {
    /// The IAM spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Effect::Allow => "Allow",
            Effect::Deny => "Deny",
        }
    }
}

/// Who a resource or trust policy statement applies to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Principal {
    /// Everyone (`"*"`).
    Anyone,
    /// An AWS service (`{"Service": ...}`).
    Service(&'static str),
    /// AWS accounts by id (`{"AWS": [...]}`).
    Accounts(Vec<String>),
}

/// A condition: operator, key, and the values that satisfy it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Condition {
    /// `Bool`, `ArnEquals`, `NotIpAddress`, ...
    pub operator: String,
    /// `aws:SecureTransport`, `aws:SourceArn`, ...
    pub key: String,
    /// The values.
    pub values: OneOrMany<Text>,
}

/// One statement of a policy document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyStatement {
    /// Statement id, when the statement has one.
    pub sid: Option<&'static str>,
    /// Allow or deny.
    pub effect: Effect,
    /// Resource and trust policies name a principal; identity policies do not.
    pub principal: Option<Principal>,
    /// IAM actions.
    pub actions: OneOrMany<String>,
    /// Resources; trust policies have none.
    pub resources: Option<OneOrMany<Text>>,
    /// Conditions, all of which must hold (none: always).
    pub conditions: Vec<Condition>,
}

impl PolicyStatement {
    /// `Allow` of `actions` on `resources`, as identity policies write it.
    pub fn allow(actions: Vec<String>, resources: Vec<Text>) -> PolicyStatement {
        PolicyStatement {
            sid: None,
            effect: Effect::Allow,
            principal: None,
            actions: OneOrMany::Many(actions),
            resources: Some(OneOrMany::Many(resources)),
            conditions: Vec::new(),
        }
    }
}

/// A policy document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PolicyDocument {
    /// Its statements, in order.
    pub statements: Vec<PolicyStatement>,
}

impl PolicyDocument {
    /// The trust policy that lets `service` assume a role.
    pub fn trust(service: &'static str) -> PolicyDocument {
        PolicyDocument {
            statements: vec![PolicyStatement {
                sid: None,
                effect: Effect::Allow,
                principal: Some(Principal::Service(service)),
                actions: OneOrMany::One(ASSUME_ROLE.into()),
                resources: None,
                conditions: Vec::new(),
            }],
        }
    }
}

/// An IAM role with one inline policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    /// What the role is for.
    pub description: String,
    /// The service that assumes it.
    pub service: &'static str,
    /// Name of its inline policy.
    pub policy_name: &'static str,
    /// Its inline policy.
    pub policy: PolicyDocument,
}

impl Role {
    /// The trust policy: only [`Role::service`] may assume the role.
    pub fn trust(&self) -> PolicyDocument {
        PolicyDocument::trust(self.service)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trust_names_the_service_and_assume_role_only() {
        let t = PolicyDocument::trust(principal::LAMBDA);
        assert_eq!(t.statements.len(), 1);
        let s = &t.statements[0];
        assert_eq!(s.principal, Some(Principal::Service(principal::LAMBDA)));
        assert_eq!(s.actions.items(), [ASSUME_ROLE.to_string()]);
        assert!(s.resources.is_none() && s.conditions.is_empty());
    }
}
