//! One loader for every YAML and JSON input: blueprints and the documents `validate` reads.
//!
//! It yields the value as JSON (`serde_json::Value`, members in the order written) and the
//! position of every node, found by JSON pointer ([`Spans`]), so that every diagnostic, from a
//! syntax error to a lint deep in a template, names `file:line:col`. YAML is read by
//! `saphyr-parser` (YAML 1.2, positions on every event); JSON is judged by `serde_json`, which
//! is strict where YAML is lenient (trailing commas), and positioned by the same YAML reader.
//!
//! Hostile input stays cheap: aliases count against a node and a text budget as they expand,
//! nesting has a depth limit, and the first duplicate key, refused tag, key that is a
//! collection or second document stops the load with its position. This module knows nothing
//! of blueprints or validation: each caller turns a [`LoadError`] into its own diagnostic.

pub mod de;
pub mod scalar;
pub mod spans;
pub mod text;
mod yaml;

pub use scalar::Scalars;
pub use spans::{Kind, Node, NodeId, Span, Spans, escape, unescape};
use text::Lines;

use serde_json::Value;

/// What the loader does with YAML tags.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tags {
    /// Refuse every tag but the core schema's (`!!str`): a blueprint holds plain values.
    Refuse,
    /// Turn CloudFormation short forms (`!Sub x`) into their long form (`{"Fn::Sub": x}`);
    /// refuse other tags.
    CloudFormation,
}

/// Limits and tag handling of one load.
#[derive(Debug, Clone)]
pub struct Options {
    /// What to do with tags.
    pub tags: Tags,
    /// Most nodes once aliases are expanded.
    pub max_nodes: usize,
    /// Most bytes of string scalars (keys included) once aliases are expanded.
    pub max_text_bytes: usize,
    /// Deepest nesting of mappings and sequences.
    pub max_depth: usize,
    /// How plain scalars are read: YAML 1.2 (blueprints) or YAML 1.1 (CloudFormation).
    pub scalars: Scalars,
}

/// A loaded document: its value and where each node of it is.
#[derive(Debug, Clone, Default)]
pub struct Loaded {
    /// The value, as JSON.
    pub value: Value,
    /// The positions, by JSON pointer.
    pub spans: Spans,
    /// Where each anchor (`&a`) and alias (`*a`) is written, in document order; `true` for
    /// an alias. CloudFormation refuses templates holding either.
    pub reuse: Vec<(Span, bool)>,
}

/// Why a load stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum ErrorKind {
    /// The YAML reader's message.
    Syntax(String),
    /// A `---` starts a second document.
    MultipleDocuments,
    /// A key written twice in one mapping; the position is the second one.
    Duplicate(String),
    /// A mapping key that is a sequence or a mapping.
    ComplexKey(Kind),
    /// A tag the options refuse (shown as written, `!Ref`).
    Tag(String),
    /// `!GetAtt` on text that is not `Resource.Attribute`.
    GetAttShape(String),
    /// More nodes than [`Options::max_nodes`]; `alias` when an alias made it so.
    Nodes {
        /// Whether the node that went over was an alias.
        alias: bool,
    },
    /// More text than [`Options::max_text_bytes`].
    TextBytes,
    /// Nesting deeper than [`Options::max_depth`].
    Depth,
    /// A control character YAML does not allow.
    ControlCharacter,
    /// Not valid JSON: `serde_json`'s message.
    Json(String),
}

/// A load that stopped: why, where, and the JSON pointer of the mapping or sequence it stopped
/// in (for a duplicate key, the mapping holding it).
#[derive(Debug, Clone)]
pub struct LoadError {
    /// Why.
    pub kind: ErrorKind,
    /// Where.
    pub at: Span,
    /// The pointer of the innermost collection open at the error.
    pub pointer: String,
}

/// CloudFormation short-form tags and the long-form key each one stands for.
pub const SHORT_FORMS: [(&str, &str); 20] = [
    ("Ref", "Ref"),
    ("Condition", "Condition"),
    ("GetAtt", "Fn::GetAtt"),
    ("Sub", "Fn::Sub"),
    ("Join", "Fn::Join"),
    ("If", "Fn::If"),
    ("Select", "Fn::Select"),
    ("Split", "Fn::Split"),
    ("Equals", "Fn::Equals"),
    ("Not", "Fn::Not"),
    ("And", "Fn::And"),
    ("Or", "Fn::Or"),
    ("Base64", "Fn::Base64"),
    ("GetAZs", "Fn::GetAZs"),
    ("ImportValue", "Fn::ImportValue"),
    ("FindInMap", "Fn::FindInMap"),
    ("Cidr", "Fn::Cidr"),
    ("Transform", "Fn::Transform"),
    ("Length", "Fn::Length"),
    ("ToJsonString", "Fn::ToJsonString"),
];

