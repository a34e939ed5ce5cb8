//! Parameter mappings: every `integration.request.*` mapping whose source is
//! `method.request.{path|querystring|header}.X` names a parameter the method declares; every
//! path parameter of the route is declared; and every mapping expression (request and
//! response) has a shape API Gateway understands.

use super::view::{ApiView, Flavor, MethodView, path_params};
use super::{MAPPING_EXPRESSION, Sink, UNDECLARED_PARAMETER, UNDECLARED_PATH_PARAMETER};

/// Request parameter locations a mapping can name.
const LOCATIONS: &[&str] = &[
    "path",
    "querystring",
    "multivaluequerystring",
    "header",
    "multivalueheader",
];

pub(super) fn check(api: &ApiView, sink: &mut Sink) {
    for m in &api.methods {
        if let Some(i) = &m.integration
            && !i.first_class
        {
            for map in &i.request_parameters {
                if !request_target_ok(&map.target) {
                    sink.error(
                        MAPPING_EXPRESSION,
                        &map.pointer(),
                        format!("`{}` in {} is not an integration request parameter", map.target, m.route()),
                        "write `integration.request.{path|querystring|header|multivaluequerystring|multivalueheader}.{name}`",
                    );
                }
                if !request_source_ok(&map.source) {
                    sink.error(
                        MAPPING_EXPRESSION,
                        &map.pointer(),
                        format!("`{}` in {} is not a mapping source API Gateway understands", map.source, m.route()),
                        "map from `method.request.{path|querystring|header}.{name}`, `method.request.body`, \
                         `context.*`, `stageVariables.*` or a quoted static value such as `'text'`",
                    );
                    continue;
                }
                let Some((loc, name)) = method_param(&map.source) else {
                    continue;
                };
                if let Some(decl) = &m.declared_params
                    && !declared(decl, loc, name)
                {
                    sink.error(
                        UNDECLARED_PARAMETER,
                        &map.pointer(),
                        format!(
                            "{} maps `{}` but the method does not declare `method.request.{loc}.{name}`",
                            m.route(),
                            map.source
                        ),
                        declare_help(api.flavor, m, loc, name),
                    );
                }
            }
            for r in &i.responses {
                for map in &r.response_parameters {
                    let ok_target = map
                        .target
                        .strip_prefix("method.response.header.")
                        .is_some_and(|n| !n.is_empty());
                    if !ok_target || !response_source_ok(&map.source) {
                        let bad = if ok_target { &map.source } else { &map.target };
                        sink.error(
                            MAPPING_EXPRESSION,
                            &map.pointer(),
                            format!("`{bad}` in a response mapping of {} is not an expression API Gateway understands", m.route()),
                            "map `method.response.header.{name}` from `integration.response.header.{name}`, \
                             `integration.response.body[.JSONPath]`, `context.*`, `stageVariables.*` or a quoted \
                             static value such as `'text'`",
                        );
                    }
                }
            }
        }
        check_path_params(api, m, sink);
    }
}

fn check_path_params(api: &ApiView, m: &MethodView, sink: &mut Sink) {
    let (Some(path), Some(decl)) = (&m.path, &m.declared_params) else {
        return;
    };
    // Outside OpenAPI (which requires the declaration), a path value only matters when a
    // non-proxy integration has to map it.
    let needs_mapping = m
        .integration
        .as_ref()
        .is_some_and(|i| matches!(i.kind.as_deref(), Some("AWS" | "HTTP")) && !i.first_class);
    if api.flavor != Flavor::OpenApi && !needs_mapping {
        return;
    }
    for p in path_params(path) {
        if declared(decl, "path", &p) {
            continue;
        }
        let message = format!(
            "path parameter `{p}` of {} is not declared as `method.request.path.{p}`",
            m.route()
        );
        let help = declare_help(api.flavor, m, "path", &p);
        if api.flavor == Flavor::OpenApi {
            sink.error(UNDECLARED_PATH_PARAMETER, &m.params_pointer, message, help);
        } else {
            sink.warning(
                UNDECLARED_PATH_PARAMETER,
                &m.params_pointer,
                format!("{message}, so the integration cannot use it"),
                help,
            );
        }
    }
}

