//! Reading a document for validation: detecting its format, parsing JSON or YAML (with the
//! CloudFormation short-form tags), and mapping JSON pointers back to lines and columns.
//!
//! [`load`] never panics and never runs unbounded: files above [`MAX_BYTES`], NUL bytes,
//! invalid UTF-8, nesting deeper than 128 levels, more than one YAML document and YAML aliases
//! that expand beyond a node budget all become diagnostics with the codes below.
//!
//! Positions come from small scanners over the original text that run after the parse
//! succeeded: an exact one for JSON, and for YAML a key-path locator that follows block
//! mappings, `- ` sequences, flow collections and the intrinsic tags, which is good enough for
//! the documents people write and tools emit.

use super::Format;
use crate::diagnostic::{Diagnostic, Location};
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, VariantAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::fmt;

/// Codes this module reports, defined in [`crate::codes`].
pub use crate::codes::{
    DOCUMENT_DUPLICATE_KEY as DUPLICATE_KEY, LIMIT, SYNTAX, TAG, UNKNOWN_FORMAT, UNREADABLE,
    UNSUPPORTED_VERSION,
};

/// The largest file [`load`] reads: 16 MiB (CloudFormation itself stops at 1 MB).
pub const MAX_BYTES: usize = 16 * 1024 * 1024;

/// The most YAML nodes one document may expand to (aliases included), whatever its size.
const MAX_NODES: usize = 4_000_000;

/// CloudFormation short-form tags and the long-form key each one stands for.
const SHORT_FORMS: [(&str, &str); 20] = [
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
fn short_form_key(tag: &str) -> Option<&'static str> {
    let tag = tag.strip_prefix('!').unwrap_or(tag);
    SHORT_FORMS
        .iter()
        .find(|(short, _)| *short == tag)
        .map(|(_, long)| *long)
}

/// A parsed document: its format, its value as JSON (YAML tags turned into long-form
/// intrinsics), and the text it came from, so that JSON pointers can be turned back into lines
/// and columns.
#[derive(Debug, Clone)]
pub struct Document {
    /// Path of the file as the user named it.
    pub file: String,
    /// The detected format.
    pub format: Format,
    /// The document as JSON.
    pub value: Value,
    /// The text, scanned again for the positions of the pointers asked for (positions of every
    /// node of a 16 MiB document would take far more memory than the document).
    text: String,
    /// YAML (else JSON).
    yaml: bool,
}

impl Document {
    /// The 1-based line and column of `pointer` (`/Resources/Api/Properties`): the key of an
    /// object member or the start of an array element. A pointer that names no node in the text
    /// (a missing property, a part of a value built from a YAML tag) gets its nearest ancestor's
    /// position; `None` only when not even the root was found.
    pub fn position(&self, pointer: &str) -> Option<(usize, usize)> {
        nearest(&self.positions([pointer]), pointer)
    }

    /// True when `pointer` itself (not an ancestor) has a position in the text.
    pub fn has_position(&self, pointer: &str) -> bool {
        self.positions([pointer]).contains_key(pointer)
    }

    /// Fills in the line and column of a finding about this document from its JSON pointer;
    /// a finding without a location gets the document's root.
    pub fn locate(&self, d: &mut Diagnostic) {
        self.locate_all(std::slice::from_mut(d));
    }

    /// [`locate`](Self::locate) for many findings, with one pass over the text.
    pub fn locate_all(&self, diags: &mut [Diagnostic]) {
        for d in diags.iter_mut() {
            let loc = d
                .location
                .get_or_insert_with(|| Box::new(Location::pointer(&self.file, "")));
            if loc.file.is_empty() {
                loc.file.clone_from(&self.file);
            }
        }
        let wanted = |d: &&mut Diagnostic| {
            d.location
                .as_ref()
                .is_some_and(|l| l.line == 0 && l.file == self.file)
        };
        let pointers: Vec<String> = diags
            .iter_mut()
            .filter(wanted)
            .filter_map(|d| d.location.as_ref().map(|l| l.pointer.clone()))
            .collect();
        if pointers.is_empty() {
            return;
        }
        let found = self.positions(pointers.iter().map(String::as_str));
        for d in diags.iter_mut().filter(wanted) {
            if let Some(loc) = d.location.as_mut()
                && let Some((line, column)) = nearest(&found, &loc.pointer)
            {
                loc.line = line;
                loc.column = column;
            }
        }
    }

    /// The positions of `pointers` and of all their ancestors that the text holds.
    fn positions<'p>(&self, pointers: impl IntoIterator<Item = &'p str>) -> Positions {
        let want = Want::of(pointers);
        positions_in(&self.text, self.yaml, Some(&want))
    }
}

/// The position of `pointer`, or of its nearest ancestor, in `found`.
fn nearest(found: &Positions, pointer: &str) -> Option<(usize, usize)> {
    let mut p = pointer;
    loop {
        if let Some(at) = found.get(p) {
            return Some(*at);
        }
        p = &p[..p.rfind('/')?];
    }
}

/// The JSON pointers a scan records: the ones asked for and all their ancestors. A scan only
/// looks inside nodes whose pointer is in the set.
struct Want(std::collections::HashSet<String>);

impl Want {
    fn of<'p>(pointers: impl IntoIterator<Item = &'p str>) -> Want {
        let mut set = std::collections::HashSet::new();
        for p in pointers {
            let mut p = p;
            loop {
                if !set.insert(p.to_string()) {
                    break;
                }
                match p.rfind('/') {
                    Some(i) => p = &p[..i],
                    None => break,
                }
            }
        }
        set.insert(String::new());
        Want(set)
    }
}

