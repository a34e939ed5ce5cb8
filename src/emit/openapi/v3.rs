//! OpenAPI 3.0.1.

use super::common::{
    binary_media_types, gateway_responses, info, models, request_validators, resource_policy,
    security_schemes,
};
use super::operation::{Dialect, paths, paths_text};
use super::values::Deploy;
use crate::emit::json::Writer;
use crate::model::RestApi;
use serde_json::{Map, Value, json};

/// The region a server URL names when the model has none.
const DEFAULT_REGION: &str = "us-east-1";

/// The API as an OpenAPI 3.0.1 document with `x-amazon-apigateway-*` extensions, for
/// `aws apigateway import-rest-api`.
pub fn openapi3(api: &RestApi) -> Value {
    openapi3_with(api, &api.env)
}

/// [`openapi3`] with deploy-time values written by `d` (intrinsics when the document is a
/// RestApi's `Body`).
pub fn openapi3_with(api: &RestApi, d: &dyn Deploy) -> Value {
    document(api, d, paths(api, Dialect::V3, d))
}

/// [`openapi3_with`] as compact text written by `w`, its `paths` written part by part as
/// they are built (a few hundred methods at a time, on several threads) instead of being
/// held whole.
pub fn openapi3_text_with(api: &RestApi, d: &dyn Deploy, w: &dyn Writer) -> Vec<u8> {
    // The paths are written first, as `openapi3_with` builds them first: deploy-time values
    // are met in the same order.
    let paths = paths_text(api, Dialect::V3, d, w);
    let doc = document(api, d, Value::Null);
    let mut out = Vec::with_capacity(paths.len() + 4096);
    out.push(b'{');
    for (n, (k, v)) in doc.as_object().into_iter().flatten().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        w.key(k, &mut out);
        out.push(b':');
        if k == "paths" {
            out.extend_from_slice(&paths);
        } else {
            w.value(v, &mut out);
        }
    }
    out.push(b'}');
    out
}

/// The document around `paths`.
fn document(api: &RestApi, d: &dyn Deploy, paths: Value) -> Value {
    let mut doc = Map::new();
    doc.insert("openapi".into(), json!("3.0.1"));
    doc.insert("info".into(), info(api));
    doc.insert("servers".into(), servers(api));
    doc.insert("paths".into(), paths);
    let mut components = Map::new();
    let schemas = models(api);
    if !schemas.is_empty() {
        components.insert("schemas".into(), Value::Object(schemas));
    }
    let schemes = security_schemes(api, d);
    if !schemes.is_empty() {
        components.insert("securitySchemes".into(), Value::Object(schemes));
    }
    if !components.is_empty() {
        doc.insert("components".into(), Value::Object(components));
    }
    binary_media_types(&mut doc, api);
    request_validators(&mut doc, api);
    resource_policy(&mut doc, api, d);
    gateway_responses(&mut doc, api, d);
    Value::Object(doc)
}

/// The invoke URL. The API id is only known after import, so it stays a variable.
fn servers(api: &RestApi) -> Value {
    let region = api.env.region.as_deref().unwrap_or(DEFAULT_REGION);
    json!([{
        "url": "https://{restApiId}.execute-api.{region}.amazonaws.com/{basePath}",
        "variables": {
            "restApiId": {
                "default": "restApiId",
                "description": "The id API Gateway assigns on import",
            },
            "region": { "default": region },
            "basePath": { "default": api.stage.name },
        },
    }])
}
