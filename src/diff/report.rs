//! What `diff` found, by category, and how it is printed: text for reviewers, JSON for
//! machines. CI chooses categories to fail on ([`Category`]).

use super::Grant;
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// Everything that differs between two versions of an API.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Report {
    /// Routes (`METHOD /path`) only the new side has.
    pub routes_added: Vec<String>,
    /// Routes only the old side has.
    pub routes_removed: Vec<String>,
    /// Routes on both sides whose aspects differ.
    pub routes_changed: Vec<RouteChange>,
    /// Permissions the new side gives that the old did not (an Allow added or a Deny removed).
    pub iam_widened: Vec<Grant>,
    /// Permissions the new side takes away (an Allow removed or a Deny added).
    pub iam_narrowed: Vec<Grant>,
    /// API-wide settings added, removed or changed.
    pub settings_changed: Vec<SettingChange>,
    /// Other stack resources only the new side has.
    pub resources_added: Vec<String>,
    /// Other stack resources only the old side has.
    pub resources_removed: Vec<String>,
    /// Other stack resources whose properties differ.
    pub resources_changed: Vec<SettingChange>,
}

/// One route's differences.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RouteChange {
    /// `METHOD /path`.
    pub route: String,
    /// What differs, field by field.
    pub changes: Vec<AspectChange>,
}

/// One field of a route that differs (`integration.uri`, `request templates.application/json`).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AspectChange {
    /// The aspect and, for mappings, the key inside it.
    pub field: String,
    /// The old value; `null` when the field is new.
    pub old: Value,
    /// The new value; `null` when the field is gone.
    pub new: Value,
}

/// A setting or resource that differs; `None` on the side that lacks it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SettingChange {
    /// `stage.TracingEnabled`, or `QueueJobs (AWS::SQS::Queue)`.
    pub key: String,
    /// The old value.
    pub old: Option<Value>,
    /// The new value.
    pub new: Option<Value>,
}

/// The kinds of change CI can fail on (`--fail-on`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Category {
    /// A route was added.
    RouteAdded,
    /// A route was removed.
    RouteRemoved,
    /// A route's integration, mappings, templates, responses, auth or validation changed.
    RouteChanged,
    /// A role may do more.
    IamWidened,
    /// A role may do less.
    IamNarrowed,
    /// An API-wide setting changed.
    SettingsChanged,
    /// A resource of the stack was added.
    ResourceAdded,
    /// A resource of the stack was removed.
    ResourceRemoved,
    /// A resource of the stack changed.
    ResourceChanged,
    /// Any change at all.
    Any,
}

impl Report {
    /// Whether nothing differs.
    pub fn is_empty(&self) -> bool {
        self.count(Category::Any) == 0
    }

    /// How many changes of `category` there are.
    pub fn count(&self, category: Category) -> usize {
        match category {
            Category::RouteAdded => self.routes_added.len(),
            Category::RouteRemoved => self.routes_removed.len(),
            Category::RouteChanged => self.routes_changed.len(),
            Category::IamWidened => self.iam_widened.len(),
            Category::IamNarrowed => self.iam_narrowed.len(),
            Category::SettingsChanged => self.settings_changed.len(),
            Category::ResourceAdded => self.resources_added.len(),
            Category::ResourceRemoved => self.resources_removed.len(),
            Category::ResourceChanged => self.resources_changed.len(),
            Category::Any => [
                Category::RouteAdded,
                Category::RouteRemoved,
                Category::RouteChanged,
                Category::IamWidened,
                Category::IamNarrowed,
                Category::SettingsChanged,
                Category::ResourceAdded,
                Category::ResourceRemoved,
                Category::ResourceChanged,
            ]
            .into_iter()
            .map(|c| self.count(c))
            .sum(),
        }
    }

