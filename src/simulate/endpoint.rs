//! The method request becomes the integration (endpoint) request: request validation,
//! parameter mappings, the request template chosen by content type (or passthrough), and
//! the URI the integration calls.

use super::request::Request;
use super::{Answer, Endpoint, Failure, Trace};
use crate::emit::openapi::values::{self, Slot};
use crate::model::{
    IntegrationParam, Method, ParamIn, Passthrough, RequestSource, RestApi, Target,
};
use crate::vtl::{Input, JsonPath, Scope, url_encode};

/// The `$context` values of a simulated request. Ids and times are fixed, so simulations
/// and template tests give the same output on every run.
pub fn context(api: &RestApi, m: &Method, req: &Request) -> Vec<(String, String)> {
    let region = values::concrete(&api.env, Slot::Region);
    let account = values::concrete(&api.env, Slot::AccountId);
    let c = |k: &str, v: String| (k.to_string(), v);
    vec![
        c("requestId", super::REQUEST_ID.into()),
        c("extendedRequestId", super::REQUEST_ID.into()),
        c("apiId", super::API_ID.into()),
        c("accountId", account.clone()),
        c("httpMethod", req.verb.clone()),
        c("resourcePath", m.path.to_string()),
        c("resourceId", "test-resource".into()),
        c("path", format!("/{}{}", api.stage.name, req.path)),
        c("stage", api.stage.name.clone()),
        c(
            "domainName",
            format!("{}.execute-api.{region}.amazonaws.com", super::API_ID),
        ),
        c("domainPrefix", super::API_ID.into()),
        c("protocol", "HTTP/1.1".into()),
        c("requestTime", super::REQUEST_TIME.into()),
        c("requestTimeEpoch", super::REQUEST_TIME_EPOCH.into()),
        c("identity.sourceIp", "test-invoke-source-ip".into()),
        c(
            "identity.userAgent",
            req.header("User-Agent").unwrap_or_default().to_string(),
        ),
        c("identity.accountId", account),
        c("identity.caller", String::new()),
        c("identity.user", String::new()),
        c("identity.userArn", String::new()),
        c(
            "identity.apiKey",
            req.header("x-api-key").unwrap_or_default().to_string(),
        ),
    ]
}

/// Stage variables as a template sees them.
pub fn stage_variables(api: &RestApi) -> Vec<(String, String)> {
    api.stage
        .variables
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

/// `$input` for the method request.
pub fn input(req: &Request, path: &[(String, String)]) -> Input {
    Input {
        body: req.body.clone(),
        path: path.to_vec(),
        querystring: req.query.clone(),
        header: req.headers.clone(),
    }
}

/// API Gateway's request validation: required parameters, then the body against its model.
pub fn validate(api: &RestApi, m: &Method, req: &Request, t: &mut Trace) -> Result<(), Failure> {
    let Some(v) = m.settings.validation else {
        return Ok(());
    };
    if v.parameters() {
        let missing: Vec<&str> = m
            .request_parameters
            .iter()
            .filter(|(p, required)| {
                **required
                    && match p.location {
                        ParamIn::Path => false,
                        ParamIn::Query => req.query_param(&p.name).is_none(),
                        ParamIn::Header => req.header(&p.name).is_none(),
                    }
            })
            .map(|(p, _)| p.name.as_str())
            .collect();
        if !missing.is_empty() {
            let list = missing.join(", ");
            t.log(format!(
                "Request validation failed for request: Missing required request parameters: [{list}]"
            ));
            return Err(Failure::Gateway(Answer::message(
                400,
                "BadRequestException",
                &format!("Missing required request parameters: [{list}]"),
            )));
        }
    }
    if v.body() {
        let ct = content_type(req);
        if let Some(model) = m
            .settings
            .request_models
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(&ct))
            .and_then(|(_, name)| api.models.get(name))
        {
            let valid = serde_json::from_str::<serde_json::Value>(&req.body)
                .ok()
                .is_some_and(|body| {
                    jsonschema::options()
                        .with_draft(jsonschema::Draft::Draft4)
                        .build(model)
                        .is_ok_and(|s| s.is_valid(&body))
                });
            if !valid {
                t.log(
                    "Request body does not match model schema for content type ".to_string() + &ct,
                );
                return Err(Failure::Gateway(Answer::message(
                    400,
                    "BadRequestException",
                    "Invalid request body",
                )));
            }
        }
    }
    Ok(())
}

/// The request's media type, lower case, without parameters; `application/json` when the
/// request has none, as API Gateway assumes.
pub fn content_type(req: &Request) -> String {
    req.header("Content-Type")
        .map(|v| {
            v.split(';')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase()
        })
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "application/json".into())
}

