//! The API-wide parts of the imported document: name, description, endpoint type, binary
//! media types, stage, authorizers, models, gateway responses, resource policy and CORS; and
//! the owned resources and default authorization the routes imply.

use super::route::Imported;
use super::{Cx, escape, s};
use crate::codes::{IMPORT_GRANTS, IMPORT_UNREPRESENTABLE};
use crate::diagnostic::{Diagnostic, Location};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Top-level extensions read here or by the routes.
const READ: &[&str] = &[
    "x-amazon-apigateway-binary-media-types",
    "x-amazon-apigateway-request-validators",
    "x-amazon-apigateway-request-validator",
    "x-amazon-apigateway-gateway-responses",
    "x-amazon-apigateway-policy",
    "x-amazon-apigateway-endpoint-configuration",
];

/// The models API Gateway creates in every REST API: an import leaves them out of `models:`
/// and out of the responses that name them (those answer with API Gateway's own).
pub const BUILT_IN_MODELS: &[&str] = &["Empty", "Error"];

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Writes the API's settings into `bp`, in the blueprint's order.
pub fn head(cx: &mut Cx, bp: &mut Map<String, Value>) {
    let root = cx.root();
    let title = root
        .pointer("/info/title")
        .map(text)
        .unwrap_or_else(|| "Imported".into());
    bp.insert("api".into(), s(&title));
    if let Some(d) = root.pointer("/info/description") {
        bp.insert("description".into(), s(&text(d)));
    }
    if let Some(e) = root.get("x-amazon-apigateway-endpoint-configuration") {
        let types: Vec<String> = e
            .get("types")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|t| text(t).to_ascii_lowercase())
            .collect();
        if let [t] = types.as_slice() {
            bp.insert("endpoint".into(), s(t));
        }
        for k in e.as_object().into_iter().flatten().map(|(k, _)| k) {
            if k != "types" {
                cx.lost(
                    &format!("/x-amazon-apigateway-endpoint-configuration/{}", escape(k)),
                    format!("endpoint configuration `{k}` is left out"),
                );
            }
        }
    }
    if let Some(b) = root.get("x-amazon-apigateway-binary-media-types") {
        bp.insert("binary_media_types".into(), b.clone());
    }
    bp.insert("auth".into(), Value::Null);
    authorizers(cx, bp);
    if let Some(p) = root.get("x-amazon-apigateway-policy") {
        policy(cx, bp, p);
    }
    if let Some(stage) = stage(root) {
        bp.insert("stage".into(), s(&stage));
    }
    for (k, _) in root.as_object().into_iter().flatten() {
        if k.starts_with("x-amazon-apigateway-") && !READ.contains(&k.as_str()) {
            cx.lost(&format!("/{}", escape(k)), format!("`{k}` is left out"));
        }
    }
    if let Some(h) = root
        .get("host")
        .map(text)
        .filter(|h| h.contains('{') || h.contains('$'))
    {
        cx.findings.push(
            Diagnostic::warning(
                crate::codes::IMPORT_PLACEHOLDER,
                format!("`host: {h}` holds a placeholder; a blueprint has no host (API Gateway gives the API its own)"),
            )
            .at(Location::pointer(&cx.doc.file, "/host"))
            .help("nothing to do: synth writes the invoke URL with `{restApiId}` and `{region}` server variables"),
        );
    }
}

/// The stage an export names: OpenAPI 3.0's `basePath` server variable, Swagger's `basePath`.
fn stage(root: &Value) -> Option<String> {
    let raw = root
        .pointer("/servers/0/variables/basePath/default")
        .or_else(|| root.get("basePath"))
        .map(text)?;
    let name = raw.trim_matches('/');
    (!name.is_empty() && !name.contains('/')).then(|| name.to_string())
}

