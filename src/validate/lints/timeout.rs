//! Integration timeouts: API Gateway accepts 50 to 29,000 ms for REST APIs; more needs a quota
//! increase (regional and private APIs only), less is refused.

use super::view::ApiView;
use super::{Sink, TIMEOUT};

/// Smallest timeout API Gateway accepts.
const MIN_MS: i64 = crate::limits::MIN_TIMEOUT_MS as i64;
/// Largest timeout without a quota increase.
const MAX_MS: i64 = crate::limits::MAX_TIMEOUT_MS as i64;

pub(super) fn check(api: &ApiView, sink: &mut Sink) {
    for m in &api.methods {
        let Some(i) = &m.integration else { continue };
        let Some(t) = &i.timeout else { continue };
        if t.value < MIN_MS {
            sink.error(
                TIMEOUT,
                &t.pointer,
                format!(
                    "integration timeout of {} is {} ms; API Gateway needs at least {MIN_MS} ms",
                    m.route(),
                    t.value
                ),
                format!("use a value from {MIN_MS} to {MAX_MS} ms"),
            );
        } else if t.value > MAX_MS {
            sink.warning(
                TIMEOUT,
                &t.pointer,
                format!(
                    "integration timeout of {} is {} ms, above the default {MAX_MS} ms limit",
                    m.route(),
                    t.value
                ),
                format!(
                    "longer timeouts need a Service Quotas increase of \"Maximum integration timeout\" \
                     (regional and private REST APIs only) and may lower the account's throttle quota; \
                     otherwise use at most {MAX_MS}"
                ),
            );
        }
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
    fn timeouts_in_every_format() {
        let set = |v: serde_json::Value| {
            cfn(move |d| {
                at(d, "/Resources/Get/Properties/Integration")
                    .as_object_mut()
                    .unwrap()
                    .insert("TimeoutInMillis".into(), v);
            })
        };
        let p = "/Resources/Get/Properties/Integration/TimeoutInMillis".to_string();
        assert!(only(Format::CloudFormation, &set(json!(29000)), TIMEOUT).is_empty());
        assert!(only(Format::CloudFormation, &set(json!(50)), TIMEOUT).is_empty());
        assert_eq!(
            only(Format::CloudFormation, &set(json!(49)), TIMEOUT),
            vec![(p.clone(), Severity::Error)]
        );
        assert_eq!(
            only(Format::CloudFormation, &set(json!("60000")), TIMEOUT),
            vec![(p, Severity::Warning)]
        );

        let doc = oas(|d| {
            at(d, "/paths/~1{folder}/get/x-amazon-apigateway-integration")
                .as_object_mut()
                .unwrap()
                .insert("timeoutInMillis".into(), json!(10));
        });
        assert_eq!(
            only(Format::OpenApi3, &doc, TIMEOUT),
            vec![(
                "/paths/~1{folder}/get/x-amazon-apigateway-integration/timeoutInMillis".to_string(),
                Severity::Error
            )]
        );
        let doc = tf(|d| {
            at(d, "/resource/aws_api_gateway_integration/get")
                .as_object_mut()
                .unwrap()
                .insert("timeout_milliseconds".into(), json!(30000));
        });
        assert_eq!(
            only(Format::TerraformJson, &doc, TIMEOUT),
            vec![(
                "/resource/aws_api_gateway_integration/get/timeout_milliseconds".to_string(),
                Severity::Warning
            )]
        );
    }
}
