//! Semantic lints: what schemas cannot say (a mapping naming an undeclared parameter, a
//! malformed integration URI, a wildcard IAM action, ...).
//!
//! Each lint is written once, against a format-neutral view of the document (`view::ApiView`,
//! `iam::PolicyView`); small adapters (`cloudformation`, `openapi`, `terraform`) extract that
//! view from each format, and add the few checks that only make sense in one format (logical
//! ids, deployments, Terraform names, operation ids).
//!
//! The lints read documents other tools wrote too, so a value they cannot judge (an intrinsic
//! function, a Terraform interpolation, a `$ref` they cannot follow) is left alone rather than
//! guessed at.

mod binary;
mod cloudformation;
mod credentials;
mod deployment;
mod iam;
mod names;
mod openapi;
mod params;
mod payload;
mod quotas;
mod regex;
mod responses;
mod routes;
mod terraform;
mod text;
mod timeout;
mod uri;
mod view;

use super::Format;
use crate::diagnostic::{Diagnostic, Location, Severity};
use serde_json::Value;

/// An AWS or AWS_PROXY integration URI is not `arn:{partition}:apigateway:{region}:{service}:{action/Name|path/...}`.
pub const INTEGRATION_URI: &str = "GW0320";
/// Integration credentials do not resolve to an IAM role ARN (`Ref` of a role gives its name).
pub const CREDENTIALS: &str = "GW0321";
/// An AWS integration to a service other than Lambda has no credentials to sign the call with.
pub const CREDENTIALS_MISSING: &str = "GW0322";
/// An integration request mapping names a `method.request.*` parameter the method does not declare.
pub const UNDECLARED_PARAMETER: &str = "GW0323";
/// A path parameter of the route (`{x}` or `{x+}`) is not declared as `method.request.path.x`.
pub const UNDECLARED_PATH_PARAMETER: &str = "GW0324";
/// A parameter mapping's target or source is not an expression API Gateway understands.
pub const MAPPING_EXPRESSION: &str = "GW0325";
/// An integration response selection pattern is not a valid Java regular expression.
pub const SELECTION_PATTERN: &str = "GW0326";
/// A selection pattern such as `4xx` is a valid regex that never matches an HTTP status code.
pub const SELECTION_PATTERN_STATUS: &str = "GW0327";
/// Two integration responses of one method share a status code or a selection pattern.
pub const DUPLICATE_INTEGRATION_RESPONSE: &str = "GW0328";
/// Integration timeout outside 50..29,000 ms (below: error; above: needs a quota increase).
pub const TIMEOUT: &str = "GW0329";
/// `CONVERT_TO_BINARY` (warning) or `CONVERT_TO_TEXT` (note) on an API without binary media types.
pub const CONTENT_HANDLING: &str = "GW0330";
/// A binary upload passed through to S3 on an API without binary media types is sent as text.
pub const BINARY_PASSTHROUGH: &str = "GW0331";
/// An integration response's status code has no method response.
pub const METHOD_RESPONSE_MISSING: &str = "GW0332";
/// An integration response maps a `method.response.header.*` the method response does not declare.
pub const RESPONSE_HEADER_UNDECLARED: &str = "GW0333";
/// A CloudFormation logical id is not alphanumeric or is longer than 255 characters.
pub const LOGICAL_ID: &str = "GW0334";
/// The same CloudFormation logical id is both a parameter and a resource.
pub const DUPLICATE_LOGICAL_ID: &str = "GW0335";
/// A Terraform block name is not a valid identifier.
pub const TERRAFORM_NAME: &str = "GW0336";
/// The same Terraform resource or data source name twice for one type.
pub const DUPLICATE_TERRAFORM_NAME: &str = "GW0337";
/// The same OpenAPI `operationId` on two operations.
pub const DUPLICATE_OPERATION_ID: &str = "GW0338";
/// An IAM policy allows a wildcard action (`*`, `s3:*`, `s3:Get*`).
pub const IAM_WILDCARD_ACTION: &str = "GW0339";
/// An IAM policy allows `Resource: "*"` for actions that support resource-level permissions.
pub const IAM_WILDCARD_RESOURCE: &str = "GW0340";
/// An IAM policy given as a JSON string does not parse.
pub const IAM_POLICY_JSON: &str = "GW0341";
/// Routes that upload a body are capped at 10 MB by API Gateway (one note per API).
pub const PAYLOAD_LIMIT: &str = "GW0342";
/// A Deployment does not depend on every method of its API and may be created before them.
pub const DEPLOYMENT_DEPENDS_ON: &str = "GW0343";
/// A Stage uses a Deployment whose logical id never changes, so API changes are not redeployed.
pub const DEPLOYMENT_STATIC: &str = "GW0344";
/// A resource path part has characters API Gateway refuses.
pub const PATH_PART: &str = "GW0345";
/// A greedy path variable (`{proxy+}`) is not the last part of the path.
pub const GREEDY_PATH: &str = "GW0346";
/// Two sibling resources are different path variables (`/{id}` and `/{name}`).
pub const SIBLING_PATH_VARIABLES: &str = "GW0347";
/// Two resources with the same path, or two methods with the same path and HTTP method.
pub const DUPLICATE_ROUTE: &str = "GW0348";
/// More resources than CloudFormation allows in one stack (500).
pub const STACK_RESOURCES: &str = "GW0349";
/// A template larger than CloudFormation accepts (1 MB).
pub const TEMPLATE_SIZE: &str = "GW0350";
/// A template too large to pass inline (51,200 bytes): deploy it through S3.
pub const PAYLOAD_QUOTA_NOTE: &str = "GW0351";
/// More resources than API Gateway allows per REST API by default (300).
pub const API_RESOURCES: &str = "GW0352";