/// How to declare `method.request.{loc}.{name}` in the method's format.
fn declare_help(flavor: Flavor, m: &MethodView, loc: &str, name: &str) -> String {
    match flavor {
        Flavor::CloudFormation => format!(
            "add `method.request.{loc}.{name}: {}` to RequestParameters of {}",
            loc == "path",
            m.name
        ),
        Flavor::Terraform => format!(
            "add `\"method.request.{loc}.{name}\" = {}` to request_parameters of {}",
            loc == "path",
            m.name
        ),
        Flavor::OpenApi => {
            let within = match loc {
                "querystring" => "query",
                other => other,
            };
            format!(
                "add `{{\"name\": \"{name}\", \"in\": \"{within}\"{}}}` to the operation's parameters",
                if loc == "path" {
                    ", \"required\": true"
                } else {
                    ""
                }
            )
        }
    }
}

/// `(location, name)` of a `method.request.{loc}.{name}` source, multi-value locations folded
/// into their single-value ones.
pub(crate) fn method_param(source: &str) -> Option<(&'static str, &str)> {
    let rest = source.strip_prefix("method.request.")?;
    let (loc, name) = rest.split_once('.')?;
    let loc = match loc {
        "path" => "path",
        "querystring" | "multivaluequerystring" => "querystring",
        "header" | "multivalueheader" => "header",
        _ => return None,
    };
    (!name.is_empty()).then_some((loc, name))
}

/// True when `decl` holds `method.request.{loc}.{name}` (header names case-insensitively).
fn declared(decl: &[String], loc: &str, name: &str) -> bool {
    decl.iter().any(|d| {
        let Some(rest) = d.strip_prefix("method.request.") else {
            return false;
        };
        let Some((l, n)) = rest.split_once('.') else {
            return false;
        };
        l == loc
            && if loc == "header" {
                n.eq_ignore_ascii_case(name)
            } else {
                n == name
            }
    })
}

fn request_target_ok(t: &str) -> bool {
    let Some(rest) = t.strip_prefix("integration.request.") else {
        return false;
    };
    rest.split_once('.')
        .is_some_and(|(loc, name)| LOCATIONS.contains(&loc) && !name.is_empty())
}

/// Quoted static values, `context.*`, `stageVariables.*`, and placeholders we cannot read.
fn common_source_ok(s: &str) -> bool {
    (s.len() >= 2 && s.starts_with('\'') && s.ends_with('\''))
        || s.strip_prefix("context.").is_some_and(|r| !r.is_empty())
        || s.strip_prefix("stageVariables.")
            .is_some_and(|r| !r.is_empty())
        || s.contains("${")
}

fn request_source_ok(s: &str) -> bool {
    if common_source_ok(s) || s == "method.request.body" {
        return true;
    }
    if s.strip_prefix("method.request.body.")
        .is_some_and(|r| !r.is_empty())
    {
        return true;
    }
    let Some(rest) = s.strip_prefix("method.request.") else {
        return false;
    };
    rest.split_once('.')
        .is_some_and(|(loc, name)| LOCATIONS.contains(&loc) && !name.is_empty())
}

