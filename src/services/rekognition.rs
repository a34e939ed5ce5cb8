//! Amazon Rekognition through API Gateway: a JSON-protocol service, called with
//! `X-Amz-Target: RekognitionService.<Action>` and `Content-Type: application/x-amz-json-1.1`
//! on the service root, with a mapping template that builds the JSON request (seed 004).
//!
//! Rekognition's image actions have no resource-level permissions, so the role gets the exact
//! action on `*`; an image read from S3 also needs `s3:GetObject` on those objects.

use super::args::{PathTemplate, Piece, check_range};
use super::common;
use super::s3;
use super::vtl::{self, RequestValue};
use crate::codes;
use crate::model::VecMap;
use crate::model::owned::text_ref;
use crate::model::{
    ApiPath, Attr, ContentHandling, HttpMethod, Integration, IntegrationParam, Method, OpError,
    Operation, OwnedKind, ParamIn, Passthrough, Permission, RequestParam, RequestSource, Target,
    Text,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

/// Image types a detect-labels route accepts in the request body.
pub const IMAGE_TYPES: [&str; 2] = ["image/jpeg", "image/png"];

/// `rekognition.detect_labels`: labels for an image sent as the body, or stored in S3.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DetectLabels {
    /// Read the image from S3 instead of the body: the bucket (`"{bucket}"` or fixed).
    #[serde(default)]
    pub s3_bucket: Option<String>,
    /// With `s3_bucket`: the object key (`"{key}"`, `"photos/{name}"` or fixed).
    #[serde(default)]
    pub s3_key: Option<String>,
    /// At most this many labels (1 to 1000).
    #[serde(default)]
    pub max_labels: Option<u32>,
    /// Only labels with at least this confidence (0 to 100).
    #[serde(default)]
    pub min_confidence: Option<f32>,
}

/// `rekognition.list_collections`: the account's face collections.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListCollections {
    /// Page size (1 to 4096).
    #[serde(default)]
    pub max_results: Option<u32>,
}

/// The integration every Rekognition action shares; the caller adds templates.
fn integration(action: &str, permissions: Vec<Permission>) -> Integration {
    let mut mappings = VecMap::new();
    mappings.insert(
        IntegrationParam::Header("X-Amz-Target".into()),
        RequestSource::fixed(format!("RekognitionService.{action}")),
    );
    mappings.insert(
        IntegrationParam::Header("Content-Type".into()),
        RequestSource::fixed("application/x-amz-json-1.1"),
    );
    let target = Target::Path(Text::lit("/"));
    Integration {
        request_parameters: mappings,
        passthrough: Passthrough::Never,
        ..common::integration("rekognition", target, HttpMethod::Post, None, permissions)
    }
}

fn method(
    path: &ApiPath,
    verb: HttpMethod,
    id: &str,
    summary: &str,
    integration: Integration,
) -> Method {
    common::method(path, verb, id, summary, VecMap::new(), integration)
}

/// A VTL expression for an S3 bucket or key template: a path parameter, a fixed text, or
/// both (`photos/{name}.jpg`), joined inside one Velocity string (`${...}` is the formal form
/// of a reference, so text after it is not read as a property).
fn s3_value(t: &PathTemplate, field: &'static str) -> Result<String, OpError> {
    if let Some(p) = t.single_param() {
        return Ok(RequestValue::Path(p.into()).vtl());
    }
    if let Some(lit) = t.literal() {
        return Ok(vtl::string_literal(lit));
    }
    let mut out = String::from("\"");
    for piece in &t.pieces {
        match piece {
            Piece::Param(p) => {
                out.push_str(&format!(
                    "${{input.params().path.get({})}}",
                    vtl::string_literal(p)
                ));
            }
            Piece::Lit(l) if l.contains(['$', '#', '"', '\\']) => {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    field,
                    format!("fixed text `{l}` next to a path parameter cannot hold `$`, `#`, `\"` or `\\`"),
                )
                .help("mapping templates would read them as Velocity; take that part from the path, or drop it"));
            }
            Piece::Lit(l) => out.push_str(l),
        }
    }
    out.push('"');
    Ok(out)
}

