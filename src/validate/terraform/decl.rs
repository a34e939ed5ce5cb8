//! The first pass: the document split into sections, labels flattened, and every name a
//! reference can use recorded (with bad or duplicate names reported).

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::lang::RESERVED_VARIABLE_NAMES;
use super::schema::Kind;
use super::values::json_kind;
use super::{
    At, Checker, Declared, Item, Sections, TF003, TF012, TF013, TOP_LEVEL, did_you_mean,
    is_identifier,
};

impl<'a> Checker<'a> {
    /// Splits the top level into sections, reporting unknown keys and wrong shapes.
    pub(super) fn collect(&mut self, top: &'a Map<String, Value>) -> Sections<'a> {
        let mut s = Sections::default();
        for (key, value) in top {
            let at = At::default().key(key);
            let (labels, out) = match key.as_str() {
                "//" => continue,
                "resource" => (2, &mut s.resources),
                "data" => (2, &mut s.data),
                "ephemeral" => (2, &mut s.ephemeral),
                "variable" => (1, &mut s.variables),
                "output" => (1, &mut s.outputs),
                "module" => (1, &mut s.modules),
                "provider" => (1, &mut s.providers),
                "check" => (1, &mut s.checks),
                "locals" => (0, &mut s.locals),
                "terraform" => (0, &mut s.terraform),
                "import" => (0, &mut s.imports),
                "removed" => (0, &mut s.removed),
                // `moved` holds only bare addresses of things that may no longer exist.
                "moved" => continue,
                _ => {
                    let help = did_you_mean(key, TOP_LEVEL, || {
                        format!("the top-level keys are {}", TOP_LEVEL.join(", "))
                    });
                    self.error(TF012, &at, format!("unknown top-level key `{key}`"), help);
                    continue;
                }
            };
            self.flatten(value, &at, labels, &mut Vec::new(), out);
        }
        // Data sources scoped to a `check` block are declared and checked like the others.
        let mut scoped = Vec::new();
        for item in &s.checks {
            if let Some(data) = item.body.get("data") {
                self.flatten(data, &item.at.key("data"), 2, &mut Vec::new(), &mut scoped);
            }
        }
        s.data.extend(scoped);
        s
    }

    /// Reads `labels` levels of block labels, then block bodies. Each level may be an object
    /// or an array of objects (HCL JSON); bodies must be objects.
    fn flatten(
        &mut self,
        value: &'a Value,
        at: &At,
        labels: usize,
        seen: &mut Vec<(&'a str, At)>,
        out: &mut Vec<Item<'a>>,
    ) {
        let what = if labels == 0 {
            "a block body"
        } else {
            "a block label level"
        };
        let objects: Vec<(At, &'a Map<String, Value>)> = match value {
            Value::Object(m) => vec![(at.clone(), m)],
            Value::Array(items) => {
                let mut objects = Vec::new();
                for (i, v) in items.iter().enumerate() {
                    match v {
                        Value::Object(m) => objects.push((at.index(i), m)),
                        _ => self.shape_error(&at.index(i), what, v),
                    }
                }
                objects
            }
            _ => {
                self.shape_error(at, what, value);
                return;
            }
        };
        for (at, obj) in objects {
            if labels == 0 {
                out.push(Item {
                    labels: seen.iter().map(|(l, _)| *l).collect(),
                    label_at: seen.iter().map(|(_, a)| a.clone()).collect(),
                    body: obj,
                    at: at.root(),
                });
                continue;
            }
            for (key, child) in obj {
                if key == "//" {
                    continue;
                }
                let cat = at.key(key);
                seen.push((key, cat.clone()));
                self.flatten(child, &cat, labels - 1, seen, out);
                seen.pop();
            }
        }
    }

    fn shape_error(&mut self, at: &At, what: &str, found: &Value) {
        self.error(
            TF013,
            at,
            format!("expected {what} as a JSON object, found {}", json_kind(found)),
            "write blocks as JSON objects (or arrays of objects), as Terraform JSON syntax requires",
        );
    }

    /// TF003 for a name that is not an identifier, or (unless `fresh`) was seen before.
    fn check_name(&mut self, name: &str, at: &At, what: &str, fresh: bool) {
        if !is_identifier(name) {
            self.error(
                TF003,
                at,
                format!("{what} name `{name}` is not a valid identifier"),
                "start with a letter or `_`, then use only letters, digits, `_` and `-`",
            );
        }
        if !fresh {
            self.error(
                TF003,
                at,
                format!("{what} `{name}` is declared more than once"),
                "give each declaration its own name",
            );
        }
    }

    /// Records everything a reference can name, reporting bad and duplicate names.
    pub(super) fn declare(&mut self, s: &Sections<'a>) {
        for item in &s.terraform {
            self.read_required_providers(item);
        }
        let mut configs = BTreeSet::new();
        for item in &s.providers {
            let name = item.labels[0];
            let alias = item.body.get("alias").and_then(Value::as_str);
            self.check_name(name, &item.label_at[0], "provider", true);
            let config = match alias {
                Some(alias) => format!("{name}.{alias}"),
                None => name.to_string(),
            };
            if !configs.insert(config.clone()) {
                self.error(
                    TF003,
                    &item.at,
                    format!("provider configuration `{config}` is declared more than once"),
                    "give each extra configuration of a provider its own `alias`",
                );
            }
            if alias.is_some() {
                self.provider_aliases.insert(config);
            }
        }
        for (kind, items, what) in [
            (Kind::Managed, &s.resources, "resource"),
            (Kind::Data, &s.data, "data source"),
            (Kind::Ephemeral, &s.ephemeral, "ephemeral resource"),
        ] {
            for item in items {
                let (ty, name) = (item.labels[0], item.labels[1]);
                if !self.declared(kind).contains_key(ty) {
                    let provider_arg = item.body.get("provider").and_then(Value::as_str);
                    let lookup = self.lookup(kind, ty, provider_arg);
                    let names = BTreeSet::new();
                    self.declared_mut(kind)
                        .insert(ty, Declared { lookup, names });
                }
                let fresh = self
                    .declared_mut(kind)
                    .get_mut(ty)
                    .is_some_and(|d| d.names.insert(name));
                self.check_name(name, &item.label_at[1], &format!("{what} `{ty}`"), fresh);
            }
        }
        let mut names = BTreeSet::new();
        for item in &s.variables {
            let name = item.labels[0];
            let fresh = names.insert(name);
            self.check_name(name, &item.label_at[0], "variable", fresh);
            if RESERVED_VARIABLE_NAMES.contains(&name) {
                self.error(
                    TF003,
                    &item.label_at[0],
                    format!("variable name `{name}` is reserved by Terraform"),
                    "choose another name",
                );
            }
        }
        self.variables = names;
        let mut names = BTreeSet::new();
        for item in &s.locals {
            for key in item.body.keys().filter(|k| *k != "//") {
                let fresh = names.insert(key.as_str());
                self.check_name(key, &item.at.key(key), "local value", fresh);
            }
        }
        self.locals = names;
        let mut names = BTreeSet::new();
        for item in &s.modules {
            let fresh = names.insert(item.labels[0]);
            self.check_name(item.labels[0], &item.label_at[0], "module", fresh);
        }
        self.modules = names;
        for (items, what) in [(&s.outputs, "output"), (&s.checks, "check")] {
            let mut names = BTreeSet::new();
            for item in items {
                let fresh = names.insert(item.labels[0]);
                self.check_name(item.labels[0], &item.label_at[0], what, fresh);
            }
        }
    }

    /// `terraform { required_providers { name = { source = "ns/type" } } }`.
    fn read_required_providers(&mut self, item: &Item<'a>) {
        let blocks: Vec<&'a Value> = match item.body.get("required_providers") {
            Some(Value::Array(items)) => items.iter().collect(),
            Some(v) => vec![v],
            None => return,
        };
        for block in blocks {
            let Some(map) = block.as_object() else {
                continue;
            };
            for (local, req) in map {
                if let Some(source) = req.get("source").and_then(Value::as_str) {
                    let ty = source.rsplit('/').next().unwrap_or(source);
                    self.local_providers.insert(local, ty);
                }
            }
        }
    }
}
