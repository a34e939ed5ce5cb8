//! Owned state machines (with their role and log group) and event buses (with their rules,
//! targets and the roles EventBridge assumes to start state machines) as Terraform
//! resources.

use super::insert_role;
use super::owned::owned_address;
use super::refs::{Refs, escape};
use crate::limits::MAX_NAME_PREFIX;
use crate::model::names::{api_slug, bounded, owned_name};
use crate::model::owned::RuleTarget;
use crate::model::{OwnedKind, RestApi, Role};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

type Resources<'a> = BTreeMap<&'a str, Map<String, Value>>;

/// A role named `name`, with its inline policy only when the role needs a permission.
fn role(r: &mut Resources, refs: &mut Refs, name: &str, role: &Role) {
    if role.policy.statements.is_empty() {
        let trust = refs.policy(&role.trust());
        r.entry("aws_iam_role").or_default().insert(
            name.into(),
            json!({ "description": escape(&role.description), "assume_role_policy": trust }),
        );
    } else {
        insert_role(r, refs, name, role);
    }
}

/// Inserts every owned state machine, event bus and rule into `r`.
pub fn insert(api: &RestApi, refs: &mut Refs, r: &mut Resources) {
    let owned = &api.owned;
    let scope = api.scope();
    let prefix = |name: &str| {
        format!(
            "{}-",
            bounded(
                &format!("{}-{name}", api_slug(&api.name)),
                MAX_NAME_PREFIX - 1
            )
        )
    };
    for (name, m) in &owned.state_machines {
        let n = owned_name(name).snake;
        let role_name = format!("{n}_machine");
        role(r, refs, &role_name, &m.role(name));
        let mut o = Map::new();
        o.insert("name_prefix".into(), json!(prefix(name)));
        o.insert("type".into(), json!(m.type_word()));
        o.insert("definition".into(), json!(refs.text(&m.definition)));
        o.insert(
            "role_arn".into(),
            json!(format!("${{aws_iam_role.{role_name}.arn}}")),
        );
        if m.logs() {
            r.entry("aws_cloudwatch_log_group").or_default().insert(
                role_name.clone(),
                json!({
                    "name": escape(&m.log_group_name(&scope, name)),
                    "retention_in_days": m.log_retention_days,
                }),
            );
            // Step Functions wants the log group ARN with its `:*` stream suffix, which
            // CloudFormation's `Arn` attribute has and Terraform's `arn` lacks.
            o.insert(
                "logging_configuration".into(),
                json!({
                    "level": m.log_level.as_str(),
                    "include_execution_data": m.include_execution_data,
                    "log_destination": format!("${{aws_cloudwatch_log_group.{role_name}.arn}}:*"),
                }),
            );
        }
        o.insert(
            "tracing_configuration".into(),
            json!({ "enabled": m.tracing }),
        );
        r.entry("aws_sfn_state_machine")
            .or_default()
            .insert(n, Value::Object(o));
    }
    for name in owned.event_buses.keys() {
        r.entry("aws_cloudwatch_event_bus").or_default().insert(
            owned_name(name).snake,
            // No `name_prefix` for buses: the API and stage make the name unique, as they
            // do for log groups.
            json!({ "name": escape(&bounded(&format!("{scope}-{name}"), 256)) }),
        );
    }
    for (name, rule) in &owned.event_rules {
        let n = owned_name(name).snake;
        let rule_role = owned.rule_role(name);
        if let Some(rr) = &rule_role {
            role(r, refs, &format!("{n}_events"), rr);
        }
        let bus = format!(
            "${{{}.name}}",
            owned_address(OwnedKind::EventBus, &rule.bus)
        );
        r.entry("aws_cloudwatch_event_rule").or_default().insert(
            n.clone(),
            json!({
                "name_prefix": prefix(name),
                "event_bus_name": bus,
                "event_pattern": escape(&rule.pattern.to_string()),
                "state": "ENABLED",
            }),
        );
        for t in &rule.targets {
            let (kind, target) = t.resource();
            let mut o = Map::new();
            o.insert(
                "rule".into(),
                json!(format!("${{aws_cloudwatch_event_rule.{n}.name}}")),
            );
            o.insert("event_bus_name".into(), json!(bus));
            o.insert("target_id".into(), json!(t.id()));
            o.insert(
                "arn".into(),
                json!(format!("${{{}.arn}}", owned_address(kind, target))),
            );
            if let RuleTarget::StateMachine(_) = t {
                o.insert(
                    "role_arn".into(),
                    json!(format!("${{aws_iam_role.{n}_events.arn}}")),
                );
            }
            r.entry("aws_cloudwatch_event_target").or_default().insert(
                format!("{n}_{}", owned_name(&t.id()).snake),
                Value::Object(o),
            );
        }
    }
}
