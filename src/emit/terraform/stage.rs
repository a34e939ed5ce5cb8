//! The stage's run-time settings: tracing, the access log group and its setting, the cache
//! cluster, one `aws_api_gateway_method_settings` per scope, and the account's CloudWatch
//! role when the API asks for it.

use super::API;
use super::refs::{self, Refs};
use crate::model::RestApi;
use crate::model::stage::{MethodTuning, Scope};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Terraform name of the access log group.
pub(super) const ACCESS_LOGS: &str = "access_logs";
/// Terraform name of the account's CloudWatch role and the account setting.
const ACCOUNT: &str = "cloudwatch";

/// Adds the settings to the stage's arguments and their resources to `r`.
pub fn insert(
    api: &RestApi,
    refs: &mut Refs,
    stage: &mut Map<String, Value>,
    r: &mut BTreeMap<&str, Map<String, Value>>,
) {
    let s = &api.stage.settings;
    if s.tracing {
        stage.insert("xray_tracing_enabled".into(), json!(true));
    }
    if let Some(size) = &s.cache_cluster_size {
        stage.insert("cache_cluster_enabled".into(), json!(true));
        stage.insert("cache_cluster_size".into(), json!(size));
    }
    if let (Some(log), Some(group)) = (&s.access_log, s.access_log_group(&api.scope())) {
        r.entry("aws_cloudwatch_log_group").or_default().insert(
            ACCESS_LOGS.into(),
            json!({ "name": group.name, "retention_in_days": group.retention_days }),
        );
        stage.insert(
            "access_log_settings".into(),
            json!([{
                "destination_arn": format!("${{aws_cloudwatch_log_group.{ACCESS_LOGS}.arn}}"),
                "format": refs::escape(log.format()),
            }]),
        );
    }
    if let Some(role) = s.account_role(&api.name) {
        super::insert_role(r, refs, ACCOUNT, &role);
        r.entry("aws_api_gateway_account").or_default().insert(
            ACCOUNT.into(),
            json!({ "cloudwatch_role_arn": format!("${{aws_iam_role.{ACCOUNT}.arn}}") }),
        );
        stage.insert(
            "depends_on".into(),
            json!([format!("aws_api_gateway_account.{ACCOUNT}")]),
        );
    }
    let scopes = s.method_settings();
    let names = scope_names(api, &scopes);
    for ((scope, t), name) in scopes.iter().zip(names) {
        r.entry("aws_api_gateway_method_settings")
            .or_default()
            .insert(
                name,
                json!({
                    "rest_api_id": format!("${{aws_api_gateway_rest_api.{API}.id}}"),
                    "stage_name": format!("${{aws_api_gateway_stage.{API}.stage_name}}"),
                    "method_path": scope.method_path(),
                    "settings": [settings(t)],
                }),
            );
    }
}

/// A Terraform name per scope: `all`, or the name of the method's own resources
/// (`items_id_get`; `all` cannot clash, as a method name ends in its verb).
fn scope_names(api: &RestApi, scopes: &[(Scope<'_>, &MethodTuning)]) -> Vec<String> {
    let methods = api.method_names();
    scopes
        .iter()
        .map(|(scope, _)| match scope {
            Scope::All => "all".to_string(),
            Scope::Route(p, v) => methods
                .get(&((*p).clone(), *v))
                .map(|n| n.snake.clone())
                .unwrap_or_else(|| format!("{}_{}", v.as_str().to_ascii_lowercase(), p)),
        })
        .collect()
}

/// The `settings` block of one scope.
fn settings(t: &MethodTuning) -> Value {
    let mut m = Map::new();
    if let Some(l) = t.logging {
        m.insert("logging_level".into(), json!(l.as_str()));
    }
    if let Some(v) = t.metrics {
        m.insert("metrics_enabled".into(), json!(v));
    }
    if let Some(v) = t.data_trace {
        m.insert("data_trace_enabled".into(), json!(v));
    }
    if let Some(th) = &t.throttle {
        m.insert("throttling_burst_limit".into(), json!(th.burst_limit));
        m.insert("throttling_rate_limit".into(), json!(th.rate_limit));
    }
    if let Some(c) = &t.cache {
        m.insert("caching_enabled".into(), json!(c.enabled));
        if let Some(ttl) = c.ttl_seconds {
            m.insert("cache_ttl_in_seconds".into(), json!(ttl));
        }
        if c.encrypted {
            m.insert("cache_data_encrypted".into(), json!(true));
        }
    }
    Value::Object(m)
}
