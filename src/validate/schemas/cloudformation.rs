//! CloudFormation templates: the template's structure, then each resource's `Properties`
//! against the resource provider schema of its type.

use super::explain::{Explainer, Finding, escape, is_intrinsic, property_label, unescape};
use super::{
    CFN_PROPERTIES, CFN_READ_ONLY, CFN_TEMPLATE, CFN_UNCHECKED_TYPE, CFN_UNKNOWN_TYPE, finding,
    internal, options, parse,
};
use crate::diagnostic::{Diagnostic, Severity};
use serde_json::{Map, Value};
use std::sync::OnceLock;

macro_rules! provider_schemas {
    ($($type_name:literal => $file:literal,)*) => {
        &[$((
            $type_name,
            include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/cloudformation/", $file)),
        ),)*]
    };
}

/// The vendored provider schemas, by resource type.
const SCHEMAS: &[(&str, &str)] = provider_schemas! {
    "AWS::ApiGateway::Account" => "aws-apigateway-account.json",
    "AWS::ApiGateway::ApiKey" => "aws-apigateway-apikey.json",
    "AWS::ApiGateway::Authorizer" => "aws-apigateway-authorizer.json",
    "AWS::ApiGateway::Deployment" => "aws-apigateway-deployment.json",
    "AWS::ApiGateway::GatewayResponse" => "aws-apigateway-gatewayresponse.json",
    "AWS::ApiGateway::Method" => "aws-apigateway-method.json",
    "AWS::ApiGateway::Model" => "aws-apigateway-model.json",
    "AWS::ApiGateway::RequestValidator" => "aws-apigateway-requestvalidator.json",
    "AWS::ApiGateway::Resource" => "aws-apigateway-resource.json",
    "AWS::ApiGateway::RestApi" => "aws-apigateway-restapi.json",
    "AWS::ApiGateway::Stage" => "aws-apigateway-stage.json",
    "AWS::ApiGateway::UsagePlan" => "aws-apigateway-usageplan.json",
    "AWS::ApiGateway::UsagePlanKey" => "aws-apigateway-usageplankey.json",
    "AWS::CloudFront::Distribution" => "aws-cloudfront-distribution.json",
    "AWS::CloudFront::Function" => "aws-cloudfront-function.json",
    "AWS::CloudFront::KeyValueStore" => "aws-cloudfront-keyvaluestore.json",
    "AWS::CloudFront::OriginAccessControl" => "aws-cloudfront-originaccesscontrol.json",
    "AWS::DynamoDB::Table" => "aws-dynamodb-table.json",
    "AWS::Events::EventBus" => "aws-events-eventbus.json",
    "AWS::Events::Rule" => "aws-events-rule.json",
    "AWS::IAM::ManagedPolicy" => "aws-iam-managedpolicy.json",
    "AWS::IAM::Policy" => "aws-iam-policy.json",
    "AWS::IAM::Role" => "aws-iam-role.json",
    "AWS::KMS::Key" => "aws-kms-key.json",
    "AWS::Kinesis::Stream" => "aws-kinesis-stream.json",
    "AWS::KinesisFirehose::DeliveryStream" => "aws-kinesisfirehose-deliverystream.json",
    "AWS::Lambda::Function" => "aws-lambda-function.json",
    "AWS::Lambda::Permission" => "aws-lambda-permission.json",
    "AWS::Logs::LogGroup" => "aws-logs-loggroup.json",
    "AWS::S3::Bucket" => "aws-s3-bucket.json",
    "AWS::S3::BucketPolicy" => "aws-s3-bucketpolicy.json",
    "AWS::SNS::Subscription" => "aws-sns-subscription.json",
    "AWS::SNS::Topic" => "aws-sns-topic.json",
    "AWS::SNS::TopicPolicy" => "aws-sns-topicpolicy.json",
    "AWS::SQS::Queue" => "aws-sqs-queue.json",
    "AWS::SQS::QueuePolicy" => "aws-sqs-queuepolicy.json",
    "AWS::StepFunctions::StateMachine" => "aws-stepfunctions-statemachine.json",
};

/// A compiled provider schema.
struct Provider {
    validator: jsonschema::Validator,
    schema: Value,
    /// `readOnlyProperties` as property paths below `Properties` (`["Arn"]`, `["A", "*", "B"]`).
    read_only: Vec<Vec<String>>,
}

/// One compiled schema per type, each compiled the first time a template uses the type.
static COMPILED: [OnceLock<Result<Provider, String>>; SCHEMAS.len()] =
    [const { OnceLock::new() }; SCHEMAS.len()];

