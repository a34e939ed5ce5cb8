//! Reading an OpenAPI 3.0 or Swagger 2.0 document with API Gateway's extensions into an
//! [`ApiView`]: each operation's integration, mappings, templates, responses, auth and
//! validation in the same normalized shape as a CloudFormation method, and the API-wide
//! extensions as settings.

use super::ApiView;
use super::plain::{plain, text};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

const VERBS: &[&str] = &[
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "x-amazon-apigateway-any-method",
];
const INTEGRATION: &str = "x-amazon-apigateway-integration";
const VALIDATORS: &str = "x-amazon-apigateway-request-validators";
const VALIDATOR: &str = "x-amazon-apigateway-request-validator";

/// An integration's core fields, normalized: absent fields are left out.
#[allow(clippy::too_many_arguments)]
pub(super) fn integration_core(
    kind: Option<Value>,
    uri: Option<Value>,
    http_method: Option<Value>,
    credentials: Option<Value>,
    passthrough: Option<Value>,
    content_handling: Option<Value>,
    timeout_ms: Option<Value>,
    cache_key_parameters: Option<Value>,
    connection_type: Option<Value>,
) -> Value {
    let mut m = Map::new();
    for (k, v) in [
        ("type", kind),
        ("uri", uri),
        ("http_method", http_method),
        ("credentials", credentials),
        ("passthrough", passthrough),
        ("content_handling", content_handling),
        ("timeout_ms", timeout_ms),
        (
            "cache_key_parameters",
            cache_key_parameters.filter(|v| v != &json!([])),
        ),
        (
            "connection_type",
            connection_type.filter(|v| v != "INTERNET"),
        ),
    ] {
        if let Some(v) = v {
            m.insert(k.to_string(), v);
        }
    }
    Value::Object(m)
}

/// One integration response, normalized.
pub(super) fn integration_response(
    status: Option<String>,
    parameters: Option<Value>,
    templates: Option<Value>,
    content_handling: Option<Value>,
) -> Value {
    let mut m = Map::new();
    m.insert("status".into(), json!(status.unwrap_or_default()));
    m.insert("parameters".into(), parameters.unwrap_or(json!({})));
    m.insert("templates".into(), templates.unwrap_or(json!({})));
    if let Some(c) = content_handling {
        m.insert("content_handling".into(), c);
    }
    Value::Object(m)
}

/// The view of the document `doc` (routes and settings; documents hold no IAM).
pub fn view(doc: &Value) -> ApiView {
    let mut v = ApiView::default();
    let v3 = doc.get("openapi").is_some();
    let schemes = if v3 {
        doc.pointer("/components/securitySchemes")
    } else {
        doc.get("securityDefinitions")
    }
    .and_then(Value::as_object)
    .cloned()
    .unwrap_or_default();
    for (name, scheme) in &schemes {
        if let Some(a) = scheme.get("x-amazon-apigateway-authorizer") {
            v.settings.insert(format!("authorizer.{name}"), plain(a));
        }
    }
    let models = if v3 {
        doc.pointer("/components/schemas")
    } else {
        doc.get("definitions")
    };
    for (name, schema) in models.and_then(Value::as_object).into_iter().flatten() {
        v.settings.insert(format!("model.{name}"), plain(schema));
    }
    if let Some(top) = doc.as_object() {
        for (k, val) in top
            .iter()
            .filter(|(k, _)| k.starts_with("x-amazon-apigateway-") && *k != VALIDATORS)
        {
            v.settings.insert(format!("api.{k}"), plain(val));
        }
    }
    if let Some(t) = doc.pointer("/info/title") {
        v.settings.insert("api.title".into(), plain(t));
    }
    let cx = Context {
        doc,
        v3,
        schemes: &schemes,
    };
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let shared = item.get("parameters");
        for (verb, op) in item
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(k, _)| VERBS.contains(&k.as_str()))
        {
            let verb = if verb == "x-amazon-apigateway-any-method" {
                "ANY".to_string()
            } else {
                verb.to_ascii_uppercase()
            };
            v.routes
                .insert(format!("{verb} {path}"), cx.operation(op, shared));
        }
    }
    v
}

struct Context<'a> {
    doc: &'a Value,
    v3: bool,
    schemes: &'a Map<String, Value>,
}

