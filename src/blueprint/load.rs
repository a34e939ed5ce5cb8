//! Reading a blueprint from YAML text, with located diagnostics for every failure.
//!
//! Hostile input is refused before it can cost much: the size, NUL bytes, flow nesting (the
//! YAML scanner slows down with every open `[` or `{`), the number of YAML nodes once aliases
//! are expanded (a "billion laughs" stays small on disk), and the number of routes (each one
//! becomes several resources in every output) all have limits. The same first pass rejects
//! a key written twice in any mapping, which serde would otherwise let the last one win.

use super::Blueprint;
use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::source::Source;
use serde::de::{self, DeserializeSeed, EnumAccess, MapAccess, SeqAccess, Visitor};
use std::cell::Cell;
use std::collections::HashSet;
use std::fmt;

/// Blueprints larger than this are refused before parsing (a real one is a few KiB, and
/// CloudFormation refuses templates above 1 MB anyway).
pub const MAX_BLUEPRINT_BYTES: usize = 1024 * 1024;

/// The most YAML nodes (scalars, sequences, mappings) a blueprint may hold once its aliases
/// are expanded.
pub const MAX_NODES: usize = 250_000;

/// The most bytes of text the scalars of a blueprint may hold once its aliases are expanded
/// (without aliases they hold less than the file).
pub const MAX_TEXT_BYTES: usize = 2 * MAX_BLUEPRINT_BYTES;

/// The deepest nesting of flow collections (`[` and `{`) the loader scans. Deeper nesting
/// fails anyway (the YAML reader stops at 128 levels), but only after a scan whose cost grows
/// with the depth at every token.
pub const MAX_FLOW_DEPTH: usize = 256;

/// The most routes a blueprint may have. CloudFormation allows 500 resources per stack and API
/// Gateway 300 resources per API (adjustable), so more would not deploy anyway.
pub const MAX_ROUTES: usize = 1000;

/// The most API Gateway resources (distinct path prefixes: `/a/b` makes `/a` and `/a/b`) the
/// routes of a blueprint may make.
pub const MAX_RESOURCES: usize = 2000;

/// Parses a blueprint. YAML and shape errors come back located at `file:line:col`.
pub fn load_str(src: &Source) -> Result<Blueprint, Diagnostic> {
    if src.text.len() > MAX_BLUEPRINT_BYTES {
        return Err(Diagnostic::error(
            codes::BLUEPRINT_READ,
            format!(
                "the blueprint is {} bytes, more than the {} a blueprint may have",
                src.text.len(),
                MAX_BLUEPRINT_BYTES
            ),
        )
        .at(Location::new(&src.file, 1, 1))
        .help("split the API into several blueprints"));
    }
    if let Some(pos) = src.text.find('\0') {
        let (line, column) = src.line_col(pos);
        return Err(
            Diagnostic::error(codes::BLUEPRINT_READ, "the blueprint contains a NUL byte")
                .at(Location::new(&src.file, line, column))
                .help("blueprints are YAML text; remove the NUL byte"),
        );
    }
    // A byte order mark is allowed in YAML but confuses the reader; columns on the first line
    // are counted with it, as editors show them.
    let text = src.text.strip_prefix('\u{feff}').unwrap_or(&src.text);
    if text.trim().is_empty() {
        return Err(Diagnostic::error(codes::BLUEPRINT_SHAPE, "the blueprint is empty")
            .at(Location::new(&src.file, 1, 1))
            .help("start from blueprints/s3-proxy.yaml: a blueprint needs at least `api:` and `routes:`"));
    }
    if let Some(pos) = too_deep(text) {
        let (line, column) = src.line_col(pos + src.text.len() - text.len());
        return Err(Diagnostic::error(
            codes::BLUEPRINT_READ,
            format!("the blueprint nests `[` and `{{` more than {MAX_FLOW_DEPTH} levels deep"),
        )
        .at(Location::new(&src.file, line, column))
        .help("blueprints nest a few levels deep; close the brackets or flatten the structure"));
    }
    let (nodes, bytes) = (Cell::new(0), Cell::new(0));
    Walk {
        nodes: &nodes,
        bytes: &bytes,
    }
    .deserialize(serde_yaml::Deserializer::from_str(text))
    .map_err(|e| yaml_error(src, &e, text.len()))?;
    let bp: Blueprint = serde_yaml::from_str(text).map_err(|e| yaml_error(src, &e, text.len()))?;
    if bp.routes.0.len() > MAX_ROUTES {
        let (line, column) = src.locate(&["routes"]).unwrap_or((1, 1));
        return Err(Diagnostic::error(
            codes::BLUEPRINT_READ,
            format!(
                "the blueprint has {} routes, more than the {MAX_ROUTES} a blueprint may have",
                bp.routes.0.len()
            ),
        )
        .at(Location::new(&src.file, line, column))
        .help(
            "split the API into several blueprints (CloudFormation allows 500 resources per stack)",
        ));
    }
    let resources = resource_count(&bp);
    if resources > MAX_RESOURCES {
        let (line, column) = src.locate(&["routes"]).unwrap_or((1, 1));
        return Err(Diagnostic::error(
            codes::BLUEPRINT_READ,
            format!(
                "the routes' paths make more than {MAX_RESOURCES} API Gateway resources (path prefixes such as `/a` and `/a/b`)"
            ),
        )
        .at(Location::new(&src.file, line, column))
        .help("API Gateway allows 300 resources per API by default; split the API into several blueprints"));
    }
    Ok(bp)
}

