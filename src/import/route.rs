//! One operation of the imported document as a blueprint route: the generic `aws` call read
//! from the integration (service, action or path, method, headers, query, templates) and the
//! route's options (auth, parameters, responses, validation, passthrough, timeouts), each
//! written only where it says something.

use super::uri::{Target, iam_prefix, parse_uri, path_override};
use super::{Cx, escape, s};
use serde_json::{Map, Value, json};

/// The verbs of a path item, and their blueprint spelling.
const VERBS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("put", "PUT"),
    ("post", "POST"),
    ("delete", "DELETE"),
    ("options", "OPTIONS"),
    ("head", "HEAD"),
    ("patch", "PATCH"),
    ("x-amazon-apigateway-any-method", "ANY"),
];

/// One imported route before typing.
#[derive(Debug, Clone)]
pub struct Imported {
    /// `METHOD /path`.
    pub key: String,
    /// Pointer of the operation in the document.
    pub at: String,
    /// The route's options (everything but the operation).
    pub options: Map<String, Value>,
    /// The generic `aws` call, without `iam`.
    pub call: Map<String, Value>,
    /// Who may call it: `none`, `aws_iam` or an authorizer's name.
    pub auth: String,
    /// The IAM action the integration's URI names (`sqs:SendMessage`), for an action call.
    pub action: Option<String>,
    /// The request values the integration's mappings read (`method.request.querystring.key`).
    pub sources: Vec<String>,
    /// Why the route cannot be a generic `aws` call (pointer and message), if it cannot.
    pub blocked: Option<(String, String)>,
}

