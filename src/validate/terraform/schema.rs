//! The provider schema model and its reader (`terraform providers schema -json`).
//!
//! Only what the checker needs is kept: attribute types and flags, nested blocks with their
//! nesting mode and item limits, and deprecation. Descriptions are dropped.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Map, Value};

use super::{At, TF000};
use crate::diagnostic::{Diagnostic, Location};

/// A cty type as written in the schema JSON.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Cty {
    String,
    Number,
    Bool,
    Dynamic,
    List(Box<Cty>),
    Set(Box<Cty>),
    Map(Box<Cty>),
    /// Attribute types, and the attributes that may be left out.
    Object {
        attrs: BTreeMap<String, Cty>,
        optional: BTreeSet<String>,
    },
    Tuple(Vec<Cty>),
}

/// How a nested block (or nested attribute type) repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Nesting {
    Single,
    Group,
    List,
    Set,
    Map,
}

/// The type of an attribute: a plain cty type, or a plugin-framework nested type.
#[derive(Debug, Clone)]
pub(super) enum AttrType {
    Cty(Cty),
    Nested(Box<NestedBlock>),
}

/// One attribute of a block.
#[derive(Debug, Clone)]
pub(super) struct Attribute {
    pub ty: AttrType,
    pub required: bool,
    pub optional: bool,
    pub computed: bool,
    pub deprecated: bool,
}

impl Attribute {
    /// Set by the provider only: computed and neither optional nor required.
    pub fn computed_only(&self) -> bool {
        self.computed && !self.optional && !self.required
    }

    /// May appear in configuration.
    pub fn settable(&self) -> bool {
        !self.computed_only()
    }
}

/// A nested block type (or a nested attribute type, whose block has attributes only).
#[derive(Debug, Clone)]
pub(super) struct NestedBlock {
    pub mode: Nesting,
    pub block: Block,
    pub min_items: u64,
    /// 0 means unbounded.
    pub max_items: u64,
}

/// A block: the body of a resource, data source, provider or nested block.
#[derive(Debug, Clone, Default)]
pub(super) struct Block {
    pub attributes: BTreeMap<String, Attribute>,
    pub blocks: BTreeMap<String, NestedBlock>,
    pub deprecated: bool,
}

impl Block {
    /// Names a configuration may use: settable attributes and nested blocks.
    pub fn settable_names(&self) -> impl Iterator<Item = &str> {
        self.attributes
            .iter()
            .filter(|(_, a)| a.settable())
            .map(|(n, _)| n.as_str())
            .chain(self.blocks.keys().map(String::as_str))
    }

    /// Names a reference may read: every attribute and nested block.
    pub fn readable(&self, name: &str) -> bool {
        name == "id" || self.attributes.contains_key(name) || self.blocks.contains_key(name)
    }
}

/// What kind of thing a resource-like block declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum Kind {
    Managed,
    Data,
    Ephemeral,
}

/// One provider's schemas.
#[derive(Debug, Clone, Default)]
pub(super) struct Provider {
    pub config: Option<Block>,
    pub resources: BTreeMap<String, Block>,
    pub data_sources: BTreeMap<String, Block>,
    pub ephemeral: BTreeMap<String, Block>,
}

impl Provider {
    /// The schemas for `kind`.
    pub fn of(&self, kind: Kind) -> &BTreeMap<String, Block> {
        match kind {
            Kind::Managed => &self.resources,
            Kind::Data => &self.data_sources,
            Kind::Ephemeral => &self.ephemeral,
        }
    }

    /// Terraform's built-in provider (`terraform.io/builtin/terraform`), as far as a root
    /// module can use it without its schema being loaded: the `terraform_data` resource.
    fn builtin_terraform() -> Provider {
        let attr = |ty, optional, computed| Attribute {
            ty: AttrType::Cty(ty),
            required: false,
            optional,
            computed,
            deprecated: false,
        };
        let mut data = Block::default();
        data.attributes
            .insert("id".into(), attr(Cty::String, false, true));
        data.attributes
            .insert("input".into(), attr(Cty::Dynamic, true, false));
        data.attributes
            .insert("output".into(), attr(Cty::Dynamic, false, true));
        data.attributes
            .insert("triggers_replace".into(), attr(Cty::Dynamic, true, false));
        let mut p = Provider::default();
        p.resources.insert("terraform_data".into(), data);
        p
    }
}