/// The long-form key of the short-form tag `tag` (`Ref`, `!GetAtt`), if it is one.
pub fn short_form_key(tag: &str) -> Option<&'static str> {
    let tag = tag.strip_prefix('!').unwrap_or(tag);
    SHORT_FORMS
        .iter()
        .find(|(short, _)| *short == tag)
        .map(|(_, long)| *long)
}

/// Loads YAML `text` (JSON is YAML too, but see [`json`]). A leading byte order mark is
/// skipped; positions on the first line count it, as editors do.
pub fn yaml(text: &str, opts: &Options) -> Result<Loaded, LoadError> {
    if let Some(at) = control_character(text) {
        return Err(LoadError {
            kind: ErrorKind::ControlCharacter,
            at,
            pointer: String::new(),
        });
    }
    yaml::build(text, opts, true)
}

/// Loads strict JSON: `serde_json` decides whether the text is JSON (and its value), the YAML
/// reader finds the positions and refuses duplicate keys. Should the YAML reader fail on valid
/// JSON, the document is still loaded, with the root as the only position.
pub fn json(text: &str) -> Result<Loaded, LoadError> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let lines = Lines::of(text);
        let offset = lines
            .start(e.line())
            .map_or(text.len(), |s| offset_of_column(text, s, e.column().max(1)));
        LoadError {
            kind: if e.to_string().contains("recursion limit") {
                ErrorKind::Depth
            } else {
                ErrorKind::Json(strip_position(&e.to_string()))
            },
            at: Span {
                line: e.line(),
                column: e.column().max(1),
                offset,
                end: offset,
            },
            pointer: String::new(),
        }
    })?;
    let opts = Options {
        tags: Tags::Refuse,
        max_nodes: usize::MAX,
        max_text_bytes: usize::MAX,
        max_depth: usize::MAX,
        scalars: Scalars::Core,
    };
    match yaml::build(text, &opts, false) {
        Ok(l) => Ok(Loaded {
            value,
            spans: l.spans,
            reuse: Vec::new(),
        }),
        Err(e) if matches!(e.kind, ErrorKind::Duplicate(_)) => Err(e),
        Err(_) => {
            let mut spans = Spans::default();
            let kind = match &value {
                Value::Object(_) => Kind::Mapping,
                Value::Array(_) => Kind::Sequence,
                _ => Kind::Scalar,
            };
            let start = text.len() - text.trim_start().len();
            let (line, column) = Lines::of(text).line_col(text, start);
            let at = Span {
                line,
                column,
                offset: start,
                end: start,
            };
            spans.push(None, at, kind, false);
            Ok(Loaded {
                value,
                spans,
                reuse: Vec::new(),
            })
        }
    }
}

/// `serde_json`'s message without its " at line L column C".
fn strip_position(msg: &str) -> String {
    msg.rfind(" at line ")
        .map_or(msg, |i| &msg[..i])
        .to_string()
}

/// The byte offset of 1-based character `column` on the line starting at byte `start`.
fn offset_of_column(text: &str, start: usize, column: usize) -> usize {
    text[start..]
        .char_indices()
        .nth(column - 1)
        .map_or(text.len(), |(i, _)| start + i)
}

/// The first character YAML does not allow in a document: C0 controls other than tab, line
/// feed and carriage return, DEL, C1 controls other than NEL, and the non-characters U+FFFE and
/// U+FFFF (a leading byte order mark is allowed).
fn control_character(text: &str) -> Option<Span> {
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let skip = text.len() - body.len();
    let (i, _) = body.char_indices().find(|(_, c)| {
        let c = *c as u32;
        (c < 0x20 && !matches!(c, 0x09 | 0x0a | 0x0d))
            || c == 0x7f
            || ((0x80..=0x9f).contains(&c) && c != 0x85)
            || c == 0xfffe
            || c == 0xffff
    })?;
    let (line, column) = Lines::of(text).line_col(text, i + skip);
    Some(Span {
        line,
        column,
        offset: i + skip,
        end: i + skip,
    })
}

#[cfg(test)]
mod tests;