/// Every route of the document; OPTIONS mocks go to `cx.cors`, other operations that are not
/// AWS integrations are reported and left out.
pub fn all(cx: &mut Cx) -> Vec<Imported> {
    let mut out = Vec::new();
    let Some(paths) = cx.root().get("paths").and_then(Value::as_object) else {
        return out;
    };
    for (path, item) in paths {
        let shared = item.get("parameters");
        for (key, op) in item.as_object().into_iter().flatten() {
            let at = format!("/paths/{}/{}", escape(path), escape(key));
            let Some((_, verb)) = VERBS.iter().find(|(k, _)| k == key) else {
                if key != "parameters" && !key.starts_with("x-") || key.starts_with("x-amazon") {
                    cx.lost(&at, format!("`{key}` under `{path}` is not read"));
                }
                continue;
            };
            if let Some(r) = one(cx, path, verb, op, shared, &at) {
                out.push(r);
            }
        }
    }
    out
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

fn one(
    cx: &mut Cx,
    path: &str,
    verb: &str,
    op: &Value,
    shared: Option<&Value>,
    at: &str,
) -> Option<Imported> {
    let key = format!("{verb} {path}");
    let ipt = format!("{at}/x-amazon-apigateway-integration");
    let Some(i) = op.get("x-amazon-apigateway-integration") else {
        cx.lost(
            at,
            format!("`{key}` has no `x-amazon-apigateway-integration`: left out"),
        );
        return None;
    };
    let kind = i
        .get("type")
        .map(text)
        .unwrap_or_default()
        .to_ascii_lowercase();
    if kind == "mock" && verb == "OPTIONS" {
        cx.cors.push((at.to_string(), path.to_string(), op.clone()));
        return None;
    }
    let blocked = (kind != "aws").then(|| {
        (
            format!("{ipt}/type"),
            format!("`{key}` is a `{kind}` integration, which blueprints describe only as the typed operations that generate it, and none does: left out"),
        )
    });
    let mut options = Map::new();
    if let Some(sm) = op.get("summary") {
        options.insert("summary".into(), json!(text(sm)));
    }
    let (auth, api_key, scopes) = security(cx, op);
    if api_key {
        options.insert("api_key".into(), json!(true));
    }
    if !scopes.is_empty() {
        options.insert("scopes".into(), json!(scopes));
    }
    parameters(cx, op, shared, &mut options);
    validation(cx, op, at, &mut options);
    responses(cx, op, at, &mut options);
    let mut call = Map::new();
    if let Some((at, why)) = &blocked
        && !i
            .get("uri")
            .map(text)
            .unwrap_or_default()
            .contains(":apigateway:")
    {
        cx.lost(at, why.clone());
        return None;
    }
    cx.blocked = None;
    let before = cx.refs.owned.clone();
    cx.refs.owned.clear();
    let action = integration(cx, &key, path, i, &ipt, &mut call, &mut options);
    let named: std::collections::BTreeSet<String> =
        cx.refs.owned.iter().map(|(_, n)| n.clone()).collect();
    cx.refs.owned.extend(before);
    let blocked_after = cx.blocked.take();
    let action = action?;
    cx.route_refs.insert(key.clone(), named);
    let sources = i
        .get("requestParameters")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
        .map(|(_, v)| text(v))
        .collect();
    Some(Imported {
        key,
        at: at.to_string(),
        options,
        call,
        auth,
        action,
        sources,
        blocked: blocked.or(blocked_after),
    })
}

/// `auth`, whether an API key is required, and the OAuth scopes.
fn security(cx: &mut Cx, op: &Value) -> (String, bool, Vec<String>) {
    let root = cx.root();
    let schemes = if cx.v3 {
        root.pointer("/components/securitySchemes")
    } else {
        root.get("securityDefinitions")
    };
    let security = op.get("security").or_else(|| root.get("security"));
    let (mut auth, mut key, mut scopes) = ("none".to_string(), false, Vec::new());
    for req in security.and_then(Value::as_array).into_iter().flatten() {
        for (name, sc) in req.as_object().into_iter().flatten() {
            let Some(scheme) = schemes.and_then(|s| s.get(name)) else {
                continue;
            };
            if scheme.get("x-amazon-apigateway-authorizer").is_some() {
                auth = name.clone();
                scopes = sc.as_array().into_iter().flatten().map(text).collect();
            } else if scheme
                .get("x-amazon-apigateway-authtype")
                .map(text)
                .as_deref()
                == Some("awsSigv4")
            {
                auth = "aws_iam".into();
            } else if scheme.get("type").map(text).as_deref() == Some("apiKey") {
                key = true;
            }
        }
    }
    (auth, key, scopes)
}

/// Follows a local `$ref`.
pub fn deref<'a>(root: &'a Value, v: &'a Value) -> &'a Value {
    v.get("$ref")
        .and_then(Value::as_str)
        .and_then(|r| r.strip_prefix('#'))
        .and_then(|p| root.pointer(p))
        .unwrap_or(v)
}

fn model_name(r: &Value) -> String {
    text(r).rsplit('/').next().unwrap_or_default().to_string()
}

fn parameters(cx: &mut Cx, op: &Value, shared: Option<&Value>, options: &mut Map<String, Value>) {
    let root = cx.root();
    let mut params = Map::new();
    for p in shared
        .into_iter()
        .chain(op.get("parameters"))
        .filter_map(Value::as_array)
        .flatten()
    {
        let p = deref(root, p);
        let name = p.get("name").map(text).unwrap_or_default();
        let required = p.get("required").and_then(Value::as_bool).unwrap_or(false);
        match p.get("in").and_then(Value::as_str) {
            Some("header") => {
                params.insert(format!("header.{name}"), json!(required));
            }
            Some("query") => {
                params.insert(format!("querystring.{name}"), json!(required));
            }
            Some("body") => {
                if let Some(r) = p.pointer("/schema/$ref") {
                    let ct = op
                        .get("consumes")
                        .or_else(|| root.get("consumes"))
                        .and_then(|c| c.get(0))
                        .map(text)
                        .unwrap_or_else(|| "application/json".into());
                    model(options, &ct, model_name(r));
                }
            }
            _ => {}
        }
    }
    if let Some(body) = op.get("requestBody").map(|b| deref(root, b)) {
        for (ct, media) in body
            .get("content")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            if let Some(r) = media.pointer("/schema/$ref") {
                model(options, ct, model_name(r));
            }
        }
    }
    if !params.is_empty() {
        options.insert("request_parameters".into(), Value::Object(params));
    }
}

/// Records the request model of content type `ct`.
fn model(options: &mut Map<String, Value>, ct: &str, name: String) {
    if ct == "application/json" {
        options.insert("request_model".into(), json!(name));
    } else {
        options
            .entry("request_models")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .map(|m| m.insert(ct.to_string(), json!(name)));
    }
}