fn authorizers(cx: &mut Cx, bp: &mut Map<String, Value>) {
    let root = cx.root();
    let (schemes, base) = if cx.v3 {
        (
            root.pointer("/components/securitySchemes"),
            "/components/securitySchemes",
        )
    } else {
        (root.get("securityDefinitions"), "/securityDefinitions")
    };
    let mut out = Map::new();
    for (name, scheme) in schemes.and_then(Value::as_object).into_iter().flatten() {
        let Some(a) = scheme.get("x-amazon-apigateway-authorizer") else {
            continue;
        };
        let at = format!("{base}/{}/x-amazon-apigateway-authorizer", escape(name));
        let mut m = Map::new();
        match a
            .get("type")
            .map(text)
            .unwrap_or_default()
            .to_ascii_lowercase()
            .as_str()
        {
            "cognito_user_pools" => {
                m.insert(
                    "cognito_user_pools".into(),
                    a.get("providerARNs").cloned().unwrap_or(json!([])),
                );
            }
            kind @ ("token" | "request") => {
                let uri = a.get("authorizerUri").map(text).unwrap_or_default();
                let function = uri
                    .split_once("/functions/")
                    .and_then(|(_, r)| r.strip_suffix("/invocations"));
                match function {
                    Some(f) => {
                        let f = cx.refs.translate(f, false);
                        m.insert(format!("lambda_{kind}"), s(&f));
                    }
                    None => {
                        cx.lost(
                            &format!("{at}/authorizerUri"),
                            format!(
                                "authorizer `{name}`: `{uri}` names no Lambda function: left out"
                            ),
                        );
                        continue;
                    }
                }
            }
            other => {
                cx.lost(
                    &at,
                    format!("authorizer `{name}` of type `{other}` is left out"),
                );
                continue;
            }
        }
        if let Some(i) = a.get("identitySource") {
            let i = text(i);
            if i != "method.request.header.Authorization" {
                m.insert("identity_source".into(), s(&i));
            }
        }
        if let Some(t) = a.get("authorizerResultTtlInSeconds") {
            m.insert(
                "ttl_seconds".into(),
                json!(text(t).parse::<u32>().unwrap_or(300)),
            );
        }
        for k in ["authorizerCredentials", "identityValidationExpression"] {
            if a.get(k).is_some() {
                cx.lost(
                    &format!("{at}/{k}"),
                    format!("authorizer `{name}`: `{k}` is left out"),
                );
            }
        }
        out.insert(name.clone(), Value::Object(m));
    }
    if !out.is_empty() {
        bp.insert("authorizers".into(), Value::Object(out));
    }
}

/// The resource policy, when it is the shape a blueprint writes: allow everyone, then deny
/// those outside the source IPs, accounts or VPC endpoints given.
fn policy(cx: &mut Cx, bp: &mut Map<String, Value>, p: &Value) {
    let mut spec = Map::new();
    let mut understood = true;
    for st in p
        .get("Statement")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let effect = st.get("Effect").map(text).unwrap_or_default();
        let cond = st.get("Condition");
        match (effect.as_str(), cond) {
            ("Allow", None) => {}
            ("Deny", Some(c)) => {
                let list = |op: &str, key: &str| c.get(op).and_then(|o| o.get(key)).cloned();
                if let Some(ips) = list("NotIpAddress", "aws:SourceIp") {
                    spec.insert("allow_source_ips".into(), as_list(ips));
                } else if let Some(v) = list("StringNotEquals", "aws:SourceVpce") {
                    spec.insert("allow_vpc_endpoints".into(), as_list(v));
                } else if let Some(a) = list("StringNotEquals", "aws:PrincipalAccount") {
                    spec.insert("allow_accounts".into(), as_list(a));
                } else {
                    understood = false;
                }
            }
            _ => understood = false,
        }
    }
    if understood && !spec.is_empty() {
        bp.insert("resource_policy".into(), Value::Object(spec));
    } else {
        cx.lost_help(
            "/x-amazon-apigateway-policy",
            "the resource policy is not one a blueprint writes (allow everyone but callers outside given source IPs, accounts or VPC endpoints): left out".into(),
            "write `resource_policy:` by hand if it limits callers that way, or attach the policy outside gatewright",
        );
    }
}

fn as_list(v: Value) -> Value {
    match v {
        Value::Array(_) => v,
        other => json!([other]),
    }
}

