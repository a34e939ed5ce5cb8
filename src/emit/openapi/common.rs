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