fn provider(index: usize) -> &'static Result<Provider, String> {
    COMPILED[index].get_or_init(|| {
        let schema = parse(SCHEMAS[index].1)?;
        let validator = options(jsonschema::Draft::Draft7, true, true)
            .build(&schema)
            .map_err(|e| e.to_string())?;
        let read_only = schema
            .get("readOnlyProperties")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(Value::as_str)
                    .filter_map(|p| p.strip_prefix("/properties/"))
                    .map(|p| p.split('/').map(unescape).collect())
                    .collect()
            })
            .unwrap_or_default();
        Ok(Provider {
            validator,
            schema,
            read_only,
        })
    })
}

/// The resource types every API template holds.
const ALWAYS: [&str; 6] = [
    "AWS::ApiGateway::RestApi",
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::Stage",
    "AWS::IAM::Role",
];

/// Compiles the schemas of [`ALWAYS`].
pub(super) fn warm() {
    for type_name in ALWAYS {
        if let Some(index) = SCHEMAS.iter().position(|(t, _)| *t == type_name) {
            let _ = provider(index);
        }
    }
}

/// Template sections CloudFormation knows.
const SECTIONS: &[&str] = &[
    "AWSTemplateFormatVersion",
    "Conditions",
    "Description",
    "Hooks",
    "Mappings",
    "Metadata",
    "Outputs",
    "Parameters",
    "Resources",
    "Rules",
    "Transform",
];

/// Keys a resource may have.
const RESOURCE_ATTRIBUTES: &[&str] = &[
    "Condition",
    "CreationPolicy",
    "DeletionPolicy",
    "DependsOn",
    "Metadata",
    "Properties",
    "Type",
    "UpdatePolicy",
    "UpdateReplacePolicy",
];

struct Ctx<'a> {
    file: &'a str,
    out: &'a mut Vec<Diagnostic>,
}

impl Ctx<'_> {
    fn push(
        &mut self,
        severity: Severity,
        code: &'static str,
        ptr: &str,
        msg: String,
        help: String,
    ) {
        self.out
            .push(finding(severity, code, self.file, ptr, msg, help));
    }

    fn error(&mut self, code: &'static str, ptr: &str, msg: String, help: String) {
        self.push(Severity::Error, code, ptr, msg, help);
    }
}

fn unknown_key_help(name: &str, known: &[&str]) -> String {
    match super::explain::suggestion(name, known) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("remove it; CloudFormation knows {}", known.join(", ")),
    }
}

pub(super) fn check(doc: &Value, file: &str, out: &mut Vec<Diagnostic>) {
    let mut ctx = Ctx { file, out };
    let Some(template) = doc.as_object() else {
        ctx.error(
            CFN_TEMPLATE,
            "",
            "the template is not an object of sections".to_string(),
            "a template is a JSON or YAML object with at least a `Resources` section".to_string(),
        );
        return;
    };
    for key in template.keys() {
        if !SECTIONS.contains(&key.as_str()) {
            ctx.error(
                CFN_TEMPLATE,
                &format!("/{}", escape(key)),
                format!("unknown template section `{key}`"),
                unknown_key_help(key, SECTIONS),
            );
        }
    }
    if let Some(v) = template.get("AWSTemplateFormatVersion")
        && v.as_str() != Some("2010-09-09")
    {
        ctx.error(
            CFN_TEMPLATE,
            "/AWSTemplateFormatVersion",
            format!(
                "`AWSTemplateFormatVersion` is {}, but the only version is \"2010-09-09\"",
                super::explain::short(v)
            ),
            "write AWSTemplateFormatVersion: \"2010-09-09\" (quoted in YAML), or leave it out"
                .to_string(),
        );
    }
    if let Some(v) = template.get("Description")
        && !v.is_string()
    {
        ctx.error(
            CFN_TEMPLATE,
            "/Description",
            "`Description` is not a string".to_string(),
            "make the description a string".to_string(),
        );
    }
    match template.get("Resources") {
        None => ctx.error(
            CFN_TEMPLATE,
            "",
            "the template has no `Resources` section".to_string(),
            "add `Resources` with at least one resource".to_string(),
        ),
        Some(Value::Object(resources)) if resources.is_empty() => ctx.error(
            CFN_TEMPLATE,
            "/Resources",
            "`Resources` is empty".to_string(),
            "declare at least one resource; CloudFormation refuses a template without".to_string(),
        ),
        Some(Value::Object(resources)) => {
            for (id, resource) in resources {
                // `Fn::ForEach::Name` loops (AWS::LanguageExtensions) expand to resources
                // only when deployed.
                if !id.starts_with("Fn::ForEach::") {
                    check_resource(&mut ctx, id, resource);
                }
            }
        }
        Some(_) => ctx.error(
            CFN_TEMPLATE,
            "/Resources",
            "`Resources` is not an object of resources by logical id".to_string(),
            "make `Resources` a mapping from logical ids to resources".to_string(),
        ),
    }
}

