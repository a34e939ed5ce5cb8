//! Reading a document for validation: detecting its format, loading JSON or YAML (with the
//! CloudFormation short-form tags) through [`crate::load`], and turning JSON pointers back into
//! lines and columns.
//!
//! [`load()`] never panics and never runs unbounded: files above [`MAX_BYTES`], NUL bytes,
//! invalid UTF-8, nesting deeper than 128 levels, more than one YAML document and YAML aliases
//! that expand beyond a node budget all become diagnostics with the codes below.

mod detect;

use crate::diagnostic::{Diagnostic, Location};
use crate::load::{self, ErrorKind, Kind, LoadError, Options, Scalars, Span, Spans, Tags};
use detect::{LOOKED_FOR, detect};
use serde_json::Value;

/// The largest file [`load()`] reads: 16 MiB (CloudFormation itself stops at 1 MB).
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// The most YAML nodes one document may expand to (aliases included), whatever its size.
const MAX_NODES: usize = 4_000_000;

/// The most anchor and alias findings one template gets.
const MAX_REUSE_FINDINGS: usize = 10;

/// The deepest nesting of mappings and sequences a document may have.
const MAX_DEPTH: usize = 128;

/// Codes this module reports, defined in [`crate::codes`].
pub use crate::codes::{
    DOCUMENT_DUPLICATE_KEY as DUPLICATE_KEY, LIMIT, SYNTAX, TAG, UNKNOWN_FORMAT, UNREADABLE,
    UNSUPPORTED_VERSION, YAML_ALIAS,
};

/// A parsed document: its format, its value as JSON (YAML tags turned into long-form
/// intrinsics), and where each of its nodes is written.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path of the file as the user named it.
    pub file: String,
    /// The detected format.
    pub format: super::Format,
    /// The document as JSON.
    pub value: Value,
    /// Positions of the nodes, by JSON pointer.
    spans: Spans,
    /// Where the YAML text writes anchors and aliases (`true`: an alias).
    reuse: Vec<(Span, bool)>,
}

impl Document {
    /// The 1-based line and column of `pointer` (`/Resources/Api/Properties`): the key of an
    /// object member or the start of an array element. A pointer that names no node in the text
    /// (a missing property) gets its nearest ancestor's position; `None` only when the document
    /// has no node at all.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        let (id, _) = self.spans.nearest(pointer)?;
        let span = self.spans.place(id);
        Some((span.line, span.column))
    }

    /// Errors for the YAML anchors and aliases of a CloudFormation template, which
    /// CloudFormation refuses ("YAML aliases are not allowed"); the first
    /// ten of them, the last one saying how many more there are.
    pub fn reuse_findings(&self) -> Vec<Diagnostic> {
        if self.format != super::Format::CloudFormation {
            return Vec::new();
        }
        let total = self.reuse.len();
        self.reuse
            .iter()
            .take(MAX_REUSE_FINDINGS)
            .enumerate()
            .map(|(n, (at, alias))| {
                let mut message = if *alias {
                    "a YAML alias (`*name`): CloudFormation refuses templates that use aliases"
                        .to_string()
                } else {
                    "a YAML anchor (`&name`): CloudFormation refuses templates that use anchors"
                        .to_string()
                };
                if n + 1 == MAX_REUSE_FINDINGS && total > MAX_REUSE_FINDINGS {
                    message.push_str(&format!(
                        " ({} more anchors and aliases follow)",
                        total - MAX_REUSE_FINDINGS
                    ));
                }
                Diagnostic::error(YAML_ALIAS, message)
                    .at(Location::new(&self.file, at.line, at.column))
                    .help("write the value out in full wherever it is used")
            })
            .collect()
    }

    /// True when `pointer` itself (not an ancestor) has a position in the text.
    pub fn has_position(&self, pointer: &str) -> bool {
        self.spans.find(pointer).is_some()
    }

    /// Fills in the line and column of a finding about this document from its JSON pointer;
    /// a finding without a location gets the document's root.
    pub fn locate(&self, d: &mut Diagnostic) {
        self.locate_all(std::slice::from_mut(d));
    }

    /// [`locate`](Self::locate) for many findings.
    pub fn locate_all(&self, diags: &mut [Diagnostic]) {
        for d in diags.iter_mut() {
            let loc = d
                .location
                .get_or_insert_with(|| Box::new(Location::pointer(&self.file, "")));
            if loc.file.is_empty() {
                loc.file.clone_from(&self.file);
            }
            if loc.line == 0
                && loc.file == self.file
                && let Some((line, column)) = self.position(&loc.pointer)
            {
                loc.line = line;
                loc.column = column;
            }
        }
    }
}

