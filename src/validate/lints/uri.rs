//! Integration URIs of `AWS` and `AWS_PROXY` integrations:
//! `arn:{partition}:apigateway:{region}:{subdomain.}{service}:{action/Name|path/...}`.
//! A reference (intrinsic, interpolation, placeholder) stands for an unknown run of characters
//! inside one `:`-separated part; a URI that is nothing but a reference is accepted.

use super::text::{HOLE, Text};
use super::view::ApiView;
use super::{INTEGRATION_URI, Sink};

pub(super) fn check(api: &ApiView, sink: &mut Sink) {
    for m in &api.methods {
        let Some(i) = &m.integration else { continue };
        if !i.is_aws() {
            continue;
        }
        let Some(uri) = &i.uri else { continue };
        let proxy = i.kind.as_deref() == Some("AWS_PROXY");
        if let Err(why) = judge(&uri.value, proxy) {
            sink.error(
                INTEGRATION_URI,
                &uri.pointer,
                format!(
                    "integration URI `{}` of {} is not an API Gateway service URI: {why}",
                    uri.value.shown(),
                    m.route()
                ),
                "write `arn:{partition}:apigateway:{region}:{service}:action/{Action}` or \
                 `arn:{partition}:apigateway:{region}:{service}:path/{path}`, for example \
                 `arn:aws:apigateway:us-east-1:sqs:action/SendMessage`",
            );
        }
    }
}

/// Services whose own ARNs people paste where an API Gateway URI belongs.
const SERVICES: &[&str] = &[
    "s3",
    "sqs",
    "sns",
    "lambda",
    "kinesis",
    "dynamodb",
    "states",
    "events",
    "firehose",
    "rekognition",
    "iam",
    "execute-api",
];

/// `Ok` when `uri` is (or may be, given its holes) a well-formed service integration URI.
pub(crate) fn judge(uri: &Text, proxy: bool) -> Result<(), String> {
    if uri.sole_ref().is_some() {
        return Ok(());
    }
    let m = uri.masked();
    if m.starts_with("https://") || m.starts_with("http://") {
        return Err("a URL is for HTTP integrations; AWS integrations take an \
                    `arn:...:apigateway:...` URI"
            .into());
    }
    let f: Vec<&str> = m.splitn(6, ':').collect();
    if f.len() < 6 {
        if f.iter().any(|p| p.contains(HOLE)) {
            return Ok(());
        }
        return Err(format!(
            "expected six `:`-separated parts, found {}",
            f.len()
        ));
    }
    if !fits(f[0], |s| s == "arn", |_| true) {
        return Err(format!("it must start with `arn:`, not `{}:`", f[0]));
    }
    if !fits(f[1], is_partition, |c| c.is_ascii_lowercase() || c == '-') {
        return Err(format!(
            "`{}` is not an AWS partition (`aws`, `aws-cn`, `aws-us-gov`, ...)",
            f[1]
        ));
    }
    if !fits(f[2], |s| s == "apigateway", |_| true) {
        if SERVICES.contains(&f[2]) {
            return Err(format!(
                "this is the {0} resource's own ARN; API Gateway calls {0} through \
                 `arn:{{partition}}:apigateway:{{region}}:{0}:...`",
                f[2]
            ));
        }
        return Err(format!(
            "the third part must be `apigateway`, not `{}`",
            f[2]
        ));
    }
    if !fits(f[3], is_region, |c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
    }) {
        return Err(format!("`{}` is not a region such as `us-east-1`", f[3]));
    }
    if !fits(f[4], is_service, is_service_char) {
        return Err(format!(
            "`{}` is not a service name such as `s3` or `sqs`",
            f[4]
        ));
    }
    let rest = f[5];
    if let Some(action) = rest.strip_prefix("action/") {
        let name = action.split(['&', '?']).next().unwrap_or("");
        let ok = if name.contains(HOLE) {
            name.chars().all(|c| c == HOLE || c.is_ascii_alphanumeric())
        } else {
            name.starts_with(|c: char| c.is_ascii_alphabetic())
                && name.chars().all(|c| c.is_ascii_alphanumeric())
        };
        if !ok {
            return Err(format!(
                "`action/{action}` does not name an action such as `action/SendMessage`"
            ));
        }
    } else if let Some(path) = rest.strip_prefix("path/") {
        if path.is_empty() || path.chars().any(char::is_whitespace) {
            return Err(format!("`path/{path}` needs a service path without spaces"));
        }
    } else if !rest.starts_with(HOLE) {
        return Err(format!(
            "after the service comes `action/{{Action}}` or `path/{{path}}`, not `{}`",
            rest.replace(HOLE, "${...}")
        ));
    }
    if proxy && !f[4].contains(HOLE) && f[4].rsplit('.').next() != Some("lambda") {
        return Err(format!(
            "AWS_PROXY integrations of a REST API call Lambda only \
             (`...:lambda:path/2015-03-31/functions/{{function-arn}}/invocations`), not `{}`",
            f[4]
        ));
    }
    Ok(())
}