fn check_resource(ctx: &mut Ctx<'_>, id: &str, resource: &Value) {
    let base = format!("/Resources/{}", escape(id));
    let Some(resource) = resource.as_object() else {
        ctx.error(
            CFN_TEMPLATE,
            &base,
            format!("resource `{id}` is not an object"),
            "give the resource a `Type` and its `Properties`".to_string(),
        );
        return;
    };
    for key in resource.keys() {
        if !RESOURCE_ATTRIBUTES.contains(&key.as_str()) {
            ctx.error(
                CFN_TEMPLATE,
                &format!("{base}/{}", escape(key)),
                format!("resource `{id}` has an unknown attribute `{key}`"),
                unknown_key_help(key, RESOURCE_ATTRIBUTES),
            );
        }
    }
    let type_name = match resource.get("Type") {
        Some(Value::String(t)) => t.as_str(),
        Some(_) => {
            ctx.error(
                CFN_TEMPLATE,
                &format!("{base}/Type"),
                format!("resource `{id}` has a `Type` that is not a string"),
                "write the resource type as a string, such as AWS::ApiGateway::RestApi".to_string(),
            );
            return;
        }
        None => {
            ctx.error(
                CFN_TEMPLATE,
                &base,
                format!("resource `{id}` has no `Type`"),
                "add `Type`, such as AWS::ApiGateway::RestApi".to_string(),
            );
            return;
        }
    };
    let properties = resource.get("Properties");
    if let Some(p) = properties
        && !p.is_object()
    {
        ctx.error(
            CFN_TEMPLATE,
            &format!("{base}/Properties"),
            format!("resource `{id}` ({type_name}) has `Properties` that are not an object"),
            "make `Properties` a mapping from property names to values".to_string(),
        );
        return;
    }
    let Some(index) = SCHEMAS.iter().position(|(t, _)| *t == type_name) else {
        if type_name.starts_with("AWS::") && !known_type(type_name) {
            if let Some(near) = misspelt_type(type_name) {
                ctx.error(
                    CFN_UNKNOWN_TYPE,
                    &format!("{base}/Type"),
                    format!(
                        "resource `{id}` has type {type_name}, which CloudFormation does not have; did you mean {near}?"
                    ),
                    format!("write `Type: {near}`"),
                );
                return;
            }
        }
        if type_name.starts_with("AWS::") {
            ctx.push(
                Severity::Note,
                CFN_UNCHECKED_TYPE,
                &format!("{base}/Type"),
                format!(
                    "resource `{id}` has type {type_name}, which gatewright has no schema for; \
                     its properties were not checked"
                ),
                "check the type's spelling; cfn-lint checks every AWS type".to_string(),
            );
        }
        return;
    };
    let provider = match provider(index) {
        Ok(p) => p,
        Err(e) => {
            ctx.out
                .push(internal(ctx.file, &format!("{type_name} provider"), e));
            return;
        }
    };
    if properties.is_some_and(is_intrinsic) {
        return;
    }
    let empty = Value::Object(Map::new());
    let instance = properties.unwrap_or(&empty);
    let props_base = if properties.is_some() {
        format!("{base}/Properties")
    } else {
        base.clone()
    };

    let read_only_top: Vec<&str> = provider
        .read_only
        .iter()
        .filter_map(|p| p.first().map(String::as_str))
        .collect();
    let explainer = Explainer {
        schema: &provider.schema,
        local: &provider.schema,
        instance,
        intrinsics: true,
        label: &property_label,
    };
    let mut findings: Vec<Finding> = Vec::new();
    for err in provider.validator.iter_errors(instance) {
        explainer.explain(&err, &mut findings);
    }
    for f in findings {
        if f.pointer.is_empty()
            && f.missing
                .as_deref()
                .is_some_and(|m| read_only_top.contains(&m))
        {
            continue;
        }
        let help = if properties.is_none() && f.missing.is_some() {
            format!(
                "add `Properties` with {}",
                f.help.trim_start_matches("add ")
            )
        } else {
            f.help
        };
        ctx.error(
            CFN_PROPERTIES,
            &format!("{props_base}{}", f.pointer),
            format!("resource `{id}` ({type_name}): {}", f.message),
            help,
        );
    }

    for path in &provider.read_only {
        let mut hits = Vec::new();
        find_set(instance, path, String::new(), &mut hits);
        for pointer in hits {
            let label = property_label(&pointer).unwrap_or_default();
            let attr = path.join(".");
            ctx.error(
                CFN_READ_ONLY,
                &format!("{props_base}{pointer}"),
                format!(
                    "resource `{id}` ({type_name}) sets `{label}`, a read-only property that \
                     CloudFormation computes"
                ),
                format!(
                    "remove `{label}`; to use its value elsewhere, write \
                     {{\"Fn::GetAtt\": [\"{id}\", \"{attr}\"]}}"
                ),
            );
        }
    }
}

