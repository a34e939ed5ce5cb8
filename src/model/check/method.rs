//! Checks of each method: parameters its integration maps, responses, request models, binary
//! handling, timeout, the owned resources it names, and Lambda functions shared by routes.

use super::{Finding, MethodPart, RouteName, did_you_mean};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::limits::{MAX_TIMEOUT_MS, MIN_TIMEOUT_MS};
use crate::model::api::RestApi;
use crate::model::integration::{ContentHandling, RequestSource};
use crate::model::method::Method;
use crate::model::owned::Owned;
use std::collections::{BTreeMap, BTreeSet};

/// Every problem of method `m` of `api`.
pub(super) fn check_method(m: &Method, api: &RestApi) -> Vec<Finding> {
    let mut out = Vec::new();
    let route = RouteName(m);
    for (target, source) in &m.integration.request_parameters {
        if let RequestSource::Method(p) = source
            && !m.request_parameters.contains_key(p)
        {
            let declared: Vec<String> =
                m.request_parameters.keys().map(|d| d.to_string()).collect();
            let hint = did_you_mean(&p.to_string(), declared.iter().map(String::as_str));
            out.push(Finding::method(
                m,
                MethodPart::Option("integration_parameters"),
                Diagnostic::error(
                    codes::UNDECLARED_PARAM,
                    format!("{route} maps {target} from {p}, which the method does not declare"),
                )
                .help(format!(
                    "{hint}declare the parameter on the method, or map from a parameter it has"
                )),
            ));
        }
    }
    out.extend(check_responses(m));
    out.extend(check_models(m, &api.models));
    out.extend(check_binary(m, &api.binary_media_types));
    if let Some(t) = m.integration.timeout_ms
        && !crate::limits::timeout_in_range(t)
    {
        out.push(Finding::method(
            m,
            MethodPart::Option("timeout_ms"),
            Diagnostic::error(
                codes::SETTING,
                format!(
                    "{route}: integration timeout {t} ms is outside {MIN_TIMEOUT_MS}..{MAX_TIMEOUT_MS}"
                ),
            )
            .help(format!(
                "API Gateway REST integrations time out between {MIN_TIMEOUT_MS} and {MAX_TIMEOUT_MS} ms"
            )),
        ));
    }
    out.extend(check_refs(m, &api.owned));
    out
}

/// Responses both OpenAPI versions and API Gateway accept: at least one method response,
/// each status once, each selection pattern once (one default), every selected status
/// declared with every header it maps.
fn check_responses(m: &Method) -> Vec<Finding> {
    let mut out = Vec::new();
    let route = RouteName(m);
    let mut err = |option: &'static str, msg: String, help: &str| {
        out.push(Finding::method(
            m,
            MethodPart::Option(option),
            Diagnostic::error(codes::SETTING, format!("{route}: {msg}")).help(help.to_string()),
        ));
    };
    const ADJUST: &str = "adjust `method_responses` / `integration_responses` of the route";
    if m.responses.is_empty() {
        err(
            "method_responses",
            "the method declares no response".into(),
            ADJUST,
        );
    }
    for (i, r) in m.responses.iter().enumerate() {
        if m.responses[..i].iter().any(|x| x.status == r.status) {
            err(
                "method_responses",
                format!("status {} is declared twice", r.status),
                ADJUST,
            );
        }
        if r.status.len() != 3
            || !r.status.starts_with(['1', '2', '3', '4', '5'])
            || !r.status.chars().all(|c| c.is_ascii_digit())
        {
            err(
                "method_responses",
                format!("`{}` is not an HTTP status code", r.status),
                ADJUST,
            );
        }
    }
    for (i, ir) in m.integration.responses.iter().enumerate() {
        if m.integration.responses[..i]
            .iter()
            .any(|x| x.selection_pattern == ir.selection_pattern)
        {
            let p = ir.selection_pattern.as_deref().unwrap_or("default");
            err(
                "integration_responses",
                format!("two integration responses use the selection pattern `{p}`"),
                ADJUST,
            );
        }
        let Some(mr) = m.responses.iter().find(|r| r.status == ir.status) else {
            err(
                "integration_responses",
                format!(
                    "an integration response selects status {}, which no method response declares",
                    ir.status
                ),
                "declare the status under `method_responses`",
            );
            continue;
        };
        for h in ir.headers.keys().filter(|h| !mr.headers.contains(h)) {
            let hint = did_you_mean(h, mr.headers.iter().map(String::as_str));
            err(
                "integration_responses",
                format!(
                    "the {} response maps header `{h}`, which its method response does not declare",
                    ir.status
                ),
                &format!("{hint}add the header to the method response's `headers`"),
            );
        }
    }
    out
}

