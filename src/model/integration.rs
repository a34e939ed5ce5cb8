//! AWS service integrations: the request API Gateway makes to an AWS service on a client's
//! behalf, and how the service's answer becomes the method's response.

use super::iam::Permission;
use super::method::{HttpMethod, RequestParam};
use super::text::{Pseudo, Text};
use super::vec_map::VecMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// How the integration names the service operation it calls.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Target {
    /// `action/Publish`: a query-protocol action.
    Action(String),
    /// `path/{bucket}/{object}`: a REST path on the service endpoint, written exactly as it
    /// follows `path/` in the URI (`/` for the service root, as the S3 console writes it).
    /// It may hold deploy-time values (an SQS path names the account and the queue).
    Path(Text),
    /// A `MOCK` integration: API Gateway answers itself (CORS preflight).
    Mock,
    /// A Lambda proxy integration (`AWS_PROXY`) to a function created with the API; the
    /// function answers with status, headers and body itself.
    Lambda(Box<super::function::Function>),
}

/// A place in the integration request that a mapping fills.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum IntegrationParam {
    /// `integration.request.path.<name>`: a `{name}` in the path override.
    Path(String),
    /// `integration.request.querystring.<name>`.
    Query(String),
    /// `integration.request.header.<name>`.
    Header(String),
}

impl Serialize for IntegrationParam {
    /// As its `integration.request.<in>.<name>` string, so it can key a JSON map.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for IntegrationParam {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IntegrationParam::Path(n) => write!(f, "integration.request.path.{n}"),
            IntegrationParam::Query(n) => write!(f, "integration.request.querystring.{n}"),
            IntegrationParam::Header(n) => write!(f, "integration.request.header.{n}"),
        }
    }
}

/// Where a request mapping takes its value from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum RequestSource {
    /// A declared method request parameter.
    Method(RequestParam),
    /// A fixed value, emitted in single quotes; may hold deploy-time values (a topic ARN).
    Static(Text),
    /// A JSONPath into the JSON request body (`$.message` gives `method.request.body.message`),
    /// or the whole body (`$`).
    Body(String),
    /// A context variable (`requestId`, `identity.sourceIp`).
    Context(String),
    /// A stage variable.
    StageVariable(String),
}

impl RequestSource {
    /// A fixed value with no deploy-time parts.
    pub fn fixed(v: impl Into<String>) -> RequestSource {
        RequestSource::Static(Text::lit(v))
    }

    /// The mapping expression as API Gateway reads it.
    pub fn expr(&self) -> Text {
        match self {
            RequestSource::Method(p) => Text::lit(p.to_string()),
            RequestSource::Static(v) => v.quoted(),
            RequestSource::Body(path) if path == "$" => Text::lit("method.request.body"),
            RequestSource::Body(path) => Text::lit(format!(
                "method.request.body.{}",
                path.trim_start_matches("$.")
            )),
            RequestSource::Context(v) => Text::lit(format!("context.{v}")),
            RequestSource::StageVariable(v) => Text::lit(format!("stageVariables.{v}")),
        }
    }
}

impl fmt::Display for RequestSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.expr())
    }
}

/// Where a response header mapping takes its value from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum ResponseSource {
    /// `integration.response.header.<name>`.
    Header(String),
    /// A fixed value, emitted in single quotes.
    Static(String),
}

impl fmt::Display for ResponseSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ResponseSource::Header(h) => write!(f, "integration.response.header.{h}"),
            ResponseSource::Static(v) => write!(f, "'{v}'"),
        }
    }
}

/// What API Gateway does with a request body whose Content-Type has no mapping template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Passthrough {
    /// Pass it through unless a template exists for another type (API Gateway's default).
    WhenNoMatch,
    /// Pass it through only when no template is defined at all.
    WhenNoTemplates,
    /// Refuse it with 415.
    Never,
}

impl Passthrough {
    /// CloudFormation/Terraform spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Passthrough::WhenNoMatch => "WHEN_NO_MATCH",
            Passthrough::WhenNoTemplates => "WHEN_NO_TEMPLATES",
            Passthrough::Never => "NEVER",
        }
    }
}

/// How API Gateway converts a payload between text and binary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ContentHandling {
    /// Base64-decode a text payload into binary.
    ConvertToBinary,
    /// Base64-encode a binary payload into text.
    ConvertToText,
}

impl ContentHandling {
    /// CloudFormation/Terraform spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            ContentHandling::ConvertToBinary => "CONVERT_TO_BINARY",
            ContentHandling::ConvertToText => "CONVERT_TO_TEXT",
        }
    }
}

