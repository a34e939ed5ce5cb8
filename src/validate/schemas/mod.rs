//! The official schema of each format (CloudFormation resource provider schemas, OpenAPI 2.0
//! and 3.0), plus our schema of the `x-amazon-apigateway-*` extensions.
//!
//! The schemas are vendored under `schemas/` by `scripts/vendor-schemas.py` (see
//! `schemas/SOURCES.md`) and embedded in the binary. Each is compiled once per process, on
//! first use; a CloudFormation schema only when a template uses its resource type.

mod class_run;
mod cloudformation;
mod explain;
mod keywords;
mod openapi;
mod pattern;
mod words;

use super::Format;
use crate::diagnostic::{Diagnostic, Location, Severity};
use serde_json::Value;

/// Codes this module reports, defined in [`crate::codes`].
pub use crate::codes::{
    APIGATEWAY_EXTENSION, CFN_PROPERTIES, CFN_READ_ONLY, CFN_TEMPLATE, CFN_UNCHECKED_TYPE,
    CFN_UNKNOWN_TYPE, OPENAPI_SCHEMA, SCHEMA_INTERNAL,
};

/// Compiles the schemas every run of `format` checks against (for CloudFormation, those of
/// the resource types every API template holds), so that a run synthesizing several
/// blueprints side by side can compile them on different threads before the blueprints need
/// them, instead of one thread waiting while another compiles.
pub fn warm(format: Format) {
    match format {
        Format::CloudFormation => cloudformation::warm(),
        Format::OpenApi3 | Format::Swagger2 => openapi::warm(format),
        Format::TerraformJson => {}
    }
}

/// Validates `doc` (a document of `format`) against the official schemas; findings carry
/// JSON-pointer locations in `file`.
pub fn check(format: Format, doc: &Value, file: &str) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    match format {
        Format::CloudFormation => cloudformation::check(doc, file, &mut out),
        Format::OpenApi3 => openapi::check(openapi::Version::V3, doc, file, &mut out),
        Format::Swagger2 => openapi::check(openapi::Version::V2, doc, file, &mut out),
        Format::TerraformJson => {}
    }
    out
}

/// A diagnostic of `severity` at `pointer` in `file`.
fn finding(
    severity: Severity,
    code: &'static str,
    file: &str,
    pointer: &str,
    message: String,
    help: String,
) -> Diagnostic {
    let d = match severity {
        Severity::Error => Diagnostic::error(code, message),
        Severity::Warning => Diagnostic::warning(code, message),
        Severity::Note => Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, message)
        },
    };
    d.at(Location::pointer(file, pointer)).help(help)
}

/// The diagnostic for an embedded schema that did not compile.
fn internal(file: &str, which: &str, error: &str) -> Diagnostic {
    finding(
        Severity::Error,
        SCHEMA_INTERNAL,
        file,
        "",
        format!("the embedded {which} schema does not compile: {error}"),
        "this is a bug in gatewright; please report it with the gatewright version".to_string(),
    )
}

/// The options every embedded schema is compiled with: an explicit draft, format assertion
/// as asked (unknown formats, such as CloudFormation's `AWS::IAM::Role.Arn`, always pass),
/// and cfn-lint's extra keywords when asked. Remote references are never fetched (the crate
/// is built without its HTTP and file retrievers).
fn options(
    draft: jsonschema::Draft,
    formats: bool,
    cfn_keywords: bool,
) -> jsonschema::ValidationOptions<'static> {
    let mut options = jsonschema::options()
        .with_draft(draft)
        .should_validate_formats(formats)
        .should_ignore_unknown_formats(true)
        .with_keyword("pattern", pattern::factory);
    if cfn_keywords {
        for (name, factory) in keywords::CLOUDFORMATION {
            options = options.with_keyword(name, factory);
        }
    }
    options
}

