//! The YAML blueprint format: serde + schemars types that mirror the YAML one to one.
//! `gatewright schema` prints the JSON Schema of [`Blueprint`] for editors.

mod load;
pub mod output;
pub mod owns;
mod route;
mod shape;
pub mod stage;
pub mod streams;
pub mod subscription;
pub mod table;
pub mod workflows;

pub use load::{MAX_BLUEPRINT_BYTES, load_all, load_str, options as load_options, shape_error};
pub use output::{OutputSpec, ShapeSpec};
pub use owns::Owns;
pub use route::{
    ContentHandlingSpec, GENERIC_OPERATION, IntegrationResponseSpec, MethodResponseSpec,
    OPTION_KEYS, Route, Routes, ValidateSpec, is_operation_key, unknown_key_message,
};
pub use stage::{
    AccessLogSpec, CacheSpec, LoggingSpec, MethodSettingsSpec, StageSettingsSpec, StageSpec,
};

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// One REST API: its settings and routes (`METHOD /path: { service.operation: {...} }`).
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(title = "gatewright blueprint")]
pub struct Blueprint {
    /// The API's name, as the console shows it.
    pub api: String,
    /// What the API is for.
    #[serde(default)]
    pub description: Option<String>,
    /// Where API Gateway serves the API from (default `regional`).
    #[serde(default)]
    pub endpoint: Option<Endpoint>,
    /// Content types API Gateway treats as binary, such as `*/*` or `image/png`: needed to
    /// upload and download files unchanged.
    #[serde(default)]
    pub binary_media_types: Vec<String>,
    /// Who may call the routes unless a route says otherwise: `aws_iam` (default), `none`,
    /// or the name of an authorizer.
    #[serde(default)]
    pub auth: Option<Auth>,
    /// Cognito user pool and Lambda authorizers by name, for `auth: <name>`.
    #[serde(default)]
    pub authorizers: BTreeMap<String, AuthorizerSpec>,
    /// API keys and their usage plan, for routes with `api_key: true`.
    #[serde(default)]
    pub usage_plan: Option<UsagePlanSpec>,
    /// Who may reach the API at all (accounts, source IPs, VPC endpoints).
    #[serde(default)]
    pub resource_policy: Option<ResourcePolicySpec>,
    /// The stage: its name, first segment of the invoke URL (`stage: dev`, the default), or
    /// a mapping with the name and its settings (`stage: { name: prod, tracing: true,
    /// access_log: {}, cache_cluster_size: "0.5", method_settings: { metrics: true } }`).
    #[serde(default)]
    pub stage: Option<StageSpec>,
    /// Stage variables.
    #[serde(default)]
    pub stage_variables: BTreeMap<String, String>,
    /// Concrete values for the OpenAPI documents, which cannot refer to the deploying stack:
    /// with them, `openapi.json` and `swagger.json` import with `aws apigateway import-rest-api`.
    #[serde(default)]
    pub env: Option<EnvSpec>,
    /// Let browsers on other origins call the routes: an `OPTIONS` preflight on every path
    /// and `Access-Control-Allow-Origin` on every response. A route can opt out (`cors: false`).
    #[serde(default)]
    pub cors: Option<CorsSpec>,
    /// Request models by name: JSON Schema draft 4 documents that routes validate bodies
    /// against (`request_model: Order`, `validate: body`).
    #[serde(default)]
    pub models: BTreeMap<String, serde_json::Value>,
    /// API Gateway's own answers, given without calling a service (a refused signature, a
    /// failed validation, a throttled call, an unknown path), by response type: `DEFAULT_4XX`,
    /// `DEFAULT_5XX`, `ACCESS_DENIED`, `BAD_REQUEST_BODY`, `THROTTLED`, ... (AWS's names).
    #[serde(default)]
    pub gateway_responses: BTreeMap<String, GatewayResponseSpec>,
    /// Topics and queues created with the API, which routes name (`sns.publish: { topic: alerts }`).
    #[serde(default)]
    pub owns: Option<Owns>,
    /// Tags on every resource the API creates that takes tags (the API, its stage, owned
    /// queues, topics, buckets and keys, log groups, roles, distributions, the usage plan and
    /// its keys); an owned resource's own `tags:` are merged over them.
    #[serde(default)]
    pub tags: BTreeMap<String, String>,
    /// How CloudFormation and Terraform lay the API out: `output: { shape: body }` for the
    /// OpenAPI document as the RestApi's `Body` (large APIs), `resources` for one resource per
    /// method, `auto` (default) for `resources` while the stack fits CloudFormation's quotas.
    #[serde(default)]
    pub output: Option<OutputSpec>,
    /// The routes: `GET /{folder}: { s3.list_objects: { bucket: "{folder}" } }`.
    pub routes: Routes,
}

