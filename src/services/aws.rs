//! Any AWS service API, for operations gatewright has no typed form of (seed 004's general
//! recipe): service, action or path, HTTP method, headers, query parameters and templates,
//! and the IAM actions and resources the call needs, declared by the user and checked.

use super::args::PathTemplate;
use super::common;
use super::grant::{self, Grant};
use crate::codes;
use crate::model::VecMap;
use crate::model::reference::{self, Place};
use crate::model::{
    ApiPath, HttpMethod, Integration, IntegrationParam, Method, OpError, Operation, Owned, ParamIn,
    Part, RequestParam, RequestSource, Target, Text, mapping,
};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `aws`: a call to any AWS service API.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AwsCall {
    /// The service's endpoint prefix (`polly`, `sns`, `sqs`, `dynamodb`).
    pub service: String,
    /// A query-protocol action (`ListLexicons`), or give `path`.
    #[serde(default)]
    pub action: Option<String>,
    /// A REST path on the service (`/v1/lexicons/{name}` with route parameters,
    /// `/${AWS::AccountId}/${jobs.name}` with references, `${stageVariables.x}` per stage).
    /// Characters outside a URI path are written percent-encoded (`%20`).
    #[serde(default)]
    pub path: Option<String>,
    /// HTTP method of the call to the service (GET, POST, PUT, DELETE, ...).
    pub http_method: String,
    /// Service subdomain, if the service has one (`runtime` for `runtime.sagemaker`).
    #[serde(default)]
    pub subdomain: Option<String>,
    /// Request headers to the service: name -> `'fixed'` (references allowed),
    /// `method.request.header.X`, `stageVariables.x`, ...
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Query string to the service: name -> mapping source, as for `headers`.
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    /// Mapping templates (VTL) by content type; `${AWS::AccountId}`, `${jobs.url}` and the
    /// other references are filled at deploy time.
    #[serde(default)]
    pub request_templates: BTreeMap<String, String>,
    /// What the execution role must allow (and may deny).
    pub iam: Vec<Grant>,
}

/// True for a character a URI path may hold as it is (RFC 3986 `pchar` and `/`).
fn is_path_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@/%".contains(c)
}