/// Runs every lint for `format` over `doc`; findings carry JSON-pointer locations in `file`.
pub fn check(format: Format, doc: &Value, file: &str) -> Vec<Diagnostic> {
    let mut sink = Sink::new(file);
    match format {
        Format::CloudFormation => {
            cloudformation::lint(doc, &mut sink);
            quotas::check_cloudformation(doc, &mut sink);
        }
        Format::OpenApi3 | Format::Swagger2 => {
            openapi::lint(doc, &mut sink);
            quotas::check_openapi(doc, &mut sink);
        }
        Format::TerraformJson => terraform::lint(doc, &mut sink),
    }
    sink.out
}

/// Runs the format-neutral lints over one API view.
fn lint_api(api: &view::ApiView, sink: &mut Sink) {
    uri::check(api, sink);
    credentials::check(api, sink);
    params::check(api, sink);
    regex::check(api, sink);
    responses::check(api, sink);
    timeout::check(api, sink);
    binary::check(api, sink);
    routes::check(api, sink);
    payload::check(api, sink);
}

/// Collects findings for one file.
pub(crate) struct Sink {
    file: String,
    out: Vec<Diagnostic>,
}

impl Sink {
    fn new(file: &str) -> Self {
        Sink {
            file: file.to_string(),
            out: Vec::new(),
        }
    }

    /// Records a finding at `pointer`, with a help line when `help` is not empty.
    fn emit(
        &mut self,
        severity: Severity,
        code: &'static str,
        pointer: &str,
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let mut d = Diagnostic {
            severity,
            ..Diagnostic::error(code, message)
        }
        .at(Location::pointer(self.file.clone(), pointer));
        let help = help.into();
        if !help.is_empty() {
            d = d.help(help);
        }
        self.out.push(d);
    }

    fn error(
        &mut self,
        code: &'static str,
        pointer: &str,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.emit(Severity::Error, code, pointer, msg, help);
    }

    fn warning(
        &mut self,
        code: &'static str,
        pointer: &str,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.emit(Severity::Warning, code, pointer, msg, help);
    }

    fn note(
        &mut self,
        code: &'static str,
        pointer: &str,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.emit(Severity::Note, code, pointer, msg, help);
    }
}

/// `base` extended by one RFC 6901 reference token (`~` and `/` escaped).
pub(crate) fn ptr(base: &str, token: impl AsRef<str>) -> String {
    let token = token.as_ref();
    let mut s = String::with_capacity(base.len() + token.len() + 1);
    s.push_str(base);
    s.push('/');
    for c in token.chars() {
        match c {
            '~' => s.push_str("~0"),
            '/' => s.push_str("~1"),
            c => s.push(c),
        }
    }
    s
}

/// `base` extended by an array index.
pub(crate) fn ptr_i(base: &str, index: usize) -> String {
    format!("{base}/{index}")
}

#[cfg(test)]
pub(crate) mod testing {
    //! Helpers for the lint unit tests.
    use super::*;

    /// Runs `check` and returns `(code, pointer, severity)` of every finding.
    pub fn run(format: Format, doc: &Value) -> Vec<(&'static str, String, Severity)> {
        check(format, doc, "t.json")
            .into_iter()
            .map(|d| {
                let p = d.location.map(|l| l.pointer).unwrap_or_default();
                (d.code, p, d.severity)
            })
            .collect()
    }

    /// Findings of `code` only, as `(pointer, severity)`.
    pub fn only(format: Format, doc: &Value, code: &str) -> Vec<(String, Severity)> {
        run(format, doc)
            .into_iter()
            .filter(|(c, _, _)| *c == code)
            .map(|(_, p, s)| (p, s))
            .collect()
    }

