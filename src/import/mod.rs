//! `gatewright import`: an OpenAPI 3.0 or Swagger 2.0 document with API Gateway's extensions
//! (an export of the console, a document written for `import-rest-api`, or gatewright's own
//! output) turned into a blueprint. Integrations become typed operations when lowering that
//! operation regenerates the same integration (see `typed.rs`), the generic `aws` operation
//! otherwise; what a blueprint cannot say is a located finding, never dropped silently.

mod api;
mod base;
mod refs;
mod route;
mod typed;
mod uri;
pub mod vars;
pub mod yaml;

use crate::codes::{IMPORT_PLACEHOLDER, IMPORT_REFUSED, IMPORT_UNREPRESENTABLE};
use crate::diagnostic::{Diagnostic, Location};
use crate::validate::Format;
use crate::validate::document::{self, Document};
use serde_json::{Map, Value, json};

/// How to import.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Keep a literal credentials role ARN as the role OpenAPI documents use
    /// (`env.execution_role_arn`) instead of deriving grants alone.
    pub keep_role: bool,
    /// An earlier blueprint of the API (its value), for what OpenAPI cannot carry: owned
    /// resources' and the stage's settings, the usage plan, tags, and generic routes' IAM.
    pub base: Option<Value>,
    /// The base blueprint's path: files it names (`definition_file`) are read beside it.
    pub base_file: Option<String>,
    /// Placeholders of another tool filled before reading (`--var NAME=VALUE`).
    pub vars: Vec<(String, String)>,
}

/// The result of an import: the blueprint text and what could not be carried over.
#[derive(Debug, Clone)]
pub struct Imported {
    /// The blueprint, as YAML.
    pub yaml: String,
    /// Findings about the imported document, each located in it.
    pub findings: Vec<Diagnostic>,
    /// Routes that became typed operations, as `METHOD /path -> operation`.
    pub typed: Vec<String>,
    /// Routes that stayed generic `aws` operations, as `METHOD /path`.
    pub generic: Vec<String>,
}

/// Imports the document `bytes` (read from `file`). Errors: the document does not parse, or
/// is not a REST API definition.
pub fn import(file: &str, bytes: &[u8], opts: &Options) -> Result<Imported, Vec<Diagnostic>> {
    let mut doc = document::load(file, bytes).map_err(|d| vec![d])?;
    let unused = vars::fill(&mut doc.value, &opts.vars);
    if !matches!(doc.format, Format::OpenApi3 | Format::Swagger2) {
        return Err(vec![refuse(
            &doc,
            "",
            "the document is not OpenAPI 3.0 or Swagger 2.0".into(),
        )]);
    }
    if let Some(at) = http_api_marker(&doc.value) {
        return Err(vec![refuse(
            &doc,
            &at,
            "this is an HTTP API (v2) definition (`payloadFormatVersion`, `integrationSubtype`): gatewright builds REST APIs".into(),
        )]);
    }
    let mut cx = Cx::new(&doc, opts.clone());
    let mut bp = Map::new();
    api::head(&mut cx, &mut bp);
    let routes = route::all(&mut cx);
    api::tail(&mut cx, &mut bp, &routes);
    if let Some(b) = &opts.base {
        base::apply(b, &mut bp);
    }
    let mut skeleton = bp.clone();
    skeleton.insert("auth".into(), s("none"));
    typed::check_owns(&mut cx, &mut skeleton);
    bp.insert(
        "owns".into(),
        skeleton.get("owns").cloned().unwrap_or(Value::Null),
    );
    if bp.get("owns").is_some_and(|o| {
        o.as_object().is_none_or(|m| {
            m.values()
                .all(|l| l.as_object().is_some_and(|x| x.is_empty()))
        })
    }) {
        bp.remove("owns");
    }
    let settled = typed::settle(&mut cx, &skeleton, routes);
    api::finish(&cx, &mut bp, settled);
    let mut findings = std::mem::take(&mut cx.findings);
    for name in unused {
        findings.push(
            Diagnostic::warning(
                IMPORT_PLACEHOLDER,
                format!("`--var {name}=...` names no placeholder of the document: `${{{name}}}` occurs nowhere"),
            )
            .at(Location::new(file, 0, 0))
            .help("check the name against the document's placeholders (`${name}`); the others were filled"),
        );
    }
    for p in std::mem::take(&mut cx.refs.placeholders)
        .into_iter()
        .collect::<std::collections::BTreeSet<_>>()
    {
        findings.push(
            Diagnostic::warning(
                IMPORT_PLACEHOLDER,
                format!("`{p}` is a placeholder of another tool (a Terraform template's variable?): kept as literal text `$${}`", &p[1..]),
            )
            .at(Location::pointer(file, cx.first_use(&p)))
            .help("fill it in the document before importing, or replace it in the blueprint by a reference (`${AWS::Region}`, `${jobs.arn}`)"),
        );
    }
    doc.locate_all(&mut findings);
    let header = vec![
        "yaml-language-server: $schema=../schemas/blueprint.schema.json".to_string(),
        String::new(),
        format!("Imported from {file} by `gatewright import`."),
    ];
    Ok(Imported {
        yaml: yaml::document(&header, &Value::Object(bp)),
        findings,
        typed: cx.typed,
        generic: cx.generic,
    })
}

