//! A body-shape template whose OpenAPI document goes beside it in S3 (`BodyS3Location`,
//! past 1 MB with the document inside): API Gateway imports that file as it is, so it must
//! hold no placeholder, and it cannot name resources the stack creates under names of its
//! own choosing.

use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::{OwnedKind, RestApi};
use serde_json::Value;

/// Why `openapi` (the document beside the template, read from S3 key `key`) cannot deploy
/// as it is: each finding an error at `at` (the blueprint's `env`, else its `output`, else
/// its first line).
pub(super) fn check(
    api: &RestApi,
    stem: &str,
    at: &Location,
    key: &str,
    openapi: &Value,
) -> Vec<Diagnostic> {
    let why = format!(
        "{stem}/cloudformation.json is over 1 MB with the OpenAPI document inside, so it reads {stem}/openapi.json from S3 (`{key}`), which API Gateway imports as it is"
    );
    let mut out = Vec::new();
    let owned: Vec<String> = OwnedKind::ALL
        .into_iter()
        .flat_map(|k| api.owned.names(k))
        .map(|n| format!("`{n}`"))
        .collect();
    if !owned.is_empty() {
        out.push(
            Diagnostic::error(
                codes::OPENAPI_PLACEHOLDER,
                format!("{why}: it cannot name {}, which the stack creates", owned.join(", ")),
            )
            .at(at.clone())
            .help("keep the API's own resources in a stack of their own and name them by ARN, or make the API smaller than 1 MB of template"),
        );
    }
    let found = crate::emit::openapi::placeholders_in(api, openapi);
    if !found.is_empty() {
        let names: Vec<String> = found.iter().map(|(p, _)| format!("`{p}`")).collect();
        let mut keys: Vec<&str> = found.iter().filter_map(|(_, k)| k.as_deref()).collect();
        keys.sort();
        keys.dedup();
        out.push(
            Diagnostic::error(
                codes::OPENAPI_PLACEHOLDER,
                format!("{why}: it keeps {}", names.join(", ")),
            )
            .at(at.clone())
            .help(format!(
                "set {} (the stack names its execution role as `env.execution_role_arn` ends)",
                if keys.is_empty() {
                    "every value under `env:`".to_string()
                } else {
                    keys.join(", ")
                }
            )),
        );
    }
    out
}
