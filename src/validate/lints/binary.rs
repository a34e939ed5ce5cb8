//! Binary media types against content handling. With no binary media types API Gateway treats
//! every payload as UTF-8 text: `CONVERT_TO_BINARY` then base64-decodes every body (a warning:
//! only right when clients send base64), `CONVERT_TO_TEXT` changes nothing (a note: exported
//! Lambda proxies carry it by default), and a binary upload passed through to S3 arrives
//! re-encoded as text ("Content type conversions in API Gateway", API Gateway developer guide).

use super::view::ApiView;
use super::{BINARY_PASSTHROUGH, CONTENT_HANDLING, Sink};

pub(super) fn check(api: &ApiView, sink: &mut Sink) {
    if api.binary_media_types != Some(false) {
        return;
    }
    for m in &api.methods {
        let Some(i) = &m.integration else { continue };
        if i.first_class {
            continue;
        }
        let handlings = i.content_handling.iter().map(|c| (c, "request")).chain(
            i.responses
                .iter()
                .filter_map(|r| r.content_handling.as_ref())
                .map(|c| (c, "response")),
        );
        for (ch, side) in handlings {
            match ch.value.as_str() {
                "CONVERT_TO_BINARY" => sink.warning(
                    CONTENT_HANDLING,
                    &ch.pointer,
                    format!(
                        "CONVERT_TO_BINARY on the {side} of {} base64-decodes every {side} body, because the API declares no binary media types",
                        m.route()
                    ),
                    format!(
                        "without binary media types every payload is text, so this only suits {side} bodies \
                         sent as base64; to pass raw binary through, add binary media types (for example `*/*`)"
                    ),
                ),
                "CONVERT_TO_TEXT" => sink.note(
                    CONTENT_HANDLING,
                    &ch.pointer,
                    format!(
                        "CONVERT_TO_TEXT on the {side} of {} has no effect: the API declares no binary media types, so every payload is already text",
                        m.route()
                    ),
                    "drop the content handling, or add the binary media types the API serves",
                ),
                _ => {}
            }
        }
        let passes_binary_to_s3 = i.kind.as_deref() == Some("AWS")
            && matches!(i.http_method.as_deref(), Some("PUT" | "POST"))
            && i.uri
                .as_ref()
                .is_some_and(|u| s3_object_path(&u.value.masked()))
            && !i.has_request_templates
            && i.content_handling.is_none();
        if passes_binary_to_s3 {
            sink.warning(
                BINARY_PASSTHROUGH,
                &i.pointer,
                format!(
                    "{} passes the request body to S3 unchanged, but the API declares no binary media types: \
                     binary uploads (images, archives) reach S3 re-encoded as UTF-8 text",
                    m.route()
                ),
                "add the uploaded media types (or `*/*`) to the API's binary media types",
            );
        }
    }
}

/// True for an S3 object path URI: `...:s3:path/{bucket}/{key}` or `...:{bucket}.s3:path/{key}`.
fn s3_object_path(uri: &str) -> bool {
    let f: Vec<&str> = uri.splitn(6, ':').collect();
    let [_, _, _, _, service, rest] = f.as_slice() else {
        return false;
    };
    let Some(path) = rest.strip_prefix("path/") else {
        return false;
    };
    let segments = path.split('/').filter(|s| !s.is_empty()).count();
    match *service {
        "s3" => segments >= 2,
        s => s.ends_with(".s3") && segments >= 1,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Severity;
    use crate::validate::Format;
    use serde_json::json;

    #[test]
    fn content_handling_without_binary_media_types() {
        let doc = cfn(|d| {
            at(d, "/Resources/Api/Properties")
                .as_object_mut()
                .unwrap()
                .remove("BinaryMediaTypes");
            let i = at(d, "/Resources/Get/Properties/Integration")
                .as_object_mut()
                .unwrap();
            i.insert("ContentHandling".into(), json!("CONVERT_TO_TEXT"));
        });
        assert_eq!(
            only(Format::CloudFormation, &doc, CONTENT_HANDLING),
            vec![(
                "/Resources/Get/Properties/Integration/ContentHandling".to_string(),
                Severity::Note
            )]
        );
        let with_types = cfn(|d| {
            let i = at(d, "/Resources/Get/Properties/Integration")
                .as_object_mut()
                .unwrap();
            i.insert("ContentHandling".into(), json!("CONVERT_TO_TEXT"));
        });
        assert!(only(Format::CloudFormation, &with_types, CONTENT_HANDLING).is_empty());
        let doc = oas(|d| {
            d.as_object_mut()
                .unwrap()
                .remove("x-amazon-apigateway-binary-media-types");
            at(
                d,
                "/paths/~1{folder}/get/x-amazon-apigateway-integration/responses/default",
            )
            .as_object_mut()
            .unwrap()
            .insert("contentHandling".into(), json!("CONVERT_TO_BINARY"));
        });
        assert_eq!(
            only(Format::OpenApi3, &doc, CONTENT_HANDLING),
            vec![(
                "/paths/~1{folder}/get/x-amazon-apigateway-integration/responses/default/contentHandling".to_string(),
                Severity::Warning
            )]
        );
    }

    #[test]
    fn object_paths() {
        assert!(s3_object_path(
            "arn:aws:apigateway:r:s3:path/{bucket}/{key}"
        ));
        assert!(s3_object_path(
            "arn:aws:apigateway:r:{bucket}.s3:path/{key}"
        ));
        assert!(!s3_object_path("arn:aws:apigateway:r:s3:path/{bucket}"));
        assert!(!s3_object_path("arn:aws:apigateway:r:sqs:path/1/q"));
    }

    #[test]
    fn s3_upload_on_a_text_only_api() {
        let put = |binary: bool| {
            tf(move |d| {
                if !binary {
                    at(d, "/resource/aws_api_gateway_rest_api/api")
                        .as_object_mut()
                        .unwrap()
                        .remove("binary_media_types");
                }
                *at(d, "/resource/aws_api_gateway_method/get/http_method") = json!("PUT");
                *at(
                    d,
                    "/resource/aws_api_gateway_integration/get/integration_http_method",
                ) = json!("PUT");
                *at(d, "/resource/aws_api_gateway_integration/get/uri") =
                    json!("arn:aws:apigateway:us-east-1:s3:path/{bucket}/{key}");
            })
        };
        assert!(only(Format::TerraformJson, &put(true), BINARY_PASSTHROUGH).is_empty());
        assert_eq!(
            only(Format::TerraformJson, &put(false), BINARY_PASSTHROUGH),
            vec![(
                "/resource/aws_api_gateway_integration/get".to_string(),
                Severity::Warning
            )]
        );
    }
}
