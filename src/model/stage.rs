//! What a stage does at run time besides serving a deployment: X-Ray tracing, access logs,
//! the cache cluster, the account's CloudWatch role, and method settings (logging, metrics,
//! throttling, caching) API-wide and per route. None of it is part of a deployment, so none
//! of it changes the deployment hash. Tracing is on by default; every other setting is off
//! unless the API asks for it.

use super::auth::Throttle;
use super::method::HttpMethod;
use super::path::ApiPath;
use super::policy::{PolicyDocument, PolicyStatement, Role, principal};
use super::scan::{Explained, Formats, reasons};
use super::text::{Pseudo, Text};
use serde::Serialize;

/// Sizes (GB) of the stage cache cluster that API Gateway offers.
pub const CACHE_CLUSTER_SIZES: [&str; 8] =
    ["0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237"];

/// Days a CloudWatch Logs log group may keep events (`RetentionInDays`).
pub const LOG_RETENTION_DAYS: [u32; 22] = [
    1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922,
    3288, 3653,
];

/// Longest time API Gateway caches a method's answer, in seconds.
pub const MAX_CACHE_TTL_S: u32 = 3_600;

/// The access log format used when the API gives none: one JSON object per request with the
/// fields AWS's documentation lists for JSON access logs.
pub const DEFAULT_ACCESS_LOG_FORMAT: &str = r#"{"requestId":"$context.requestId","ip":"$context.identity.sourceIp","caller":"$context.identity.caller","user":"$context.identity.user","requestTime":"$context.requestTime","httpMethod":"$context.httpMethod","resourcePath":"$context.resourcePath","status":"$context.status","protocol":"$context.protocol","responseLength":"$context.responseLength","integrationError":"$context.integration.error"}"#;

/// The AWS managed policy that lets API Gateway write execution and access logs; the role
/// attached to the account needs exactly what it allows.
pub const LOGS_PUSH_ACTIONS: [&str; 7] = [
    "logs:CreateLogGroup",
    "logs:CreateLogStream",
    "logs:DescribeLogGroups",
    "logs:DescribeLogStreams",
    "logs:FilterLogEvents",
    "logs:GetLogEvents",
    "logs:PutLogEvents",
];

/// Stage settings beyond its name and variables.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StageSettings {
    /// Send X-Ray traces of requests (on by default: X-Ray samples them, so the cost stays
    /// small, and a reviewer can follow a request through the services it calls).
    pub tracing: bool,
    /// Write an access log line per request to a log group created with the API.
    pub access_log: Option<AccessLog>,
    /// Size (GB) of the cache cluster, one of [`CACHE_CLUSTER_SIZES`]; `None`: no cluster.
    pub cache_cluster_size: Option<String>,
    /// Create the role API Gateway uses to write CloudWatch logs and attach it to the
    /// account (one per account and region: the last stack that sets it wins).
    pub account_logging_role: bool,
    /// Method settings of every method.
    pub methods: MethodTuning,
    /// Method settings of single routes, which override the API-wide ones.
    pub routes: Vec<RouteTuning>,
}

impl Default for StageSettings {
    /// Tracing on; no access logs, cache cluster, account role or method settings.
    fn default() -> StageSettings {
        StageSettings {
            tracing: true,
            access_log: None,
            cache_cluster_size: None,
            account_logging_role: false,
            methods: MethodTuning::default(),
            routes: Vec::new(),
        }
    }
}

/// Access logs of the stage.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AccessLog {
    /// Days the log group keeps events, one of [`LOG_RETENTION_DAYS`].
    pub retention_days: u32,
    /// The line format (`$context` variables); `None`: [`DEFAULT_ACCESS_LOG_FORMAT`].
    pub format: Option<String>,
}

impl AccessLog {
    /// The format API Gateway writes.
    pub fn format(&self) -> &str {
        self.format.as_deref().unwrap_or(DEFAULT_ACCESS_LOG_FORMAT)
    }
}

/// How much API Gateway logs of each request (execution logs).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LoggingLevel {
    /// No execution logs.
    Off,
    /// Errors only.
    Error,
    /// Errors and informational events.
    Info,
}

impl LoggingLevel {
    /// CloudFormation/Terraform spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            LoggingLevel::Off => "OFF",
            LoggingLevel::Error => "ERROR",
            LoggingLevel::Info => "INFO",
        }
    }
}

/// Caching of a method's answers in the stage's cache cluster.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MethodCache {
    /// Whether answers are cached.
    pub enabled: bool,
    /// Seconds an answer is kept, 0 to [`MAX_CACHE_TTL_S`] (`None`: API Gateway's 300).
    pub ttl_seconds: Option<u32>,
    /// Encrypt cached answers.
    pub encrypted: bool,
}