/// A literal part must satisfy `whole`; a part with holes only needs its characters to fit.
fn fits(part: &str, whole: impl Fn(&str) -> bool, char_ok: impl Fn(char) -> bool) -> bool {
    if part.contains(HOLE) {
        part.chars().all(|c| c == HOLE || char_ok(c))
    } else {
        whole(part)
    }
}

/// `aws`, `aws-cn`, `aws-us-gov`, `aws-iso-b`, ...
fn is_partition(s: &str) -> bool {
    s.strip_prefix("aws").is_some_and(|rest| {
        rest.is_empty()
            || rest.strip_prefix('-').is_some_and(|r| {
                r.split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
            })
    })
}

/// `us-east-1`, `us-gov-west-1`, `cn-northwest-1`, ...
fn is_region(s: &str) -> bool {
    let parts: Vec<&str> = s.split('-').collect();
    parts.len() >= 3
        && parts[0].len() == 2
        && parts[0].chars().all(|c| c.is_ascii_lowercase())
        && parts[1..parts.len() - 1]
            .iter()
            .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
        && parts[parts.len() - 1].chars().all(|c| c.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty()
}

fn is_service_char(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '-' | '.' | '_')
}

/// `s3`, `runtime.sagemaker`, `my-bucket.s3`: dot-separated non-empty labels.
fn is_service(s: &str) -> bool {
    !s.is_empty() && s.split('.').all(|l| !l.is_empty()) && s.chars().all(is_service_char)
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::text::{Reference, placeholders};
    use super::*;
    use crate::validate::Format;
    use serde_json::json;

    fn ok(s: &str) -> bool {
        judge(&placeholders(s), false).is_ok()
    }

    #[test]
    fn uri_shapes() {
        assert!(ok("arn:aws:apigateway:us-east-1:s3:path/{bucket}/{key}"));
        assert!(ok("arn:aws:apigateway:us-east-1:s3:path//"));
        assert!(ok(
            "arn:aws-us-gov:apigateway:us-gov-west-1:sqs:action/SendMessage"
        ));
        assert!(ok("arn:${p}:apigateway:${r}:sns:action/Publish"));
        assert!(ok("arn:aws:apigateway:${r}:${svc_and_action}"));
        assert!(ok("${uri}"));
        assert!(ok(
            "arn:aws:apigateway:eu-west-1:runtime.sagemaker:path/endpoints/x/invocations"
        ));
        assert!(!ok("arn:aws:apigateway:us-east-1:s3:bucket/key"));
        assert!(!ok("arn:aws:sqs:us-east-1:123456789012:queue"));
        assert!(!ok("https://sqs.us-east-1.amazonaws.com/123/q"));
        assert!(!ok("arn:aws:apigateway:useast1:s3:path/b"));
        assert!(!ok("arn:aws:apigateway:us-east-1:S3:path/b"));
        assert!(!ok("arn:aws:apigateway:us-east-1:sqs:action/"));
        assert!(!ok("arn:aws:apigateway:us-east-1:s3"));
        let lambda = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:1:function:f/invocations";
        assert!(judge(&placeholders(lambda), true).is_ok());
        assert!(
            judge(
                &placeholders("arn:aws:apigateway:us-east-1:s3:path/b"),
                true
            )
            .is_err()
        );
        assert!(judge(&Text::reference(Reference::unknown("x")), false).is_ok());
    }

    #[test]
    fn cloudformation_sub_and_join_are_read_through() {
        let good = cfn(|d| {
            *at(d, "/Resources/Get/Properties/Integration/Uri") = json!({"Fn::Join": ["", [
                "arn:", {"Ref": "AWS::Partition"}, ":apigateway:", {"Ref": "AWS::Region"}, ":s3:path/{bucket}"
            ]]});
        });
        assert!(only(Format::CloudFormation, &good, INTEGRATION_URI).is_empty());
        let bad = cfn(|d| {
            *at(d, "/Resources/Get/Properties/Integration/Uri") =
                json!({"Fn::Sub": "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:q"});
        });
        assert_eq!(
            only(Format::CloudFormation, &bad, INTEGRATION_URI),
            vec![(
                "/Resources/Get/Properties/Integration/Uri".into(),
                crate::Severity::Error
            )]
        );
    }

    #[test]
    fn openapi_and_terraform_uris_are_checked() {
        let bad = oas(|d| {
            *at(
                d,
                "/paths/~1{folder}/get/x-amazon-apigateway-integration/uri",
            ) = json!("arn:aws:apigateway:us-east-1:s3:{bucket}");
        });
        assert_eq!(
            only(Format::OpenApi3, &bad, INTEGRATION_URI)[0].0,
            "/paths/~1{folder}/get/x-amazon-apigateway-integration/uri"
        );
        let bad = tf(|d| {
            *at(d, "/resource/aws_api_gateway_integration/get/uri") =
                json!("arn:aws:apigateway:${var.region}:s3:objects/{bucket}");
        });
        assert_eq!(
            only(Format::TerraformJson, &bad, INTEGRATION_URI)[0].0,
            "/resource/aws_api_gateway_integration/get/uri"
        );
    }
}