/// One gateway response: what API Gateway answers with for a response type.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GatewayResponseSpec {
    /// The status code to answer with (default: the response type's own, such as 403).
    #[serde(default)]
    pub status: Option<u16>,
    /// Response headers: name -> `'fixed value'`, `method.request.header.<name>`,
    /// `stageVariables.<name>` or `context.<variable>`.
    #[serde(default)]
    pub headers: BTreeMap<String, String>,
    /// Body mapping templates by content type, such as
    /// `application/json: '{"error": "$context.error.messageString"}'`.
    #[serde(default)]
    pub templates: BTreeMap<String, String>,
}

/// CORS settings.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CorsSpec {
    /// The allowed origin: `*` (default) or one origin such as `https://app.example.com`.
    #[serde(default)]
    pub allow_origin: Option<String>,
    /// Request headers browsers may send (default: Content-Type and the AWS signing headers).
    #[serde(default)]
    pub allow_headers: Option<Vec<String>>,
    /// Seconds browsers may cache the preflight answer.
    #[serde(default)]
    pub max_age: Option<u32>,
    /// Allow cookies and authorization headers (needs one origin, not `*`).
    #[serde(default)]
    pub allow_credentials: bool,
}

/// API Gateway endpoint types.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Endpoint {
    /// Served through an API Gateway-managed CloudFront distribution.
    Edge,
    /// Served in the API's region.
    Regional,
    /// Reachable only from VPC interface endpoints.
    Private,
}

/// Method authorization: `none`, `aws_iam` (SigV4-signed callers allowed by IAM), or the
/// name of an authorizer declared under `authorizers:`.
pub type Auth = String;

/// A Cognito user pool or Lambda authorizer: exactly one of `cognito_user_pools`,
/// `lambda_token` or `lambda_request`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AuthorizerSpec {
    /// ARNs of the Cognito user pools whose tokens are accepted.
    #[serde(default)]
    pub cognito_user_pools: Option<Vec<String>>,
    /// ARN of a Lambda function that checks a bearer token (`TOKEN` authorizer).
    #[serde(default)]
    pub lambda_token: Option<String>,
    /// ARN of a Lambda function that checks request parameters (`REQUEST` authorizer).
    #[serde(default)]
    pub lambda_request: Option<String>,
    /// Where the token comes from (default `method.request.header.Authorization`).
    #[serde(default)]
    pub identity_source: Option<String>,
    /// Seconds API Gateway caches a decision (0 to 3600, default 300).
    #[serde(default)]
    pub ttl_seconds: Option<u32>,
}

/// API keys and the usage plan that admits them, for routes with `api_key: true`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UsagePlanSpec {
    /// Steady requests per second and largest burst.
    #[serde(default)]
    pub throttle: Option<ThrottleSpec>,
    /// Requests per period.
    #[serde(default)]
    pub quota: Option<QuotaSpec>,
    /// API keys created with the plan, by name; their values stay in API Gateway.
    #[serde(default)]
    pub api_keys: Vec<String>,
    /// Per-route settings of the plan, by route (`POST /jobs`): a throttle of its own that
    /// overrides the plan's for that method.
    #[serde(default)]
    pub routes: BTreeMap<String, PlanRouteSpec>,
}

/// A usage plan's settings for one route.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PlanRouteSpec {
    /// Requests per second and burst for this method under the plan.
    pub throttle: ThrottleSpec,
}

