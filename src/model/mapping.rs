//! API Gateway's mapping expressions, parsed from the words users write: `header.x-acl`
//! (a parameter), `method.request.querystring.q`, `'fixed'`, `context.requestId`,
//! `integration.response.header.Date`. Blueprints and services share these parsers.

use super::integration::{IntegrationParam, RequestSource, ResponseSource};
use super::method::{ParamIn, RequestParam};
use super::owned::Owned;
use super::reference::{self, Place};
use crate::codes;
use crate::diagnostic::Diagnostic;

/// Splits `header.X`, `querystring.X` (or `query.X`), `path.X` into location and name.
pub fn split_param(k: &str) -> Option<(ParamIn, &str)> {
    let (loc, name) = k.split_once('.')?;
    let loc = match loc {
        "path" => ParamIn::Path,
        "querystring" | "query" => ParamIn::Query,
        "header" => ParamIn::Header,
        _ => return None,
    };
    (!name.is_empty()).then_some((loc, name))
}

/// A method request parameter named as `header.X`, `querystring.X` or `path.X`.
pub fn method_param(k: &str) -> Result<RequestParam, Diagnostic> {
    let (loc, name) = split_param(k).ok_or_else(|| {
        Diagnostic::error(
            codes::MAPPING,
            format!("`{k}` is not `header.<name>`, `querystring.<name>` or `path.<name>`"),
        )
        .help(format!(
            "{}name a request parameter like `header.x-request-id`",
            did_you_mean(k, &PARAM_PREFIXES)
        ))
    })?;
    Ok(RequestParam::new(loc, name))
}

/// An integration request parameter named as `header.X`, `querystring.X` or `path.X`.
pub fn integration_param(k: &str) -> Result<IntegrationParam, Diagnostic> {
    let (loc, name) = split_param(k).ok_or_else(|| {
        Diagnostic::error(
            codes::MAPPING,
            format!("`{k}` is not `header.<name>`, `querystring.<name>` or `path.<name>`"),
        )
        .help(format!(
            "{}name the integration request parameter like `header.x-amz-acl`",
            did_you_mean(k, &PARAM_PREFIXES)
        ))
    })?;
    Ok(match loc {
        ParamIn::Path => IntegrationParam::Path(name.into()),
        ParamIn::Query => IntegrationParam::Query(name.into()),
        ParamIn::Header => IntegrationParam::Header(name.into()),
    })
}

/// Where request parameters live, as users write them.
const PARAM_PREFIXES: [&str; 4] = ["header", "querystring", "query", "path"];

/// The request mapping sources API Gateway understands, by their leading words.
const REQUEST_SOURCES: [&str; 6] = [
    "method.request.header",
    "method.request.querystring",
    "method.request.path",
    "method.request.body",
    "context",
    "stageVariables",
];

/// `did you mean `x`? ` when `v` starts with a misspelt form of one of `prefixes`.
fn did_you_mean(v: &str, prefixes: &[&str]) -> String {
    crate::suggest::respell_prefix(v, prefixes)
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default()
}

fn quoted(v: &str) -> Option<&str> {
    v.strip_prefix('\'')?.strip_suffix('\'')
}

/// A request mapping source: a method parameter, the body or a JSONPath into it, a context
/// or stage variable, or a fixed value in single quotes, whose `${...}` references (stack
/// values, attributes of the resources in `owned`) are filled at deploy time.
pub fn request_source(v: &str, owned: &Owned) -> Result<RequestSource, Diagnostic> {
    if let Some(s) = quoted(v) {
        return reference::parse(s, Place::Fixed, owned)
            .map(RequestSource::Static)
            .map_err(reference::RefError::into_diagnostic);
    }
    if v == "method.request.body" {
        return Ok(RequestSource::Body("$".into()));
    }
    if let Some(path) = v.strip_prefix("method.request.body.")
        && !path.is_empty()
    {
        return Ok(RequestSource::Body(format!("$.{path}")));
    }
    if let Some(rest) = v.strip_prefix("method.request.")
        && let Some((loc, name)) = split_param(rest)
    {
        return Ok(RequestSource::Method(RequestParam::new(loc, name)));
    }
    if let Some(name) = v.strip_prefix("context.")
        && !name.is_empty()
    {
        return Ok(RequestSource::Context(name.into()));
    }
    if let Some(name) = v.strip_prefix("stageVariables.")
        && !name.is_empty()
    {
        return Ok(RequestSource::StageVariable(name.into()));
    }
    Err(Diagnostic::error(
        codes::MAPPING,
        format!("`{v}` is not a mapping source API Gateway understands"),
    )
    .help(format!(
        "{}use `method.request.header.<name>` (or querystring, path), `method.request.body[.<json path>]`, \
         `context.<variable>`, `stageVariables.<name>` or a fixed value in single quotes: \"'value'\"",
        did_you_mean(v, &REQUEST_SOURCES)
    )))
}

/// A response header mapping source: a backend header or a fixed value in single quotes.
pub fn response_source(v: &str) -> Result<ResponseSource, Diagnostic> {
    if let Some(s) = quoted(v) {
        return Ok(ResponseSource::Static(s.into()));
    }
    if let Some(h) = v.strip_prefix("integration.response.header.")
        && !h.is_empty()
    {
        return Ok(ResponseSource::Header(h.into()));
    }
    Err(Diagnostic::error(
        codes::MAPPING,
        format!("`{v}` is not a response mapping source gatewright supports"),
    )
    .help(format!(
        "{}use `integration.response.header.<name>` or a fixed value in single quotes: \"'value'\"",
        did_you_mean(v, &["integration.response.header"])
    )))
}
