//! Swagger 2.0.

use super::common::{
    binary_media_types, gateway_responses, info, models, request_validators, resource_policy,
    security_schemes,
};
use super::operation::{Dialect, paths};
use super::values::Deploy;
use crate::model::RestApi;
use serde_json::{Map, Value, json};

/// The API as a Swagger 2.0 document with `x-amazon-apigateway-*` extensions, for
/// `aws apigateway import-rest-api`. It has no `host`: the API id is only known after
/// import, and a host with `{...}` is not valid 2.0.
pub fn swagger2(api: &RestApi) -> Value {
    swagger2_with(api, &api.env)
}

/// [`swagger2`] with deploy-time values written by `d` (intrinsics when the document is a
/// RestApi's `Body`).
pub fn swagger2_with(api: &RestApi, d: &dyn Deploy) -> Value {
    let mut doc = Map::new();
    doc.insert("swagger".into(), json!("2.0"));
    doc.insert("info".into(), info(api));
    doc.insert("basePath".into(), json!(format!("/{}", api.stage.name)));
    doc.insert("schemes".into(), json!(["https"]));
    doc.insert("paths".into(), paths(api, Dialect::V2, d));
    let schemes = security_schemes(api, d);
    if !schemes.is_empty() {
        doc.insert("securityDefinitions".into(), Value::Object(schemes));
    }
    let defs = models(api);
    if !defs.is_empty() {
        doc.insert("definitions".into(), Value::Object(defs));
    }
    binary_media_types(&mut doc, api);
    request_validators(&mut doc, api);
    resource_policy(&mut doc, api, d);
    gateway_responses(&mut doc, api, d);
    Value::Object(doc)
}