fn response_source_ok(s: &str) -> bool {
    if common_source_ok(s) || s == "integration.response.body" {
        return true;
    }
    if s.strip_prefix("integration.response.body.")
        .is_some_and(|r| !r.is_empty())
    {
        return true;
    }
    if let Some(rest) = s.strip_prefix("integration.response.") {
        return rest.split_once('.').is_some_and(|(loc, name)| {
            matches!(loc, "header" | "multivalueheader") && !name.is_empty()
        });
    }
    // Method request values may be echoed back.
    request_source_ok(s) && s.starts_with("method.request.")
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Severity;
    use crate::validate::Format;
    use serde_json::json;

    #[test]
    fn expression_shapes() {
        assert!(request_source_ok("method.request.querystring.q"));
        assert!(request_source_ok("'static'"));
        assert!(request_source_ok("context.requestId"));
        assert!(request_source_ok("method.request.body.a.b"));
        assert!(!request_source_ok("method.request.queryString.q"));
        assert!(!request_source_ok("request.path.x"));
        assert!(request_target_ok("integration.request.header.x-amz-acl"));
        assert!(!request_target_ok("integration.request.body"));
        assert!(response_source_ok("integration.response.header.Date"));
        assert!(!response_source_ok("integration.response.status"));
        assert_eq!(
            method_param("method.request.multivalueheader.X"),
            Some(("header", "X"))
        );
    }

    #[test]
    fn cloudformation_undeclared_mapping_source_is_an_error() {
        let p = "/Resources/Get/Properties/Integration/RequestParameters/integration.request.header.x-amz-acl";
        let bad = cfn(|d| {
            at(d, "/Resources/Get/Properties/Integration/RequestParameters")
                .as_object_mut()
                .unwrap()
                .insert(
                    "integration.request.header.x-amz-acl".into(),
                    json!("method.request.header.x-amz-acl"),
                );
        });
        assert_eq!(
            only(Format::CloudFormation, &bad, UNDECLARED_PARAMETER),
            vec![(p.to_string(), Severity::Error)]
        );
        let good = cfn(|d| {
            at(d, "/Resources/Get/Properties/Integration/RequestParameters")
                .as_object_mut()
                .unwrap()
                .insert(
                    "integration.request.header.x-amz-acl".into(),
                    json!("method.request.header.X-Amz-Acl"),
                );
            at(d, "/Resources/Get/Properties/RequestParameters")
                .as_object_mut()
                .unwrap()
                .insert("method.request.header.x-amz-acl".into(), json!(false));
        });
        assert!(only(Format::CloudFormation, &good, UNDECLARED_PARAMETER).is_empty());
    }

    #[test]
    fn undeclared_path_parameter_is_found_in_every_format() {
        let bad = cfn(|d| {
            *at(d, "/Resources/Get/Properties/RequestParameters") = json!({});
        });
        let found = only(Format::CloudFormation, &bad, UNDECLARED_PATH_PARAMETER);
        assert_eq!(
            found,
            vec![(
                "/Resources/Get/Properties/RequestParameters".to_string(),
                Severity::Warning
            )]
        );
        // The mapping source is now undeclared too.
        assert_eq!(
            only(Format::CloudFormation, &bad, UNDECLARED_PARAMETER).len(),
            1
        );

        let bad = oas(|d| *at(d, "/paths/~1{folder}/get/parameters") = json!([]));
        assert_eq!(
            only(Format::OpenApi3, &bad, UNDECLARED_PATH_PARAMETER),
            vec![(
                "/paths/~1{folder}/get/parameters".to_string(),
                Severity::Error
            )]
        );

        let bad =
            tf(|d| *at(d, "/resource/aws_api_gateway_method/get/request_parameters") = json!({}));
        assert_eq!(
            only(Format::TerraformJson, &bad, UNDECLARED_PATH_PARAMETER),
            vec![(
                "/resource/aws_api_gateway_method/get/request_parameters".to_string(),
                Severity::Warning
            )]
        );
        assert_eq!(
            only(Format::TerraformJson, &bad, UNDECLARED_PARAMETER)[0].0,
            "/resource/aws_api_gateway_integration/get/request_parameters/integration.request.path.bucket"
        );
    }

    #[test]
    fn openapi_path_level_parameters_count() {
        let good = oas(|d| {
            let params = at(d, "/paths/~1{folder}/get/parameters").take();
            at(d, "/paths/~1{folder}")
                .as_object_mut()
                .unwrap()
                .insert("parameters".into(), params);
        });
        assert!(only(Format::OpenApi3, &good, UNDECLARED_PATH_PARAMETER).is_empty());
        assert!(only(Format::OpenApi3, &good, UNDECLARED_PARAMETER).is_empty());
    }

    #[test]
    fn malformed_mapping_expression_is_an_error() {
        let p = "/paths/~1{folder}/get/x-amazon-apigateway-integration/requestParameters/integration.request.path.bucket";
        let bad = oas(|d| *at(d, p) = json!("method.request.pathparam.folder"));
        assert_eq!(
            only(Format::OpenApi3, &bad, MAPPING_EXPRESSION),
            vec![(p.to_string(), Severity::Error)]
        );
    }
}
