//! A route of a blueprint: one operation (`s3.get_object: {...}`) plus optional overrides of
//! the operation's defaults, in the same mapping.

use super::Auth;
use schemars::{JsonSchema, Schema, SchemaGenerator, json_schema};
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// A method response, merged with the operation's by status: a status the operation
/// already answers gains the headers and models written here; a new status is added.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodResponseSpec {
    /// HTTP status code, such as `200`.
    pub status: u16,
    /// Header names the response may carry.
    #[serde(default)]
    pub headers: Vec<String>,
    /// The model (a name under `models:`) of the response body, by content type
    /// (`application/json: Order`).
    #[serde(default)]
    pub models: BTreeMap<String, String>,
}

/// An integration response, merged with the operation's by status (API Gateway keys
/// integration responses by status): for a status the operation already maps, what is
/// written here replaces that field (`pattern`, `content_handling`) or that entry (a header, a
/// template's content type) and the rest is kept; a new status is added.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IntegrationResponseSpec {
    /// Java regex on the backend's status code (`4\\d{2}`). For a new status, omit it for the
    /// default rule; for a status the operation maps, omit it to keep the operation's.
    #[serde(default)]
    pub pattern: Option<String>,
    /// The method response status it selects.
    pub status: u16,
    /// Method response header <- `integration.response.header.<Name>` or `'fixed value'`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Response mapping templates (VTL) by content type: they reshape the service's answer
    /// (read it with `$input.path('$.Field')`). `${AWS::Region}`, `${<owned>.arn}` and the
    /// other references are filled at deploy time.
    #[serde(default)]
    pub templates: BTreeMap<String, String>,
    /// Payload conversion of this response: `convert_to_binary` or `convert_to_text`.
    #[serde(default)]
    pub content_handling: Option<ContentHandlingSpec>,
}

/// Payload conversion between text and binary.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ContentHandlingSpec {
    /// Base64-decode a text payload into binary.
    ConvertToBinary,
    /// Base64-encode a binary payload into text.
    ConvertToText,
}

/// What a request validator checks.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ValidateSpec {
    /// The body against the request model.
    Body,
    /// Required headers, query strings and path parameters are present.
    Parameters,
    /// Both.
    All,
    /// Nothing, even when the route has a request model (which is validated by default).
    Off,
}

/// Keys a route may hold besides its operation.
pub const OPTION_KEYS: [&str; 19] = [
    "auth",
    "summary",
    "region",
    "timeout_ms",
    "passthrough",
    "content_handling",
    "request_parameters",
    "integration_parameters",
    "request_templates",
    "method_responses",
    "integration_responses",
    "response_content_handling",
    "validate",
    "request_model",
    "request_models",
    "api_key",
    "cors",
    "scopes",
    "method_settings",
];

/// What each route option does, as `gatewright schema` (and so editors, on hover) shows it.
pub fn option_description(key: &str) -> &'static str {
    match key {
        "auth" => {
            "Who may call this route: `none`, `aws_iam` or an authorizer's name (default: the API's `auth`)."
        }
        "summary" => "One line on what the route does (the OpenAPI summary).",
        "region" => "Call the service in this region (`eu-west-1`) instead of the API's own.",
        "timeout_ms" => "Integration timeout in milliseconds, 50 to 29,000 (default 29,000).",
        "passthrough" => {
            "What API Gateway does with a body whose content type has no request template: `when_no_match` (pass it), `when_no_templates`, or `never` (answer 415)."
        }
        "content_handling" => {
            "Request payload conversion: `convert_to_binary` (base64-decode text) or `convert_to_text` (base64-encode binary)."
        }
        "response_content_handling" => {
            "Response payload conversion on every integration response: `convert_to_binary` or `convert_to_text`."
        }
        "request_parameters" => {
            "Extra method request parameters, `header.X`, `querystring.X` or `path.X`, each `true` if required: `{ header.x-request-id: true }`."
        }
        "integration_parameters" => {
            "Extra or replaced integration request mappings: target (`header.x-amz-acl`, `querystring.prefix`, `path.bucket`) -> source (`method.request.header.x-acl`, `stageVariables.x`, `context.requestId`, or `'fixed'`, which may hold `${...}` references)."
        }
        "request_templates" => {
            "Request mapping templates (VTL) by content type; `${AWS::AccountId}`, `${<owned>.arn}` and the other references are filled at deploy time, `$${` is a literal `${`."
        }
        "method_responses" => {
            "Method responses merged with the operation's by status: headers and body models (`models: { application/json: Order }`) are added, a new status is added."
        }
        "integration_responses" => {
            "Integration responses merged with the operation's: an entry changes the rule of its `pattern`, else of its `status`, else the default rule; it may set `templates`, `headers`, `content_handling`."
        }
        "validate" => {
            "What API Gateway checks before calling the service: `body` (against `request_model`), `parameters` (required ones present), `all` or `off`. Default: `body` when the route has a request model, else nothing."
        }
        "request_model" => {
            "The model (a name under `models:`) the `application/json` body must match."
        }
        "request_models" => {
            "Models by content type, for bodies other than JSON: `{ application/xml: Order }`."
        }
        "api_key" => "Callers must send an API key of the usage plan in `x-api-key`.",
        "cors" => "CORS for this route: `false` opts out of the API's CORS, `true` opts in.",
        "scopes" => "OAuth scopes a Cognito access token must carry to call this route.",
        "method_settings" => {
            "The stage's settings for this route, over the API-wide `stage.method_settings`: `logging` (`off`, `error`, `info`), `metrics`, `data_trace`, `throttle` (`rate_limit`, `burst_limit`), `cache` (`enabled`, `ttl` 0 to 3600 s, `encrypted`; needs `stage.cache_cluster_size`)."
        }
        _ => "",
    }
}

