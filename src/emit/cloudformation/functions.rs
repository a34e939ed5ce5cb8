//! Lambda functions behind Lambda proxy integrations: the function with its code inline, its
//! role, its log group, and the invoke permissions (all decided by the model; projected here).

use super::refs::{get_att, owned_id, reference, text};
use super::{method_id, role};
use crate::emit::sub::log_group_id;
use crate::model::names::Name;
use crate::model::{
    ApiPath, Function, HttpMethod, InvokePermission, Invoked, Invoker, OwnedKind, RestApi,
};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Inserts every function of the API and the invoke permissions of the methods using them.
pub fn insert(
    api: &RestApi,
    method_names: &BTreeMap<(ApiPath, HttpMethod), Name>,
    resources: &mut Map<String, Value>,
) {
    let scope = api.scope();
    for f in api.functions() {
        insert_function(f, &scope, resources);
    }
    for p in api.invoke_permissions() {
        if let Invoker::Method(path, verb) = &p.by {
            let id = method_id(&method_names[&(path.clone(), *verb)]);
            resources.insert(format!("{id}Invoke"), permission(&p));
        }
    }
}

/// An invoke permission.
pub(super) fn permission(p: &InvokePermission) -> Value {
    let function = match &p.function {
        Invoked::Generated(name) => get_att(&owned_id(OwnedKind::Function, name), "Arn"),
        Invoked::Arn(arn) => super::refs::text(arn),
    };
    json!({
        "Type": "AWS::Lambda::Permission",
        "Properties": {
            "Action": p.action,
            "FunctionName": function,
            "Principal": p.principal,
            "SourceArn": text(&p.source_arn),
        }
    })
}

fn insert_function(f: &Function, scope: &str, resources: &mut Map<String, Value>) {
    let id = owned_id(OwnedKind::Function, &f.name);
    let logs = log_group_id(&f.name);
    let role_id = format!("{id}Role");
    let log_group = f.log_group(scope);
    resources.insert(
        logs.clone(),
        json!({
            "Type": "AWS::Logs::LogGroup",
            "Properties": {
                "LogGroupName": log_group.name,
                "RetentionInDays": log_group.retention_days,
            }
        }),
    );
    resources.insert(role_id.clone(), role(&f.role()));
    let env: Map<String, Value> = f
        .environment
        .iter()
        .map(|(k, v)| (k.clone(), text(v)))
        .collect();
    resources.insert(
        id,
        json!({
            "Type": "AWS::Lambda::Function",
            "Properties": {
                "Description": f.description,
                "Runtime": f.runtime,
                "Handler": Function::HANDLER,
                "Code": { "ZipFile": f.code },
                "Role": get_att(&role_id, "Arn"),
                "Timeout": f.timeout_seconds,
                "MemorySize": f.memory_mb,
                "Environment": { "Variables": env },
                "LoggingConfig": { "LogGroup": reference(&logs) },
            }
        }),
    );
}
