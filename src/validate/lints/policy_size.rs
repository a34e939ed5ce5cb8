//! IAM policy sizes as IAM counts them (IAM and AWS STS quotas,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>): all inline
//! policies of a role together at most 10,240 characters, a customer-managed policy at most
//! 6,144, whitespace not counted. IAM refuses a larger policy when the stack or plan is
//! applied; LocalStack does not, so this lint is where it shows before deployment.
//!
//! Deploy-time values (`Fn::Sub` placeholders, `Ref`, `Fn::GetAtt`, Terraform interpolations)
//! are counted at their longest (see [`crate::limits`]), so a document that passes fits every
//! partition and region.

use super::{POLICY_SIZE, Sink, ptr};
use crate::limits::{
    IAM_SIZE_ACCOUNT, IAM_SIZE_PARTITION, IAM_SIZE_REFERENCE, IAM_SIZE_REGION, IAM_SIZE_URL_SUFFIX,
    MAX_MANAGED_POLICY_CHARS, MAX_ROLE_INLINE_POLICY_CHARS,
};
use serde_json::Value;
use std::collections::BTreeMap;

/// Characters of a deploy-time value named `name` (`AWS::Region`,
/// `data.aws_region.current.region`, `Bucket.Arn`).
fn value_chars(name: &str) -> usize {
    let n = name.to_ascii_lowercase();
    if n.contains("partition") {
        IAM_SIZE_PARTITION
    } else if n.contains("region") {
        IAM_SIZE_REGION
    } else if n.contains("accountid") || n.contains("account_id") {
        IAM_SIZE_ACCOUNT
    } else if n.contains("urlsuffix") || n.contains("dns_suffix") {
        IAM_SIZE_URL_SUFFIX
    } else {
        IAM_SIZE_REFERENCE
    }
}

/// Characters of a string's content in JSON once its `${...}` values are filled in,
/// whitespace not counted.
fn string_chars(s: &str) -> usize {
    let mut n = 0;
    let mut rest = s;
    while let Some(i) = rest.find("${") {
        n += plain_chars(&rest[..i]);
        let after = &rest[i + 2..];
        match after.find('}') {
            Some(j) if !after.starts_with('!') => {
                n += value_chars(&after[..j]);
                rest = &after[j + 1..];
            }
            _ => {
                n += 2;
                rest = after;
            }
        }
    }
    n + plain_chars(rest)
}

fn plain_chars(s: &str) -> usize {
    crate::limits::iam_text_chars(s)
}

/// Characters of a policy document (or part of one) as IAM counts them once deployed.
pub(crate) fn chars(v: &Value) -> usize {
    match v {
        Value::String(s) => 2 + string_chars(s),
        Value::Array(a) => 2 + a.iter().map(chars).sum::<usize>() + a.len().saturating_sub(1),
        Value::Object(o) if o.len() == 1 => {
            let (k, arg) = o
                .iter()
                .next()
                .map(|(k, v)| (k.as_str(), v))
                .unwrap_or(("", v));
            match (k, arg) {
                ("Fn::Sub", Value::String(s)) => 2 + string_chars(s),
                ("Fn::Sub", Value::Array(a)) => {
                    2 + a.first().and_then(Value::as_str).map_or(0, string_chars)
                }
                ("Ref", Value::String(name)) => 2 + value_chars(name),
                (k, _) if k == "Fn::GetAtt" || k.starts_with("Fn::") => 2 + IAM_SIZE_REFERENCE,
                _ => object_chars(o),
            }
        }
        Value::Object(o) => object_chars(o),
        other => other.to_string().len(),
    }
}

fn object_chars(o: &serde_json::Map<String, Value>) -> usize {
    2 + o
        .iter()
        .map(|(k, v)| 2 + plain_chars(k) + 1 + chars(v))
        .sum::<usize>()
        + o.len().saturating_sub(1)
}

/// Characters of a policy given as a JSON string (Terraform's `policy`): parsed when it is
/// JSON, else its characters outside whitespace with interpolations filled in.
fn string_policy_chars(s: &str) -> usize {
    match serde_json::from_str::<Value>(s) {
        Ok(v) => chars(&v),
        Err(_) => string_chars(s),
    }
}

fn report(sink: &mut Sink, pointer: &str, what: &str, n: usize, limit: usize) {
    sink.error(
        POLICY_SIZE,
        pointer,
        format!("{what} take {n} characters once deployed; IAM accepts at most {limit:}"),
        "spread the statements over customer-managed policies (6,144 characters each), or grant fewer distinct resources",
    );
}

/// Inline policies of each `AWS::IAM::Role` together, and each `AWS::IAM::ManagedPolicy`.
pub(super) fn check_cloudformation(doc: &Value, sink: &mut Sink) {
    let Some(resources) = doc.get("Resources").and_then(Value::as_object) else {
        return;
    };
    for (id, r) in resources {
        let props = ptr(&ptr("/Resources", id), "Properties");
        let p = r.get("Properties");
        match r.get("Type").and_then(Value::as_str) {
            Some("AWS::IAM::Role") => {
                let Some(Value::Array(list)) = p.and_then(|p| p.get("Policies")) else {
                    continue;
                };
                let n: usize = list
                    .iter()
                    .filter_map(|pol| pol.get("PolicyDocument"))
                    .map(|d| match d {
                        Value::String(s) => string_policy_chars(s),
                        d => chars(d),
                    })
                    .sum();
                if n > MAX_ROLE_INLINE_POLICY_CHARS {
                    let at = ptr(&props, "Policies");
                    report(
                        sink,
                        &at,
                        "the role's inline policies",
                        n,
                        MAX_ROLE_INLINE_POLICY_CHARS,
                    );
                }
            }
            Some("AWS::IAM::ManagedPolicy") => {
                let Some(d) = p.and_then(|p| p.get("PolicyDocument")) else {
                    continue;
                };
                let n = match d {
                    Value::String(s) => string_policy_chars(s),
                    d => chars(d),
                };
                if n > MAX_MANAGED_POLICY_CHARS {
                    let at = ptr(&props, "PolicyDocument");
                    report(sink, &at, "the managed policy", n, MAX_MANAGED_POLICY_CHARS);
                }
            }
            _ => {}
        }
    }
}

