//! The `stage:` key and the routes' `method_settings:` into the model's stage settings. The
//! model checks the values (ranges, a cache without a cluster); this only translates words.

use crate::blueprint::{Blueprint, LoggingSpec, MethodSettingsSpec};
use crate::model::{
    AccessLog, LoggingLevel, MethodCache, MethodTuning, RestApiBuilder, RouteTuning, StageSettings,
    Throttle,
};

/// Days an access log group keeps lines when the blueprint does not say.
const DEFAULT_RETENTION_DAYS: u32 = 30;

/// The builder with the stage's name, variables and settings.
pub(super) fn stage(bp: &Blueprint, mut b: RestApiBuilder) -> RestApiBuilder {
    if let Some(name) = bp.stage.as_ref().and_then(|s| s.name()) {
        b = b.stage(name);
    }
    for (k, v) in &bp.stage_variables {
        b = b.stage_variable(k, v);
    }
    let Some(spec) = bp.stage.as_ref().and_then(|s| s.settings()) else {
        return b;
    };
    for (k, v) in &spec.variables {
        b = b.stage_variable(k, v);
    }
    b.stage_settings(StageSettings {
        tracing: spec.tracing,
        access_log: spec.access_log.as_ref().map(|a| AccessLog {
            retention_days: a.retention_days.unwrap_or(DEFAULT_RETENTION_DAYS),
            format: a.format.clone(),
        }),
        cache_cluster_size: spec.cache_cluster_size.clone(),
        account_logging_role: spec.account_logging_role,
        methods: spec
            .method_settings
            .as_ref()
            .map(tuning)
            .unwrap_or_default(),
        routes: Vec::new(),
    })
}

/// The model's method settings for `spec`.
pub(super) fn tuning(spec: &MethodSettingsSpec) -> MethodTuning {
    MethodTuning {
        logging: spec.logging.map(|l| match l {
            LoggingSpec::Off => LoggingLevel::Off,
            LoggingSpec::Error => LoggingLevel::Error,
            LoggingSpec::Info => LoggingLevel::Info,
        }),
        metrics: spec.metrics,
        data_trace: spec.data_trace,
        throttle: spec.throttle.as_ref().map(|t| Throttle {
            rate_limit: t.rate_limit,
            burst_limit: t.burst_limit,
        }),
        cache: spec.cache.as_ref().map(|c| MethodCache {
            enabled: c.enabled.unwrap_or(true),
            ttl_seconds: c.ttl,
            encrypted: c.encrypted,
        }),
    }
}

/// The routes' own method settings, in path then verb order.
pub(super) fn routes(index: &super::routes::Index<'_>) -> Vec<RouteTuning> {
    let mut out: Vec<RouteTuning> = index
        .iter()
        .filter_map(|((verb, path), l)| {
            l.route.method_settings.as_ref().map(|s| RouteTuning {
                path: path.clone(),
                verb: *verb,
                tuning: tuning(s),
            })
        })
        .collect();
    out.sort_by(|a, b| (&a.path, a.verb).cmp(&(&b.path, b.verb)));
    out
}