/// One rule that turns a backend answer into a method response.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IntegrationResponse {
    /// Regex on the backend status; `None` is the default rule.
    pub selection_pattern: Option<String>,
    /// The method response status it selects.
    pub status: String,
    /// `method.response.header.<name>` <- source.
    pub headers: VecMap<String, ResponseSource>,
    /// Response mapping templates by content type.
    pub templates: BTreeMap<String, Text>,
    /// Conversion of the response payload, if any.
    pub content_handling: Option<ContentHandling>,
}

impl IntegrationResponse {
    /// A rule selecting `status` for backend statuses matching `pattern` (`None`: default).
    pub fn new(pattern: Option<&str>, status: impl Into<String>) -> IntegrationResponse {
        IntegrationResponse {
            selection_pattern: pattern.map(str::to_string),
            status: status.into(),
            headers: VecMap::new(),
            templates: BTreeMap::new(),
            content_handling: None,
        }
    }

    /// Maps method response header `name` from `source`.
    pub fn header(mut self, name: impl Into<String>, source: ResponseSource) -> Self {
        self.headers.insert(name.into(), source);
        self
    }

    /// The response parameters as API Gateway reads them: `method.response.header.<name>`
    /// -> the source expression.
    pub fn parameters(&self) -> Vec<(String, String)> {
        self.headers
            .iter()
            .map(|(k, v)| (super::method::response_header(k), v.to_string()))
            .collect()
    }
}

/// An AWS service integration (`Type: AWS`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Integration {
    /// Service name in the integration URI (`s3`, `sns`, `sqs`).
    pub service: String,
    /// Optional AWS subdomain of the service endpoint.
    pub subdomain: Option<String>,
    /// Fixed region; `None` calls the service in the region the API is deployed to.
    pub region: Option<String>,
    /// Action or path override.
    pub target: Target,
    /// HTTP method of the request to the service.
    pub http_method: HttpMethod,
    /// Integration request parameters and where each comes from.
    pub request_parameters: VecMap<IntegrationParam, RequestSource>,
    /// Request mapping templates (VTL) by content type; may hold deploy-time values.
    pub request_templates: BTreeMap<String, Text>,
    /// Body passthrough when no template matches.
    pub passthrough: Passthrough,
    /// Request payload conversion, if any.
    pub content_handling: Option<ContentHandling>,
    /// Integration timeout in milliseconds; `None` keeps API Gateway's 29,000.
    pub timeout_ms: Option<u32>,
    /// How backend answers map to method responses, in order.
    pub responses: Vec<IntegrationResponse>,
    /// What the execution role must allow for this call.
    pub permissions: Vec<Permission>,
}

impl Integration {
    /// True for a `MOCK` integration (no service, no URI, no role).
    pub fn is_mock(&self) -> bool {
        matches!(self.target, Target::Mock)
    }

    /// The integration type as CloudFormation and Terraform spell it (`AWS`, `MOCK`,
    /// `AWS_PROXY`).
    pub fn type_name(&self) -> &'static str {
        match self.target {
            Target::Mock => "MOCK",
            Target::Lambda(_) => "AWS_PROXY",
            _ => "AWS",
        }
    }

    /// The function of a Lambda proxy integration.
    pub fn function(&self) -> Option<&super::function::Function> {
        match &self.target {
            Target::Lambda(f) => Some(f),
            _ => None,
        }
    }

    /// True when API Gateway assumes the execution role for this integration.
    pub fn uses_role(&self) -> bool {
        !self.permissions.is_empty()
    }

    /// The integration URI: `arn:{partition}:apigateway:{region}:{service}:{action|path}/...`,
    /// in the API's own region unless the integration fixes one.
    pub fn uri(&self) -> Text {
        let mut t = Text::lit("arn:");
        t.push(Pseudo::Partition);
        t.push_str(":apigateway:");
        match &self.region {
            Some(r) => t.push_str(r),
            None => t.push(Pseudo::Region),
        };
        t.push_str(":");
        t.append(&self.uri_suffix());
        t
    }

    /// The part of the URI after `arn:{partition}:apigateway:{region}:`.
    pub fn uri_suffix(&self) -> Text {
        let host = match &self.subdomain {
            Some(sub) => format!("{sub}.{}", self.service),
            None => self.service.clone(),
        };
        match &self.target {
            Target::Action(a) => Text::lit(format!("{host}:action/{a}")),
            Target::Path(p) => {
                let mut t = Text::lit(format!("{host}:path/"));
                t.append(p);
                t
            }
            Target::Mock => Text::default(),
            Target::Lambda(f) => {
                let mut t = Text::lit("lambda:path/2015-03-31/functions/");
                t.push_ref(super::owned::ResourceRef {
                    kind: super::owned::OwnedKind::Function,
                    name: f.name.clone(),
                    attr: super::owned::Attr::Arn,
                });
                t.push_str("/invocations");
                t
            }
        }
    }
}
