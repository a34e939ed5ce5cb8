//! Authorizers (with the permission for API Gateway to call a Lambda authorizer), API keys,
//! their usage plan, and the resource policy, as Terraform resources.

use super::API;
use super::functions::insert_permission;
use super::refs::{Refs, escape};
use crate::emit::deploy::body_authorizer_permissions;
use crate::model::names::owned_name;
use crate::model::{AuthorizerKind, Invoker, RestApi, Shape, UsagePlan};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The Terraform name of an authorizer.
pub fn authorizer_name(name: &str) -> String {
    owned_name(name).snake
}

/// Inserts authorizers, permissions, API keys, the usage plan and the resource policy. In
/// the body shape the document holds the authorizers and the resource policy; a Lambda
/// authorizer's permission then names every authorizer of the API (ids come from the import).
pub fn insert(
    api: &RestApi,
    refs: &mut Refs,
    r: &mut BTreeMap<&str, Map<String, Value>>,
    outputs: &mut Map<String, Value>,
    shape: Shape,
) {
    let rest_api_id = format!("${{aws_api_gateway_rest_api.{API}.id}}");
    let permissions = api.invoke_permissions();
    for (name, a) in &api.authorizers {
        let n = authorizer_name(name);
        if shape == Shape::Body {
            for p in body_authorizer_permissions(&permissions, name) {
                insert_permission(r, refs, format!("{n}_invoke"), &p);
            }
            continue;
        }
        let mut o = Map::new();
        o.insert("name".into(), json!(name));
        o.insert("rest_api_id".into(), json!(rest_api_id));
        o.insert("type".into(), json!(a.type_name()));
        o.insert("identity_source".into(), json!(a.identity_source));
        if let AuthorizerKind::Cognito { user_pool_arns } = &a.kind {
            o.insert("provider_arns".into(), json!(user_pool_arns));
        }
        if let Some(uri) = a.uri() {
            o.insert("authorizer_uri".into(), json!(refs.text(&uri)));
        }
        if let Some(ttl) = a.ttl_seconds {
            o.insert("authorizer_result_ttl_in_seconds".into(), json!(ttl));
        }
        r.entry("aws_api_gateway_authorizer")
            .or_default()
            .insert(n.clone(), Value::Object(o));
        for p in permissions
            .iter()
            .filter(|p| p.by == Invoker::Authorizer(name.clone()))
        {
            insert_permission(r, refs, format!("{n}_invoke"), p);
        }
    }
    if let Some(policy) = api
        .resource_policy
        .as_ref()
        .filter(|_| shape != Shape::Body)
    {
        r.entry("aws_api_gateway_rest_api_policy")
            .or_default()
            .insert(
                API.into(),
                json!({ "rest_api_id": rest_api_id, "policy": refs.policy(&policy.document()) }),
            );
    }
    let Some(plan) = &api.usage_plan else { return };
    let mut p = Map::new();
    p.insert("name".into(), json!(api.scope()));
    p.insert(
        "description".into(),
        json!(escape(&plan.description(&api.name))),
    );
    let mut stage = json!({ "api_id": rest_api_id, "stage": format!("${{aws_api_gateway_stage.{API}.stage_name}}") });
    if !plan.method_throttles.is_empty() {
        let by_method: Vec<Value> = plan
            .method_throttles
            .iter()
            .map(|t| json!({ "path": escape(&t.key()), "burst_limit": t.throttle.burst_limit, "rate_limit": t.throttle.rate_limit }))
            .collect();
        stage["throttle"] = Value::Array(by_method);
    }
    p.insert("api_stages".into(), stage);
    if let Some(t) = &plan.throttle {
        p.insert(
            "throttle_settings".into(),
            json!({ "burst_limit": t.burst_limit, "rate_limit": t.rate_limit }),
        );
    }
    if let Some(q) = &plan.quota {
        p.insert(
            "quota_settings".into(),
            json!({ "limit": q.limit, "period": q.period }),
        );
    }
    r.entry("aws_api_gateway_usage_plan")
        .or_default()
        .insert(API.into(), Value::Object(p));
    for k in &plan.api_keys {
        let n = owned_name(k).snake;
        r.entry("aws_api_gateway_api_key").or_default().insert(
            n.clone(),
            json!({ "name": k, "enabled": true, "description": escape(&plan.key_description(k, &api.name)) }),
        );
        r.entry("aws_api_gateway_usage_plan_key")
            .or_default()
            .insert(
                n.clone(),
                json!({
                    "key_id": format!("${{aws_api_gateway_api_key.{n}.id}}"),
                    "key_type": UsagePlan::KEY_TYPE,
                    "usage_plan_id": format!("${{aws_api_gateway_usage_plan.{API}.id}}"),
                }),
            );
        outputs.insert(
            format!("api_key_{n}_id"),
            json!({ "description": format!("Id of API key {k}"), "value": format!("${{aws_api_gateway_api_key.{n}.id}}") }),
        );
    }
}
