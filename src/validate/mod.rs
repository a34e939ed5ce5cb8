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
    check_document_with(format, doc, file, terraform_schema, false, || ()).0
}

/// [`check_document`] with `also` run beside it, and what `also` returned. When `parallel`
/// (a large document), the lints run on one thread while the schemas and then `also` run on
/// another: the lints are the longer half, so a large document is checked and written in the
/// time of its lints. Findings come in [`check_document`]'s order either way.
pub fn check_document_with<R: Send>(
    format: Format,
    doc: &Value,
    file: &str,
    terraform_schema: Option<&terraform::ProviderSchema>,
    parallel: bool,
    also: impl FnOnce() -> R + Send,
) -> (Vec<Diagnostic>, R) {
    let (linted, ((mut out, provider), r)) = crate::par::join_when(
        parallel,
        || lints::check(format, doc, file),
        || {
            let schemas = schemas::check(format, doc, file);
            let provider = match (format, terraform_schema) {
                (Format::TerraformJson, Some(schema)) => terraform::check(doc, schema, file),
                _ => Vec::new(),
            };
            ((schemas, provider), also())
        },
    );
    out.extend(linted);
    out.extend(provider);
    (out, r)
}
