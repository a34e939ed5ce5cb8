//! What Terraform itself defines rather than a provider: meta-arguments (`count`,
//! `depends_on`, `lifecycle`, ...) and the `variable`, `output`, `module` and `check` blocks.

use serde_json::{Map, Value};

use super::body::{objects, place};
use super::schema::{Block, Cty, Kind};
use super::values::json_kind;
use super::{
    At, Checker, TF004, TF005, TF007, TF010, TF011, TF013, TF014, did_you_mean, expr, is_identifier,
};

/// Variable names Terraform reserves.
pub(super) const RESERVED_VARIABLE_NAMES: [&str; 8] = [
    "count",
    "depends_on",
    "for_each",
    "lifecycle",
    "locals",
    "providers",
    "source",
    "version",
];
const MANAGED_META: [&str; 7] = [
    "count",
    "for_each",
    "depends_on",
    "provider",
    "lifecycle",
    "provisioner",
    "connection",
];
const DATA_META: [&str; 5] = ["count", "for_each", "depends_on", "provider", "lifecycle"];
const PROVIDER_META: [&str; 2] = ["alias", "version"];
const LIFECYCLE_MANAGED: [&str; 6] = [
    "create_before_destroy",
    "prevent_destroy",
    "ignore_changes",
    "replace_triggered_by",
    "precondition",
    "postcondition",
];
const LIFECYCLE_DATA: [&str; 2] = ["precondition", "postcondition"];
const VARIABLE_KEYS: [&str; 7] = [
    "type",
    "default",
    "description",
    "sensitive",
    "nullable",
    "validation",
    "ephemeral",
];
const OUTPUT_KEYS: [&str; 6] = [
    "value",
    "description",
    "sensitive",
    "depends_on",
    "precondition",
    "ephemeral",
];
const CONDITION_KEYS: [&str; 2] = ["condition", "error_message"];
pub(super) const DYNAMIC_KEYS: [&str; 4] = ["for_each", "iterator", "labels", "content"];
const CHECK_KEYS: [&str; 2] = ["data", "assert"];

/// Which meta-arguments a body may hold besides its schema's arguments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Meta {
    Nested,
    Managed,
    Data,
    Provider,
}

impl From<Kind> for Meta {
    fn from(kind: Kind) -> Self {
        match kind {
            Kind::Managed => Meta::Managed,
            Kind::Data | Kind::Ephemeral => Meta::Data,
        }
    }
}

impl Meta {
    pub(super) fn keys(self) -> &'static [&'static str] {
        match self {
            Meta::Nested => &[],
            Meta::Managed => &MANAGED_META,
            Meta::Data => &DATA_META,
            Meta::Provider => &PROVIDER_META,
        }
    }
}

impl<'a> Checker<'a> {
    /// TF013: `value` is not the JSON shape Terraform expects here.
    pub(super) fn shape(&mut self, at: &At, addr: &str, value: &Value, expected: &str) {
        self.mismatch(
            TF013,
            at,
            addr,
            value,
            expected,
            format!("write {expected}"),
        );
    }

    /// Error `code`: `value` at `at` of `addr` is not the `expected` one, with `help`.
    pub(super) fn mismatch(
        &mut self,
        code: &'static str,
        at: &At,
        addr: &str,
        value: &Value,
        expected: &str,
        help: String,
    ) {
        let found = json_kind(value);
        let msg = format!("{}: expected {expected}, found {found}", place(addr, at));
        self.error(code, at, msg, help);
    }

    /// TF005 on the block at `at`: it lacks the argument `name`.
    pub(super) fn missing(&mut self, at: &At, addr: &str, name: &str) {
        let path = at.key(name).path;
        self.error(
            TF005,
            at,
            format!("{addr} is missing required argument `{path}`"),
            format!("set `{name}`"),
        );
    }

    /// TF004 for every key of `body` not in `allowed` (besides `//` comments).
    pub(super) fn check_keys(
        &mut self,
        body: &Map<String, Value>,
        allowed: &[&str],
        at: &At,
        addr: &str,
    ) {
        for key in body.keys() {
            if key == "//" || allowed.contains(&key.as_str()) {
                continue;
            }
            let help = did_you_mean(key, allowed.iter().copied(), || {
                format!("remove it; allowed here: {}", allowed.join(", "))
            });
            let kat = at.key(key);
            self.error(
                TF004,
                &kat,
                format!("{addr} has no argument `{}`", kat.path),
                help,
            );
        }
    }

