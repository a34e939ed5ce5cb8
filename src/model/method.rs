//! Methods: what a client calls, who may call it, what it declares and what it answers.

use super::integration::Integration;
use super::path::ApiPath;
use super::scan::{Explained, Formats};
use super::vec_map::VecMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt;

/// An HTTP method of a REST API method or of an integration request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum HttpMethod {
    /// GET
    Get,
    /// PUT
    Put,
    /// POST
    Post,
    /// DELETE
    Delete,
    /// HEAD
    Head,
    /// OPTIONS
    Options,
    /// PATCH
    Patch,
    /// ANY: every method (API Gateway's catch-all).
    Any,
}

impl HttpMethod {
    /// Every method, in the order API Gateway documents them.
    pub const ALL: [HttpMethod; 8] = [
        HttpMethod::Get,
        HttpMethod::Put,
        HttpMethod::Post,
        HttpMethod::Delete,
        HttpMethod::Head,
        HttpMethod::Options,
        HttpMethod::Patch,
        HttpMethod::Any,
    ];

    /// Upper-case name as API Gateway spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            HttpMethod::Get => "GET",
            HttpMethod::Put => "PUT",
            HttpMethod::Post => "POST",
            HttpMethod::Delete => "DELETE",
            HttpMethod::Head => "HEAD",
            HttpMethod::Options => "OPTIONS",
            HttpMethod::Patch => "PATCH",
            HttpMethod::Any => "ANY",
        }
    }

    /// Parses an upper-case method name.
    pub fn parse(s: &str) -> Option<HttpMethod> {
        HttpMethod::ALL.into_iter().find(|m| m.as_str() == s)
    }
}

impl fmt::Display for HttpMethod {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Who may call a method.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Authorization {
    /// Anyone who can reach the endpoint.
    None,
    /// Callers that sign with SigV4 and whose IAM policy allows `execute-api:Invoke`.
    AwsIam,
    /// Callers with a token of the Cognito user pool authorizer named here.
    Cognito(String),
    /// Callers the Lambda authorizer named here allows.
    Custom(String),
}

impl Authorization {
    /// The `AuthorizationType` value API Gateway uses.
    pub fn as_str(&self) -> &'static str {
        match self {
            Authorization::None => "NONE",
            Authorization::AwsIam => "AWS_IAM",
            Authorization::Cognito(_) => "COGNITO_USER_POOLS",
            Authorization::Custom(_) => "CUSTOM",
        }
    }

    /// The authorizer's name, for Cognito and Lambda authorization.
    pub fn authorizer(&self) -> Option<&str> {
        match self {
            Authorization::Cognito(a) | Authorization::Custom(a) => Some(a),
            Authorization::None | Authorization::AwsIam => None,
        }
    }
}

/// Where a method request parameter comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum ParamIn {
    /// A path parameter of the route.
    Path,
    /// A query string parameter.
    Query,
    /// A request header.
    Header,
}

impl ParamIn {
    /// The word API Gateway uses in `method.request.<in>.<name>`.
    pub fn as_str(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "querystring",
            ParamIn::Header => "header",
        }
    }

    /// The OpenAPI `in` value.
    pub fn openapi(self) -> &'static str {
        match self {
            ParamIn::Path => "path",
            ParamIn::Query => "query",
            ParamIn::Header => "header",
        }
    }
}

/// A parameter the method request declares.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RequestParam {
    /// Path, query string or header.
    pub location: ParamIn,
    /// Its name (header names keep the case the blueprint gives).
    pub name: String,
}

impl RequestParam {
    /// A parameter at `location` named `name`.
    pub fn new(location: ParamIn, name: impl Into<String>) -> RequestParam {
        RequestParam {
            location,
            name: name.into(),
        }
    }
}

impl Serialize for RequestParam {
    /// As its `method.request.<in>.<name>` string, so it can key a JSON map.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl fmt::Display for RequestParam {
    /// `method.request.path.folder`
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "method.request.{}.{}", self.location.as_str(), self.name)
    }
}

/// A response the method declares: its status and the headers it may carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MethodResponse {
    /// HTTP status code, as a string (`"200"`).
    pub status: String,
    /// Header names the response may carry, in declaration order.
    pub headers: Vec<String>,
    /// The model (by name, under the API's models) of the body, by content type.
    pub models: BTreeMap<String, String>,
}

impl MethodResponse {
    /// A response with `status` and no headers.
    pub fn new(status: impl Into<String>) -> MethodResponse {
        MethodResponse {
            status: status.into(),
            headers: Vec::new(),
            models: BTreeMap::new(),
        }
    }

    /// Adds a header.
    pub fn header(mut self, name: impl Into<String>) -> MethodResponse {
        self.headers.push(name.into());
        self
    }

