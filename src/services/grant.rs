//! The IAM grants a generic `aws` call declares: exact actions on resource ARNs, allowed or
//! denied, under IAM conditions. Wildcard actions are refused; resources and condition
//! values may hold references (`${AWS::AccountId}`, `${jobs.arn}`) and IAM policy variables
//! (`${aws:username}`).

use crate::codes;
use crate::model::policy::{Condition, Effect, OneOrMany};
use crate::model::reference::{self, Place};
use crate::model::{OpError, Owned, Permission, Text};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Allow or deny, as a grant writes it.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum EffectSpec {
    /// The role may do it (the default).
    #[default]
    Allow,
    /// The role may not do it, whatever else allows it (narrows another grant).
    Deny,
}

/// One or several condition values.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum Values {
    /// One value.
    One(String),
    /// Several values: the condition holds for any of them.
    Many(Vec<String>),
}

/// One IAM grant the call needs.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// `allow` (default) or `deny`.
    #[serde(default)]
    pub effect: EffectSpec,
    /// Exact actions (`polly:ListLexicons`); wildcards are refused.
    pub actions: Vec<String>,
    /// Resource ARNs; `${AWS::Partition}`, `${AWS::Region}`, `${AWS::AccountId}` and owned
    /// resources' `${<name>.arn}` are filled at deploy time, IAM policy variables
    /// (`${aws:username}`) by IAM. `*` only where the action has no resource-level
    /// permissions.
    pub resources: Vec<String>,
    /// IAM conditions: operator -> condition key -> value or values
    /// (`StringEquals: { "aws:RequestedRegion": "eu-west-1" }`).
    #[serde(default)]
    pub conditions: BTreeMap<String, BTreeMap<String, Values>>,
}

fn err(msg: String) -> OpError {
    OpError::field(codes::ARGUMENT, "iam", msg)
}

fn text(raw: &str, owned: &Owned) -> Result<Text, OpError> {
    reference::parse(raw, Place::Iam, owned).map_err(|e| e.into_op_error("iam"))
}

/// `service:Action`, letters and digits only in the action.
fn is_action(a: &str) -> bool {
    let Some((svc, name)) = a.split_once(':') else {
        return false;
    };
    !svc.is_empty()
        && svc
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

/// `StringEquals`, `ForAnyValue:StringLike`, `ArnNotEqualsIfExists`: IAM's operator shape.
fn is_operator(op: &str) -> bool {
    let base = op
        .strip_prefix("ForAnyValue:")
        .or_else(|| op.strip_prefix("ForAllValues:"))
        .unwrap_or(op);
    let base = base.strip_suffix("IfExists").unwrap_or(base);
    const OPERATORS: [&str; 22] = [
        "StringEquals",
        "StringNotEquals",
        "StringEqualsIgnoreCase",
        "StringNotEqualsIgnoreCase",
        "StringLike",
        "StringNotLike",
        "NumericEquals",
        "NumericNotEquals",
        "NumericLessThan",
        "NumericLessThanEquals",
        "NumericGreaterThan",
        "NumericGreaterThanEquals",
        "DateEquals",
        "DateNotEquals",
        "DateLessThan",
        "DateGreaterThan",
        "Bool",
        "BinaryEquals",
        "IpAddress",
        "NotIpAddress",
        "ArnEquals",
        "ArnLike",
    ];
    OPERATORS.contains(&base) || base == "ArnNotEquals" || base == "ArnNotLike" || base == "Null"
}

/// The permissions `grants` declare, checked: at least one allow, exact actions, resources
/// and condition values with their references resolved.
pub fn permissions(grants: &[Grant], owned: &Owned) -> Result<Vec<Permission>, OpError> {
    if !grants.iter().any(|g| matches!(g.effect, EffectSpec::Allow)) {
        return Err(
            err("declare the IAM actions and resources the call needs".into())
                .help("for example `iam: [{ actions: [polly:ListLexicons], resources: [\"*\"] }]`"),
        );
    }
    let mut out = Vec::new();
    for g in grants {
        if g.actions.is_empty() || g.resources.is_empty() {
            return Err(err(
                "each grant needs at least one action and one resource".into()
            ));
        }
        for a in &g.actions {
            if a.contains(['*', '?']) {
                return Err(err(format!("`{a}` is a wildcard action"))
                    .help("name each action the call needs: gatewright grants least privilege"));
            }
            if !is_action(a) {
                return Err(err(format!(
                    "`{a}` is not an IAM action (`service:Action`)"
                )));
            }
        }
        let resources = g
            .resources
            .iter()
            .map(|r| text(r, owned))
            .collect::<Result<Vec<_>, _>>()?;
        let mut conditions = Vec::new();
        for (op, keys) in &g.conditions {
            if !is_operator(op) {
                let known = [
                    "StringEquals",
                    "StringLike",
                    "ArnEquals",
                    "ArnLike",
                    "IpAddress",
                    "Bool",
                    "NumericLessThan",
                    "Null",
                ];
                return Err(err(format!("`{op}` is not an IAM condition operator")).help(format!(
                    "{}operators are IAM's (`StringEquals`, `ArnLike`, `IpAddress`, `Bool`, ...), optionally with `ForAnyValue:`/`ForAllValues:` or `IfExists`",
                    crate::suggest::closest(op, known)
                        .map(|s| format!("did you mean `{s}`? "))
                        .unwrap_or_default()
                )));
            }
            if keys.is_empty() {
                return Err(err(format!("condition `{op}` names no condition key")));
            }
            for (key, values) in keys {
                if !key.contains(':') {
                    return Err(err(format!(
                        "`{key}` is not an IAM condition key (`aws:SourceVpc`, `s3:prefix`)"
                    )));
                }
                let values = match values {
                    Values::One(v) => OneOrMany::One(text(v, owned)?),
                    Values::Many(vs) if !vs.is_empty() => OneOrMany::Many(
                        vs.iter()
                            .map(|v| text(v, owned))
                            .collect::<Result<_, _>>()?,
                    ),
                    Values::Many(_) => {
                        return Err(err(format!("condition `{op}` on `{key}` has no values")));
                    }
                };
                conditions.push(Condition {
                    operator: op.clone(),
                    key: key.clone(),
                    values,
                });
            }
        }
        out.push(Permission {
            effect: match g.effect {
                EffectSpec::Allow => Effect::Allow,
                EffectSpec::Deny => Effect::Deny,
            },
            actions: g.actions.clone(),
            resources,
            conditions,
        });
    }
    Ok(out)
}
