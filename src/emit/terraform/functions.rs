//! Lambda functions behind Lambda proxy integrations: the code zipped by `archive_file`
//! (hashicorp/archive), the function, a role allowing exactly what the code does plus writing
//! its own log group, the log group, and a permission for API Gateway to invoke it from each
//! method that uses it.

use super::API;
use super::refs::{Refs, escape};
use crate::model::names::{Name, owned_name};
use crate::model::{ApiPath, Function, HttpMethod, RestApi, iam};
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
    let scope = format!(
        "{}-{}",
        owned_name(&api.name).snake.replace('_', "-"),
        api.stage.name
    );
    for f in api.functions() {
        let n = owned_name(&f.name).snake;
        let archives = data.entry("archive_file").or_insert_with(|| json!({}));
        archives[&n] = json!({
            "type": "zip",
            "output_path": format!("${{path.module}}/{n}.zip"),
            "source": { "content": escape(&f.code), "filename": Function::FILE },
        });
        r.entry("aws_cloudwatch_log_group").or_default().insert(
            n.clone(),
            json!({ "name": format!("/gatewright/{scope}/{}", f.name), "retention_in_days": f.log_retention_days }),
        );
        let mut statements: Vec<Value> = iam::statements(&f.permissions)
            .iter()
            .map(|s| {
                json!({
                    "Effect": "Allow",
                    "Action": s.actions,
                    "Resource": s.resources.iter().map(|t| refs.text(t)).collect::<Vec<_>>(),
                })
            })
            .collect();
        statements.push(json!({
            "Effect": "Allow",
            "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
            "Resource": [format!("${{aws_cloudwatch_log_group.{n}.arn}}:*")],
        }));
        let trust = json!({
            "Version": "2012-10-17",
            "Statement": [{ "Effect": "Allow", "Principal": { "Service": "lambda.amazonaws.com" }, "Action": "sts:AssumeRole" }],
        });
        r.entry("aws_iam_role").or_default().insert(
            n.clone(),
            json!({ "description": format!("Role of the {} function", f.name), "assume_role_policy": trust.to_string() }),
        );
        r.entry("aws_iam_role_policy").or_default().insert(
            n.clone(),
            json!({
                "name": "function",
                "role": format!("${{aws_iam_role.{n}.id}}"),
                "policy": json!({ "Version": "2012-10-17", "Statement": statements }).to_string(),
            }),
        );
        let env: Map<String, Value> = f
            .environment
            .iter()
            .map(|(k, v)| (k.clone(), json!(refs.text(v))))
            .collect();
        r.entry("aws_lambda_function").or_default().insert(
            n.clone(),
            json!({
                "function_name": format!("{scope}-{}", f.name),
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
    for m in &api.methods {
        let Some(f) = m.integration.function() else {
            continue;
        };
        let n = owned_name(&f.name).snake;
        let mn = &method_names[&(m.path.clone(), m.verb)].snake;
        r.entry("aws_lambda_permission").or_default().insert(
            format!("{mn}_invoke"),
            json!({
                "statement_id": "AllowApiGatewayInvoke",
                "action": "lambda:InvokeFunction",
                "function_name": format!("${{aws_lambda_function.{n}.function_name}}"),
                "principal": "apigateway.amazonaws.com",
                "source_arn": format!("${{aws_api_gateway_rest_api.{API}.execution_arn}}/{}", m.execute_api_path()),
            }),
        );
    }
}