impl Operation for DetectLabels {
    fn build_in(
        &self,
        path: &ApiPath,
        verb: HttpMethod,
        owned: &crate::model::Owned,
    ) -> Result<Method, OpError> {
        check_range(self.max_labels, 1..=1000, "max_labels")?;
        check_range(self.min_confidence, 0.0..=100.0, "min_confidence")?;
        let mut permissions = vec![Permission::allow(
            vec!["rekognition:DetectLabels".into()],
            vec![Text::lit("*")],
        )];
        let mut declared = VecMap::new();
        let mut values = Vec::new();
        let s3 = match (&self.s3_bucket, &self.s3_key) {
            (Some(b), Some(k)) => {
                permissions.push(Permission::allow(
                    vec!["s3:GetObject".into()],
                    s3::object_arns(b, k, path, owned)?,
                ));
                // A bucket the blueprint owns is named by its real, deploy-time name.
                if owned.buckets.contains_key(b.as_str()) {
                    values.push(text_ref(OwnedKind::Bucket, b, Attr::Name));
                }
                let mut expr = |v: &str, field: &'static str| -> Result<String, OpError> {
                    if field == "s3_bucket" && !values.is_empty() {
                        return Ok(vtl::string_literal(&vtl::slot(0)));
                    }
                    let t = PathTemplate::parse(v, field, path)?;
                    for p in t.params() {
                        declared.insert(RequestParam::new(ParamIn::Path, p), true);
                    }
                    s3_value(&t, field)
                };
                Some(json!({ "bucket": expr(b, "s3_bucket")?, "key": expr(k, "s3_key")? }))
            }
            (None, None) => None,
            _ => {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "s3_bucket",
                    "give both `s3_bucket` and `s3_key`, or neither",
                )
                .help("without them the image is the request body"));
            }
        };
        let data = json!({ "s3": s3, "max_labels": self.max_labels, "min_confidence": self.min_confidence });
        let body = vtl::render("rekognition_detect_labels", &data, &values);
        let mut i = integration("DetectLabels", permissions);
        if s3.is_some() {
            i.request_templates.insert("application/json".into(), body);
        } else {
            // The image arrives as binary; CONVERT_TO_TEXT hands it to the template as base64,
            // which is what Rekognition's JSON `Bytes` field holds.
            for t in IMAGE_TYPES {
                i.request_templates.insert(t.into(), body.clone());
            }
            i.content_handling = Some(ContentHandling::ConvertToText);
            declared.insert(RequestParam::new(ParamIn::Header, "Content-Type"), true);
        }
        let mut m = method(path, verb, "DetectLabels", "Detect labels in an image", i);
        m.request_parameters = declared;
        Ok(m)
    }
}

impl Operation for ListCollections {
    fn build_in(
        &self,
        path: &ApiPath,
        verb: HttpMethod,
        _owned: &crate::model::Owned,
    ) -> Result<Method, OpError> {
        check_range(self.max_results, 1..=4096, "max_results")?;
        let permissions = vec![Permission::allow(
            vec!["rekognition:ListCollections".into()],
            vec![Text::lit("*")],
        )];
        let mut i = integration("ListCollections", permissions);
        let body = vtl::render(
            "rekognition_list_collections",
            &json!({ "max_results": self.max_results }),
            &[],
        );
        i.request_templates.insert("application/json".into(), body);
        i.passthrough = Passthrough::WhenNoTemplates;
        Ok(method(
            path,
            verb,
            "ListCollections",
            "List the face collections",
            i,
        ))
    }
}