/// Method settings: what the stage does for a method at run time. `None` leaves API
/// Gateway's default (or, for a route, the API-wide setting).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MethodTuning {
    /// Execution log level.
    pub logging: Option<LoggingLevel>,
    /// CloudWatch metrics per method.
    pub metrics: Option<bool>,
    /// Log full requests and responses (execution logs must be on).
    pub data_trace: Option<bool>,
    /// Steady rate and burst limits.
    pub throttle: Option<Throttle>,
    /// Caching of answers.
    pub cache: Option<MethodCache>,
}

impl MethodTuning {
    /// True when nothing is set.
    pub fn is_empty(&self) -> bool {
        self == &MethodTuning::default()
    }
}

/// Method settings of one route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RouteTuning {
    /// The route's path.
    pub path: ApiPath,
    /// The route's verb.
    pub verb: HttpMethod,
    /// Its settings.
    pub tuning: MethodTuning,
}

/// Where method settings apply: every method, or one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope<'a> {
    /// `*/*`: every method of the stage.
    All,
    /// One method.
    Route(&'a ApiPath, HttpMethod),
}

impl Scope<'_> {
    /// CloudFormation's `ResourcePath`: `/*` for all, `/` for the root, else the path with
    /// each `/` after the first written `~1` (`/items/{id}` -> `/~1items~1{id}`).
    pub fn resource_path(&self) -> String {
        match self {
            Scope::All => "/*".into(),
            Scope::Route(p, _) if p.is_root() => "/".into(),
            Scope::Route(p, _) => format!("/{}", escape(&p.to_string())),
        }
    }

    /// CloudFormation's `HttpMethod` (`*` for all).
    pub fn http_method(&self) -> String {
        match self {
            Scope::All => "*".into(),
            Scope::Route(_, v) => v.to_string(),
        }
    }

    /// Terraform's `method_path`, the key API Gateway's `GetStage` shows: `*/*`, or the
    /// whole path with every `/` written `~1`, then `/VERB` (`~1items~1{id}/GET`; the root
    /// is `~1/GET`). The provider passes it to API Gateway unchanged.
    pub fn method_path(&self) -> String {
        match self {
            Scope::All => "*/*".into(),
            Scope::Route(p, v) => format!("{}/{v}", escape(&p.to_string())),
        }
    }
}

fn escape(path: &str) -> String {
    path.replace('~', "~0").replace('/', "~1")
}

impl StageSettings {
    /// The log group access logs go to, within `scope` (the API's `RestApi::scope`).
    pub fn access_log_group(&self, scope: &str) -> Option<super::function::LogGroup> {
        self.access_log.as_ref().map(|a| super::function::LogGroup {
            name: format!("/gatewright/{scope}/api-gateway-access"),
            retention_days: a.retention_days,
        })
    }

    /// The method settings in force, API-wide first, then each route's.
    pub fn method_settings(&self) -> Vec<(Scope<'_>, &MethodTuning)> {
        let mut out = Vec::new();
        if !self.methods.is_empty() {
            out.push((Scope::All, &self.methods));
        }
        for r in &self.routes {
            out.push((Scope::Route(&r.path, r.verb), &r.tuning));
        }
        out
    }

    /// True when some method setting turns execution logging or data tracing on, which
    /// needs the account's CloudWatch role.
    pub fn writes_execution_logs(&self) -> bool {
        self.method_settings().iter().any(|(_, t)| {
            t.logging.is_some_and(|l| l != LoggingLevel::Off) || t.data_trace == Some(true)
        })
    }

    /// True when some method caches answers.
    pub fn caches(&self) -> bool {
        self.method_settings()
            .iter()
            .any(|(_, t)| t.cache.as_ref().is_some_and(|c| c.enabled))
    }

    /// The role attached to the account, when the API asks for it: trusted by API Gateway,
    /// allowed what AWS's `AmazonAPIGatewayPushToCloudWatchLogs` allows, on this account's
    /// log groups in this region.
    pub fn account_role(&self, api_name: &str) -> Option<Role> {
        self.account_logging_role.then(|| {
            let mut groups = Text::lit("arn:");
            groups.push(Pseudo::Partition);
            groups.push_str(":logs:");
            groups.push(Pseudo::Region);
            groups.push_str(":");
            groups.push(Pseudo::AccountId);
            groups.push_str(":log-group:*");
            Role {
                description: format!(
                    "Lets API Gateway write CloudWatch logs in this account and region (created by {})",
                    api_name.chars().filter(|c| c.is_ascii_graphic() || *c == ' ').take(200).collect::<String>()
                ),
                service: principal::API_GATEWAY,
                policy_name: "push-to-cloudwatch-logs",
                policy: PolicyDocument {
                    statements: vec![PolicyStatement::allow(
                        LOGS_PUSH_ACTIONS.map(String::from).to_vec(),
                        vec![groups],
                    )],
                },
            }
        })
    }
}