fn validation(cx: &mut Cx, op: &Value, at: &str, options: &mut Map<String, Value>) {
    let root = cx.root();
    let name = op
        .get("x-amazon-apigateway-request-validator")
        .or_else(|| root.get("x-amazon-apigateway-request-validator"))
        .map(text);
    let has_model = options.contains_key("request_model") || options.contains_key("request_models");
    let validator = name.as_ref().and_then(|n| {
        root.get("x-amazon-apigateway-request-validators")
            .and_then(|v| v.get(n))
    });
    let flag = |k: &str| {
        validator
            .and_then(|v| v.get(k))
            .and_then(Value::as_bool)
            .unwrap_or(false)
    };
    let word = match (
        flag("validateRequestBody"),
        flag("validateRequestParameters"),
    ) {
        (true, true) => "all",
        (true, false) => "body",
        (false, true) => "parameters",
        (false, false) => "off",
    };
    if let (Some(n), None) = (&name, validator) {
        cx.lost(
            &format!("{at}/x-amazon-apigateway-request-validator"),
            format!("request validator `{n}` is not declared under `x-amazon-apigateway-request-validators`: the route validates nothing"),
        );
    }
    let default = if has_model { "body" } else { "off" };
    if word != default {
        options.insert("validate".into(), s(word));
    }
}

fn responses(cx: &mut Cx, op: &Value, at: &str, options: &mut Map<String, Value>) {
    let root = cx.root();
    let mut list = Vec::new();
    for (status, r) in op
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Ok(code) = status.parse::<u16>() else {
            cx.lost(
                &format!("{at}/responses/{}", escape(status)),
                format!("method response `{status}` is not a status code API Gateway declares"),
            );
            continue;
        };
        let (headers, found) = crate::diff::openapi_response_parts(root, op, deref(root, r), cx.v3);
        // API Gateway's built-in models are not the blueprint's to declare.
        let models: Map<String, Value> = found
            .into_iter()
            .filter(|(_, m)| !super::api::BUILT_IN_MODELS.contains(&m.as_str()))
            .map(|(ct, m)| (ct, json!(m)))
            .collect();
        let mut m = Map::new();
        m.insert("status".into(), json!(code));
        if !headers.is_empty() {
            m.insert("headers".into(), Value::Array(headers));
        }
        if !models.is_empty() {
            m.insert("models".into(), Value::Object(models));
        }
        list.push(Value::Object(m));
    }
    if !list.is_empty() {
        options.insert("method_responses".into(), Value::Array(list));
    }
}

