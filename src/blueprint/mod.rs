//! The YAML blueprint format: serde + schemars types that mirror the YAML one to one.
//! `gatewright schema` prints the JSON Schema of [`Blueprint`] for editors.

mod load;
mod route;

pub use load::{MAX_BLUEPRINT_BYTES, load_str};
pub use route::{
    ContentHandlingSpec, IntegrationResponseSpec, MethodResponseSpec, Route, Routes, ValidateSpec,
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
    /// Who may call the routes unless a route says otherwise (default `aws_iam`).
    #[serde(default)]
    pub auth: Option<Auth>,
    /// The stage name, first segment of the invoke URL (default `dev`).
    #[serde(default)]
    pub stage: Option<String>,
    /// Stage variables.
    #[serde(default)]
    pub stage_variables: BTreeMap<String, String>,
    /// Concrete values for the OpenAPI documents, which cannot refer to the deploying stack:
    /// with them, `openapi.json` and `swagger.json` import with `aws apigateway import-rest-api`.
    #[serde(default)]
    pub env: Option<EnvSpec>,
    /// Request models by name: JSON Schema draft 4 documents that routes validate bodies
    /// against (`request_model: Order`, `validate: body`).
    #[serde(default)]
    pub models: BTreeMap<String, serde_json::Value>,
    /// Topics and queues created with the API, which routes name (`sns.publish: { topic: alerts }`).
    #[serde(default)]
    pub owns: Option<Owns>,
    /// The routes: `GET /{folder}: { s3.list_objects: { bucket: "{folder}" } }`.
    pub routes: Routes,
}

/// Resources the blueprint creates besides the API.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Owns {
    /// SNS topics by name.
    #[serde(default)]
    pub topics: BTreeMap<String, TopicSpec>,
    /// SQS queues by name.
    #[serde(default)]
    pub queues: BTreeMap<String, QueueSpec>,
}

/// An SNS topic.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TopicSpec {
    /// A FIFO topic (ordered, deduplicated; publishers give a message group).
    #[serde(default)]
    pub fifo: bool,
    /// Owned queues that receive every message (raw delivery); the queue policy lets only
    /// this topic send.
    #[serde(default)]
    pub subscribers: Vec<String>,
}

/// An SQS queue.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QueueSpec {
    /// A FIFO queue (ordered per message group, exactly-once).
    #[serde(default)]
    pub fifo: bool,
    /// FIFO only: deduplicate by a hash of the body when no deduplication id is sent.
    #[serde(default)]
    pub content_based_deduplication: bool,
    /// Seconds a received message stays hidden from other consumers (0 to 43200).
    #[serde(default)]
    pub visibility_timeout: Option<u32>,
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

/// Method authorization.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Auth {
    /// Open to anyone who can reach the endpoint.
    None,
    /// SigV4-signed callers allowed `execute-api:Invoke` by IAM.
    AwsIam,
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
}

/// The JSON Schema of the blueprint format, as committed in `schemas/blueprint.schema.json`.
pub fn schema_json() -> String {
    let schema = schemars::schema_for!(Blueprint);
    crate::synth::to_json(&schema.to_value())
}
