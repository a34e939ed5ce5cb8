//! Lambda functions behind Lambda proxy integrations: the code zipped by `archive_file`
//! (hashicorp/archive), the function, its role, its log group, and the invoke permissions
//! (all decided by the model; projected here).

use super::insert_role;
use super::owned::owned_address;
use super::refs::{Refs, escape};
use crate::model::names::{Name, owned_name};
use crate::model::{
    ApiPath, Function, HttpMethod, InvokePermission, Invoked, Invoker, OwnedKind, RestApi,
};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Inserts the functions (resources into `r`, zip archives into `data`) and permissions.
pub fn insert(
    api: &RestApi,
    method_names: &BTreeMap<(ApiPath, HttpMethod), Name>,
    refs: &mut Refs,
    r: &mut BTreeMap<&str, Map<String, Value>>,
    data: &mut Map<String, Value>,
) {
    let scope = api.scope();
    for f in api.functions() {
        let n = owned_name(&f.name).snake;
        let archives = data.entry("archive_file").or_insert_with(|| json!({}));
        archives[&n] = json!({
            "type": "zip",
            "output_path": format!("${{path.module}}/{n}.zip"),
            "source": { "content": escape(&f.code), "filename": Function::FILE },
        });
        let log_group = f.log_group(&scope);
        r.entry("aws_cloudwatch_log_group").or_default().insert(
            n.clone(),
            json!({ "name": escape(&log_group.name), "retention_in_days": log_group.retention_days }),
        );
        insert_role(r, refs, &n, &f.role());
        let env: Map<String, Value> = f
            .environment
            .iter()
            .map(|(k, v)| (k.clone(), json!(refs.text(v))))
            .collect();
        r.entry("aws_lambda_function").or_default().insert(
            n.clone(),
            json!({
                "function_name": escape(&f.physical_name(&scope)),
                "description": escape(&f.description),
                "runtime": f.runtime,
                "handler": Function::HANDLER,
                "filename": format!("${{data.archive_file.{n}.output_path}}"),
                "source_code_hash": format!("${{data.archive_file.{n}.output_base64sha256}}"),
                "role": format!("${{aws_iam_role.{n}.arn}}"),
                "timeout": f.timeout_seconds,
                "memory_size": f.memory_mb,
                "environment": { "variables": env },
                "logging_config": { "log_format": "Text", "log_group": format!("${{aws_cloudwatch_log_group.{n}.name}}") },
            }),
        );
    }
    for p in api.invoke_permissions() {
        if let Invoker::Method(path, verb) = &p.by {
            let mn = &method_names[&(path.clone(), *verb)].snake;
            insert_permission(r, refs, format!("{mn}_invoke"), &p);
        }
    }
}

/// Inserts an invoke permission named `name`.
pub(super) fn insert_permission(
    r: &mut BTreeMap<&str, Map<String, Value>>,
    refs: &mut Refs,
    name: String,
    p: &InvokePermission,
) {
    let function = match &p.function {
        Invoked::Generated(f) => format!(
            "${{{}.function_name}}",
            owned_address(OwnedKind::Function, f)
        ),
        Invoked::Arn(arn) => refs.text(arn),
    };
    r.entry("aws_lambda_permission").or_default().insert(
        name,
        json!({
            "statement_id": p.statement_id,
            "action": p.action,
            "function_name": function,
            "principal": p.principal,
            "source_arn": refs.text(&p.source_arn),
        }),
    );
}