impl StageSettings {
    /// Scanner checks the stage does not meet, and why (see [`super::scan`]); `public` tells
    /// whether the API is reached from the internet (not a private endpoint).
    pub fn scan_findings(&self, public: bool) -> Vec<Explained> {
        let mut out = Vec::new();
        if !self.tracing {
            out.push(Explained::new(
                "CKV_AWS_73",
                Formats::Both,
                "the blueprint turns X-Ray tracing off (`stage.tracing: false`)",
            ));
        }
        if self.access_log.is_none() {
            out.push(Explained::new(
                "CKV_AWS_76",
                Formats::Both,
                "API Gateway writes access logs only through the CloudWatch role set on the account (one per account and region), and refuses a stage with access logs in an account without it; gatewright does not change that account-wide setting unasked. Turn them on with `stage.access_log` (and `account_logging_role: true` in one stack of the account)",
            ));
        }
        if self.cache_cluster_size.is_none() {
            out.push(Explained::new(
                "CKV_AWS_120",
                Formats::Both,
                reasons::CACHING,
            ));
        }
        let logged = |m: &MethodTuning| {
            matches!(m.logging, Some(LoggingLevel::Error | LoggingLevel::Info))
                && m.metrics == Some(true)
        };
        if !logged(&self.methods) {
            out.push(Explained::new(
                "CKV2_AWS_4",
                Formats::Terraform,
                "execution logs need the account's CloudWatch role (as access logs do) and per-method metrics cost CloudWatch custom metrics; turn them on with `stage.method_settings.logging` and `metrics`",
            ));
        } else if !self.routes.iter().all(|r| logged(&r.tuning)) {
            out.push(Explained::new(
                "CKV2_AWS_4",
                Formats::Terraform,
                "execution logs and metrics are set for every method (`stage.method_settings`); the check also asks each route's own method settings to repeat them, which set only what the route changes",
            ));
        }
        if public {
            out.push(Explained::new(
            "CKV2_AWS_29",
            Formats::Terraform,
            "an AWS WAF web ACL is billed per ACL, rule and request and its rules are chosen per account or organisation; associate one with the stage outside the API (`aws_wafv2_web_acl_association`)",
        ));
        }
        out.push(Explained::new(
            "CKV2_AWS_51",
            Formats::Terraform,
            "a client certificate lets an HTTP backend authenticate API Gateway; this API's integrations call AWS services, which authenticate API Gateway by the execution role's SigV4 signature",
        ));
        out
    }

    /// Scanner checks the access log group does not meet, and why.
    pub fn access_log_scan_findings(&self) -> Vec<Explained> {
        let days = self.access_log.as_ref().map_or(365, |a| a.retention_days);
        super::scan::log_group_findings(days, reasons::LOGS_RETENTION)
    }
}

impl MethodTuning {
    /// Scanner checks these method settings do not meet, and why; `cluster` tells whether
    /// the stage has a cache cluster.
    pub fn scan_findings(&self, cluster: bool) -> Vec<Explained> {
        let mut out = Vec::new();
        match &self.cache {
            Some(c) if c.enabled => {
                if !c.encrypted {
                    out.push(Explained::new(
                        "CKV_AWS_308",
                        Formats::Terraform,
                        "the blueprint caches these answers unencrypted (`cache.encrypted: false`)",
                    ));
                }
            }
            _ => {
                let reason = if cluster {
                    "these methods' answers are not cached: the blueprint caches only the routes whose answers may be served again (`method_settings.cache`)"
                } else {
                    reasons::CACHING
                };
                out.push(Explained::new("CKV_AWS_225", Formats::Terraform, reason));
            }
        }
        if self.data_trace == Some(true) {
            out.push(Explained::new(
                "CKV_AWS_276",
                Formats::Terraform,
                "the blueprint logs whole requests and responses (`data_trace: true`)",
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn method_paths_escape_slashes() {
        let p = ApiPath::parse("/items/{id}").unwrap();
        let s = Scope::Route(&p, HttpMethod::Get);
        assert_eq!(s.resource_path(), "/~1items~1{id}");
        assert_eq!(s.http_method(), "GET");
        assert_eq!(s.method_path(), "~1items~1{id}/GET");
        let root = ApiPath::parse("/").unwrap();
        assert_eq!(
            Scope::Route(&root, HttpMethod::Post).method_path(),
            "~1/POST"
        );
        assert_eq!(Scope::Route(&root, HttpMethod::Post).resource_path(), "/");
        assert_eq!(Scope::All.method_path(), "*/*");
        assert_eq!(Scope::All.resource_path(), "/*");
    }

    #[test]
    fn default_format_has_the_request_id() {
        assert!(DEFAULT_ACCESS_LOG_FORMAT.contains("$context.requestId"));
        let v: serde_json::Value = serde_json::from_str(DEFAULT_ACCESS_LOG_FORMAT).unwrap();
        assert!(v.as_object().is_some_and(|o| o.len() > 5));
    }
}
