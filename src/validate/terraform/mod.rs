//! Terraform JSON (`main.tf.json`) checked against provider schemas from
//! `terraform providers schema -json`, without running Terraform.
//!
//! [`ProviderSchema::from_json`] reads a schema file once; [`check`] then judges any number of
//! documents against it, so generated Terraform can be verified in tests and in CI where no
//! provider plugin is installed. The checks mirror what `terraform validate` reports for a
//! root module: unknown types and arguments, missing required arguments, read-only
//! attributes, value types, nested block counts and references that do not resolve.

mod body;
mod cycles;
mod decl;
mod expr;
mod lang;
mod refs;
mod schema;
mod values;

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use crate::diagnostic::{Diagnostic, Location};
pub use schema::ProviderSchema;
use schema::{Block, Kind, Provider};

/// Codes this module reports, defined in [`crate::codes`].
pub use crate::codes::{
    TF000, TF001, TF002, TF003, TF004, TF005, TF006, TF007, TF008, TF009, TF010, TF011, TF012,
    TF013, TF014, TF015, TF016,
};

/// Top-level keys of Terraform JSON.
const TOP_LEVEL: [&str; 13] = [
    "resource",
    "data",
    "ephemeral",
    "variable",
    "output",
    "locals",
    "provider",
    "terraform",
    "module",
    "moved",
    "import",
    "check",
    "removed",
];

/// Checks one Terraform JSON document (`main.tf.json`, already parsed) against the schema;
/// `file` is used in locations. Findings come in document order, each with a JSON pointer.
pub fn check(doc: &Value, schema: &ProviderSchema, file: &str) -> Vec<Diagnostic> {
    let mut c = Checker::new(schema, file);
    let Some(top) = doc.as_object() else {
        c.error(
            TF013,
            &At::default(),
            "the document is not a JSON object",
            "a Terraform JSON file is one object with keys such as `resource` and `output`",
        );
        return c.diags;
    };
    let sections = c.collect(top);
    c.declare(&sections);
    c.check_sections(&sections);
    c.scan_sections(&sections);
    c.check_cycles(&sections);
    c.report_unchecked();
    c.diags
}

/// A place in the document: its JSON pointer and the dotted argument path inside the
/// enclosing block (`access_log_settings[0].format`), for messages.
#[derive(Debug, Clone, Default)]
pub(super) struct At {
    pub ptr: String,
    pub path: String,
}

impl At {
    /// The member `k` of this place.
    pub fn key(&self, k: &str) -> At {
        let mut ptr = String::with_capacity(self.ptr.len() + k.len() + 1);
        ptr.push_str(&self.ptr);
        ptr.push('/');
        for c in k.chars() {
            match c {
                '~' => ptr.push_str("~0"),
                '/' => ptr.push_str("~1"),
                c => ptr.push(c),
            }
        }
        let mut path = String::with_capacity(self.path.len() + k.len() + 1);
        path.push_str(&self.path);
        if !self.path.is_empty() {
            path.push('.');
        }
        path.push_str(k);
        At { ptr, path }
    }

    /// Element `i` of this place.
    pub fn index(&self, i: usize) -> At {
        use std::fmt::Write as _;
        let mut ptr = self.ptr.clone();
        let mut path = self.path.clone();
        let _ = write!(ptr, "/{i}");
        let _ = write!(path, "[{i}]");
        At { ptr, path }
    }

    /// The same pointer, starting a new argument path (a block's own root).
    fn root(&self) -> At {
        At {
            ptr: self.ptr.clone(),
            path: String::new(),
        }
    }
}

/// Terraform identifiers: a letter or `_`, then letters, digits, `_` and `-`.
pub(super) fn is_identifier(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_alphabetic() || c == '_')
        && chars.all(|c| c.is_alphanumeric() || c == '_' || c == '-')
}

/// The candidate closest to `name` by edit distance, if close enough to be a likely typo.
pub(super) fn suggest<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
) -> Option<&'c str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| (strsim::levenshtein(&lower, &c.to_lowercase()), c))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, c)| c)
}

/// `did you mean ...?` text for [`suggest`], or `otherwise`.
pub(super) fn did_you_mean<'c>(
    name: &str,
    candidates: impl IntoIterator<Item = &'c str>,
    otherwise: impl FnOnce() -> String,
) -> String {
    match suggest(name, candidates) {
        Some(s) => format!("did you mean `{s}`?"),
        None => otherwise(),
    }
}

/// One block of the document after label flattening: `resource.aws_x.y` has labels
/// `[aws_x, y]`; `label_at[i]` is where label `i` is written.
struct Item<'a> {
    labels: Vec<&'a str>,
    label_at: Vec<At>,
    body: &'a Map<String, Value>,
    at: At,
}

