//! The output shape of the deployable formats, decided once for both: `resources` while the
//! CloudFormation stack fits its quotas (500 resources, 1 MB), else `body` (see
//! [`crate::model::Shape`]; Terraform takes the body even where CloudFormation cannot). The body is the OpenAPI 3.0 document, written with each
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
        Shape::Auto => decide(api).shape,
        s => s,
    }
}

/// What deciding the shape of `api` for a run settled: the shape, and the documents built
/// while deciding it, so that a run builds neither again.
#[derive(Debug)]
pub struct Decided {
    /// The shape of CloudFormation (and of Terraform unless `terraform` says otherwise); never
    /// `auto`.
    pub shape: Shape,
    /// Terraform's shape when it differs: the body where CloudFormation falls back to the
    /// resources shape only because the document cannot go beside its template.
    pub terraform: Option<Shape>,
    /// The CloudFormation template in that shape, when deciding built it.
    pub template: Option<Value>,
    /// The OpenAPI 3.0 document (`openapi.json`, with `env`'s values), when deciding built it.
    pub openapi: Option<Value>,
}

/// The shape of `api` decided once for a run, with what was built while deciding it, so a
/// caller sets the shape on the model and neither it nor the Terraform emitter builds a
/// template again to resolve it. An API of more methods than a stack holds resources is
/// never built in the resources shape to be measured; a document more than twice the
/// template quota is never built with the template around it: neither could fit.
pub fn decide(api: &RestApi) -> Decided {
    let decided = |shape, template, openapi| Decided {
        shape,
        terraform: None,
        template,
        openapi,
    };
    if api.shape != Shape::Auto {
        return decided(api.shape, None, None);
    }
    let mut resources = None;
    if api.methods.len() <= MAX_STACK_RESOURCES {
        let t = cloudformation::template(api);
        if fits(&t) {
            return decided(Shape::Resources, Some(t), None);
        }
        resources = Some(t);
    }
    let doc = openapi::openapi3(api);
    if crate::json::compact_len_at_most(&doc, 2 * MAX_TEMPLATE_BYTES) {
        let inside = cloudformation::body_template(api, &|d| openapi::openapi3_with(api, d));
        if fits(&inside) {
            return decided(Shape::Body, Some(inside), None);
        }
    }
    if importable(api, &doc) {
        let beside = cloudformation::beside_template(api, &doc);
        return decided(Shape::Body, Some(beside), Some(doc));
    }
    Decided {
        terraform: Some(Shape::Body),
        ..decided(Shape::Resources, resources, Some(doc))
    }
}

/// True when `doc`, the API's OpenAPI 3.0 document, can be imported as it is from beside the
/// template: no placeholder left by `env`, and no resource of the stack's own naming.
fn importable(api: &RestApi, doc: &Value) -> bool {
    let owned = crate::model::OwnedKind::ALL
        .into_iter()
        .any(|k| !api.owned.names(k).is_empty());
    !owned && !openapi::holds_placeholders(api, doc)
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
    match api.shape {
        Shape::Resources => cloudformation::template(api),
        Shape::Body => body(api),
        Shape::Auto => {
            let d = decide(api);
            match d.template {
                Some(t) => t,
                None if d.shape == Shape::Body => body(api),
                None => cloudformation::template(api),
            }
        }
    }
}

/// The Terraform configuration in the API's shape (see [`Decided::terraform`]).
pub fn terraform(api: &RestApi) -> Value {
    let shape = match (api.terraform_shape, api.shape) {
        (Some(s), _) => s,
        (None, Shape::Auto) => {
            let d = decide(api);
            d.terraform.unwrap_or(d.shape)
        }
        (None, s) => s,
    };
    match shape {
        Shape::Body => terraform::body_main_tf(api, &|d, w| openapi::openapi3_text_with(api, d, w)),
        _ => terraform::main_tf(api),
    }
}

/// The README section on the shape of the deployable outputs: nothing for the resources
/// shape; for the body shape what it holds, and the deploy steps when the document is
/// beside the template.
pub fn deploy_notes(api: &RestApi, template: &Value) -> String {
    let Some(resources) = template.get("Resources").and_then(Value::as_object) else {
        return String::new();
    };
    if api.shape == Shape::Resources && api.terraform_shape == Some(Shape::Body) {
        return format!(
            "\n## Output shape: resources (CloudFormation), body (Terraform)\n\n\
             The CloudFormation template holds {} resources, past a stack's quotas (500 \
             resources, 1 MB), and its document cannot be read from beside the template: \
             `openapi.json` keeps values only a deployment knows (see the warnings). Deploy \
             `main.tf.json`, which holds the API as one RestApi whose body is the OpenAPI \
             document (`PutRestApi`) and has no such quota, or give the blueprint `env` \
             (region, account, `execution_role_arn`) so that the template can read \
             `openapi.json` from S3.\n",
            resources.len()
        );
    }
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
