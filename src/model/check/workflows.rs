//! Checks of owned event buses' rules: every target is a queue or state machine the
//! blueprint owns, and no rule has more targets than EventBridge allows.

use super::{Finding, did_you_mean};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::owned::{Owned, OwnedKind};

/// Most targets EventBridge accepts on one rule.
pub const MAX_RULE_TARGETS: usize = 5;

/// Rules deliver only to owned resources, at most [`MAX_RULE_TARGETS`] each.
pub(super) fn check_rules(owned: &Owned) -> Vec<Finding> {
    let mut out = Vec::new();
    for r in owned.event_rules.values() {
        let keys = ["owns", "event_buses", &r.bus, "rules", &r.rule, "targets"];
        if r.targets.len() > MAX_RULE_TARGETS {
            out.push(Finding::setting(
                &keys,
                Diagnostic::error(
                    codes::SETTING,
                    format!(
                        "rule `{}` of bus `{}` has {} targets; EventBridge allows {MAX_RULE_TARGETS}",
                        r.rule,
                        r.bus,
                        r.targets.len()
                    ),
                )
                .help("split the targets over several rules with the same pattern"),
            ));
        }
        for t in &r.targets {
            let (kind, name) = t.resource();
            if owned.has(kind, name) {
                continue;
            }
            let (what, section) = kind.blueprint_words();
            out.push(Finding::setting(
                &keys,
                Diagnostic::error(
                    codes::SETTING,
                    format!(
                        "rule `{}` of bus `{}` delivers to the {what} `{name}`, which the blueprint does not own",
                        r.rule, r.bus
                    ),
                )
                .help(format!(
                    "{}declare it under `owns: {{ {section}: ... }}`",
                    did_you_mean(name, owned.names(kind).iter().map(|s| s.as_str()))
                )),
            ));
        }
        if r.targets.iter().any(|t| t.resource().0 == OwnedKind::Queue)
            && r.targets
                .iter()
                .filter_map(|t| owned.queues.get(t.resource().1))
                .any(|q| q.fifo)
        {
            out.push(Finding::setting(
                &keys,
                Diagnostic::error(
                    codes::SETTING,
                    format!(
                        "rule `{}` of bus `{}` delivers to a FIFO queue, which needs a message group per target",
                        r.rule, r.bus
                    ),
                )
                .help("deliver to a standard queue"),
            ));
        }
    }
    out
}