/// Inline policies of each `aws_iam_role` together (its `aws_iam_role_policy` blocks and
/// `inline_policy` blocks), and each `aws_iam_policy`.
pub(super) fn check_terraform(doc: &Value, sink: &mut Sink) {
    let Some(resources) = doc.get("resource").and_then(Value::as_object) else {
        return;
    };
    let blocks = |ty: &str| {
        resources
            .get(ty)
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .map(|(name, b)| (name.clone(), b))
            .collect::<Vec<_>>()
    };
    // Inline policies by the role they name; a role named by anything but a reference to a
    // role of this configuration counts on its own.
    let mut by_role: BTreeMap<String, (usize, String)> = BTreeMap::new();
    for (name, b) in blocks("aws_iam_role_policy") {
        let (Some(role), Some(policy)) = (
            b.get("role").and_then(Value::as_str),
            b.get("policy").and_then(Value::as_str),
        ) else {
            continue;
        };
        let key = role
            .strip_prefix("${aws_iam_role.")
            .and_then(|r| r.split('.').next())
            .unwrap_or(role)
            .to_string();
        let at = format!("/resource/aws_iam_role_policy/{}/policy", escape(&name));
        let e = by_role.entry(key).or_insert((0, at));
        e.0 += string_policy_chars(policy);
    }
    for (name, b) in blocks("aws_iam_role") {
        if let Some(Value::Array(list)) = b.get("inline_policy") {
            let n: usize = list
                .iter()
                .filter_map(|p| p.get("policy").and_then(Value::as_str))
                .map(string_policy_chars)
                .sum();
            let at = format!("/resource/aws_iam_role/{}/inline_policy", escape(&name));
            let e = by_role.entry(name).or_insert((0, at));
            e.0 += n;
        }
    }
    for (n, at) in by_role.values() {
        if *n > MAX_ROLE_INLINE_POLICY_CHARS {
            report(
                sink,
                at,
                "the role's inline policies",
                *n,
                MAX_ROLE_INLINE_POLICY_CHARS,
            );
        }
    }
    for (name, b) in blocks("aws_iam_policy") {
        if let Some(policy) = b.get("policy").and_then(Value::as_str) {
            let n = string_policy_chars(policy);
            if n > MAX_MANAGED_POLICY_CHARS {
                let at = format!("/resource/aws_iam_policy/{}/policy", escape(&name));
                report(sink, &at, "the managed policy", n, MAX_MANAGED_POLICY_CHARS);
            }
        }
    }
}

/// A JSON-pointer token.
fn escape(s: &str) -> String {
    s.replace('~', "~0").replace('/', "~1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(resources: usize) -> Value {
        let list: Vec<Value> = (0..resources)
            .map(|i| json!({ "Fn::Sub": format!("arn:${{AWS::Partition}}:s3:::b/k{i:05}") }))
            .collect();
        json!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": ["s3:GetObject"], "Resource": list }] })
    }

    #[test]
    fn counts_deployed_characters_without_whitespace() {
        let d = json!({ "Version": "2012-10-17", "Statement": [{ "Effect": "Allow", "Action": "s3:GetObject", "Resource": { "Fn::Sub": "arn:${AWS::Partition}:s3:::b/k" } }] });
        let deployed = r#"{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"arn:aws-us-gov:s3:::b/k"}]}"#;
        assert_eq!(chars(&d), deployed.len());
        let pretty = serde_json::to_string_pretty(&d).unwrap();
        assert_eq!(string_policy_chars(&pretty), deployed.len());
    }

    #[test]
    fn a_role_past_the_inline_limit_is_an_error() {
        let t = |n| json!({ "Resources": { "R": { "Type": "AWS::IAM::Role", "Properties": { "Policies": [{ "PolicyName": "p", "PolicyDocument": doc(n) }] } } } });
        let found = |n| {
            let mut sink = Sink::new("t.json");
            check_cloudformation(&t(n), &mut sink);
            sink.out
        };
        assert!(found(100).is_empty());
        let d = found(400);
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, POLICY_SIZE);
        assert!(d[0].is_error());
    }

    #[test]
    fn a_managed_policy_past_its_limit_is_an_error_in_terraform() {
        let policy = |n| serde_json::to_string(&doc(n)).unwrap();
        let t = |n| json!({ "resource": { "aws_iam_policy": { "p": { "policy": policy(n) } } } });
        let mut sink = Sink::new("main.tf.json");
        check_terraform(&t(100), &mut sink);
        assert!(sink.out.is_empty());
        check_terraform(&t(200), &mut sink);
        assert_eq!(sink.out.len(), 1);
        assert_eq!(sink.out[0].code, POLICY_SIZE);
    }
}
