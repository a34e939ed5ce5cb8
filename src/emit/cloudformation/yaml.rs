//! CloudFormation YAML written from the template's JSON value, with the short-form
//! intrinsic tags people write by hand (`!Ref`, `!GetAtt Res.Attr`, `!Sub`). Scalars are
//! quoted whenever a YAML 1.1 reader (cfn-lint, the AWS CLI) could read them as anything
//! but the string they are (`2010-09-09`, `yes`, `'200'`, `*/*`).

use serde_json::Value;
use std::fmt::{self, Write};
use std::io;

/// The template as YAML, two-space indent, trailing newline. Everything is written straight
/// into one string (no text per node), so a template of thousands of resources costs little
/// more than its own size.
pub fn to_yaml(v: &Value) -> String {
    let mut out = Out {
        text: String::new(),
        to: None,
        err: None,
    };
    write_doc(&mut out, v);
    out.text
}

/// Writes [`to_yaml`]`(v)` to `to` a piece at a time, without building the whole text.
pub fn to_yaml_to(to: &mut dyn io::Write, v: &Value) -> io::Result<()> {
    let mut out = Out {
        text: String::with_capacity(2 * Out::PIECE),
        to: Some(to),
        err: None,
    };
    write_doc(&mut out, v);
    out.hand_on();
    out.err.map_or(Ok(()), Err)
}

fn write_doc(out: &mut Out<'_>, v: &Value) {
    match v {
        Value::Object(m) if !m.is_empty() => write_map(out, m, 0),
        other => {
            if is_inline(other) {
                push_inline(out, other);
            }
            out.push('\n');
        }
    }
}

/// The text being written: kept whole, or handed on to a writer once a map entry ends past
/// [`Out::PIECE`] bytes (the first error is kept, and nothing more is written after it).
struct Out<'w> {
    text: String,
    to: Option<&'w mut dyn io::Write>,
    err: Option<io::Error>,
}

impl Out<'_> {
    const PIECE: usize = 64 * 1024;

    fn push(&mut self, c: char) {
        self.text.push(c);
    }

    fn push_str(&mut self, s: &str) {
        self.text.push_str(s);
    }

    /// Hands the text so far on to the writer, if there is one.
    fn hand_on(&mut self) {
        if let Some(to) = self.to.as_mut() {
            if self.err.is_none()
                && let Err(e) = to.write_all(self.text.as_bytes())
            {
                self.err = Some(e);
            }
            self.text.clear();
        }
    }

    /// Called at the end of each map entry: hands the text on once it is long enough.
    fn entry_done(&mut self) {
        if self.text.len() >= Self::PIECE {
            self.hand_on();
        }
    }
}

impl fmt::Write for Out<'_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        self.text.push_str(s);
        Ok(())
    }
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

/// Whether the value can be written on one line.
fn is_inline(v: &Value) -> bool {
    if let Some((tag, arg)) = short_form(v) {
        return getatt_pair(tag, arg).is_some() || is_inline(arg);
    }
    match v {
        Value::Array(a) => a.is_empty(),
        Value::Object(m) => m.is_empty(),
        _ => true,
    }
}

/// The resource and attribute of `!GetAtt [Res, Attr]`, written `!GetAtt Res.Attr`.
fn getatt_pair<'a>(tag: &str, arg: &'a Value) -> Option<(&'a str, &'a str)> {
    match arg.as_array().map(Vec::as_slice) {
        Some([Value::String(a), Value::String(b)]) if tag == "!GetAtt" => Some((a, b)),
        _ => None,
    }
}

/// Writes a value [`is_inline`] accepts, on one line.
fn push_inline(out: &mut Out<'_>, v: &Value) {
    if let Some((tag, arg)) = short_form(v) {
        out.push_str(tag);
        out.push(' ');
        match getatt_pair(tag, arg) {
            Some((a, b)) => {
                out.push_str(a);
                out.push('.');
                out.push_str(b);
            }
            None => push_inline(out, arg),
        }
        return;
    }
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => {
            let _ = write!(out, "{n}");
        }
        Value::String(s) => push_scalar(out, s),
        Value::Array(_) => out.push_str("[]"),
        Value::Object(_) => out.push_str("{}"),
    }
}

fn push_indent(out: &mut Out<'_>, indent: usize) {
    const SPACES: &str = "                                                                ";
    let mut left = indent;
    while left > 0 {
        let n = left.min(SPACES.len());
        out.push_str(&SPACES[..n]);
        left -= n;
    }
}

fn write_map(out: &mut Out<'_>, m: &serde_json::Map<String, Value>, indent: usize) {
    for (k, v) in m {
        push_indent(out, indent);
        push_scalar(out, k);
        out.push(':');
        write_value(out, v, indent);
        out.entry_done();
    }
}

/// Writes the value after `key:` or `-`, on the same line when inline, else nested.
fn write_value(out: &mut Out<'_>, v: &Value, indent: usize) {
    if is_inline(v) {
        out.push(' ');
        push_inline(out, v);
        out.push('\n');
        return;
    }
    if let Some((tag, arg)) = short_form(v) {
        out.push(' ');
        out.push_str(tag);
        out.push('\n');
        write_block(out, arg, indent + 2);
        return;
    }
    out.push('\n');
    write_block(out, v, indent + 2);
}