    /// A CloudFormation template with one S3 proxy method; `patch` edits it before use.
    pub fn cfn(patch: impl FnOnce(&mut Value)) -> Value {
        let mut doc = serde_json::json!({
            "Resources": {
                "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "A", "BinaryMediaTypes": ["*/*"]}},
                "Role": {"Type": "AWS::IAM::Role", "Properties": {
                    "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "apigateway.amazonaws.com"}, "Action": "sts:AssumeRole"}]},
                    "Policies": [{"PolicyName": "p", "PolicyDocument": {"Version": "2012-10-17", "Statement": [
                        {"Effect": "Allow", "Action": ["s3:GetObject"], "Resource": {"Fn::Sub": "arn:${AWS::Partition}:s3:::b/*"}}
                    ]}}]
                }},
                "Folder": {"Type": "AWS::ApiGateway::Resource", "Properties": {
                    "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "{folder}"}},
                "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
                    "RestApiId": {"Ref": "Api"}, "ResourceId": {"Ref": "Folder"}, "HttpMethod": "GET", "AuthorizationType": "NONE",
                    "RequestParameters": {"method.request.path.folder": true},
                    "MethodResponses": [{"StatusCode": "200", "ResponseParameters": {"method.response.header.Content-Type": false}}, {"StatusCode": "400"}],
                    "Integration": {
                        "Type": "AWS", "IntegrationHttpMethod": "GET",
                        "Uri": {"Fn::Sub": "arn:${AWS::Partition}:apigateway:${AWS::Region}:s3:path/{bucket}"},
                        "Credentials": {"Fn::GetAtt": ["Role", "Arn"]},
                        "RequestParameters": {"integration.request.path.bucket": "method.request.path.folder"},
                        "IntegrationResponses": [
                            {"StatusCode": "200", "ResponseParameters": {"method.response.header.Content-Type": "integration.response.header.Content-Type"}},
                            {"StatusCode": "400", "SelectionPattern": "4\\d{2}"}
                        ]
                    }
                }},
                "Deployment0123abcd": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": ["Get"], "Properties": {"RestApiId": {"Ref": "Api"}}},
                "Stage": {"Type": "AWS::ApiGateway::Stage", "Properties": {"RestApiId": {"Ref": "Api"}, "DeploymentId": {"Ref": "Deployment0123abcd"}, "StageName": "dev"}}
            }
        });
        patch(&mut doc);
        doc
    }

    /// An OpenAPI 3 document with one S3 proxy operation; `patch` edits it before use.
    pub fn oas(patch: impl FnOnce(&mut Value)) -> Value {
        let mut doc = serde_json::json!({
            "openapi": "3.0.1",
            "info": {"title": "A", "version": "1"},
            "x-amazon-apigateway-binary-media-types": ["*/*"],
            "paths": {"/{folder}": {"get": {
                "operationId": "ListObjects",
                "parameters": [{"name": "folder", "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok", "headers": {"Content-Type": {"schema": {"type": "string"}}}}, "400": {"description": "bad"}},
                "x-amazon-apigateway-integration": {
                    "type": "aws", "httpMethod": "GET",
                    "uri": "arn:aws:apigateway:us-east-1:s3:path/{bucket}",
                    "credentials": "arn:aws:iam::123456789012:role/apigw",
                    "requestParameters": {"integration.request.path.bucket": "method.request.path.folder"},
                    "responses": {
                        "default": {"statusCode": "200", "responseParameters": {"method.response.header.Content-Type": "integration.response.header.Content-Type"}},
                        "4\\d{2}": {"statusCode": "400"}
                    }
                }
            }}}
        });
        patch(&mut doc);
        doc
    }

    /// A Terraform JSON configuration with one S3 proxy method; `patch` edits it before use.
    pub fn tf(patch: impl FnOnce(&mut Value)) -> Value {
        let mut doc = serde_json::json!({
            "resource": {
                "aws_api_gateway_rest_api": {"api": {"name": "A", "binary_media_types": ["*/*"]}},
                "aws_api_gateway_resource": {"folder": {
                    "rest_api_id": "${aws_api_gateway_rest_api.api.id}",
                    "parent_id": "${aws_api_gateway_rest_api.api.root_resource_id}",
                    "path_part": "{folder}"}},
                "aws_api_gateway_method": {"get": {
                    "rest_api_id": "${aws_api_gateway_rest_api.api.id}",
                    "resource_id": "${aws_api_gateway_resource.folder.id}",
                    "http_method": "GET", "authorization": "NONE",
                    "request_parameters": {"method.request.path.folder": true}}},
                "aws_api_gateway_integration": {"get": {
                    "rest_api_id": "${aws_api_gateway_rest_api.api.id}",
                    "resource_id": "${aws_api_gateway_resource.folder.id}",
                    "http_method": "${aws_api_gateway_method.get.http_method}",
                    "type": "AWS", "integration_http_method": "GET",
                    "uri": "arn:${data.aws_partition.current.partition}:apigateway:${data.aws_region.current.region}:s3:path/{bucket}",
                    "credentials": "${aws_iam_role.exec.arn}",
                    "request_parameters": {"integration.request.path.bucket": "method.request.path.folder"}}},
                "aws_api_gateway_method_response": {"get_200": {
                    "rest_api_id": "${aws_api_gateway_rest_api.api.id}",
                    "resource_id": "${aws_api_gateway_resource.folder.id}",
                    "http_method": "${aws_api_gateway_method.get.http_method}",
                    "status_code": "200",
                    "response_parameters": {"method.response.header.Content-Type": false}}},
                "aws_api_gateway_integration_response": {"get_200": {
                    "rest_api_id": "${aws_api_gateway_rest_api.api.id}",
                    "resource_id": "${aws_api_gateway_resource.folder.id}",
                    "http_method": "${aws_api_gateway_method.get.http_method}",
                    "status_code": "${aws_api_gateway_method_response.get_200.status_code}",
                    "response_parameters": {"method.response.header.Content-Type": "integration.response.header.Content-Type"}}},
                "aws_iam_role": {"exec": {"assume_role_policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"Service\":\"apigateway.amazonaws.com\"},\"Action\":\"sts:AssumeRole\"}]}"}},
                "aws_iam_role_policy": {"exec": {
                    "role": "${aws_iam_role.exec.id}",
                    "policy": "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"s3:ListBucket\"],\"Resource\":[\"arn:${data.aws_partition.current.partition}:s3:::b\"]}]}"}}
            }
        });
        patch(&mut doc);
        doc
    }

    /// The value at `pointer` in `doc`, which must exist.
    pub fn at<'a>(doc: &'a mut Value, pointer: &str) -> &'a mut Value {
        doc.pointer_mut(pointer)
            .unwrap_or_else(|| panic!("no {pointer} in test document"))
    }
}

