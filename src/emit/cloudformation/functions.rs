//! Lambda functions behind Lambda proxy integrations: the function with its code inline, a
//! role allowing exactly what the code does plus writing its own log group, the log group,
//! and a permission for API Gateway to invoke it from each method that uses it.

use super::refs::{get_att, owned_id, reference, text};
use super::{REST_API, method_id};
use crate::model::names::Name;
use crate::model::{ApiPath, Function, HttpMethod, OwnedKind, RestApi, Statement, iam};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Inserts every function of the API and the invoke permissions of the methods using them.
pub fn insert(
    api: &RestApi,
    method_names: &BTreeMap<(ApiPath, HttpMethod), Name>,
    resources: &mut Map<String, Value>,
) {
    for f in api.functions() {
        insert_function(f, resources);
    }
    for m in &api.methods {
        let Some(f) = m.integration.function() else {
            continue;
        };
        let id = owned_id(OwnedKind::Function, &f.name);
        resources.insert(
            format!("{}Invoke", method_id(&method_names[&(m.path.clone(), m.verb)])),
            json!({
                "Type": "AWS::Lambda::Permission",
                "Properties": {
                    "Action": "lambda:InvokeFunction",
                    "FunctionName": get_att(&id, "Arn"),
                    "Principal": "apigateway.amazonaws.com",
                    "SourceArn": { "Fn::Sub": format!(
                        "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{REST_API}}}/{}",
                        m.execute_api_path()
                    ) },
                }
            }),
        );
    }
}

fn insert_function(f: &Function, resources: &mut Map<String, Value>) {
    let id = owned_id(OwnedKind::Function, &f.name);
    let logs = format!("{id}Logs");
    let role = format!("{id}Role");
    resources.insert(
        logs.clone(),
        json!({
            "Type": "AWS::Logs::LogGroup",
            "Properties": {
                "LogGroupName": { "Fn::Sub": format!("/gatewright/${{AWS::StackName}}/{}", f.name) },
                "RetentionInDays": f.log_retention_days,
            }
        }),
    );
    let mut statements: Vec<Value> = iam::statements(&f.permissions)
        .iter()
        .map(statement)
        .collect();
    statements.push(json!({
        "Effect": "Allow",
        "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
        "Resource": [get_att(&logs, "Arn")],
    }));
    resources.insert(
        role.clone(),
        json!({
            "Type": "AWS::IAM::Role",
            "Properties": {
                "Description": format!("Role of the {} function", f.name),
                "AssumeRolePolicyDocument": {
                    "Version": "2012-10-17",
                    "Statement": [{
                        "Effect": "Allow",
                        "Principal": { "Service": "lambda.amazonaws.com" },
                        "Action": "sts:AssumeRole",
                    }],
                },
                "Policies": [{
                    "PolicyName": "function",
                    "PolicyDocument": { "Version": "2012-10-17", "Statement": statements },
                }],
            }
        }),
    );
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
                "Role": get_att(&role, "Arn"),
                "Timeout": f.timeout_seconds,
                "MemorySize": f.memory_mb,
                "Environment": { "Variables": env },
                "LoggingConfig": { "LogGroup": reference(&logs) },
            }
        }),
    );
}

fn statement(s: &Statement) -> Value {
    json!({
        "Effect": "Allow",
        "Action": s.actions,
        "Resource": s.resources.iter().map(text).collect::<Vec<_>>(),
    })
}
