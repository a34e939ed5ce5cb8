//! Checks of generated and user-supplied documents: the official schema of each format, our
//! schema of the `x-amazon-apigateway-*` extensions, semantic lints, and the Terraform
//! provider schema. Every finding is a [`Diagnostic`] with a stable code.

pub mod document;
mod graph;
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

use crate::diagnostic::Diagnostic;
use serde_json::Value;

/// Every check for a document of `format`: official schemas, extension schema, lints, and the
/// Terraform provider schema when one is given. Locations are JSON pointers in `file`.
pub fn check_document(
    format: Format,
    doc: &Value,
    file: &str,
    terraform_schema: Option<&terraform::ProviderSchema>,
) -> Vec<Diagnostic> {
    let mut out = schemas::check(format, doc, file);
    out.extend(lints::check(format, doc, file));
    if let (Format::TerraformJson, Some(schema)) = (format, terraform_schema) {
        out.extend(terraform::check(doc, schema, file));
    }
    out
}