/// Pointers (below `Properties`) of every value set along `path`, where `*` matches every
/// item of an array.
fn find_set(value: &Value, path: &[String], at: String, out: &mut Vec<String>) {
    let Some((first, rest)) = path.split_first() else {
        out.push(at);
        return;
    };
    match (first.as_str(), value) {
        ("*", Value::Array(items)) => {
            for (i, item) in items.iter().enumerate() {
                find_set(item, rest, format!("{at}/{i}"), out);
            }
        }
        (name, Value::Object(map)) => {
            if let Some(v) = map.get(name) {
                find_set(v, rest, format!("{at}/{}", escape(name)), out);
            }
        }
        _ => {}
    }
}

/// Every resource type in CloudFormation's registry, one a line, sorted (vendored by
/// `scripts/vendor-schemas.py`; see `schemas/SOURCES.md`).
const TYPE_NAMES: &str = include_str!("../../../schemas/cloudformation-types.txt");

/// True when `type_name` is in the registry list.
fn known_type(type_name: &str) -> bool {
    TYPE_NAMES.lines().any(|t| t == type_name)
}

/// The registry type `type_name` is likely a misspelling of: the same name in other
/// capitals, or, in its service namespace (itself perhaps misspelt, `ApiGatway`), a type whose
/// last part is a few edits away. `None` for a type that may simply be newer than the list,
/// and for the `AWS::Serverless::` types the SAM transform defines.
fn misspelt_type(type_name: &str) -> Option<&'static str> {
    if let Some(t) = TYPE_NAMES
        .lines()
        .find(|t| t.eq_ignore_ascii_case(type_name))
    {
        return Some(t);
    }
    let mut parts = type_name.splitn(3, "::");
    let (_, namespace, name) = (parts.next()?, parts.next()?, parts.next()?);
    if namespace == "Serverless" {
        return None;
    }
    let namespace_of = |t: &'static str| t.split("::").nth(1).unwrap_or("");
    let known = TYPE_NAMES
        .lines()
        .map(namespace_of)
        .find(|n| n.eq_ignore_ascii_case(namespace))
        .or_else(|| {
            let mut all: Vec<&str> = TYPE_NAMES.lines().map(namespace_of).collect();
            all.dedup();
            crate::suggest::closest(namespace, all)
        })?;
    let in_namespace = TYPE_NAMES.lines().filter(|t| namespace_of(t) == known);
    let last = |t: &'static str| t.rsplit("::").next().unwrap_or(t);
    let near = crate::suggest::closest(name, in_namespace.clone().map(last))?;
    in_namespace.into_iter().find(|t| last(t) == near)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_provider_schema_compiles() {
        for (i, (type_name, _)) in SCHEMAS.iter().enumerate() {
            let p = provider(i)
                .as_ref()
                .unwrap_or_else(|e| panic!("{type_name}: {e}"));
            assert_eq!(p.schema["typeName"], *type_name);
            let unusable = super::super::pattern::unusable(&p.schema);
            assert!(unusable.is_empty(), "{type_name}: {unusable:?}");
            let misread = super::super::pattern::misread(&p.schema);
            assert!(misread.is_empty(), "{type_name}: {misread:?}");
        }
    }

    #[test]
    fn schemas_are_sorted_and_unique() {
        let names: Vec<&str> = SCHEMAS.iter().map(|(t, _)| *t).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(names, sorted);
    }

    #[test]
    fn read_only_paths_follow_arrays() {
        let v = serde_json::json!({"A": [{"B": 1}, {"C": 2}, {"B": 3}]});
        let mut out = Vec::new();
        find_set(
            &v,
            &["A".into(), "*".into(), "B".into()],
            String::new(),
            &mut out,
        );
        assert_eq!(out, ["/A/0/B", "/A/2/B"]);
    }
}
