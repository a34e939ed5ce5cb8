//! How a document writes its deploy-time values. An imported OpenAPI document holds concrete
//! strings (the blueprint's `env`, or placeholders); the same document as a CloudFormation
//! RestApi's `Body` holds `Fn::Sub` and `Fn::GetAtt`, and inside Terraform interpolations.
//! The OpenAPI emitter writes through this trait; each deployable format implements it.

use crate::model::{Generated, InvokePermission, Invoker, Part, Text};
use serde_json::Value;

/// Writes deploy-time values into a document. Shared by the threads that build a large
/// document's path items side by side.
pub trait Deploy: Sync {
    /// `t` with its deploy-time values.
    fn text(&self, t: &Text) -> Value;
    /// The ARN of execution role `role` (from 0; more than one when the grants need them),
    /// which API Gateway assumes for AWS integrations.
    fn execution_role_arn(&self, role: usize) -> Value;
}

/// The invoke permissions of authorizer `name` in the body shape: each with
/// [`any_authorizer`]'s source.
pub fn body_authorizer_permissions(
    permissions: &[InvokePermission],
    name: &str,
) -> Vec<InvokePermission> {
    permissions
        .iter()
        .filter(|p| p.by == Invoker::Authorizer(name.to_string()))
        .map(|p| InvokePermission {
            source_arn: any_authorizer(&p.source_arn),
            ..p.clone()
        })
        .collect()
}

/// `source` (an authorizer's execute-api ARN) with the authorizer id as `*`. In the body
/// shape the document declares the authorizers and API Gateway assigns their ids on import,
/// so a Lambda authorizer's invoke permission names every authorizer of the API.
pub fn any_authorizer(source: &Text) -> Text {
    let mut t = Text::default();
    for p in &source.0 {
        match p {
            Part::Api(Generated::AuthorizerId(_)) => {
                t.push_str("*");
            }
            Part::Lit(s) => {
                t.push_str(s);
            }
            other => t.0.push(other.clone()),
        }
    }
    t
}