#[cfg(test)]
mod tests {
    use super::testing::*;
    use super::*;

    #[test]
    fn clean_documents_in_every_format_have_no_findings_but_notes() {
        for (format, doc) in [
            (Format::CloudFormation, cfn(|_| {})),
            (Format::OpenApi3, oas(|_| {})),
            (Format::TerraformJson, tf(|_| {})),
        ] {
            let found: Vec<_> = run(format, &doc)
                .into_iter()
                .filter(|(_, _, s)| *s != Severity::Note)
                .collect();
            assert!(found.is_empty(), "{format:?}: {found:?}");
        }
    }

    #[test]
    fn codes_are_unique_and_in_range() {
        let codes = [
            INTEGRATION_URI,
            CREDENTIALS,
            CREDENTIALS_MISSING,
            UNDECLARED_PARAMETER,
            UNDECLARED_PATH_PARAMETER,
            MAPPING_EXPRESSION,
            SELECTION_PATTERN,
            SELECTION_PATTERN_STATUS,
            DUPLICATE_INTEGRATION_RESPONSE,
            TIMEOUT,
            CONTENT_HANDLING,
            BINARY_PASSTHROUGH,
            METHOD_RESPONSE_MISSING,
            RESPONSE_HEADER_UNDECLARED,
            LOGICAL_ID,
            DUPLICATE_LOGICAL_ID,
            TERRAFORM_NAME,
            DUPLICATE_TERRAFORM_NAME,
            DUPLICATE_OPERATION_ID,
            IAM_WILDCARD_ACTION,
            IAM_WILDCARD_RESOURCE,
            IAM_POLICY_JSON,
            PAYLOAD_LIMIT,
            DEPLOYMENT_DEPENDS_ON,
            DEPLOYMENT_STATIC,
            PATH_PART,
            GREEDY_PATH,
            SIBLING_PATH_VARIABLES,
            DUPLICATE_ROUTE,
        ];
        let mut seen = std::collections::BTreeSet::new();
        for c in codes {
            assert!(seen.insert(c), "{c} twice");
            let n: u32 = c[2..].parse().unwrap();
            assert!((320..=369).contains(&n), "{c} out of range");
        }
    }

    #[test]
    fn pointers_escape_tokens() {
        assert_eq!(ptr("/paths", "/{a}/b~c"), "/paths/~1{a}~1b~0c");
        assert_eq!(ptr_i("/x", 3), "/x/3");
    }
}
