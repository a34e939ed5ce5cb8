//! API Gateway's mapping-template language: the Velocity (1.7) subset API Gateway runs, with
//! its `$input`, `$util`, `$context` and `$stageVariables`, so templates can be tried offline.
//!
//! Supported: text; `$x`, `${x}`, `$!x` with `.property`, `.method(args)` and `[index]`;
//! `#set`, `#define`, `#if`/`#elseif`/`#else`/`#end`, `#foreach` (with `$foreach.hasNext`, `.count`,
//! `.index`, `.first`, `.last`, `$velocityCount`, `$velocityHasNext`, and API Gateway's
//! 1,000-iteration cap), `#break`, `#stop`, `##` and `#* *#` comments, `#[[ ]]#`; operators
//! `! && || == != < <= > >= + - * / %` (and their word forms); strings (double-quoted ones
//! interpolate), integers, decimals, booleans, lists, ranges `[1..3]` and maps `{k: v}`.
//! Refused by name (an [`ErrorKind::Unsupported`] error, never a silent wrong answer):
//! `#macro`, `#parse`, `#include`, `#evaluate`, methods and `$util` functions the
//! engine does not run, and JSONPath beyond `$ . [n] ['k'] [*] .* ..k`.
//!
//! Null renders as nothing (API Gateway prints an absent value as an empty string).

mod ast;
mod eval;
mod expr;
mod input;
mod jsonpath;
mod methods;
mod parse;
mod util;
mod value;

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_aws;

pub use ast::Pos;
pub use eval::MAX_ITERATIONS;
pub use input::Input;
pub use jsonpath::JsonPath;
pub use util::{base64_decode, base64_encode, escape_javascript, url_decode, url_encode};
pub use value::Value;

use std::collections::HashMap;
use std::fmt;
use value::map_get;

/// What went wrong with a template.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// The template is not well formed.
    Syntax,
    /// It uses something outside the subset API Gateway (and this engine) runs.
    Unsupported,
    /// A value was wrong for what it met (a method's argument, an index).
    Runtime,
    /// `$input.json`/`$input.path` met a body that is not JSON (API Gateway answers 400).
    InvalidJson,
}

/// An error in a template, with where it happened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VtlError {
    /// What kind of error.
    pub kind: ErrorKind,
    /// Where in the template.
    pub pos: Pos,
    /// What happened, naming the construct.
    pub message: String,
}

impl VtlError {
    /// An error of `kind` at `pos`.
    pub fn new(kind: ErrorKind, pos: Pos, message: impl Into<String>) -> VtlError {
        VtlError {
            kind,
            pos,
            message: message.into(),
        }
    }
}

impl fmt::Display for VtlError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {}", self.pos.line, self.pos.col, self.message)
    }
}

impl std::error::Error for VtlError {}

/// A parsed template, ready to render many times.
#[derive(Debug, Clone)]
pub struct Template {
    nodes: Vec<ast::Node>,
}

/// What a template sees besides `$input`: `$context` values by dotted name
/// (`identity.sourceIp`) and `$stageVariables`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Scope {
    /// The request (or response) `$input` reads.
    pub input: Input,
    /// `$context` values by dotted name.
    pub context: Vec<(String, String)>,
    /// Stage variables.
    pub stage_variables: Vec<(String, String)>,
}

/// What `$context.requestOverride` and `$context.responseOverride` hold after a rendering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// `requestOverride.header`.
    pub header: Vec<(String, String)>,
    /// `requestOverride.querystring`.
    pub querystring: Vec<(String, String)>,
    /// `requestOverride.path`.
    pub path: Vec<(String, String)>,
    /// `responseOverride.status`.
    pub status: Option<String>,
    /// `responseOverride.header`.
    pub response_header: Vec<(String, String)>,
}

/// The result of a rendering.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Rendered {
    /// The text the template produced.
    pub text: String,
    /// What API Gateway would do silently but a user should know (a loop cut at 1,000).
    pub notes: Vec<String>,
    /// Overrides the template set.
    pub overrides: Overrides,
}

impl Template {
    /// Parses a template.
    pub fn parse(text: &str) -> Result<Template, VtlError> {
        parse::parse(text).map(|nodes| Template { nodes })
    }

    /// Renders the template for `scope`.
    pub fn render(&self, scope: &Scope) -> Result<Rendered, VtlError> {
        let context = context_map(&scope.context);
        let stage = Value::map(
            scope
                .stage_variables
                .iter()
                .map(|(k, v)| (k.clone(), Value::str(v)))
                .collect(),
        );
        let mut vars = HashMap::new();
        vars.insert("context".to_string(), context.clone());
        vars.insert("stageVariables".to_string(), stage);
        let mut ev = eval::Eval {
            input: &scope.input,
            vars,
            out: String::new(),
            notes: Vec::new(),
            blocks: HashMap::new(),
            depth: 0,
        };
        ev.run(&self.nodes)?;
        Ok(Rendered {
            text: ev.out,
            notes: ev.notes,
            overrides: overrides(&context),
        })
    }
}

/// Parses and renders in one step.
pub fn render(template: &str, scope: &Scope) -> Result<Rendered, VtlError> {
    Template::parse(template)?.render(scope)
}

/// `$context` as nested maps, with empty override maps a template may fill.
fn context_map(values: &[(String, String)]) -> Value {
    let root = Value::map(Vec::new());
    let put = |path: &str, v: Value| {
        let mut holder = root.clone();
        let mut parts: Vec<&str> = path.split('.').collect();
        let last = parts.pop().unwrap_or_default();
        for p in parts {
            let Value::Map(m) = &holder else { return };
            let next = match map_get(m, p) {
                Value::Map(x) => Value::Map(x),
                _ => {
                    let fresh = Value::map(Vec::new());
                    value::map_put(m, p.to_string(), fresh.clone());
                    fresh
                }
            };
            holder = next;
        }
        if let Value::Map(m) = &holder {
            value::map_put(m, last.to_string(), v);
        }
    };
    for (k, v) in values {
        put(k, Value::str(v));
    }
    for k in [
        "requestOverride.header",
        "requestOverride.querystring",
        "requestOverride.path",
        "responseOverride.header",
    ] {
        put(k, Value::map(Vec::new()));
    }
    root
}

fn overrides(context: &Value) -> Overrides {
    let get = |path: &str| -> Value {
        let mut v = context.clone();
        for p in path.split('.') {
            v = match &v {
                Value::Map(m) => map_get(m, p),
                _ => Value::Null,
            };
        }
        v
    };
    let pairs = |path: &str| -> Vec<(String, String)> {
        match get(path) {
            Value::Map(m) => m
                .borrow()
                .iter()
                .map(|(k, v)| (k.clone(), v.render()))
                .collect(),
            _ => Vec::new(),
        }
    };
    Overrides {
        header: pairs("requestOverride.header"),
        querystring: pairs("requestOverride.querystring"),
        path: pairs("requestOverride.path"),
        status: get("responseOverride.status").as_string(),
        response_header: pairs("responseOverride.header"),
    }
}
