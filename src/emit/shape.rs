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
    resources <= MAX_STACK_RESOURCES && crate::json::pretty(template).len() <= MAX_TEMPLATE_BYTES
}

/// The shape `api` is written in: its own, or for `auto` the one its resources-shape
/// template fits.
pub fn resolve(api: &RestApi) -> Shape {
    match api.shape {
        Shape::Auto if fits(&cloudformation::template(api)) => Shape::Resources,
        Shape::Auto => Shape::Body,
        s => s,
    }
}

/// The CloudFormation template in the API's shape.
pub fn cloudformation(api: &RestApi) -> Value {
    let body = || cloudformation::body_template(api, &|d| openapi::openapi3_with(api, d));
    match api.shape {
        Shape::Resources => cloudformation::template(api),
        Shape::Body => body(),
        Shape::Auto => {
            let t = cloudformation::template(api);
            if fits(&t) { t } else { body() }
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
