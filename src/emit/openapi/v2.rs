//! Swagger 2.0.

use super::common::{binary_media_types, info};
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
    if uses_iam(api) {
        doc.insert(
            "securityDefinitions".into(),
            json!({ SIGV4: sigv4_scheme() }),
        );
    }
    binary_media_types(&mut doc, api);
    Value::Object(doc)
}