fn refuse(doc: &Document, pointer: &str, message: String) -> Diagnostic {
    let mut d = Diagnostic::error(IMPORT_REFUSED, message)
        .at(Location::pointer(&doc.file, pointer))
        .help("give an OpenAPI 3.0 or Swagger 2.0 document of a REST API with `x-amazon-apigateway-integration` extensions");
    doc.locate(&mut d);
    d
}

/// The pointer of the first integration written for an HTTP API, if any.
fn http_api_marker(v: &Value) -> Option<String> {
    for (path, item) in v.get("paths")?.as_object()? {
        for (verb, op) in item.as_object().into_iter().flatten() {
            let i = op.get("x-amazon-apigateway-integration");
            if i.is_some_and(|i| {
                i.get("payloadFormatVersion").is_some() || i.get("integrationSubtype").is_some()
            }) {
                return Some(format!(
                    "/paths/{}/{verb}/x-amazon-apigateway-integration",
                    escape(path)
                ));
            }
        }
    }
    None
}

/// A JSON pointer segment.
pub(crate) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// What the import is working on: the document, what it found so far.
pub(crate) struct Cx<'a> {
    pub doc: &'a Document,
    pub v3: bool,
    pub opts: Options,
    pub findings: Vec<Diagnostic>,
    pub refs: refs::Refs,
    pub typed: Vec<String>,
    pub generic: Vec<String>,
    /// OPTIONS operations answered by a mock (CORS preflights), with their pointers.
    pub cors: Vec<(String, String, Value)>,
    /// Why the route being read cannot be a generic call, if it cannot.
    pub blocked: Option<(String, String)>,
    /// The paths that answer a CORS preflight.
    pub cors_paths: Vec<String>,
    /// Literal credentials of integrations, with their pointers.
    pub credentials: Vec<(String, String)>,
    /// The owned resources each route's integration names, by route.
    pub route_refs: std::collections::BTreeMap<String, std::collections::BTreeSet<String>>,
}

impl<'a> Cx<'a> {
    fn new(doc: &'a Document, opts: Options) -> Self {
        Cx {
            doc,
            v3: doc.format == Format::OpenApi3,
            opts,
            findings: Vec::new(),
            refs: refs::Refs::default(),
            typed: Vec::new(),
            generic: Vec::new(),
            cors: Vec::new(),
            cors_paths: Vec::new(),
            blocked: None,
            credentials: Vec::new(),
            route_refs: Default::default(),
        }
    }

    /// The owned resources route `key`'s integration names.
    pub fn refs_of(&self, key: &str) -> std::collections::BTreeSet<String> {
        self.route_refs.get(key).cloned().unwrap_or_default()
    }

    /// The document's value.
    pub fn root(&self) -> &'a Value {
        &self.doc.value
    }

    /// Reports something a blueprint cannot say, at `pointer`.
    pub fn lost(&mut self, pointer: &str, message: String) {
        self.findings.push(
            Diagnostic::warning(IMPORT_UNREPRESENTABLE, message)
                .at(Location::pointer(&self.doc.file, pointer)),
        );
    }

    /// Reports with its own help.
    pub fn lost_help(&mut self, pointer: &str, message: String, help: &str) {
        self.findings.push(
            Diagnostic::warning(IMPORT_UNREPRESENTABLE, message)
                .at(Location::pointer(&self.doc.file, pointer))
                .help(help),
        );
    }

    /// The pointer of the first string holding `needle`, for locating a placeholder.
    fn first_use(&self, needle: &str) -> String {
        fn walk(v: &Value, at: String, needle: &str) -> Option<String> {
            match v {
                Value::String(s) if s.contains(needle) => Some(at),
                Value::Object(m) => m
                    .iter()
                    .find_map(|(k, x)| walk(x, format!("{at}/{}", escape(k)), needle)),
                Value::Array(a) => a
                    .iter()
                    .enumerate()
                    .find_map(|(i, x)| walk(x, format!("{at}/{i}"), needle)),
                _ => None,
            }
        }
        walk(self.root(), String::new(), needle).unwrap_or_default()
    }
}

/// `json!` of a string.
pub(crate) fn s(v: &str) -> Value {
    json!(v)
}