    /// The response parameters as API Gateway declares them: `method.response.header.<name>`
    /// -> required (never: the integration may leave a header out).
    pub fn parameters(&self) -> Vec<(String, bool)> {
        self.headers
            .iter()
            .map(|h| (response_header(h), false))
            .collect()
    }
}

/// `method.response.header.<name>`: how API Gateway names a method response header.
pub fn response_header(name: &str) -> String {
    format!("method.response.header.{name}")
}

impl Method {
    /// The method's part of an `execute-api` ARN: `*/GET/upload/*` (any stage, path
    /// parameters as `*`), to scope permissions to this method.
    pub fn execute_api_path(&self) -> String {
        let parts: Vec<String> = self
            .path
            .segments()
            .iter()
            .map(|s| match s {
                super::path::Segment::Literal(l) => l.clone(),
                super::path::Segment::Param { .. } => "*".into(),
            })
            .collect();
        let verb = if self.verb == HttpMethod::Any {
            "*"
        } else {
            self.verb.as_str()
        };
        format!("*/{verb}/{}", parts.join("/"))
    }

    /// Every owned resource the method refers to (URI, mappings, templates, permissions).
    pub fn refs(&self) -> Vec<&super::owned::ResourceRef> {
        let i = &self.integration;
        let mut out: Vec<&super::owned::ResourceRef> = Vec::new();
        if let super::integration::Target::Path(p) = &i.target {
            out.extend(p.refs());
        }
        for s in i.request_parameters.values() {
            if let super::integration::RequestSource::Static(t) = s {
                out.extend(t.refs());
            }
        }
        for t in i.request_templates.values() {
            out.extend(t.refs());
        }
        for p in &i.permissions {
            for r in &p.resources {
                out.extend(r.refs());
            }
        }
        out
    }
}

/// What API Gateway checks in a request before calling the integration.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Validation {
    /// The body against the request model.
    Body,
    /// Required parameters are present.
    Parameters,
    /// Both.
    All,
}

impl Validation {
    /// The validator's name, unique per kind within an API.
    pub fn name(self) -> &'static str {
        match self {
            Validation::Body => "ValidateBody",
            Validation::Parameters => "ValidateParameters",
            Validation::All => "ValidateBodyAndParameters",
        }
    }

    /// Whether the body is validated.
    pub fn body(self) -> bool {
        matches!(self, Validation::Body | Validation::All)
    }

    /// Whether the parameters are validated.
    pub fn parameters(self) -> bool {
        matches!(self, Validation::Parameters | Validation::All)
    }
}

/// Settings of a method that no service decides: request validation and models, API keys.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MethodSettings {
    /// Request validation, if any.
    pub validation: Option<Validation>,
    /// Request body models by content type (model names of the API).
    pub request_models: BTreeMap<String, String>,
    /// Callers must send an API key of a usage plan (`x-api-key`).
    pub api_key_required: bool,
    /// Browsers on other origins may call it (the API's CORS settings apply).
    pub cors: bool,
    /// OAuth scopes a Cognito access token must carry.
    pub scopes: Vec<String>,
    /// Request parameters that join the path in the stage cache's key, so answers to
    /// different values are cached apart (left out of the snapshot when empty).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub cache_key_parameters: Vec<RequestParam>,
}

/// One method of the API: route, authorization, declared parameters, responses, integration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Method {
    /// The resource path it hangs on.
    pub path: ApiPath,
    /// The HTTP method clients use.
    pub verb: HttpMethod,
    /// A short identifier (`ListObjects`), used as the OpenAPI `operationId`.
    pub operation_id: String,
    /// One line on what it does.
    pub summary: Option<String>,
    /// Who may call it.
    pub authorization: Authorization,
    /// Declared request parameters and whether each is required.
    pub request_parameters: VecMap<RequestParam, bool>,
    /// Declared responses, in order.
    pub responses: Vec<MethodResponse>,
    /// The backend call.
    pub integration: Integration,
    /// Validation, models and API keys.
    pub settings: MethodSettings,
}

impl Method {
    /// Scanner checks the method does not meet, and why (see [`super::scan`]).
    pub fn scan_findings(&self) -> Vec<Explained> {
        let mut out = Vec::new();
        if self.authorization == Authorization::None
            && self.verb != HttpMethod::Options
            && !self.settings.api_key_required
        {
            out.push(Explained::new(
                "CKV_AWS_59",
                Formats::Both,
                "the blueprint opens this route to anyone (`auth: none`, no API key)",
            ));
        }
        if self.settings.validation.is_none() {
            let reason = if self.settings.request_models.is_empty() {
                "the route has no request model, so there is no body to validate; give it `request_model:` (its body is then validated) or `validate: parameters`"
            } else {
                "the blueprint turns request validation off for this route (`validate: off`)"
            };
            out.push(Explained::new("CKV2_AWS_53", Formats::Terraform, reason));
        }
        out
    }
}
