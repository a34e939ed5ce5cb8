//! OpenAPI 3.0 and Swagger 2.0 adapter: paths and operations with their
//! `x-amazon-apigateway-integration`, read into the common view. Also used for the inline
//! `Body` of a CloudFormation `AWS::ApiGateway::RestApi`, where values may be intrinsics.

use super::names::{OPERATIONS, check_operation_ids};
use super::text::{Text, placeholders};
use super::view::{
    ApiView, Field, Flavor, IntegrationResponseView, IntegrationView, MethodResponseView,
    MethodView, Ptr, ResourceView, has_templates, mappings, millis, status_string,
};
use super::{Member, Sink, lint_api, ptr};
use serde_json::Value;

pub(super) fn lint(doc: &Value, sink: &mut Sink) {
    let api = view(doc, "", &|v| v.as_str().map(placeholders), Some(false));
    lint_api(&api, sink);
    check_operation_ids(doc, "", sink);
}

/// Reads the document `doc` found at pointer `base`. `text` turns a value into a [`Text`]
/// (strings with placeholders; intrinsics inside a CloudFormation body). `binary_elsewhere`
/// says whether binary media types are declared outside the document (`None`: cannot tell).
pub(super) fn view(
    doc: &Value,
    base: &str,
    text: &dyn Fn(&Value) -> Option<Text>,
    binary_elsewhere: Option<bool>,
) -> ApiView {
    let own_binary = match doc.member("x-amazon-apigateway-binary-media-types") {
        None => Some(false),
        Some(Value::Array(a)) => Some(!a.is_empty()),
        Some(_) => None,
    };
    let binary_media_types = match (own_binary, binary_elsewhere) {
        (Some(true), _) | (_, Some(true)) => Some(true),
        (Some(false), Some(false)) => Some(false),
        _ => None,
    };
    let name = doc
        .pointer("/info/title")
        .and_then(Value::as_str)
        .unwrap_or("the API")
        .to_string();
    let paths_ptr = ptr(base, "paths");
    let mut api = ApiView {
        flavor: Flavor::OpenApi,
        name,
        pointer: paths_ptr.clone(),
        binary_media_types,
        resources: Vec::new(),
        methods: Vec::new(),
    };
    let Some(paths) = doc.member("paths").and_then(Value::as_object) else {
        return api;
    };
    // Sized exactly: a large API's view is a tenth of the peak memory of its check.
    let operations = |item: &Value| {
        OPERATIONS
            .iter()
            .filter(|op| item.member(op).is_some_and(Value::is_object))
            .count()
    };
    api.resources.reserve_exact(paths.len());
    api.methods.reserve_exact(
        paths
            .iter()
            .filter(|(p, _)| !p.starts_with("x-"))
            .map(|(_, item)| operations(item))
            .sum(),
    );
    for (path, item) in paths {
        if path.starts_with("x-") || !item.is_object() {
            continue;
        }
        let item_ptr = Ptr::new(ptr(&paths_ptr, path));
        api.resources.push(ResourceView {
            path: path.clone(),
            pointer: item_ptr.clone(),
            part: None,
        });
        let shared = item.member("parameters");
        for op_name in OPERATIONS {
            let Some(op) = item.member(op_name).filter(|o| o.is_object()) else {
                continue;
            };
            let op_ptr = item_ptr.under(op_name);
            api.methods
                .push(method(doc, path, op_name, op, &op_ptr, shared, text));
        }
    }
    api
}

/// Follows a local `$ref` (`#/components/...`) inside `doc`; other values come back as they are.
fn deref<'a>(doc: &'a Value, v: &'a Value) -> Option<&'a Value> {
    match v.member("$ref").and_then(Value::as_str) {
        Some(r) => doc.pointer(r.strip_prefix('#')?),
        None => Some(v),
    }
}

