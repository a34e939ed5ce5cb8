//! The service's answer becomes the method response: the integration response whose
//! selection pattern matches the status (else the default one), its header mappings and the
//! response template chosen by the client's `Accept`.

use super::request::Request;
use super::{Answer, Failure, MethodResult, ServiceResponse, Trace};
use crate::model::{IntegrationResponse, Method, ResponseSource, RestApi};
use crate::vtl::Scope;

/// The rule API Gateway picks for backend status `status`: the first whose pattern matches
/// the whole status (Java `matches`), else the default rule.
pub fn select<'a>(
    rules: &'a [IntegrationResponse],
    status: &str,
) -> Option<&'a IntegrationResponse> {
    rules
        .iter()
        .find(|r| {
            r.selection_pattern.as_deref().is_some_and(|p| {
                fancy_regex::Regex::new(&format!("^(?:{p})$"))
                    .ok()
                    .and_then(|re| re.is_match(status).ok())
                    .unwrap_or(false)
            })
        })
        .or_else(|| rules.iter().find(|r| r.selection_pattern.is_none()))
}

/// Builds the method response from `service`.
pub fn respond(
    api: &RestApi,
    m: &Method,
    req: &Request,
    path: &[(String, String)],
    service: &ServiceResponse,
    t: &mut Trace,
) -> Result<MethodResult, Failure> {
    let status = service.status.to_string();
    let Some(rule) = select(&m.integration.responses, &status) else {
        t.log(
            "Execution failed due to configuration error: No match for output mapping and no default output mapping configured. Endpoint Response Status Code: "
                .to_string()
                + &status,
        );
        return Err(Failure::Gateway(Answer::message(
            500,
            "InternalServerErrorException",
            "Internal server error",
        )));
    };
    let mut headers: Vec<(String, String)> = Vec::new();
    for (name, source) in &rule.headers {
        let v = match source {
            ResponseSource::Header(h) => service
                .headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(h))
                .map(|(_, v)| v.clone()),
            ResponseSource::Static(v) => Some(v.clone()),
        };
        if let Some(v) = v {
            headers.push((name.clone(), v));
        }
    }
    let accept = req.header("Accept").map(|a| {
        a.split(',')
            .next()
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase()
    });
    let template = accept
        .as_deref()
        .and_then(|a| {
            rule.templates
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(a))
        })
        .or_else(|| {
            rule.templates
                .iter()
                .find(|(k, _)| *k == "application/json")
        })
        .or_else(|| rule.templates.iter().next());
    let mut out_status = rule.status.clone();
    let mut body = service.body.clone();
    let mut used = None;
    if let Some((key, text)) = template {
        let mut input = super::endpoint::input(req, path);
        input.body = service.body.clone();
        let scope = Scope {
            input,
            context: super::endpoint::context(api, m, req),
            stage_variables: super::endpoint::stage_variables(api),
        };
        let marked = super::deploy::mark(&api.env, text);
        let out = super::run_template(&marked.text, &scope, "response", key)?;
        t.notes.extend(out.notes);
        body = marked.restore(&out.text);
        used = Some(key.clone());
        if let Some(s) = out.overrides.status {
            out_status = s;
        }
        for (k, v) in out.overrides.response_header {
            headers.retain(|(x, _)| *x != k);
            headers.push((k, v));
        }
    }
    Ok(MethodResult {
        integration_status: status,
        selection_pattern: rule.selection_pattern.clone(),
        status: out_status,
        headers,
        body,
        template: used,
    })
}