/// The number of distinct path prefixes of the routes, counted by hash (a collision only
/// lowers the count), stopping above [`MAX_RESOURCES`].
fn resource_count(bp: &Blueprint) -> usize {
    let mut seen = HashSet::new();
    for (key, _) in &bp.routes.0 {
        let path = key.split_once(' ').map_or("", |(_, p)| p.trim());
        let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
        for (i, b) in path.bytes().enumerate() {
            if b == b'/' && i > 0 {
                seen.insert(hash);
            }
            hash = (hash ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
        seen.insert(hash);
        if seen.len() > MAX_RESOURCES {
            break;
        }
    }
    seen.len()
}

/// The byte offset of the first `[` or `{` deeper than [`MAX_FLOW_DEPTH`]. Brackets inside
/// strings count too: a blueprint with hundreds of unclosed brackets in its strings is refused,
/// which is a price worth paying for a scan that cannot be fooled.
fn too_deep(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (i, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// A first pass over the YAML that builds nothing: it counts nodes (aliases expanded) against
/// [`MAX_NODES`] and refuses a key written twice in one mapping. Returns a scalar's text, for
/// comparing keys.
#[derive(Clone, Copy)]
struct Walk<'a> {
    nodes: &'a Cell<usize>,
    bytes: &'a Cell<usize>,
}

/// Message of the error for a key written twice; [`yaml_error`] finds the key in it.
const DUPLICATE: &str = "duplicate key `";

/// Message of the error for a YAML tag.
const TAG: &str = "blueprints take plain YAML values, not the tag `!";

impl<'de> DeserializeSeed<'de> for Walk<'_> {
    type Value = Option<String>;

    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.nodes.set(self.nodes.get() + 1);
        if self.nodes.get() > MAX_NODES {
            return Err(de::Error::custom(format!(
                "the blueprint expands to more than {MAX_NODES} YAML nodes"
            )));
        }
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Walk<'_> {
    type Value = Option<String>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Some(v.to_string()))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.bytes.set(self.bytes.get() + v.len());
        if self.bytes.get() > MAX_TEXT_BYTES {
            return Err(E::custom(format!(
                "the blueprint expands to more than {MAX_TEXT_BYTES} bytes of text"
            )));
        }
        Ok(Some(v.to_string()))
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Some("null".to_string()))
    }

    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Some("null".to_string()))
    }

    fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        self.deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element_seed(self)?.is_some() {}
        Ok(None)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut keys = HashSet::new();
        while let Some(key) = map.next_key_seed(self)? {
            if let Some(key) = key
                && !keys.insert(key.clone())
            {
                return Err(de::Error::custom(format!("{DUPLICATE}{key}`")));
            }
            map.next_value_seed(self)?;
        }
        Ok(None)
    }

    fn visit_enum<A: EnumAccess<'de>>(self, data: A) -> Result<Self::Value, A::Error> {
        // Only a tagged node (`!Ref x`) reaches here. Typed parsing would drop the tag and keep
        // the value, so `api: !Ref Name` would quietly name the API `Name`.
        let (tag, _value): (String, A::Variant) = data.variant()?;
        Err(de::Error::custom(format!(
            "{TAG}{}`",
            tag.trim_start_matches('!')
        )))
    }
}