/// One route: the operation it calls and any overrides of that operation's defaults.
#[derive(Debug)]
pub struct Route {
    /// The operation keys the route writes (`s3.get_object`, `aws`), in order. A route names
    /// exactly one; lowering checks that, and reads the operation's arguments with the
    /// service that knows them (blueprint types know no service).
    pub operations: Vec<String>,
    /// Authorization for this route (default: the API's).
    pub auth: Option<Auth>,
    /// One line on what the route does.
    pub summary: Option<String>,
    /// Call the service in this region instead of the API's own.
    pub region: Option<String>,
    /// Integration timeout in milliseconds (50 to 29,000).
    pub timeout_ms: Option<u32>,
    /// `when_no_match`, `when_no_templates` or `never`.
    pub passthrough: Option<String>,
    /// Request payload conversion: `convert_to_binary` or `convert_to_text`.
    pub content_handling: Option<ContentHandlingSpec>,
    /// Response payload conversion on every integration response.
    pub response_content_handling: Option<ContentHandlingSpec>,
    /// Extra method request parameters (`header.x-request-id: true` for required).
    pub request_parameters: BTreeMap<String, bool>,
    /// Extra or replaced integration request mappings
    /// (`header.x-amz-acl: "'private'"`, `querystring.prefix: method.request.querystring.p`).
    pub integration_parameters: BTreeMap<String, String>,
    /// Request mapping templates by content type.
    pub request_templates: BTreeMap<String, String>,
    /// What API Gateway checks before calling the service: `body`, `parameters`, `all` or
    /// `off` (default: `body` when the route has a request model).
    pub validate: Option<ValidateSpec>,
    /// The model (see `models:`) the `application/json` body must match.
    pub request_model: Option<String>,
    /// Models by content type, for bodies other than JSON.
    pub request_models: BTreeMap<String, String>,
    /// Callers must send an API key of the usage plan in `x-api-key`.
    pub api_key: bool,
    /// CORS for this route: `false` opts out of the API's CORS, `true` opts in.
    pub cors: Option<bool>,
    /// OAuth scopes a Cognito access token must carry.
    pub scopes: Vec<String>,
    /// Replaces the operation's method responses.
    pub method_responses: Option<Vec<MethodResponseSpec>>,
    /// Replaces the operation's integration responses.
    pub integration_responses: Option<Vec<IntegrationResponseSpec>>,
    /// The stage's settings for this route (logging, metrics, throttling, caching).
    pub method_settings: Option<super::MethodSettingsSpec>,
}

impl<'de> Deserialize<'de> for Route {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Route, D::Error> {
        d.deserialize_map(RouteVisitor)
    }
}

struct RouteVisitor;