/// Positions of the pointers in `want` (every node when `None`).
fn positions_in(text: &str, yaml: bool, want: Option<&Want>) -> Positions {
    if yaml {
        let mut scan = YamlScan::new(text, want);
        scan.run();
        scan.out
    } else {
        let mut scan = JsonScan::new(text, want, false);
        scan.value(0);
        scan.out
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
    let (value, yaml) = parse(file, text)?;
    let format = detect(file, &value, |ptr| {
        nearest(&positions_in(text, yaml, Some(&Want::of([ptr]))), ptr)
    })?;
    Ok(Document {
        file: file.to_string(),
        format,
        value,
        text: text.to_string(),
        yaml,
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

type Positions = HashMap<String, (usize, usize)>;

/// Parses JSON or YAML, whichever the name and the first character suggest; true for YAML.
fn parse(file: &str, text: &str) -> Result<(Value, bool), Diagnostic> {
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

fn parse_json(file: &str, text: &str) -> Result<(Value, bool), Diagnostic> {
    let value: Value = serde_json::from_str(text).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.rfind(" at line ").map_or(&msg[..], |i| &msg[..i]);
        let at = Location::new(file, e.line(), e.column().max(1));
        if msg.contains("recursion limit") {
            Diagnostic::error(LIMIT, "the JSON nests deeper than 128 levels")
                .at(at)
                .help("flatten the document; no template or API description needs this depth")
        } else {
            Diagnostic::error(SYNTAX, format!("not valid JSON: {msg}"))
                .at(at)
                .help("fix the JSON syntax at this position")
        }
    })?;
    let nothing = Want(std::collections::HashSet::new());
    let mut scan = JsonScan::new(text, Some(&nothing), true);
    scan.value(0);
    if let Some((key, line, column)) = scan.dup {
        return Err(Diagnostic::error(
            DUPLICATE_KEY,
            format!("the key `{key}` appears twice in the same object"),
        )
        .at(Location::new(file, line, column))
        .help("JSON parsers keep only one of them, silently; remove or rename one"));
    }
    Ok((value, false))
}

fn parse_yaml(file: &str, text: &str) -> Result<(Value, bool), Diagnostic> {
    if let Some((line, column)) = FlowDepth::exceeded(text, MAX_FLOW_DEPTH) {
        return Err(Diagnostic::error(
            LIMIT,
            format!("the YAML nests `[`/`{{` deeper than {MAX_FLOW_DEPTH} levels"),
        )
        .at(Location::new(file, line, column))
        .help("flatten the document; no template or API description needs this depth"));
    }
    let ctx = Ctx {
        budget: Cell::new(MAX_NODES.min(text.len().saturating_mul(2) + 10_000)),
        failure: RefCell::new(None),
    };
    let result = Seed { ctx: &ctx }.deserialize(serde_yaml::Deserializer::from_str(text));
    let value = match result {
        Ok(v) => v,
        Err(e) => {
            let (line, column) = e
                .location()
                .map_or((0, 0), |l| (l.line(), l.column().max(1)));
            let at = Location::new(file, line, column);
            if let Some(f) = ctx.failure.into_inner() {
                let at = match &f.duplicate {
                    Some(key) => {
                        duplicate_position(text, key).map_or(at, |(l, c)| Location::new(file, l, c))
                    }
                    None => at,
                };
                return Err(Diagnostic::error(f.code, f.message).at(at).help(f.help));
            }
            let msg = e.to_string();
            let short = msg.find(" at line ").map_or(&msg[..], |i| &msg[..i]);
            return Err(if msg.contains("recursion limit exceeded") {
                Diagnostic::error(LIMIT, "the YAML nests deeper than 128 levels")
                    .at(at)
                    .help("flatten the document; no template or API description needs this depth")
            } else if msg.contains("repetition limit exceeded") {
                Diagnostic::error(LIMIT, "YAML aliases expand too many times")
                    .at(at)
                    .help("CloudFormation does not accept YAML aliases; write the values out")
            } else if msg.contains("more than one document") {
                Diagnostic::error(SYNTAX, "the file holds more than one YAML document (`---`)")
                    .at(at)
                    .help("put each template or API description in a file of its own")
            } else {
                Diagnostic::error(SYNTAX, format!("not valid YAML: {short}"))
                    .at(at)
                    .help("fix the YAML syntax at this position")
            });
        }
    };
    Ok((value, true))
}

/// Where a YAML mapping repeats `key`, found with the locator (the parser's own mark is the
/// start of the mapping).
fn duplicate_position(text: &str, key: &str) -> Option<(usize, usize)> {
    let nothing = Want(std::collections::HashSet::new());
    let mut scan = YamlScan::new(text, Some(&nothing));
    scan.dup_key = Some(key.to_string());
    scan.run();
    scan.dup_at
}

/// A JSON pointer segment for `key`.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

// ---------------------------------------------------------------------------------------------
// Format detection

/// What format detection looks for, as a help line.
const LOOKED_FOR: &str = "looked for `AWSTemplateFormatVersion` or `Resources` with `Type: AWS::...` \
     (CloudFormation), `openapi: 3.0.x` (OpenAPI), `swagger: \"2.0\"` (Swagger) and a `.tf.json` \
     name or a top-level `resource`, `terraform` or `provider` (Terraform JSON)";

fn detect(
    file: &str,
    value: &Value,
    position: impl Fn(&str) -> Option<(usize, usize)>,
) -> Result<Format, Diagnostic> {
    let at = |ptr: &str| {
        let (line, column) = position(ptr).unwrap_or((0, 0));
        let mut l = Location::new(file, line, column);
        l.pointer = ptr.to_string();
        l
    };
    let Some(top) = value.as_object() else {
        let what = match value {
            Value::Null => "the document holds no data".to_string(),
            other => format!("the document is {}, not a mapping", kind(other)),
        };
        return Err(Diagnostic::error(UNKNOWN_FORMAT, what)
            .at(at(""))
            .help(LOOKED_FOR));
    };
    if file.to_ascii_lowercase().ends_with(".tf.json") {
        return Ok(Format::TerraformJson);
    }
    let cfn_resources = top
        .get("Resources")
        .and_then(Value::as_object)
        .is_some_and(|r| {
            r.values().any(|res| {
                res.get("Type")
                    .and_then(Value::as_str)
                    .is_some_and(|t| t.starts_with("AWS::") || t.starts_with("Custom::"))
            })
        });
    if top.contains_key("AWSTemplateFormatVersion") || cfn_resources {
        return Ok(Format::CloudFormation);
    }
    if let Some(v) = top.get("openapi") {
        let version = version_text(v);
        return if version == "3.0" || version.starts_with("3.0.") {
            Ok(Format::OpenApi3)
        } else {
            let msg = if version.starts_with("3.1") {
                format!("OpenAPI {version} is not supported")
            } else {
                format!("unknown OpenAPI version `{version}`")
            };
            Err(Diagnostic::error(UNSUPPORTED_VERSION, msg)
                .at(at("/openapi"))
                .help("API Gateway REST APIs import OpenAPI 3.0.x and Swagger 2.0; write `openapi: 3.0.1`"))
        };
    }
    if let Some(v) = top.get("swagger") {
        let version = version_text(v);
        return if version == "2.0" || version == "2" {
            Ok(Format::Swagger2)
        } else {
            Err(Diagnostic::error(
                UNSUPPORTED_VERSION,
                format!("Swagger `{version}` is not supported"),
            )
            .at(at("/swagger"))
            .help("API Gateway imports Swagger 2.0 and OpenAPI 3.0.x; write `swagger: \"2.0\"`"))
        };
    }
    if ["resource", "terraform", "provider", "data", "module"]
        .iter()
        .any(|k| top.contains_key(*k))
    {
        return Ok(Format::TerraformJson);
    }
    Err(
        Diagnostic::error(UNKNOWN_FORMAT, "cannot tell what kind of document this is")
            .at(at(""))
            .help(LOOKED_FOR),
    )
}

fn version_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.trim().to_string(),
        Value::Number(n) => n.to_string(),
        other => kind(other).to_string(),
    }
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

// ---------------------------------------------------------------------------------------------
// YAML to JSON, with a node budget and the short-form tags

/// Why the YAML conversion stopped, when it was our decision rather than the parser's.
struct Failure {
    code: &'static str,
    message: String,
    help: String,
    /// The repeated key, for a duplicate.
    duplicate: Option<String>,
}

struct Ctx {
    budget: Cell<usize>,
    failure: RefCell<Option<Failure>>,
}

impl Ctx {
    fn fail<E: de::Error>(&self, code: &'static str, message: String, help: &str) -> E {
        let err = E::custom(&message);
        self.failure.borrow_mut().get_or_insert(Failure {
            code,
            message,
            help: help.to_string(),
            duplicate: None,
        });
        err
    }

    fn tick<E: de::Error>(&self) -> Result<(), E> {
        match self.budget.get().checked_sub(1) {
            Some(left) => {
                self.budget.set(left);
                Ok(())
            }
            None => Err(self.fail(
                LIMIT,
                "the YAML expands to too many nodes (aliases repeat large parts of it)".into(),
                "CloudFormation does not accept YAML aliases; write the values out",
            )),
        }
    }
}

/// Builds a `serde_json::Value` straight from the YAML events.
#[derive(Clone, Copy)]
struct Seed<'c> {
    ctx: &'c Ctx,
}

impl<'de> DeserializeSeed<'de> for Seed<'_> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Seed<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Value, E> {
        self.ctx.tick()?;
        Ok(Value::Bool(v))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Value, E> {
        self.ctx.tick()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Value, E> {
        self.ctx.tick()?;
        Ok(Value::Number(v.into()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        self.ctx.tick()?;
        Ok(Value::String(v.to_string()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        self.ctx.tick()?;
        Ok(Value::String(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        self.ctx.tick()?;
        Ok(Number::from_f64(v).map_or_else(|| Value::String(v.to_string()), Value::Number))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Value, E> {
        self.ctx.tick()?;
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Value, E> {
        self.ctx.tick()?;
        Ok(Value::String(v))
    }

    fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Value, E> {
        self.ctx.tick()?;
        Ok(Value::String(String::from_utf8_lossy(v).into_owned()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Value, E> {
        self.ctx.tick()?;
        Ok(Value::Null)
    }

    fn visit_none<E: de::Error>(self) -> Result<Value, E> {
        self.visit_unit()
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        self.ctx.tick()?;
        let mut out = Vec::new();
        while let Some(v) = seq.next_element_seed(self)? {
            out.push(v);
        }
        Ok(Value::Array(out))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        self.ctx.tick()?;
        let mut out = Map::new();
        while let Some(k) = map.next_key_seed(self)? {
            let key = match k {
                Value::String(s) => s,
                Value::Null => "null".to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Number(n) => n.to_string(),
                other => {
                    return Err(self.ctx.fail(
                        SYNTAX,
                        format!("a mapping key is {}; keys must be plain text", kind(&other)),
                        "write the key as a string",
                    ));
                }
            };
            let v = map.next_value_seed(self)?;
            if out.contains_key(&key) {
                let err = self.ctx.fail(
                    DUPLICATE_KEY,
                    format!("the key `{key}` appears twice in the same mapping"),
                    "YAML parsers disagree on which one wins; remove or rename one",
                );
                if let Some(f) = self.ctx.failure.borrow_mut().as_mut()
                    && f.code == DUPLICATE_KEY
                {
                    f.duplicate = Some(key);
                }
                return Err(err);
            }
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Value, A::Error> {
        let (tag, body): (String, A::Variant) = data.variant()?;
        let tag = tag.trim_start_matches('!').to_string();
        let long = if tag.is_empty() {
            None
        } else {
            match short_form_key(&tag) {
                Some(long) => Some(long),
                None => {
                    return Err(self.ctx.fail(
                        TAG,
                        format!("unknown YAML tag `!{tag}`"),
                        "CloudFormation short forms are !Ref, !GetAtt, !Sub, !Join, !If, !Select, !Split, !Equals, !Not, !And, !Or, !Base64, !GetAZs, !ImportValue, !FindInMap, !Cidr, !Condition and !Transform",
                    ));
                }
            }
        };
        let inner = body.newtype_variant_seed(self)?;
        let Some(long) = long else {
            return Ok(inner);
        };
        let inner = match (long, inner) {
            ("Fn::GetAtt", Value::String(s)) => match s.split_once('.') {
                Some((res, attr)) if !res.is_empty() && !attr.is_empty() => {
                    Value::Array(vec![Value::String(res.into()), Value::String(attr.into())])
                }
                _ => {
                    return Err(self.ctx.fail(
                        TAG,
                        format!("`!GetAtt {s}` is not `Resource.Attribute`"),
                        "write `!GetAtt LogicalId.Attribute`, for example `!GetAtt Role.Arn`",
                    ));
                }
            },
            ("Ref" | "Condition" | "Fn::ImportValue", Value::Number(n)) => {
                Value::String(n.to_string())
            }
            ("Ref" | "Condition", Value::Bool(b)) => Value::String(b.to_string()),
            (_, v) => v,
        };
        let mut m = Map::new();
        m.insert(long.to_string(), inner);
        Ok(Value::Object(m))
    }
}

// ---------------------------------------------------------------------------------------------
// Flow nesting, measured the way libyaml's scanner sees it

/// The deepest `[`/`{` nesting `validate` lets libyaml scan. libyaml spends time proportional
/// to the flow depth on every token, so 100,000 nested `[` take minutes, long before serde_yaml
/// reports its own limit of 128 levels. No valid document nests deeper than that limit.
const MAX_FLOW_DEPTH: usize = 128;

/// A possible simple key: byte index and line of its first character, and its column.
#[derive(Clone, Copy)]
struct SimpleKey {
    index: usize,
    line: usize,
    column: usize,
}

/// Follows libyaml's scanner (unsafe-libyaml 0.2, a port of libyaml 0.2.5) through `text`,
/// token by token, just far enough to know its flow level: comments, quoted, plain and block
/// scalars (whose extent depends on the block indentation, so simple keys and the indentation
/// stack are tracked too), tags, anchors and indicators. Where libyaml would report an error,
/// this carries on, which can only make the depth it measures larger.
struct FlowDepth<'a> {
    b: &'a [u8],
    pos: usize,
    line: usize,
    column: usize,
    flow: usize,
    indent: isize,
    indents: Vec<isize>,
    simple_key_allowed: bool,
    /// One slot per flow level (the block context's first).
    keys: Vec<Option<SimpleKey>>,
}

impl<'a> FlowDepth<'a> {
    /// The 1-based line and column of the first `[` or `{` that opens flow level
    /// `max + 1`, if any.
    fn exceeded(text: &'a str, max: usize) -> Option<(usize, usize)> {
        let mut s = FlowDepth {
            b: text.as_bytes(),
            pos: 0,
            line: 0,
            column: 0,
            flow: 0,
            indent: -1,
            indents: Vec::new(),
            simple_key_allowed: true,
            keys: vec![None],
        };
        s.run(max)
    }

    fn at(&self, i: usize) -> u8 {
        self.b.get(self.pos + i).copied().unwrap_or(0)
    }

    fn eof(&self) -> bool {
        self.pos >= self.b.len()
    }

    /// The byte length of the line break at `pos + i`, if one is there (`\r\n`, `\r`, `\n`,
    /// NEL, LS, PS).
    fn break_len(&self, i: usize) -> Option<usize> {
        match (self.at(i), self.at(i + 1), self.at(i + 2)) {
            (b'\r', b'\n', _) => Some(2),
            (b'\r' | b'\n', _, _) => Some(1),
            (0xC2, 0x85, _) => Some(2),
            (0xE2, 0x80, 0xA8 | 0xA9) => Some(3),
            _ => None,
        }
    }

    fn is_break(&self, i: usize) -> bool {
        self.break_len(i).is_some()
    }

    fn is_blank(&self, i: usize) -> bool {
        matches!(self.at(i), b' ' | b'\t')
    }

    /// Blank, line break or end of input.
    fn is_blankz(&self, i: usize) -> bool {
        self.pos + i >= self.b.len() || self.is_blank(i) || self.is_break(i)
    }

    /// Moves past one character.
    fn skip(&mut self) {
        let width = match self.at(0) {
            0x00..=0x7F => 1,
            0xC0..=0xDF => 2,
            0xE0..=0xEF => 3,
            _ => 4,
        };
        self.pos = (self.pos + width).min(self.b.len());
        self.column += 1;
    }

    /// Moves past a line break (or one character, if there is none).
    fn skip_line(&mut self) {
        match self.break_len(0) {
            Some(n) => {
                self.pos += n;
                self.line += 1;
                self.column = 0;
            }
            None => self.skip(),
        }
    }

    fn document_indicator(&self) -> bool {
        self.column == 0
            && (self.b[self.pos..].starts_with(b"---") || self.b[self.pos..].starts_with(b"..."))
            && self.is_blankz(3)
    }

    fn save_key(&mut self) {
        if self.simple_key_allowed {
            let key = SimpleKey {
                index: self.pos,
                line: self.line,
                column: self.column,
            };
            if let Some(slot) = self.keys.last_mut() {
                *slot = Some(key);
            }
        }
    }

    fn remove_key(&mut self) {
        if let Some(slot) = self.keys.last_mut() {
            *slot = None;
        }
    }

    fn roll_indent(&mut self, column: usize) {
        if self.flow == 0 && self.indent < column as isize {
            self.indents.push(self.indent);
            self.indent = column as isize;
        }
    }

    fn unroll_indent(&mut self, column: isize) {
        if self.flow == 0 {
            while self.indent > column {
                self.indent = self.indents.pop().unwrap_or(-1);
            }
        }
    }

    fn run(&mut self, max: usize) -> Option<(usize, usize)> {
        loop {
            self.skip_to_next_token();
            // Stale simple keys: on another line or more than 1024 bytes back.
            for slot in &mut self.keys {
                if slot.is_some_and(|k| k.line < self.line || k.index + 1024 < self.pos) {
                    *slot = None;
                }
            }
            self.unroll_indent(self.column as isize);
            if self.eof() {
                return None;
            }
            let c = self.at(0);
            let next_blankz = self.is_blankz(1);
            if self.column == 0 && c == b'%' {
                self.unroll_indent(-1);
                self.remove_key();
                self.simple_key_allowed = false;
                while !self.eof() && !self.is_break(0) {
                    self.skip();
                }
                continue;
            }
            if self.document_indicator() {
                self.unroll_indent(-1);
                self.remove_key();
                self.simple_key_allowed = false;
                for _ in 0..3 {
                    self.skip();
                }
                continue;
            }
            match c {
                b'[' | b'{' => {
                    self.save_key();
                    self.flow += 1;
                    if self.flow > max {
                        return Some((self.line + 1, self.column + 1));
                    }
                    self.keys.push(None);
                    self.simple_key_allowed = true;
                    self.skip();
                }
                b']' | b'}' => {
                    self.remove_key();
                    if self.flow > 0 {
                        self.flow -= 1;
                        self.keys.pop();
                    }
                    self.simple_key_allowed = false;
                    self.skip();
                }
                b',' => {
                    self.remove_key();
                    self.simple_key_allowed = true;
                    self.skip();
                }
                b'-' if next_blankz => {
                    self.roll_indent(self.column);
                    self.remove_key();
                    self.simple_key_allowed = true;
                    self.skip();
                }
                b'?' if self.flow > 0 || next_blankz => {
                    self.roll_indent(self.column);
                    self.remove_key();
                    self.simple_key_allowed = self.flow == 0;
                    self.skip();
                }
                b':' if self.flow > 0 || next_blankz => {
                    match self.keys.last_mut().and_then(Option::take) {
                        Some(key) => {
                            self.roll_indent(key.column);
                            self.simple_key_allowed = false;
                        }
                        None => {
                            self.roll_indent(self.column);
                            self.simple_key_allowed = self.flow == 0;
                        }
                    }
                    self.skip();
                }
                b'*' | b'&' => {
                    self.save_key();
                    self.simple_key_allowed = false;
                    self.skip();
                    while self.at(0).is_ascii_alphanumeric() || matches!(self.at(0), b'_' | b'-') {
                        self.skip();
                    }
                }
                b'!' => {
                    self.save_key();
                    self.simple_key_allowed = false;
                    self.tag();
                }
                b'|' | b'>' if self.flow == 0 => {
                    self.remove_key();
                    self.simple_key_allowed = true;
                    self.block_scalar();
                }
                b'\'' | b'"' => {
                    self.save_key();
                    self.simple_key_allowed = false;
                    self.quoted(c);
                }
                b'-' | b'?' | b':' => self.plain(),
                b'#' | b'|' | b'>' | b'%' | b'@' | b'`' | b' ' | b'\t' => self.skip(),
                _ if self.is_break(0) => self.skip_line(),
                _ => self.plain(),
            }
        }
    }

    fn skip_to_next_token(&mut self) {
        loop {
            if self.column == 0 && self.b[self.pos..].starts_with(b"\xEF\xBB\xBF") {
                self.skip();
            }
            while self.at(0) == b' '
                || ((self.flow > 0 || !self.simple_key_allowed) && self.at(0) == b'\t')
            {
                self.skip();
            }
            if self.at(0) == b'#' {
                while !self.eof() && !self.is_break(0) {
                    self.skip();
                }
            }
            if !self.is_break(0) {
                return;
            }
            self.skip_line();
            if self.flow == 0 {
                self.simple_key_allowed = true;
            }
        }
    }

    fn tag(&mut self) {
        self.skip();
        if self.at(0) == b'<' {
            while !self.is_blankz(0) && self.at(0) != b'>' {
                self.skip();
            }
            if self.at(0) == b'>' {
                self.skip();
            }
            return;
        }
        while self.at(0).is_ascii_alphanumeric() || b"_-;/?:@&=+$.%!~*'()".contains(&self.at(0)) {
            self.skip();
        }
    }

    fn quoted(&mut self, q: u8) {
        self.skip();
        loop {
            if self.eof() {
                return;
            }
            while !self.is_blankz(0) {
                if q == b'\'' && self.at(0) == b'\'' && self.at(1) == b'\'' {
                    self.skip();
                    self.skip();
                } else if self.at(0) == q {
                    break;
                } else if q == b'"' && self.at(0) == b'\\' && self.is_break(1) {
                    self.skip();
                    self.skip_line();
                    break;
                } else if q == b'"' && self.at(0) == b'\\' {
                    self.skip();
                    self.skip();
                } else {
                    self.skip();
                }
            }
            if self.at(0) == q {
                self.skip();
                return;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    self.skip();
                } else {
                    self.skip_line();
                }
            }
        }
    }

    fn plain(&mut self) {
        self.save_key();
        self.simple_key_allowed = false;
        let indent = self.indent + 1;
        let mut leading_blanks = false;
        loop {
            if self.document_indicator() || self.at(0) == b'#' {
                break;
            }
            while !self.is_blankz(0) {
                let c = self.at(0);
                if (c == b':'
                    && (self.is_blankz(1) || (self.flow > 0 && b",?[]{}".contains(&self.at(1)))))
                    || (self.flow > 0 && b",[]{}".contains(&c))
                {
                    break;
                }
                self.skip();
            }
            if !(self.is_blank(0) || self.is_break(0)) {
                break;
            }
            while self.is_blank(0) || self.is_break(0) {
                if self.is_blank(0) {
                    self.skip();
                } else {
                    self.skip_line();
                    leading_blanks = true;
                }
            }
            if self.flow == 0 && (self.column as isize) < indent {
                break;
            }
        }
        if leading_blanks {
            self.simple_key_allowed = true;
        }
    }

    fn block_scalar(&mut self) {
        self.skip();
        let mut increment = 0isize;
        if matches!(self.at(0), b'+' | b'-') {
            self.skip();
            if self.at(0).is_ascii_digit() {
                increment = isize::from(self.at(0) - b'0');
                self.skip();
            }
        } else if self.at(0).is_ascii_digit() {
            increment = isize::from(self.at(0) - b'0');
            self.skip();
            if matches!(self.at(0), b'+' | b'-') {
                self.skip();
            }
        }
        while self.is_blank(0) {
            self.skip();
        }
        if self.at(0) == b'#' {
            while !self.eof() && !self.is_break(0) {
                self.skip();
            }
        }
        if !self.eof() && !self.is_break(0) {
            // libyaml stops with an error here.
            return;
        }
        if self.is_break(0) {
            self.skip_line();
        }
        let mut indent = if increment > 0 {
            if self.indent >= 0 {
                self.indent + increment
            } else {
                increment
            }
        } else {
            0
        };
        self.block_breaks(&mut indent);
        while self.column as isize == indent && !self.eof() {
            while !self.eof() && !self.is_break(0) {
                self.skip();
            }
            if self.eof() {
                return;
            }
            self.skip_line();
            self.block_breaks(&mut indent);
        }
    }

    fn block_breaks(&mut self, indent: &mut isize) {
        let mut max_indent = 0isize;
        loop {
            while (*indent == 0 || (self.column as isize) < *indent) && self.at(0) == b' ' {
                self.skip();
            }
            max_indent = max_indent.max(self.column as isize);
            if !self.is_break(0) {
                break;
            }
            self.skip_line();
        }
        if *indent == 0 {
            *indent = max_indent.max(self.indent + 1).max(1);
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Text scanning

/// A byte cursor that keeps the 1-based line and character column of the next byte.
struct Cursor<'a> {
    b: &'a [u8],
    pos: usize,
    line: usize,
    col: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str, pos: usize, line: usize, col: usize) -> Self {
        Cursor {
            b: text.as_bytes(),
            pos,
            line,
            col,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    fn peek_at(&self, n: usize) -> Option<u8> {
        self.b.get(self.pos + n).copied()
    }

    fn bump(&mut self) {
        if let Some(&c) = self.b.get(self.pos) {
            self.pos += 1;
            if c == b'\n' {
                self.line += 1;
                self.col = 1;
            } else if c & 0xC0 != 0x80 {
                self.col += 1;
            }
        }
    }

    fn at(&self) -> (usize, usize) {
        (self.line, self.col)
    }

    /// Skips a quoted string starting at the opening quote (`"` with backslash escapes, or
    /// `'` with `''`).
    fn skip_quoted(&mut self) {
        let Some(q) = self.peek() else { return };
        self.bump();
        while let Some(c) = self.peek() {
            self.bump();
            if c == b'\\' && q == b'"' {
                self.bump();
            } else if c == q {
                if q == b'\'' && self.peek() == Some(b'\'') {
                    self.bump();
                } else {
                    return;
                }
            }
        }
    }

    /// The text of a quoted string at the cursor, unescaped, and moves past it.
    fn quoted(&mut self) -> String {
        let start = self.pos;
        self.skip_quoted();
        let raw = std::str::from_utf8(&self.b[start..self.pos]).unwrap_or("");
        unquote(raw)
    }
}

/// The content of a quoted YAML or JSON scalar (`"a\"b"`, `'it''s'`), unescaped.
fn unquote(raw: &str) -> String {
    if let Some(inner) = raw.strip_prefix('\'') {
        return inner.strip_suffix('\'').unwrap_or(inner).replace("''", "'");
    }
    if !raw.contains('\\') {
        let inner = raw.strip_prefix('"').unwrap_or(raw);
        return inner.strip_suffix('"').unwrap_or(inner).to_string();
    }
    serde_json::from_str::<String>(raw).unwrap_or_else(|_| {
        let inner = raw.strip_prefix('"').unwrap_or(raw);
        inner.strip_suffix('"').unwrap_or(inner).to_string()
    })
}

/// Walks a JSON text that `serde_json` has already accepted, recording the positions of the
/// wanted object keys and array elements, and (when asked) finding the first key repeated in
/// one object. Subtrees that hold nothing wanted are skipped without looking inside, unless
/// duplicates are being searched.
struct JsonScan<'a, 'w> {
    cur: Cursor<'a>,
    out: Positions,
    ptr: String,
    want: Option<&'w Want>,
    find_dups: bool,
    /// The first duplicate key: (key, line, column).
    dup: Option<(String, usize, usize)>,
}

impl<'a, 'w> JsonScan<'a, 'w> {
    fn new(text: &'a str, want: Option<&'w Want>, find_dups: bool) -> Self {
        JsonScan {
            cur: Cursor::new(text, 0, 1, 1),
            out: HashMap::new(),
            ptr: String::new(),
            want,
            find_dups,
            dup: None,
        }
    }

    fn wanted(&self) -> bool {
        self.want.is_none_or(|w| w.0.contains(&self.ptr))
    }

    fn ws(&mut self) {
        while matches!(self.cur.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.cur.bump();
        }
    }

    fn value(&mut self, depth: usize) {
        self.ws();
        let wanted = self.wanted();
        if wanted {
            let at = self.cur.at();
            self.out.entry(self.ptr.clone()).or_insert(at);
        }
        let open = wanted || self.find_dups;
        match self.cur.peek() {
            Some(b'{') if open && depth < 512 => self.object(depth),
            Some(b'[') if open && depth < 512 => self.array(depth),
            Some(b'{' | b'[') => self.skip_nested(),
            Some(b'"') => self.cur.skip_quoted(),
            _ => {
                while let Some(c) = self.cur.peek() {
                    if matches!(c, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.cur.bump();
                }
            }
        }
    }

    fn object(&mut self, depth: usize) {
        self.cur.bump();
        let base = self.ptr.len();
        let mut keys = std::collections::HashSet::new();
        loop {
            self.ws();
            match self.cur.peek() {
                Some(b'"') => {}
                Some(b',') => {
                    self.cur.bump();
                    continue;
                }
                Some(b'}') => {
                    self.cur.bump();
                    return;
                }
                _ => return,
            }
            let (line, col) = self.cur.at();
            let key = self.cur.quoted();
            self.ptr.push('/');
            self.ptr.push_str(&escape(&key));
            if self.wanted() {
                self.out.entry(self.ptr.clone()).or_insert((line, col));
            }
            if self.find_dups && self.dup.is_none() && !keys.insert(key.clone()) {
                self.dup = Some((key, line, col));
            }
            self.ws();
            if self.cur.peek() == Some(b':') {
                self.cur.bump();
            }
            self.value(depth + 1);
            self.ptr.truncate(base);
        }
    }

    fn array(&mut self, depth: usize) {
        self.cur.bump();
        let base = self.ptr.len();
        let mut i = 0usize;
        loop {
            self.ws();
            match self.cur.peek() {
                None => return,
                Some(b']') => {
                    self.cur.bump();
                    return;
                }
                Some(b',') => {
                    self.cur.bump();
                    i += 1;
                    continue;
                }
                _ => {}
            }
            self.ptr.push('/');
            self.ptr.push_str(&i.to_string());
            self.value(depth + 1);
            self.ptr.truncate(base);
        }
    }

    /// Skips a nested value without recording anything.
    fn skip_nested(&mut self) {
        let mut depth = 0usize;
        while let Some(c) = self.cur.peek() {
            match c {
                b'"' => {
                    self.cur.skip_quoted();
                    continue;
                }
                b'{' | b'[' => depth += 1,
                b'}' | b']' => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        self.cur.bump();
                        return;
                    }
                }
                _ => {}
            }
            self.cur.bump();
        }
    }
}

/// Finds the line and column of keys and sequence items in YAML text that the parser has
/// already accepted. Block mappings, block sequences (compact ones too), flow collections,
/// quoted and block scalars, comments, anchors and tags are understood; short-form intrinsic
/// tags add their long-form key to the pointer, as the parsed value does.
///
/// Pointers are `Option`s: `None` for a node outside the wanted set, whose children need no
/// pointer of their own (the scan still walks them to find where the next node starts).
struct YamlScan<'a, 'w> {
    text: &'a str,
    starts: Vec<usize>,
    want: Option<&'w Want>,
    out: Positions,
    /// A key to look for repeated within one mapping, and where it repeats.
    dup_key: Option<String>,
    dup_at: Option<(usize, usize)>,
}

const MAX_SCAN_DEPTH: usize = 400;

impl<'a, 'w> YamlScan<'a, 'w> {
    fn new(text: &'a str, want: Option<&'w Want>) -> Self {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        if starts.len() > 1 && starts.last() == Some(&text.len()) {
            starts.pop();
        }
        YamlScan {
            text,
            starts,
            want,
            out: HashMap::new(),
            dup_key: None,
            dup_at: None,
        }
    }

    fn run(&mut self) {
        let l = self.next_sig(0);
        if l < self.n() {
            let c = self.indent(l);
            self.record(Some(""), l, c);
            self.node(Some(""), l, c, -1, false, 0);
        } else {
            self.out.insert(String::new(), (1, 1));
        }
    }

    /// The pointer of member `seg` of the node at `ptr`, when it is wanted.
    fn child(&self, ptr: Option<&str>, seg: &str) -> Option<String> {
        let p = format!("{}/{seg}", ptr?);
        self.want.is_none_or(|w| w.0.contains(&p)).then_some(p)
    }

    /// Notes a mapping key, and whether it repeats the key being looked for.
    fn seen_key(
        &mut self,
        keys: &mut Option<std::collections::HashSet<String>>,
        key: &str,
        at: (usize, usize),
    ) {
        if let Some(keys) = keys
            && !keys.insert(key.to_string())
            && self.dup_key.as_deref() == Some(key)
            && self.dup_at.is_none()
        {
            self.dup_at = Some(at);
        }
    }

    fn n(&self) -> usize {
        self.starts.len()
    }

    fn line(&self, l: usize) -> &'a str {
        let start = self.starts[l];
        let end = self
            .starts
            .get(l + 1)
            .map_or(self.text.len(), |e| e.saturating_sub(1));
        let s = self.text.get(start..end.max(start)).unwrap_or("");
        s.strip_suffix('\r').unwrap_or(s)
    }

    fn indent(&self, l: usize) -> usize {
        self.line(l).bytes().take_while(|b| *b == b' ').count()
    }

    /// Blank lines, comments, document markers and directives.
    fn insignificant(&self, l: usize) -> bool {
        let line = self.line(l);
        let t = line.trim_start_matches([' ', '\t']);
        if t.is_empty() || t.starts_with('#') {
            return true;
        }
        if line.len() == t.len() {
            let marker = |m: &str| {
                t.strip_prefix(m)
                    .is_some_and(|r| r.is_empty() || r.starts_with([' ', '\t']))
            };
            return marker("---") || marker("...") || t.starts_with('%');
        }
        false
    }

    fn next_sig(&self, mut l: usize) -> usize {
        while l < self.n() && self.insignificant(l) {
            l += 1;
        }
        l
    }

    /// The next significant line at or after `l` that is not indented deeper than `col`.
    fn skip_deeper(&self, l: usize, col: usize) -> usize {
        let mut l = self.next_sig(l);
        while l < self.n() && self.indent(l) > col {
            l = self.next_sig(l + 1);
        }
        l
    }

    fn is_dash(&self, l: usize, c: usize) -> bool {
        let rest = self.line(l).as_bytes().get(c..).unwrap_or(&[]);
        rest.first() == Some(&b'-') && matches!(rest.get(1), None | Some(b' ' | b'\t'))
    }

    fn col_of(&self, l: usize, c: usize) -> usize {
        let line = self.line(l);
        line.get(..c.min(line.len()))
            .map_or(c, |p| p.chars().count())
            + 1
    }

    fn record(&mut self, ptr: Option<&str>, l: usize, c: usize) {
        let at = (l + 1, self.col_of(l, c));
        self.record_at(ptr, at);
    }

    fn record_at(&mut self, ptr: Option<&str>, at: (usize, usize)) {
        if let Some(p) = ptr {
            self.out.entry(p.to_string()).or_insert(at);
        }
    }

    fn cursor_at(&self, l: usize, c: usize) -> Cursor<'a> {
        Cursor::new(self.text, self.starts[l] + c, l + 1, self.col_of(l, c))
    }

    fn skip_spaces(line: &str, mut c: usize) -> usize {
        let b = line.as_bytes();
        while matches!(b.get(c), Some(b' ' | b'\t')) {
            c += 1;
        }
        c
    }

    /// The key of a block mapping entry starting at byte `c` of line `l`, and the byte just
    /// after its colon.
    fn key_at(&self, l: usize, c: usize) -> Option<(String, usize)> {
        let line = self.line(l);
        let rest = line.get(c..)?;
        let b = rest.as_bytes();
        let colon_ok =
            |i: usize| b.get(i) == Some(&b':') && matches!(b.get(i + 1), None | Some(b' ' | b'\t'));
        match *b.first()? {
            b'"' | b'\'' => {
                let mut cur = self.cursor_at(l, c);
                let key = cur.quoted();
                let end = cur.pos.checked_sub(self.starts[l] + c)?;
                if cur.line != l + 1 {
                    return None;
                }
                let i = Self::skip_spaces(rest, end);
                colon_ok(i).then(|| (key, c + i + 1))
            }
            b'?' | b'[' | b'{' | b'#' | b'|' | b'>' | b'!' | b'&' | b'*' | b'%' | b'@' | b'`'
            | b',' | b']' | b'}' => None,
            _ => {
                for i in 0..b.len() {
                    if b[i] == b'#' && i > 0 && matches!(b[i - 1], b' ' | b'\t') {
                        return None;
                    }
                    if colon_ok(i) {
                        let key = rest[..i].trim_end();
                        return (!key.is_empty()).then(|| (key.to_string(), c + i + 1));
                    }
                }
                None
            }
        }
    }

    /// A node whose first character is at byte `c` of line `l`; `parent` is the indentation
    /// its continuation lines must exceed (-1 at the root); `seq_ok` allows a block sequence at
    /// the parent's own indentation (a mapping value). Returns the next line to look at, always
    /// after `l`.
    fn node(
        &mut self,
        ptr: Option<&str>,
        l: usize,
        c: usize,
        parent: isize,
        seq_ok: bool,
        depth: usize,
    ) -> usize {
        if depth > MAX_SCAN_DEPTH {
            return l + 1;
        }
        let line = self.line(l);
        let mut c = c;
        let mut ptr = ptr.map(str::to_string);
        let mut get_att = false;
        // Properties: tags and anchors.
        while let Some(first) = line.as_bytes().get(c)
            && matches!(first, b'!' | b'&')
        {
            let len = line[c..]
                .find([' ', '\t', '[', '{'])
                .unwrap_or(line.len() - c);
            if *first == b'!'
                && let Some(long) = short_form_key(&line[c..c + len])
            {
                ptr = self.child(ptr.as_deref(), &escape(long));
                self.record(ptr.as_deref(), l, c);
                get_att = long == "Fn::GetAtt";
            }
            c = Self::skip_spaces(line, c + len);
        }
        let ptr = ptr.as_deref();
        let rest = &line[c.min(line.len())..];
        if rest.is_empty() || rest.starts_with('#') {
            let l2 = self.next_sig(l + 1);
            if l2 < self.n() {
                let ind = self.indent(l2);
                if ind as isize > parent
                    || (seq_ok && ind as isize == parent && self.is_dash(l2, ind))
                {
                    return self.node(ptr, l2, ind, parent, seq_ok, depth + 1);
                }
            }
            return l + 1;
        }
        match rest.as_bytes()[0] {
            b'[' | b'{' => {
                let mut cur = self.cursor_at(l, c);
                self.flow(ptr, &mut cur, depth + 1);
                cur.line.max(l + 1)
            }
            b'|' | b'>' => self.skip_block_scalar(l + 1, parent),
            b'-' if self.is_dash(l, c) => self.sequence(ptr, l, c, depth + 1),
            b'"' | b'\'' if self.key_at(l, c).is_none() => {
                let mut cur = self.cursor_at(l, c);
                cur.skip_quoted();
                cur.line.max(l + 1)
            }
            _ if self.key_at(l, c).is_some() => self.mapping(ptr, l, c, depth + 1),
            _ => {
                if get_att {
                    for i in ["0", "1"] {
                        let p = self.child(ptr, i);
                        self.record(p.as_deref(), l, c);
                    }
                }
                l + 1
            }
        }
    }

    fn skip_block_scalar(&self, mut l: usize, parent: isize) -> usize {
        while l < self.n() {
            let line = self.line(l);
            if line.trim().is_empty() || self.indent(l) as isize > parent {
                l += 1;
            } else {
                break;
            }
        }
        l
    }

    fn mapping(&mut self, ptr: Option<&str>, mut l: usize, col: usize, depth: usize) -> usize {
        let mut keys = self
            .dup_key
            .as_ref()
            .map(|_| std::collections::HashSet::new());
        while let Some((key, after)) = self.key_at(l, col) {
            let child = self.child(ptr, &escape(&key));
            let at = (l + 1, self.col_of(l, col));
            self.record_at(child.as_deref(), at);
            self.seen_key(&mut keys, &key, at);
            let line = self.line(l);
            let a = Self::skip_spaces(line, after);
            let next = if a >= line.len() || line[a..].starts_with('#') {
                let l2 = self.next_sig(l + 1);
                let ind = if l2 < self.n() { self.indent(l2) } else { 0 };
                if l2 < self.n() && (ind > col || (ind == col && self.is_dash(l2, ind))) {
                    self.node(child.as_deref(), l2, ind, col as isize, true, depth + 1)
                } else {
                    l + 1
                }
            } else {
                self.node(child.as_deref(), l, a, col as isize, true, depth + 1)
            };
            l = self.skip_deeper(next, col);
            if l >= self.n() || self.indent(l) != col || self.is_dash(l, col) {
                break;
            }
        }
        l
    }

    fn sequence(&mut self, ptr: Option<&str>, mut l: usize, col: usize, depth: usize) -> usize {
        let mut i = 0usize;
        loop {
            let child = self.child(ptr, &i.to_string());
            let child = child.as_deref();
            let line = self.line(l);
            let a = Self::skip_spaces(line, col + 1);
            let next = if a >= line.len() || line[a..].starts_with('#') {
                let l2 = self.next_sig(l + 1);
                if l2 < self.n() && self.indent(l2) > col {
                    let ind = self.indent(l2);
                    self.record(child, l2, ind);
                    self.node(child, l2, ind, col as isize, false, depth + 1)
                } else {
                    self.record(child, l, col);
                    l + 1
                }
            } else {
                self.record(child, l, a);
                self.node(child, l, a, col as isize, false, depth + 1)
            };
            l = self.skip_deeper(next, col);
            if l >= self.n() || self.indent(l) != col || !self.is_dash(l, col) {
                return l;
            }
            i += 1;
        }
    }

    fn flow_ws(cur: &mut Cursor) {
        while let Some(c) = cur.peek() {
            match c {
                b' ' | b'\t' | b'\r' | b'\n' => cur.bump(),
                b'#' => {
                    while cur.peek().is_some_and(|c| c != b'\n') {
                        cur.bump();
                    }
                }
                _ => return,
            }
        }
    }

    /// A flow node at the cursor (after whitespace): a `[...]` or `{...}` collection or a
    /// scalar.
    fn flow(&mut self, ptr: Option<&str>, cur: &mut Cursor, depth: usize) {
        Self::flow_ws(cur);
        let mut ptr = ptr.map(str::to_string);
        while let Some(first) = cur.peek()
            && matches!(first, b'!' | b'&')
        {
            let at = cur.at();
            let start = cur.pos;
            while cur.peek().is_some_and(|c| {
                !matches!(
                    c,
                    b' ' | b'\t' | b'\r' | b'\n' | b',' | b'[' | b']' | b'{' | b'}'
                )
            }) {
                cur.bump();
            }
            let token = std::str::from_utf8(&cur.b[start..cur.pos]).unwrap_or("");
            if first == b'!'
                && let Some(long) = short_form_key(token)
            {
                ptr = self.child(ptr.as_deref(), &escape(long));
                self.record_at(ptr.as_deref(), at);
            }
            Self::flow_ws(cur);
        }
        let ptr = ptr.as_deref();
        match cur.peek() {
            Some(b'[') if depth <= MAX_SCAN_DEPTH => {
                cur.bump();
                let mut i = 0usize;
                loop {
                    Self::flow_ws(cur);
                    match cur.peek() {
                        None => return,
                        Some(b']') => {
                            cur.bump();
                            return;
                        }
                        Some(b',') => {
                            cur.bump();
                            i += 1;
                            continue;
                        }
                        Some(b'}') => {
                            cur.bump();
                            continue;
                        }
                        _ => {}
                    }
                    let child = self.child(ptr, &i.to_string());
                    self.record_at(child.as_deref(), cur.at());
                    self.flow(child.as_deref(), cur, depth + 1);
                }
            }
            Some(b'{') if depth <= MAX_SCAN_DEPTH => {
                cur.bump();
                let mut keys = self
                    .dup_key
                    .as_ref()
                    .map(|_| std::collections::HashSet::new());
                loop {
                    Self::flow_ws(cur);
                    match cur.peek() {
                        None => return,
                        Some(b'}') => {
                            cur.bump();
                            return;
                        }
                        Some(b',' | b']') => {
                            cur.bump();
                            continue;
                        }
                        _ => {}
                    }
                    let at = cur.at();
                    let key = Self::flow_key(cur);
                    let child = self.child(ptr, &escape(&key));
                    self.record_at(child.as_deref(), at);
                    self.seen_key(&mut keys, &key, at);
                    Self::flow_ws(cur);
                    if cur.peek() == Some(b':') {
                        cur.bump();
                        Self::flow_ws(cur);
                        if !matches!(cur.peek(), Some(b',' | b'}') | None) {
                            self.flow(child.as_deref(), cur, depth + 1);
                        }
                    }
                }
            }
            Some(b'[' | b'{') => {
                // Past the depth guard: skip the collection without recording it.
                let mut open = 0usize;
                while let Some(c) = cur.peek() {
                    match c {
                        b'"' | b'\'' => {
                            cur.skip_quoted();
                            continue;
                        }
                        b'[' | b'{' => open += 1,
                        b']' | b'}' => {
                            open = open.saturating_sub(1);
                            if open == 0 {
                                cur.bump();
                                return;
                            }
                        }
                        _ => {}
                    }
                    cur.bump();
                }
            }
            Some(b'"' | b'\'') => cur.skip_quoted(),
            _ => {
                let mut prev_ws = false;
                while let Some(c) = cur.peek() {
                    if matches!(c, b',' | b']' | b'}' | b'[' | b'{') || (c == b'#' && prev_ws) {
                        break;
                    }
                    prev_ws = matches!(c, b' ' | b'\t' | b'\n' | b'\r');
                    cur.bump();
                }
            }
        }
    }

    /// A key in a flow mapping; the cursor stops before its `:`.
    fn flow_key(cur: &mut Cursor) -> String {
        if matches!(cur.peek(), Some(b'"' | b'\'')) {
            return cur.quoted();
        }
        let start = cur.pos;
        while let Some(c) = cur.peek() {
            if matches!(c, b',' | b'}' | b']' | b'\n')
                || (c == b':'
                    && matches!(
                        cur.peek_at(1),
                        None | Some(b' ' | b'\t' | b'\r' | b'\n' | b',' | b'}' | b']')
                    ))
            {
                break;
            }
            cur.bump();
        }
        if cur.pos == start && cur.peek().is_some_and(|c| c != b':') {
            cur.bump();
        }
        std::str::from_utf8(&cur.b[start..cur.pos])
            .unwrap_or("")
            .trim()
            .to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn out_file(name: &str) -> (String, String) {
        let path = format!("{}/out/s3-proxy/{name}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        (path, text)
    }

    fn err(file: &str, text: &str) -> Diagnostic {
        match load(file, text.as_bytes()) {
            Ok(d) => panic!("{file} loaded as {:?}", d.format),
            Err(d) => d,
        }
    }

    /// The text at 1-based `(line, col)`.
    fn at(text: &str, (line, col): (usize, usize)) -> String {
        text.lines()
            .nth(line - 1)
            .unwrap()
            .chars()
            .skip(col - 1)
            .collect()
    }

    /// Every member of every object sits at its key (or the short-form tag that made it);
    /// every array element has a position of its own.
    fn check_all_positions(doc: &Document, text: &str) {
        let all = positions_in(text, doc.yaml, None);
        let mut stack = vec![(String::new(), &doc.value)];
        let mut checked = 0;
        while let Some((ptr, v)) = stack.pop() {
            let children: Vec<(String, &Value, Option<&String>)> = match v {
                Value::Object(m) => m
                    .iter()
                    .map(|(k, c)| (format!("{ptr}/{}", escape(k)), c, Some(k)))
                    .collect(),
                Value::Array(a) => a
                    .iter()
                    .enumerate()
                    .map(|(i, c)| (format!("{ptr}/{i}"), c, None))
                    .collect(),
                _ => Vec::new(),
            };
            for (p, child, key) in children {
                let pos = *all
                    .get(&p)
                    .unwrap_or_else(|| panic!("{}: no position for {p}", doc.file));
                // The targeted scan finds the same place as the full one (checked on a sample:
                // each call scans the whole text).
                if checked % 5 == 0 {
                    assert_eq!(doc.position(&p), Some(pos), "{}: {p}", doc.file);
                }
                if let Some(k) = key {
                    let shown = at(text, pos);
                    let tag = SHORT_FORMS
                        .iter()
                        .any(|(s, l)| l == k && shown.starts_with(&format!("!{s}")));
                    assert!(
                        shown.starts_with(k.as_str())
                            || shown.starts_with(&format!("'{k}'"))
                            || shown.starts_with(&serde_json::to_string(k).unwrap())
                            || tag,
                        "{}: {p} points at `{shown}`",
                        doc.file
                    );
                }
                checked += 1;
                stack.push((p, child));
            }
        }
        assert!(checked > 50, "{}: only {checked} nodes", doc.file);
    }

    #[test]
    fn generated_files_load_with_their_format_and_exact_positions() {
        for (name, format) in [
            ("cloudformation.json", Format::CloudFormation),
            ("cloudformation.yaml", Format::CloudFormation),
            ("openapi.json", Format::OpenApi3),
            ("swagger.json", Format::Swagger2),
            ("main.tf.json", Format::TerraformJson),
        ] {
            let (path, text) = out_file(name);
            let doc = load(&path, text.as_bytes()).unwrap_or_else(|d| panic!("{d}"));
            assert_eq!(doc.format, format, "{name}");
            check_all_positions(&doc, &text);
        }
    }

    #[test]
    fn deep_pointers_in_the_s3_proxy_templates() {
        let (path, yaml) = out_file("cloudformation.yaml");
        let y = load(&path, yaml.as_bytes()).unwrap();
        let (path, json) = out_file("cloudformation.json");
        let j = load(&path, json.as_bytes()).unwrap();
        assert_eq!(
            y.value, j.value,
            "the YAML and JSON templates parse to one value"
        );
        let uri = "/Resources/MethodFolderGet/Properties/Integration/Uri";
        let (line, col) = y.position(uri).unwrap();
        assert_eq!((line, col), (119, 9));
        assert!(at(&yaml, (line, col)).starts_with("Uri: !Sub"));
        assert!(at(&json, j.position(uri).unwrap()).starts_with("\"Uri\": {"));
        // Inside a short form: the tag, then the whole scalar for both GetAtt parts.
        let sub = y.position(&format!("{uri}/Fn::Sub")).unwrap();
        assert!(at(&yaml, sub).starts_with("!Sub 'arn:"));
        let cred = "/Resources/MethodFolderGet/Properties/Integration/Credentials/Fn::GetAtt/1";
        assert!(at(&yaml, y.position(cred).unwrap()).starts_with("ExecutionRole.Arn"));
        assert!(at(&json, j.position(cred).unwrap()).starts_with("\"Arn\""));
        // Sequence items, compact mappings and quoted keys.
        let status = "/Resources/MethodFolderGet/Properties/MethodResponses/2/StatusCode";
        assert_eq!(at(&yaml, y.position(status).unwrap()), "StatusCode: '500'");
        let item = "/Resources/MethodFolderGet/Properties/MethodResponses/1";
        assert_eq!(at(&yaml, y.position(item).unwrap()), "StatusCode: '400'");
        // A pointer below what the text holds falls back to its nearest ancestor.
        let missing = "/Resources/MethodFolderGet/Properties/Nope/Deeper";
        assert_eq!(
            y.position(missing),
            y.position("/Resources/MethodFolderGet/Properties")
        );
        assert_eq!(y.position(""), Some((1, 1)));
    }

    #[test]
    fn short_form_tags_become_long_form_intrinsics() {
        let text = r#"
AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition NotProd, !Condition IsProd]]
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: !Join ['-', [api, !Ref 'AWS::Region']]
      Description: !If [IsProd, !Sub "${AWS::StackName} prod", !Base64 x]
      Parameters:
        a: !Select [0, !Split [',', 'a,b']]
        b: !Select [0, !GetAZs '']
        c: !ImportValue shared-value
        d: !FindInMap [Map, !Ref 'AWS::Region', key]
        e: !Select [0, !Cidr [10.0.0.0/16, 4, 8]]
        f: !GetAtt [Role, Arn]
        g: !GetAtt Db.Endpoint.Address
        h: !Sub
          - "${A}"
          - A: !Ref Env
        i: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}
        j: ! plain
        k: !!str 123
"#;
        let doc = load("t.yaml", text.as_bytes()).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(doc.format, Format::CloudFormation);
        let v = &doc.value;
        assert_eq!(
            v["Conditions"]["IsProd"],
            json!({"Fn::Equals": [{"Ref": "Env"}, "prod"]})
        );
        assert_eq!(
            v["Conditions"]["NotProd"],
            json!({"Fn::Not": [{"Condition": "IsProd"}]})
        );
        assert_eq!(
            v["Conditions"]["Both"]["Fn::And"][1],
            json!({"Fn::Or": [{"Condition": "NotProd"}, {"Condition": "IsProd"}]})
        );
        let p = &v["Resources"]["Api"]["Properties"];
        assert_eq!(
            p["Name"],
            json!({"Fn::Join": ["-", ["api", {"Ref": "AWS::Region"}]]})
        );
        assert_eq!(
            p["Description"],
            json!({"Fn::If": ["IsProd", {"Fn::Sub": "${AWS::StackName} prod"}, {"Fn::Base64": "x"}]})
        );
        let q = &p["Parameters"];
        assert_eq!(
            q["a"],
            json!({"Fn::Select": [0, {"Fn::Split": [",", "a,b"]}]})
        );
        assert_eq!(q["b"], json!({"Fn::Select": [0, {"Fn::GetAZs": ""}]}));
        assert_eq!(q["c"], json!({"Fn::ImportValue": "shared-value"}));
        assert_eq!(
            q["d"],
            json!({"Fn::FindInMap": ["Map", {"Ref": "AWS::Region"}, "key"]})
        );
        assert_eq!(
            q["e"],
            json!({"Fn::Select": [0, {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}]})
        );
        assert_eq!(q["f"], json!({"Fn::GetAtt": ["Role", "Arn"]}));
        assert_eq!(q["g"], json!({"Fn::GetAtt": ["Db", "Endpoint.Address"]}));
        assert_eq!(q["h"], json!({"Fn::Sub": ["${A}", {"A": {"Ref": "Env"}}]}));
        assert_eq!(
            q["i"],
            json!({"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}})
        );
        assert_eq!(q["j"], json!("plain"));
        assert_eq!(q["k"], json!("123"));
        // Positions follow the tags into the long form.
        let sel = "/Resources/Api/Properties/Parameters/a/Fn::Select/1/Fn::Split/1";
        assert!(at(text, doc.position(sel).unwrap()).starts_with("'a,b'"));
        let h = "/Resources/Api/Properties/Parameters/h/Fn::Sub/1/A/Ref";
        assert!(at(text, doc.position(h).unwrap()).starts_with("!Ref Env"));
        let t = "/Resources/Api/Properties/Parameters/i/Fn::Transform/Parameters/Location";
        assert!(at(text, doc.position(t).unwrap()).starts_with("Location: s3"));
    }

    #[test]
    fn bad_tags_are_located_diagnostics() {
        let d = err(
            "t.yaml",
            "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: !Bogus y\n",
        );
        assert_eq!(d.code, TAG);
        assert!(d.message.contains("`!Bogus`"), "{d}");
        assert_eq!(d.location.as_ref().unwrap().line, 5);
        let d = err("t.yaml", "Resources:\n  A:\n    Type: !GetAtt NoDot\n");
        assert_eq!(d.code, TAG);
        assert!(d.message.contains("Resource.Attribute"), "{d}");
    }

    #[test]
    fn formats_are_detected_from_content() {
        let ok = |name: &str, text: &str| load(name, text.as_bytes()).map(|d| d.format);
        assert_eq!(
            ok(
                "x",
                "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"
            ),
            Ok(Format::CloudFormation)
        );
        assert_eq!(
            ok(
                "x.txt",
                r#"{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}"#
            ),
            Ok(Format::CloudFormation)
        );
        assert_eq!(
            ok(
                "api.yml",
                "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
            ),
            Ok(Format::OpenApi3)
        );
        assert_eq!(
            ok("api", "swagger: \"2.0\"\npaths: {}\n"),
            Ok(Format::Swagger2)
        );
        assert_eq!(
            ok("x.json", r#"{"resource": {}}"#),
            Ok(Format::TerraformJson)
        );
        assert_eq!(ok("main.tf.json", "{}"), Ok(Format::TerraformJson));
        // A YAML flow mapping in a file without a JSON name.
        assert_eq!(
            ok("t.yaml", "{Resources: {T: {Type: AWS::SNS::Topic}}}"),
            Ok(Format::CloudFormation)
        );

        let d = err("api.yaml", "openapi: 3.1.0\ninfo: {}\n");
        assert_eq!(d.code, UNSUPPORTED_VERSION);
        assert!(d.message.contains("3.1.0") && d.message.contains("not supported"));
        assert_eq!(d.location.as_ref().unwrap().line, 1);
        assert_eq!(
            err("api.json", r#"{"swagger": "1.2"}"#).code,
            UNSUPPORTED_VERSION
        );
        let d = err("x.yaml", "name: hello\nitems: [1, 2]\n");
        assert_eq!(d.code, UNKNOWN_FORMAT);
        assert!(
            d.help
                .as_ref()
                .unwrap()
                .contains("AWSTemplateFormatVersion")
        );
        assert_eq!(err("x.yaml", "- a\n- b\n").code, UNKNOWN_FORMAT);
        assert_eq!(err("x.yaml", "# only a comment\n").code, UNKNOWN_FORMAT);
        assert_eq!(err("x.yaml", "just text").code, UNKNOWN_FORMAT);
    }

    #[test]
    fn syntax_errors_and_duplicates_are_located() {
        let d = err(
            "t.json",
            "{\n  \"Resources\": {\n    \"A\": [1,,]\n  }\n}\n",
        );
        assert_eq!(d.code, SYNTAX);
        assert_eq!(d.location.as_ref().unwrap().line, 3);
        let d = err("t.yaml", "Resources:\n  A: [1, 2\n  B: 3\n");
        assert_eq!(d.code, SYNTAX);
        assert!(d.location.as_ref().unwrap().line > 0, "{d}");

        let d = err(
            "t.json",
            "{\n  \"Resources\": {\n    \"A\": 1,\n    \"A\": 2\n  }\n}\n",
        );
        assert_eq!(d.code, DUPLICATE_KEY);
        let loc = d.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (4, 5));
        let d = err(
            "t.yaml",
            "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SQS::Queue\n",
        );
        assert_eq!(d.code, DUPLICATE_KEY, "{d}");
        let loc = d.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (4, 3));
    }

    #[test]
    fn hostile_input_gives_diagnostics() {
        let big = vec![b' '; MAX_BYTES + 1];
        assert_eq!(load("big.yaml", &big).unwrap_err().code, LIMIT);
        assert_eq!(load("e.yaml", b"").unwrap_err().code, UNREADABLE);
        assert_eq!(load("e.yaml", b"  \n\n").unwrap_err().code, UNREADABLE);
        let d = load("n.yaml", b"Resources:\n  A\0: 1\n").unwrap_err();
        assert_eq!(d.code, UNREADABLE);
        assert!(d.message.contains("NUL"));
        assert_eq!(d.location.as_ref().unwrap().line, 2);
        let d = load("u.yaml", b"Resources:\n  A: \xff\xfe\n").unwrap_err();
        assert_eq!(d.code, UNREADABLE);
        let loc = d.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (2, 6));

        let d = err("m.yaml", "Resources: {}\n---\nResources: {}\n");
        assert_eq!(d.code, SYNTAX);
        assert!(d.message.contains("more than one YAML document"), "{d}");

        // Billion laughs.
        let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for (i, name) in "bcdefghijk".chars().enumerate() {
            let prev = "abcdefghijk".chars().nth(i).unwrap();
            let refs = vec![format!("*{prev}"); 10].join(", ");
            bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
        }
        let start = std::time::Instant::now();
        assert_eq!(err("bomb.yaml", &bomb).code, LIMIT);
        // One large anchor referenced many times: within serde_yaml's own repetition limit,
        // stopped by the node budget.
        let mut wide = String::from("a: &a [");
        wide.push_str(&vec!["x"; 20_000].join(","));
        wide.push_str("]\nb: [");
        wide.push_str(&vec!["*a"; 2_000].join(","));
        wide.push_str("]\n");
        assert_eq!(err("wide.yaml", &wide).code, LIMIT);
        assert!(start.elapsed().as_secs() < 10);

        let deep_yaml = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(err("deep.yaml", &deep_yaml).code, LIMIT);
        let deep_block: String = (0..300).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
        assert_eq!(err("deep2.yaml", &deep_block).code, LIMIT);
        let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
        assert_eq!(err("deep.json", &deep_json).code, LIMIT);
        assert_eq!(err("k.yaml", "Resources:\n  [a, b]: 1\n").code, SYNTAX);
    }

    #[test]
    fn locate_fills_line_and_column_of_findings() {
        let (path, text) = out_file("cloudformation.yaml");
        let doc = load(&path, text.as_bytes()).unwrap();
        let mut d = Diagnostic::error("GW9999", "x").at(Location::pointer(
            &path,
            "/Resources/MethodFolderGet/Properties/Integration/Credentials",
        ));
        doc.locate(&mut d);
        let loc = d.location.as_ref().unwrap();
        assert_eq!((loc.line, loc.column), (120, 9));
        let mut bare = Diagnostic::error("GW9999", "x");
        doc.locate(&mut bare);
        assert_eq!(bare.location.as_ref().unwrap().line, 1);
    }
}

#[cfg(test)]
mod flow_depth_tests {
    use super::*;

    /// A small deterministic generator (xorshift).
    struct Rng(u64);

    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }

        fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
            items[(self.next() % items.len() as u64) as usize]
        }
    }

    const FRAGMENTS: [&str; 44] = [
        "k: v\n",
        "- a\n",
        "- k: v\n  j: w\n",
        "x: \"a]b'c}\"\n",
        "x: 'it''s ] \" }'\n",
        "x: don't ] \"\n",
        "x: a\"b ]\n",
        "x: a #' comment ]] \"\n",
        "# comment ' \" ]]]\n",
        "x: |\n  text ' \" ]]\n  more }}\n",
        "x: >-\n    folded ' ]\n\n    more\n",
        "- |2\n   indented ' ]\n",
        "x: !Ref y\n",
        "x: !GetAtt [a, b]\n",
        "x: !<tag:x'y> z\n",
        "x: &anc v\ny: *anc\n",
        "x: [a, 'b]', \"c}\", {d: e}]\n",
        "x: {a: [1, 2], 'b': \"]\"}\n",
        "x: \"multi\n  line ] '\"\n",
        "x: 'multi\n  line ] \"'\n",
        "x: plain\n  continued ' ]\n",
        "x: plain\n \"quote ]\n",
        "x:\n  - [a,\n     b]\n",
        "  indented: v\n",
        "\tx: tab\n",
        "x: a\tb\n",
        "x: a\r\n",
        "x: a\u{85}'b\n",
        "x: a\u{2028}\"c\n",
        "---\n",
        "...\n",
        "%YAML 1.2\n",
        "? complex\n: value\n",
        "x: \"esc \\\" ] \\\n  next\"\n",
        "x: a:b ]\n",
        "[a, b]: c\n",
        "x: -a ]\n",
        "x: ? ]\n",
        "x:\n\"q\n",
        "x: |\n'\n",
        "'",
        "\"",
        "  - \"a\n",
        "x: y: z\n",
    ];

    /// Wherever libyaml really scans `[` 200 deep (serde_yaml then reports its recursion
    /// limit), the scanner must see more than 128 levels too.
    #[test]
    fn measured_depth_never_misses_a_deep_flow_libyaml_scans() {
        let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut deep_seen = 0;
        for _ in 0..10_000 {
            let mut text = String::new();
            let n = 1 + rng.next() % 6;
            for _ in 0..n {
                text.push_str(rng.pick(&FRAGMENTS));
            }
            let indent = " ".repeat((rng.next() % 4) as usize);
            text.push_str(&format!("{indent}z: {deep}\n"));
            for _ in 0..rng.next() % 3 {
                text.push_str(rng.pick(&FRAGMENTS));
            }
            let flagged = FlowDepth::exceeded(&text, MAX_FLOW_DEPTH).is_some();
            let real = serde_yaml::from_str::<serde_yaml::Value>(&text)
                .err()
                .is_some_and(|e| e.to_string().contains("recursion limit"));
            if real {
                deep_seen += 1;
                assert!(flagged, "missed a deep flow in {text:?}");
            }
        }
        assert!(
            deep_seen > 300,
            "only {deep_seen} cases reached the deep flow"
        );
    }

    /// Documents libyaml accepts, built from fragments nested at most two levels deep, measure
    /// at most two levels.
    #[test]
    fn measured_depth_matches_on_documents_libyaml_accepts() {
        let mut rng = Rng(0x2545_F491_4F6C_DD1D);
        let mut accepted = 0;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..1 + rng.next() % 6 {
                text.push_str(rng.pick(&FRAGMENTS));
            }
            if serde_yaml::from_str::<serde_yaml::Value>(&text).is_ok() {
                accepted += 1;
                assert_eq!(FlowDepth::exceeded(&text, 2), None, "{text:?}");
            }
        }
        assert!(accepted > 1000, "only {accepted} documents parsed");
    }

    #[test]
    fn ordinary_documents_stay_shallow() {
        let path = format!(
            "{}/out/s3-proxy/cloudformation.yaml",
            env!("CARGO_MANIFEST_DIR")
        );
        let text = std::fs::read_to_string(path).unwrap();
        assert!(FlowDepth::exceeded(&text, 2).is_none());
        assert!(FlowDepth::exceeded("a: [[[x]]]\nb: '[[[['\nc: \"{{{{\"\n# [[[[\n", 3).is_none());
        assert_eq!(FlowDepth::exceeded("a: [[[[x]]]]", 3), Some((1, 7)));
        assert!(FlowDepth::exceeded("a: |\n  [[[[\nb: x [[[[\n", 1).is_none());
    }
}
