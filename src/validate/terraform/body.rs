//! Block bodies against their schema: arguments, nested blocks and their counts, and
//! `dynamic` blocks. Value types are in `values`, Terraform's own arguments in `lang`.

use std::collections::BTreeSet;

use serde_json::{Map, Value};

use super::lang::{DYNAMIC_KEYS, Meta};
use super::schema::{AttrType, Attribute, Block, NestedBlock, Nesting};
use super::values::json_kind;
use super::{
    At, Checker, TF004, TF005, TF006, TF007, TF008, TF009, TF010, TF013, did_you_mean, expr,
};

/// `addr` plus `argument `path`` when the place is inside the block.
pub(super) fn place(addr: &str, at: &At) -> String {
    if at.path.is_empty() {
        addr.to_string()
    } else {
        format!("{addr} argument `{}`", at.path)
    }
}

/// Some names as a list for a help line, shortened when long.
fn name_list<'n>(names: impl IntoIterator<Item = &'n str>) -> String {
    let names: Vec<&str> = names.into_iter().collect();
    let shown = names
        .iter()
        .take(25)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 25 {
        format!("{shown}, …")
    } else {
        shown
    }
}

/// The objects of a block written as one object or an array of objects; `None` when the value
/// has some other shape.
pub(super) fn objects<'v>(value: &'v Value, at: &At) -> Option<Vec<(At, &'v Map<String, Value>)>> {
    match value {
        Value::Object(m) => Some(vec![(at.clone(), m)]),
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| v.as_object().map(|m| (at.index(i), m)))
            .collect(),
        Value::Null => Some(Vec::new()),
        _ => None,
    }
}

impl<'a> Checker<'a> {
    /// Checks `body` against `schema` (only its meta-arguments when the schema is unknown),
    /// recursing into nested blocks.
    pub(super) fn check_body(
        &mut self,
        body: &'a Map<String, Value>,
        schema: Option<&'a Block>,
        at: &At,
        addr: &str,
        meta: Meta,
    ) {
        let mut dynamic = BTreeSet::new();
        for (key, value) in body {
            if key == "//" {
                continue;
            }
            let kat = at.key(key);
            if meta.keys().contains(&key.as_str()) {
                self.check_meta(key, value, &kat, addr, (meta, schema));
                continue;
            }
            let Some(block) = schema else { continue };
            if let Some(attr) = block.attributes.get(key) {
                self.check_attribute(value, attr, &kat, addr);
            } else if let Some(nested) = block.blocks.get(key) {
                self.check_blocks(value, nested, &kat, addr);
            } else if key == "dynamic" {
                self.check_dynamic(value, block, &kat, addr, &mut dynamic);
            } else {
                let candidates: Vec<&str> = block
                    .settable_names()
                    .chain(meta.keys().iter().copied())
                    .collect();
                let help = did_you_mean(key, candidates.iter().copied(), || {
                    format!(
                        "remove it; {addr} accepts: {}",
                        name_list(candidates.iter().copied())
                    )
                });
                let msg = format!("{addr} has no argument or block `{}`", kat.path);
                self.error(TF004, &kat, msg, help);
            }
        }
        let Some(block) = schema else { return };
        for (name, attr) in &block.attributes {
            if attr.required && !body.contains_key(name) {
                self.missing(at, addr, name);
            }
        }
        for (name, nested) in &block.blocks {
            if nested.min_items > 0 && !body.contains_key(name) && !dynamic.contains(name.as_str())
            {
                let path = at.key(name).path;
                let min = nested.min_items;
                self.error(
                    TF006,
                    at,
                    format!("{addr} needs at least {min} `{path}` block(s), found none"),
                    format!("add a `{name}` block"),
                );
            }
        }
    }

    fn check_attribute(&mut self, value: &'a Value, attr: &'a Attribute, at: &At, addr: &str) {
        if value.is_null() {
            if attr.required {
                self.error(
                    TF005,
                    at,
                    format!("{addr}: required argument `{}` is null", at.path),
                    "give it a value; null counts as not set",
                );
            }
            return;
        }
        if attr.computed_only() {
            self.error(
                TF008,
                at,
                format!(
                    "{addr}: `{}` is computed by the provider and cannot be set",
                    at.path
                ),
                "remove it; it is read-only, so read it through a reference instead",
            );
            return;
        }
        if attr.deprecated {
            self.warning(
                TF009,
                at,
                format!("{addr}: argument `{}` is deprecated", at.path),
                "see the provider documentation for its replacement",
            );
        }
        match &attr.ty {
            AttrType::Cty(ty) => self.check_value(value, ty, at, addr),
            AttrType::Nested(nested) => self.check_nested_attr(value, nested, at, addr),
        }
    }

