//! `owns: { state_machines, event_buses }` as model resources: definitions read inline or
//! from a file beside the blueprint, with their references resolved; grants checked as the
//! generic `aws` call checks them; each bus rule owned as `<bus>-<rule>`.

use super::At;
use crate::blueprint::Blueprint;
use crate::blueprint::workflows::{LogLevelSpec, MachineType, RuleSpec, StateMachineSpec};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::owned::{
    DEFAULT_LOG_RETENTION_DAYS, EventBus, EventRule, LogLevel, RuleTarget, StateMachine, rule_name,
};
use crate::model::reference::{self, Place};
use crate::model::stage::LOG_RETENTION_DAYS;
use crate::model::{Owned, RestApiBuilder};
use crate::services::grant::{EffectSpec, Grant};
use std::path::Path;

/// Adds the blueprint's event buses, their rules and its state machines to the builder
/// (after every other owned kind, so definitions and grants may refer to any of them).
pub(super) fn owned(
    bp: &Blueprint,
    file: &str,
    mut b: RestApiBuilder,
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> RestApiBuilder {
    let Some(owns) = &bp.owns else { return b };
    for (bus, spec) in &owns.event_buses {
        b = b.own(bus, EventBus {});
        for (rule, r) in &spec.rules {
            b = b.own(rule_name(bus, rule), event_rule(bus, rule, r, at, diags));
        }
    }
    for name in owns.state_machines.keys() {
        b = b.own(name, StateMachine::default());
    }
    let owned = b.owned().clone();
    for (name, spec) in &owns.state_machines {
        let m = state_machine(name, spec, file, &owned, at, diags);
        b = b.own(name, m);
    }
    b
}

fn event_rule(
    bus: &str,
    rule: &str,
    spec: &RuleSpec,
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> EventRule {
    let here = |field: &str| at(&["owns", "event_buses", bus, "rules", rule, field]);
    if spec.pattern.as_object().is_none_or(|o| o.is_empty()) {
        diags.push(
            Diagnostic::error(
                codes::SETTING,
                format!("rule `{rule}` of bus `{bus}`: the pattern must be a non-empty mapping"),
            )
            .at(here("pattern"))
            .help(
                "match fields of the event, such as `{ source: [orders], detail-type: [Shipped] }`",
            ),
        );
    }
    let mut targets = Vec::new();
    for t in &spec.targets {
        match (&t.queue, &t.state_machine) {
            (Some(q), None) => targets.push(RuleTarget::Queue(q.clone())),
            (None, Some(m)) => targets.push(RuleTarget::StateMachine(m.clone())),
            _ => diags.push(
                Diagnostic::error(
                    codes::SETTING,
                    format!("rule `{rule}` of bus `{bus}`: each target names exactly one of `queue` or `state_machine`"),
                )
                .at(here("targets"))
                .help("write `targets: [{ queue: shipments }]`"),
            ),
        }
    }
    EventRule {
        bus: bus.to_string(),
        rule: rule.to_string(),
        pattern: spec.pattern.clone(),
        targets,
    }
}

fn state_machine(
    name: &str,
    spec: &StateMachineSpec,
    file: &str,
    owned: &Owned,
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> StateMachine {
    let here = |field: &str| at(&["owns", "state_machines", name, field]);
    let definition = match (&spec.definition, &spec.definition_file) {
        (Some(d), None) => Some(d.clone()),
        (None, Some(f)) => match read_definition(file, f) {
            Ok(d) => Some(d),
            Err(e) => {
                diags.push(
                    Diagnostic::error(codes::SETTING, format!("state machine `{name}`: {e}"))
                        .at(here("definition_file"))
                        .help("give a JSON or YAML file holding the definition, relative to the blueprint"),
                );
                None
            }
        },
        _ => {
            diags.push(
                Diagnostic::error(
                    codes::SETTING,
                    format!("state machine `{name}` needs exactly one of `definition` or `definition_file`"),
                )
                .at(at(&["owns", "state_machines", name]))
                .help("write the definition inline (`definition: { StartAt: ..., States: ... }`) or name a file"),
            );
            None
        }
    };
    let definition = definition
        .and_then(|d| {
            if d.get("StartAt").is_none() || !d.get("States").is_some_and(|s| s.is_object()) {
                diags.push(
                    Diagnostic::error(
                        codes::SETTING,
                        format!("state machine `{name}`: the definition needs `StartAt` and a `States` mapping"),
                    )
                    .at(here(if spec.definition.is_some() { "definition" } else { "definition_file" }))
                    .help("write an Amazon States Language definition"),
                );
                return None;
            }
            let json = serde_json::to_string(&d).unwrap_or_default();
            reference::parse(&json, Place::Arn, owned)
                .map_err(|e| {
                    diags.push(e.into_diagnostic().at(here(
                        if spec.definition.is_some() { "definition" } else { "definition_file" },
                    )));
                })
                .ok()
        })
        .unwrap_or_default();
    let grants: Vec<Grant> = spec
        .grants
        .iter()
        .map(|g| Grant {
            effect: EffectSpec::Allow,
            actions: g.actions.clone(),
            resources: g.resources.clone(),
            conditions: Default::default(),
        })
        .collect();
    let permissions = if grants.is_empty() {
        Vec::new()
    } else {
        crate::services::grant::permissions(&grants, owned).unwrap_or_else(|e| {
            diags.push(
                Diagnostic::error(e.code, format!("state machine `{name}`: {}", e.message))
                    .at(here("grants"))
                    .help(e.help.clone().unwrap_or_default()),
            );
            Vec::new()
        })
    };
    let logging = spec.logging.clone().unwrap_or_default();
    let retention = logging.retention_days.unwrap_or(DEFAULT_LOG_RETENTION_DAYS);
    if !LOG_RETENTION_DAYS.contains(&retention) {
        diags.push(
            Diagnostic::error(
                codes::SETTING,
                format!(
                    "state machine `{name}`: {retention} is not a retention CloudWatch Logs offers"
                ),
            )
            .at(at(&[
                "owns",
                "state_machines",
                name,
                "logging",
                "retention_days",
            ]))
            .help(format!("use one of {LOG_RETENTION_DAYS:?}")),
        );
    }
    StateMachine {
        express: spec.machine_type == MachineType::Express,
        definition,
        permissions,
        log_level: match logging.level {
            None | Some(LogLevelSpec::Error) => LogLevel::Error,
            Some(LogLevelSpec::All) => LogLevel::All,
            Some(LogLevelSpec::Fatal) => LogLevel::Fatal,
            Some(LogLevelSpec::Off) => LogLevel::Off,
        },
        include_execution_data: logging.include_execution_data,
        log_retention_days: retention,
        tracing: spec.tracing.unwrap_or(true),
    }
}

/// The definition in `relative` (JSON or YAML), a path relative to the blueprint `file`.
fn read_definition(file: &str, relative: &str) -> Result<serde_json::Value, String> {
    let path = Path::new(file)
        .parent()
        .unwrap_or(Path::new("."))
        .join(relative);
    let text = std::fs::read_to_string(&path)
        .map_err(|e| format!("cannot read `{}`: {e}", path.display()))?;
    if let Ok(v) = serde_json::from_str(&text) {
        return Ok(v);
    }
    crate::load::yaml(&text, &crate::blueprint::load_options())
        .map(|l| l.value)
        .map_err(|e| {
            format!(
                "`{}` is neither JSON nor YAML (line {}, column {})",
                path.display(),
                e.at.line,
                e.at.column
            )
        })
}
