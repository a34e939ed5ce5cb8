//! The body shape: one `AWS::ApiGateway::RestApi` whose `Body` is the OpenAPI document, with
//! the role, owned resources, functions, Deployment and Stage beside it. A handful of
//! resources whatever the API's size, and one `PutRestApi` call instead of one create call
//! per resource and method.
//!
//! The document comes from the OpenAPI emitter, written through [`Intrinsics`]: role and
//! owned-resource ARNs, region and account are `Fn::Sub`/`Fn::GetAtt`, which CloudFormation
//! resolves inside `Body` before API Gateway reads it.

use super::refs::{get_att, reference, text};
use super::{EXECUTION_ROLE, REST_API, finish, role};
use crate::emit::deploy::Deploy;
use crate::model::hash::Fnv64;
use crate::model::names;
use crate::model::{RestApi, Shape, Text};
use serde_json::{Map, Value, json};

/// Writes the document's deploy-time values as CloudFormation intrinsics.
#[derive(Debug, Clone, Copy, Default)]
pub struct Intrinsics;

impl Deploy for Intrinsics {
    fn text(&self, t: &Text) -> Value {
        text(t)
    }

    fn execution_role_arn(&self) -> Value {
        get_att(EXECUTION_ROLE, "Arn")
    }
}

/// The hash of the document, which names the Deployment: any change to the API's document
/// is a new logical id, so CloudFormation creates a new deployment exactly then.
pub fn body_hash(body: &Value) -> String {
    let mut h = Fnv64::new();
    h.write(serde_json::to_string(body).unwrap_or_default().as_bytes());
    h.hex()
}

/// The template in the body shape; `document` writes the OpenAPI document through the
/// [`Deploy`] it is given (the caller picks the OpenAPI version).
pub fn body_template(api: &RestApi, document: &dyn Fn(&dyn Deploy) -> Value) -> Value {
    let body = document(&Intrinsics);
    let hash = body_hash(&body);
    let method_names =
        names::method_names(&api.methods, &names::resource_names(&api.resource_paths()));
    let mut resources = Map::new();
    let mut p = Map::new();
    p.insert("Name".into(), json!(api.name));
    if let Some(d) = &api.description {
        p.insert("Description".into(), json!(d));
    }
    p.insert(
        "EndpointConfiguration".into(),
        json!({ "Types": [api.endpoint.as_str()] }),
    );
    p.insert("Body".into(), body);
    resources.insert(
        REST_API.into(),
        json!({ "Type": "AWS::ApiGateway::RestApi", "Properties": p }),
    );
    if let Some(r) = api.execution_role() {
        resources.insert(EXECUTION_ROLE.into(), role(&r));
    }
    super::owned::insert(api, &mut resources);
    super::functions::insert(api, &method_names, &mut resources);
    let deployment = format!("Deployment{}", &hash[..12]);
    resources.insert(
        deployment.clone(),
        json!({
            "Type": "AWS::ApiGateway::Deployment",
            "Properties": {
                "Description": format!("Content hash {hash}: a new deployment whenever the API's document changes"),
                "RestApiId": reference(REST_API),
            }
        }),
    );
    finish(api, &deployment, resources, Shape::Body)
}
