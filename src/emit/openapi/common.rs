//! Top-level pieces both versions share: `info` and the API-wide API Gateway extensions.

use super::operation::{SIGV4, sigv4_scheme, uses_iam};
use super::values::Deploy;
use crate::emit::json::put_map;
use crate::emit::policy;
use crate::model::{Authorizer, AuthorizerKind, RestApi};
use serde_json::{Map, Value, json};

/// `info`: the API's name and description; the version is the first 12 hex digits of the
/// deployment hash, so it changes exactly when a redeployment is needed.
pub fn info(api: &RestApi) -> Value {
    let mut o = Map::new();
    o.insert("title".into(), json!(api.name));
    if let Some(d) = &api.description {
        o.insert("description".into(), json!(d));
    }
    let hash = api.deployment_hash();
    o.insert("version".into(), json!(&hash[..12.min(hash.len())]));
    Value::Object(o)
}

/// Adds `x-amazon-apigateway-binary-media-types` when the API has binary types.
pub fn binary_media_types(doc: &mut Map<String, Value>, api: &RestApi) {
    if !api.binary_media_types.is_empty() {
        doc.insert(
            "x-amazon-apigateway-binary-media-types".into(),
            json!(api.binary_media_types),
        );
    }
}

/// Adds `x-amazon-apigateway-request-validators`: one validator per kind the methods use.
pub fn request_validators(doc: &mut Map<String, Value>, api: &RestApi) {
    let validators: Map<String, Value> = api
        .validators()
        .into_iter()
        .map(|v| {
            (
                v.name().to_string(),
                json!({ "validateRequestBody": v.body(), "validateRequestParameters": v.parameters() }),
            )
        })
        .collect();
    if !validators.is_empty() {
        doc.insert(
            "x-amazon-apigateway-request-validators".into(),
            Value::Object(validators),
        );
    }
}

/// A request model as an OpenAPI schema object: the JSON Schema without `$schema`, which
/// schema objects do not allow.
pub fn model_schema(schema: &Value) -> Value {
    let mut s = schema.clone();
    if let Value::Object(o) = &mut s {
        o.remove("$schema");
    }
    s
}

/// The models as a schemas/definitions map.
pub fn models(api: &RestApi) -> Map<String, Value> {
    api.models
        .iter()
        .map(|(k, v)| (k.clone(), model_schema(v)))
        .collect()
}

/// True when some method requires an API key.
pub fn uses_api_keys(api: &RestApi) -> bool {
    api.methods.iter().any(|m| m.settings.api_key_required)
}

/// The name of the security scheme for API keys.
pub const API_KEY: &str = "api_key";

/// The security scheme API Gateway reads as "API key required" (`x-api-key` header).
pub fn api_key_scheme() -> Value {
    json!({ "type": "apiKey", "name": "x-api-key", "in": "header" })
}

/// The security scheme of a Cognito or Lambda authorizer, with
/// `x-amazon-apigateway-authorizer` as API Gateway's import reads it.
pub fn authorizer_scheme(a: &Authorizer, d: &dyn Deploy) -> Value {
    let mut auth = Map::new();
    let authtype = match &a.kind {
        AuthorizerKind::Cognito { user_pool_arns } => {
            auth.insert("type".into(), json!("cognito_user_pools"));
            auth.insert("providerARNs".into(), json!(user_pool_arns));
            "cognito_user_pools"
        }
        AuthorizerKind::Token { .. } | AuthorizerKind::Request { .. } => {
            auth.insert("type".into(), json!(a.type_name().to_ascii_lowercase()));
            if let Some(uri) = a.uri() {
                auth.insert("authorizerUri".into(), d.text(&uri));
            }
            "custom"
        }
    };
    auth.insert("identitySource".into(), json!(a.identity_source));
    if let Some(ttl) = a.ttl_seconds {
        auth.insert("authorizerResultTtlInSeconds".into(), json!(ttl));
    }
    json!({
        "type": "apiKey",
        "name": a.header().unwrap_or("Authorization"),
        "in": "header",
        "x-amazon-apigateway-authtype": authtype,
        "x-amazon-apigateway-authorizer": auth,
    })
}

/// Adds `x-amazon-apigateway-policy` when the API has a resource policy.
pub fn resource_policy(doc: &mut Map<String, Value>, api: &RestApi, d: &dyn Deploy) {
    if let Some(p) = &api.resource_policy {
        let policy = policy::document(&p.document(), &mut |t| d.text(t));
        doc.insert("x-amazon-apigateway-policy".into(), policy);
    }
}

/// Every security scheme the API's methods use, by name.
pub fn security_schemes(api: &RestApi, d: &dyn Deploy) -> Map<String, Value> {
    let mut schemes = Map::new();
    if uses_iam(api) {
        schemes.insert(SIGV4.into(), sigv4_scheme());
    }
    if uses_api_keys(api) {
        schemes.insert(API_KEY.into(), api_key_scheme());
    }
    for (name, a) in &api.authorizers {
        if api
            .methods
            .iter()
            .any(|m| m.authorization.authorizer() == Some(name))
        {
            schemes.insert(name.clone(), authorizer_scheme(a, d));
        }
    }
    schemes
}

/// Adds `x-amazon-apigateway-gateway-responses` when the API customizes any.
pub fn gateway_responses(doc: &mut Map<String, Value>, api: &RestApi, d: &dyn Deploy) {
    let responses: Map<String, Value> = api
        .gateway_responses()
        .into_iter()
        .map(|(kind, g)| {
            let mut o = Map::new();
            if let Some(s) = &g.status {
                o.insert("statusCode".into(), json!(s));
            }
            put_map(
                &mut o,
                "responseParameters",
                g.headers.iter().map(|(k, v)| (k.clone(), json!(v))),
            );
            put_map(
                &mut o,
                "responseTemplates",
                g.templates.iter().map(|(k, v)| (k.clone(), d.text(v))),
            );
            (kind, Value::Object(o))
        })
        .collect();
    if !responses.is_empty() {
        doc.insert(
            "x-amazon-apigateway-gateway-responses".into(),
            Value::Object(responses),
        );
    }
}
