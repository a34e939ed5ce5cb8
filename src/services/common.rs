//! Defaults shared by the services that speak AWS's query protocol (SNS, SQS) or JSON
//! protocol (Rekognition): the responses every such route declares, and how an owned or
//! named resource is resolved into ARNs and texts.

use crate::codes;
use crate::model::VecMap;
use crate::model::reference::{self, Place};
use crate::model::{
    ApiPath, Attr, Authorization, HttpMethod, Integration, IntegrationResponse, Method,
    MethodResponse, OpError, Owned, OwnedKind, Part, Passthrough, Permission, RequestParam,
    ResourceRef, ResponseSource, Target, Text,
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
        request_parameters: VecMap::new(),
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
    request_parameters: VecMap<RequestParam, bool>,
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
    /// Anywhere, by ARN (which may hold `${AWS::Region}`-style stack values).
    Arn(Text),
}

/// The fields of ARN argument `raw` (`arn:partition:service:region:account:resource`), each
/// a text, after its `${...}` references (stack values, owned resources' attributes) are
/// read; `None` when it has not six fields or does not start with `arn`.
pub fn arn_fields(
    raw: &str,
    field: &'static str,
    owned: &Owned,
) -> Result<Option<(Text, Vec<Text>)>, OpError> {
    let text = reference::parse(raw, Place::Arn, owned).map_err(|e| e.into_op_error(field))?;
    let mut fields = vec![Text::default()];
    for part in &text.0 {
        match part {
            Part::Lit(lit) => {
                let mut pieces = lit.split(':');
                if let Some(first) = pieces.next() {
                    fields.last_mut().expect("one field").push_str(first);
                }
                for piece in pieces {
                    if fields.len() < 6 {
                        let mut t = Text::default();
                        t.push_str(piece);
                        fields.push(t);
                    } else {
                        let last = fields.last_mut().expect("one field");
                        last.push_str(":");
                        last.push_str(piece);
                    }
                }
            }
            other => fields.last_mut().expect("one field").0.push(other.clone()),
        }
    }
    let ok = fields.len() == 6
        && fields[0].as_literal().as_deref() == Some("arn")
        && !fields[5].0.is_empty();
    Ok(ok.then_some((text, fields)))
}

impl Named {
    /// Reads `owned` / `arn` arguments of `field`: exactly one must be given. An ARN may hold
    /// references (`arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:legacy`).
    pub fn from_args(
        name: Option<&str>,
        arn: Option<&str>,
        field: &'static str,
        arn_field: &'static str,
        service: &str,
        owned: &Owned,
    ) -> Result<Named, OpError> {
        match (name, arn) {
            (Some(n), None) => Ok(Named::Owned(n.to_string())),
            (None, Some(a)) => match arn_fields(a, arn_field, owned)? {
                Some((text, f)) if f[2].as_literal().as_deref() == Some(service) => {
                    Ok(Named::Arn(text))
                }
                _ => Err(OpError::field(
                    codes::ARGUMENT,
                    arn_field,
                    format!("`{a}` is not an {service} ARN"),
                )
                .help(format!(
                    "write arn:aws:{service}:<region>:<account>:<name> (`${{AWS::Region}}`, `${{AWS::AccountId}}` and `${{AWS::Partition}}` are filled at deploy time)"
                ))),
            },
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
            Named::Arn(a) => a.clone(),
        }
    }
}
