//! How the deployable outputs lay the API out: one CloudFormation resource (or Terraform
//! block) per API Gateway resource and method, or the OpenAPI document as the RestApi's
//! `Body`. Large APIs need the second: a stack holds at most 500 resources and 1 MB.

use serde::Serialize;

/// The output shape a blueprint asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Shape {
    /// The resources shape while the stack stays under CloudFormation's quotas (500
    /// resources, 1 MB), else the body shape (for CloudFormation only when its document can
    /// deploy: inside the template, or beside it without placeholders).
    #[default]
    Auto,
    /// One resource per API Gateway resource, method, model and response: reviewable diffs.
    Resources,
    /// One RestApi whose `Body` is the OpenAPI document: a handful of resources whatever the
    /// API's size, created by one `PutRestApi` call.
    Body,
}

impl Shape {
    /// The spelling of the blueprint (`auto`, `resources`, `body`).
    pub fn as_str(self) -> &'static str {
        match self {
            Shape::Auto => "auto",
            Shape::Resources => "resources",
            Shape::Body => "body",
        }
    }
}
