//! Defaults shared by the services that speak AWS's query protocol (SNS, SQS) or JSON
//! protocol (Rekognition): the responses every such route declares, and how an owned or
//! named resource is resolved into ARNs and texts.

use crate::codes;
use crate::model::{
    ApiPath, Attr, Authorization, HttpMethod, Integration, IntegrationResponse, Method,
    MethodResponse, OpError, OwnedKind, Passthrough, Permission, RequestParam, ResourceRef,
    ResponseSource, Target, Text,
};
use std::collections::BTreeMap;

/// An AWS integration calling `target` of `service` with `http_method`, allowed
/// `permissions`, answering with [`integration_responses`] (`ok` as the success template).
/// Callers set mappings, templates and passthrough with struct update syntax.
pub fn integration(
    service: &str,
    target: Target,
    http_method: HttpMethod,
    ok: Option<Text>,
    permissions: Vec<Permission>,
) -> Integration {
    Integration {
        service: service.into(),
        subdomain: None,
        region: None,
        target,
        http_method,
        request_parameters: BTreeMap::new(),
        request_templates: BTreeMap::new(),
        passthrough: Passthrough::WhenNoMatch,
        content_handling: None,
        timeout_ms: None,
        responses: integration_responses(ok),
        permissions,
    }
}

/// A SigV4-signed method on `verb path` (`operation_id`, `summary`) running `integration`, declaring
/// `request_parameters` and the [`method_responses`].
pub fn method(
    path: &ApiPath,
    verb: HttpMethod,
    operation_id: impl Into<String>,
    summary: impl Into<String>,
    request_parameters: BTreeMap<RequestParam, bool>,
    integration: Integration,
) -> Method {
    Method {
        path: path.clone(),
        verb,
        operation_id: operation_id.into(),
        summary: Some(summary.into()),
        authorization: Authorization::AwsIam,
        request_parameters,
        responses: method_responses(),
        integration,
        settings: Default::default(),
    }
}

/// Method responses: 200 with Content-Type, 400, 500.
pub fn method_responses() -> Vec<MethodResponse> {
    vec![
        MethodResponse::new("200").header("Content-Type"),
        MethodResponse::new("400"),
        MethodResponse::new("500"),
    ]
}

/// Integration responses: default -> 200 (with `success_template` for JSON, if any),
/// `4\d{2}` -> 400, `5\d{2}` -> 500, passing the service's error body through.
pub fn integration_responses(success_template: Option<Text>) -> Vec<IntegrationResponse> {
    let mut ok = IntegrationResponse::new(None, "200").header(
        "Content-Type",
        ResponseSource::Static("application/json".into()),
    );
    if let Some(t) = success_template {
        ok.templates.insert("application/json".into(), t);
    }
    vec![
        ok,
        IntegrationResponse::new(Some(r"4\d{2}"), "400"),
        IntegrationResponse::new(Some(r"5\d{2}"), "500"),
    ]
}

/// A resource named either as one the blueprint owns or by ARN.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Named {
    /// Owned by the blueprint, by name.
    Owned(String),
    /// Anywhere, by ARN.
    Arn(String),
}

impl Named {
    /// Reads `owned` / `arn` arguments of `field`: exactly one must be given.
    pub fn from_args(
        owned: Option<&str>,
        arn: Option<&str>,
        field: &'static str,
        arn_field: &'static str,
        service: &str,
    ) -> Result<Named, OpError> {
        match (owned, arn) {
            (Some(n), None) => Ok(Named::Owned(n.to_string())),
            (None, Some(a)) => {
                let parts: Vec<&str> = a.split(':').collect();
                if parts.len() < 6 || parts[0] != "arn" || parts[2] != service || parts[5].is_empty() {
                    return Err(OpError::field(
                        codes::ARGUMENT,
                        arn_field,
                        format!("`{a}` is not an {service} ARN"),
                    )
                    .help(format!("write arn:aws:{service}:<region>:<account>:<name>")));
                }
                Ok(Named::Arn(a.to_string()))
            }
            _ => Err(OpError::field(
                codes::ARGUMENT,
                field,
                format!("name the {service} resource with exactly one of `{field}` (owned by the blueprint) or `{arn_field}`"),
            )
            .help(format!("declare it under `owns:` and write `{field}: <name>`, or give `{arn_field}`"))),
        }
    }

    /// The resource's ARN as a text.
    pub fn arn(&self, kind: OwnedKind) -> Text {
        match self {
            Named::Owned(n) => {
                let mut t = Text::default();
                t.push_ref(ResourceRef {
                    kind,
                    name: n.clone(),
                    attr: Attr::Arn,
                });
                t
            }
            Named::Arn(a) => Text::lit(a.clone()),
        }
    }
}