    /// A meta-argument of a resource, data source or provider configuration.
    pub(super) fn check_meta(
        &mut self,
        key: &str,
        value: &'a Value,
        at: &At,
        addr: &str,
        (meta, schema): (Meta, Option<&'a Block>),
    ) {
        match key {
            "count" => self.check_value(value, &Cty::Number, at, addr),
            "for_each" if matches!(value, Value::Number(_) | Value::Bool(_)) => {
                self.shape(at, addr, value, "a map, a set of strings or an expression");
            }
            "depends_on" => self.check_depends_on(value, at, addr),
            "provider" => self.check_provider_arg(value, at, addr),
            "lifecycle" => self.check_lifecycle(value, at, addr, meta, schema),
            "provisioner" | "connection" if objects(value, at).is_none() => {
                self.shape(at, addr, value, "an object or an array of objects");
            }
            "alias" if !value.as_str().is_some_and(is_identifier) => {
                self.shape(at, addr, value, "an identifier string");
            }
            "version" if !value.is_string() => self.check_value(value, &Cty::String, at, addr),
            _ => {}
        }
    }

    /// `depends_on` and `replace_triggered_by`: an array of references to declared things.
    pub(super) fn check_depends_on(&mut self, value: &'a Value, at: &At, addr: &str) {
        let Value::Array(items) = value else {
            self.error(
                TF010,
                at,
                format!(
                    "{}: expected an array of references, found {}",
                    place(addr, at),
                    json_kind(value)
                ),
                "write an array of references such as `aws_iam_role.api`",
            );
            return;
        };
        for (i, item) in items.iter().enumerate() {
            let iat = at.index(i);
            match item {
                Value::String(s) => self.check_bare_reference(s, &iat, addr),
                other => self.error(
                    TF010,
                    &iat,
                    format!(
                        "{}: expected a reference string, found {}",
                        place(addr, &iat),
                        json_kind(other)
                    ),
                    "write a reference such as `aws_iam_role.api`",
                ),
            }
        }
    }

    /// `provider = "aws"` or `"aws.alias"`; an alias must be declared.
    fn check_provider_arg(&mut self, value: &Value, at: &At, addr: &str) {
        let Some(s) = value.as_str() else {
            self.shape(at, addr, value, "a string such as `aws.west`");
            return;
        };
        let parts: Vec<&str> = s.split('.').collect();
        if parts.len() > 2 || !parts.iter().all(|p| is_identifier(p)) {
            self.error(
                TF014,
                at,
                format!("{addr}: `provider` value `{s}` is not `name` or `name.alias`"),
                "write the provider configuration as a bare reference, without `${}`",
            );
        } else if parts.len() == 2 && !self.provider_aliases.contains(s) {
            self.error(
                TF011,
                at,
                format!("{addr}: provider configuration `{s}` is not declared"),
                format!(
                    "add a `provider.{}` block with `alias = \"{}\"`",
                    parts[0], parts[1]
                ),
            );
        }
    }

    /// The `lifecycle` block; data sources only take pre- and postconditions.
    fn check_lifecycle(
        &mut self,
        value: &'a Value,
        at: &At,
        addr: &str,
        meta: Meta,
        schema: Option<&'a Block>,
    ) {
        let Some(bodies) = objects(value, at) else {
            self.shape(at, addr, value, "an object");
            return;
        };
        if bodies.len() > 1 {
            self.error(
                TF007,
                at,
                format!("{addr} has {} `lifecycle` blocks", bodies.len()),
                "merge them into one `lifecycle` block",
            );
        }
        let allowed: &[&str] = if meta == Meta::Managed {
            &LIFECYCLE_MANAGED
        } else {
            &LIFECYCLE_DATA
        };
        for (lat, body) in bodies {
            self.check_keys(body, allowed, &lat, addr);
            for (key, v) in body {
                let kat = lat.key(key);
                match key.as_str() {
                    _ if !allowed.contains(&key.as_str()) => {}
                    "create_before_destroy" | "prevent_destroy" => {
                        self.check_value(v, &Cty::Bool, &kat, addr);
                    }
                    "ignore_changes" => self.check_ignore_changes(v, &kat, addr, schema),
                    "replace_triggered_by" => self.check_depends_on(v, &kat, addr),
                    _ => self.check_conditions(v, &kat, addr),
                }
            }
        }
    }

    /// `"all"` or names of the resource's own arguments.
    fn check_ignore_changes(&mut self, value: &Value, at: &At, addr: &str, schema: Option<&Block>) {
        let items = match value {
            Value::String(s) if s == "all" => return,
            Value::Array(items) => items,
            _ => {
                self.shape(at, addr, value, "\"all\" or an array of argument names");
                return;
            }
        };
        for (i, item) in items.iter().enumerate() {
            let iat = at.index(i);
            let Some(s) = item.as_str() else {
                self.shape(&iat, addr, item, "an argument name");
                continue;
            };
            if expr::has_template(s) {
                continue;
            }
            let Some(t) = expr::parse_traversal(s) else {
                self.error(
                    TF014,
                    &iat,
                    format!("{addr}: `ignore_changes` entry `{s}` is not an argument name"),
                    "write an argument name such as `tags` or `tags[\"Name\"]`",
                );
                continue;
            };
            if let Some(block) = schema
                && !block.attributes.contains_key(&t.root)
                && !block.blocks.contains_key(&t.root)
            {
                let help = did_you_mean(&t.root, block.settable_names(), || {
                    "name one of the resource's arguments".into()
                });
                let msg = format!(
                    "{addr}: `ignore_changes` names unknown argument `{}`",
                    t.root
                );
                self.error(TF004, &iat, msg, help);
            }
        }
    }

    /// `precondition`, `postcondition`, `validation` and `assert`: `condition` and
    /// `error_message`, as one object or an array of objects.
    fn check_conditions(&mut self, value: &Value, at: &At, addr: &str) {
        let Some(bodies) = objects(value, at) else {
            self.shape(
                at,
                addr,
                value,
                "an object with `condition` and `error_message`",
            );
            return;
        };
        for (cat, body) in bodies {
            self.check_keys(body, &CONDITION_KEYS, &cat, addr);
            for key in CONDITION_KEYS {
                if !body.contains_key(key) {
                    self.missing(&cat, addr, key);
                }
            }
        }
    }

    /// `variable` blocks: only the keys Terraform defines, with the right types.
    pub(super) fn check_variable(&mut self, body: &'a Map<String, Value>, at: &At, addr: &str) {
        self.check_keys(body, &VARIABLE_KEYS, at, addr);
        for (key, v) in body {
            let kat = at.key(key);
            match key.as_str() {
                "type" | "description" if !v.is_string() => {
                    self.shape(&kat, addr, v, "a string");
                }
                "sensitive" | "nullable" | "ephemeral" => {
                    self.check_value(v, &Cty::Bool, &kat, addr)
                }
                "validation" => self.check_conditions(v, &kat, addr),
                _ => {}
            }
        }
    }

    /// `output` blocks: known keys, and a `value`.
    pub(super) fn check_output(&mut self, body: &'a Map<String, Value>, at: &At, addr: &str) {
        self.check_keys(body, &OUTPUT_KEYS, at, addr);
        for (key, v) in body {
            let kat = at.key(key);
            match key.as_str() {
                "depends_on" => self.check_depends_on(v, &kat, addr),
                "sensitive" | "ephemeral" => self.check_value(v, &Cty::Bool, &kat, addr),
                "precondition" => self.check_conditions(v, &kat, addr),
                "description" if !v.is_string() => self.shape(&kat, addr, v, "a string"),
                _ => {}
            }
        }
        if !body.contains_key("value") {
            self.error(
                TF005,
                at,
                format!("{addr} has no `value`"),
                "add `value`, the expression the output returns",
            );
        }
    }

    /// `module` blocks: a `source`; the other arguments are the module's own inputs.
    pub(super) fn check_module(&mut self, body: &'a Map<String, Value>, at: &At, addr: &str) {
        match body.get("source") {
            None => self.missing(at, addr, "source"),
            Some(v) if !v.is_string() => self.shape(&at.key("source"), addr, v, "a string"),
            Some(_) => {}
        }
        if let Some(v) = body.get("depends_on") {
            self.check_depends_on(v, &at.key("depends_on"), addr);
        }
    }

    /// `check` blocks: scoped `data` (checked with the other data sources) and `assert`.
    pub(super) fn check_check(&mut self, body: &'a Map<String, Value>, at: &At, addr: &str) {
        self.check_keys(body, &CHECK_KEYS, at, addr);
        match body.get("assert") {
            Some(v) => self.check_conditions(v, &at.key("assert"), addr),
            None => self.missing(at, addr, "assert"),
        }
    }
}
