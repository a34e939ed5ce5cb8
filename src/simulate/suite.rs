//! Template tests: requests with the integration request they must produce, and service
//! answers with the method response they must give, kept in `template-tests/<name>.yaml`
//! beside the blueprints and run offline by `gatewright test`.

use super::{Request, ServiceResponse, Trace, simulate};
use crate::model::RestApi;
use crate::vtl::JsonPath;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// A file of template tests for one blueprint.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Suite {
    /// The blueprint under test, relative to this file.
    pub blueprint: String,
    /// The tests, run in order.
    pub tests: Vec<Case>,
}

/// One request and what API Gateway must make of it.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Case {
    /// What the test shows, in a few words.
    pub name: String,
    /// The request line: `METHOD /path?query`.
    pub request: String,
    /// Request headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Request body.
    #[serde(default)]
    pub body: String,
    /// What the integration request must be (or API Gateway's own answer).
    #[serde(default)]
    pub expect: Option<ExpectRequest>,
    /// What the service answers.
    #[serde(default)]
    pub service: Option<Service>,
    /// What the method response must be, given `service`.
    #[serde(default)]
    pub respond: Option<ExpectResponse>,
}

/// Expectations on the integration request.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectRequest {
    /// The method the request must reach: `POST /orders/{customer}`.
    #[serde(default)]
    pub route: Option<String>,
    /// The exact endpoint URI.
    #[serde(default)]
    pub uri: Option<String>,
    /// Headers that must be sent, with their values.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The exact body after the request template.
    #[serde(default)]
    pub body: Option<String>,
    /// JSONPath (`$.Image.Bytes`) -> the value the JSON body must hold there.
    #[serde(default)]
    pub json: BTreeMap<String, serde_json::Value>,
    /// API Gateway answers itself with this status instead of calling the service (400 for
    /// a failed validation, 415 under passthrough `NEVER`, 403 for no route).
    #[serde(default)]
    pub gateway: Option<u16>,
}

/// A service answer.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// HTTP status.
    pub status: u16,
    /// Headers.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Body.
    #[serde(default)]
    pub body: String,
}

/// Expectations on the method response.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ExpectResponse {
    /// The method response status.
    #[serde(default)]
    pub status: Option<u16>,
    /// Headers that must be returned, with their values.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// The exact body after the response template.
    #[serde(default)]
    pub body: Option<String>,
    /// JSONPath -> the value the JSON body must hold there.
    #[serde(default)]
    pub json: BTreeMap<String, serde_json::Value>,
}

/// The result of one test.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outcome {
    /// The route the request reached (`POST /tasks`), if any.
    pub route: Option<String>,
    /// Each expectation not met, in words; empty when the test passed.
    pub failures: Vec<String>,
}

/// The JSON Schema of a template tests file.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Suite);
    crate::json::pretty(&serde_json::to_value(schema).unwrap_or_default())
}

/// Runs one test against `api`.
pub fn run(api: &RestApi, case: &Case) -> Outcome {
    let mut req = match Request::parse(&case.request) {
        Ok(r) => r,
        Err(m) => {
            return Outcome {
                route: None,
                failures: vec![m],
            };
        }
    };
    req.headers = case
        .headers
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    req.body = case.body.clone();
    let service = case.service.as_ref().map(|s| ServiceResponse {
        status: s.status,
        headers: s
            .headers
            .iter()
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect(),
        body: s.body.clone(),
    });
    match simulate(api, &req, service.as_ref()) {
        Ok(t) => Outcome {
            route: t.route.clone(),
            failures: check(case, &t),
        },
        Err(e) => Outcome {
            route: None,
            failures: vec![format!(
                "the {} template for {} cannot be run: {}",
                e.which, e.content_type, e.error
            )],
        },
    }
}

fn same(what: &str, want: &str, got: &str, out: &mut Vec<String>) {
    if want != got {
        out.push(format!("{what}: expected\n    {want}\n  got\n    {got}"));
    }
}

