//! CloudFront upload distributions: the KeyValueStore holding the token secret (filled after
//! deployment, never in the configuration), the viewer-request function, Origin Access
//! Control, and the distribution with the owned bucket as its origin.

use super::owned::owned_address;
use super::refs::escape;
use crate::limits::MAX_FUNCTION_NAME;
use crate::model::names::{bounded, owned_name};
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Inserts every upload distribution into `r`, and outputs for its upload URL and store.
pub fn insert(
    api: &RestApi,
    r: &mut BTreeMap<&str, Map<String, Value>>,
    outputs: &mut Map<String, Value>,
) {
    let scope = api.scope();
    for (name, d) in &api.owned.distributions {
        let n = owned_name(name).snake;
        let auth = format!("{n}_auth");
        r.entry("aws_cloudfront_key_value_store")
            .or_default()
            .insert(
                n.clone(),
                json!({ "name": bounded(&format!("{scope}-{name}"), MAX_FUNCTION_NAME), "comment": d.store_comment }),
            );
        r.entry("aws_cloudfront_function").or_default().insert(
            auth.clone(),
            json!({
                "name": bounded(&format!("{scope}-{name}-auth"), MAX_FUNCTION_NAME),
                "runtime": d.function_runtime,
                "comment": d.function_comment,
                "publish": true,
                "code": escape(&d.function_code),
                "key_value_store_associations": [format!("${{aws_cloudfront_key_value_store.{n}.arn}}")],
            }),
        );
        r.entry("aws_cloudfront_origin_access_control")
            .or_default()
            .insert(
                n.clone(),
                json!({
                    "name": format!("{scope}-{name}"),
                    "origin_access_control_origin_type": d.origin_type,
                    "signing_behavior": d.signing.0,
                    "signing_protocol": d.signing.1,
                }),
            );
        r.entry("aws_cloudfront_distribution").or_default().insert(
            n.clone(),
            json!({
                "comment": escape(&d.comment),
                "enabled": true,
                "http_version": d.http_version,
                "origin": {
                    "origin_id": d.origin_id,
                    "domain_name": format!("${{{}.bucket_regional_domain_name}}", owned_address(OwnedKind::Bucket, &d.bucket)),
                    "origin_access_control_id": format!("${{aws_cloudfront_origin_access_control.{n}.id}}"),
                },
                "default_cache_behavior": {
                    "target_origin_id": d.origin_id,
                    "viewer_protocol_policy": d.viewer_protocol_policy,
                    "allowed_methods": d.allowed_methods,
                    "cached_methods": d.cached_methods,
                    "cache_policy_id": d.cache_policy_id,
                    "origin_request_policy_id": d.origin_request_policy_id,
                    "compress": d.compress,
                    "function_association": {
                        "event_type": d.function_event,
                        "function_arn": format!("${{aws_cloudfront_function.{auth}.arn}}"),
                    },
                },
                "restrictions": { "geo_restriction": { "restriction_type": "none" } },
                "viewer_certificate": { "cloudfront_default_certificate": true },
            }),
        );
        outputs.insert(
            format!("{n}_upload_url"),
            json!({
                "description": d.upload_hint,
                "value": format!("https://${{aws_cloudfront_distribution.{n}.domain_name}}/{}", d.path_prefix),
            }),
        );
        outputs.insert(
            format!("{n}_secrets_arn"),
            json!({
                "description": d.secret_hint,
                "value": format!("${{aws_cloudfront_key_value_store.{n}.arn}}"),
            }),
        );
    }
}
