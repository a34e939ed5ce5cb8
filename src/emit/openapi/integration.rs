//! The `x-amazon-apigateway-integration` object of an operation (the same in 2.0 and 3.0).

use super::values::{self, Deploy};
use crate::emit::json::put_map;
use crate::model::{Integration, IntegrationResponse, Passthrough, RestApi};
use serde_json::{Map, Value, json};

/// The integration URI with the blueprint's `env` values (or placeholders).
pub fn uri(api: &RestApi, i: &Integration) -> String {
    values::render(&api.env, &i.uri())
}

/// OpenAPI spelling of the passthrough behavior (lower case).
fn passthrough(p: Passthrough) -> String {
    p.as_str().to_ascii_lowercase()
}

/// The integration as API Gateway's import reads it; it assumes execution role `role`.
pub fn integration(i: &Integration, role: usize, d: &dyn Deploy) -> Value {
    let mut o = Map::new();
    o.insert("type".into(), json!(i.type_name().to_ascii_lowercase()));
    if !i.is_mock() {
        o.insert("httpMethod".into(), json!(i.http_method.as_str()));
        o.insert("uri".into(), d.text(&i.uri()));
    }
    if i.uses_role() {
        o.insert("credentials".into(), d.execution_role_arn(role));
    }
    put_map(
        &mut o,
        "requestParameters",
        i.request_parameters
            .iter()
            .map(|(k, v)| (k.to_string(), d.text(&v.expr()))),
    );
    put_map(
        &mut o,
        "requestTemplates",
        i.request_templates
            .iter()
            .map(|(k, v)| (k.clone(), d.text(v))),
    );
    o.insert(
        "passthroughBehavior".into(),
        json!(passthrough(i.passthrough)),
    );
    if let Some(c) = i.content_handling {
        o.insert("contentHandling".into(), json!(c.as_str()));
    }
    if let Some(t) = i.timeout_ms {
        o.insert("timeoutInMillis".into(), json!(t));
    }
    put_map(
        &mut o,
        "responses",
        i.responses.iter().map(|r| {
            let key = r.selection_pattern.as_deref().unwrap_or("default");
            (key.to_string(), response(r, d))
        }),
    );
    Value::Object(o)
}

/// One integration response, keyed by its selection pattern in the caller.
fn response(r: &IntegrationResponse, d: &dyn Deploy) -> Value {
    let mut o = Map::new();
    o.insert("statusCode".into(), json!(r.status));
    put_map(
        &mut o,
        "responseParameters",
        r.parameters().into_iter().map(|(k, v)| (k, json!(v))),
    );
    put_map(
        &mut o,
        "responseTemplates",
        r.templates.iter().map(|(k, v)| (k.clone(), d.text(v))),
    );
    if let Some(c) = r.content_handling {
        o.insert("contentHandling".into(), json!(c.as_str()));
    }
    Value::Object(o)
}