    /// A plugin-framework nested attribute: objects shaped like a block, written as a value.
    fn check_nested_attr(
        &mut self,
        value: &'a Value,
        nested: &'a NestedBlock,
        at: &At,
        addr: &str,
    ) {
        if let Value::String(s) = value
            && expr::has_template(s)
        {
            return;
        }
        let bodies: Option<Vec<(At, &'a Map<String, Value>)>> = match (nested.mode, value) {
            (Nesting::Single | Nesting::Group, Value::Object(m)) => Some(vec![(at.clone(), m)]),
            (Nesting::List | Nesting::Set, Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, v)| v.as_object().map(|m| (at.index(i), m)))
                .collect(),
            (Nesting::Map, Value::Object(m)) => m
                .iter()
                .map(|(k, v)| v.as_object().map(|o| (at.key(k), o)))
                .collect(),
            _ => None,
        };
        let Some(bodies) = bodies else {
            let expected = match nested.mode {
                Nesting::Single | Nesting::Group => "an object",
                Nesting::List | Nesting::Set => "an array of objects",
                Nesting::Map => "an object of objects",
            };
            self.mismatch(
                TF010,
                at,
                addr,
                value,
                expected,
                format!("write {expected}"),
            );
            return;
        };
        self.check_counts(bodies.len(), nested, at, addr);
        for (bat, body) in bodies {
            self.check_body(body, Some(&nested.block), &bat, addr, Meta::Nested);
        }
    }

    /// A nested block: one object or an array of objects (`map` mode: objects by label).
    fn check_blocks(&mut self, value: &'a Value, nested: &'a NestedBlock, at: &At, addr: &str) {
        let bodies = match (nested.mode, value) {
            (Nesting::Map, Value::Object(m)) => m
                .iter()
                .map(|(label, v)| objects(v, &at.key(label)))
                .collect::<Option<Vec<_>>>()
                .map(|v| v.into_iter().flatten().collect()),
            (Nesting::Map, Value::Null) => Some(Vec::new()),
            (Nesting::Map, _) => None,
            _ => objects(value, at),
        };
        let Some(bodies) = bodies else {
            let expected = if nested.mode == Nesting::Map {
                "an object of block bodies keyed by label"
            } else {
                "a JSON object or an array of objects"
            };
            self.error(
                TF013,
                at,
                format!(
                    "{addr}: block `{}` must be {expected}, found {}",
                    at.path,
                    json_kind(value)
                ),
                "nested blocks cannot be expressions; write the block's arguments as an object",
            );
            return;
        };
        self.check_counts(bodies.len(), nested, at, addr);
        if nested.block.deprecated && !bodies.is_empty() {
            self.warning(
                TF009,
                at,
                format!("{addr}: block `{}` is deprecated", at.path),
                "see the provider documentation for its replacement",
            );
        }
        for (bat, body) in bodies {
            self.check_body(body, Some(&nested.block), &bat, addr, Meta::Nested);
        }
    }

    fn check_counts(&mut self, n: usize, nested: &NestedBlock, at: &At, addr: &str) {
        let n = n as u64;
        let max = match nested.mode {
            Nesting::Single | Nesting::Group => 1,
            _ => nested.max_items,
        };
        if max > 0 && n > max {
            self.error(
                TF007,
                at,
                format!(
                    "{addr}: `{}` allows at most {max} item(s), found {n}",
                    at.path
                ),
                format!("keep at most {max} and remove the rest"),
            );
        }
        if n < nested.min_items {
            let min = nested.min_items;
            self.error(
                TF006,
                at,
                format!(
                    "{addr}: `{}` needs at least {min} item(s), found {n}",
                    at.path
                ),
                format!("add items until there are at least {min}"),
            );
        }
    }

    /// `"dynamic": {"block": {"for_each": ..., "content": {...}}}`.
    fn check_dynamic(
        &mut self,
        value: &'a Value,
        block: &'a Block,
        at: &At,
        addr: &str,
        seen: &mut BTreeSet<&'a str>,
    ) {
        let Value::Object(map) = value else {
            self.shape(at, addr, value, "an object keyed by block type");
            return;
        };
        for (name, spec) in map {
            let nat = at.key(name);
            let Some(nested) = block.blocks.get(name) else {
                let help = did_you_mean(name, block.blocks.keys().map(String::as_str), || {
                    "`dynamic` only generates nested blocks the schema defines".into()
                });
                self.error(TF004, &nat, format!("{addr} has no block `{name}`"), help);
                continue;
            };
            seen.insert(name);
            let Some(specs) = objects(spec, &nat) else {
                self.shape(&nat, addr, spec, "an object with `for_each` and `content`");
                continue;
            };
            for (sat, spec) in specs {
                self.check_keys(spec, &DYNAMIC_KEYS, &sat, addr);
                if !spec.contains_key("for_each") {
                    self.missing(&sat, addr, "for_each");
                }
                match spec.get("content") {
                    Some(Value::Object(content)) => {
                        let cat = sat.key("content");
                        self.check_body(content, Some(&nested.block), &cat, addr, Meta::Nested);
                    }
                    Some(other) => self.shape(&sat.key("content"), addr, other, "an object"),
                    None => self.missing(&sat, addr, "content"),
                }
            }
        }
    }
}
