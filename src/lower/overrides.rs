//! A route's overrides of its operation's defaults: authorization is set by the caller; this
//! applies timeouts, passthrough, parameters, templates and responses, checking each and
//! going on past a bad one, so every problem of the route is reported at once. What the
//! model checks itself (responses, models, timeouts) is left to `model::check`.

use crate::blueprint::{ContentHandlingSpec, Route, ValidateSpec};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::limits::{MAX_TIMEOUT_MS, MIN_TIMEOUT_MS};
use crate::model::VecMap;
use crate::model::check::did_you_mean;
use crate::model::mapping;
use crate::model::reference::{self, Place};
use crate::model::{
    ContentHandling, IntegrationParam, Method, Owned, ParamIn, Passthrough, RequestSource, Target,
    Validation,
};

/// An override problem: the blueprint keys under the route that lead to the fault (the route
/// option first) and the diagnostic (without location).
pub type OverrideError = (Vec<String>, Diagnostic);

fn key(k: &str) -> Vec<String> {
    vec![k.to_string()]
}

/// The settings `passthrough:` accepts.
const PASSTHROUGH: [&str; 3] = ["when_no_match", "when_no_templates", "never"];

/// Applies `route`'s overrides to the method its operation built, reading references
/// against `owned`; a bad override is left out and reported, the others still apply.
pub fn apply(route: &Route, m: &mut Method, owned: &Owned) -> Vec<OverrideError> {
    let mut errors = Vec::new();
    if let Some(s) = &route.summary {
        m.summary = Some(s.clone());
    }
    if let Some(r) = &route.region {
        if is_region(r) {
            m.integration.region = Some(r.clone());
        } else {
            errors.push((
                key("region"),
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
                key("timeout_ms"),
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
                key("passthrough"),
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
                errors.push((key("request_parameters"), d));
                declared_complete = false;
            }
        }
    }
    let from_operation = m.integration.request_parameters.clone();
    for (k, v) in &route.integration_parameters {
        match integration_parameter(k, v, m, declared_complete, owned)
            .and_then(|r| live_path_parameter(k, r, m, &from_operation))
        {
            Ok(Some((target, source))) => {
                m.integration.request_parameters.insert(target, source);
            }
            Ok(None) => {}
            Err(d) => errors.push((vec!["integration_parameters".to_string(), k.clone()], d)),
        }
    }
    for (ct, t) in &route.request_templates {
        match reference::parse(t, Place::Template, owned) {
            Ok(text) => {
                m.integration.request_templates.insert(ct.clone(), text);
            }
            Err(e) => errors.push((
                vec!["request_templates".to_string(), ct.clone()],
                e.into_diagnostic(),
            )),
        }
    }
    if let Some(name) = &route.request_model {
        m.settings
            .request_models
            .insert("application/json".into(), name.clone());
    }
    for (ct, name) in &route.request_models {
        m.settings.request_models.insert(ct.clone(), name.clone());
    }
    // A request model is only a promise when API Gateway checks bodies against it: by
    // default a route with one validates the body (`validate: off` opts out).
    m.settings.validation = match route.validate {
        Some(ValidateSpec::Body) => Some(Validation::Body),
        Some(ValidateSpec::Parameters) => Some(Validation::Parameters),
        Some(ValidateSpec::All) => Some(Validation::All),
        Some(ValidateSpec::Off) => None,
        None if !m.settings.request_models.is_empty() => Some(Validation::Body),
        None => m.settings.validation,
    };
    m.settings.api_key_required = route.api_key;
    if let Some(list) = &route.method_responses {
        super::responses::method_responses(list, m);
    }
    if let Some(list) = &route.integration_responses {
        errors.extend(super::responses::integration_responses(list, m, owned));
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
    owned: &Owned,
) -> Result<Option<(IntegrationParam, RequestSource)>, Diagnostic> {
    let target = mapping::integration_param(k)?;
    let source = mapping::request_source(v, owned)?;
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

/// Refuses an `integration_parameters` entry `path.NAME` that fills nothing (the integration
/// URI has no `{NAME}`) or that contradicts how the operation fills `{NAME}` itself (an S3
/// bucket from the route, overridden to come from a stage variable): both would be accepted
/// by API Gateway and have no effect, or an effect the operation's IAM grant does not cover.
fn live_path_parameter(
    k: &str,
    mapping: Option<(IntegrationParam, RequestSource)>,
    m: &Method,
    from_operation: &VecMap<IntegrationParam, RequestSource>,
) -> Result<Option<(IntegrationParam, RequestSource)>, Diagnostic> {
    let Some((IntegrationParam::Path(name), source)) = &mapping else {
        return Ok(mapping);
    };
    let uri_path = match &m.integration.target {
        Target::Path(t) => t.render(|s| s.to_string(), |_| String::new()),
        Target::Action(_) => String::new(),
        Target::Mock | Target::Lambda(_) => return Ok(mapping),
    };
    if !uri_path.contains(&format!("{{{name}}}")) {
        return Err(Diagnostic::error(
            codes::OVERRIDE,
            format!(
                "`{k}` fills `{{{name}}}`, but the integration URI `{}` has no `{{{name}}}`, so the mapping would have no effect",
                m.integration.uri_suffix()
            ),
        )
        .help(
            "remove the entry; to take an S3 bucket or key from elsewhere, give the operation's \
             argument as `\"{query.NAME}\"`, `\"{header.NAME}\"` or `\"{stageVariables.NAME}\"`",
        ));
    }
    match from_operation.get(&IntegrationParam::Path(name.clone())) {
        Some(own) if own != source => Err(Diagnostic::error(
            codes::OVERRIDE,
            format!(
                "`{k}` maps `{{{name}}}` from `{source}`, but the operation fills it from `{own}` (and grants IAM for that)"
            ),
        )
        .help(
            "remove the entry and set the operation's argument instead, e.g. \
             `bucket: \"{stageVariables.NAME}\"` with `allowed_buckets`, or `key: \"{query.NAME}\"`",
        )),
        _ => Ok(mapping),
    }
}

/// The model's content handling for the blueprint's spelling.
pub(super) fn content_handling(c: ContentHandlingSpec) -> ContentHandling {
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
