//! The `stage:` key: a name (`stage: dev`), or a mapping with the name and the stage's run-time
//! settings (tracing, access logs, cache cluster, method settings). Also the
//! `method_settings:` words shared by the stage (every route) and single routes.

use super::ThrottleSpec;
use schemars::JsonSchema;
use serde::Deserialize;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use std::collections::BTreeMap;
use std::fmt;

/// `stage: dev`, or `stage: { name: dev, tracing: true, ... }`.
#[derive(Debug, Clone, JsonSchema)]
#[serde(untagged)]
pub enum StageSpec {
    /// The stage name, first segment of the invoke URL.
    Name(String),
    /// The name and the stage's settings.
    Settings(StageSettingsSpec),
}

impl StageSpec {
    /// The stage name, if the blueprint gives one.
    pub fn name(&self) -> Option<&str> {
        match self {
            StageSpec::Name(n) => Some(n),
            StageSpec::Settings(s) => s.name.as_deref(),
        }
    }

    /// The settings, when `stage:` is a mapping.
    pub fn settings(&self) -> Option<&StageSettingsSpec> {
        match self {
            StageSpec::Name(_) => None,
            StageSpec::Settings(s) => Some(s),
        }
    }
}

impl<'de> Deserialize<'de> for StageSpec {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<StageSpec, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StageSpec;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a stage name such as `dev`, or a mapping such as `{ name: dev, tracing: true }`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StageSpec, E> {
                Ok(StageSpec::Name(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<StageSpec, A::Error> {
                StageSettingsSpec::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(StageSpec::Settings)
            }
        }
        d.deserialize_any(V)
    }
}

/// The stage's name and run-time settings. Everything but tracing is off unless written.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StageSettingsSpec {
    /// The stage name, first segment of the invoke URL (default `dev`).
    #[serde(default)]
    pub name: Option<String>,
    /// Stage variables (the same as the top-level `stage_variables:`, which they join).
    #[serde(default)]
    pub variables: BTreeMap<String, String>,
    /// Send AWS X-Ray traces of requests (default `true`, sampled by X-Ray's rules; `false`
    /// turns tracing off).
    #[serde(default = "on")]
    pub tracing: bool,
    /// Write one access log line per request to a log group created with the API (default:
    /// no access logs).
    #[serde(default)]
    pub access_log: Option<AccessLogSpec>,
    /// Size in GB of the stage's cache cluster, which `method_settings.cache` needs:
    /// "0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118" or "237" (default: no cluster).
    /// AWS bills a cache cluster by the hour.
    #[serde(default)]
    pub cache_cluster_size: Option<String>,
    /// Create the IAM role API Gateway needs to write CloudWatch logs and set it on the
    /// account (`AWS::ApiGateway::Account`), default `false`. There is one such setting per
    /// account and region: turn it on in one stack only.
    #[serde(default)]
    pub account_logging_role: bool,
    /// Method settings of every route: logging, metrics, throttling, caching (default: API
    /// Gateway's, nothing logged, no caching, the account's throttle).
    #[serde(default)]
    pub method_settings: Option<MethodSettingsSpec>,
}

/// Access logs of the stage.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct AccessLogSpec {
    /// Days the log group keeps lines (default 30): 1, 3, 5, 7, 14, 30, 60, 90, 120, 150,
    /// 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288 or 3653.
    #[serde(default)]
    pub retention_days: Option<u32>,
    /// The line format, with `$context` variables; it must hold `$context.requestId`
    /// (default: a JSON object with the request id, source IP, caller, user, time, method,
    /// resource path, status, protocol, response length and integration error).
    #[serde(default)]
    pub format: Option<String>,
}

/// Execution log level.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum LoggingSpec {
    /// No execution logs.
    Off,
    /// Errors only.
    Error,
    /// Errors and informational events.
    Info,
}

/// Method settings: what the stage does for a route at run time.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MethodSettingsSpec {
    /// Execution logs to CloudWatch: `off`, `error` or `info` (default: off). Needs the
    /// account's CloudWatch role (`account_logging_role`).
    #[serde(default)]
    pub logging: Option<LoggingSpec>,
    /// CloudWatch metrics per method (default `false`).
    #[serde(default)]
    pub metrics: Option<bool>,
    /// Log whole requests and responses in the execution logs (default `false`; may log
    /// sensitive data).
    #[serde(default)]
    pub data_trace: Option<bool>,
    /// Requests per second and burst the stage lets through before answering 429
    /// (default: the account's limits).
    #[serde(default)]
    pub throttle: Option<ThrottleSpec>,
    /// Cache answers in the stage's cache cluster (default: no caching).
    #[serde(default)]
    pub cache: Option<CacheSpec>,
}

/// Caching of answers.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CacheSpec {
    /// Cache answers (default `true` when `cache:` is written; `false` turns a stage-wide
    /// cache off for one route).
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Seconds an answer is kept, 0 to 3600 (default 300).
    #[serde(default)]
    pub ttl: Option<u32>,
    /// Encrypt cached answers (default `false`).
    #[serde(default)]
    pub encrypted: bool,
    /// On a route: request parameters that join the cache key, as `request_parameters`
    /// writes them (`querystring.page`, `header.Accept-Language`, `path.id`); answers to
    /// different values are cached apart (default: the path only).
    #[serde(default)]
    pub key_parameters: Vec<String>,
}

/// Serde's default for settings that are on unless the blueprint turns them off.
fn on() -> bool {
    true
}