/// Parses `bytes` (the contents of `file`), detects its format and records positions.
///
/// The format comes from the content: `AWSTemplateFormatVersion`, or `Resources` holding a
/// `Type: AWS::...`, is CloudFormation; `openapi: 3.0.x` is OpenAPI 3.0; `swagger: "2.0"` is
/// Swagger 2.0; a `.tf.json` name or a top-level `resource`, `terraform`, `provider`, `data` or
/// `module` is Terraform JSON.
pub fn load(file: &str, bytes: &[u8]) -> Result<Document, Diagnostic> {
    if bytes.len() > MAX_BYTES {
        return Err(Diagnostic::error(
            LIMIT,
            format!(
                "the file is {} bytes, above the {} MiB gatewright reads",
                bytes.len(),
                MAX_BYTES >> 20
            ),
        )
        .at(Location::new(file, 0, 0))
        .help("CloudFormation accepts templates up to 1 MB; split the document"));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    if bytes.iter().all(u8::is_ascii_whitespace) {
        let what = if bytes.is_empty() {
            "the file is empty"
        } else {
            "the file holds only whitespace"
        };
        return Err(Diagnostic::error(UNREADABLE, what)
            .at(Location::new(file, 0, 0))
            .help("name a CloudFormation template, an OpenAPI 3.0 or Swagger 2.0 document, or a .tf.json file"));
    }
    if let Some(i) = bytes.iter().position(|b| *b == 0) {
        let (line, column) = byte_line_col(bytes, i);
        return Err(Diagnostic::error(UNREADABLE, "the file holds a NUL byte")
            .at(Location::new(file, line, column))
            .help("this looks like a binary file; name a JSON or YAML document"));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let (line, column) = byte_line_col(bytes, e.valid_up_to());
            return Err(Diagnostic::error(UNREADABLE, "the file is not valid UTF-8")
                .at(Location::new(file, line, column))
                .help("save the file as UTF-8"));
        }
    };
    let loaded = parse(file, text)?;
    let reuse = loaded.reuse;
    let spans = loaded.spans;
    let format = detect(file, &loaded.value, |ptr| {
        let (id, _) = spans.nearest(ptr)?;
        let s = spans.place(id);
        Some((s.line, s.column))
    })?;
    Ok(Document {
        file: file.to_string(),
        format,
        value: loaded.value,
        spans,
        reuse,
    })
}

/// 1-based line and column of byte `at` in `bytes` (columns count characters).
fn byte_line_col(bytes: &[u8], at: usize) -> (usize, usize) {
    let before = &bytes[..at.min(bytes.len())];
    let line_start = before
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let line = before.iter().filter(|b| **b == b'\n').count() + 1;
    let column = String::from_utf8_lossy(&before[line_start..])
        .chars()
        .count()
        + 1;
    (line, column)
}

