//! Selection patterns: API Gateway compiles them as Java regular expressions. The Java-regex
//! checker (`crate::java_regex`) finds the patterns that fail at deploy time, and a heuristic
//! finds valid ones that can never match a status code (`4xx`, `default`).

use super::view::ApiView;
use super::{SELECTION_PATTERN, SELECTION_PATTERN_STATUS, Sink};
use crate::java_regex::check as check_java_regex;
use std::collections::HashMap;

pub(super) fn check(api: &ApiView, sink: &mut Sink) {
    // Each distinct pattern is checked once: a large API repeats a few patterns on every method.
    let mut checked = HashMap::new();
    for m in &api.methods {
        let Some(i) = &m.integration else { continue };
        if i.first_class {
            continue;
        }
        // Patterns of HTTP, MOCK and non-Lambda AWS integrations match a status code; those
        // of a Lambda (custom) integration match the error message.
        let matches_status = match i.kind.as_deref() {
            Some("HTTP" | "MOCK") => true,
            Some("AWS") => i.service().is_some_and(|s| s != "lambda"),
            _ => false,
        };
        for r in &i.responses {
            let Some(p) = &r.selection_pattern else {
                continue;
            };
            let checked = checked
                .entry(p.value.as_str())
                .or_insert_with(|| check_java_regex(&p.value));
            match checked {
                Err(e) => sink.error(
                    SELECTION_PATTERN,
                    &p.pointer,
                    format!(
                        "selection pattern `{}` of {} is not a valid Java regular expression: {} (at character {})",
                        p.value,
                        m.route(),
                        e.message,
                        e.index + 1
                    ),
                    "API Gateway compiles selection patterns with java.util.regex; escape literal \
                     `{`, `(`, `[`, `*`, `+` and `?` with a backslash",
                ),
                Ok(()) if matches_status && never_matches_status(&p.value) => sink.warning(
                    SELECTION_PATTERN_STATUS,
                    &p.pointer,
                    format!(
                        "selection pattern `{}` of {} never matches an HTTP status code",
                        p.value,
                        m.route()
                    ),
                    "the pattern is a regex matched against the whole status code: write `4\\d{2}` \
                     for any 4xx; leave the pattern out for the default response",
                ),
                Ok(()) => {}
            }
        }
    }
}

/// `4xx`, `5XX|4xx`, `default`: literal text that no three-digit status code equals.
fn never_matches_status(p: &str) -> bool {
    if p.contains(['(', '[', '\\', '.', '*', '+', '?', '{']) {
        return false;
    }
    p.split('|').any(|b| {
        b == "default"
            || (b.len() == 3
                && b.starts_with(['1', '2', '3', '4', '5'])
                && b.chars()
                    .all(|c| c.is_ascii_digit() || c == 'x' || c == 'X')
                && b.contains(['x', 'X']))
    })
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Severity;
    use crate::validate::Format;
    use serde_json::json;

    #[test]
    fn status_heuristic() {
        assert!(never_matches_status("4xx"));
        assert!(never_matches_status("2XX|3XX"));
        assert!(never_matches_status("default"));
        assert!(!never_matches_status("4\\d{2}"));
        assert!(!never_matches_status("404"));
    }

    #[test]
    fn invalid_selection_pattern_is_an_error_in_every_format() {
        let p = "/Resources/Get/Properties/Integration/IntegrationResponses/1/SelectionPattern";
        let bad = cfn(|d| *at(d, p) = json!("4\\d{2"));
        assert_eq!(
            only(Format::CloudFormation, &bad, SELECTION_PATTERN),
            vec![(p.to_string(), Severity::Error)]
        );
        assert!(only(Format::CloudFormation, &cfn(|_| {}), SELECTION_PATTERN).is_empty());

        let bad = oas(|d| {
            let r = at(
                d,
                "/paths/~1{folder}/get/x-amazon-apigateway-integration/responses",
            )
            .as_object_mut()
            .unwrap();
            r.insert("5**".into(), json!({"statusCode": "400"}));
        });
        assert_eq!(
            only(Format::OpenApi3, &bad, SELECTION_PATTERN),
            vec![(
                "/paths/~1{folder}/get/x-amazon-apigateway-integration/responses/5**".to_string(),
                Severity::Error
            )]
        );

        let bad = tf(|d| {
            at(d, "/resource/aws_api_gateway_integration_response/get_200")
                .as_object_mut()
                .unwrap()
                .insert("selection_pattern".into(), json!("(2\\d{2}"));
        });
        assert_eq!(
            only(Format::TerraformJson, &bad, SELECTION_PATTERN),
            vec![(
                "/resource/aws_api_gateway_integration_response/get_200/selection_pattern"
                    .to_string(),
                Severity::Error
            )]
        );
    }

    #[test]
    fn pattern_that_never_matches_a_status_is_a_warning() {
        let p = "/Resources/Get/Properties/Integration/IntegrationResponses/1/SelectionPattern";
        let bad = cfn(|d| *at(d, p) = json!("4xx"));
        assert_eq!(
            only(Format::CloudFormation, &bad, SELECTION_PATTERN_STATUS),
            vec![(p.to_string(), Severity::Warning)]
        );
    }
}