crate::service_operations! {
    "detect_labels" => DetectLabels => |a: DetectLabels| a, example: ("POST /labels", "{ max_labels: 10, min_confidence: 70 }"),
    "list_collections" => ListCollections => |a: ListCollections| a, example: ("GET /collections", "{}"),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    #[test]
    fn detect_labels_from_the_body_builds_the_exact_request() {
        let op = DetectLabels {
            max_labels: Some(10),
            min_confidence: Some(75.0),
            ..DetectLabels::default()
        };
        let m = op.build(&p("/labels"), HttpMethod::Post).unwrap();
        let i = &m.integration;
        assert_eq!(
            i.uri().to_string(),
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:rekognition:path//"
        );
        assert_eq!(i.http_method, HttpMethod::Post);
        assert_eq!(
            i.request_parameters[&IntegrationParam::Header("X-Amz-Target".into())].to_string(),
            "'RekognitionService.DetectLabels'"
        );
        assert_eq!(
            i.request_parameters[&IntegrationParam::Header("Content-Type".into())].to_string(),
            "'application/x-amz-json-1.1'"
        );
        assert_eq!(i.content_handling, Some(ContentHandling::ConvertToText));
        let t = i.request_templates["image/png"].to_string();
        let v: serde_json::Value =
            serde_json::from_str(&t.replace("$input.body", "aGVsbG8=")).unwrap();
        assert_eq!(
            v,
            json!({ "Image": { "Bytes": "aGVsbG8=" }, "MaxLabels": 10, "MinConfidence": 75.0 })
        );
        assert_eq!(i.permissions[0].actions, ["rekognition:DetectLabels"]);
        assert_eq!(i.permissions.len(), 1);
    }

    #[test]
    fn detect_labels_from_s3_reads_only_those_objects() {
        let op = DetectLabels {
            s3_bucket: Some("photos-bucket".into()),
            s3_key: Some("{name}".into()),
            ..DetectLabels::default()
        };
        let m = op
            .build(&p("/photos/{name}/labels"), HttpMethod::Get)
            .unwrap();
        let i = &m.integration;
        let t = i.request_templates["application/json"].to_string();
        let v: serde_json::Value = serde_json::from_str(&t).unwrap();
        assert_eq!(
            v["Image"]["S3Object"]["Bucket"],
            "$util.escapeJavaScript('photos-bucket')"
        );
        assert_eq!(
            v["Image"]["S3Object"]["Name"],
            "$util.escapeJavaScript($input.params().path.get('name'))"
        );
        assert_eq!(i.permissions[1].actions, ["s3:GetObject"]);
        assert_eq!(
            i.permissions[1].resources[0].to_string(),
            "arn:${AWS::Partition}:s3:::photos-bucket/*"
        );
        assert_eq!(i.content_handling, None);
        let e = DetectLabels {
            s3_bucket: Some("b-b-b".into()),
            ..DetectLabels::default()
        }
        .build(&p("/x"), HttpMethod::Get)
        .unwrap_err();
        assert_eq!(e.field, Some("s3_bucket"));
    }

    #[test]
    fn detect_labels_from_an_owned_bucket_reads_that_bucket() {
        let mut owned = crate::model::Owned::default();
        owned.buckets.insert("photos".into(), Default::default());
        let op = DetectLabels {
            s3_bucket: Some("photos".into()),
            s3_key: Some("uploads/{name}.jpg".into()),
            ..DetectLabels::default()
        };
        let m = op
            .build_in(&p("/labels/{name}"), HttpMethod::Get, &owned)
            .unwrap();
        let i = &m.integration;
        let t = i.request_templates["application/json"].to_string();
        assert!(
            t.contains(r#""Bucket": "$util.escapeJavaScript('${photos.name}')""#),
            "{t}"
        );
        assert!(
            t.contains(
                r#""Name": "$util.escapeJavaScript("uploads/${input.params().path.get('name')}.jpg")""#
            ),
            "{t}"
        );
        assert_eq!(
            i.permissions[1].resources[0].to_string(),
            "${photos.arn}/uploads/*.jpg"
        );
        assert!(m.request_parameters[&RequestParam::new(ParamIn::Path, "name")]);
        // Not owned: the same name is a stranger's bucket, named as written.
        let m = op.build(&p("/labels/{name}"), HttpMethod::Get).unwrap();
        assert_eq!(
            m.integration.permissions[1].resources[0].to_string(),
            "arn:${AWS::Partition}:s3:::photos/uploads/*.jpg"
        );
        let e = DetectLabels {
            s3_key: Some("a$b/{name}".into()),
            ..op
        }
        .build_in(&p("/labels/{name}"), HttpMethod::Get, &owned)
        .unwrap_err();
        assert_eq!(e.field, Some("s3_key"));
    }

    #[test]
    fn list_collections_sends_json() {
        let m = ListCollections {
            max_results: Some(5),
        }
        .build(&p("/collections"), HttpMethod::Get)
        .unwrap();
        let t = m.integration.request_templates["application/json"].to_string();
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&t).unwrap(),
            json!({ "MaxResults": 5 })
        );
        let m = ListCollections::default()
            .build(&p("/collections"), HttpMethod::Get)
            .unwrap();
        assert_eq!(
            m.integration.request_templates["application/json"].to_string(),
            "{}"
        );
        assert_eq!(
            m.integration.permissions[0].actions,
            ["rekognition:ListCollections"]
        );
    }
}
