//! The output shape of the deployable formats, decided once for both: `resources` while the
//! CloudFormation stack fits its quotas (500 resources, 1 MB), else `body` (see
//! [`crate::model::Shape`]). The body is the OpenAPI 3.0 document, written with each
//! format's own deploy-time values.

use crate::emit::{cloudformation, openapi, terraform};
use crate::limits::{MAX_STACK_RESOURCES, MAX_TEMPLATE_BYTES};
use crate::model::{RestApi, Shape};
use serde_json::Value;

/// True when a template stays within a stack's quotas: at most 500 resources and 1 MB as
/// written (two-space JSON, the larger of the two files gatewright writes).
pub fn fits(template: &Value) -> bool {
    let resources = template
        .get("Resources")
        .and_then(Value::as_object)
        .map_or(0, |r| r.len());
    resources <= MAX_STACK_RESOURCES && crate::json::pretty_len(template) <= MAX_TEMPLATE_BYTES
}

/// The shape `api` is written in: its own, or for `auto` the resources shape while its
/// template fits, else the body shape when it can deploy (inside a template that fits, or
/// beside it with no placeholder), else the resources shape again (with its quota warnings).
pub fn resolve(api: &RestApi) -> Shape {
    match api.shape {
        Shape::Auto if fits(&cloudformation::template(api)) => Shape::Resources,
        Shape::Auto => {
            let inside = cloudformation::body_template(api, &|d| openapi::openapi3_with(api, d));
            if fits(&inside) || beside_possible(api) {
                Shape::Body
            } else {
                Shape::Resources
            }
        }
        s => s,
    }
}

/// The shape of `api` decided once for a run, with the CloudFormation template built while
/// deciding it (for `auto`, the template that was measured), so a caller sets the shape on
/// the model and neither it nor the Terraform emitter builds a template again to resolve it.
pub fn decide(api: &RestApi) -> (Shape, Option<Value>) {
    if api.shape != Shape::Auto {
        return (api.shape, None);
    }
    let t = cloudformation::template(api);
    if fits(&t) {
        return (Shape::Resources, Some(t));
    }
    let inside = cloudformation::body_template(api, &|d| openapi::openapi3_with(api, d));
    if fits(&inside) {
        (Shape::Body, Some(inside))
    } else if beside_possible(api) {
        drop(inside);
        let beside = cloudformation::beside_template(api, &openapi::openapi3(api));
        (Shape::Body, Some(beside))
    } else {
        (Shape::Resources, Some(t))
    }
}

/// True when `openapi.json` can be imported as it is from beside the template: no
/// placeholder left by `env`, and no resource of the stack's own naming.
fn beside_possible(api: &RestApi) -> bool {
    let owned = crate::model::OwnedKind::ALL
        .into_iter()
        .any(|k| !api.owned.names(k).is_empty());
    if owned {
        return false;
    }
    let text = serde_json::to_string(&openapi::openapi3(api)).unwrap_or_default();
    openapi::placeholders(api, &text).is_empty()
}

/// The body-shape template: the document inside while the template fits 1 MB, else
/// `openapi.json` (with `env`'s values) beside it in S3.
fn body(api: &RestApi) -> Value {
    let inside = cloudformation::body_template(api, &|d| openapi::openapi3_with(api, d));
    if fits(&inside) {
        inside
    } else {
        cloudformation::beside_template(api, &openapi::openapi3(api))
    }
}

/// The S3 key `template` reads its body from, when its document is beside it.
pub fn body_beside(template: &Value) -> Option<&str> {
    template
        .get("Resources")?
        .as_object()?
        .values()
        .find_map(|r| r.pointer("/Properties/BodyS3Location/Key"))?
        .as_str()
}

/// The CloudFormation template in the API's shape.
pub fn cloudformation(api: &RestApi) -> Value {
    let body = || body(api);
    match api.shape {
        Shape::Resources => cloudformation::template(api),
        Shape::Body => body(),
        Shape::Auto => {
            let t = cloudformation::template(api);
            if fits(&t) || resolve(api) == Shape::Resources {
                t
            } else {
                body()
            }
        }
    }
}

/// The Terraform configuration in the API's shape.
pub fn terraform(api: &RestApi) -> Value {
    match resolve(api) {
        Shape::Body => terraform::body_main_tf(api, &|d| openapi::openapi3_with(api, d)),
        _ => terraform::main_tf(api),
    }
}

/// The README section on the shape of the deployable outputs: nothing for the resources
/// shape; for the body shape what it holds, and the deploy steps when the document is
/// beside the template.
pub fn deploy_notes(template: &Value) -> String {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return String::new();
    };
    let body_api = resources.values().any(|r| {
        r.pointer("/Properties/Body").is_some() || r.pointer("/Properties/BodyS3Location").is_some()
    });
    if !body_api {
        return String::new();
    }
    let mut s = format!(
        "\n## Output shape: body\n\nThe CloudFormation template ({} resources) and `main.tf.json` hold the API as one \
         RestApi whose body is the OpenAPI document (`PutRestApi`), with no resource per path or \
         method. The Deployment is named (CloudFormation) or triggered (Terraform) by the \
         document's hash, so it is re-created exactly when the API changes.\n",
        resources.len()
    );
    if let Some(key) = body_beside(template) {
        s.push_str(&format!(
            "\nThe template would pass CloudFormation's 1 MB with the document inside, so it reads \
             `openapi.json` (its values from the blueprint's `env`) from S3 as `{key}`:\n\n\
             ```bash\n\
             aws s3 cp openapi.json s3://<bucket>/{key}\n\
             aws cloudformation deploy --template-file cloudformation.json --stack-name <stack> \\\n  \
             --parameter-overrides BodyBucket=<bucket> --capabilities CAPABILITY_NAMED_IAM\n\
             ```\n"
        ));
    }
    s
}