impl Context<'_> {
    /// Follows a local `$ref` (`#/components/parameters/X`), once.
    fn deref<'b>(&'b self, v: &'b Value) -> &'b Value {
        v.get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| self.doc.pointer(p))
            .unwrap_or(v)
    }

    fn operation(&self, op: &Value, shared: Option<&Value>) -> BTreeMap<&'static str, Value> {
        let mut a = BTreeMap::new();
        a.insert("auth", self.auth(op));
        let mut params = Map::new();
        let mut body_model = None;
        for p in shared
            .into_iter()
            .chain(op.get("parameters"))
            .filter_map(Value::as_array)
            .flatten()
        {
            let p = self.deref(p);
            let place = match p.get("in").and_then(Value::as_str) {
                Some("query") => "querystring",
                Some("header") => "header",
                Some("path") => "path",
                Some("body") => {
                    body_model = p.pointer("/schema/$ref").map(model_name);
                    continue;
                }
                _ => continue,
            };
            let mut name = p.get("name").map(text).unwrap_or_default();
            if place == "path" {
                // A greedy `{key+}` is the parameter `key` in mappings and in CloudFormation.
                name = name.trim_end_matches('+').to_string();
            }
            let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
            params.insert(format!("{place}.{name}"), json!(required));
        }
        a.insert("request parameters", Value::Object(params));
        let mut models = Map::new();
        if self.v3 {
            let body = op.get("requestBody").map(|b| self.deref(b));
            for (ct, media) in body
                .and_then(|b| b.get("content"))
                .and_then(Value::as_object)
                .into_iter()
                .flatten()
            {
                if let Some(r) = media.pointer("/schema/$ref") {
                    models.insert(ct.clone(), json!(model_name(r)));
                }
            }
        } else if let Some(m) = body_model {
            models.insert(self.consumes(op), json!(m));
        }
        let validator = op
            .get(VALIDATOR)
            .or_else(|| self.doc.get(VALIDATOR))
            .and_then(Value::as_str)
            .and_then(|n| self.doc.get(VALIDATORS)?.get(n))
            .map(|v| {
                json!({
                    "body": v.get("validateRequestBody").and_then(Value::as_bool).unwrap_or(false),
                    "parameters": v.get("validateRequestParameters").and_then(Value::as_bool).unwrap_or(false),
                })
            })
            .unwrap_or(Value::Null);
        a.insert(
            "validation",
            json!({"validator": validator, "models": models}),
        );
        a.insert("method responses", self.method_responses(op));
        if let Some(i) = op.get(INTEGRATION) {
            integration(&mut a, i);
        }
        a
    }

    fn consumes(&self, op: &Value) -> String {
        op.get("consumes")
            .or_else(|| self.doc.get("consumes"))
            .and_then(|c| c.get(0))
            .map(text)
            .unwrap_or_else(|| "application/json".into())
    }

    fn auth(&self, op: &Value) -> Value {
        let security = op.get("security").or_else(|| self.doc.get("security"));
        let (mut kind, mut authorizer, mut api_key, mut scopes) =
            ("NONE".to_string(), Value::Null, false, json!([]));
        for req in security.and_then(Value::as_array).into_iter().flatten() {
            for (name, s) in req.as_object().into_iter().flatten() {
                let Some(scheme) = self.schemes.get(name) else {
                    continue;
                };
                if let Some(a) = scheme.get("x-amazon-apigateway-authorizer") {
                    kind = match a.get("type").map(text).as_deref() {
                        Some("cognito_user_pools") => "COGNITO_USER_POOLS".into(),
                        _ => "CUSTOM".into(),
                    };
                    authorizer = json!(name);
                    scopes = plain(s);
                } else if scheme
                    .get("x-amazon-apigateway-authtype")
                    .map(text)
                    .as_deref()
                    == Some("awsSigv4")
                {
                    kind = "AWS_IAM".into();
                } else if scheme.get("type").map(text).as_deref() == Some("apiKey") {
                    api_key = true;
                }
            }
        }
        json!({"type": kind, "authorizer": authorizer, "api_key_required": api_key, "scopes": scopes})
    }

    fn method_responses(&self, op: &Value) -> Value {
        let mut out = Map::new();
        for (status, r) in op
            .get("responses")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            let (headers, models) = response_parts(self.doc, op, self.deref(r), self.v3);
            let models: Map<String, Value> =
                models.into_iter().map(|(ct, m)| (ct, json!(m))).collect();
            out.insert(
                status.clone(),
                json!({"headers": headers, "models": models}),
            );
        }
        Value::Object(out)
    }
}

/// The header names and the models by content type (`$ref`'d schema names) that method
/// response `r` (already dereferenced) of operation `op` declares, in OpenAPI 3.0 (`content`)
/// or Swagger 2.0 (`schema`, under the operation's or the document's first `produces`). The
/// importer reads method responses through it too, so both read them alike.
pub fn response_parts(
    root: &Value,
    op: &Value,
    r: &Value,
    v3: bool,
) -> (Vec<Value>, Vec<(String, String)>) {
    let headers: Vec<Value> = r
        .get("headers")
        .and_then(Value::as_object)
        .map(|h| h.keys().map(|k| json!(k)).collect())
        .unwrap_or_default();
    let mut models = Vec::new();
    if v3 {
        for (ct, media) in r
            .get("content")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(x) = media.pointer("/schema/$ref") {
                models.push((ct.clone(), model_name(x)));
            }
        }
    } else if let Some(x) = r.pointer("/schema/$ref") {
        let ct = op
            .get("produces")
            .or_else(|| root.get("produces"))
            .and_then(|p| p.get(0))
            .map(text)
            .unwrap_or_else(|| "application/json".into());
        models.push((ct, model_name(x)));
    }
    (headers, models)
}

fn model_name(r: &Value) -> String {
    text(r).rsplit('/').next().unwrap_or_default().to_string()
}

fn integration(a: &mut BTreeMap<&'static str, Value>, i: &Value) {
    let field = |k: &str| i.get(k).map(plain);
    let upper = |k: &str| {
        i.get(k)
            .map(|v| Value::String(text(v).to_ascii_uppercase()))
    };
    a.insert(
        "integration",
        integration_core(
            upper("type"),
            field("uri"),
            upper("httpMethod"),
            field("credentials"),
            upper("passthroughBehavior"),
            field("contentHandling"),
            field("timeoutInMillis"),
            field("cacheKeyParameters"),
            field("connectionType").map(|c| Value::String(text(&c).to_ascii_uppercase())),
        ),
    );
    a.insert(
        "integration request parameters",
        field("requestParameters").unwrap_or(json!({})),
    );
    a.insert(
        "request templates",
        field("requestTemplates").unwrap_or(json!({})),
    );
    let mut responses = Map::new();
    for (pattern, r) in i
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let pattern = if pattern.is_empty() {
            "default".to_string()
        } else {
            pattern.clone()
        };
        responses.insert(
            pattern,
            integration_response(
                r.get("statusCode").map(text),
                r.get("responseParameters").map(plain),
                r.get("responseTemplates").map(plain),
                r.get("contentHandling").map(plain),
            ),
        );
    }
    a.insert("integration responses", Value::Object(responses));
}
