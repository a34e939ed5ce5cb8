//! References: every `${...}` in the document, and bare references (`depends_on`,
//! `replace_triggered_by`), must name something declared.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::body::place;
use super::expr::{self, Traversal};
use super::schema::Kind;
use super::{At, Checker, Lookup, Sections, TF011, TF014, did_you_mean, suggest};

/// Roots that are never declarations: iteration and object-local names, and Terraform's own.
const NOT_DECLARATIONS: [&str; 7] = [
    "each",
    "count",
    "self",
    "path",
    "terraform",
    "run",
    "provider",
];

/// Why a traversal does not resolve.
struct Unresolved {
    msg: String,
    help: String,
}

/// What a traversal turned out to be.
enum Resolution {
    /// It names something declared.
    Resolved,
    /// It is not a reference to a declaration (an iterator, `count.index`, a bound name).
    NotDeclaration,
    Unresolved(Unresolved),
}

impl<'a> Checker<'a> {
    /// Scans the strings of every section that may hold expressions.
    pub(super) fn scan_sections(&mut self, s: &Sections<'a>) {
        let resource_like = [
            (Kind::Managed, &s.resources),
            (Kind::Data, &s.data),
            (Kind::Ephemeral, &s.ephemeral),
        ];
        for (kind, items) in resource_like {
            for item in items {
                let addr = super::address(kind, item.labels[0], item.labels[1]);
                // Bare references are resolved while checking the body.
                let skip = ["depends_on", "provider", "lifecycle"];
                self.scan_map(item.body, &item.at, &addr, &skip);
                if let Some(lifecycle) = item.body.get("lifecycle") {
                    let skip = ["ignore_changes", "replace_triggered_by"];
                    self.scan_except(lifecycle, &item.at.key("lifecycle"), &addr, &skip);
                }
            }
        }
        for item in &s.outputs {
            let addr = format!("output.{}", item.labels[0]);
            let skip = ["description", "depends_on"];
            self.scan_map(item.body, &item.at, &addr, &skip);
        }
        for item in &s.variables {
            if let Some(v) = item.body.get("validation") {
                let addr = format!("var.{}", item.labels[0]);
                self.scan_value(v, &item.at.key("validation"), &addr, &mut Vec::new());
            }
        }
        for item in &s.locals {
            for (key, value) in item.body.iter().filter(|(k, _)| *k != "//") {
                let at = item.at.key(key).root();
                self.scan_value(value, &at, &format!("local.{key}"), &mut Vec::new());
            }
        }
        for item in &s.modules {
            let addr = format!("module.{}", item.labels[0]);
            let skip = ["source", "version", "providers", "depends_on"];
            self.scan_map(item.body, &item.at, &addr, &skip);
        }
        for item in &s.providers {
            let addr = format!("provider.{}", item.labels[0]);
            self.scan_map(item.body, &item.at, &addr, &["alias", "version"]);
        }
        for item in &s.checks {
            // Scoped data sources were scanned with the other data sources.
            let addr = format!("check.{}", item.labels[0]);
            self.scan_map(item.body, &item.at, &addr, &["data"]);
        }
        for item in &s.imports {
            self.scan_map(item.body, &item.at, "import", &["to", "provider"]);
        }
        for item in &s.removed {
            self.scan_map(item.body, &item.at, "removed", &["from", "lifecycle"]);
        }
    }

    fn scan_map(&mut self, body: &Map<String, Value>, at: &At, addr: &str, skip: &[&str]) {
        self.scan_members(body, at, addr, skip, &mut Vec::new());
    }

    /// The members of an object, keys included, except `skip` and `//` comments. `bound`
    /// holds the iterator names of the `dynamic` blocks around it.
    fn scan_members(
        &mut self,
        map: &Map<String, Value>,
        at: &At,
        addr: &str,
        skip: &[&str],
        bound: &mut Vec<String>,
    ) {
        for (key, v) in map {
            if key == "//" || skip.contains(&key.as_str()) {
                continue;
            }
            let kat = at.key(key);
            self.scan_string(key, &kat, addr, bound);
            if key == "dynamic"
                && let Value::Object(blocks) = v
            {
                self.scan_dynamic(blocks, &kat, addr, bound);
            } else {
                self.scan_value(v, &kat, addr, bound);
            }
        }
    }

