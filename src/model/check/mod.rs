//! The checks every API passes, however it was built (builders or blueprint), kept apart from
//! the normalisation that completes a model: [`normalise`] never fails, [`check`] changes
//! nothing and reports every finding at once, each tied to the setting, owned resource or
//! method it is about so a blueprint can be pointed at the line that caused it.

mod access;
mod method;
mod owned;
mod role_size;
mod schema;
mod stage;
mod streams;
mod table;
mod tags;
mod tuned;
mod workflows;

pub use method::media_matches;

use super::api::RestApi;
use super::method::{HttpMethod, ParamIn, RequestParam};
use super::path::ApiPath;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::limits::{MAX_API_NAME, MAX_STAGE_NAME, MAX_TEMPLATE_DESCRIPTION_BYTES};

/// What a finding is about, in the words of the model (which mirror the blueprint's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    /// An API-wide setting, by the keys that lead to it: `["stage"]`,
    /// `["owns", "queues", "jobs", "visibility_timeout"]`, `["authorizers", "users"]`.
    Setting(Vec<String>),
    /// A method, by verb and path, and the part of it at fault.
    Method {
        /// The method's verb.
        verb: HttpMethod,
        /// The method's path.
        path: ApiPath,
        /// Which part of the method.
        part: MethodPart,
    },
}

/// The part of a method a finding is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MethodPart {
    /// The route as a whole (it is there twice, say).
    Route,
    /// What the operation built (the integration, the resources it names).
    Operation,
    /// One of the route's settings, by its blueprint word (`timeout_ms`, `auth`, ...).
    Option(&'static str),
}

/// One problem found in an API, and what it is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// What the problem is about.
    pub subject: Subject,
    /// The problem, without location.
    pub diagnostic: Diagnostic,
}

impl Finding {
    /// A finding about the API setting reached through `keys`.
    pub fn setting(keys: &[&str], diagnostic: Diagnostic) -> Finding {
        Finding {
            subject: Subject::Setting(keys.iter().map(|k| k.to_string()).collect()),
            diagnostic,
        }
    }

    /// A finding about `part` of the method `verb path`.
    pub fn method(m: &super::method::Method, part: MethodPart, diagnostic: Diagnostic) -> Finding {
        Finding {
            subject: Subject::Method {
                verb: m.verb,
                path: m.path.clone(),
                part,
            },
            diagnostic,
        }
    }
}

/// `` `GET /path` ``, written only when a message needs it (most methods have no finding).
#[derive(Clone, Copy)]
pub(super) struct RouteName<'a>(pub &'a super::method::Method);

impl std::fmt::Display for RouteName<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "`{} {}`", self.0.verb, self.0.path)
    }
}

/// Completes a model before it is checked and emitted: CORS preflights and headers, every
/// path parameter declared on its method, methods in path then verb order. Never fails.
pub fn normalise(api: &mut RestApi) {
    super::cors::apply(api);
    api.owned.fill_env(&mut api.env);
    for m in &mut api.methods {
        for (name, _) in m.path.params() {
            m.request_parameters
                .insert(RequestParam::new(ParamIn::Path, name), true);
        }
    }
    api.methods
        .sort_by(|a, b| (&a.path, a.verb).cmp(&(&b.path, b.verb)));
}

/// Every problem with `api`, API-wide settings first, then owned resources, access, and each
/// method in path order. Meant for a normalised model (see [`normalise`]).
pub fn check(api: &RestApi) -> Vec<Finding> {
    let mut out = Vec::new();
    if api.name.trim().is_empty() || api.name.len() > MAX_API_NAME {
        out.push(Finding::setting(
            &["api"],
            Diagnostic::error(
                codes::SETTING,
                format!("the API name must have 1 to {MAX_API_NAME} characters"),
            )
            .help("give the API a short name, such as `MyS3`"),
        ));
    }
    out.extend(check_description(api));
    if let Err(d) = check_stage_name(&api.stage.name) {
        out.push(Finding::setting(&["stage"], d));
    }
    if let Some(c) = &api.cors {
        out.extend(
            super::cors::check(c)
                .err()
                .map(|d| Finding::setting(&["cors"], d)),
        );
    }
    out.extend(duplicates(api));
    out.extend(stage::check_stage(api));
    out.extend(owned::check_owned(&api.owned));
    out.extend(streams::check_streams(&api.owned));
    out.extend(table::check_tables(&api.owned));
    out.extend(workflows::check_rules(&api.owned));
    out.extend(tuned::check_tuned(api));
    out.extend(tags::check_tags(api));
    out.extend(owned::check_model_defs(&api.models));
    out.extend(access::check_access(api));
    out.extend(role_size::check_role_size(api));
    out.extend(method::check_functions(api));
    for m in &api.methods {
        out.extend(method::check_method(m, api));
    }
    out
}

