//! Any AWS service API, for operations gatewright has no typed form of (seed 004's general
//! recipe): service, action or path, HTTP method, headers, query parameters and templates,
//! and the IAM actions and resources the call needs, declared by the user and checked.

use super::args::PathTemplate;
use super::common;
use crate::codes;
use crate::model::{
    ApiPath, HttpMethod, Integration, IntegrationParam, Method, OpError, Operation, ParamIn,
    Permission, Pseudo, RequestParam, RequestSource, Target, Text, mapping,
};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One IAM grant the call needs.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grant {
    /// Exact actions (`polly:ListLexicons`); wildcards are refused.
    pub actions: Vec<String>,
    /// Resource ARNs; `${AWS::Partition}`, `${AWS::Region}` and `${AWS::AccountId}` are filled at
    /// deploy time. `*` only where the action has no resource-level permissions.
    pub resources: Vec<String>,
}

/// `aws`: a call to any AWS service API.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AwsCall {
    /// The service's endpoint prefix (`polly`, `sns`, `kinesis`, `dynamodb`).
    pub service: String,
    /// A query-protocol action (`ListLexicons`), or give `path`.
    #[serde(default)]
    pub action: Option<String>,
    /// A REST path on the service (`/v1/lexicons`, `/v1/lexicons/{name}` with route parameters).
    #[serde(default)]
    pub path: Option<String>,
    /// HTTP method of the call to the service (GET, POST, PUT, DELETE, ...).
    pub http_method: String,
    /// Service subdomain, if the service has one.
    #[serde(default)]
    pub subdomain: Option<String>,
    /// Request headers to the service: name -> `'fixed'`, `method.request.header.X`, ...
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Query string to the service: name -> mapping source.
    #[serde(default)]
    pub query: BTreeMap<String, String>,
    /// Mapping templates (VTL) by content type.
    #[serde(default)]
    pub request_templates: BTreeMap<String, String>,
    /// What the execution role must allow.
    pub iam: Vec<Grant>,
}

/// A resource ARN with `${AWS::...}` pseudo parameters as deploy-time values.
fn resource_text(s: &str) -> Result<Text, String> {
    let mut t = Text::default();
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        t.push_str(&rest[..i]);
        let end = rest[i..]
            .find('}')
            .ok_or_else(|| format!("`{s}` has `${{` without `}}`"))?
            + i;
        match &rest[i + 2..end] {
            "AWS::Partition" => t.push(Pseudo::Partition),
            "AWS::Region" => t.push(Pseudo::Region),
            "AWS::AccountId" => t.push(Pseudo::AccountId),
            other => {
                return Err(format!(
                    "`${{{other}}}` in `{s}` is not one of ${{AWS::Partition}}, ${{AWS::Region}}, ${{AWS::AccountId}}"
                ));
            }
        };
        rest = &rest[end + 1..];
    }
    t.push_str(rest);
    Ok(t)
}

fn is_action(a: &str) -> bool {
    let Some((svc, name)) = a.split_once(':') else {
        return false;
    };
    !svc.is_empty()
        && svc
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric())
}

impl Operation for AwsCall {
    fn build_in(
        &self,
        path: &ApiPath,
        verb: HttpMethod,
        _owned: &crate::model::Owned,
    ) -> Result<Method, OpError> {
        let err = |field: &'static str, msg: String| OpError::field(codes::ARGUMENT, field, msg);
        if self.service.is_empty()
            || !self
                .service
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        {
            return Err(err(
                "service",
                format!("`{}` is not an AWS service endpoint prefix", self.service),
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
        let mut mappings = BTreeMap::new();
        let mut declared = BTreeMap::new();
        let target = match (&self.action, &self.path) {
            (Some(a), None) if !a.is_empty() && a.chars().all(|c| c.is_ascii_alphanumeric()) => {
                Target::Action(a.clone())
            }
            (Some(a), None) => return Err(err("action", format!("`{a}` is not an action name"))),
            (None, Some(p)) if p.starts_with('/') => {
                let t = PathTemplate::parse(p, "path", path)?;
                for name in t.params() {
                    let m = RequestParam::new(ParamIn::Path, name);
                    declared.insert(m.clone(), true);
                    mappings.insert(
                        IntegrationParam::Path(name.to_string()),
                        RequestSource::Method(m),
                    );
                }
                // `path/v1/lexicons`, as the console writes a path override of `/v1/lexicons`.
                let rendered = t.render(|n| format!("{{{n}}}"));
                Target::Path(Text::lit(
                    rendered.strip_prefix('/').unwrap_or(&rendered).to_string(),
                ))
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
                let source = mapping::request_source(src).map_err(|d| OpError {
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
        if self.iam.is_empty() {
            return Err(err(
                "iam",
                "declare the IAM actions and resources the call needs".into(),
            )
            .help("for example `iam: [{ actions: [polly:ListLexicons], resources: [\"*\"] }]`"));
        }
        let mut permissions = Vec::new();
        for g in &self.iam {
            if g.actions.is_empty() || g.resources.is_empty() {
                return Err(err(
                    "iam",
                    "each grant needs at least one action and one resource".into(),
                ));
            }
            for a in &g.actions {
                if a.contains(['*', '?']) {
                    return Err(err("iam", format!("`{a}` is a wildcard action")).help(
                        "name each action the call needs: gatewright grants least privilege",
                    ));
                }
                if !is_action(a) {
                    return Err(err(
                        "iam",
                        format!("`{a}` is not an IAM action (`service:Action`)"),
                    ));
                }
            }
            let resources = g
                .resources
                .iter()
                .map(|r| resource_text(r).map_err(|m| err("iam", m)))
                .collect::<Result<Vec<_>, _>>()?;
            permissions.push(Permission {
                actions: g.actions.clone(),
                resources,
            });
        }
        let templates: BTreeMap<String, Text> = self
            .request_templates
            .iter()
            .map(|(k, v)| (k.clone(), Text::lit(v.clone())))
            .collect();
        let op_id = self
            .action
            .clone()
            .unwrap_or_else(|| format!("{}{}", self.service, verb.as_str()));
        let summary = format!(
            "Call {} on {}",
            self.action
                .as_deref()
                .or(self.path.as_deref())
                .unwrap_or(""),
            self.service
        );
        let integration = Integration {
            subdomain: self.subdomain.clone(),
            request_parameters: mappings,
            request_templates: templates,
            ..common::integration(&self.service, target, http_method, None, permissions)
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
