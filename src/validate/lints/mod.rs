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
mod body;
mod cloudformation;
mod credentials;
mod deployment;
mod fast;
mod iam;
mod names;
mod openapi;
mod openapi_refs;
mod params;
mod payload;
mod policy_size;
mod quotas;
mod references;
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
use view::Pointer;

/// Codes this module reports, defined in [`crate::codes`].
pub use crate::codes::{
    API_RESOURCES, BINARY_PASSTHROUGH, BODY_SIZE, CFN_CYCLE, CFN_PSEUDO_PARAMETER, CFN_REFERENCE,
    CFN_SECTION_QUOTA, CONTENT_HANDLING, CREDENTIALS, CREDENTIALS_MISSING, DEPLOYMENT_DEPENDS_ON,
    DEPLOYMENT_STATIC, DUPLICATE_INTEGRATION_RESPONSE, DUPLICATE_LOGICAL_ID,
    DUPLICATE_OPERATION_ID, DUPLICATE_TERRAFORM_NAME, GREEDY_PATH, IAM_POLICY_JSON,
    IAM_WILDCARD_ACTION, IAM_WILDCARD_RESOURCE, INTEGRATION_URI,
    LINT_DUPLICATE_ROUTE as DUPLICATE_ROUTE, LOGICAL_ID, MAPPING_EXPRESSION,
    METHOD_RESPONSE_MISSING, OPENAPI_REF, PATH_PART, PAYLOAD_LIMIT, PAYLOAD_QUOTA_NOTE,
    POLICY_SIZE, RESPONSE_HEADER_UNDECLARED, SELECTION_PATTERN, SELECTION_PATTERN_STATUS,
    SIBLING_PATH_VARIABLES, STACK_RESOURCES, TEMPLATE_DESCRIPTION, TEMPLATE_SIZE, TERRAFORM_NAME,
    TIMEOUT, UNDECLARED_PARAMETER, UNDECLARED_PATH_PARAMETER,
};

/// Runs every lint for `format` over `doc`; findings carry JSON-pointer locations in `file`.
pub fn check(format: Format, doc: &Value, file: &str) -> Vec<Diagnostic> {
    let mut sink = Sink::new(file);
    match format {
        Format::CloudFormation => {
            cloudformation::lint(doc, &mut sink);
            references::check_cloudformation(doc, &mut sink);
            quotas::check_cloudformation(doc, &mut sink);
            body::check_cloudformation(doc, &mut sink);
            policy_size::check_cloudformation(doc, &mut sink);
        }
        Format::OpenApi3 | Format::Swagger2 => {
            openapi::lint(doc, &mut sink);
            openapi_refs::check(doc, "", &mut sink);
            quotas::check_openapi(doc, &mut sink);
            body::check_size(doc, "", &mut sink);
        }
        Format::TerraformJson => {
            terraform::lint(doc, &mut sink);
            body::check_terraform(doc, &mut sink);
            policy_size::check_terraform(doc, &mut sink);
        }
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
        pointer: &(impl Pointer + ?Sized),
        message: impl Into<String>,
        help: impl Into<String>,
    ) {
        let mut d = Diagnostic {
            severity,
            ..Diagnostic::error(code, message)
        }
        .at(Location::pointer(
            self.file.clone(),
            pointer.spelled().into_owned(),
        ));
        let help = help.into();
        if !help.is_empty() {
            d = d.help(help);
        }
        self.out.push(d);
    }

    fn error(
        &mut self,
        code: &'static str,
        pointer: &(impl Pointer + ?Sized),
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.emit(Severity::Error, code, pointer, msg, help);
    }

    fn warning(
        &mut self,
        code: &'static str,
        pointer: &(impl Pointer + ?Sized),
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.emit(Severity::Warning, code, pointer, msg, help);
    }

    fn note(
        &mut self,
        code: &'static str,
        pointer: &(impl Pointer + ?Sized),
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.emit(Severity::Note, code, pointer, msg, help);
    }
}

/// An object's member read by comparing keys instead of hashing the one looked for: the
/// objects the adapters read hold a handful of keys, and hashing a key (serde_json's maps
/// use SipHash) cost more than comparing it with each of them; a large object (a
/// template's `Resources`) is still looked up by hash.
pub(crate) trait Member {
    fn member(&self, key: &str) -> Option<&Value>;
}

impl Member for Value {
    fn member(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(m) => m.member(key),
            _ => None,
        }
    }
}

impl Member for serde_json::Map<String, Value> {
    fn member(&self, key: &str) -> Option<&Value> {
        if self.len() > 8 {
            return self.get(key);
        }
        self.iter().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    }
}

/// `base` extended by one RFC 6901 reference token (`~` and `/` escaped).
pub(crate) fn ptr(base: &str, token: impl AsRef<str>) -> String {
    let token = token.as_ref();
    let mut s = String::with_capacity(base.len() + token.len() + 1);
    s.push_str(base);
    push_token(&mut s, token);
    s
}

/// Appends `/` and one RFC 6901 reference token (`~` and `/` escaped) to pointer `s`.
pub(crate) fn push_token(s: &mut String, token: &str) {
    s.push('/');
    if !token.contains(['~', '/']) {
        s.push_str(token);
        return;
    }
    for c in token.chars() {
        match c {
            '~' => s.push_str("~0"),
            '/' => s.push_str("~1"),
            c => s.push(c),
        }
    }
}

/// Whether `v` is an object or an array: the only values a walk for references descends into
/// (no pointer is made for a plain string or number).
pub(crate) fn is_container(v: &Value) -> bool {
    matches!(v, Value::Object(_) | Value::Array(_))
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
            CFN_REFERENCE,
            CFN_PSEUDO_PARAMETER,
            CFN_CYCLE,
            CFN_SECTION_QUOTA,
            OPENAPI_REF,
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
