//! Integration credentials: the ARN of a role API Gateway assumes (`arn:aws:iam::123456789012:role/x`),
//! a reference that resolves to one (`Fn::GetAtt [Role, Arn]`, `${aws_iam_role.x.arn}`), or
//! `arn:aws:iam::*:user/*` (call with the caller's own credentials). `Ref` of a role, or a
//! Terraform `.name`/`.id`, gives the role's name and fails at deploy time.

use super::text::{HOLE, Text, Yields};
use super::view::ApiView;
use super::{CREDENTIALS, CREDENTIALS_MISSING, Sink};

pub(super) fn check(api: &ApiView, sink: &mut Sink) {
    for m in &api.methods {
        let Some(i) = &m.integration else { continue };
        if !i.is_aws() {
            continue;
        }
        match &i.credentials {
            Some(c) => {
                if let Err((message, help)) = judge(&c.value) {
                    sink.error(
                        CREDENTIALS,
                        &c.pointer,
                        format!("credentials of {}: {message}", m.route()),
                        help,
                    );
                }
            }
            None if !i.credentials_opaque => {
                let Some(service) = i.service() else { continue };
                if service != "lambda" {
                    sink.warning(
                        CREDENTIALS_MISSING,
                        &i.pointer,
                        format!(
                            "the AWS integration of {} calls {service} without credentials",
                            m.route()
                        ),
                        "set the integration's credentials to the ARN of a role that trusts \
                         `apigateway.amazonaws.com` and may call the action",
                    );
                }
            }
            None => {}
        }
    }
}

