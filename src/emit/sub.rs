//! The names a generated CloudFormation template gives its resources, and deploy-time values
//! in `Fn::Sub` syntax. The template uses them, and so do OpenAPI documents, whose values
//! unknown before deployment are placeholders naming the template's resources.

use crate::model::names::owned_name;
use crate::model::owned::TemplateAttr;
use crate::model::{Generated, OwnedKind, Part, Pseudo, ResourceRef};

/// Logical id of the API.
pub const REST_API: &str = "RestApi";
/// Logical id of the execution role API Gateway assumes for AWS integrations.
pub const EXECUTION_ROLE: &str = "ExecutionRole";

/// Logical id of execution role `k` (from 0): `ExecutionRole`, then `ExecutionRole2`, ...
/// when the API's grants need more than one role.
pub fn execution_role(k: usize) -> String {
    if k == 0 {
        EXECUTION_ROLE.to_string()
    } else {
        format!("{EXECUTION_ROLE}{}", k + 1)
    }
}
/// Logical id of the stage.
pub const STAGE: &str = "Stage";

/// Escapes `${` in literal text for `Fn::Sub` (`${!` is a literal `${`).
pub fn escape(s: &str) -> String {
    s.replace("${", "${!")
}

/// Logical id of an owned resource: `TopicAlerts`, `QueueJobs` (the prefix is the kind's).
pub fn owned_id(kind: OwnedKind, name: &str) -> String {
    format!(
        "{}{}",
        kind.facts().logical_id_prefix,
        owned_name(name).pascal
    )
}

/// Logical id of an authorizer.
pub fn authorizer_id(name: &str) -> String {
    format!("Authorizer{}", owned_name(name).pascal)
}

/// Logical id of the log group of generated function `name`.
pub fn log_group_id(function: &str) -> String {
    format!("{}Logs", owned_id(OwnedKind::Function, function))
}

/// An owned resource's attribute in `Fn::Sub` syntax, read the way its kind says (a
/// topic's `Ref` is its ARN, a queue's `Ref` is its URL).
fn owned_attr(r: &ResourceRef) -> String {
    let id = owned_id(r.kind, &r.name);
    match r.kind.facts().template_attr(r.attr) {
        TemplateAttr::Ref => format!("${{{id}}}"),
        TemplateAttr::GetAtt(a) => format!("${{{id}.{a}}}"),
        TemplateAttr::GlobalArn { service, resource } => {
            format!("arn:${{AWS::Partition}}:{service}::${{AWS::AccountId}}:{resource}/${{{id}}}")
        }
    }
}

/// A deploy-time value in `Fn::Sub` syntax (`${AWS::Region}`, `${TopicAlerts}`); literal
/// parts come back as they are (escape them with [`escape`] where `Fn::Sub` reads them).
pub fn part(p: &Part) -> String {
    match p {
        Part::Lit(s) => s.clone(),
        Part::Pseudo(p) => pseudo(p).to_string(),
        Part::Ref(r) => owned_attr(r),
        Part::Api(Generated::ExecuteApiArn) => format!(
            "arn:${{AWS::Partition}}:execute-api:${{AWS::Region}}:${{AWS::AccountId}}:${{{REST_API}}}"
        ),
        Part::Api(Generated::AuthorizerId(name)) => format!("${{{}}}", authorizer_id(name)),
        // A log group's `Arn` attribute already ends in `:*`, covering every stream.
        Part::Api(Generated::LogStreams(f)) => format!("${{{}.Arn}}", log_group_id(f)),
    }
}

/// A pseudo parameter in `Fn::Sub` syntax.
pub fn pseudo(p: &Pseudo) -> &'static str {
    match p {
        Pseudo::Partition => "${AWS::Partition}",
        Pseudo::Region => "${AWS::Region}",
        Pseudo::AccountId => "${AWS::AccountId}",
        Pseudo::UrlSuffix => "${AWS::URLSuffix}",
    }
}
