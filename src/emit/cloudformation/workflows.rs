//! Owned state machines (with their role and log group) and event buses (with their rules,
//! targets and the roles EventBridge assumes to start state machines) as CloudFormation
//! resources.

use super::refs::{get_att, owned_id, reference, text};
use super::role;
use crate::model::owned::RuleTarget;
use crate::model::{OwnedKind, RestApi, Role};
use serde_json::{Map, Value, json};

/// A role resource, without an inline policy when the role needs no permission.
fn role_resource(r: &Role) -> Value {
    let mut v = role(r);
    if r.policy.statements.is_empty()
        && let Some(p) = v["Properties"].as_object_mut()
    {
        p.remove("Policies");
    }
    v
}

/// Inserts every owned state machine, event bus and rule into `resources`.
pub fn insert(api: &RestApi, resources: &mut Map<String, Value>) {
    let owned = &api.owned;
    let scope = api.scope();
    for (name, m) in &owned.state_machines {
        let id = owned_id(OwnedKind::StateMachine, name);
        let role_id = format!("{id}Role");
        resources.insert(role_id.clone(), role_resource(&m.role(name)));
        let mut p = Map::new();
        p.insert("StateMachineType".into(), json!(m.type_word()));
        p.insert("DefinitionString".into(), text(&m.definition));
        p.insert("RoleArn".into(), get_att(&role_id, "Arn"));
        if m.logs() {
            let logs = format!("{id}Logs");
            resources.insert(
                logs.clone(),
                json!({
                    "Type": "AWS::Logs::LogGroup",
                    "Properties": {
                        "LogGroupName": m.log_group_name(&scope, name),
                        "RetentionInDays": m.log_retention_days,
                    }
                }),
            );
            p.insert(
                "LoggingConfiguration".into(),
                json!({
                    "Level": m.log_level.as_str(),
                    "IncludeExecutionData": m.include_execution_data,
                    "Destinations": [{ "CloudWatchLogsLogGroup": { "LogGroupArn": get_att(&logs, "Arn") } }],
                }),
            );
        }
        p.insert(
            "TracingConfiguration".into(),
            json!({ "Enabled": m.tracing }),
        );
        resources.insert(
            id,
            json!({ "Type": "AWS::StepFunctions::StateMachine", "Properties": p }),
        );
    }
    for name in owned.event_buses.keys() {
        resources.insert(
            owned_id(OwnedKind::EventBus, name),
            json!({
                "Type": "AWS::Events::EventBus",
                "Properties": { "Name": { "Fn::Sub": format!("${{AWS::StackName}}-{name}") } }
            }),
        );
    }
    for (name, r) in &owned.event_rules {
        let id = owned_id(OwnedKind::EventRule, name);
        let role = owned.rule_role(name);
        if let Some(role) = &role {
            resources.insert(format!("{id}Role"), role_resource(role));
        }
        let targets: Vec<Value> = r
            .targets
            .iter()
            .map(|t| {
                let mut o = Map::new();
                o.insert("Id".into(), json!(t.id()));
                match t {
                    RuleTarget::Queue(q) => {
                        o.insert("Arn".into(), get_att(&owned_id(OwnedKind::Queue, q), "Arn"));
                    }
                    RuleTarget::StateMachine(m) => {
                        o.insert(
                            "Arn".into(),
                            reference(&owned_id(OwnedKind::StateMachine, m)),
                        );
                        o.insert("RoleArn".into(), get_att(&format!("{id}Role"), "Arn"));
                    }
                }
                Value::Object(o)
            })
            .collect();
        resources.insert(
            id,
            json!({
                "Type": "AWS::Events::Rule",
                "Properties": {
                    "EventBusName": reference(&owned_id(OwnedKind::EventBus, &r.bus)),
                    "EventPattern": r.pattern,
                    "State": "ENABLED",
                    "Targets": targets,
                }
            }),
        );
    }
}
