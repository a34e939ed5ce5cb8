//! The body shape: one `AWS::ApiGateway::RestApi` whose `Body` is the OpenAPI document, with
//! the role, owned resources, functions, Deployment and Stage beside it. A handful of
//! resources whatever the API's size, and one `PutRestApi` call instead of one create call
//! per resource and method.
//!
//! The document comes from the OpenAPI emitter, written through [`Intrinsics`]: role and
//! owned-resource ARNs, region and account are `Fn::Sub`/`Fn::GetAtt`, which CloudFormation
//! resolves inside `Body` before API Gateway reads it.
//!
//! A document too large for a template (1 MB with it inside) goes beside the template
//! instead ([`beside_template`]): `openapi.json` uploaded to S3 and named by
//! `BodyS3Location`. API Gateway reads that file as it is, with no intrinsics, so its values
//! come from the blueprint's `env`, and the stack gives the execution role the name
//! `env.execution_role_arn` ends in.

use super::refs::{get_att, reference, text};
use super::{EXECUTION_ROLE, REST_API, finish, rest_api_properties};
use crate::emit::deploy::Deploy;
use crate::model::hash::Fnv64;
use crate::model::{RestApi, Shape, Text};
use serde_json::{Map, Value, json};

/// Writes the document's deploy-time values as CloudFormation intrinsics.
#[derive(Debug, Clone, Copy, Default)]
pub struct Intrinsics;

impl Deploy for Intrinsics {
    fn text(&self, t: &Text) -> Value {
        text(t)
    }

    fn execution_role_arn(&self, role: usize) -> Value {
        get_att(&crate::emit::sub::execution_role(role), "Arn")
    }
}

/// The hash of the document, which names the Deployment: any change to the API's document
/// is a new logical id, so CloudFormation creates a new deployment exactly then.
pub fn body_hash(body: &Value) -> String {
    let mut h = Fnv64::new();
    h.write(crate::json::compact(body).as_bytes());
    h.hex()
}

/// The parameter naming the S3 bucket that holds the document beside the template.
pub const BODY_BUCKET: &str = "BodyBucket";

/// The S3 key of a document beside the template: named by its content hash, so a changed
/// document is a new object and CloudFormation updates the API from it.
pub fn body_key(hash: &str) -> String {
    format!("openapi-{}.json", &hash[..16.min(hash.len())])
}

/// The template in the body shape; `document` writes the OpenAPI document through the
/// [`Deploy`] it is given (the caller picks the OpenAPI version).
pub fn body_template(api: &RestApi, document: &dyn Fn(&dyn Deploy) -> Value) -> Value {
    let mut body = document(&Intrinsics);
    literal_dollars(&mut body);
    let hash = body_hash(&body);
    template_with(api, "Body", body, &hash)
}

/// Writes each plain string of `v` that holds `${` (a summary, a template of the API's own)
/// as `Fn::Join` of pieces that do not: CloudFormation would keep the string as it is, but
/// it reads like a forgotten `Fn::Sub` to cfn-lint (E1029) and to people, and a `Fn::Sub`
/// with no variable is one more warning (W1020). Intrinsics already written are left alone.
fn literal_dollars(v: &mut Value) {
    match v {
        Value::String(s) if s.contains("${") => {
            let segments: Vec<&str> = s.split("${").collect();
            let last = segments.len() - 1;
            let pieces: Vec<String> = segments
                .iter()
                .enumerate()
                .map(|(i, seg)| {
                    let open = if i > 0 { "{" } else { "" };
                    let dollar = if i < last { "$" } else { "" };
                    format!("{open}{seg}{dollar}")
                })
                .collect();
            *v = json!({ "Fn::Join": ["", pieces] });
        }
        Value::Object(o)
            if o.len() == 1 && o.keys().all(|k| k == "Ref" || k.starts_with("Fn::")) => {}
        Value::Object(o) => o.values_mut().for_each(literal_dollars),
        Value::Array(a) => a.iter_mut().for_each(literal_dollars),
        _ => {}
    }
}

/// The template in the body shape with the document `imported` (`openapi.json`, values
/// from `env`) beside it in S3: `BodyS3Location` names bucket parameter `BodyBucket` and
/// key [`body_key`]. The execution role is named as `env.execution_role_arn` ends, which
/// the document's integrations name.
pub fn beside_template(api: &RestApi, imported: &Value) -> Value {
    let hash = body_hash(imported);
    let location = json!({ "Bucket": reference(BODY_BUCKET), "Key": body_key(&hash) });
    let mut t = template_with(api, "BodyS3Location", location, &hash);
    if let Some(role) = api.env.execution_role_arn.as_deref() {
        let name = role.rsplit('/').next().unwrap_or(role);
        if let Some(p) = t.pointer_mut(&format!("/Resources/{EXECUTION_ROLE}/Properties"))
            && let Some(p) = p.as_object_mut()
        {
            p.insert("RoleName".into(), json!(name));
        }
        if let Some(r) = t.pointer_mut(&format!("/Resources/{REST_API}"))
            && let Some(r) = r.as_object_mut()
        {
            r.insert("DependsOn".into(), json!([EXECUTION_ROLE]));
        }
    }
    let mut out = Map::new();
    for (k, v) in t.as_object().into_iter().flatten() {
        out.insert(k.clone(), v.clone());
        if k == "Description" {
            out.insert(
                "Parameters".into(),
                json!({ BODY_BUCKET: {
                    "Type": "String",
                    "Description": format!("S3 bucket holding openapi.json as {}", body_key(&hash)),
                } }),
            );
        }
    }
    Value::Object(out)
}

/// The body-shape template whose RestApi gets `body` as property `property`.
fn template_with(api: &RestApi, property: &str, body: Value, hash: &str) -> Value {
    let method_names = api.method_names();
    let mut resources = Map::new();
    let mut p = rest_api_properties(api);
    p.insert(property.into(), body);
    resources.insert(REST_API.into(), super::typed("AWS::ApiGateway::RestApi", p));
    super::managed_policies::insert_roles(api, &mut resources);
    super::managed_policies::insert(api, &mut resources);
    super::owned_kinds::insert(api, &mut resources);
    super::functions::insert(api, &method_names, &mut resources);
    let deployment = format!("Deployment{}", &hash[..12]);
    let mut d = json!({
        "Type": "AWS::ApiGateway::Deployment",
        "Properties": {
            "Description": format!("Content hash {hash}: a new deployment whenever the API's document changes"),
            "RestApiId": reference(REST_API),
        }
    });
    let policies = super::managed_policies::ids(api);
    if !policies.is_empty() {
        d["DependsOn"] = json!(policies);
    }
    resources.insert(deployment.clone(), d);
    finish(api, &deployment, resources, Shape::Body)
}