/// Usage plan throttling.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ThrottleSpec {
    /// Steady-state requests per second.
    pub rate_limit: u32,
    /// Largest burst of requests.
    pub burst_limit: u32,
}

/// Usage plan quota.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuotaSpec {
    /// Requests per period.
    pub limit: u32,
    /// `DAY`, `WEEK` or `MONTH`.
    pub period: String,
}

/// Who may reach the API at all, whatever the route's authorization.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ResourcePolicySpec {
    /// Only these AWS accounts (12-digit ids).
    #[serde(default)]
    pub allow_accounts: Vec<String>,
    /// Only from these source IP ranges (CIDR).
    #[serde(default)]
    pub allow_source_ips: Vec<String>,
    /// Only through these VPC endpoints (`vpce-...`), for private APIs.
    #[serde(default)]
    pub allow_vpc_endpoints: Vec<String>,
}

/// Concrete deployment values for importable OpenAPI documents.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EnvSpec {
    /// The region the imported API calls services in, such as `us-west-2`.
    #[serde(default)]
    pub region: Option<String>,
    /// The ARN of an existing execution role (for example the `ExecutionRoleArn` output of
    /// the CloudFormation stack).
    #[serde(default)]
    pub execution_role_arn: Option<String>,
    /// The 12-digit account the imported API calls services in (queue paths and ARNs hold it).
    #[serde(default)]
    pub account_id: Option<String>,
    /// The real names of the resources under `owns:`, by their blueprint name
    /// (`jobs: orders-jobs-queue`): their ARNs, URLs and domains follow from the name,
    /// region and account.
    #[serde(default)]
    pub resources: BTreeMap<String, String>,
}

/// What reading a blueprint needs to know of the operations its routes may name. Blueprint
/// types know no service: the caller (lowering, from the services catalog) says which
/// operations exist and what arguments each takes.
#[derive(Debug, Clone)]
pub struct Operations {
    /// Qualified operation names (`aws`, `s3.get_object`), in catalog order.
    pub names: Vec<String>,
    /// The blueprint's JSON Schema with each operation's arguments (see [`schema_with`]).
    pub schema: serde_json::Value,
}

/// The description of the schema at `pointer` in `root`.
fn defs_description(root: &serde_json::Value, pointer: &str) -> Option<String> {
    root.pointer(pointer)?
        .get("description")?
        .as_str()
        .map(str::to_string)
}

/// The JSON Schema of the blueprint format with the operations `operations` registers in the
/// generator (qualified name and argument schema, in order): each becomes a property of a
/// route, and a route must name exactly one. This is the schema committed in
/// `schemas/blueprint.schema.json`.
pub fn schema_with(
    operations: impl FnOnce(&mut schemars::SchemaGenerator) -> Vec<(String, schemars::Schema)>,
) -> serde_json::Value {
    let mut generator = schemars::SchemaGenerator::default();
    let ops = operations(&mut generator);
    let mut schema = generator.into_root_schema_for::<Blueprint>().to_value();
    let mut props = serde_json::Map::new();
    let mut one_of = Vec::new();
    for (name, s) in ops {
        one_of.push(serde_json::json!({ "required": [name] }));
        // Each operation's property carries its arguments' description itself, so editors
        // show it on the key.
        let mut v = s.to_value();
        let described = v
            .get("$ref")
            .and_then(serde_json::Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| defs_description(&schema, p));
        if let (Some(d), Some(o)) = (described, v.as_object_mut()) {
            o.entry("description").or_insert(d.into());
        }
        props.insert(name, v);
    }
    if let Some(route) = schema
        .pointer_mut("/$defs/Route")
        .and_then(serde_json::Value::as_object_mut)
    {
        if let Some(options) = route
            .get("properties")
            .and_then(serde_json::Value::as_object)
        {
            props.extend(options.iter().map(|(k, v)| (k.clone(), v.clone())));
        }
        route.insert("properties".into(), props.into());
        route.insert("oneOf".into(), one_of.into());
    }
    schema
}
