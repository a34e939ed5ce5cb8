//! The quotas of an OpenAPI document that is a RestApi's body (the body shape): API Gateway
//! imports at most 6 MB (`PutRestApi`), and 300 resources per API by default. The document's
//! other lints run through the OpenAPI adapter (CloudFormation) or on `openapi.json`.

use super::{BODY_SIZE, Sink, ptr, quotas};
use crate::limits::MAX_IMPORT_BYTES;
use serde_json::Value;

/// Warns when `doc` (found at `base`), written as compact JSON, passes 6 MB.
pub(super) fn check_size(doc: &Value, base: &str, sink: &mut Sink) {
    size(crate::json::compact_len(doc), base, sink);
}

fn size(bytes: usize, at: &str, sink: &mut Sink) {
    if bytes > MAX_IMPORT_BYTES {
        sink.warning(
            BODY_SIZE,
            at,
            format!("the OpenAPI document is {bytes} bytes; API Gateway imports at most {MAX_IMPORT_BYTES}"),
            "split the API across several REST APIs (each under 6 MB), or deploy it in the resources shape",
        );
    }
}

/// Every `AWS::ApiGateway::RestApi` whose `Body` is an OpenAPI document: its size and its
/// API resources.
pub(super) fn check_cloudformation(doc: &Value, sink: &mut Sink) {
    let Some(resources) = doc.get("Resources").and_then(Value::as_object) else {
        return;
    };
    for (id, r) in resources {
        if r.get("Type").and_then(Value::as_str) != Some("AWS::ApiGateway::RestApi") {
            continue;
        }
        let Some(body) = r
            .pointer("/Properties/Body")
            .filter(|b| b.get("paths").is_some())
        else {
            continue;
        };
        let base = ptr(&ptr(&ptr("/Resources", id), "Properties"), "Body");
        check_size(body, &base, sink);
        quotas::check_openapi_at(body, &base, sink);
    }
}

/// The keys of an OpenAPI document's `paths`, read without the values.
#[derive(serde::Deserialize)]
struct PathKeys {
    paths: Option<std::collections::HashMap<String, serde::de::IgnoredAny>>,
}

/// Every `aws_api_gateway_rest_api` whose `body` is an OpenAPI document in JSON: its size
/// (interpolations still unresolved, so the size is near what Terraform sends) and its API
/// resources.
pub(super) fn check_terraform(doc: &Value, sink: &mut Sink) {
    let Some(apis) = doc
        .pointer("/resource/aws_api_gateway_rest_api")
        .and_then(Value::as_object)
    else {
        return;
    };
    for (name, block) in apis {
        let Some(body) = block.get("body").and_then(Value::as_str) else {
            continue;
        };
        let at = ptr(&ptr("/resource/aws_api_gateway_rest_api", name), "body");
        size(body.len(), &at, sink);
        // Only the path keys matter: the rest of the document is skipped while read, not
        // built as a tree.
        if let Ok(parsed) = serde_json::from_str::<PathKeys>(body)
            && let Some(paths) = parsed.paths
        {
            quotas::check_paths(paths.keys().map(String::as_str), &at, sink);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use crate::Severity;
    use crate::validate::Format;
    use serde_json::{Value, json};

    /// An OpenAPI document with `n` sibling paths, each `pad` bytes of summary long.
    fn document(n: usize, pad: usize) -> Value {
        let paths: serde_json::Map<String, Value> = (0..n)
            .map(|i| {
                (
                    format!("/p{i}"),
                    json!({ "get": { "summary": "x".repeat(pad), "responses": { "200": { "description": "ok" } } } }),
                )
            })
            .collect();
        json!({ "openapi": "3.0.1", "info": { "title": "T", "version": "1" }, "paths": paths })
    }

    fn in_cfn(body: Value) -> Value {
        json!({ "Resources": { "Api": { "Type": "AWS::ApiGateway::RestApi", "Properties": { "Name": "A", "Body": body } } } })
    }

    fn in_tf(body: &Value) -> Value {
        json!({ "resource": { "aws_api_gateway_rest_api": { "api": { "name": "A", "body": body.to_string() } } } })
    }

    #[test]
    fn api_resources_in_a_body_up_to_the_quota() {
        let base = "/Resources/Api/Properties/Body/paths";
        assert!(only(Format::CloudFormation, &in_cfn(document(300, 1)), "GW0352").is_empty());
        assert_eq!(
            only(Format::CloudFormation, &in_cfn(document(301, 1)), "GW0352"),
            [(base.to_string(), Severity::Warning)]
        );
        assert!(only(Format::TerraformJson, &in_tf(&document(300, 1)), "GW0352").is_empty());
        assert_eq!(
            only(Format::TerraformJson, &in_tf(&document(301, 1)), "GW0352"),
            [(
                "/resource/aws_api_gateway_rest_api/api/body/paths".to_string(),
                Severity::Warning
            )]
        );
    }

    #[test]
    fn bodies_past_six_megabytes() {
        // 100 paths of 64 KiB each: 6.25 MiB; 90 of them: 5.6 MiB.
        let big = document(100, 64 * 1024);
        let fits = document(90, 64 * 1024);
        for (format, doc, at) in [
            (
                Format::CloudFormation,
                in_cfn(big.clone()),
                "/Resources/Api/Properties/Body",
            ),
            (
                Format::TerraformJson,
                in_tf(&big),
                "/resource/aws_api_gateway_rest_api/api/body",
            ),
            (Format::OpenApi3, big.clone(), ""),
        ] {
            assert_eq!(
                only(format, &doc, "GW0359"),
                [(at.to_string(), Severity::Warning)],
                "{format:?}"
            );
        }
        assert!(only(Format::CloudFormation, &in_cfn(fits.clone()), "GW0359").is_empty());
        assert!(only(Format::TerraformJson, &in_tf(&fits), "GW0359").is_empty());
        assert!(only(Format::OpenApi3, &fits, "GW0359").is_empty());
    }
}