/// The API-wide parts the routes imply: usage plan, CORS, models, gateway responses, the
/// role, owned resources.
pub fn tail(cx: &mut Cx, bp: &mut Map<String, Value>, routes: &[Imported]) {
    if routes.iter().any(|r| r.options.contains_key("api_key")) {
        bp.insert("usage_plan".into(), json!({}));
    }
    cors(cx, bp);
    let root = cx.root();
    let models = if cx.v3 {
        root.pointer("/components/schemas")
    } else {
        root.get("definitions")
    };
    if let Some(m) = models.and_then(Value::as_object).filter(|m| !m.is_empty()) {
        // API Gateway's models are JSON Schema draft 4; OpenAPI schema objects leave the
        // `$schema` out, so it is written back.
        let mut out = Map::new();
        for (name, schema) in m {
            if BUILT_IN_MODELS.contains(&name.as_str()) {
                // Every REST API has these; creating one again is refused (ConflictException).
                continue;
            }
            let mut with = Map::new();
            with.insert(
                "$schema".into(),
                s("http://json-schema.org/draft-04/schema#"),
            );
            for (k, v) in schema.as_object().into_iter().flatten() {
                with.insert(k.clone(), v.clone());
            }
            out.insert(name.clone(), Value::Object(with));
        }
        if !out.is_empty() {
            bp.insert("models".into(), Value::Object(out));
        }
    }
    gateway_responses(cx, bp);
    credentials(cx, bp);
    owns(cx, bp);
    if cx.opts.base.is_none() {
        let keys = if bp.contains_key("usage_plan") {
            "; the routes require API keys, so the blueprint has a usage plan with no keys or limits"
        } else {
            ""
        };
        cx.lost_help(
            "",
            format!("an OpenAPI document does not carry the stage's settings (logging, tracing, throttling, caching), tags, the output shape (`output:`), a usage plan's keys and limits, or the resources a stack creates beside the API when the document names them by their deployed names: the blueprint has gatewright's defaults for them, and does not own those resources{keys}"),
            "add them by hand, or import with `--base` naming the blueprint the document came from",
        );
    }
}

/// The default authorization (the routes' most common) and the routes.
pub fn finish(cx: &Cx, bp: &mut Map<String, Value>, routes: Vec<(Imported, Map<String, Value>)>) {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (r, _) in &routes {
        *counts.entry(r.auth.as_str()).or_default() += 1;
    }
    let default = counts
        .iter()
        .max_by_key(|(a, n)| (**n, **a == "aws_iam"))
        .map(|(a, _)| a.to_string())
        .unwrap_or_else(|| "aws_iam".into());
    bp.insert("auth".into(), s(&default));
    let mut out = Map::new();
    for (r, mut route) in routes {
        if r.auth != default {
            route.insert("auth".into(), s(&r.auth));
        }
        let path = r.key.split_once(' ').map_or("", |(_, p)| p);
        if bp.contains_key("cors") && !cx.cors_paths.iter().any(|p| p == path) {
            route.insert("cors".into(), json!(false));
        }
        out.insert(r.key.clone(), Value::Object(route));
    }
    bp.insert("routes".into(), Value::Object(out));
}

fn cors(cx: &mut Cx, bp: &mut Map<String, Value>) {
    let list = std::mem::take(&mut cx.cors);
    let Some((at, _, op)) = list.first() else {
        return;
    };
    let params = op
        .pointer("/x-amazon-apigateway-integration/responses/default/responseParameters")
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default();
    let get = |h: &str| {
        params
            .get(&format!("method.response.header.Access-Control-{h}"))
            .map(|v| text(v).trim_matches('\'').to_string())
    };
    let Some(origin) = get("Allow-Origin") else {
        for (at, _, _) in &list {
            cx.lost(
                at,
                "an OPTIONS mock that answers no `Access-Control-Allow-Origin` is left out".into(),
            );
        }
        return;
    };
    let mut spec = Map::new();
    if origin != "*" {
        spec.insert("allow_origin".into(), s(&origin));
    }
    if let Some(h) = get("Allow-Headers") {
        let hs: Vec<Value> = h.split(',').map(|x| s(x.trim())).collect();
        spec.insert("allow_headers".into(), Value::Array(hs));
    }
    if let Some(a) = get("Max-Age").and_then(|a| a.parse::<u32>().ok()) {
        spec.insert("max_age".into(), json!(a));
    }
    if get("Allow-Credentials").as_deref() == Some("true") {
        spec.insert("allow_credentials".into(), json!(true));
    }
    bp.insert("cors".into(), Value::Object(spec));
    cx.cors_paths = list.iter().map(|(_, p, _)| p.clone()).collect();
    cx.findings.push(
        Diagnostic::warning(
            IMPORT_UNREPRESENTABLE,
            format!("{} OPTIONS mocks read as the API's `cors:` (from the first); gatewright writes the preflight of every path from it, with the methods each path has", list.len()),
        )
        .at(Location::pointer(&cx.doc.file, at.clone()))
        .help("check `cors:`; a path whose preflight differed from the first gets the same answer now"),
    );
}

