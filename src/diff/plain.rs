//! Turning CloudFormation intrinsics into plain text so that values compare by meaning:
//! `{"Ref": "Jobs"}` is `${Jobs}`, `{"Fn::GetAtt": ["Jobs", "Arn"]}` is `${Jobs.Arn}`,
//! `Fn::Sub` is its string with its variables put in, `Fn::Join` is the joined text.

use serde_json::{Map, Value};

/// How deep intrinsics nest before the rest is kept as written (hostile templates).
const MAX_DEPTH: usize = 64;

/// `v` with every intrinsic function replaced by the text it stands for.
pub fn plain(v: &Value) -> Value {
    plain_at(v, 0)
}

fn plain_at(v: &Value, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return v.clone();
    }
    match v {
        Value::Object(m) => match intrinsic(m, depth) {
            Some(text) => Value::String(text),
            None => Value::Object(
                m.iter()
                    .map(|(k, v)| (k.clone(), plain_at(v, depth + 1)))
                    .collect(),
            ),
        },
        Value::Array(a) => Value::Array(a.iter().map(|v| plain_at(v, depth + 1)).collect()),
        other => other.clone(),
    }
}

/// The text of `v`: a string as it is, intrinsics rendered, anything else as compact JSON.
pub fn text(v: &Value) -> String {
    match plain(v) {
        Value::String(s) => s,
        other => other.to_string(),
    }
}

fn intrinsic(m: &Map<String, Value>, depth: usize) -> Option<String> {
    if m.len() != 1 {
        return None;
    }
    let (name, arg) = m.iter().next()?;
    let t = |v: &Value| match plain_at(v, depth + 1) {
        Value::String(s) => s,
        other => other.to_string(),
    };
    match (name.as_str(), arg) {
        ("Ref", Value::String(r)) => Some(format!("${{{r}}}")),
        ("Fn::GetAtt", Value::Array(a)) if a.len() == 2 => {
            Some(format!("${{{}.{}}}", t(&a[0]), t(&a[1])))
        }
        ("Fn::GetAtt", Value::String(s)) => Some(format!("${{{s}}}")),
        ("Fn::Sub", Value::String(s)) => Some(s.clone()),
        ("Fn::Sub", Value::Array(a)) if a.len() == 2 => {
            let mut s = a[0].as_str()?.to_string();
            if let Value::Object(vars) = &a[1] {
                for (k, v) in vars {
                    s = s.replace(&format!("${{{k}}}"), &t(v));
                }
            }
            Some(s)
        }
        ("Fn::Join", Value::Array(a)) if a.len() == 2 => {
            let sep = a[0].as_str()?;
            let parts = a[1].as_array()?;
            Some(parts.iter().map(t).collect::<Vec<_>>().join(sep))
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn intrinsics_become_text() {
        assert_eq!(text(&json!({"Ref": "Api"})), "${Api}");
        assert_eq!(text(&json!({"Fn::GetAtt": ["Q", "Arn"]})), "${Q.Arn}");
        assert_eq!(text(&json!({"Fn::GetAtt": "Q.Arn"})), "${Q.Arn}");
        assert_eq!(
            text(&json!({"Fn::Sub": ["a/${X}/${AWS::Region}", {"X": {"Ref": "B"}}]})),
            "a/${B}/${AWS::Region}"
        );
        assert_eq!(
            text(&json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}, ":s3"]]})),
            "arn:${AWS::Partition}:s3"
        );
        assert_eq!(
            plain(&json!({"a": [{"Ref": "X"}, 1]})),
            json!({"a": ["${X}", 1]})
        );
        assert_eq!(
            text(&json!({"Fn::If": ["c", 1, 2]})),
            r#"{"Fn::If":["c",1,2]}"#
        );
    }
}
