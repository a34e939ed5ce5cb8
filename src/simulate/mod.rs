//! `gatewright simulate`: what API Gateway would do with one request to an API, offline.
//!
//! Works on the lowered model (what every emitter projects), like the console's test
//! invocation: authorization and API keys are not checked; request validation, parameter
//! mappings, the request template chosen by content type (or passthrough, or 415), the
//! endpoint request, and, given the service's answer, the integration response and method
//! response are. Ids and times in `$context` are fixed so output is reproducible.

mod deploy;
mod endpoint;
mod print;
mod request;
mod response;
pub mod suite;

pub use print::{json, text};
pub use request::{Request, route};
pub use response::select;

use crate::model::{Method, RestApi, Target};
use crate::vtl::{self, ErrorKind, Rendered, Scope, VtlError};

/// `$context.requestId` of every simulated request.
pub const REQUEST_ID: &str = "00000000-0000-4000-8000-000000000000";
/// `$context.apiId` of every simulated request.
pub const API_ID: &str = "simulated";
/// `$context.requestTime` of every simulated request.
pub const REQUEST_TIME: &str = "01/Jan/2026:00:00:00 +0000";
/// `$context.requestTimeEpoch` of every simulated request.
pub const REQUEST_TIME_EPOCH: &str = "1767225600000";

/// What the service answers (given by the user, or by a template test).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServiceResponse {
    /// HTTP status.
    pub status: u16,
    /// Headers.
    pub headers: Vec<(String, String)>,
    /// Body.
    pub body: String,
}

/// The request API Gateway sends to the service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    /// The URI called (deploy-time values as the OpenAPI output writes them).
    pub uri: String,
    /// Headers the mappings set.
    pub headers: Vec<(String, String)>,
    /// The body after the request template (or passed through).
    pub body: String,
    /// The content type whose template ran, if one did.
    pub template: Option<String>,
}

/// The method response after the integration response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MethodResult {
    /// The service's status.
    pub integration_status: String,
    /// The selection pattern of the rule chosen (`None`: the default rule).
    pub selection_pattern: Option<String>,
    /// The method response status.
    pub status: String,
    /// Method response headers.
    pub headers: Vec<(String, String)>,
    /// Method response body.
    pub body: String,
    /// The content type whose response template ran, if one did.
    pub template: Option<String>,
}

/// An answer API Gateway gives itself, without (or instead of) the service's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    /// HTTP status.
    pub status: u16,
    /// The `x-amzn-ErrorType` header.
    pub error_type: String,
    /// The body.
    pub body: String,
}

impl Answer {
    /// `{"message": "..."}`, as API Gateway writes its own errors.
    pub fn message(status: u16, error_type: &str, message: &str) -> Answer {
        Answer {
            status,
            error_type: error_type.into(),
            body: serde_json::json!({ "message": message }).to_string(),
        }
    }
}

/// A template gatewright cannot judge: it uses something outside the subset, or is not
/// well formed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError {
    /// `request` or `response`.
    pub which: &'static str,
    /// The content type the template is for.
    pub content_type: String,
    /// What is wrong and where.
    pub error: VtlError,
}

/// Why a simulation stopped early.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// API Gateway answers itself (validation, 415, a template failing at run time).
    Gateway(Answer),
    /// The template cannot be judged offline.
    Template(TemplateError),
}

/// Everything one simulated request went through.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Trace {
    /// The request.
    pub request: Request,
    /// `POST /tasks/{id}`: the method reached, if any.
    pub route: Option<String>,
    /// Path parameters of the route.
    pub path_params: Vec<(String, String)>,
    /// The endpoint request, when API Gateway got that far.
    pub endpoint: Option<Endpoint>,
    /// The service's answer, when given.
    pub service: Option<ServiceResponse>,
    /// The method response after the integration response.
    pub response: Option<MethodResult>,
    /// API Gateway's own answer, when it stopped the request.
    pub answer: Option<Answer>,
    /// Extra lines of the execution log (why a request was refused).
    pub log: Vec<String>,
    /// Things a user should know (a loop cut at 1,000 iterations, what is not simulated).
    pub notes: Vec<String>,
}

impl Trace {
    fn log(&mut self, line: String) {
        self.log.push(line);
    }
}

/// Renders a template; a failing one becomes what API Gateway answers, an unsupported one
/// a [`TemplateError`].
fn run_template(
    text: &str,
    scope: &Scope,
    which: &'static str,
    content_type: &str,
) -> Result<Rendered, Failure> {
    vtl::render(text, scope).map_err(|error| match error.kind {
        ErrorKind::InvalidJson if which == "request" => {
            Failure::Gateway(Answer::message(400, "BadRequestException", &error.message))
        }
        ErrorKind::Runtime | ErrorKind::InvalidJson => Failure::Gateway(Answer::message(
            500,
            "InternalServerErrorException",
            "Internal server error",
        )),
        ErrorKind::Syntax | ErrorKind::Unsupported => Failure::Template(TemplateError {
            which,
            content_type: content_type.into(),
            error,
        }),
    })
}

/// Simulates `req` against `api`; the service answers `service` when given. `Err` only for
/// a template gatewright cannot run.
pub fn simulate(
    api: &RestApi,
    req: &Request,
    service: Option<&ServiceResponse>,
) -> Result<Trace, TemplateError> {
    let mut t = Trace {
        request: req.clone(),
        service: service.cloned(),
        ..Trace::default()
    };
    let Some((m, path)) = route(api, req) else {
        t.answer = Some(Answer::message(
            403,
            "MissingAuthenticationTokenException",
            "Missing Authentication Token",
        ));
        t.log(format!(
            "No method of the API matches {} {}",
            req.verb, req.path
        ));
        return Ok(t);
    };
    t.route = Some(format!("{} {}", m.verb, m.path));
    t.path_params = path.clone();
    match run(api, m, req, &path, service, &mut t) {
        Ok(()) => Ok(t),
        Err(Failure::Gateway(a)) => {
            t.answer = Some(a);
            Ok(t)
        }
        Err(Failure::Template(e)) => Err(e),
    }
}

fn run(
    api: &RestApi,
    m: &Method,
    req: &Request,
    path: &[(String, String)],
    service: Option<&ServiceResponse>,
    t: &mut Trace,
) -> Result<(), Failure> {
    endpoint::validate(api, m, req, t)?;
    if matches!(m.integration.target, Target::Lambda(_)) {
        t.notes.push(
            "a Lambda proxy integration passes the whole request to the function, which answers itself; gatewright does not run the function".into(),
        );
        return Ok(());
    }
    let e = endpoint::endpoint(api, m, req, path, t)?;
    let mock = m.integration.is_mock().then(|| {
        let status = serde_json::from_str::<serde_json::Value>(&e.body)
            .ok()
            .and_then(|v| v.get("statusCode").and_then(serde_json::Value::as_u64))
            .unwrap_or(200);
        ServiceResponse {
            status: u16::try_from(status).unwrap_or(200),
            ..ServiceResponse::default()
        }
    });
    t.endpoint = Some(e);
    let Some(service) = mock.as_ref().or(service) else {
        return Ok(());
    };
    if t.service.is_none() {
        t.service = Some(service.clone());
    }
    let r = response::respond(api, m, req, path, service, t)?;
    t.response = Some(r);
    Ok(())
}
