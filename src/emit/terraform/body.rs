//! The body shape in Terraform: `aws_api_gateway_rest_api.body` holds the OpenAPI document
//! as a JSON string whose deploy-time values are interpolations (`${aws_iam_role.execution.arn}`),
//! with `put_rest_api_mode = "overwrite"`, and a deployment whose `triggers` hash the body.
//! Nothing is written per method.
//!
//! `overwrite`, not `merge`: the document is the whole API, so a route removed from the
//! blueprint must disappear from the API; `merge` would keep serving it.

use super::refs::{Refs, escape, has_template_sequence};
use super::{API, finish, rest_api};
use crate::emit::deploy::Deploy;
use crate::emit::json::Writer;
use crate::model::{RestApi, Shape, Text};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::sync::Mutex;

/// The prefix of a string that is already in Terraform syntax inside the document while it
/// is built (NUL-led: a blueprint cannot hold NUL, and no document starts a string so).
const TERRAFORM: &str = "\u{0}terraform\u{0}";

/// Writes the document's deploy-time values as Terraform interpolations, and remembers the
/// data sources they need.
#[derive(Debug, Default)]
pub struct Interpolations {
    refs: Mutex<Refs>,
}

impl Interpolations {
    /// The texts' data sources, whichever thread wrote the text (a thread that panicked
    /// while holding them is resumed by the caller anyway).
    fn refs(&self) -> std::sync::MutexGuard<'_, Refs> {
        self.refs.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// `syntax`, already in Terraform syntax, marked to be written as it is.
    fn terraform(syntax: &str) -> Value {
        Value::String(format!("{TERRAFORM}{syntax}"))
    }
}

impl Deploy for Interpolations {
    fn text(&self, t: &Text) -> Value {
        Self::terraform(&self.refs().text(t))
    }

    fn execution_role_arn(&self, role: usize) -> Value {
        Self::terraform(&format!(
            "${{aws_iam_role.{}.arn}}",
            super::managed_policies::role_name(role)
        ))
    }
}

/// Writes a document as compact JSON text that Terraform reads as a template: every string
/// escaped for Terraform (`${` -> `$${`, `%{` -> `%%{`) except the values already in
/// Terraform syntax.
struct Template;

impl Writer for Template {
    fn key(&self, k: &str, out: &mut Vec<u8>) {
        push_quoted(out, k, true);
    }

    fn value(&self, v: &Value, out: &mut Vec<u8>) {
        write_template(v, out);
    }
}

/// `doc` as [`Template`] text.
#[cfg(test)]
fn template(doc: &Value) -> String {
    let mut out = Vec::new();
    write_template(doc, &mut out);
    String::from_utf8(out).unwrap_or_default()
}

/// [`template`] of `doc`, appended to `out`.
fn write_template(doc: &Value, out: &mut Vec<u8>) {
    match doc {
        Value::Object(o) => {
            out.push(b'{');
            for (i, (k, v)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                push_quoted(out, k, true);
                out.push(b':');
                write_template(v, out);
            }
            out.push(b'}');
        }
        Value::Array(a) => {
            out.push(b'[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_template(v, out);
            }
            out.push(b']');
        }
        Value::String(s) => match s.strip_prefix(TERRAFORM) {
            Some(syntax) => push_quoted(out, syntax, false),
            None => push_quoted(out, s, true),
        },
        // Writing into a vector cannot fail.
        other => {
            let _ = serde_json::to_writer(&mut *out, other);
        }
    }
}

/// Appends `s` as a JSON string, its Terraform template sequences escaped when `literal`.
fn push_quoted(out: &mut Vec<u8>, s: &str, literal: bool) {
    let start = out.len();
    crate::json::push_str_bytes(out, s);
    if literal && has_template_sequence(&out[start..]) {
        let quoted = String::from_utf8(out.split_off(start)).unwrap_or_default();
        out.extend_from_slice(escape(&quoted).as_bytes());
    }
}

/// The configuration in the body shape; `document` writes the OpenAPI document through the
/// [`Deploy`] it is given.
pub fn body_main_tf(
    api: &RestApi,
    document: &dyn Fn(&dyn Deploy, &dyn Writer) -> Vec<u8>,
) -> Value {
    let values = Interpolations::default();
    // Only JSON text is written, which is UTF-8.
    let body = String::from_utf8(document(&values, &Template)).unwrap_or_default();
    let mut refs = values.refs.into_inner().unwrap_or_else(|e| e.into_inner());
    let method_names = api.method_names();
    let mut r: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    let mut rest = rest_api(api, Shape::Body);
    rest.insert("body".into(), json!(body));
    rest.insert("put_rest_api_mode".into(), json!("overwrite"));
    r.entry("aws_api_gateway_rest_api")
        .or_default()
        .insert(API.into(), Value::Object(rest));
    super::managed_policies::insert_roles(api, &mut refs, &mut r);
    super::managed_policies::insert(api, &mut refs, &mut r);
    super::owned_kinds::insert(api, &mut refs, &mut r);
    let mut deployment = json!({
        "rest_api_id": format!("${{aws_api_gateway_rest_api.{API}.id}}"),
        "description": "A new deployment whenever the API's document changes",
        "triggers": { "redeployment": format!("${{sha1(aws_api_gateway_rest_api.{API}.body)}}") },
        "lifecycle": { "create_before_destroy": true },
    });
    let attachments = super::managed_policies::attachments(api);
    if !attachments.is_empty() {
        deployment["depends_on"] = json!(attachments);
    }
    r.entry("aws_api_gateway_deployment")
        .or_default()
        .insert(API.into(), deployment);
    finish(api, refs, r, &method_names, Shape::Body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::openapi::{openapi3_text_with, openapi3_with};
    use crate::source::Source;

    /// The body written part by part is the text of the whole document: several parts,
    /// and paths whose methods lie hundreds of methods apart (the second method of `/p0`
    /// joins its path item, in a part of its own).
    #[test]
    fn the_body_written_in_parts_is_the_whole_document() {
        let mut text = String::from("api: Parts\nroutes:\n");
        for (verb, op) in [("GET", "get_object"), ("PUT", "put_object")] {
            for i in 0..300 {
                text.push_str(&format!(
                    "  {verb} /p{i}/{{item}}: {{ s3.{op}: {{ bucket: b-{i}, key: \"{{item}}\" }} }}\n"
                ));
            }
        }
        let src = Source::new("parts.yaml", text);
        let bp = crate::blueprint::load_all(&src, crate::lower::operations()).unwrap();
        let api = crate::lower::lower(&bp, &src).unwrap();
        let whole = template(&openapi3_with(&api, &Interpolations::default()));
        let parts = openapi3_text_with(&api, &Interpolations::default(), &Template);
        assert_eq!(String::from_utf8(parts).unwrap(), whole);
        let doc: Value = serde_json::from_str(&whole).unwrap();
        assert_eq!(doc["paths"].as_object().unwrap().len(), 300);
        let p0: Vec<&String> = doc["paths"]["/p0/{item}"]
            .as_object()
            .unwrap()
            .keys()
            .collect();
        assert_eq!(p0, ["get", "put"]);
    }
}
