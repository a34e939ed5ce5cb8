//! IAM policies: no allowed wildcard actions (`*`, `s3:*`, `s3:Get*`), and no `Resource: "*"`
//! for actions that can be scoped to resources. A small table covers the actions gatewright's
//! services use; unknown actions are left alone.

use super::view::Field;
use super::{IAM_POLICY_JSON, IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE, Sink, ptr, ptr_i};
use serde_json::Value;

/// Actions API Gateway integrations commonly need, and whether they support resource-level
/// permissions (Service Authorization Reference: a "resource types" entry).
const ACTIONS: &[(&str, bool)] = &[
    ("s3:ListAllMyBuckets", false),
    ("s3:ListBucket", true),
    ("s3:CreateBucket", true),
    ("s3:DeleteBucket", true),
    ("s3:PutBucketAcl", true),
    ("s3:GetObject", true),
    ("s3:PutObject", true),
    ("s3:DeleteObject", true),
    ("s3:PutObjectAcl", true),
    ("sns:Publish", true),
    ("sqs:SendMessage", true),
    ("sqs:ReceiveMessage", true),
    ("sqs:DeleteMessage", true),
    ("rekognition:DetectLabels", false),
    ("rekognition:DetectFaces", false),
    ("rekognition:ListCollections", false),
    ("rekognition:SearchFacesByImage", true),
    ("rekognition:IndexFaces", true),
    ("kinesis:ListStreams", false),
    ("kinesis:PutRecord", true),
    ("kinesis:PutRecords", true),
    ("kinesis:GetRecords", true),
    ("dynamodb:GetItem", true),
    ("dynamodb:PutItem", true),
    ("dynamodb:Query", true),
    ("lambda:InvokeFunction", true),
    ("states:StartExecution", true),
    ("states:StartSyncExecution", true),
    ("events:PutEvents", true),
    ("firehose:PutRecord", true),
];

/// Whether `action` supports resource-level permissions; `None` when not in the table.
fn resource_level(action: &str) -> Option<bool> {
    ACTIONS
        .iter()
        .find(|(a, _)| a.eq_ignore_ascii_case(action))
        .map(|(_, scoped)| *scoped)
}

/// A policy document's statements.
#[derive(Debug, Clone)]
pub(crate) struct PolicyView {
    /// True when the document is a JSON string: pointers cannot go inside it.
    pub embedded: bool,
    pub statements: Vec<StatementView>,
}

#[derive(Debug, Clone)]
pub(crate) struct StatementView {
    /// `Statement[1]`, for messages about embedded documents.
    pub label: String,
    pub allow: bool,
    /// Literal actions with their pointers and labels.
    pub actions: Vec<(Field<String>, String)>,
    /// Pointer of a literal `"*"` resource.
    pub star_resource: Option<String>,
}

/// Reads a policy document (`Statement` with `Effect`, `Action`, `Resource`) at `base`.
pub(crate) fn policy_from_json(doc: &Value, base: &str, embedded: bool) -> PolicyView {
    let here = |p: String| if embedded { base.to_string() } else { p };
    let mut statements = Vec::new();
    let list: Vec<(String, String, &Value)> = match doc.get("Statement") {
        Some(Value::Array(a)) => a
            .iter()
            .enumerate()
            .map(|(i, s)| {
                (
                    format!("Statement[{i}]"),
                    ptr_i(&ptr(base, "Statement"), i),
                    s,
                )
            })
            .collect(),
        Some(s @ Value::Object(_)) => vec![("Statement".to_string(), ptr(base, "Statement"), s)],
        _ => Vec::new(),
    };
    for (label, sp, s) in list {
        let allow = s.get("Effect").and_then(Value::as_str) == Some("Allow");
        let mut actions = Vec::new();
        match s.get("Action") {
            Some(Value::String(a)) => {
                actions.push((
                    Field::new(a.clone(), here(ptr(&sp, "Action"))),
                    format!("{label}.Action"),
                ));
            }
            Some(Value::Array(list)) => {
                for (i, a) in list.iter().enumerate() {
                    if let Some(a) = a.as_str() {
                        let p = ptr_i(&ptr(&sp, "Action"), i);
                        actions.push((
                            Field::new(a.to_string(), here(p)),
                            format!("{label}.Action[{i}]"),
                        ));
                    }
                }
            }
            _ => {}
        }
        let star_resource = match s.get("Resource") {
            Some(Value::String(r)) if r == "*" => Some(here(ptr(&sp, "Resource"))),
            Some(Value::Array(list)) => list
                .iter()
                .position(|r| r.as_str() == Some("*"))
                .map(|i| here(ptr_i(&ptr(&sp, "Resource"), i))),
            _ => None,
        };
        statements.push(StatementView {
            label,
            allow,
            actions,
            star_resource,
        });
    }
    PolicyView {
        embedded,
        statements,
    }
}

/// Reads a policy given as a JSON string at `pointer`. A string that is one interpolation, or
/// that only fails to parse because interpolations build JSON, is left alone.
pub(crate) fn policy_from_string(s: &str, pointer: &str, sink: &mut Sink) -> Option<PolicyView> {
    match serde_json::from_str::<Value>(s) {
        Ok(v) => Some(policy_from_json(&v, pointer, true)),
        Err(e) => {
            if !s.contains("${") && !s.contains("%{") {
                sink.error(
                    IAM_POLICY_JSON,
                    pointer,
                    format!("the policy document is not valid JSON: {e}"),
                    "write the policy as JSON (or build it with jsonencode / an aws_iam_policy_document)",
                );
            }
            None
        }
    }
}

