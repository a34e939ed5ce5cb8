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
use crate::model::names;
use crate::model::{RestApi, Shape, Text};
use serde_json::{Map, Value, json};
use std::cell::RefCell;
use std::collections::BTreeMap;

/// The key of the object that stands for a value already in Terraform syntax inside the
/// document while it is built (a NUL-led key no OpenAPI document or blueprint can hold).
const TERRAFORM: &str = "\u{0}terraform";

/// Writes the document's deploy-time values as Terraform interpolations, and remembers the
/// data sources they need.
#[derive(Debug, Default)]
pub struct Interpolations {
    refs: RefCell<Refs>,
}

impl Deploy for Interpolations {
    fn text(&self, t: &Text) -> Value {
        json!({ TERRAFORM: self.refs.borrow_mut().text(t) })
    }

    fn execution_role_arn(&self, role: usize) -> Value {
        json!({ TERRAFORM: format!("${{aws_iam_role.{}.arn}}", super::managed_policies::role_name(role)) })
    }
}

/// `doc` as compact JSON text that Terraform reads as a template: every string escaped for
/// Terraform (`${` -> `$${`, `%{` -> `%%{`) except the values already in Terraform syntax.
fn template(doc: &Value, out: &mut String) {
    let mut scratch = Vec::new();
    write_template(doc, out, &mut scratch);
}

/// [`template`] of `doc` into `out`, quoting strings through `scratch`.
fn write_template(doc: &Value, out: &mut String, scratch: &mut Vec<u8>) {
    match doc {
        Value::Object(o) => {
            if let (1, Some(Value::String(t))) = (o.len(), o.get(TERRAFORM)) {
                push_quoted(out, t, scratch, false);
                return;
            }
            out.push('{');
            for (i, (k, v)) in o.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                push_quoted(out, k, scratch, true);
                out.push(':');
                write_template(v, out, scratch);
            }
            out.push('}');
        }
        Value::Array(a) => {
            out.push('[');
            for (i, v) in a.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_template(v, out, scratch);
            }
            out.push(']');
        }
        Value::String(s) => push_quoted(out, s, scratch, true),
        other => out.push_str(&other.to_string()),
    }
}

/// Appends `s` as a JSON string, its Terraform template sequences escaped when `literal`.
fn push_quoted(out: &mut String, s: &str, scratch: &mut Vec<u8>, literal: bool) {
    scratch.clear();
    // Writing a string into a vector cannot fail, and JSON text is UTF-8.
    let _ = serde_json::to_writer(&mut *scratch, s);
    let quoted = std::str::from_utf8(scratch).unwrap_or_default();
    if literal && has_template_sequence(quoted) {
        out.push_str(&escape(quoted));
    } else {
        out.push_str(quoted);
    }
}

/// The configuration in the body shape; `document` writes the OpenAPI document through the
/// [`Deploy`] it is given.
pub fn body_main_tf(api: &RestApi, document: &dyn Fn(&dyn Deploy) -> Value) -> Value {
    let values = Interpolations::default();
    let doc = document(&values);
    let mut body = String::new();
    template(&doc, &mut body);
    let mut refs = values.refs.into_inner();
    let method_names =
        names::method_names(&api.methods, &names::resource_names(&api.resource_paths()));
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
