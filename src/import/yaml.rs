//! Writing the imported blueprint as block YAML: mappings and sequences indented by two
//! spaces, a string plain where YAML reads it back as the same string and double-quoted (JSON
//! escapes, which YAML shares) everywhere else, so the text loads to exactly the value built.

use serde_json::Value;

/// `v` (a mapping) as a YAML document, after the comment lines `header`.
pub fn document(header: &[String], v: &Value) -> String {
    let mut out = String::new();
    for line in header {
        if line.is_empty() {
            out.push_str("#\n");
        } else {
            out.push_str("# ");
            out.push_str(line);
            out.push('\n');
        }
    }
    block(&mut out, v, 0);
    out
}

/// Writes the members of a mapping or the items of a sequence at `indent`.
fn block(out: &mut String, v: &Value, indent: usize) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                out.push_str(&pad);
                out.push_str(&scalar(k));
                out.push(':');
                nested(out, val, indent);
            }
        }
        Value::Array(items) => {
            for item in items {
                out.push_str(&pad);
                out.push('-');
                nested(out, item, indent);
            }
        }
        other => {
            out.push_str(&pad);
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

/// A value after `key:` or `-`: inline when it is a scalar or empty, else on the next lines.
fn nested(out: &mut String, v: &Value, indent: usize) {
    match v {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            block(out, v, indent + 2);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            block(out, v, indent + 2);
        }
        other => {
            out.push(' ');
            out.push_str(&inline(other));
            out.push('\n');
        }
    }
}

/// A scalar or an empty collection on one line.
fn inline(v: &Value) -> String {
    match v {
        Value::String(s) => scalar(s),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        other => other.to_string(),
    }
}

/// `s` plain when YAML reads that back as the same string, else double-quoted.
pub fn scalar(s: &str) -> String {
    if is_plain(s) {
        s.to_string()
    } else {
        serde_json::to_string(s).unwrap_or_default()
    }
}

/// Words YAML 1.1 or 1.2 read as something other than a string.
const RESERVED: &[&str] = &[
    "true", "false", "yes", "no", "on", "off", "null", "y", "n", "~",
];

fn is_plain(s: &str) -> bool {
    let Some(first) = s.chars().next() else {
        return false;
    };
    let lower = s.to_ascii_lowercase();
    first.is_ascii_alphabetic()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./".contains(c))
        && !RESERVED.contains(&lower.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn quotes_what_yaml_would_read_otherwise() {
        assert_eq!(scalar("sqs"), "sqs");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("200"), "\"200\"");
        assert_eq!(scalar("GET /{a}"), "\"GET /{a}\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar(""), "\"\"");
    }

    #[test]
    fn writes_nested_blocks_that_load_back() {
        let v = json!({"api": "A", "routes": {"GET /": {"aws": {"iam": [{"actions": ["sqs:SendMessage"]}]}, "x": {}}}});
        let text = document(&["one".into()], &v);
        assert!(
            text.starts_with("# one\napi: A\nroutes:\n  \"GET /\":\n    aws:\n"),
            "{text}"
        );
        assert!(
            text.contains("            - \"sqs:SendMessage\"\n    x: {}\n"),
            "{text}"
        );
        let back = crate::load::yaml(&text, &crate::blueprint::load_options()).unwrap();
        assert_eq!(back.value, v);
    }
}
