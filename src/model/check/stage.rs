//! Checks of the stage settings: ranges AWS enforces (cache size, TTL, retention, throttle),
//! caching without a cache cluster, route settings naming no route, access log formats
//! without a request id, and logging the account may not be set up for.

use super::{Finding, MethodPart};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::api::RestApi;
use crate::model::stage::{
    CACHE_CLUSTER_SIZES, LOG_RETENTION_DAYS, MAX_CACHE_TTL_S, MethodTuning, StageSettings,
};

/// Every problem with the stage settings of `api`.
pub(super) fn check_stage(api: &RestApi) -> Vec<Finding> {
    let s = &api.stage.settings;
    let mut out = Vec::new();
    if let Some(size) = &s.cache_cluster_size
        && !CACHE_CLUSTER_SIZES.contains(&size.as_str())
    {
        out.push(Finding::setting(
            &["stage", "cache_cluster_size"],
            Diagnostic::error(
                codes::SETTING,
                format!("`{size}` is not a cache cluster size API Gateway offers"),
            )
            .help(format!(
                "write one of {} (GB, as a string such as \"0.5\")",
                CACHE_CLUSTER_SIZES.join(", ")
            )),
        ));
    }
    if let Some(log) = &s.access_log {
        if !LOG_RETENTION_DAYS.contains(&log.retention_days) {
            out.push(Finding::setting(
                &["stage", "access_log", "retention_days"],
                Diagnostic::error(
                    codes::SETTING,
                    format!(
                        "CloudWatch Logs cannot keep logs {} days",
                        log.retention_days
                    ),
                )
                .help(format!(
                    "write one of {}",
                    LOG_RETENTION_DAYS.map(|d| d.to_string()).join(", ")
                )),
            ));
        }
        let f = log.format();
        if !f.contains("$context.requestId") && !f.contains("$context.extendedRequestId") {
            out.push(Finding::setting(
                &["stage", "access_log", "format"],
                Diagnostic::error(
                    codes::SETTING,
                    "the access log format has no `$context.requestId`; API Gateway refuses it",
                )
                .help("add `$context.requestId` (or `$context.extendedRequestId`) to the format"),
            ));
        }
        if f.trim().is_empty() || f.contains(['\n', '\r']) {
            out.push(Finding::setting(
                &["stage", "access_log", "format"],
                Diagnostic::error(
                    codes::SETTING,
                    "the access log format must be one non-empty line",
                )
                .help("write the format on one line; each request is logged as one line"),
            ));
        }
    }
    out.extend(tuning(&s.methods, s, |d| {
        Finding::setting(&["stage", "method_settings"], d)
    }));
    for r in &s.routes {
        match api
            .methods
            .iter()
            .find(|m| m.path == r.path && m.verb == r.verb)
        {
            Some(m) => out.extend(tuning(&r.tuning, s, |d| {
                Finding::method(m, MethodPart::Option("method_settings"), d)
            })),
            None => out.push(Finding::setting(
                &["stage", "method_settings"],
                Diagnostic::error(
                    codes::SETTING,
                    format!(
                        "method settings name `{} {}`, which is not a route",
                        r.verb, r.path
                    ),
                )
                .help("give the settings to a route the API has"),
            )),
        }
    }
    for m in &api.methods {
        for p in &m.settings.cache_key_parameters {
            if !m.request_parameters.contains_key(p) {
                out.push(Finding::method(
                    m,
                    MethodPart::Option("method_settings"),
                    Diagnostic::error(
                        codes::UNDECLARED_PARAM,
                        format!("cache key parameter `{p}` is not a request parameter of {}", super::RouteName(m)),
                    )
                    .help("declare it under the route's `request_parameters` (`querystring.page: false`), or use a path parameter of the route"),
                ));
            }
        }
    }
    let logs = if s.writes_execution_logs() {
        Some(("method_settings", "execution logging"))
    } else {
        s.access_log
            .as_ref()
            .map(|_| ("access_log", "access logging"))
    };
    if let Some((key, what)) = logs
        && !s.account_logging_role
    {
        out.push(Finding::setting(
            &["stage", key],
            Diagnostic::warning(
                codes::SETTING,
                format!("{what} is on, but API Gateway writes logs only when the account has a CloudWatch role; the stage fails to deploy in an account without one"),
            )
            .help("set `stage: { account_logging_role: true }` once per account and region, or make sure the account already has the role"),
        ));
    }
    out
}

/// The problems of one set of method settings, each made a finding by `at`.
fn tuning(t: &MethodTuning, s: &StageSettings, at: impl Fn(Diagnostic) -> Finding) -> Vec<Finding> {
    let mut out = Vec::new();
    if let Some(c) = &t.cache {
        if let Some(ttl) = c.ttl_seconds
            && ttl > MAX_CACHE_TTL_S
        {
            out.push(at(Diagnostic::error(
                codes::SETTING,
                format!("a cache TTL of {ttl} s is longer than API Gateway's {MAX_CACHE_TTL_S} s"),
            )
            .help(format!("write a `ttl` of 0 to {MAX_CACHE_TTL_S} seconds"))));
        }
        if c.enabled && s.cache_cluster_size.is_none() {
            out.push(at(Diagnostic::error(
                codes::SETTING,
                "caching is on, but the stage has no cache cluster to keep answers in",
            )
            .help(
                "add `cache_cluster_size: \"0.5\"` (or a larger size) under `stage:`",
            )));
        }
    }
    if let Some(th) = &t.throttle
        && th.burst_limit == 0
        && th.rate_limit > 0
    {
        out.push(at(Diagnostic::error(
            codes::SETTING,
            "a burst limit of 0 with a positive rate refuses every request",
        )
        .help("give a `burst_limit` at least as large as the `rate_limit`, or 0 for both to block the method")));
    }
    out
}