impl<'de> Visitor<'de> for RouteVisitor {
    type Value = Route;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping with one operation such as `s3.get_object: { bucket: \"{folder}\", key: \"{item}\" }`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Route, A::Error> {
        let mut operations = Vec::new();
        let mut auth = None;
        let mut summary = None;
        let mut timeout_ms = None;
        let mut region = None;
        let mut content_handling = None;
        let mut response_content_handling = None;
        let mut passthrough = None;
        let mut request_parameters = None;
        let mut integration_parameters = None;
        let mut request_templates = None;
        let mut method_responses = None;
        let mut validate = None;
        let mut request_model = None;
        let mut request_models = None;
        let mut api_key = None;
        let mut cors = None;
        let mut scopes = None;
        let mut integration_responses = None;
        let mut method_settings = None;
        let mut seen: Vec<String> = Vec::new();
        while let Some(key) = map.next_key::<String>()? {
            if seen.contains(&key) {
                return Err(de::Error::custom(format!("duplicate key `{key}` in route")));
            }
            seen.push(key.clone());
            match key.as_str() {
                "auth" => auth = Some(map.next_value()?),
                "summary" => summary = Some(map.next_value()?),
                "timeout_ms" => timeout_ms = Some(map.next_value()?),
                "region" => region = Some(map.next_value()?),
                "content_handling" => content_handling = Some(map.next_value()?),
                "response_content_handling" => response_content_handling = Some(map.next_value()?),
                "passthrough" => passthrough = Some(map.next_value()?),
                "request_parameters" => request_parameters = Some(map.next_value()?),
                "integration_parameters" => integration_parameters = Some(map.next_value()?),
                "request_templates" => request_templates = Some(map.next_value()?),
                "method_responses" => method_responses = Some(map.next_value()?),
                "validate" => validate = Some(map.next_value()?),
                "request_model" => request_model = Some(map.next_value()?),
                "request_models" => request_models = Some(map.next_value()?),
                "api_key" => api_key = Some(map.next_value()?),
                "cors" => cors = Some(map.next_value()?),
                "scopes" => scopes = Some(map.next_value()?),
                "integration_responses" => integration_responses = Some(map.next_value()?),
                "method_settings" => method_settings = Some(map.next_value()?),
                name if is_operation_key(name) => {
                    map.next_value::<de::IgnoredAny>()?;
                    operations.push(name.to_string());
                }
                name => return Err(de::Error::custom(unknown_key_message(name, &[]))),
            }
        }
        Ok(Route {
            operations,
            auth,
            summary,
            region,
            timeout_ms,
            passthrough,
            content_handling,
            response_content_handling,
            request_parameters: request_parameters.unwrap_or_default(),
            integration_parameters: integration_parameters.unwrap_or_default(),
            request_templates: request_templates.unwrap_or_default(),
            validate,
            request_model,
            request_models: request_models.unwrap_or_default(),
            api_key: api_key.unwrap_or(false),
            cors,
            scopes: scopes.unwrap_or_default(),
            method_responses,
            integration_responses,
            method_settings,
        })
    }
}

/// True for a key that names an operation rather than a route option: `service.operation`,
/// or the generic `aws`.
pub fn is_operation_key(key: &str) -> bool {
    key == GENERIC_OPERATION || key.contains('.')
}

/// The key of the generic integration: `aws: { service, action | path, ... }`.
pub const GENERIC_OPERATION: &str = "aws";

/// "unknown operation `s3.put_objcet`, did you mean `s3.put_object`?", suggesting among
/// `ops` (the operations the services offer) and the route options.
pub fn unknown_key_message(name: &str, ops: &[String]) -> String {
    let candidates = ops.iter().map(String::as_str).chain(OPTION_KEYS);
    let what = if is_operation_key(name) {
        "operation"
    } else {
        "route key"
    };
    match crate::suggest::closest(name, candidates) {
        Some(s) => format!("unknown {what} `{name}`, did you mean `{s}`?"),
        None => format!(
            "unknown {what} `{name}`; operations are {}, options are {}",
            ops.join(", "),
            OPTION_KEYS.join(", ")
        ),
    }
}

