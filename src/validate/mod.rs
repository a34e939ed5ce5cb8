//! Checks of generated and user-supplied documents: the official schema of each format, our
//! schema of the `x-amazon-apigateway-*` extensions, semantic lints, and the Terraform
//! provider schema. Every finding is a [`Diagnostic`](crate::Diagnostic) with a stable code.

pub mod document;
pub mod lints;
pub mod schemas;
pub mod terraform;

/// The kinds of document gatewright writes and `gatewright validate` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// A CloudFormation template (JSON or YAML, short-form tags allowed).
    CloudFormation,
    /// An OpenAPI 3.0.x document.
    OpenApi3,
    /// A Swagger 2.0 document.
    Swagger2,
    /// Terraform JSON configuration (`*.tf.json`).
    TerraformJson,
}

impl Format {
    /// A short name for messages.
    pub fn name(self) -> &'static str {
        match self {
            Format::CloudFormation => "CloudFormation template",
            Format::OpenApi3 => "OpenAPI 3.0 document",
            Format::Swagger2 => "Swagger 2.0 document",
            Format::TerraformJson => "Terraform JSON configuration",
        }
    }
}
