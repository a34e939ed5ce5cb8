//! A route's overrides of its operation's defaults: authorization is set by the caller; this
//! applies timeouts, passthrough, parameters, templates and responses, checking each and
//! going on past a bad one, so every problem of the route is reported at once. What the
//! model checks itself (responses, models, timeouts) is left to `model::check`.

use crate::blueprint::{ContentHandlingSpec, Route, ValidateSpec};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::limits::{MAX_TIMEOUT_MS, MIN_TIMEOUT_MS};
use crate::model::check::did_you_mean;
use crate::model::mapping;
use crate::model::{
    ContentHandling, IntegrationParam, IntegrationResponse, Method, MethodResponse, ParamIn,
    Passthrough, RequestSource, Text, Validation,
};

/// An override problem: the route key at fault and the diagnostic (without location).
pub type OverrideError = (&'static str, Diagnostic);

/// The settings `passthrough:` accepts.
const PASSTHROUGH: [&str; 3] = ["when_no_match", "when_no_templates", "never"];

/// Applies `route`'s overrides to the method its operation built; a bad override is left
/// out and reported, the others still apply.
pub fn apply(route: &Route, m: &mut Method) -> Vec<OverrideError> {
    let mut errors = Vec::new();
    if let Some(s) = &route.summary {
        m.summary = Some(s.clone());
    }
    if let Some(r) = &route.region {
        if is_region(r) {
            m.integration.region = Some(r.clone());
        } else {
            errors.push((
                "region",
                Diagnostic::error(codes::SETTING, format!("`{r}` is not an AWS region name"))
                    .help("write a region such as `us-west-2` or `eu-central-1`"),
            ));
        }
    }
    if let Some(c) = route.content_handling {
        m.integration.content_handling = Some(content_handling(c));
    }
    if let Some(c) = route.response_content_handling {
        for ir in &mut m.integration.responses {
            ir.content_handling = Some(content_handling(c));
        }
    }
    if let Some(t) = route.timeout_ms {
        if crate::limits::timeout_in_range(t) {
            m.integration.timeout_ms = Some(t);
        } else {
            errors.push((
                "timeout_ms",
                Diagnostic::error(
                    codes::SETTING,
                    format!("timeout_ms {t} is outside {MIN_TIMEOUT_MS}..{MAX_TIMEOUT_MS}"),
                )
                .help(format!(
                    "REST API integrations time out between {MIN_TIMEOUT_MS} and {MAX_TIMEOUT_MS} ms"
                )),
            ));
        }
    }
    if let Some(p) = &route.passthrough {
        match p.as_str() {
            "when_no_match" => m.integration.passthrough = Passthrough::WhenNoMatch,
            "when_no_templates" => m.integration.passthrough = Passthrough::WhenNoTemplates,
            "never" => m.integration.passthrough = Passthrough::Never,
            other => errors.push((
                "passthrough",
                Diagnostic::error(codes::SETTING, format!("unknown passthrough `{other}`")).help(
                    format!(
                        "{}use when_no_match, when_no_templates or never",
                        did_you_mean(other, PASSTHROUGH)
                    ),
                ),
            )),
        }
    }
    let mut declared_complete = true;
    for (k, required) in &route.request_parameters {
        match mapping::method_param(k) {
            Ok(p) => {
                m.request_parameters.insert(p, *required);
            }
            Err(d) => {
                errors.push(("request_parameters", d));
                declared_complete = false;
            }
        }
    }
    for (k, v) in &route.integration_parameters {
        match integration_parameter(k, v, m, declared_complete) {
            Ok(Some((target, source))) => {
                m.integration.request_parameters.insert(target, source);
            }
            Ok(None) => {}
            Err(d) => errors.push(("integration_parameters", d)),
        }
    }
    for (ct, t) in &route.request_templates {
        m.integration
            .request_templates
            .insert(ct.clone(), Text::lit(t.clone()));
    }
    if let Some(v) = route.validate {
        m.settings.validation = Some(match v {
            ValidateSpec::Body => Validation::Body,
            ValidateSpec::Parameters => Validation::Parameters,
            ValidateSpec::All => Validation::All,
        });
    }
    if let Some(name) = &route.request_model {
        m.settings
            .request_models
            .insert("application/json".into(), name.clone());
    }
    for (ct, name) in &route.request_models {
        m.settings.request_models.insert(ct.clone(), name.clone());
    }
    m.settings.api_key_required = route.api_key;
    if let Some(list) = &route.method_responses {
        m.responses = list
            .iter()
            .map(|r| MethodResponse {
                status: r.status.to_string(),
                headers: r.headers.clone(),
            })
            .collect();
    }
    if let Some(list) = &route.integration_responses {
        let mut out = Vec::new();
        for r in list {
            if let Some(p) = &r.pattern
                && let Err(e) = crate::java_regex::check(p)
            {
                errors.push((
                    "integration_responses",
                    Diagnostic::error(
                        codes::MAPPING,
                        format!("selection pattern `{p}` is not a valid Java regular expression: {} (at character {})", e.message, e.index + 1),
                    )
                    .help("API Gateway matches backend statuses with java.util.regex; fix the pattern, e.g. `4\\d{2}`"),
                ));
            }
            let mut ir = IntegrationResponse::new(r.pattern.as_deref(), r.status.to_string());
            for (h, src) in &r.headers {
                match mapping::response_source(src) {
                    Ok(source) => ir = ir.header(h, source),
                    Err(d) => errors.push(("integration_responses", d)),
                }
            }
            out.push(ir);
        }
        m.integration.responses = out;
    }
    errors
}

/// One `integration_parameters` entry of `m`: a target API Gateway knows, mapped from a
/// source it understands that the method declares. When `declared_complete` is false (a
/// `request_parameters` entry was refused, and reported), a mapping from an undeclared
/// parameter is left out without a second error.
fn integration_parameter(
    k: &str,
    v: &str,
    m: &Method,
    declared_complete: bool,
) -> Result<Option<(IntegrationParam, RequestSource)>, Diagnostic> {
    let target = mapping::integration_param(k)?;
    let source = mapping::request_source(v)?;
    let RequestSource::Method(p) = &source else {
        return Ok(Some((target, source)));
    };
    if p.location == ParamIn::Path && !m.path.has_param(&p.name) {
        return Err(Diagnostic::error(
            codes::UNDECLARED_PARAM,
            format!(
                "`{k}` maps from {p}, which the method does not declare: the route has no `{{{}}}`",
                p.name
            ),
        )
        .help(format!(
            "the route `{}` has {}",
            m.path,
            path_params(&m.path)
        )));
    }
    if p.location != ParamIn::Path && !m.request_parameters.contains_key(p) {
        if !declared_complete {
            return Ok(None);
        }
        let declared: Vec<String> = m.request_parameters.keys().map(|d| d.to_string()).collect();
        let hint = did_you_mean(&p.to_string(), declared.iter().map(String::as_str));
        return Err(Diagnostic::error(
            codes::UNDECLARED_PARAM,
            format!("`{k}` maps from {p}, which the method does not declare"),
        )
        .help(format!(
            "{hint}declare it under `request_parameters: {{ {}.{}: false }}`",
            p.location.as_str(),
            p.name
        )));
    }
    Ok(Some((target, source)))
}

fn content_handling(c: ContentHandlingSpec) -> ContentHandling {
    match c {
        ContentHandlingSpec::ConvertToBinary => ContentHandling::ConvertToBinary,
        ContentHandlingSpec::ConvertToText => ContentHandling::ConvertToText,
    }
}

/// `us-west-2`, `eu-central-1`, `us-gov-west-1`, `cn-north-1`: letters, dashes, a final digit.
pub(super) fn is_region(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

fn path_params(path: &crate::model::ApiPath) -> String {
    let ps: Vec<String> = path.params().map(|(n, _)| format!("`{{{n}}}`")).collect();
    if ps.is_empty() {
        "no path parameters".into()
    } else {
        ps.join(", ")
    }
}