/// A parsed provider schema, built once and reused for many documents.
///
/// Parsing the schema file is the slow part, so it is done once; [`super::check`] then only
/// reads it. Providers are keyed by local name, the last segment of their source address
/// (`registry.terraform.io/hashicorp/aws` is `aws`).
#[derive(Debug, Clone)]
pub struct ProviderSchema {
    pub(super) providers: BTreeMap<String, Provider>,
    /// Used for `terraform_*` types when no `terraform` provider schema is loaded.
    pub(super) builtin: Provider,
    /// True for the pruned schema gatewright carries: a type it lacks is not checked (one
    /// note lists them), where a full schema would call it unknown.
    pub(super) pruned: bool,
}

impl ProviderSchema {
    /// Parses the output of `terraform providers schema -json`. Errors are a Diagnostic (code
    /// TF000) naming what is wrong, so a broken schema file is reported like any other input.
    #[allow(
        clippy::result_large_err,
        reason = "the signature is the module's contract; this runs once per schema file"
    )]
    pub fn from_json(text: &str, file: &str) -> Result<ProviderSchema, Diagnostic> {
        Self::read(text, file).map_err(|f| {
            Diagnostic::error(TF000, f.msg)
                .at(f.location)
                .help("pass the unchanged output of `terraform providers schema -json`")
        })
    }

    fn read(text: &str, file: &str) -> Result<ProviderSchema, Fail> {
        let root: Value = serde_json::from_str(text).map_err(|e| Fail {
            msg: format!("provider schema is not valid JSON: {e}"),
            location: Location::new(file, e.line(), e.column()),
        })?;
        let reader = Reader { file };
        let root_at = At::default();
        let top = reader.object(&root, &root_at, "the provider schema")?;
        if let Some(v) = top.get("format_version") {
            let at = root_at.key("format_version");
            let version = v
                .as_str()
                .ok_or_else(|| reader.fail(&at, "`format_version` is not a string"))?;
            if version.split('.').next() != Some("1") {
                return Err(reader.fail(
                    &at,
                    format!("unsupported schema format_version `{version}` (expected 1.x)"),
                ));
            }
        }
        let at = root_at.key("provider_schemas");
        let Some(schemas) = top.get("provider_schemas") else {
            return Err(reader.fail(&root_at, "missing `provider_schemas`"));
        };
        let mut providers: BTreeMap<String, Provider> = BTreeMap::new();
        for (source, value) in reader.object(schemas, &at, "`provider_schemas`")? {
            let at = at.key(source);
            let local = source.rsplit('/').next().unwrap_or(source);
            if local.is_empty() {
                return Err(reader.fail(&at, format!("provider address `{source}` has no name")));
            }
            let parsed = reader.provider(value, &at)?;
            let entry = providers.entry(local.to_string()).or_default();
            if entry.config.is_none() {
                entry.config = parsed.config;
            }
            for (mine, theirs) in [
                (&mut entry.resources, parsed.resources),
                (&mut entry.data_sources, parsed.data_sources),
                (&mut entry.ephemeral, parsed.ephemeral),
            ] {
                for (name, block) in theirs {
                    mine.entry(name).or_insert(block);
                }
            }
        }
        Ok(ProviderSchema {
            providers,
            builtin: Provider::builtin_terraform(),
            pruned: false,
        })
    }

    /// The schema gatewright carries: the resource and data source types it emits, from
    /// hashicorp/aws 6.47.0 and hashicorp/archive 2.8.0 (`schemas/terraform/SOURCES.md`),
    /// read once. `validate` checks Terraform JSON against it when no schema is given.
    pub fn bundled() -> &'static ProviderSchema {
        static BUNDLED: std::sync::OnceLock<ProviderSchema> = std::sync::OnceLock::new();
        BUNDLED.get_or_init(|| {
            let text = include_str!("../../../schemas/terraform/providers.json");
            match Self::read(text, "schemas/terraform/providers.json") {
                Ok(schema) => ProviderSchema {
                    pruned: true,
                    ..schema
                },
                // The file is checked by a test; should it ever fail to read, every type is
                // reported as not checked rather than judged wrongly.
                Err(_) => ProviderSchema {
                    providers: BTreeMap::new(),
                    builtin: Provider::builtin_terraform(),
                    pruned: true,
                },
            }
        })
    }

    /// Resource types known to the schema (for messages and tests). Only types in the parsed
    /// file count; the built-in `terraform_data` does not.
    pub fn has_resource(&self, ty: &str) -> bool {
        self.providers
            .values()
            .any(|p| p.resources.contains_key(ty))
    }

    /// The loaded provider with this name, or the built-in one for `terraform`.
    pub(super) fn provider(&self, name: &str) -> Option<&Provider> {
        self.providers
            .get(name)
            .or_else(|| (name == "terraform").then_some(&self.builtin))
    }
}

