//! Telling which format a loaded document is, from its content.

use super::{UNKNOWN_FORMAT, UNSUPPORTED_VERSION};
use crate::diagnostic::{Diagnostic, Location};
use crate::validate::Format;
use serde_json::Value;

/// What format detection looks for, as a help line.
pub(super) const LOOKED_FOR: &str = "looked for `AWSTemplateFormatVersion` or `Resources` with `Type: AWS::...` \
     (CloudFormation), `openapi: 3.0.x` (OpenAPI), `swagger: \"2.0\"` (Swagger) and a `.tf.json` \
     name or a top-level `resource`, `terraform` or `provider` (Terraform JSON)";

pub(super) fn detect(
    file: &str,
    value: &Value,
    position: impl Fn(&str) -> Option<(usize, usize)>,
) -> Result<Format, Diagnostic> {
    let at = |ptr: &str| {
        let (line, column) = position(ptr).unwrap_or((0, 0));
        let mut l = Location::new(file, line, column);
        l.pointer = ptr.to_string();
        l
    };
    let Some(top) = value.as_object() else {
        let what = match value {
            Value::Null => "the document holds no data".to_string(),
            other => format!("the document is {}, not a mapping", kind(other)),
        };
        return Err(Diagnostic::error(UNKNOWN_FORMAT, what)
            .at(at(""))
            .help(LOOKED_FOR));
    };
    if file.to_ascii_lowercase().ends_with(".tf.json") {
        return Ok(Format::TerraformJson);
    }
    let cfn_resources = top
        .get("Resources")
        .and_then(Value::as_object)
        .is_some_and(|r| {
            r.values().any(|res| {
                res.get("Type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.starts_with("AWS::") || t.starts_with("Custom::"))
            })
        });
    if top.contains_key("AWSTemplateFormatVersion") || cfn_resources {
        return Ok(Format::CloudFormation);
    }
    if let Some(v) = top.get("openapi") {
        let version = version_text(v);
        return if version == "3.0" || version.starts_with("3.0.") {
            Ok(Format::OpenApi3)
        } else {
            let msg = if version.starts_with("3.1") {
                format!("OpenAPI {version} is not supported")
            } else {
                format!("unknown OpenAPI version `{version}`")
            };
            Err(Diagnostic::error(UNSUPPORTED_VERSION, msg)
                .at(at("/openapi"))
                .help("API Gateway REST APIs import OpenAPI 3.0.x and Swagger 2.0; write `openapi: 3.0.1`"))
        };
    }
    if let Some(v) = top.get("swagger") {
        let version = version_text(v);
        return if version == "2.0" || version == "2" {
            Ok(Format::Swagger2)
        } else {
            Err(Diagnostic::error(
                UNSUPPORTED_VERSION,
                format!("Swagger `{version}` is not supported"),
            )
            .at(at("/swagger"))
            .help("API Gateway imports Swagger 2.0 and OpenAPI 3.0.x; write `swagger: \"2.0\"`"))
        };
    }
    if ["resource", "terraform", "provider", "data", "module"]
        .iter()
        .any(|k| top.contains_key(*k))
    {
        return Ok(Format::TerraformJson);
    }
    Err(
        Diagnostic::error(UNKNOWN_FORMAT, "cannot tell what kind of document this is")
            .at(at(""))
            .help(LOOKED_FOR),
    )
}

fn version_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        other => kind(other).to_string(),
    }
}

pub(super) fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}
