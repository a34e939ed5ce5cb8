//! IAM as the integration tests count it, apart from `src/`: policy documents read back from
//! the outputs with deploy-time values at their longest
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>: 10,240
//! characters of inline policy per role, 6,144 per managed policy, whitespace not counted).
#![allow(dead_code)]

use serde_json::Value;
use std::collections::BTreeSet;

/// Characters of all inline policies of one role together.
pub const INLINE: usize = 10_240;
/// Characters of one managed policy.
pub const MANAGED: usize = 6_144;

/// Every (action, resource) pair a set of policies grants.
pub type Pairs = BTreeSet<(String, String)>;

/// N sibling paths, each with a GET and a PUT of its own S3 object (CDK's scale-test shape,
/// as the scale benchmark writes it).
pub fn s3_blueprint(paths: usize) -> String {
    let mut s = format!("api: Scale{paths}\nauth: aws_iam\nstage: test\nroutes:\n");
    for i in 0..paths {
        s.push_str(&format!(
            "  GET /p{i}:\n    s3.get_object: {{ bucket: gw-bench-data, key: p{i}.json }}\n  PUT /p{i}:\n    s3.put_object: {{ bucket: gw-bench-data, key: p{i}.json }}\n"
        ));
    }
    s
}

/// A deploy-time string at its longest: `${AWS::Partition}` is `aws-us-gov`, and so on.
pub fn deployed(s: &str) -> String {
    s.replace("${AWS::Partition}", "aws-us-gov")
        .replace("${data.aws_partition.current.partition}", "aws-us-gov")
        .replace("${AWS::Region}", "ap-southeast-7")
        .replace("${data.aws_region.current.region}", "ap-southeast-7")
        .replace("${data.aws_service.current.region}", "ap-southeast-7")
        .replace("${AWS::AccountId}", "123456789012")
        .replace(
            "${data.aws_caller_identity.current.account_id}",
            "123456789012",
        )
}

/// The text of a string, or of a plain `Fn::Sub`.
pub fn plain(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(o) if o.contains_key("Fn::Sub") => o["Fn::Sub"].as_str().unwrap().into(),
        other => panic!("unexpected {other}"),
    }
}

/// The document with intrinsics resolved to their longest values.
pub fn resolve(v: &Value) -> Value {
    match v {
        Value::Object(o) if o.len() == 1 && o.contains_key("Fn::Sub") => {
            Value::String(deployed(&plain(v)))
        }
        Value::Object(o) => Value::Object(o.iter().map(|(k, v)| (k.clone(), resolve(v))).collect()),
        Value::Array(a) => Value::Array(a.iter().map(resolve).collect()),
        Value::String(s) => Value::String(deployed(s)),
        other => other.clone(),
    }
}

/// Characters IAM counts: the compact JSON, whitespace left out.
pub fn iam_chars(doc: &Value) -> usize {
    serde_json::to_string(&resolve(doc))
        .unwrap()
        .chars()
        .filter(|c| !c.is_whitespace())
        .count()
}

/// Every (action, resource) the document allows; anything but plain Allow fails.
pub fn pairs(doc: &Value, out: &mut Pairs) {
    for s in doc["Statement"].as_array().unwrap() {
        assert_eq!(s["Effect"], "Allow");
        assert!(s.get("Condition").is_none() && s.get("NotResource").is_none());
        let list = |v: &Value| -> Vec<String> {
            match v {
                Value::Array(a) => a.iter().map(|x| deployed(&plain(x))).collect(),
                x => vec![deployed(&plain(x))],
            }
        };
        for a in list(&s["Action"]) {
            assert!(!a.contains('*'), "wildcard action {a}");
            for r in list(&s["Resource"]) {
                out.insert((a.clone(), r));
            }
        }
    }
}