/// Reads the integration into `call` and `options`; the IAM action an action URI names.
/// `None` (reported) when the integration cannot be a blueprint's.
fn integration(
    cx: &mut Cx,
    key: &str,
    path: &str,
    i: &Value,
    ipt: &str,
    call: &mut Map<String, Value>,
    options: &mut Map<String, Value>,
) -> Option<Option<String>> {
    let raw_uri = i.get("uri").map(text).unwrap_or_default();
    let uri = cx.refs.translate(&raw_uri, false);
    let Some(parsed) = parse_uri(&uri) else {
        cx.lost_help(
            &format!("{ipt}/uri"),
            format!("`{key}`: the integration URI `{raw_uri}` is not an `arn:aws:apigateway:REGION:SERVICE:action/...` or `:path/...` URI: route left out"),
            "write the URI in full (a Terraform template's `${...}` must be filled first), then import again",
        );
        return None;
    };
    let mut params: Map<String, Value> = i
        .get("requestParameters")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    call.insert("service".into(), s(&parsed.service));
    let mut action = None;
    match &parsed.target {
        Target::Action(a) => {
            call.insert("action".into(), s(a));
            action = Some(format!("{}:{a}", iam_prefix(&parsed.service)));
        }
        Target::Path(rest) => match path_override(key, path, rest, &mut params) {
            Ok(p) => {
                call.insert("path".into(), s(&p));
            }
            Err(why) => cx.blocked = Some((format!("{ipt}/uri"), why)),
        },
    }
    let method = i
        .get("httpMethod")
        .map(text)
        .unwrap_or_default()
        .to_ascii_uppercase();
    call.insert("http_method".into(), s(&method));
    if let Some(r) = &parsed.region {
        options.insert("region".into(), s(r));
    }
    let (mut headers, mut query) = (Map::new(), Map::new());
    for (target, src) in params {
        let src = cx.refs.translate(&text(&src), false);
        if let Some(h) = target.strip_prefix("integration.request.header.") {
            headers.insert(h.into(), s(&src));
        } else if let Some(q) = target.strip_prefix("integration.request.querystring.") {
            query.insert(q.into(), s(&src));
        } else {
            cx.lost(
                &format!("{ipt}/requestParameters/{}", escape(&target)),
                format!("`{key}`: the integration request parameter `{target}` is left out"),
            );
        }
    }
    if !headers.is_empty() {
        call.insert("headers".into(), Value::Object(headers));
    }
    if !query.is_empty() {
        call.insert("query".into(), Value::Object(query));
    }
    if let Some(t) = i.get("requestTemplates").and_then(Value::as_object) {
        let mut m = Map::new();
        for (ct, body) in t {
            m.insert(ct.clone(), s(&cx.refs.translate(&text(body), true)));
        }
        call.insert("request_templates".into(), Value::Object(m));
    }
    if let Some(p) = i.get("passthroughBehavior") {
        options.insert("passthrough".into(), s(&text(p).to_ascii_lowercase()));
    }
    if let Some(c) = i.get("contentHandling") {
        options.insert("content_handling".into(), s(&text(c).to_ascii_lowercase()));
    }
    if let Some(t) = i.get("timeoutInMillis") {
        options.insert(
            "timeout_ms".into(),
            json!(text(t).parse::<u64>().unwrap_or(29000)),
        );
    }
    for k in [
        "cacheKeyParameters",
        "cacheNamespace",
        "connectionType",
        "connectionId",
        "tlsConfig",
    ] {
        match i.get(k) {
            None => {}
            Some(Value::Array(a)) if a.is_empty() => {}
            Some(v) if k == "connectionType" && text(v).eq_ignore_ascii_case("INTERNET") => {}
            Some(_) => cx.lost(
                &format!("{ipt}/{k}"),
                format!(
                    "`{key}`: the integration's `{k}` is not something a blueprint sets: left out"
                ),
            ),
        }
    }
    if let Some(cred) = i.get("credentials").map(text) {
        let translated = cx.refs.translate(&cred, false);
        if !translated.starts_with("$${ExecutionRole") {
            cx.credentials.push((format!("{ipt}/credentials"), cred));
        }
    }
    integration_responses(cx, key, i, ipt, options);
    Some(action)
}

fn integration_responses(
    cx: &mut Cx,
    key: &str,
    i: &Value,
    ipt: &str,
    options: &mut Map<String, Value>,
) {
    let mut list = Vec::new();
    for (pattern, r) in i
        .get("responses")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let mut m = Map::new();
        if !pattern.is_empty() && pattern != "default" {
            m.insert("pattern".into(), s(pattern));
        }
        let status = r.get("statusCode").map(text).unwrap_or_default();
        let Ok(code) = status.parse::<u16>() else {
            cx.lost(
                &format!("{ipt}/responses/{}", escape(pattern)),
                format!("`{key}`: integration response `{pattern}` has no numeric `statusCode`: left out"),
            );
            continue;
        };
        m.insert("status".into(), json!(code));
        let mut headers = Map::new();
        for (target, src) in r
            .get("responseParameters")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            match target.strip_prefix("method.response.header.") {
                Some(h) => {
                    headers.insert(h.into(), s(&text(src)));
                }
                None => cx.lost(
                    &format!("{ipt}/responses/{}/responseParameters", escape(pattern)),
                    format!("`{key}`: response parameter `{target}` is left out"),
                ),
            }
        }
        if !headers.is_empty() {
            m.insert("headers".into(), Value::Object(headers));
        }
        if let Some(t) = r.get("responseTemplates").and_then(Value::as_object) {
            let mut tm = Map::new();
            for (ct, body) in t {
                tm.insert(ct.clone(), s(&cx.refs.translate(&text(body), true)));
            }
            if !tm.is_empty() {
                m.insert("templates".into(), Value::Object(tm));
            }
        }
        if let Some(c) = r.get("contentHandling") {
            m.insert("content_handling".into(), s(&text(c).to_ascii_lowercase()));
        }
        list.push(Value::Object(m));
    }
    if !list.is_empty() {
        options.insert("integration_responses".into(), Value::Array(list));
    }
}
