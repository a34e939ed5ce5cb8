//! The stage's run-time settings: tracing, the access log group and its setting, the cache
//! cluster, method settings, and the account's CloudWatch role when the API asks for it.

use super::refs::get_att;
use crate::model::RestApi;
use crate::model::stage::{MethodTuning, Scope};
use serde_json::{Map, Value, json};

/// Logical id of the access log group.
pub const ACCESS_LOGS: &str = "AccessLogGroup";
/// Logical id of the account's CloudWatch role.
pub const ACCOUNT_ROLE: &str = "ApiGatewayCloudWatchRole";
/// Logical id of the account setting.
pub const ACCOUNT: &str = "ApiGatewayAccount";

/// Adds the settings to the stage's properties and their resources to `resources`;
/// returns the logical ids the stage must wait for.
pub fn insert(
    api: &RestApi,
    stage: &mut Map<String, Value>,
    resources: &mut Map<String, Value>,
) -> Vec<String> {
    let s = &api.stage.settings;
    let mut depends = Vec::new();
    if s.tracing {
        stage.insert("TracingEnabled".into(), json!(true));
    }
    if let Some(size) = &s.cache_cluster_size {
        stage.insert("CacheClusterEnabled".into(), json!(true));
        stage.insert("CacheClusterSize".into(), json!(size));
    }
    if let (Some(log), Some(group)) = (&s.access_log, s.access_log_group(&api.scope())) {
        resources.insert(
            ACCESS_LOGS.into(),
            json!({
                "Type": "AWS::Logs::LogGroup",
                "Properties": {
                    "LogGroupName": group.name,
                    "RetentionInDays": group.retention_days,
                }
            }),
        );
        stage.insert(
            "AccessLogSetting".into(),
            json!({
                "DestinationArn": get_att(ACCESS_LOGS, "Arn"),
                "Format": log.format(),
            }),
        );
    }
    let settings: Vec<Value> = s
        .method_settings()
        .into_iter()
        .map(|(scope, t)| method_setting(scope, t))
        .collect();
    if !settings.is_empty() {
        stage.insert("MethodSettings".into(), Value::Array(settings));
    }
    if let Some(role) = s.account_role(&api.name) {
        resources.insert(ACCOUNT_ROLE.into(), super::role(&role));
        resources.insert(
            ACCOUNT.into(),
            json!({
                "Type": "AWS::ApiGateway::Account",
                "Properties": { "CloudWatchRoleArn": get_att(ACCOUNT_ROLE, "Arn") },
            }),
        );
        depends.push(ACCOUNT.to_string());
    }
    depends
}

/// One `MethodSetting` of the stage.
fn method_setting(scope: Scope<'_>, t: &MethodTuning) -> Value {
    let mut m = Map::new();
    m.insert("ResourcePath".into(), json!(scope.resource_path()));
    m.insert("HttpMethod".into(), json!(scope.http_method()));
    if let Some(l) = t.logging {
        m.insert("LoggingLevel".into(), json!(l.as_str()));
    }
    if let Some(v) = t.metrics {
        m.insert("MetricsEnabled".into(), json!(v));
    }
    if let Some(v) = t.data_trace {
        m.insert("DataTraceEnabled".into(), json!(v));
    }
    if let Some(th) = &t.throttle {
        m.insert("ThrottlingBurstLimit".into(), json!(th.burst_limit));
        m.insert("ThrottlingRateLimit".into(), json!(th.rate_limit));
    }
    if let Some(c) = &t.cache {
        m.insert("CachingEnabled".into(), json!(c.enabled));
        if let Some(ttl) = c.ttl_seconds {
            m.insert("CacheTtlInSeconds".into(), json!(ttl));
        }
        if c.encrypted {
            m.insert("CacheDataEncrypted".into(), json!(true));
        }
    }
    Value::Object(m)
}