fn headers(
    what: &str,
    want: &BTreeMap<String, String>,
    got: &[(String, String)],
    out: &mut Vec<String>,
) {
    for (k, v) in want {
        match got.iter().find(|(x, _)| x.eq_ignore_ascii_case(k)) {
            Some((_, g)) => same(&format!("{what} header {k}"), v, g, out),
            None => out.push(format!("{what} header {k}: expected `{v}`, not sent")),
        }
    }
}

fn json(what: &str, want: &BTreeMap<String, serde_json::Value>, body: &str, out: &mut Vec<String>) {
    if want.is_empty() {
        return;
    }
    let Ok(doc) = serde_json::from_str::<serde_json::Value>(body) else {
        out.push(format!("{what} body is not JSON: {body}"));
        return;
    };
    for (path, v) in want {
        match JsonPath::parse(path) {
            Ok(p) => {
                let got = p.select(&doc).unwrap_or(serde_json::Value::Null);
                if &got != v {
                    out.push(format!("{what} body at {path}: expected {v}, got {got}"));
                }
            }
            Err(m) => out.push(m),
        }
    }
}

/// Every expectation of `case` that `t` does not meet.
fn check(case: &Case, t: &Trace) -> Vec<String> {
    let mut out = Vec::new();
    let answer = t.answer.as_ref();
    if let Some(e) = &case.expect {
        if let Some(r) = &e.route {
            same("route", r, t.route.as_deref().unwrap_or("(none)"), &mut out);
        }
        let lambda = t.notes.iter().any(|n| n.starts_with("a Lambda proxy"));
        match (e.gateway, answer) {
            (Some(want), Some(a)) => same(
                "API Gateway's answer status",
                &want.to_string(),
                &a.status.to_string(),
                &mut out,
            ),
            (Some(want), None) => out.push(format!(
                "expected API Gateway to answer {want} itself; it called the integration"
            )),
            (None, Some(a)) => out.push(format!(
                "API Gateway answered {} itself: {}",
                a.status, a.body
            )),
            (None, None) => {}
        }
        if let Some(ep) = &t.endpoint {
            if let Some(u) = &e.uri {
                same("endpoint URI", u, &ep.uri, &mut out);
            }
            headers("endpoint request", &e.headers, &ep.headers, &mut out);
            if let Some(b) = &e.body {
                same("endpoint request body", b, &ep.body, &mut out);
            }
            json("endpoint request", &e.json, &ep.body, &mut out);
        } else if e.gateway.is_none() && answer.is_none() && !lambda {
            out.push("no endpoint request was made".into());
        }
    }
    if let Some(r) = &case.respond {
        match &t.response {
            Some(m) => {
                if let Some(s) = r.status {
                    same(
                        "method response status",
                        &s.to_string(),
                        &m.status,
                        &mut out,
                    );
                }
                headers("method response", &r.headers, &m.headers, &mut out);
                if let Some(b) = &r.body {
                    same("method response body", b, &m.body, &mut out);
                }
                json("method response", &r.json, &m.body, &mut out);
            }
            None => match answer {
                Some(a) => {
                    if let Some(s) = r.status {
                        same(
                            "method response status",
                            &s.to_string(),
                            &a.status.to_string(),
                            &mut out,
                        );
                    }
                    if let Some(b) = &r.body {
                        same("method response body", b, &a.body, &mut out);
                    }
                }
                None => out.push("no method response: give the test a `service` answer".into()),
            },
        }
    }
    out
}

/// The routes of `api` (`POST /tasks`) that no test of `outcomes` reached.
pub fn untested(api: &RestApi, outcomes: &[Outcome]) -> Vec<String> {
    api.methods
        .iter()
        .map(|m| format!("{} {}", m.verb, m.path))
        .filter(|r| !outcomes.iter().any(|o| o.route.as_deref() == Some(r)))
        .collect()
}