impl JsonSchema for Route {
    fn schema_name() -> Cow<'static, str> {
        "Route".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        // The operations' own properties (and the `oneOf` that asks for exactly one) are added
        // by `blueprint::schema_with`, from the services catalog lowering passes in.
        let mut props = serde_json::Map::new();
        let options: [(&str, Schema); 19] = [
            ("scopes", generator.subschema_for::<Vec<String>>()),
            ("cors", generator.subschema_for::<bool>()),
            ("validate", generator.subschema_for::<ValidateSpec>()),
            ("request_model", generator.subschema_for::<String>()),
            (
                "request_models",
                generator.subschema_for::<BTreeMap<String, String>>(),
            ),
            ("api_key", generator.subschema_for::<bool>()),
            ("auth", generator.subschema_for::<Auth>()),
            ("summary", generator.subschema_for::<String>()),
            (
                "region",
                json_schema!({ "type": "string", "pattern": "^[a-z]{2}(-[a-z]+)+-[0-9]$" }),
            ),
            (
                "content_handling",
                generator.subschema_for::<ContentHandlingSpec>(),
            ),
            (
                "response_content_handling",
                generator.subschema_for::<ContentHandlingSpec>(),
            ),
            (
                "timeout_ms",
                json_schema!({
                    "type": "integer",
                    "minimum": crate::limits::MIN_TIMEOUT_MS,
                    "maximum": crate::limits::MAX_TIMEOUT_MS,
                }),
            ),
            (
                "passthrough",
                json_schema!({ "enum": ["when_no_match", "when_no_templates", "never"] }),
            ),
            (
                "request_parameters",
                generator.subschema_for::<BTreeMap<String, bool>>(),
            ),
            (
                "integration_parameters",
                generator.subschema_for::<BTreeMap<String, String>>(),
            ),
            (
                "request_templates",
                generator.subschema_for::<BTreeMap<String, String>>(),
            ),
            (
                "method_responses",
                generator.subschema_for::<Vec<MethodResponseSpec>>(),
            ),
            (
                "integration_responses",
                generator.subschema_for::<Vec<IntegrationResponseSpec>>(),
            ),
            (
                "method_settings",
                generator.subschema_for::<super::MethodSettingsSpec>(),
            ),
        ];
        for (k, s) in options {
            let mut v = s.to_value();
            if let Some(o) = v.as_object_mut() {
                o.insert("description".into(), option_description(k).into());
            }
            props.insert(k.to_string(), v);
        }
        json_schema!({
            "description": "One operation (such as `s3.get_object`) and optional overrides of its defaults.",
            "type": "object",
            "properties": props,
            "additionalProperties": false,
        })
    }
}

/// The routes of a blueprint, in the order written, keyed `METHOD /path`.
#[derive(Debug, Default)]
pub struct Routes(pub Vec<(String, Route)>);

impl<'de> Deserialize<'de> for Routes {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Routes, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Routes;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of `METHOD /path` to a route")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Routes, A::Error> {
                let mut out: Vec<(String, Route)> = Vec::new();
                // Keys seen so far, so that a large API's duplicate check stays linear.
                let mut seen = std::collections::HashSet::new();
                while let Some(key) = map.next_key::<String>()? {
                    if !seen.insert(key.clone()) {
                        return Err(de::Error::custom(format!("route `{key}` appears twice")));
                    }
                    let route = map.next_value()?;
                    out.push((key, route));
                }
                Ok(Routes(out))
            }
        }
        d.deserialize_map(V)
    }
}

impl JsonSchema for Routes {
    fn schema_name() -> Cow<'static, str> {
        "Routes".into()
    }

    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let route = generator.subschema_for::<Route>().to_value();
        json_schema!({
            "description": "Routes keyed `METHOD /path` (GET PUT POST DELETE HEAD OPTIONS PATCH ANY).",
            "type": "object",
            "propertyNames": { "pattern": "^(GET|PUT|POST|DELETE|HEAD|OPTIONS|PATCH|ANY) /" },
            "additionalProperties": route,
            "minProperties": 1,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Routes;

    /// A route written twice is refused, whatever reads the map (the blueprint loader refuses
    /// duplicate YAML keys before this; JSON readers hand them over).
    #[test]
    fn a_route_written_twice_is_refused() {
        let twice = r#"{"GET /a": {"s3.list_buckets": {}}, "GET /b": {"s3.list_buckets": {}}, "GET /a": {"s3.list_buckets": {}}}"#;
        let err = serde_json::from_str::<Routes>(twice).expect_err("refused");
        assert!(
            err.to_string().contains("route `GET /a` appears twice"),
            "{err}"
        );
        let once = r#"{"GET /a": {"s3.list_buckets": {}}, "GET /b": {"s3.list_buckets": {}}}"#;
        assert_eq!(serde_json::from_str::<Routes>(once).unwrap().0.len(), 2);
    }
}
