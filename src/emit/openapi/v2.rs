//! Swagger 2.0.

use super::common::{
    API_KEY, api_key_scheme, binary_media_types, info, models, request_validators, uses_api_keys,
};
use super::operation::{Dialect, SIGV4, paths, sigv4_scheme, uses_iam};
use crate::model::RestApi;
use serde_json::{Map, Value, json};

/// The API as a Swagger 2.0 document with `x-amazon-apigateway-*` extensions, for
/// `aws apigateway import-rest-api`. It has no `host`: the API id is only known after
/// import, and a host with `{...}` is not valid 2.0.
pub fn swagger2(api: &RestApi) -> Value {
    let mut doc = Map::new();
    doc.insert("swagger".into(), json!("2.0"));
    doc.insert("info".into(), info(api));
    doc.insert("basePath".into(), json!(format!("/{}", api.stage.name)));
    doc.insert("schemes".into(), json!(["https"]));
    doc.insert("paths".into(), paths(api, Dialect::V2));
    let mut schemes = Map::new();
    if uses_iam(api) {
        schemes.insert(SIGV4.into(), sigv4_scheme());
    }
    if uses_api_keys(api) {
        schemes.insert(API_KEY.into(), api_key_scheme());
    }
    if !schemes.is_empty() {
        doc.insert("securityDefinitions".into(), Value::Object(schemes));
    }
    let defs = models(api);
    if !defs.is_empty() {
        doc.insert("definitions".into(), Value::Object(defs));
    }
    binary_media_types(&mut doc, api);
    request_validators(&mut doc, api);
    Value::Object(doc)
}