/// Every request and response model a method names exists; a body validator has a model
/// to check against.
fn check_models(m: &Method, models: &BTreeMap<String, serde_json::Value>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (ct, name) in &m.settings.request_models {
        if !models.contains_key(name) {
            let hint = did_you_mean(name, models.keys().map(String::as_str));
            out.push(Finding::method(
                m,
                MethodPart::Option("request_model"),
                Diagnostic::error(
                    codes::SETTING,
                    format!(
                        "`{} {}` validates `{ct}` against model `{name}`, which the API does not define",
                        m.verb, m.path
                    ),
                )
                .help(format!("{hint}define it under `models:`")),
            ));
        }
    }
    for r in &m.responses {
        for (ct, name) in &r.models {
            if !models.contains_key(name) {
                let hint = did_you_mean(name, models.keys().map(String::as_str));
                out.push(Finding::method(
                    m,
                    MethodPart::Option("method_responses"),
                    Diagnostic::error(
                        codes::SETTING,
                        format!(
                            "`{} {}` describes its {} `{ct}` response with model `{name}`, which the API does not define",
                            m.verb, m.path, r.status
                        ),
                    )
                    .help(format!("{hint}define it under `models:`")),
                ));
            }
        }
    }
    if m.settings.validation.is_some_and(|v| v.body()) && m.settings.request_models.is_empty() {
        out.push(Finding::method(
            m,
            MethodPart::Option("validate"),
            Diagnostic::error(
                codes::SETTING,
                format!(
                    "`{} {}` validates the body but names no request model",
                    m.verb, m.path
                ),
            )
            .help("add `request_model: <name>`, or validate `parameters` only"),
        ));
    }
    out
}

/// True when binary media type `pattern` (`*/*`, `image/*`, `image/png`) covers `content_type`.
pub fn media_matches(pattern: &str, content_type: &str) -> bool {
    let (pt, ps) = pattern.split_once('/').unwrap_or((pattern, ""));
    let (ct, cs) = content_type.split_once('/').unwrap_or((content_type, ""));
    (pt == "*" || pt.eq_ignore_ascii_case(ct)) && (ps == "*" || ps.eq_ignore_ascii_case(cs))
}

/// A method that converts a binary request to text for its templates only works when the API
/// treats those content types as binary; otherwise API Gateway reads the bytes as UTF-8 text.
fn check_binary(m: &Method, binary: &[String]) -> Vec<Finding> {
    if m.integration.content_handling != Some(ContentHandling::ConvertToText) {
        return Vec::new();
    }
    m.integration
        .request_templates
        .keys()
        .filter(|ct| !binary.iter().any(|b| media_matches(b, ct)))
        .map(|ct| {
            Finding::method(
                m,
                MethodPart::Option("content_handling"),
                Diagnostic::error(
                    codes::SETTING,
                    format!("`{} {}` takes `{ct}` bodies as binary, but the API does not list `{ct}` as a binary media type", m.verb, m.path),
                )
                .help(format!("add `{ct}` (or `*/*`) to `binary_media_types`")),
            )
        })
        .collect()
}

/// Every owned resource a method refers to exists (each missing one reported once).
fn check_refs(m: &Method, owned: &Owned) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut missing = BTreeSet::new();
    for r in m.refs() {
        if owned.has(r.kind, &r.name) || !missing.insert((r.kind, r.name.as_str())) {
            continue;
        }
        let (what, key) = r.kind.blueprint_words();
        let known = owned.names(r.kind);
        let hint = did_you_mean(&r.name, known.iter().map(|s| s.as_str()));
        out.push(Finding::method(
            m,
            MethodPart::Operation,
            Diagnostic::error(
                codes::ARGUMENT,
                format!(
                    "`{} {}` uses the {what} `{}`, which the blueprint does not own",
                    m.verb, m.path, r.name
                ),
            )
            .help(format!(
                "{hint}declare it under `owns: {{ {key}: {{ {}: {{}} }} }}`",
                r.name
            )),
        ));
    }
    out
}

/// Routes that share a Lambda function (by name) share it exactly: one function, one code.
pub(super) fn check_functions(api: &RestApi) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut seen: BTreeMap<&str, &crate::model::function::Function> = BTreeMap::new();
    for m in &api.methods {
        let Some(f) = m.integration.function() else {
            continue;
        };
        match seen.get(f.name.as_str()) {
            Some(other) if *other != f => out.push(Finding::method(
                m,
                MethodPart::Operation,
                Diagnostic::error(
                    codes::SETTING,
                    format!("two routes need different functions named `{}`", f.name),
                )
                .help("routes of one presigned pattern must name the same bucket, key and expiry"),
            )),
            Some(_) => {}
            None => {
                seen.insert(&f.name, f);
            }
        }
    }
    out
}