/// The diagnostic for a YAML or shape error of `src`, whose first `src.text.len() - text_len`
/// bytes (a byte order mark) the YAML reader did not see.
fn yaml_error(src: &Source, e: &serde_yaml::Error, text_len: usize) -> Diagnostic {
    let bom = text_len != src.text.len();
    let full = e.to_string();
    let mut message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let (mut line, mut column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    if bom && line == 1 {
        column += 1;
    }
    // Reader errors (control characters, bad encodings) come as a byte offset of the text.
    if let Some(i) = message.find(" at position ")
        && let Ok(offset) = message[i + " at position ".len()..].parse::<usize>()
    {
        let skipped = src.text.len() - text_len;
        (line, column) = src.line_col(offset + skipped);
        message.truncate(i);
    }
    let shape_words = [
        "unknown field",
        "missing field",
        "invalid type",
        "invalid value",
        "unknown variant",
        "route",
        "operation",
    ];
    let limits = [
        (
            "recursion limit exceeded",
            "the blueprint nests more than 128 levels deep",
        ),
        (
            "repetition limit exceeded",
            "the blueprint's aliases expand too many times",
        ),
        ("YAML nodes", ""),
        ("bytes of text", ""),
    ];
    let duplicate = message
        .find(DUPLICATE)
        .map(|i| (i, &message[i + DUPLICATE.len()..]))
        .and_then(|(i, rest)| Some((i, rest.strip_suffix('`')?.to_string())));
    let code;
    let help;
    if let Some((i, key)) = duplicate {
        let path = message[..i].trim_end_matches([':', ' ']).to_string();
        if let Some(second) = second_occurrence(src, line, column, &key) {
            (line, column) = second;
        }
        if path == "routes" {
            code = codes::DUPLICATE_ROUTE;
            message = format!("route `{key}` appears twice");
            help = "keep one of the two routes, or change its method or path";
        } else {
            code = codes::DUPLICATE_KEY;
            help = "keep one of the two entries";
        }
    } else if let Some((pattern, better)) = limits.iter().find(|(p, _)| message.contains(p)) {
        if !better.is_empty() {
            message = message.replace(pattern, better);
        }
        code = codes::BLUEPRINT_READ;
        help = "blueprints nest a few levels deep and rarely need aliases (`*name`); write the values out";
    } else if message.contains(TAG) {
        code = codes::BLUEPRINT_SHAPE;
        help = "write the value itself; CloudFormation short forms such as `!Ref` and `!Sub` belong in templates, not blueprints";
    } else if message.contains("more than one document") {
        if let Some(pos) = second_document(&src.text) {
            (line, column) = src.line_col(pos);
        }
        message = "the file holds more than one YAML document".to_string();
        code = codes::YAML_SYNTAX;
        help = "a blueprint is one YAML document: remove the `---` line, or give each API its own file";
    } else if shape_words.iter().any(|w| message.contains(w)) {
        code = codes::BLUEPRINT_SHAPE;
        help = "see `gatewright schema` for the blueprint format";
    } else {
        code = codes::YAML_SYNTAX;
        help = "fix the YAML syntax at this place (indentation, quotes, `:` after keys)";
    }
    Diagnostic::error(code, message)
        .at(Location::new(&src.file, line, column))
        .help(help)
}

/// Where `key` is written the second time after `line:column` (the start of the mapping that
/// holds it twice, as the YAML reader reports it).
fn second_occurrence(
    src: &Source,
    line: usize,
    column: usize,
    key: &str,
) -> Option<(usize, usize)> {
    let first = src.find_key(key, src.offset(line, column))?;
    let second = src.find_key(key, first + key.len())?;
    Some(src.line_col(second))
}

/// The byte offset of the `---` (or `...`) line that ends the first document.
fn second_document(text: &str) -> Option<usize> {
    let mut content = false;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        let marker = ["---", "..."].iter().any(|m| {
            line.strip_prefix(m)
                .is_some_and(|rest| rest.trim().is_empty() || rest.starts_with([' ', '\t']))
        });
        if marker && content {
            return Some(pos);
        }
        let t = line.trim();
        if !marker && !t.is_empty() && !t.starts_with('#') && !t.starts_with('%') {
            content = true;
        }
        pos += line.len();
    }
    None
}
