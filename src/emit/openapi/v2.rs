//! Swagger 2.0.

use super::common::{
    binary_media_types, gateway_responses, info, models, request_validators, resource_policy,
    security_schemes,
};
use super::operation::{Dialect, paths};
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
    let schemes = security_schemes(api);
    if !schemes.is_empty() {
        doc.insert("securityDefinitions".into(), Value::Object(schemes));
    }
    let defs = models(api);
    if !defs.is_empty() {
        doc.insert("definitions".into(), Value::Object(defs));
    }
    binary_media_types(&mut doc, api);
    request_validators(&mut doc, api);
    resource_policy(&mut doc, api);
    gateway_responses(&mut doc, api);
    Value::Object(doc)
}
