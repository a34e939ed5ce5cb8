//! CloudFormation YAML written from the template's JSON value, with the short-form
//! intrinsic tags people write by hand (`!Ref`, `!GetAtt Res.Attr`, `!Sub`). Scalars are
//! quoted whenever a YAML 1.1 reader (cfn-lint, the AWS CLI) could read them as anything
//! but the string they are (`2010-09-09`, `yes`, `'200'`, `*/*`).

use serde_json::Value;
use std::fmt::Write;

/// The template as YAML, two-space indent, trailing newline.
pub fn to_yaml(v: &Value) -> String {
    let mut out = String::new();
    match v {
        Value::Object(m) if !m.is_empty() => write_map(&mut out, m, 0),
        other => {
            out.push_str(&inline(other).unwrap_or_default());
            out.push('\n');
        }
    }
    out
}

/// A short-form tag for a one-key intrinsic object, with its argument.
fn short_form(v: &Value) -> Option<(&'static str, &Value)> {
    let m = v.as_object()?;
    if m.len() != 1 {
        return None;
    }
    let (k, arg) = m.iter().next()?;
    let tag = match k.as_str() {
        "Ref" => "!Ref",
        "Fn::Sub" => "!Sub",
        "Fn::GetAtt" => "!GetAtt",
        "Fn::Join" => "!Join",
        "Fn::Select" => "!Select",
        "Fn::Split" => "!Split",
        "Fn::If" => "!If",
        "Fn::Equals" => "!Equals",
        "Fn::Not" => "!Not",
        "Fn::And" => "!And",
        "Fn::Or" => "!Or",
        "Fn::Base64" => "!Base64",
        "Fn::GetAZs" => "!GetAZs",
        "Fn::ImportValue" => "!ImportValue",
        "Fn::FindInMap" => "!FindInMap",
        "Fn::Cidr" => "!Cidr",
        "Condition" => "!Condition",
        _ => return None,
    };
    Some((tag, arg))
}

/// The value on one line, when it can be written so.
fn inline(v: &Value) -> Option<String> {
    if let Some((tag, arg)) = short_form(v) {
        if tag == "!GetAtt"
            && let Some([Value::String(a), Value::String(b)]) = arg.as_array().map(Vec::as_slice)
        {
            return Some(format!("!GetAtt {a}.{b}"));
        }
        return inline(arg).map(|a| format!("{tag} {a}"));
    }
    match v {
        Value::Null => Some("null".into()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::String(s) => Some(scalar(s)),
        Value::Array(a) if a.is_empty() => Some("[]".into()),
        Value::Object(m) if m.is_empty() => Some("{}".into()),
        _ => None,
    }
}

fn write_map(out: &mut String, m: &serde_json::Map<String, Value>, indent: usize) {
    for (k, v) in m {
        let _ = write!(out, "{}{}:", " ".repeat(indent), scalar(k));
        write_value(out, v, indent);
    }
}

/// Writes the value after `key:` or `-`, on the same line when inline, else nested.
fn write_value(out: &mut String, v: &Value, indent: usize) {
    if let Some(s) = inline(v) {
        let _ = writeln!(out, " {s}");
        return;
    }
    if let Some((tag, arg)) = short_form(v) {
        let _ = writeln!(out, " {tag}");
        write_block(out, arg, indent + 2);
        return;
    }
    out.push('\n');
    write_block(out, v, indent + 2);
}

fn write_block(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) => write_map(out, m, indent),
        Value::Array(a) => {
            for item in a {
                let _ = write!(out, "{}-", " ".repeat(indent));
                match item {
                    Value::Object(m) if short_form(item).is_none() && !m.is_empty() => {
                        // First key on the dash line, the rest aligned under it.
                        let mut first = true;
                        for (k, val) in m {
                            if first {
                                let _ = write!(out, " {}:", scalar(k));
                                first = false;
                            } else {
                                let _ = write!(out, "{}{}:", " ".repeat(indent + 2), scalar(k));
                            }
                            write_value(out, val, indent + 2);
                        }
                    }
                    other => write_value(out, other, indent),
                }
            }
        }
        other => {
            let _ = writeln!(
                out,
                "{}{}",
                " ".repeat(indent),
                inline(other).unwrap_or_default()
            );
        }
    }
}

/// A string scalar: plain when no YAML reader could take it for anything else, otherwise
/// single-quoted, or double-quoted with escapes when it holds control characters.
fn scalar(s: &str) -> String {
    if s.chars().any(|c| c.is_control()) {
        return serde_json::to_string(s).unwrap_or_default();
    }
    if is_plain_safe(s) {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "''"))
    }
}

fn is_plain_safe(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == '/' || first == '_') {
        return false;
    }
    if s.ends_with([' ', ':']) || s.contains(": ") || s.contains(" #") {
        return false;
    }
    let ok = s.chars().all(|c| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                ' ' | '_' | '-' | '.' | '/' | ':' | '(' | ')' | ',' | '+' | '='
            )
    });
    let lower = s.to_ascii_lowercase();
    let reserved = matches!(
        lower.as_str(),
        "y" | "n" | "yes" | "no" | "on" | "off" | "true" | "false" | "null" | "~"
    );
    ok && !reserved
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn short_forms_and_quoting() {
        let v = json!({
            "AWSTemplateFormatVersion": "2010-09-09",
            "Resources": {
                "Api": { "Type": "AWS::ApiGateway::RestApi", "Properties": {
                    "Name": "My API",
                    "BinaryMediaTypes": ["*/*"],
                    "ParentId": { "Fn::GetAtt": ["RestApi", "RootResourceId"] },
                    "Uri": { "Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:s3:path/{bucket}" },
                    "Codes": [{ "StatusCode": "200", "SelectionPattern": "4\\d{2}" }, { "Ref": "X" }],
                    "Flag": "yes",
                    "Empty": {},
                }}
            }
        });
        let y = to_yaml(&v);
        assert!(
            y.starts_with("AWSTemplateFormatVersion: '2010-09-09'\n"),
            "{y}"
        );
        assert!(y.contains("ParentId: !GetAtt RestApi.RootResourceId\n"));
        assert!(y.contains(
            "Uri: !Sub 'arn:${AWS::Partition}:apigateway:${AWS::Region}:s3:path/{bucket}'\n"
        ));
        assert!(y.contains("- '*/*'\n"));
        assert!(
            y.contains("- StatusCode: '200'\n          SelectionPattern: '4\\d{2}'\n"),
            "{y}"
        );
        assert!(y.contains("- !Ref X\n"));
        assert!(y.contains("Flag: 'yes'\n"));
        assert!(y.contains("Name: My API\n"));
        assert!(y.contains("Empty: {}\n"));
    }
}