/// Parses an embedded schema (they are checked in, so a parse error is a bug).
fn parse(text: &str) -> Result<Value, String> {
    serde_json::from_str(text).map_err(|e| e.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// `(code, pointer)` of each finding.
    fn found(format: Format, doc: &Value) -> Vec<(&'static str, String)> {
        check(format, doc, "f")
            .into_iter()
            .map(|d| (d.code, d.location.map(|l| l.pointer).unwrap_or_default()))
            .collect()
    }

    fn template(resources: Value) -> Value {
        json!({"AWSTemplateFormatVersion": "2010-09-09", "Resources": resources})
    }

    fn method(props: Value) -> Value {
        template(json!({"M": {"Type": "AWS::ApiGateway::Method", "Properties": props}}))
    }

    fn method_props() -> Value {
        json!({
            "HttpMethod": "GET",
            "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "RestApiId": {"Ref": "Api"},
            "AuthorizationType": "AWS_IAM",
            "Integration": {
                "Type": "AWS",
                "IntegrationHttpMethod": "GET",
                "Uri": {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:s3:path/"},
                "Credentials": {"Fn::GetAtt": ["Role", "Arn"]},
                "IntegrationResponses": [{"StatusCode": "200"}]
            }
        })
    }

    #[test]
    fn a_valid_method_with_intrinsics_has_no_findings() {
        assert_eq!(found(Format::CloudFormation, &method(method_props())), []);
    }

    #[test]
    fn wrong_type_unknown_missing_and_read_only_properties() {
        let mut p = method_props();
        p["HttpMethod"] = json!(5);
        assert_eq!(
            found(Format::CloudFormation, &method(p)),
            [(CFN_PROPERTIES, "/Resources/M/Properties/HttpMethod".into())]
        );
        let mut p = method_props();
        p.as_object_mut().unwrap().remove("HttpMethod");
        assert_eq!(
            found(Format::CloudFormation, &method(p)),
            [(CFN_PROPERTIES, "/Resources/M/Properties".into())]
        );
        let api = template(json!({"Api": {"Type": "AWS::ApiGateway::RestApi",
            "Properties": {"Naem": "x", "RootResourceId": "abc"}}}));
        let diags = check(Format::CloudFormation, &api, "f");
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(diags[0].code, CFN_PROPERTIES);
        assert_eq!(diags[0].help.as_deref(), Some("did you mean `Name`?"));
        assert_eq!(diags[1].code, CFN_READ_ONLY);
        assert!(diags[1].message.contains("`RootResourceId`"));
    }

    #[test]
    fn missing_properties_are_reported_on_the_resource() {
        let t = template(json!({"M": {"Type": "AWS::ApiGateway::Method"}}));
        let diags = check(Format::CloudFormation, &t, "f");
        assert_eq!(diags.len(), 3, "{diags:?}");
        assert!(
            diags.iter().all(|d| d.code == CFN_PROPERTIES
                && d.location.as_ref().unwrap().pointer == "/Resources/M")
        );
        assert!(
            diags[0]
                .help
                .as_deref()
                .unwrap()
                .starts_with("add `Properties`")
        );
    }

    #[test]
    fn intrinsics_are_accepted_anywhere_even_inside_alternatives() {
        let t = template(json!({
            "L": {"Type": "AWS::Logs::LogGroup", "Properties": {
                "KmsKeyId": {"Fn::GetAtt": ["Key", "Arn"]},
                "RetentionInDays": {"Ref": "Days"}}},
            "P": {"Type": "AWS::IAM::Policy", "Properties": {
                "PolicyName": {"Fn::Sub": "${AWS::StackName}-p"},
                "PolicyDocument": {"Fn::If": ["C", {}, {}]},
                "Roles": [{"Ref": "Role"}]}},
            "Q": {"Type": "AWS::SQS::Queue", "Properties": {"Fn::If": ["C", {}, {}]}}
        }));
        assert_eq!(found(Format::CloudFormation, &t), []);
    }

    #[test]
    fn alternatives_of_required_properties_are_named() {
        let t = template(json!({"P": {"Type": "AWS::IAM::Policy",
            "Properties": {"PolicyName": "p", "PolicyDocument": {}}}}));
        let diags = check(Format::CloudFormation, &t, "f");
        assert_eq!(diags.len(), 1, "{diags:?}");
        assert!(diags[0].message.contains("`Users`, `Groups`, `Roles`"));
    }

    #[test]
    fn template_structure() {
        assert_eq!(
            found(Format::CloudFormation, &json!([])),
            [(CFN_TEMPLATE, String::new())]
        );
        assert_eq!(
            found(Format::CloudFormation, &json!({"Description": "x"})),
            [(CFN_TEMPLATE, String::new())]
        );
        let t = json!({
            "AWSTemplateFormatVersion": "2010-09-10",
            "Output": {},
            "Resources": {
                "A": {"Properties": {}},
                "B": {"Type": 3},
                "C": {"Type": "AWS::SNS::Topic", "Propertes": {}},
                "Fn::ForEach::Topics": ["T", ["a"], {"T${T}": {"Type": "AWS::SNS::Topic"}}]
            }
        });
        assert_eq!(
            found(Format::CloudFormation, &t),
            [
                (CFN_TEMPLATE, "/Output".into()),
                (CFN_TEMPLATE, "/AWSTemplateFormatVersion".into()),
                (CFN_TEMPLATE, "/Resources/A".into()),
                (CFN_TEMPLATE, "/Resources/B/Type".into()),
                (CFN_TEMPLATE, "/Resources/C/Propertes".into()),
            ]
        );
    }

    #[test]
    fn unknown_aws_types_are_noted_and_custom_types_ignored() {
        let t = template(json!({
            "Q": {"Type": "AWS::Glue::Database", "Properties": {"Anything": 1}},
            "C": {"Type": "Custom::Thing", "Properties": {"Anything": 1}}
        }));
        let diags = check(Format::CloudFormation, &t, "f");
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].code, CFN_UNCHECKED_TYPE);
        assert_eq!(diags[0].severity, Severity::Note);
    }

    #[test]
    fn misspelt_aws_types_are_errors_with_the_real_name() {
        let t = template(json!({
            "M": {"Type": "AWS::ApiGateway::Methd", "Properties": {}},
            "Q": {"Type": "AWS::sqs::queue", "Properties": {}},
            "G": {"Type": "AWS::ApiGatway::Stage", "Properties": {}},
            "N": {"Type": "AWS::Zzzzzzzz::Yyyyyyyyyy", "Properties": {}},
            "S": {"Type": "AWS::Serverless::Application", "Properties": {}},
            "E": {"Type": "AWS::Lambda::Queue", "Properties": {}}
        }));
        let diags = check(Format::CloudFormation, &t, "f");
        let codes: Vec<_> = diags.iter().map(|d| (d.code, d.severity)).collect();
        assert_eq!(
            codes,
            [
                (CFN_UNKNOWN_TYPE, Severity::Error),
                (CFN_UNKNOWN_TYPE, Severity::Error),
                (CFN_UNKNOWN_TYPE, Severity::Error),
                (CFN_UNCHECKED_TYPE, Severity::Note),
                (CFN_UNCHECKED_TYPE, Severity::Note),
                (CFN_UNCHECKED_TYPE, Severity::Note)
            ]
        );
        assert!(
            diags[2]
                .message
                .contains("did you mean AWS::ApiGateway::Stage?"),
            "{}",
            diags[2].message
        );
        assert!(
            diags[0]
                .message
                .contains("did you mean AWS::ApiGateway::Method?"),
            "{}",
            diags[0].message
        );
        assert!(
            diags[1].message.contains("did you mean AWS::SQS::Queue?"),
            "{}",
            diags[1].message
        );
    }

    fn openapi(op_extensions: Value) -> Value {
        let mut op = json!({"responses": {"200": {"description": "ok"}}});
        for (k, v) in op_extensions.as_object().unwrap() {
            op[k] = v.clone();
        }
        json!({"openapi": "3.0.1", "info": {"title": "t", "version": "1"},
               "paths": {"/a": {"get": op}}})
    }

    #[test]
    fn integration_values_are_checked() {
        let ok = json!({"type": "aws", "httpMethod": "POST", "passthroughBehavior": "never",
            "uri": "arn:aws:apigateway:us-east-1:sqs:path/1/q", "timeoutInMillis": 29000,
            "responses": {"default": {"statusCode": "200"}}});
        let doc = openapi(json!({"x-amazon-apigateway-integration": ok.clone()}));
        assert_eq!(found(Format::OpenApi3, &doc), []);
        let at = "/paths/~1a/get/x-amazon-apigateway-integration";
        for (key, bad) in [
            ("type", json!("awz")),
            ("passthroughBehavior", json!("sometimes")),
            ("timeoutInMillis", json!(10)),
            ("contentHandling", json!("CONVERT_TO_JSON")),
            ("uri2", json!("x")),
        ] {
            let mut i = ok.clone();
            i[key] = bad;
            let doc = openapi(json!({"x-amazon-apigateway-integration": i}));
            assert_eq!(
                found(Format::OpenApi3, &doc),
                [(APIGATEWAY_EXTENSION, format!("{at}/{key}"))],
                "{key}"
            );
        }
        let mut i = ok;
        i["responses"]["default"] = json!({"statusCode": 200});
        let doc = openapi(json!({"x-amazon-apigateway-integration": i}));
        assert_eq!(
            found(Format::OpenApi3, &doc),
            [(
                APIGATEWAY_EXTENSION,
                format!("{at}/responses/default/statusCode")
            )]
        );
    }

    #[test]
    fn root_extensions_are_checked_and_misplaced_ones_warned() {
        let mut doc = openapi(json!({}));
        doc["x-amazon-apigateway-api-key-source"] = json!("HEADERS");
        doc["x-amazon-apigateway-minimum-compression-size"] = json!(-1);
        doc["x-amazon-apigateway-request-validators"] =
            json!({"all": {"validateRequestBody": true, "validateRequestParams": true}});
        doc["x-amazon-apigateway-gateway-responses"] =
            json!({"DEFAULT_4XX": {"statusCode": "4xx"}});
        doc["x-amazon-apigateway-auth"] = json!({"type": "AWS_IAM"});
        assert_eq!(
            found(Format::OpenApi3, &doc),
            [
                (
                    APIGATEWAY_EXTENSION,
                    "/x-amazon-apigateway-api-key-source".into()
                ),
                (
                    APIGATEWAY_EXTENSION,
                    "/x-amazon-apigateway-minimum-compression-size".into()
                ),
                (
                    APIGATEWAY_EXTENSION,
                    "/x-amazon-apigateway-request-validators/all/validateRequestParams".into()
                ),
                (
                    APIGATEWAY_EXTENSION,
                    "/x-amazon-apigateway-gateway-responses/DEFAULT_4XX/statusCode".into()
                ),
                (APIGATEWAY_EXTENSION, "/x-amazon-apigateway-auth".into()),
            ]
        );
        let diags = check(Format::OpenApi3, &doc, "f");
        assert_eq!(diags[4].severity, Severity::Warning);
    }

    #[test]
    fn security_scheme_extensions_are_checked_in_both_versions() {
        let authorizer = json!({"type": "token", "authorizerUri": "arn:x",
            "authorizerResultTtlInSeconds": 5000});
        let mut v3 = openapi(json!({}));
        v3["components"] = json!({"securitySchemes": {"a": {"type": "apiKey",
            "name": "Authorization", "in": "header",
            "x-amazon-apigateway-authtype": "custom",
            "x-amazon-apigateway-authorizer": authorizer}}});
        assert_eq!(
            found(Format::OpenApi3, &v3),
            [(
                APIGATEWAY_EXTENSION,
                "/components/securitySchemes/a/x-amazon-apigateway-authorizer/authorizerResultTtlInSeconds".into()
            )]
        );
        let v2 = json!({"swagger": "2.0", "info": {"title": "t", "version": "1"},
            "paths": {}, "securityDefinitions": {"a": {"type": "apiKey",
            "name": "Authorization", "in": "header",
            "x-amazon-apigateway-authorizer": {"type": "tokn"}}}});
        assert_eq!(
            found(Format::Swagger2, &v2),
            [(
                APIGATEWAY_EXTENSION,
                "/securityDefinitions/a/x-amazon-apigateway-authorizer/type".into()
            )]
        );
    }

    #[test]
    fn official_schema_findings_name_the_operation() {
        let mut doc = openapi(json!({}));
        doc["paths"]["/a"]["get"]["parameters"] = json!([{"name": "x", "in": "body"}]);
        let diags = check(Format::OpenApi3, &doc, "f");
        assert!(!diags.is_empty());
        assert!(diags.iter().all(|d| d.code == OPENAPI_SCHEMA));
        assert!(
            diags
                .iter()
                .all(|d| d.message.starts_with("operation `GET /a`"))
        );
        assert!(diags.iter().any(|d| {
            d.message
                .contains("\"path\", \"query\", \"header\", \"cookie\"")
        }));
        assert_eq!(found(Format::OpenApi3, &json!("x")).len(), 1);
    }

    #[test]
    fn terraform_is_not_checked_here() {
        assert_eq!(found(Format::TerraformJson, &json!({"resource": 5})), []);
    }
}