/// The document's blocks by section.
#[derive(Default)]
struct Sections<'a> {
    resources: Vec<Item<'a>>,
    data: Vec<Item<'a>>,
    ephemeral: Vec<Item<'a>>,
    variables: Vec<Item<'a>>,
    outputs: Vec<Item<'a>>,
    locals: Vec<Item<'a>>,
    modules: Vec<Item<'a>>,
    providers: Vec<Item<'a>>,
    terraform: Vec<Item<'a>>,
    imports: Vec<Item<'a>>,
    removed: Vec<Item<'a>>,
    checks: Vec<Item<'a>>,
}

/// How a resource-like type was found in the loaded schemas.
#[derive(Clone, Copy)]
enum Lookup<'a> {
    Known(&'a Block),
    /// The provider is loaded but has no such type.
    UnknownType,
    /// No schema for the provider is loaded.
    NoProvider,
}

/// The declared names of one resource-like type, and its schema.
struct Declared<'a> {
    lookup: Lookup<'a>,
    names: BTreeSet<&'a str>,
}

/// State for one `check` call.
struct Checker<'a> {
    schema: &'a ProviderSchema,
    file: &'a str,
    diags: Vec<Diagnostic>,
    /// Local provider name to provider type, from `terraform.required_providers`.
    local_providers: BTreeMap<&'a str, &'a str>,
    /// Declared `name.alias` provider configurations.
    provider_aliases: BTreeSet<String>,
    managed: BTreeMap<&'a str, Declared<'a>>,
    data: BTreeMap<&'a str, Declared<'a>>,
    ephemeral: BTreeMap<&'a str, Declared<'a>>,
    variables: BTreeSet<&'a str>,
    locals: BTreeSet<&'a str>,
    modules: BTreeSet<&'a str>,
    /// Types a pruned schema does not hold, with where the first is declared.
    unchecked: BTreeMap<String, At>,
}

impl<'a> Checker<'a> {
    fn new(schema: &'a ProviderSchema, file: &'a str) -> Self {
        Checker {
            schema,
            file,
            diags: Vec::new(),
            local_providers: BTreeMap::new(),
            provider_aliases: BTreeSet::new(),
            managed: BTreeMap::new(),
            data: BTreeMap::new(),
            ephemeral: BTreeMap::new(),
            variables: BTreeSet::new(),
            locals: BTreeSet::new(),
            modules: BTreeSet::new(),
            unchecked: BTreeMap::new(),
        }
    }

    /// One note naming the types a pruned schema could not check.
    fn report_unchecked(&mut self) {
        let Some(at) = self.unchecked.values().next().cloned() else {
            return;
        };
        let names: Vec<String> = self.unchecked.keys().map(|t| format!("`{t}`")).collect();
        let d = Diagnostic {
            severity: crate::diagnostic::Severity::Note,
            ..Diagnostic::error(
                TF015,
                format!(
                    "not checked against a provider schema: {} (outside the types gatewright emits, whose schema it carries)",
                    names.join(", ")
                ),
            )
        };
        self.push(
            d,
            &at,
            "pass `--terraform-schema` with the output of `terraform providers schema -json` to check them",
        );
    }

    fn push(&mut self, d: Diagnostic, at: &At, help: impl Into<String>) {
        let loc = Location::pointer(self.file, at.ptr.clone());
        self.diags.push(d.at(loc).help(help));
    }