/// Parses JSON or YAML, whichever the name and the first character suggest.
fn parse(file: &str, text: &str) -> Result<load::Loaded, Diagnostic> {
    let lower = file.to_ascii_lowercase();
    let json_name = lower.ends_with(".json");
    let yaml_name = [".yaml", ".yml", ".template"]
        .iter()
        .any(|x| lower.ends_with(x));
    let looks_json = matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['));
    let result = if json_name || (looks_json && !yaml_name) {
        match parse_json(file, text) {
            Err(json_err) if !json_name && json_err.code == SYNTAX => {
                // Not a `.json` name: it may be YAML that starts with a flow mapping.
                parse_yaml(file, text).map_err(|yaml_err| {
                    if yaml_err.code == SYNTAX {
                        json_err
                    } else {
                        yaml_err
                    }
                })
            }
            other => other,
        }
    } else {
        parse_yaml(file, text)
    };
    match result {
        // Neither the name nor the text says JSON or YAML: say that, not where parsing failed.
        Err(d) if d.code == SYNTAX && !json_name && !yaml_name => Err(Diagnostic {
            code: UNKNOWN_FORMAT,
            message: format!("not a JSON or YAML document ({})", d.message),
            help: Some(LOOKED_FOR.to_string()),
            ..d
        }),
        other => other,
    }
}

fn parse_json(file: &str, text: &str) -> Result<load::Loaded, Diagnostic> {
    load::json(text).map_err(|e| {
        let at = Location::new(file, e.at.line, e.at.column);
        match e.kind {
            ErrorKind::Depth => Diagnostic::error(LIMIT, "the JSON nests deeper than 128 levels")
                .at(at)
                .help("flatten the document; no template or API description needs this depth"),
            ErrorKind::Duplicate(key) => Diagnostic::error(
                DUPLICATE_KEY,
                format!("the key `{key}` appears twice in the same object"),
            )
            .at(at)
            .help("JSON parsers keep only one of them, silently; remove or rename one"),
            ErrorKind::Json(msg) => Diagnostic::error(SYNTAX, format!("not valid JSON: {msg}"))
                .at(at)
                .help("fix the JSON syntax at this position"),
            _ => yaml_error(file, &e),
        }
    })
}

fn parse_yaml(file: &str, text: &str) -> Result<load::Loaded, Diagnostic> {
    let opts = Options {
        tags: Tags::CloudFormation,
        max_nodes: MAX_NODES.min(text.len().saturating_mul(2) + 10_000),
        max_text_bytes: usize::MAX,
        max_depth: MAX_DEPTH,
        scalars: Scalars::Yaml11,
    };
    load::yaml(text, &opts).map_err(|e| yaml_error(file, &e))
}

/// The diagnostic for a YAML document the loader refused.
fn yaml_error(file: &str, e: &LoadError) -> Diagnostic {
    const DEPTH_HELP: &str =
        "flatten the document; no template or API description needs this depth";
    const ALIAS_HELP: &str = "CloudFormation does not accept YAML aliases; write the values out";
    let (code, message, help) = match &e.kind {
        ErrorKind::Syntax(m) | ErrorKind::Json(m) => (
            SYNTAX,
            format!("not valid YAML: {m}"),
            "fix the YAML syntax at this position",
        ),
        ErrorKind::ControlCharacter => (
            SYNTAX,
            "not valid YAML: control characters are not allowed".to_string(),
            "fix the YAML syntax at this position",
        ),
        ErrorKind::MultipleDocuments => (
            SYNTAX,
            "the file holds more than one YAML document (`---`)".to_string(),
            "put each template or API description in a file of its own",
        ),
        ErrorKind::Duplicate(key) => (
            DUPLICATE_KEY,
            format!("the key `{key}` appears twice in the same mapping"),
            "YAML parsers disagree on which one wins; remove or rename one",
        ),
        ErrorKind::ComplexKey(kind) => (
            SYNTAX,
            format!(
                "a mapping key is {}; keys must be plain text",
                if *kind == Kind::Sequence {
                    "a list"
                } else {
                    "a mapping"
                }
            ),
            "write the key as a string",
        ),
        ErrorKind::Tag(tag) => (
            TAG,
            format!("unknown YAML tag `{tag}`"),
            "CloudFormation short forms are !Ref, !GetAtt, !Sub, !Join, !If, !Select, !Split, !Equals, !Not, !And, !Or, !Base64, !GetAZs, !ImportValue, !FindInMap, !Cidr, !Condition and !Transform",
        ),
        ErrorKind::GetAttShape(s) => (
            TAG,
            format!("`!GetAtt {s}` is not `Resource.Attribute`"),
            "write `!GetAtt LogicalId.Attribute`, for example `!GetAtt Role.Arn`",
        ),
        ErrorKind::Nodes { .. } | ErrorKind::TextBytes => (
            LIMIT,
            "the YAML expands to too many nodes (aliases repeat large parts of it)".to_string(),
            ALIAS_HELP,
        ),
        ErrorKind::Depth => (
            LIMIT,
            format!("the YAML nests deeper than {MAX_DEPTH} levels"),
            DEPTH_HELP,
        ),
    };
    Diagnostic::error(code, message)
        .at(Location::new(file, e.at.line, e.at.column))
        .help(help)
}

#[cfg(test)]
mod tests;
