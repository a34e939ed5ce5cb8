//! A route's overrides of its operation's defaults: authorization is set by the caller; this
//! applies timeouts, passthrough, parameters, templates and responses, checking each.

use crate::blueprint::{ContentHandlingSpec, Route, ValidateSpec};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::mapping;
use crate::model::{
    ContentHandling, IntegrationResponse, Method, MethodResponse, ParamIn, Passthrough,
    RequestSource, Text, Validation,
};

/// An override problem: the route key at fault and the diagnostic (without location).
pub type OverrideError = (&'static str, Diagnostic);

/// Applies `route`'s overrides to the method its operation built.
pub fn apply(route: &Route, m: &mut Method) -> Result<(), OverrideError> {
    if let Some(s) = &route.summary {
        m.summary = Some(s.clone());
    }
    if let Some(r) = &route.region {
        if !is_region(r) {
            return Err((
                "region",
                Diagnostic::error(codes::SETTING, format!("`{r}` is not an AWS region name"))
                    .help("write a region such as `us-west-2` or `eu-central-1`"),
            ));
        }
        m.integration.region = Some(r.clone());
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
        if !(50..=29_000).contains(&t) {
            return Err((
                "timeout_ms",
                Diagnostic::error(
                    codes::SETTING,
                    format!("timeout_ms {t} is outside 50..29000"),
                )
                .help("REST API integrations time out between 50 ms and 29 s"),
            ));
        }
        m.integration.timeout_ms = Some(t);
    }
    if let Some(p) = &route.passthrough {
        m.integration.passthrough = match p.as_str() {
            "when_no_match" => Passthrough::WhenNoMatch,
            "when_no_templates" => Passthrough::WhenNoTemplates,
            "never" => Passthrough::Never,
            other => {
                return Err((
                    "passthrough",
                    Diagnostic::error(codes::SETTING, format!("unknown passthrough `{other}`"))
                        .help("use when_no_match, when_no_templates or never"),
                ));
            }
        };
    }
    for (k, required) in &route.request_parameters {
        let p = mapping::method_param(k).map_err(|d| ("request_parameters", d))?;
        m.request_parameters.insert(p, *required);
    }
    for (k, v) in &route.integration_parameters {
        let target = mapping::integration_param(k).map_err(|d| ("integration_parameters", d))?;
        let source = mapping::request_source(v).map_err(|d| ("integration_parameters", d))?;
        if let RequestSource::Method(p) = &source
            && p.location == ParamIn::Path
            && !m.path.has_param(&p.name)
        {
            return Err((
                "integration_parameters",
                Diagnostic::error(
                    codes::UNDECLARED_PARAM,
                    format!("`{k}` maps from {p}, which the method does not declare: the route has no `{{{}}}`", p.name),
                )
                .help(format!("the route `{}` has {}", m.path, path_params(&m.path))),
            ));
        }
        if let RequestSource::Method(p) = &source
            && !m.request_parameters.contains_key(p)
            && p.location != ParamIn::Path
        {
            return Err((
                "integration_parameters",
                Diagnostic::error(
                    codes::UNDECLARED_PARAM,
                    format!("`{k}` maps from {p}, which the method does not declare"),
                )
                .help(format!(
                    "declare it under `request_parameters: {{ {}.{}: false }}`",
                    p.location.as_str(),
                    p.name
                )),
            ));
        }
        m.integration.request_parameters.insert(target, source);
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
                return Err((
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
                ir = ir.header(
                    h,
                    mapping::response_source(src).map_err(|d| ("integration_responses", d))?,
                );
            }
            out.push(ir);
        }
        m.integration.responses = out;
    }
    for ir in &m.integration.responses {
        let Some(mr) = m.responses.iter().find(|r| r.status == ir.status) else {
            let field = if route.integration_responses.is_some() {
                "integration_responses"
            } else {
                "method_responses"
            };
            return Err((field, Diagnostic::error(
                codes::SETTING,
                format!("an integration response selects status {}, which no method response declares", ir.status),
            )
            .help("declare the status under `method_responses`")));
        };
        if let Some(h) = ir.headers.keys().find(|h| !mr.headers.contains(h)) {
            return Err(("integration_responses", Diagnostic::error(
                codes::SETTING,
                format!("the {} response maps header `{h}`, which its method response does not declare", ir.status),
            )
            .help("add the header to the method response's `headers`")));
        }
    }
    Ok(())
}

fn content_handling(c: ContentHandlingSpec) -> ContentHandling {
    match c {
        ContentHandlingSpec::ConvertToBinary => ContentHandling::ConvertToBinary,
        ContentHandlingSpec::ConvertToText => ContentHandling::ConvertToText,
    }
}

/// `us-west-2`, `eu-central-1`, `us-gov-west-1`, `cn-north-1`: letters, dashes, a final digit.
fn is_region(r: &str) -> bool {
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
