//! Blueprint -> model. Resolves defaults, builds each route through its service, applies the
//! route's overrides, checks the model, and reports every problem located in the blueprint,
//! in source order.

mod gateway;
mod operation;
mod output;
mod overrides;
mod owns;
mod responses;
mod routes;
mod settings;
mod stage;
mod streams;
mod table;
mod tuned;
mod workflows;

pub use operation::{operations, schema_json};

use crate::blueprint::{Blueprint, Route};
use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::{MethodPart, RestApi, Subject};
use crate::source::Source;

/// Where the blueprint keys `path` lead (the deepest one found).
type At<'a> = &'a dyn Fn(&[&str]) -> Location;

/// The model of `bp`, or every problem found, each located in `src`, in source order.
pub fn lower(bp: &Blueprint, src: &Source) -> Result<RestApi, Vec<Diagnostic>> {
    lower_warned(bp, src).map(|(api, _)| api)
}

/// [`lower`], also giving back the warnings found when there is no error (execution
/// logging on an account that may have no CloudWatch role), located, in source order.
pub fn lower_warned(
    bp: &Blueprint,
    src: &Source,
) -> Result<(RestApi, Vec<Diagnostic>), Vec<Diagnostic>> {
    let locate = |path: &[&str]| {
        let (line, column) = src.locate(path).unwrap_or((1, 1));
        Location::new(&src.file, line, column)
    };
    let at: At = &locate;
    let mut diags = Vec::new();
    let b = settings::settings(bp, at, &mut diags);
    stage::stage_cache_keys(bp, at, &mut diags);
    let (b, broken) = settings::access(bp, b, at, &mut diags);
    let b = owns::owned(bp, b, at, &mut diags);
    let b = workflows::owned(bp, &src.file, b, at, &mut diags);
    owns::env(bp, &b, at, &mut diags);
    let b = gateway::gateway_responses(bp, b, at, &mut diags);
    if bp.routes.0.is_empty() {
        diags.push(
            Diagnostic::error(codes::BLUEPRINT_SHAPE, "the blueprint has no routes")
                .at(at(&["routes"]))
                .help("add a route such as `GET /: { s3.list_buckets: {} }`"),
        );
    }
    let (b, index) = routes::routes(bp, src, b, &broken, at, &mut diags);
    let b = b.route_settings(stage::routes(&index));
    let (api, findings) = b.finish_final();
    for f in findings {
        if let Some(keys) = keys_of(&f.subject, bp, &index) {
            diags.push(f.diagnostic.at(at(&keys)));
        }
    }
    diags.sort_by_key(|d| d.location.as_ref().map(|l| (l.line, l.column)));
    if diags.iter().any(Diagnostic::is_error) {
        Err(diags)
    } else {
        Ok((api, diags))
    }
}

/// The blueprint keys that lead to what a finding is about, or `None` when the finding
/// follows from an error already reported (a route whose authorization failed to lower).
fn keys_of<'a>(
    subject: &'a Subject,
    bp: &'a Blueprint,
    index: &'a routes::Index<'a>,
) -> Option<Vec<&'a str>> {
    let (verb, path, part) = match subject {
        Subject::Setting(keys) => return Some(keys.iter().map(String::as_str).collect()),
        Subject::Method { verb, path, part } => (*verb, path, *part),
    };
    let Some(lowered) = index.get(&(verb, path.clone())) else {
        // A method the model added itself: the CORS preflight.
        return Some(vec![if bp.cors.is_some() { "cors" } else { "routes" }]);
    };
    let route = lowered.route;
    let mut keys = vec!["routes", lowered.key];
    match part {
        MethodPart::Route => {}
        MethodPart::Operation => keys.push(lowered.operation),
        MethodPart::Option("auth" | "scopes") if lowered.auth_failed => return None,
        MethodPart::Option("auth") if route.auth.is_none() => return Some(vec!["auth"]),
        MethodPart::Option(option) => {
            let written = fallbacks(option).iter().find(|o| writes(route, o));
            keys.push(written.copied().unwrap_or(lowered.operation));
        }
    }
    Some(keys)
}

/// The route settings that may have caused a finding about `option`, most precise first.
fn fallbacks(option: &'static str) -> &'static [&'static str] {
    match option {
        "integration_responses" => &["integration_responses", "method_responses"],
        "method_responses" => &["method_responses", "integration_responses"],
        "request_model" => &["request_model", "request_models", "validate"],
        "validate" => &["validate", "request_model", "request_models"],
        "content_handling" => &["content_handling", "request_templates"],
        "integration_parameters" => &["integration_parameters", "request_parameters"],
        "auth" => &["auth"],
        "scopes" => &["scopes", "auth"],
        "api_key" => &["api_key"],
        "timeout_ms" => &["timeout_ms"],
        "method_settings" => &["method_settings"],
        _ => &[],
    }
}

/// True when `route` writes the setting `option` itself (rather than taking the default of
/// its operation).
fn writes(route: &Route, option: &str) -> bool {
    match option {
        "integration_responses" => route.integration_responses.is_some(),
        "method_responses" => route.method_responses.is_some(),
        "request_model" => route.request_model.is_some(),
        "request_models" => !route.request_models.is_empty(),
        "validate" => route.validate.is_some(),
        "content_handling" => route.content_handling.is_some(),
        "request_templates" => !route.request_templates.is_empty(),
        "integration_parameters" => !route.integration_parameters.is_empty(),
        "request_parameters" => !route.request_parameters.is_empty(),
        "auth" => route.auth.is_some(),
        "scopes" => !route.scopes.is_empty(),
        "api_key" => route.api_key,
        "timeout_ms" => route.timeout_ms.is_some(),
        "method_settings" => route.method_settings.is_some(),
        _ => false,
    }
}
