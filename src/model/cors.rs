//! CORS for browser callers: an `OPTIONS` mock method answering the preflight on every path
//! that has CORS-enabled methods, and the `Access-Control-Allow-Origin` header on every
//! response of those methods. Applied once to the finished model, so every format gets the
//! same methods.

use super::api::RestApi;
use super::integration::{Integration, IntegrationResponse, Passthrough, ResponseSource, Target};
use super::method::{Authorization, HttpMethod, Method, MethodResponse, MethodSettings};
use super::path::ApiPath;
use super::text::Text;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::VecMap;
use serde::Serialize;
use std::collections::BTreeMap;

/// What the preflight answer allows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cors {
    /// The allowed origin: `*` or one origin such as `https://app.example.com`.
    pub allow_origin: String,
    /// Request headers browsers may send.
    pub allow_headers: Vec<String>,
    /// Seconds browsers may cache the preflight answer.
    pub max_age: Option<u32>,
    /// Allow cookies and authorization headers (needs a single origin, not `*`).
    pub allow_credentials: bool,
}

impl Default for Cors {
    fn default() -> Cors {
        Cors {
            allow_origin: "*".into(),
            allow_headers: [
                "Content-Type",
                "X-Amz-Date",
                "Authorization",
                "X-Api-Key",
                "X-Amz-Security-Token",
            ]
            .map(String::from)
            .to_vec(),
            max_age: None,
            allow_credentials: false,
        }
    }
}

const ORIGIN: &str = "Access-Control-Allow-Origin";
const CREDENTIALS: &str = "Access-Control-Allow-Credentials";

fn fixed(v: &str) -> ResponseSource {
    ResponseSource::Static(v.to_string())
}

/// Checks the settings API Gateway and browsers would refuse.
pub fn check(cors: &Cors) -> Result<(), Diagnostic> {
    if cors.allow_credentials && cors.allow_origin == "*" {
        return Err(Diagnostic::error(
            codes::SETTING,
            "CORS with credentials cannot allow every origin (`*`)",
        )
        .help("name the one origin allowed, such as `https://app.example.com`"));
    }
    let bad = |s: &str| s.contains(['\'', '\n', '\r']);
    if bad(&cors.allow_origin) || cors.allow_headers.iter().any(|h| bad(h) || h.contains(',')) {
        return Err(Diagnostic::error(
            codes::SETTING,
            "CORS origins and headers cannot hold quotes, commas or newlines",
        )
        .help("list one header name per entry"));
    }
    Ok(())
}

/// Adds the preflight methods and the response headers for every method with CORS enabled.
/// A path whose blueprint defines its own `OPTIONS` keeps it.
pub fn apply(api: &mut RestApi) {
    let Some(cors) = api.cors.clone() else { return };
    let mut verbs: BTreeMap<ApiPath, Vec<HttpMethod>> = BTreeMap::new();
    for m in api.methods.iter_mut().filter(|m| m.settings.cors) {
        verbs.entry(m.path.clone()).or_default().push(m.verb);
        for r in &mut m.responses {
            add_header(&mut r.headers, ORIGIN);
            if cors.allow_credentials {
                add_header(&mut r.headers, CREDENTIALS);
            }
        }
        for ir in &mut m.integration.responses {
            ir.headers.insert(ORIGIN.into(), fixed(&cors.allow_origin));
            if cors.allow_credentials {
                ir.headers.insert(CREDENTIALS.into(), fixed("true"));
            }
        }
    }
    for (path, mut vs) in verbs {
        if api
            .methods
            .iter()
            .any(|m| m.path == path && m.verb == HttpMethod::Options)
        {
            continue;
        }
        vs.push(HttpMethod::Options);
        vs.sort();
        api.methods.push(preflight(&path, &vs, &cors));
    }
    api.methods
        .sort_by(|a, b| (&a.path, a.verb).cmp(&(&b.path, b.verb)));
}

fn add_header(headers: &mut Vec<String>, h: &str) {
    if !headers.iter().any(|x| x.eq_ignore_ascii_case(h)) {
        headers.push(h.to_string());
    }
}

fn preflight(path: &ApiPath, verbs: &[HttpMethod], cors: &Cors) -> Method {
    let methods: Vec<&str> = verbs.iter().map(|v| v.as_str()).collect();
    let mut headers = vec![
        (ORIGIN, cors.allow_origin.clone()),
        ("Access-Control-Allow-Methods", methods.join(",")),
        ("Access-Control-Allow-Headers", cors.allow_headers.join(",")),
    ];
    if let Some(age) = cors.max_age {
        headers.push(("Access-Control-Max-Age", age.to_string()));
    }
    if cors.allow_credentials {
        headers.push((CREDENTIALS, "true".into()));
    }
    let mut ok = IntegrationResponse::new(None, "200");
    let mut response = MethodResponse::new("200");
    for (h, v) in &headers {
        ok = ok.header(*h, fixed(v));
        response = response.header(*h);
    }
    let mut templates = BTreeMap::new();
    templates.insert(
        "application/json".to_string(),
        Text::lit(r#"{"statusCode": 200}"#),
    );
    Method {
        path: path.clone(),
        verb: HttpMethod::Options,
        operation_id: "Preflight".into(),
        summary: Some("CORS preflight".into()),
        authorization: Authorization::None,
        request_parameters: path
            .params()
            .map(|(n, _)| {
                (
                    super::method::RequestParam::new(super::method::ParamIn::Path, n),
                    true,
                )
            })
            .collect(),
        responses: vec![response],
        integration: Integration {
            service: String::new(),
            subdomain: None,
            region: None,
            target: Target::Mock,
            http_method: HttpMethod::Options,
            request_parameters: VecMap::new(),
            request_templates: templates,
            passthrough: Passthrough::WhenNoMatch,
            content_handling: None,
            timeout_ms: None,
            responses: vec![ok],
            permissions: Vec::new(),
        },
        settings: MethodSettings::default(),
    }
}

/// Gateway responses (API Gateway's own errors: a refused token, a failed validation, a
/// throttled call) that carry the CORS headers, so browsers can read those errors too:
/// response type -> response parameter (`gatewayresponse.header.<name>`) -> quoted value.
pub fn gateway_responses(cors: &Cors) -> Vec<(&'static str, BTreeMap<String, String>)> {
    let mut headers = BTreeMap::new();
    headers.insert(gateway_header(ORIGIN), format!("'{}'", cors.allow_origin));
    if cors.allow_credentials {
        headers.insert(gateway_header(CREDENTIALS), "'true'".into());
    }
    vec![("DEFAULT_4XX", headers.clone()), ("DEFAULT_5XX", headers)]
}

use super::gateway::header as gateway_header;
