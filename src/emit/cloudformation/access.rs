//! Authorizers (with the permission for API Gateway to call a Lambda authorizer), API keys
//! and their usage plan, as CloudFormation resources.

use super::functions::permission;
use super::refs::{reference, text};
use super::{REST_API, STAGE};
use crate::emit::deploy::body_authorizer_permissions;
use crate::emit::sub::authorizer_id;
use crate::model::names::owned_name;
use crate::model::{AuthorizerKind, Invoker, RestApi, Shape, UsagePlan};
use serde_json::{Map, Value, json};

/// Logical id of an API key.
pub fn api_key_id(name: &str) -> String {
    format!("ApiKey{}", owned_name(name).pascal)
}

/// Inserts the authorizers, their invoke permissions, API keys and the usage plan. In the
/// body shape the document declares the authorizers, whose ids CloudFormation never sees:
/// their permissions name every authorizer of the API (`authorizers/*`).
pub fn insert(
    api: &RestApi,
    resources: &mut Map<String, Value>,
    outputs: &mut Map<String, Value>,
    shape: Shape,
) {
    let permissions = api.invoke_permissions();
    for (name, a) in &api.authorizers {
        let id = authorizer_id(name);
        if shape == Shape::Body {
            for p in body_authorizer_permissions(&permissions, name) {
                resources.insert(format!("{id}Invoke"), permission(&p));
            }
            continue;
        }
        let mut p = Map::new();
        p.insert("RestApiId".into(), reference(REST_API));
        p.insert("Name".into(), json!(name));
        p.insert("Type".into(), json!(a.type_name()));
        p.insert("IdentitySource".into(), json!(a.identity_source));
        if let AuthorizerKind::Cognito { user_pool_arns } = &a.kind {
            p.insert("ProviderARNs".into(), json!(user_pool_arns));
        }
        if let Some(uri) = a.uri() {
            p.insert("AuthorizerUri".into(), text(&uri));
        }
        if let Some(ttl) = a.ttl_seconds {
            p.insert("AuthorizerResultTtlInSeconds".into(), json!(ttl));
        }
        resources.insert(
            id.clone(),
            json!({ "Type": "AWS::ApiGateway::Authorizer", "Properties": p }),
        );
        for p in permissions
            .iter()
            .filter(|p| p.by == Invoker::Authorizer(name.clone()))
        {
            resources.insert(format!("{id}Invoke"), permission(p));
        }
    }
    let Some(plan) = &api.usage_plan else { return };
    let mut p = Map::new();
    let mut stage = json!({ "ApiId": reference(REST_API), "Stage": reference(STAGE) });
    if !plan.method_throttles.is_empty() {
        let by_method: Map<String, Value> = plan
            .method_throttles
            .iter()
            .map(|t| {
                let v = json!({ "BurstLimit": t.throttle.burst_limit, "RateLimit": t.throttle.rate_limit });
                (t.key(), v)
            })
            .collect();
        stage["Throttle"] = Value::Object(by_method);
    }
    p.insert("ApiStages".into(), json!([stage]));
    p.insert("Description".into(), json!(plan.description(&api.name)));
    if let Some(t) = &plan.throttle {
        p.insert(
            "Throttle".into(),
            json!({ "BurstLimit": t.burst_limit, "RateLimit": t.rate_limit }),
        );
    }
    if let Some(q) = &plan.quota {
        p.insert(
            "Quota".into(),
            json!({ "Limit": q.limit, "Period": q.period }),
        );
    }
    resources.insert(
        "UsagePlan".into(),
        json!({ "Type": "AWS::ApiGateway::UsagePlan", "Properties": p }),
    );
    for k in &plan.api_keys {
        let id = api_key_id(k);
        resources.insert(
            id.clone(),
            json!({
                "Type": "AWS::ApiGateway::ApiKey",
                "Properties": { "Enabled": true, "Description": plan.key_description(k, &api.name) },
            }),
        );
        resources.insert(
            format!("{id}InUsagePlan"),
            json!({
                "Type": "AWS::ApiGateway::UsagePlanKey",
                "Properties": { "KeyId": reference(&id), "KeyType": UsagePlan::KEY_TYPE, "UsagePlanId": reference("UsagePlan") },
            }),
        );
        outputs.insert(
            format!("{id}Id"),
            json!({
                "Description": format!("Id of API key {k}: aws apigateway get-api-key --include-value --api-key <id>"),
                "Value": reference(&id),
            }),
        );
    }
}