/// The API's name and description as CloudFormation takes them: the template description
/// (name, description and gatewright's note) within CloudFormation's limit, and no literal
/// `${`, which cfn-lint (E1029) reads as a substitution that was never made. The template
/// description must be a literal string, so `Fn::Sub`'s `${!` escape cannot be used there.
fn check_description(api: &RestApi) -> Vec<Finding> {
    let mut out = Vec::new();
    let at: &[&str] = if api.description.is_some() {
        &["description"]
    } else {
        &["api"]
    };
    let len = api.template_description().len();
    if len > MAX_TEMPLATE_DESCRIPTION_BYTES {
        out.push(Finding::setting(
            at,
            Diagnostic::error(
                codes::SETTING,
                format!(
                    "the CloudFormation template description (API name, description and gatewright's note) would be {len} bytes; CloudFormation refuses more than {MAX_TEMPLATE_DESCRIPTION_BYTES}"
                ),
            )
            .help(format!(
                "shorten the description by at least {} bytes",
                len - MAX_TEMPLATE_DESCRIPTION_BYTES
            )),
        ));
    }
    let texts = [
        ("api", Some(&api.name)),
        ("description", api.description.as_ref()),
    ];
    for (key, text) in texts {
        if text.is_some_and(|t| t.contains("${")) {
            out.push(Finding::setting(
                &[key],
                Diagnostic::error(
                    codes::SETTING,
                    format!("the {} contains `${{`, which CloudFormation reads as a variable to substitute (cfn-lint E1029); the template description cannot escape it", if key == "api" { "API name" } else { "description" }),
                )
                .help("write it without `${` (for example `$ {` or `{`)"),
            ));
        }
    }
    out
}

/// Each method defined twice, found by sorting (large APIs stay O(n log n)).
fn duplicates(api: &RestApi) -> Vec<Finding> {
    let mut order: Vec<&super::method::Method> = api.methods.iter().collect();
    order.sort_by(|a, b| (&a.path, a.verb).cmp(&(&b.path, b.verb)));
    order
        .windows(2)
        .filter(|w| w[0].path == w[1].path && w[0].verb == w[1].verb)
        .map(|w| {
            Finding::method(
                w[1],
                MethodPart::Route,
                Diagnostic::error(
                    codes::DUPLICATE_ROUTE,
                    format!("route `{} {}` is defined twice", w[1].verb, w[1].path),
                )
                .help("keep one of the two routes (`/a` and `/a/` are the same path)"),
            )
        })
        .collect()
}

/// A stage name API Gateway accepts: 1 to 128 letters, digits, `-` or `_`.
pub fn check_stage_name(name: &str) -> Result<(), Diagnostic> {
    let ok = !name.is_empty()
        && name.len() <= MAX_STAGE_NAME
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(
            Diagnostic::error(codes::SETTING, format!("stage name `{name}` is not valid")).help(
                format!("use 1 to {MAX_STAGE_NAME} letters, digits, `-` or `_`"),
            ),
        )
    }
}

/// `did you mean `x`? ` (with a trailing space) when a candidate is close to `name`, else
/// nothing: the start of a help line.
pub fn did_you_mean<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    crate::suggest::closest(name, candidates)
        .map(|s| format!("did you mean `{s}`? "))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests;
