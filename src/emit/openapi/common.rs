//! Top-level pieces both versions share: `info` and the API-wide API Gateway extensions.

use crate::model::RestApi;
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
