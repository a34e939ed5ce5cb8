//! The `stage:` key and the routes' `method_settings:` into the model's stage settings. The
//! model checks the values (ranges, a cache without a cluster); this only translates words.

use crate::blueprint::{Blueprint, LoggingSpec, MethodSettingsSpec, Route};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::mapping;
use crate::model::{
    AccessLog, LoggingLevel, Method, MethodCache, MethodTuning, RestApiBuilder, RouteTuning,
    StageSettings, Throttle,
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

/// Adds the cache key parameters of `route` to `m`; returns each one that is not a
/// request parameter, with the keys under the route that lead to it.
pub(super) fn cache_keys(route: &Route, m: &mut Method) -> Vec<(Vec<String>, Diagnostic)> {
    let mut errors = Vec::new();
    let keys = route
        .method_settings
        .iter()
        .flat_map(|s| s.cache.iter())
        .flat_map(|c| c.key_parameters.iter());
    for k in keys {
        match mapping::method_param(k) {
            Ok(p) if !m.settings.cache_key_parameters.contains(&p) => {
                m.settings.cache_key_parameters.push(p)
            }
            Ok(_) => {}
            Err(d) => errors.push((
                ["method_settings", "cache", "key_parameters"]
                    .map(String::from)
                    .to_vec(),
                d,
            )),
        }
    }
    errors
}

/// Each cache key parameter written under `stage.method_settings`, where no route is
/// named: refused, located.
pub(super) fn stage_cache_keys(bp: &Blueprint, at: super::At, diags: &mut Vec<Diagnostic>) {
    let stage_keys = bp
        .stage
        .as_ref()
        .and_then(|s| s.settings())
        .and_then(|s| s.method_settings.as_ref())
        .and_then(|m| m.cache.as_ref())
        .is_some_and(|c| !c.key_parameters.is_empty());
    if stage_keys {
        diags.push(
            Diagnostic::error(
                codes::SETTING,
                "cache key parameters belong to a route: the stage's method settings name no request parameters",
            )
            .at(at(&["stage", "method_settings", "cache", "key_parameters"]))
            .help("write `key_parameters` under the `method_settings.cache` of the routes that declare them"),
        );
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