/// The value a request mapping gives, or `None` when its source is absent.
fn source_value(
    api: &RestApi,
    s: &RequestSource,
    req: &Request,
    path: &[(String, String)],
    ctx: &[(String, String)],
) -> Option<String> {
    match s {
        RequestSource::Method(p) => match p.location {
            ParamIn::Path => path
                .iter()
                .find(|(k, _)| *k == p.name)
                .map(|(_, v)| v.clone()),
            ParamIn::Query => req.query_param(&p.name).map(str::to_string),
            ParamIn::Header => req.header(&p.name).map(str::to_string),
        },
        RequestSource::Static(t) => Some(values::render(&api.env, t)),
        RequestSource::Body(p) if p == "$" => Some(req.body.clone()),
        RequestSource::Body(p) => {
            let root: serde_json::Value = serde_json::from_str(&req.body).ok()?;
            match JsonPath::parse(p).ok()?.select(&root)? {
                serde_json::Value::String(s) => Some(s),
                v => Some(v.to_string()),
            }
        }
        RequestSource::Context(v) => ctx.iter().find(|(k, _)| k == v).map(|(_, x)| x.clone()),
        RequestSource::StageVariable(v) => api.stage.variables.get(v).cloned(),
    }
}

/// Percent-encodes a path value, keeping `/` and the characters URIs leave as they are.
fn encode_path(v: &str) -> String {
    url_encode(v)
        .replace('+', "%20")
        .replace("%2F", "/")
        .replace("%7E", "~")
}

/// Builds the endpoint request.
pub fn endpoint(
    api: &RestApi,
    m: &Method,
    req: &Request,
    path: &[(String, String)],
    t: &mut Trace,
) -> Result<Endpoint, Failure> {
    let i = &m.integration;
    let ctx = context(api, m, req);
    let mut path_values: Vec<(String, String)> = Vec::new();
    let mut query: Vec<(String, String)> = Vec::new();
    let mut headers: Vec<(String, String)> = Vec::new();
    for (target, source) in &i.request_parameters {
        let Some(v) = source_value(api, source, req, path, &ctx) else {
            continue;
        };
        match target {
            IntegrationParam::Path(n) => path_values.push((n.clone(), v)),
            IntegrationParam::Query(n) => query.push((n.clone(), v)),
            IntegrationParam::Header(n) => headers.push((n.clone(), v)),
        }
    }
    let ct = content_type(req);
    let template = i
        .request_templates
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(&ct));
    let mut body = req.body.clone();
    let mut used = None;
    match template {
        Some((key, text)) => {
            let scope = Scope {
                input: input(req, path),
                context: ctx.clone(),
                stage_variables: stage_variables(api),
            };
            let marked = super::deploy::mark(&api.env, text);
            let out = super::run_template(&marked.text, &scope, "request", key)?;
            t.notes.extend(out.notes);
            body = marked.restore(&out.text);
            used = Some(key.clone());
            override_all(&mut headers, out.overrides.header);
            override_all(&mut query, out.overrides.querystring);
            override_all(&mut path_values, out.overrides.path);
        }
        None => {
            let refuse = match i.passthrough {
                Passthrough::WhenNoMatch => false,
                Passthrough::WhenNoTemplates => !i.request_templates.is_empty(),
                Passthrough::Never => true,
            };
            if refuse {
                t.log(format!(
                    "Request Content-Type: {ct} is not supported (passthrough behavior {})",
                    i.passthrough.as_str()
                ));
                return Err(Failure::Gateway(Answer::message(
                    415,
                    "UnsupportedMediaTypeException",
                    "Unsupported Media Type",
                )));
            }
        }
    }
    // API Gateway asks every integration for JSON unless a mapping says otherwise: its
    // test-invoke logs show `Accept=application/json` on requests that map no Accept.
    if !headers
        .iter()
        .any(|(k, _)| k.eq_ignore_ascii_case("Accept"))
    {
        headers.push(("Accept".into(), "application/json".into()));
    }
    Ok(Endpoint {
        uri: uri(api, m, &path_values, &query),
        headers,
        body,
        template: used,
    })
}

fn override_all(into: &mut Vec<(String, String)>, with: Vec<(String, String)>) {
    for (k, v) in with {
        into.retain(|(x, _)| *x != k);
        into.push((k, v));
    }
}

/// The URI the integration calls: the service endpoint in the API's region, the path
/// override with its `{name}` variables filled (or the action), and the mapped query string.
fn uri(api: &RestApi, m: &Method, path: &[(String, String)], query: &[(String, String)]) -> String {
    let i = &m.integration;
    let region = i
        .region
        .clone()
        .unwrap_or_else(|| values::concrete(&api.env, Slot::Region));
    let host = match &i.subdomain {
        Some(s) => format!("{s}.{}.{region}.amazonaws.com", i.service),
        None => format!("{}.{region}.amazonaws.com", i.service),
    };
    let mut q: Vec<String> = Vec::new();
    let mut out = match &i.target {
        Target::Action(a) => {
            q.push(format!("Action={}", url_encode(a)));
            format!("https://{host}/")
        }
        Target::Path(p) => {
            let mut rendered = values::render(&api.env, p);
            for (k, v) in path {
                rendered = rendered.replace(&format!("{{{k}}}"), &encode_path(v));
            }
            format!("https://{host}/{}", rendered.trim_start_matches('/'))
        }
        Target::Mock | Target::Lambda(_) => String::new(),
    };
    q.extend(
        query
            .iter()
            .map(|(k, v)| format!("{}={}", url_encode(k), url_encode(v))),
    );
    if !q.is_empty() {
        out.push('?');
        out.push_str(&q.join("&"));
    }
    out
}