fn method(
    doc: &Value,
    path: &str,
    op_name: &str,
    op: &Value,
    op_ptr: &Ptr,
    shared: Option<&Value>,
    text: &dyn Fn(&Value) -> Option<Text>,
) -> MethodView {
    let http_method = if op_name == "x-amazon-apigateway-any-method" {
        "ANY".to_string()
    } else {
        op_name.to_ascii_uppercase()
    };
    let declared_params = declared(doc, [shared, op.member("parameters")]);
    let params_pointer = if op.member("parameters").is_some() {
        op_ptr.under("parameters")
    } else {
        op_ptr.clone()
    };
    let method_responses = match op.member("responses") {
        None => Some(Vec::new()),
        Some(Value::Object(rs)) => Some(
            rs.iter()
                .filter(|(code, _)| code.as_str() != "default" && !code.starts_with("x-"))
                .map(|(code, r)| {
                    let headers = match deref(doc, r).map(|r| r.member("headers")) {
                        Some(None) => Some(Vec::new()),
                        Some(Some(Value::Object(h))) => Some(h.keys().cloned().collect()),
                        _ => None,
                    };
                    MethodResponseView {
                        status: code.clone(),
                        headers,
                    }
                })
                .collect(),
        ),
        Some(_) => None,
    };
    let integration = op
        .member("x-amazon-apigateway-integration")
        .and_then(|i| deref(doc, i))
        .filter(|i| i.is_object())
        .map(|i| integration(i, &op_ptr.join("x-amazon-apigateway-integration"), text));
    MethodView {
        pointer: op_ptr.clone(),
        name: format!("{http_method} {path}"),
        http_method: Some(http_method),
        path: Some(path.to_string()),
        declared_params,
        params_pointer,
        method_responses,
        integration,
    }
}

/// Declared parameters as `method.request.{loc}.{name}`, operation-level after path-level;
/// `None` when a `$ref` cannot be followed.
fn declared(doc: &Value, lists: [Option<&Value>; 2]) -> Option<Vec<String>> {
    let mut out = Vec::new();
    for list in lists.into_iter().flatten() {
        let Value::Array(items) = list else {
            return None;
        };
        for p in items {
            let p = deref(doc, p)?;
            let (Some(name), Some(within)) = (
                p.member("name").and_then(Value::as_str),
                p.member("in").and_then(Value::as_str),
            ) else {
                continue;
            };
            let (loc, name) = match within {
                // `key+` is how OpenAPI names the variable of a greedy `{key+}`; API Gateway
                // knows it as `method.request.path.key`.
                "path" => ("path", name.strip_suffix('+').unwrap_or(name)),
                "query" => ("querystring", name),
                "header" => ("header", name),
                _ => continue,
            };
            out.push(format!("method.request.{loc}.{name}"));
        }
    }
    Some(out)
}