    fn scan_except(&mut self, value: &Value, at: &At, addr: &str, skip: &[&str]) {
        match value {
            Value::Object(map) => self.scan_map(map, at, addr, skip),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.scan_except(item, &at.index(i), addr, skip);
                }
            }
            _ => {}
        }
    }

    /// Every string (object keys included) under `value`.
    fn scan_value(&mut self, value: &Value, at: &At, addr: &str, bound: &mut Vec<String>) {
        match value {
            Value::String(s) => self.scan_string(s, at, addr, bound),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    self.scan_value(item, &at.index(i), addr, bound);
                }
            }
            Value::Object(map) => self.scan_members(map, at, addr, &[], bound),
            _ => {}
        }
    }

    /// `dynamic` block specs: inside each, the iterator (default: the block type) is bound.
    fn scan_dynamic(
        &mut self,
        blocks: &Map<String, Value>,
        at: &At,
        addr: &str,
        bound: &mut Vec<String>,
    ) {
        for (name, spec) in blocks {
            let specs: Vec<(At, &Value)> = match spec {
                Value::Array(items) => items
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (at.key(name).index(i), v))
                    .collect(),
                _ => vec![(at.key(name), spec)],
            };
            for (sat, spec) in specs {
                let iterator = spec.get("iterator").and_then(Value::as_str).unwrap_or(name);
                bound.push(iterator.to_string());
                self.scan_value(spec, &sat, addr, bound);
                bound.pop();
            }
        }
    }

    /// Resolves the references of one string; TF014 when a template is left open.
    fn scan_string(&mut self, s: &str, at: &At, addr: &str, bound: &[String]) {
        if !expr::has_template(s) {
            return;
        }
        let scan = expr::scan_template(s);
        if scan.unterminated {
            self.error(
                TF014,
                at,
                format!(
                    "{}: unterminated template sequence in `{s}`",
                    place(addr, at)
                ),
                "close every `${` and `%{` with `}` (write `$${` for a literal `${`)",
            );
        }
        let mut seen = BTreeSet::new();
        for t in &scan.traversals {
            if bound.contains(&t.root) || scan.bound.contains(&t.root) || !seen.insert(t.text()) {
                continue;
            }
            if let Resolution::Unresolved(u) = self.resolve(t) {
                self.error(TF011, at, format!("{}: {}", place(addr, at), u.msg), u.help);
            }
        }
    }

    /// A string that must be a reference: `depends_on` and `replace_triggered_by` entries.
    pub(super) fn check_bare_reference(&mut self, s: &str, at: &At, addr: &str) {
        if expr::has_template(s) {
            self.scan_string(s, at, addr, &[]);
            return;
        }
        let Some(t) = expr::parse_traversal(s) else {
            self.error(
                TF014,
                at,
                format!("{}: `{s}` is not a reference", place(addr, at)),
                "write a reference such as `aws_iam_role.api` or `module.network`",
            );
            return;
        };
        match self.resolve(&t) {
            Resolution::Resolved => {}
            Resolution::Unresolved(u) => {
                self.error(TF011, at, format!("{}: {}", place(addr, at), u.msg), u.help);
            }
            Resolution::NotDeclaration => self.error(
                TF011,
                at,
                format!(
                    "{}: `{s}` does not name a resource, data source or module",
                    place(addr, at)
                ),
                "write `TYPE.NAME`, `data.TYPE.NAME` or `module.NAME`",
            ),
        }
    }

    fn resolve(&self, t: &Traversal) -> Resolution {
        let root = t.root.as_str();
        let named = |what: &str, names: &BTreeSet<&'a str>, prefix: &str| match t.attr(0) {
            Some(name) if names.contains(name) => Resolution::Resolved,
            Some(name) => Resolution::Unresolved(Unresolved {
                msg: format!("`{prefix}.{name}` refers to an undeclared {what}"),
                help: match suggest(name, names.iter().copied()) {
                    Some(s) => format!("did you mean `{prefix}.{s}`?"),
                    None => format!("declare {what} `{name}`, or fix the reference"),
                },
            }),
            None => Resolution::Unresolved(Unresolved {
                msg: format!("`{}` is incomplete", t.text()),
                help: format!("write `{prefix}.NAME`"),
            }),
        };
        match root {
            "var" => named("variable", &self.variables, "var"),
            "local" => named("local value", &self.locals, "local"),
            "module" => named("module", &self.modules, "module"),
            "data" | "ephemeral" => {
                let kind = if root == "data" {
                    Kind::Data
                } else {
                    Kind::Ephemeral
                };
                match (t.attr(0), t.attr(1)) {
                    (Some(ty), Some(name)) => self.resolve_resource(kind, ty, name, t, 2),
                    _ => Resolution::Unresolved(Unresolved {
                        msg: format!("`{}` is incomplete", t.text()),
                        help: format!("write `{root}.TYPE.NAME`"),
                    }),
                }
            }
            _ if NOT_DECLARATIONS.contains(&root) || !root.contains('_') => {
                Resolution::NotDeclaration
            }
            _ => match t.attr(0) {
                Some(name) => self.resolve_resource(Kind::Managed, root, name, t, 1),
                None => Resolution::NotDeclaration,
            },
        }
    }

    /// `type.name` must be declared; with a known schema, the attribute read after it (from
    /// `steps[rest]` on) must exist.
    fn resolve_resource(
        &self,
        kind: Kind,
        ty: &str,
        name: &str,
        t: &Traversal,
        rest: usize,
    ) -> Resolution {
        let addr = super::address(kind, ty, name);
        let Some(declared) = self.declared(kind).get(ty) else {
            let all: Vec<String> = self
                .declared(kind)
                .iter()
                .flat_map(|(ty, d)| d.names.iter().map(move |n| super::address(kind, ty, n)))
                .collect();
            let help = match suggest(&addr, all.iter().map(String::as_str)) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("declare `{addr}`, or fix the reference"),
            };
            return Resolution::Unresolved(Unresolved {
                msg: format!("`{addr}` is not declared (no `{ty}` is)"),
                help,
            });
        };
        if !declared.names.contains(name) {
            let help = match suggest(name, declared.names.iter().copied()) {
                Some(s) => format!("did you mean `{}`?", super::address(kind, ty, s)),
                None => {
                    let names: Vec<String> = declared
                        .names
                        .iter()
                        .take(10)
                        .map(|n| format!("`{}`", super::address(kind, ty, n)))
                        .collect();
                    format!("declare `{addr}`, or use one of {}", names.join(", "))
                }
            };
            return Resolution::Unresolved(Unresolved {
                msg: format!("`{addr}` is not declared"),
                help,
            });
        }
        if let Lookup::Known(block) = declared.lookup
            && let Some(attr) = t.first_attr_from(rest)
            && !block.readable(attr)
        {
            let names = block
                .attributes
                .keys()
                .chain(block.blocks.keys())
                .map(String::as_str);
            let help = did_you_mean(attr, names, || {
                format!("read one of the attributes of `{ty}`")
            });
            return Resolution::Unresolved(Unresolved {
                msg: format!("`{addr}` has no attribute `{attr}`"),
                help,
            });
        }
        Resolution::Resolved
    }
}