    /// The report for people: one line per change, grouped, values shortened.
    pub fn text(&self) -> String {
        if self.is_empty() {
            return "no changes\n".to_string();
        }
        let mut s = String::new();
        let routes =
            self.routes_added.len() + self.routes_removed.len() + self.routes_changed.len();
        if routes > 0 {
            let _ = writeln!(
                s,
                "routes: {} added, {} removed, {} changed",
                self.routes_added.len(),
                self.routes_removed.len(),
                self.routes_changed.len()
            );
            for r in &self.routes_added {
                let _ = writeln!(s, "  + {r}");
            }
            for r in &self.routes_removed {
                let _ = writeln!(s, "  - {r}");
            }
            for r in &self.routes_changed {
                let _ = writeln!(s, "  ~ {}", r.route);
                for c in &r.changes {
                    let (o, n) = pair(&c.old, &c.new);
                    let _ = writeln!(s, "      {}: {o} -> {n}", c.field);
                }
            }
        }
        if !self.iam_widened.is_empty() || !self.iam_narrowed.is_empty() {
            let _ = writeln!(
                s,
                "iam: {} widened, {} narrowed",
                self.iam_widened.len(),
                self.iam_narrowed.len()
            );
            for g in &self.iam_widened {
                let _ = writeln!(s, "  + {g}");
            }
            for g in &self.iam_narrowed {
                let _ = writeln!(s, "  - {g}");
            }
        }
        if !self.settings_changed.is_empty() {
            let _ = writeln!(s, "settings: {} changed", self.settings_changed.len());
            for c in &self.settings_changed {
                let _ = writeln!(s, "  ~ {}: {} -> {}", c.key, opt(&c.old), opt(&c.new));
            }
        }
        let resources = self.resources_added.len()
            + self.resources_removed.len()
            + self.resources_changed.len();
        if resources > 0 {
            let _ = writeln!(
                s,
                "resources: {} added, {} removed, {} changed",
                self.resources_added.len(),
                self.resources_removed.len(),
                self.resources_changed.len()
            );
            for r in &self.resources_added {
                let _ = writeln!(s, "  + {r}");
            }
            for r in &self.resources_removed {
                let _ = writeln!(s, "  - {r}");
            }
            for c in &self.resources_changed {
                let _ = writeln!(s, "  ~ {}", c.key);
                if let (Some(Value::Object(o)), Some(Value::Object(n))) = (&c.old, &c.new) {
                    for k in o.keys().chain(n.keys().filter(|k| !o.contains_key(*k))) {
                        if o.get(k) != n.get(k) {
                            let _ = writeln!(
                                s,
                                "      {k}: {} -> {}",
                                opt(&o.get(k).cloned()),
                                opt(&n.get(k).cloned())
                            );
                        }
                    }
                }
            }
        }
        s
    }
}

/// Two values shortened; two one-line texts around the part where they differ.
fn pair(old: &Value, new: &Value) -> (String, String) {
    let (Value::String(a), Value::String(b)) = (old, new) else {
        return (short(old), short(new));
    };
    if a.contains('\n') || b.contains('\n') || (a.chars().count() <= 80 && b.chars().count() <= 80)
    {
        return (short(old), short(new));
    }
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let pre = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suf = a[pre..]
        .iter()
        .rev()
        .zip(b[pre..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let from = pre.saturating_sub(12);
    let cut = |v: &[char]| {
        let end = (v.len() - suf + 12).min(v.len());
        let mut t = String::new();
        if from > 0 {
            t.push_str("...");
        }
        t.extend(&v[from..end]);
        if end < v.len() {
            t.push_str("...");
        }
        short(&Value::String(t))
    };
    (cut(&a), cut(&b))
}

fn opt(v: &Option<Value>) -> String {
    v.as_ref().map(short).unwrap_or_else(|| "(none)".into())
}

/// A value in at most about 80 characters; a multi-line text by its line count.
fn short(v: &Value) -> String {
    let s = match v {
        Value::Null => return "(none)".into(),
        Value::String(t) if t.contains('\n') => return format!("({} lines)", t.lines().count()),
        Value::String(t) => format!("{t:?}"),
        other => other.to_string(),
    };
    if s.chars().count() > 80 {
        let cut: String = s.chars().take(77).collect();
        format!("{cut}...")
    } else {
        s
    }
}

/// How deep [`aspect_changes`] follows mappings before it reports a value whole.
const FIELD_DEPTH: usize = 4;

/// The fields that differ between two routes' aspects, followed into mappings
/// (`integration responses.default.templates.application/json`), anything else whole.
pub(super) fn aspect_changes(
    old: &BTreeMap<&'static str, Value>,
    new: &BTreeMap<&'static str, Value>,
) -> Vec<AspectChange> {
    let mut out = Vec::new();
    let keys: std::collections::BTreeSet<&&str> = old.keys().chain(new.keys()).collect();
    for aspect in keys {
        walk(aspect, old.get(*aspect), new.get(*aspect), 1, &mut out);
    }
    out
}

fn walk(
    field: &str,
    o: Option<&Value>,
    n: Option<&Value>,
    depth: usize,
    out: &mut Vec<AspectChange>,
) {
    if o == n {
        return;
    }
    match (o, n) {
        (Some(Value::Object(om)), Some(Value::Object(nm))) if depth < FIELD_DEPTH => {
            let inner: std::collections::BTreeSet<&String> = om.keys().chain(nm.keys()).collect();
            for k in inner {
                walk(
                    &format!("{field}.{k}"),
                    om.get(k),
                    nm.get(k),
                    depth + 1,
                    out,
                );
            }
        }
        _ => out.push(AspectChange {
            field: field.to_string(),
            old: o.cloned().unwrap_or(Value::Null),
            new: n.cloned().unwrap_or(Value::Null),
        }),
    }
}

/// The keys whose values differ between two maps, with both values.
pub(super) fn map_changes(
    old: &BTreeMap<String, Value>,
    new: &BTreeMap<String, Value>,
) -> Vec<SettingChange> {
    let keys: std::collections::BTreeSet<&String> = old.keys().chain(new.keys()).collect();
    keys.into_iter()
        .filter(|k| old.get(*k) != new.get(*k))
        .map(|k| SettingChange {
            key: k.clone(),
            old: old.get(k).cloned(),
            new: new.get(k).cloned(),
        })
        .collect()
}
