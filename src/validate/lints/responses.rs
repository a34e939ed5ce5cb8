//! Integration responses against method responses: each integration response's status code has
//! a method response, each `method.response.header.X` it maps is declared there, and no two
//! integration responses of a method share a status code or a selection pattern.

use super::view::{ApiView, Flavor, MethodView};
use super::{
    DUPLICATE_INTEGRATION_RESPONSE, METHOD_RESPONSE_MISSING, RESPONSE_HEADER_UNDECLARED, Sink,
};

pub(super) fn check(api: &ApiView, sink: &mut Sink) {
    for m in &api.methods {
        let Some(i) = &m.integration else { continue };
        if i.first_class {
            continue;
        }
        let mut statuses: Vec<&str> = Vec::new();
        let mut patterns: Vec<Option<&str>> = Vec::new();
        for r in &i.responses {
            if let Some(s) = &r.status {
                if statuses.contains(&s.value.as_str()) {
                    sink.error(
                        DUPLICATE_INTEGRATION_RESPONSE,
                        &r.pointer,
                        format!(
                            "{} has two integration responses with status code {}",
                            m.route(),
                            s.value
                        ),
                        "API Gateway keeps one integration response per status code: merge their \
                         selection patterns into one regex (for example `4\\d{2}|5\\d{2}`)",
                    );
                }
                statuses.push(&s.value);
            }
            let pattern = r.selection_pattern.as_ref().map(|p| p.value.as_str());
            if patterns.contains(&pattern) {
                let what = match pattern {
                    Some(p) => format!("selection pattern `{p}`"),
                    None => "no selection pattern (two default responses)".to_string(),
                };
                sink.error(
                    DUPLICATE_INTEGRATION_RESPONSE,
                    &r.pointer,
                    format!("{} has two integration responses with {what}", m.route()),
                    "give each integration response its own selection pattern; only one may be the default",
                );
            }
            patterns.push(pattern);
        }
        let Some(mrs) = &m.method_responses else {
            continue;
        };
        for r in &i.responses {
            let Some(status) = &r.status else { continue };
            let Some(mr) = mrs.iter().find(|mr| mr.status == status.value) else {
                sink.error(
                    METHOD_RESPONSE_MISSING,
                    &status.pointer,
                    format!(
                        "integration response {} of {} has no method response {}",
                        status.value,
                        m.route(),
                        status.value
                    ),
                    add_response_help(api.flavor, m, &status.value),
                );
                continue;
            };
            let Some(headers) = &mr.headers else { continue };
            for map in &r.response_parameters {
                let Some(h) = map.target.strip_prefix("method.response.header.") else {
                    continue;
                };
                if h.is_empty() || headers.iter().any(|d| d.eq_ignore_ascii_case(h)) {
                    continue;
                }
                sink.error(
                    RESPONSE_HEADER_UNDECLARED,
                    &map.pointer(),
                    format!(
                        "integration response {} of {} maps header `{h}`, which method response {} does not declare",
                        status.value,
                        m.route(),
                        mr.status
                    ),
                    match api.flavor {
                        Flavor::CloudFormation => format!(
                            "add `method.response.header.{h}: false` to ResponseParameters of the {} method response",
                            mr.status
                        ),
                        Flavor::Terraform => format!(
                            "add `\"method.response.header.{h}\" = false` to response_parameters of the {} method response",
                            mr.status
                        ),
                        Flavor::OpenApi => format!("add `{h}` to the headers of response {}", mr.status),
                    },
                );
            }
        }
    }
}

fn add_response_help(flavor: Flavor, m: &MethodView, status: &str) -> String {
    match flavor {
        Flavor::CloudFormation => format!(
            "add `{{StatusCode: \"{status}\"}}` to MethodResponses of {}",
            m.name
        ),
        Flavor::Terraform => format!(
            "add an aws_api_gateway_method_response with status_code \"{status}\" for {}",
            m.name
        ),
        Flavor::OpenApi => format!("add response \"{status}\" to the operation's responses"),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Severity;
    use crate::validate::Format;
    use serde_json::json;

    #[test]
    fn missing_method_response_in_every_format() {
        let bad = cfn(|d| {
            *at(d, "/Resources/Get/Properties/MethodResponses/1/StatusCode") = json!("404")
        });
        assert_eq!(
            only(Format::CloudFormation, &bad, METHOD_RESPONSE_MISSING),
            vec![(
                "/Resources/Get/Properties/Integration/IntegrationResponses/1/StatusCode"
                    .to_string(),
                Severity::Error
            )]
        );
        let bad = oas(|d| {
            at(d, "/paths/~1{folder}/get/responses")
                .as_object_mut()
                .unwrap()
                .remove("400");
        });
        assert_eq!(
            only(Format::OpenApi3, &bad, METHOD_RESPONSE_MISSING),
            vec![("/paths/~1{folder}/get/x-amazon-apigateway-integration/responses/4\\d{2}/statusCode".to_string(), Severity::Error)]
        );
        let bad = tf(|d| {
            *at(
                d,
                "/resource/aws_api_gateway_integration_response/get_200/status_code",
            ) = json!("400")
        });
        assert_eq!(
            only(Format::TerraformJson, &bad, METHOD_RESPONSE_MISSING),
            vec![(
                "/resource/aws_api_gateway_integration_response/get_200/status_code".to_string(),
                Severity::Error
            )]
        );
    }

    #[test]
    fn undeclared_response_header_is_an_error() {
        let p = "/Resources/Get/Properties/Integration/IntegrationResponses/0/ResponseParameters/method.response.header.ETag";
        let bad = cfn(|d| {
            at(
                d,
                "/Resources/Get/Properties/Integration/IntegrationResponses/0/ResponseParameters",
            )
            .as_object_mut()
            .unwrap()
            .insert(
                "method.response.header.ETag".into(),
                json!("integration.response.header.ETag"),
            );
        });
        assert_eq!(
            only(Format::CloudFormation, &bad, RESPONSE_HEADER_UNDECLARED),
            vec![(p.to_string(), Severity::Error)]
        );
        let bad = oas(|d| {
            at(d, "/paths/~1{folder}/get/responses/200")
                .as_object_mut()
                .unwrap()
                .remove("headers");
        });
        assert_eq!(
            only(Format::OpenApi3, &bad, RESPONSE_HEADER_UNDECLARED).len(),
            1
        );
    }

    #[test]
    fn duplicate_status_or_pattern_is_an_error() {
        let bad = cfn(|d| {
            let rs = at(
                d,
                "/Resources/Get/Properties/Integration/IntegrationResponses",
            )
            .as_array_mut()
            .unwrap();
            rs.push(json!({"StatusCode": "400", "SelectionPattern": "5\\d{2}"}));
            rs.push(json!({"StatusCode": "200"}));
        });
        assert_eq!(
            only(Format::CloudFormation, &bad, DUPLICATE_INTEGRATION_RESPONSE),
            vec![
                (
                    "/Resources/Get/Properties/Integration/IntegrationResponses/2".to_string(),
                    Severity::Error
                ),
                (
                    "/Resources/Get/Properties/Integration/IntegrationResponses/3".to_string(),
                    Severity::Error
                ),
                (
                    "/Resources/Get/Properties/Integration/IntegrationResponses/3".to_string(),
                    Severity::Error
                ),
            ]
        );
    }
}