pub(super) fn check(policy: &PolicyView, sink: &mut Sink) {
    for s in policy.statements.iter().filter(|s| s.allow) {
        for (a, label) in &s.actions {
            if a.value.contains(['*', '?']) {
                let whereabouts = if policy.embedded {
                    format!(" ({label})")
                } else {
                    String::new()
                };
                sink.error(
                    IAM_WILDCARD_ACTION,
                    &a.pointer,
                    format!("the policy allows the wildcard action `{}`{whereabouts}", a.value),
                    "list the exact actions the integrations call (for example `s3:GetObject`, `sns:Publish`)",
                );
            }
        }
        let Some(rp) = &s.star_resource else { continue };
        let scoped: Vec<&str> = s
            .actions
            .iter()
            .map(|(a, _)| a.value.as_str())
            .filter(|a| resource_level(a) == Some(true))
            .collect();
        if scoped.is_empty() {
            continue;
        }
        let whereabouts = if policy.embedded {
            format!(" ({}.Resource)", s.label)
        } else {
            String::new()
        };
        sink.warning(
            IAM_WILDCARD_RESOURCE,
            rp,
            format!(
                "`Resource: \"*\"` grants {} on every resource in the account{whereabouts}",
                scoped
                    .iter()
                    .map(|a| format!("`{a}`"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "these actions can be scoped: name the ARNs (for example `arn:aws:s3:::my-bucket/*`, \
             a topic or queue ARN), and keep `*` for actions without resource-level permissions",
        );
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
    fn table_lookups() {
        assert_eq!(resource_level("s3:ListAllMyBuckets"), Some(false));
        assert_eq!(resource_level("SNS:publish"), Some(true));
        assert_eq!(resource_level("rekognition:ListCollections"), Some(false));
        assert_eq!(resource_level("ec2:RunInstances"), None);
    }

    #[test]
    fn cloudformation_wildcards() {
        let st = "/Resources/Role/Properties/Policies/0/PolicyDocument/Statement/0";
        for bad in ["*", "s3:*", "s3:Get*"] {
            let doc = cfn(|d| *at(d, &format!("{st}/Action/0")) = json!(bad));
            assert_eq!(
                only(Format::CloudFormation, &doc, IAM_WILDCARD_ACTION),
                vec![(format!("{st}/Action/0"), Severity::Error)]
            );
        }
        let deny = cfn(|d| {
            *at(d, &format!("{st}/Action/0")) = json!("s3:*");
            *at(d, &format!("{st}/Effect")) = json!("Deny");
        });
        assert!(only(Format::CloudFormation, &deny, IAM_WILDCARD_ACTION).is_empty());
        let star = cfn(|d| *at(d, &format!("{st}/Resource")) = json!("*"));
        assert_eq!(
            only(Format::CloudFormation, &star, IAM_WILDCARD_RESOURCE),
            vec![(format!("{st}/Resource"), Severity::Warning)]
        );
        let fine = cfn(|d| {
            *at(d, &format!("{st}/Resource")) = json!(["*"]);
            *at(d, &format!("{st}/Action")) = json!([
                "s3:ListAllMyBuckets",
                "rekognition:DetectLabels",
                "x:Unknown"
            ]);
        });
        assert!(only(Format::CloudFormation, &fine, IAM_WILDCARD_RESOURCE).is_empty());
        let policy = cfn(|d| {
            at(d, "/Resources").as_object_mut().unwrap().insert(
                "Extra".into(),
                json!({"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "x", "Roles": [{"Ref": "Role"}],
                    "PolicyDocument": {"Statement": {"Effect": "Allow", "Action": "sqs:*", "Resource": "*"}}}}),
            );
        });
        assert_eq!(
            only(Format::CloudFormation, &policy, IAM_WILDCARD_ACTION),
            vec![(
                "/Resources/Extra/Properties/PolicyDocument/Statement/Action".to_string(),
                Severity::Error
            )]
        );
    }

    #[test]
    fn terraform_policy_strings_and_documents() {
        let p = "/resource/aws_iam_role_policy/exec/policy";
        let bad = tf(|d| {
            *at(d, p) = json!(
                "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"arn:${data.aws_partition.current.partition}:s3:::b\"}]}"
            );
        });
        assert_eq!(
            only(Format::TerraformJson, &bad, IAM_WILDCARD_ACTION),
            vec![(p.to_string(), Severity::Error)]
        );
        let broken = tf(|d| *at(d, p) = json!("{\"Statement\": ["));
        assert_eq!(
            only(Format::TerraformJson, &broken, IAM_POLICY_JSON),
            vec![(p.to_string(), Severity::Error)]
        );
        let opaque = tf(|d| *at(d, p) = json!("${data.aws_iam_policy_document.x.json}"));
        assert!(only(Format::TerraformJson, &opaque, IAM_POLICY_JSON).is_empty());
        let data = tf(|d| {
            d.as_object_mut().unwrap().insert(
                "data".into(),
                json!({"aws_iam_policy_document": {"x": {"statement": [{"actions": ["sns:Publish"], "resources": ["*"]}]}}}),
            );
        });
        assert_eq!(
            only(Format::TerraformJson, &data, IAM_WILDCARD_RESOURCE),
            vec![(
                "/data/aws_iam_policy_document/x/statement/0/resources/0".to_string(),
                Severity::Warning
            )]
        );
    }
}