fn integration(i: &Value, p: &Ptr, text: &dyn Fn(&Value) -> Option<Text>) -> IntegrationView {
    let get_str = |k: &str| i.member(k).and_then(Value::as_str);
    let credentials = i.member("credentials").filter(|c| !c.is_null());
    let credentials_text = credentials.and_then(text);
    let credentials_opaque = credentials.is_some() && credentials_text.is_none();
    let responses = match i.member("responses") {
        Some(Value::Object(rs)) => {
            let responses_ptr = p.under("responses").spelled().into_owned();
            rs.iter()
                .filter(|(_, r)| r.is_object())
                .map(|(key, r)| {
                    let rp = Ptr::new(ptr(&responses_ptr, key));
                    IntegrationResponseView {
                        status: r
                            .member("statusCode")
                            .and_then(status_string)
                            .map(|s| Field::new(s, rp.under("statusCode"))),
                        selection_pattern: (key != "default")
                            .then(|| Field::new(key.clone(), rp.clone())),
                        response_parameters: mappings(r.member("responseParameters"), || {
                            rp.join("responseParameters")
                        }),
                        content_handling: r
                            .member("contentHandling")
                            .and_then(Value::as_str)
                            .map(|c| Field::new(c.to_string(), rp.under("contentHandling"))),
                        pointer: rp,
                    }
                })
                .collect()
        }
        _ => Vec::new(),
    };
    IntegrationView {
        pointer: p.clone(),
        kind: get_str("type").map(str::to_ascii_uppercase),
        uri: i
            .member("uri")
            .and_then(text)
            .map(|t| Field::new(t, p.under("uri"))),
        credentials: credentials_text.map(|t| Field::new(t, p.under("credentials"))),
        credentials_opaque,
        http_method: get_str("httpMethod").map(str::to_ascii_uppercase),
        request_parameters: mappings(i.member("requestParameters"), || {
            p.join("requestParameters")
        }),
        has_request_templates: has_templates(i.member("requestTemplates")),
        timeout: i
            .member("timeoutInMillis")
            .and_then(millis)
            .map(|t| Field::new(t, p.under("timeoutInMillis"))),
        content_handling: get_str("contentHandling")
            .map(|c| Field::new(c.to_string(), p.under("contentHandling"))),
        responses,
        first_class: i.member("integrationSubtype").is_some()
            || i.member("payloadFormatVersion").is_some(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::validate::Format;
    use serde_json::json;

    #[test]
    fn refs_are_followed_and_swagger_reads_the_same() {
        let doc = json!({
            "swagger": "2.0",
            "info": {"title": "A", "version": "1"},
            "parameters": {"folder": {"name": "folder", "in": "path", "required": true, "type": "string"}},
            "paths": {"/{folder}": {"get": {
                "parameters": [{"$ref": "#/parameters/folder"}],
                "responses": {"200": {"description": "ok"}},
                "x-amazon-apigateway-integration": {
                    "type": "aws", "httpMethod": "GET", "uri": "arn:aws:apigateway:us-east-1:s3:path/{bucket}",
                    "credentials": "arn:aws:iam::123456789012:role/r",
                    "requestParameters": {"integration.request.path.bucket": "method.request.path.folder"},
                    "responses": {"default": {"statusCode": 200}}
                }
            }}}
        });
        let found: Vec<_> = run(Format::Swagger2, &doc)
            .into_iter()
            .filter(|(_, _, s)| *s != crate::Severity::Note)
            .collect();
        assert!(found.is_empty(), "{found:?}");
        let api = view(&doc, "", &|v| v.as_str().map(placeholders), Some(false));
        assert_eq!(api.binary_media_types, Some(false));
        assert_eq!(
            api.methods[0].declared_params.as_deref(),
            Some(&["method.request.path.folder".to_string()][..])
        );
    }

    #[test]
    fn a_greedy_variable_is_declared_as_key_plus_or_as_key() {
        for name in ["key+", "key"] {
            let doc = json!({"openapi": "3.0.1", "info": {"title": "A", "version": "1"},
                "paths": {"/{key+}": {"get": {
                "parameters": [{"name": name, "in": "path", "required": true, "schema": {"type": "string"}}],
                "responses": {"200": {"description": "ok"}},
                "x-amazon-apigateway-integration": {
                    "type": "aws", "httpMethod": "GET", "uri": "arn:aws:apigateway:us-east-1:s3:path/b/{object}",
                    "credentials": "arn:aws:iam::123456789012:role/r",
                    "requestParameters": {"integration.request.path.object": "method.request.path.key"},
                    "responses": {"default": {"statusCode": 200}}
                }
            }}}});
            let found: Vec<_> = run(Format::OpenApi3, &doc)
                .into_iter()
                .filter(|(_, _, s)| *s != crate::Severity::Note)
                .collect();
            assert!(found.is_empty(), "{name}: {found:?}");
        }
    }

    #[test]
    fn http_api_first_class_integrations_are_skipped() {
        let doc = json!({"openapi": "3.0.1", "paths": {"/": {"post": {
            "x-amazon-apigateway-integration": {"type": "aws_proxy", "integrationSubtype": "SQS-SendMessage",
                "credentials": {"Fn::GetAtt": ["R", "Arn"]}, "requestParameters": {"QueueUrl": "$request.body.q"}}
        }}}});
        assert!(
            run(Format::OpenApi3, &doc)
                .iter()
                .all(|(_, _, s)| *s == crate::Severity::Note)
        );
    }
}