/// Why the schema cannot be read, and where; becomes a TF000 diagnostic.
struct Fail {
    msg: String,
    location: Location,
}

/// Turns schema JSON into the model, failing at a pointer into the schema file.
struct Reader<'f> {
    file: &'f str,
}

impl Reader<'_> {
    fn fail(&self, at: &At, msg: impl Into<String>) -> Fail {
        Fail {
            msg: msg.into(),
            location: Location::pointer(self.file, at.ptr.clone()),
        }
    }

    fn object<'v>(
        &self,
        v: &'v Value,
        at: &At,
        what: &str,
    ) -> Result<&'v Map<String, Value>, Fail> {
        v.as_object()
            .ok_or_else(|| self.fail(at, format!("{what} is not a JSON object")))
    }

    fn flag(&self, obj: &Map<String, Value>, key: &str, at: &At) -> Result<bool, Fail> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(false),
            Some(Value::Bool(b)) => Ok(*b),
            Some(_) => Err(self.fail(&at.key(key), format!("`{key}` is not a boolean"))),
        }
    }

    fn count(&self, obj: &Map<String, Value>, key: &str, at: &At) -> Result<u64, Fail> {
        match obj.get(key) {
            None | Some(Value::Null) => Ok(0),
            Some(v) => v
                .as_u64()
                .ok_or_else(|| self.fail(&at.key(key), format!("`{key}` is not a whole number"))),
        }
    }

    fn provider(&self, v: &Value, at: &At) -> Result<Provider, Fail> {
        let obj = self.object(v, at, "a provider schema")?;
        let mut p = Provider::default();
        if let Some(config) = obj.get("provider") {
            let at = at.key("provider");
            p.config = Some(self.schema(config, &at)?);
        }
        for (key, map) in [
            ("resource_schemas", &mut p.resources),
            ("data_source_schemas", &mut p.data_sources),
            ("ephemeral_resource_schemas", &mut p.ephemeral),
        ] {
            let Some(value) = obj.get(key).filter(|v| !v.is_null()) else {
                continue;
            };
            let at = at.key(key);
            for (ty, schema) in self.object(value, &at, &format!("`{key}`"))? {
                map.insert(ty.clone(), self.schema(schema, &at.key(ty))?);
            }
        }
        Ok(p)
    }

    /// `{ "version": n, "block": Block }`.
    fn schema(&self, v: &Value, at: &At) -> Result<Block, Fail> {
        let obj = self.object(v, at, "a schema")?;
        let block = obj
            .get("block")
            .ok_or_else(|| self.fail(at, "schema has no `block`"))?;
        self.block(block, &at.key("block"))
    }

    fn block(&self, v: &Value, at: &At) -> Result<Block, Fail> {
        let obj = self.object(v, at, "a block")?;
        let mut block = Block {
            deprecated: self.flag(obj, "deprecated", at)?,
            ..Block::default()
        };
        if let Some(attrs) = obj.get("attributes").filter(|v| !v.is_null()) {
            let at = at.key("attributes");
            for (name, attr) in self.object(attrs, &at, "`attributes`")? {
                let parsed = self.attribute(attr, &at.key(name))?;
                block.attributes.insert(name.clone(), parsed);
            }
        }
        if let Some(types) = obj.get("block_types").filter(|v| !v.is_null()) {
            let at = at.key("block_types");
            for (name, nested) in self.object(types, &at, "`block_types`")? {
                let at = at.key(name);
                let nobj = self.object(nested, &at, "a nested block type")?;
                let inner = nobj
                    .get("block")
                    .ok_or_else(|| self.fail(&at, "nested block type has no `block`"))?;
                let parsed = NestedBlock {
                    mode: self.nesting(nobj, &at)?,
                    block: self.block(inner, &at.key("block"))?,
                    min_items: self.count(nobj, "min_items", &at)?,
                    max_items: self.count(nobj, "max_items", &at)?,
                };
                block.blocks.insert(name.clone(), parsed);
            }
        }
        Ok(block)
    }

    fn nesting(&self, obj: &Map<String, Value>, at: &At) -> Result<Nesting, Fail> {
        let at = at.key("nesting_mode");
        match obj.get("nesting_mode").and_then(Value::as_str) {
            Some("single") => Ok(Nesting::Single),
            Some("group") => Ok(Nesting::Group),
            Some("list") => Ok(Nesting::List),
            Some("set") => Ok(Nesting::Set),
            Some("map") => Ok(Nesting::Map),
            Some(other) => Err(self.fail(&at, format!("unknown nesting_mode `{other}`"))),
            None => Err(self.fail(&at, "missing or non-string `nesting_mode`")),
        }
    }

    fn attribute(&self, v: &Value, at: &At) -> Result<Attribute, Fail> {
        let obj = self.object(v, at, "an attribute")?;
        let ty = if let Some(ty) = obj.get("type") {
            AttrType::Cty(self.cty(ty, &at.key("type"))?)
        } else if let Some(nested) = obj.get("nested_type") {
            let nat = at.key("nested_type");
            let nobj = self.object(nested, &nat, "`nested_type`")?;
            let mut block = Block::default();
            if let Some(attrs) = nobj.get("attributes") {
                let aat = nat.key("attributes");
                for (name, attr) in self.object(attrs, &aat, "`attributes`")? {
                    let parsed = self.attribute(attr, &aat.key(name))?;
                    block.attributes.insert(name.clone(), parsed);
                }
            }
            AttrType::Nested(Box::new(NestedBlock {
                mode: self.nesting(nobj, &nat)?,
                block,
                min_items: self.count(nobj, "min_items", &nat)?,
                max_items: self.count(nobj, "max_items", &nat)?,
            }))
        } else {
            return Err(self.fail(at, "attribute has neither `type` nor `nested_type`"));
        };
        let attr = Attribute {
            ty,
            required: self.flag(obj, "required", at)?,
            optional: self.flag(obj, "optional", at)?,
            computed: self.flag(obj, "computed", at)?,
            deprecated: self.flag(obj, "deprecated", at)?,
        };
        if !(attr.required || attr.optional || attr.computed) {
            return Err(self.fail(
                at,
                "attribute is none of `required`, `optional` and `computed`",
            ));
        }
        Ok(attr)
    }

    fn cty(&self, v: &Value, at: &At) -> Result<Cty, Fail> {
        let bad = || self.fail(at, format!("unknown type {v}"));
        match v {
            Value::String(s) => match s.as_str() {
                "string" => Ok(Cty::String),
                "number" => Ok(Cty::Number),
                "bool" => Ok(Cty::Bool),
                "dynamic" => Ok(Cty::Dynamic),
                _ => Err(bad()),
            },
            Value::Array(parts) => {
                let kind = parts.first().and_then(Value::as_str).ok_or_else(bad)?;
                let arg = parts.get(1).ok_or_else(bad)?;
                let arg_at = at.index(1);
                match (kind, parts.len()) {
                    ("list", 2) => Ok(Cty::List(Box::new(self.cty(arg, &arg_at)?))),
                    ("set", 2) => Ok(Cty::Set(Box::new(self.cty(arg, &arg_at)?))),
                    ("map", 2) => Ok(Cty::Map(Box::new(self.cty(arg, &arg_at)?))),
                    ("tuple", 2) => {
                        let elems = arg.as_array().ok_or_else(bad)?;
                        let tys = elems
                            .iter()
                            .enumerate()
                            .map(|(i, e)| self.cty(e, &arg_at.index(i)))
                            .collect::<Result<_, _>>()?;
                        Ok(Cty::Tuple(tys))
                    }
                    ("object", 2 | 3) => {
                        let fields = self.object(arg, &arg_at, "an object type")?;
                        let mut attrs = BTreeMap::new();
                        for (name, ty) in fields {
                            attrs.insert(name.clone(), self.cty(ty, &arg_at.key(name))?);
                        }
                        let mut optional = BTreeSet::new();
                        if let Some(opt) = parts.get(2) {
                            let names = opt.as_array().ok_or_else(bad)?;
                            for name in names {
                                optional.insert(name.as_str().ok_or_else(bad)?.to_string());
                            }
                        }
                        Ok(Cty::Object { attrs, optional })
                    }
                    _ => Err(bad()),
                }
            }
            _ => Err(bad()),
        }
    }
}