    pub(super) fn error(
        &mut self,
        code: &'static str,
        at: &At,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Diagnostic::error(code, msg), at, help);
    }

    pub(super) fn warning(
        &mut self,
        code: &'static str,
        at: &At,
        msg: impl Into<String>,
        help: impl Into<String>,
    ) {
        self.push(Diagnostic::warning(code, msg), at, help);
    }

    fn declared(&self, kind: Kind) -> &BTreeMap<&'a str, Declared<'a>> {
        match kind {
            Kind::Managed => &self.managed,
            Kind::Data => &self.data,
            Kind::Ephemeral => &self.ephemeral,
        }
    }

    fn declared_mut(&mut self, kind: Kind) -> &mut BTreeMap<&'a str, Declared<'a>> {
        match kind {
            Kind::Managed => &mut self.managed,
            Kind::Data => &mut self.data,
            Kind::Ephemeral => &mut self.ephemeral,
        }
    }

    /// The loaded provider a local name (`aws`, or `aws` from `aws.west`) stands for.
    fn provider(&self, local: &str) -> Option<&'a Provider> {
        let ty = self.local_providers.get(local).copied().unwrap_or(local);
        self.schema.provider(ty)
    }

    /// The schema for a resource-like type, chosen by its `provider` meta-argument or type
    /// prefix; any loaded provider that has the type will do when the name maps elsewhere.
    fn lookup(&self, kind: Kind, ty: &str, provider_arg: Option<&str>) -> Lookup<'a> {
        let local = provider_arg
            .and_then(|p| p.split('.').next())
            .unwrap_or_else(|| ty.split('_').next().unwrap_or(ty));
        let provider = self.provider(local);
        if let Some(block) = provider.and_then(|p| p.of(kind).get(ty)) {
            return Lookup::Known(block);
        }
        let schema: &'a ProviderSchema = self.schema;
        if let Some(block) = schema.providers.values().find_map(|p| p.of(kind).get(ty)) {
            return Lookup::Known(block);
        }
        if provider.is_some() {
            Lookup::UnknownType
        } else {
            Lookup::NoProvider
        }
    }

    /// Schema checks of every block body.
    fn check_sections(&mut self, s: &Sections<'a>) {
        let mut reported = BTreeSet::new();
        for (kind, items) in [
            (Kind::Managed, &s.resources),
            (Kind::Data, &s.data),
            (Kind::Ephemeral, &s.ephemeral),
        ] {
            for item in items {
                let ty = item.labels[0];
                let addr = address(kind, ty, item.labels[1]);
                let lookup = self.declared(kind)[ty].lookup;
                let block = match lookup {
                    Lookup::Known(block) => Some(block),
                    Lookup::UnknownType | Lookup::NoProvider if self.schema.pruned => {
                        let shown = match kind {
                            Kind::Managed => ty.to_string(),
                            Kind::Data => format!("data.{ty}"),
                            Kind::Ephemeral => format!("ephemeral.{ty}"),
                        };
                        self.unchecked
                            .entry(shown)
                            .or_insert_with(|| item.label_at[0].clone());
                        None
                    }
                    Lookup::UnknownType if kind == Kind::Managed => {
                        if reported.insert((kind, ty)) {
                            self.unknown_type(ty, &item.label_at[0]);
                        }
                        None
                    }
                    // Schema files are often trimmed to the resources in use, so a data or
                    // ephemeral source missing from one is only recorded (for references).
                    Lookup::UnknownType => None,
                    Lookup::NoProvider => {
                        if reported.insert((kind, ty)) {
                            self.unchecked_type(kind, ty, &item.label_at[0]);
                        }
                        None
                    }
                };
                self.check_body(item.body, block, &item.at, &addr, lang::Meta::from(kind));
            }
        }
        for item in &s.variables {
            self.check_variable(item.body, &item.at, &format!("var.{}", item.labels[0]));
        }
        for item in &s.outputs {
            self.check_output(item.body, &item.at, &format!("output.{}", item.labels[0]));
        }
        for item in &s.modules {
            self.check_module(item.body, &item.at, &format!("module.{}", item.labels[0]));
        }
        for item in &s.providers {
            let name = item.labels[0];
            let config = self.provider(name).and_then(|p| p.config.as_ref());
            if config.is_some() {
                let addr = format!("provider.{name}");
                self.check_body(item.body, config, &item.at, &addr, lang::Meta::Provider);
            }
        }
        for item in &s.checks {
            self.check_check(item.body, &item.at, &format!("check.{}", item.labels[0]));
        }
    }

    fn unknown_type(&mut self, ty: &str, at: &At) {
        let prefix = ty.split('_').next().unwrap_or(ty);
        let local = self.local_providers.get(prefix).copied().unwrap_or(prefix);
        let known = self
            .provider(prefix)
            .map(|p| p.resources.keys().map(String::as_str));
        let help = did_you_mean(ty, known.into_iter().flatten(), || {
            format!(
                "check the spelling; if the type is real, regenerate the schema file with \
                 `terraform providers schema -json` so it includes `{ty}`"
            )
        });
        self.error(
            TF001,
            at,
            format!("unknown resource type `{ty}`: the loaded `{local}` provider schema has no such resource"),
            help,
        );
    }

    fn unchecked_type(&mut self, kind: Kind, ty: &str, at: &At) {
        let what = match kind {
            Kind::Managed => "resource type",
            Kind::Data => "data source",
            Kind::Ephemeral => "ephemeral resource type",
        };
        let local = ty.split('_').next().unwrap_or(ty);
        self.warning(
            TF002,
            at,
            format!("{what} `{ty}` was not checked: no schema for provider `{local}` is loaded"),
            format!("add the `{local}` provider to the schema file to check its arguments"),
        );
    }
}

/// `aws_x.y`, `data.aws_x.y` or `ephemeral.aws_x.y`.
fn address(kind: Kind, ty: &str, name: &str) -> String {
    match kind {
        Kind::Managed => format!("{ty}.{name}"),
        Kind::Data => format!("data.{ty}.{name}"),
        Kind::Ephemeral => format!("ephemeral.{ty}.{name}"),
    }
}
