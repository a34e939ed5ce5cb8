//! Gateway responses: the answers API Gateway gives itself, without calling the
//! integration (a refused token, a failed validation, a throttled call, an unknown path).
//! An API may set each response type's status, headers and body templates; CORS adds its
//! headers to the default 4XX and 5XX responses so browsers can read those errors too.

use super::text::Text;
use serde::Serialize;
use std::collections::BTreeMap;

/// The response types API Gateway lets an API customize.
pub const RESPONSE_TYPES: [&str; 21] = [
    "DEFAULT_4XX",
    "DEFAULT_5XX",
    "ACCESS_DENIED",
    "API_CONFIGURATION_ERROR",
    "AUTHORIZER_CONFIGURATION_ERROR",
    "AUTHORIZER_FAILURE",
    "BAD_REQUEST_BODY",
    "BAD_REQUEST_PARAMETERS",
    "EXPIRED_TOKEN",
    "INTEGRATION_FAILURE",
    "INTEGRATION_TIMEOUT",
    "INVALID_API_KEY",
    "INVALID_SIGNATURE",
    "MISSING_AUTHENTICATION_TOKEN",
    "QUOTA_EXCEEDED",
    "REQUEST_TOO_LARGE",
    "RESOURCE_NOT_FOUND",
    "THROTTLED",
    "UNAUTHORIZED",
    "UNSUPPORTED_MEDIA_TYPE",
    "WAF_FILTERED",
];

/// One customized gateway response.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct GatewayResponse {
    /// The status code to answer with; `None` keeps the response type's own.
    pub status: Option<String>,
    /// Response parameter (`gatewayresponse.header.<name>`) -> source (`'fixed'`,
    /// `method.request.header.<name>`, `stageVariables.<name>`).
    pub headers: BTreeMap<String, String>,
    /// Body mapping templates by content type (`$context.error.messageString` and the other
    /// `$context` variables are available).
    pub templates: BTreeMap<String, Text>,
}

/// `gatewayresponse.header.<name>`: how API Gateway names a gateway response header.
pub fn header(name: &str) -> String {
    format!("gatewayresponse.header.{name}")
}

/// True for a gateway response header source API Gateway understands: a quoted value, a
/// method request parameter, a stage variable, or a context variable.
pub fn is_header_source(v: &str) -> bool {
    let named = |prefix: &str| v.strip_prefix(prefix).is_some_and(|n| !n.is_empty());
    (v.len() >= 2 && v.starts_with('\'') && v.ends_with('\''))
        || named("method.request.header.")
        || named("method.request.querystring.")
        || named("method.request.path.")
        || named("stageVariables.")
        || named("context.")
}
