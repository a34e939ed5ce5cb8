//! `output:`: how the CloudFormation and Terraform outputs lay the API out.

use schemars::JsonSchema;
use serde::Deserialize;

/// How the deployable outputs are laid out (`output: { shape: body }`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct OutputSpec {
    /// `resources`: one CloudFormation resource (Terraform block) per API Gateway resource
    /// and method, for reviewable diffs; `body`: the OpenAPI document as the RestApi's `Body`,
    /// a handful of resources whatever the API's size (one `PutRestApi`); `auto` (default):
    /// `resources` while the stack stays under CloudFormation's 500 resources and 1 MB, else
    /// `body`.
    #[serde(default)]
    pub shape: Option<ShapeSpec>,
}

/// The output shapes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum ShapeSpec {
    /// `resources` while the stack fits CloudFormation's quotas, else `body`.
    Auto,
    /// One resource per API Gateway resource and method.
    Resources,
    /// The OpenAPI document as the RestApi's `Body`.
    Body,
}