fn write_block(out: &mut Out<'_>, v: &Value, indent: usize) {
    match v {
        Value::Object(m) => write_map(out, m, indent),
        Value::Array(a) => {
            for item in a {
                push_indent(out, indent);
                out.push('-');
                match item {
                    Value::Object(m) if short_form(item).is_none() && !m.is_empty() => {
                        // First key on the dash line, the rest aligned under it.
                        for (i, (k, val)) in m.iter().enumerate() {
                            if i == 0 {
                                out.push(' ');
                            } else {
                                push_indent(out, indent + 2);
                            }
                            push_scalar(out, k);
                            out.push(':');
                            write_value(out, val, indent + 2);
                        }
                    }
                    other => write_value(out, other, indent),
                }
            }
        }
        other => {
            push_indent(out, indent);
            if is_inline(other) {
                push_inline(out, other);
            }
            out.push('\n');
        }
    }
}

/// A string scalar: plain when no YAML reader could take it for anything else, otherwise
/// single-quoted, or double-quoted with escapes when it holds control characters.
fn push_scalar(out: &mut Out<'_>, s: &str) {
    // ASCII control bytes, or (past ASCII only) the C1 control characters.
    let control = s.bytes().any(|b| b < 0x20 || b == 0x7f)
        || (!s.is_ascii() && s.chars().any(char::is_control));
    if control {
        crate::json::push_str(&mut out.text, s);
    } else if is_plain_safe(s) {
        out.push_str(s);
    } else {
        out.push('\'');
        for (i, part) in s.split('\'').enumerate() {
            if i > 0 {
                out.push_str("''");
            }
            out.push_str(part);
        }
        out.push('\'');
    }
}

/// Words YAML 1.1 readers take for booleans or null when unquoted.
const RESERVED: [&str; 10] = [
    "y", "n", "yes", "no", "on", "off", "true", "false", "null", "~",
];

/// Whether `s` can be written as a plain (unquoted) scalar: it starts with a letter, `/` or
/// `_`, holds only letters, digits and `_-./:(),+=` and spaces, has no `: ` or ` #`, does not
/// end in a space or `:`, and is not a word YAML reads as a boolean or null. One pass over the
/// bytes, since every string of a template goes through here.
fn is_plain_safe(s: &str) -> bool {
    let b = s.as_bytes();
    let (Some(&first), Some(&last)) = (b.first(), b.last()) else {
        return false;
    };
    if !(first.is_ascii_alphabetic() || first == b'/' || first == b'_')
        || matches!(last, b' ' | b':')
    {
        return false;
    }
    let mut prev = 0u8;
    for &c in b {
        let allowed = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b' ' | b'_' | b'-' | b'.' | b'/' | b':' | b'(' | b')' | b',' | b'+' | b'='
            );
        if !allowed || (prev == b':' && c == b' ') || (prev == b' ' && c == b'#') {
            return false;
        }
        prev = c;
    }
    !(b.len() <= 5 && RESERVED.iter().any(|r| s.eq_ignore_ascii_case(r)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// A template whose text crosses the piece size many times: written to a writer, it is
    /// the text `to_yaml` builds, byte for byte.
    #[test]
    fn text_written_to_a_writer_is_the_text_built() {
        let resources: serde_json::Map<String, Value> = (0..3_000)
            .map(|i| {
                let r = json!({
                    "Type": "AWS::ApiGateway::Method",
                    "Properties": {
                        "RestApiId": {"Ref": "Api"},
                        "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
                        "Integration": {"Uri": {"Fn::Sub": format!("arn:${{AWS::Partition}}:x/{i}")}},
                        "List": ["a", {"b": "yes"}, []],
                    }
                });
                (format!("M{i}"), r)
            })
            .collect();
        let doc = json!({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources});
        let mut written = Vec::new();
        to_yaml_to(&mut written, &doc).unwrap();
        assert!(written.len() > 3 * Out::PIECE);
        assert_eq!(String::from_utf8(written).unwrap(), to_yaml(&doc));
        for small in [json!({}), json!("x"), json!({"a": 1})] {
            let mut w = Vec::new();
            to_yaml_to(&mut w, &small).unwrap();
            assert_eq!(String::from_utf8(w).unwrap(), to_yaml(&small));
        }
    }

    #[test]
    fn plain_scalars_are_only_what_yaml_reads_back_as_the_same_string() {
        for plain in ["abc", "/a", "_x", "a:b", "a b", "yess", "Name-1.2"] {
            assert!(is_plain_safe(plain), "{plain}");
        }
        for quoted in [
            "", "1a", "a: b", "a #b", "a ", "a:", "yes", "On", "NULL", "~", "é", "a{b", "*/*",
        ] {
            assert!(!is_plain_safe(quoted), "{quoted}");
        }
    }

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