/// `Ok` when `creds` is (or may be) a role ARN; else the message and the help.
pub(crate) fn judge(creds: &Text) -> Result<(), (String, String)> {
    if let Some(r) = creds.sole_ref() {
        return match &r.yields {
            Yields::Unknown | Yields::RoleArn => Ok(()),
            Yields::NotRoleArn(n) => Err((
                format!("`{}` gives {}, not a role ARN", r.shown, n.what),
                format!("use {}", n.fix),
            )),
        };
    }
    let m = creds.masked();
    let bad = || {
        Err((
            format!(
                "`{}` is not an IAM role ARN (`arn:aws:iam::123456789012:role/name`)",
                creds.shown()
            ),
            "give the ARN of the role API Gateway assumes, or `arn:aws:iam::*:user/*` to call \
             with the caller's credentials"
                .to_string(),
        ))
    };
    let f: Vec<&str> = m.splitn(6, ':').collect();
    if f.len() < 6 {
        return if m.contains(HOLE) { Ok(()) } else { bad() };
    }
    let part_ok = |s: &str, lit: &dyn Fn(&str) -> bool, c_ok: &dyn Fn(char) -> bool| {
        if s.contains(HOLE) {
            s.chars().all(|c| c == HOLE || c_ok(c))
        } else {
            lit(s)
        }
    };
    let partition = |s: &str| s == "aws" || s.starts_with("aws-");
    if !part_ok(f[0], &|s| s == "arn", &|_| true)
        || !part_ok(f[1], &partition, &|c| c.is_ascii_lowercase() || c == '-')
        || !part_ok(f[2], &|s| s == "iam", &|_| true)
        || !part_ok(f[3], &str::is_empty, &|_| false)
    {
        return bad();
    }
    if f[4] == "*" && f[5] == "user/*" {
        return Ok(());
    }
    let account = |s: &str| s.len() == 12 && s.chars().all(|c| c.is_ascii_digit());
    if !part_ok(f[4], &account, &|c| c.is_ascii_digit()) {
        return bad();
    }
    let name_char = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c);
    let role_ok = if f[5].contains(HOLE) {
        (f[5].starts_with("role/") || f[5].starts_with(HOLE))
            && f[5].chars().all(|c| c == HOLE || name_char(c))
    } else {
        f[5].strip_prefix("role/")
            .is_some_and(|n| !n.is_empty() && !n.ends_with('/') && n.chars().all(name_char))
    };
    if role_ok { Ok(()) } else { bad() }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::super::text::placeholders;
    use super::*;
    use crate::Severity;
    use crate::validate::Format;
    use serde_json::json;

    #[test]
    fn literal_arns() {
        let ok = |s: &str| judge(&placeholders(s)).is_ok();
        assert!(ok("arn:aws:iam::123456789012:role/apigAwsProxyRole"));
        assert!(ok("arn:aws:iam::123456789012:role/service/x"));
        assert!(ok("arn:aws:iam::*:user/*"));
        assert!(ok("arn:${p}:iam::${AccountId}:role/${RoleName}"));
        assert!(ok("${role_arn}"));
        assert!(!ok("arn:aws:iam::123456789012:user/alice"));
        assert!(!ok("arn:aws:iam::12345:role/x"));
        assert!(!ok("apigAwsProxyRole"));
        assert!(!ok("arn:aws:lambda:us-east-1:123456789012:function:f"));
    }

    #[test]
    fn cloudformation_getatt_of_a_role_passes_and_ref_fails() {
        assert!(only(Format::CloudFormation, &cfn(|_| {}), CREDENTIALS).is_empty());
        let p = "/Resources/Get/Properties/Integration/Credentials";
        let bad = cfn(|d| *at(d, p) = json!({"Ref": "Role"}));
        assert_eq!(
            only(Format::CloudFormation, &bad, CREDENTIALS),
            vec![(p.to_string(), Severity::Error)]
        );
        let d = super::super::check(Format::CloudFormation, &bad, "t");
        assert!(
            d.iter()
                .any(|d| d.help.as_deref().unwrap_or("").contains("Fn::GetAtt"))
        );
        let bad = cfn(|d| *at(d, p) = json!({"Fn::Sub": "${Role}"}));
        assert_eq!(only(Format::CloudFormation, &bad, CREDENTIALS).len(), 1);
        let bad = cfn(|d| *at(d, p) = json!({"Fn::GetAtt": ["Role", "RoleId"]}));
        assert_eq!(only(Format::CloudFormation, &bad, CREDENTIALS).len(), 1);
        let bad = cfn(|d| *at(d, p) = json!({"Fn::GetAtt": ["Api", "RootResourceId"]}));
        assert_eq!(only(Format::CloudFormation, &bad, CREDENTIALS).len(), 1);
        let good = cfn(|d| *at(d, p) = json!({"Fn::Sub": "${Role.Arn}"}));
        assert!(only(Format::CloudFormation, &good, CREDENTIALS).is_empty());
        let good = cfn(|d| *at(d, p) = json!("Role.Arn"));
        assert_eq!(only(Format::CloudFormation, &good, CREDENTIALS).len(), 1);
    }

    #[test]
    fn terraform_arn_passes_and_name_fails() {
        assert!(only(Format::TerraformJson, &tf(|_| {}), CREDENTIALS).is_empty());
        let p = "/resource/aws_api_gateway_integration/get/credentials";
        for bad in ["${aws_iam_role.exec.name}", "${aws_iam_role.exec.id}"] {
            let doc = tf(|d| *at(d, p) = json!(bad));
            assert_eq!(
                only(Format::TerraformJson, &doc, CREDENTIALS),
                vec![(p.to_string(), Severity::Error)]
            );
        }
    }

    #[test]
    fn missing_credentials_on_a_service_integration_is_a_warning() {
        let doc = oas(|d| {
            at(d, "/paths/~1{folder}/get/x-amazon-apigateway-integration")
                .as_object_mut()
                .unwrap()
                .remove("credentials");
        });
        assert_eq!(
            only(Format::OpenApi3, &doc, CREDENTIALS_MISSING),
            vec![(
                "/paths/~1{folder}/get/x-amazon-apigateway-integration".to_string(),
                Severity::Warning
            )]
        );
    }
}