fn gateway_responses(cx: &mut Cx, bp: &mut Map<String, Value>) {
    let Some(g) = cx
        .root()
        .get("x-amazon-apigateway-gateway-responses")
        .and_then(Value::as_object)
    else {
        return;
    };
    let mut out = Map::new();
    for (kind, r) in g {
        let mut m = Map::new();
        if let Some(st) = r
            .get("statusCode")
            .and_then(|v| text(v).parse::<u16>().ok())
        {
            m.insert("status".into(), json!(st));
        }
        let mut headers = Map::new();
        for (k, v) in r
            .get("responseParameters")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
        {
            match k.strip_prefix("gatewayresponse.header.") {
                Some(h) => {
                    headers.insert(h.into(), v.clone());
                }
                None => cx.lost(
                    &format!(
                        "/x-amazon-apigateway-gateway-responses/{}/responseParameters",
                        escape(kind)
                    ),
                    format!("gateway response `{kind}`: `{k}` is left out"),
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
            m.insert("templates".into(), Value::Object(tm));
        }
        out.insert(kind.clone(), Value::Object(m));
    }
    bp.insert("gateway_responses".into(), Value::Object(out));
}

/// Literal credentials roles: gatewright derives its own role from the routes; `--keep-role`
/// keeps the first as the role OpenAPI documents name.
fn credentials(cx: &mut Cx, bp: &mut Map<String, Value>) {
    let creds = std::mem::take(&mut cx.credentials);
    let mut seen = Vec::new();
    for (at, arn) in &creds {
        if seen.contains(arn) {
            continue;
        }
        seen.push(arn.clone());
        let kept = cx.opts.keep_role && seen.len() == 1;
        let message = if kept {
            format!(
                "credentials `{arn}` kept as `env.execution_role_arn` (the role the OpenAPI documents name); the CloudFormation and Terraform outputs still create a role with the grants derived from the routes"
            )
        } else {
            format!(
                "credentials `{arn}` replaced by an execution role with the grants derived from the routes"
            )
        };
        cx.findings.push(
            Diagnostic::warning(IMPORT_GRANTS, message)
                .at(Location::pointer(&cx.doc.file, at.clone()))
                .help("compare the derived grants (`gatewright synth`, the role in cloudformation.json) with the old role's policy; `--keep-role` keeps the old role for the OpenAPI documents"),
        );
    }
    if cx.opts.keep_role
        && let Some(arn) = seen.first()
    {
        bp.insert("env".into(), json!({ "execution_role_arn": arn }));
    }
}

fn owns(cx: &mut Cx, bp: &mut Map<String, Value>) {
    if cx.refs.owned.is_empty() {
        return;
    }
    let mut out: Map<String, Value> = Map::new();
    for (kind, name) in &cx.refs.owned {
        let (_, section) = kind.blueprint_words();
        out.entry(section)
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .map(|m| m.insert(name.clone(), json!({})));
    }
    let names: Vec<String> = cx
        .refs
        .owned
        .iter()
        .filter(|(k, n)| {
            let (_, section) = k.blueprint_words();
            cx.opts
                .base
                .as_ref()
                .and_then(|b| b.pointer(&format!("/owns/{section}/{n}")))
                .is_none()
        })
        .map(|(_, n)| n.clone())
        .collect();
    bp.insert("owns".into(), Value::Object(out));
    if names.is_empty() {
        return;
    }
    cx.findings.push(
        Diagnostic::warning(
            IMPORT_UNREPRESENTABLE,
            format!(
                "the document names resources of a gatewright template ({}): imported as owned resources with default settings, since an OpenAPI document carries none of their settings (encryption, retention, tuning, stage settings)",
                names.join(", ")
            ),
        )
        .at(Location::pointer(&cx.doc.file, "/paths"))
        .help("copy the `owns:` settings (and `stage:` settings) from the original blueprint, or import with `--base` naming it"),
    );
}