/// The path override of `raw`: references resolved, each `{name}` a route parameter.
fn path_text(raw: &str, path: &ApiPath, owned: &Owned) -> Result<(Text, Vec<String>), OpError> {
    let err = |code, msg: String| OpError::field(code, "path", msg);
    let text = reference::parse(raw, Place::Uri, owned).map_err(|e| e.into_op_error("path"))?;
    let mut out = Text::default();
    let mut params = Vec::new();
    for part in &text.0 {
        let Part::Lit(lit) = part else {
            out.0.push(part.clone());
            continue;
        };
        let mut rest = lit.as_str();
        while !rest.is_empty() {
            if let Some(r) = rest.strip_prefix("${") {
                // A stage variable, resolved by API Gateway per stage.
                let end = r.find('}').map_or(r.len(), |e| e + 1);
                out.push_str(&rest[..2 + end]);
                rest = &r[end..];
            } else if rest.starts_with('{') {
                let end = rest.find('}').map_or(rest.len(), |e| e + 1);
                let t = PathTemplate::parse(&rest[..end], "path", path)?;
                for name in t.params() {
                    params.push(name.to_string());
                }
                out.push_str(&t.render(|n| format!("{{{n}}}")));
                rest = &rest[end..];
            } else {
                let c = rest.chars().next().expect("not empty");
                if !is_path_char(c) {
                    return Err(err(
                        codes::ARGUMENT,
                        format!(
                            "`path: {raw}` holds `{}`, which a URI path cannot hold as it is",
                            c.escape_default()
                        ),
                    )
                    .help(match c {
                        '?' => "give query parameters under `query:`".to_string(),
                        _ => format!("write it percent-encoded (`{}`)", percent(c)),
                    }));
                }
                out.push_str(&rest[..c.len_utf8()]);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    Ok((out, params))
}

/// `c` percent-encoded as UTF-8 bytes.
fn percent(c: char) -> String {
    let mut buf = [0u8; 4];
    c.encode_utf8(&mut buf)
        .bytes()
        .map(|b| format!("%{b:02X}"))
        .collect()
}

impl Operation for AwsCall {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let err = |field: &'static str, msg: String| OpError::field(codes::ARGUMENT, field, msg);
        // `runtime.sagemaker`, as endpoints spell it, is subdomain `runtime` of `sagemaker`.
        let (subdomain, service) = match (self.service.split_once('.'), &self.subdomain) {
            (Some((sub, svc)), None) => (Some(sub.to_string()), svc),
            (Some(_), Some(sub)) => {
                return Err(err(
                    "service",
                    format!("`{}` names a subdomain and so does `subdomain: {sub}`", self.service),
                )
                .help("write the service alone (`sagemaker`) with `subdomain: runtime`, or `service: runtime.sagemaker`"));
            }
            (None, sub) => (sub.clone(), self.service.as_str()),
        };
        let is_word = |w: &str| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        };
        if !is_word(service) || !subdomain.as_deref().is_none_or(is_word) {
            return Err(err(
                "service",
                format!("`{}` is not an AWS service endpoint prefix", self.service),
            )
            .help(
                "write the endpoint prefix in lower case (`sqs`, `dynamodb`, `runtime.sagemaker`)",
            ));
        }
        let http_method = HttpMethod::parse(&self.http_method.to_ascii_uppercase())
            .filter(|m| *m != HttpMethod::Any)
            .ok_or_else(|| {
                err(
                    "http_method",
                    format!("`{}` is not an HTTP method", self.http_method),
                )
            })?;
        let mut mappings = VecMap::new();
        let mut declared = VecMap::new();
        let target = match (&self.action, &self.path) {
            (Some(a), None) if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric()) => {
                Target::Action(a.clone())
            }
            (Some(a), None) => return Err(err("action", format!("`{a}` is not an action name"))),
            (None, Some(p)) if p.starts_with('/') => {
                let (text, params) = path_text(p, path, owned)?;
                for name in params {
                    let m = RequestParam::new(ParamIn::Path, &name);
                    declared.insert(m.clone(), true);
                    mappings.insert(IntegrationParam::Path(name), RequestSource::Method(m));
                }
                // `path/v1/lexicons`, as the console writes a path override of `/v1/lexicons`;
                // the service root `/` stays `path//`.
                let mut t = Text::default();
                match text.0.split_first() {
                    Some((Part::Lit(first), rest)) if first != "/" || !rest.is_empty() => {
                        t.push_str(first.strip_prefix('/').unwrap_or(first));
                        t.0.extend(rest.iter().cloned());
                    }
                    _ => t = text,
                }
                Target::Path(t)
            }
            (None, Some(p)) => return Err(err("path", format!("`{p}` must start with `/`"))),
            _ => {
                return Err(
                    err("action", "give exactly one of `action` or `path`".into()).help(
                        "`action: ListLexicons` for query APIs, `path: /v1/lexicons` for REST APIs",
                    ),
                );
            }
        };
        for (field, map, wrap) in [
            (
                "headers",
                &self.headers,
                IntegrationParam::Header as fn(String) -> IntegrationParam,
            ),
            (
                "query",
                &self.query,
                IntegrationParam::Query as fn(String) -> IntegrationParam,
            ),
        ] {
            for (name, src) in map {
                let source = mapping::request_source(src, owned).map_err(|d| OpError {
                    code: d.code,
                    field: Some(field),
                    message: d.message,
                    help: d.help,
                })?;
                if let RequestSource::Method(p) = &source {
                    if p.location == ParamIn::Path && !path.has_param(&p.name) {
                        return Err(OpError::field(
                            codes::UNKNOWN_PATH_PARAM,
                            field,
                            format!("`{src}` names no path parameter of `{path}`"),
                        ));
                    }
                    declared
                        .entry(p.clone())
                        .or_insert(p.location == ParamIn::Path);
                }
                mappings.insert(wrap(name.clone()), source);
            }
        }
        let permissions = grant::permissions(&self.iam, owned)?;
        let mut templates = BTreeMap::new();
        for (ct, raw) in &self.request_templates {
            let t = reference::parse(raw, Place::Template, owned)
                .map_err(|e| e.into_op_error("request_templates"))?;
            templates.insert(ct.clone(), t);
        }
        let op_id = self
            .action
            .clone()
            .unwrap_or_else(|| format!("{service}{}", verb.as_str()));
        let summary = format!(
            "Call {} on {}",
            self.action
                .as_deref()
                .or(self.path.as_deref())
                .unwrap_or(""),
            self.service
        );
        let integration = Integration {
            subdomain,
            request_parameters: mappings,
            request_templates: templates,
            ..common::integration(service, target, http_method, None, permissions)
        };
        Ok(common::method(
            path,
            verb,
            op_id,
            summary,
            declared,
            integration,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    fn polly() -> AwsCall {
        AwsCall {
            service: "polly".into(),
            path: Some("/v1/lexicons/{name}".into()),
            http_method: "GET".into(),
            iam: vec![Grant {
                effect: Default::default(),
                conditions: Default::default(),
                actions: vec!["polly:GetLexicon".into()],
                resources: vec![
                    "arn:${AWS::Partition}:polly:${AWS::Region}:${AWS::AccountId}:lexicon/*".into(),
                ],
            }],
            ..AwsCall::default()
        }
    }

    #[test]
    fn path_call_maps_route_parameters_and_grants_what_is_declared() {
        let m = polly()
            .build(&p("/lexicons/{name}"), HttpMethod::Get)
            .unwrap();
        let i = &m.integration;
        assert_eq!(
            i.uri().to_string(),
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:polly:path/v1/lexicons/{name}"
        );
        assert_eq!(
            i.request_parameters[&IntegrationParam::Path("name".into())].to_string(),
            "method.request.path.name"
        );
        assert_eq!(
            i.permissions[0].resources[0].to_string(),
            "arn:${AWS::Partition}:polly:${AWS::Region}:${AWS::AccountId}:lexicon/*"
        );
    }

    #[test]
    fn refuses_wildcards_and_half_declarations() {
        let mut c = polly();
        c.iam[0].actions = vec!["polly:*".into()];
        assert_eq!(
            c.build(&p("/lexicons/{name}"), HttpMethod::Get)
                .unwrap_err()
                .field,
            Some("iam")
        );
        let mut c = polly();
        c.iam.clear();
        assert_eq!(
            c.build(&p("/lexicons/{name}"), HttpMethod::Get)
                .unwrap_err()
                .field,
            Some("iam")
        );
        let mut c = polly();
        c.action = Some("ListLexicons".into());
        assert_eq!(
            c.build(&p("/lexicons/{name}"), HttpMethod::Get)
                .unwrap_err()
                .field,
            Some("action")
        );
        let c = polly();
        assert_eq!(
            c.build(&p("/lexicons"), HttpMethod::Get).unwrap_err().code,
            codes::UNKNOWN_PATH_PARAM
        );
        let mut c = polly();
        c.iam[0].resources = vec!["${Bucket.Arn}".into()];
        assert_eq!(
            c.build(&p("/lexicons/{name}"), HttpMethod::Get)
                .unwrap_err()
                .field,
            Some("iam")
        );
    }
}
