//! Reading a blueprint from YAML text, with located diagnostics for every failure.
//!
//! Hostile input is refused before it can cost much: the size, NUL bytes, flow nesting (the
//! YAML scanner slows down with every open `[` or `{`), the number of YAML nodes once aliases
//! are expanded (a "billion laughs" stays small on disk), and the number of routes (each one
//! becomes several resources in every output) all have limits. The same first pass rejects
//! a key written twice in any mapping, which serde would otherwise let the last one win.

use super::{Blueprint, Operations};
use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::load::{ErrorKind, Kind, LoadError, unescape};
use crate::source::Source;
use std::collections::HashSet;

/// Blueprints larger than this are refused before parsing. A route takes 60 to 200 bytes, so
/// the most routes a blueprint may have (20,000) fit with their options, with room to spare.
pub const MAX_BLUEPRINT_BYTES: usize = 8 * 1024 * 1024;

/// The most YAML nodes (scalars, sequences, mappings) a blueprint may hold once its aliases
/// are expanded: some 50 per route at [`MAX_ROUTES`] routes.
pub const MAX_NODES: usize = 1_000_000;

/// The most bytes of text the scalars of a blueprint may hold once its aliases are expanded
/// (without aliases they hold less than the file).
pub const MAX_TEXT_BYTES: usize = 2 * MAX_BLUEPRINT_BYTES;

/// The deepest nesting of flow collections (`[` and `{`) the loader scans. Deeper nesting
/// fails anyway (the YAML reader stops at 128 levels), but only after a scan whose cost grows
/// with the depth at every token.
pub const MAX_FLOW_DEPTH: usize = 256;

/// The most routes (methods) a blueprint may have: 10,000 paths with two methods each, as
/// large APIs have. Each route becomes several resources in every output, so this bounds the
/// work a blueprint can ask for; API Gateway's 300 resources per API (adjustable) and
/// CloudFormation's 500 resources per stack are left to the lints and the output shape.
pub const MAX_ROUTES: usize = 20_000;

/// The most API Gateway resources (distinct path prefixes: `/a/b` makes `/a` and `/a/b`) the
/// routes of a blueprint may make: one per route at [`MAX_ROUTES`].
pub const MAX_RESOURCES: usize = 20_000;

/// Parses a blueprint. YAML and shape errors come back located at `file:line:col`; the first
/// of them when there are several (see [`load_all`]).
pub fn load_str(src: &Source, ops: &Operations) -> Result<Blueprint, Diagnostic> {
    load_all(src, ops).map_err(|mut all| all.swap_remove(0))
}

/// Parses a blueprint, reporting every unknown key and unknown value at once (a blueprint with
/// three typos gets three located diagnostics), else the first YAML, type or limit error.
pub fn load_all(src: &Source, ops: &Operations) -> Result<Blueprint, Vec<Diagnostic>> {
    let loaded = read(src).map_err(|d| vec![d])?;
    let shape = super::shape::check(src, &loaded, ops);
    if !shape.is_empty() {
        return Err(shape);
    }
    typed(src, loaded).map_err(|d| vec![d])
}

/// Checks the text against the input limits and loads it.
fn read(src: &Source) -> Result<crate::load::Loaded, Diagnostic> {
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
    crate::load::yaml(&src.text, &options()).map_err(|e| load_error(src, &e))
}

/// Reads the blueprint's types from the loaded text and checks the route and resource limits.
fn typed(src: &Source, loaded: crate::load::Loaded) -> Result<Blueprint, Diagnostic> {
    let bp: Blueprint =
        crate::load::de::from_loaded(&loaded, &src.text).map_err(|e| shape_error(src, &e))?;
    src.keep(loaded);
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
        .help(format!(
            "API Gateway allows {} resources per API by default; split the API into several blueprints",
            crate::limits::MAX_API_RESOURCES
        )));
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

/// The deepest nesting of mappings and sequences a blueprint may have.
pub const MAX_DEPTH: usize = 128;

/// How blueprints are loaded: no tags, and the node, text and depth limits above.
pub fn options() -> crate::load::Options {
    crate::load::Options {
        tags: crate::load::Tags::Refuse,
        max_nodes: MAX_NODES,
        max_text_bytes: MAX_TEXT_BYTES,
        max_depth: MAX_DEPTH,
        scalars: crate::load::Scalars::Core,
    }
}

/// `key.key[0]` for the JSON pointer `/key/key/0`.
fn dotted(pointer: &str) -> String {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = unescape(seg);
        if seg.parse::<usize>().is_ok() && !out.is_empty() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

/// `path: message`, or the message alone at the root.
fn at_path(pointer: &str, message: String) -> String {
    let path = dotted(pointer);
    if path.is_empty() {
        message
    } else {
        format!("{path}: {message}")
    }
}

/// The diagnostic for a blueprint the loader refused.
fn load_error(src: &Source, e: &LoadError) -> Diagnostic {
    const NESTING_HELP: &str =
        "blueprints nest a few levels deep and rarely need aliases (`*name`); write the values out";
    let (code, message, help) = match &e.kind {
        ErrorKind::Duplicate(key) if e.pointer == "/routes" => (
            codes::DUPLICATE_ROUTE,
            format!("route `{key}` appears twice"),
            "keep one of the two routes, or change its method or path",
        ),
        ErrorKind::Duplicate(key) => (
            codes::DUPLICATE_KEY,
            at_path(&e.pointer, format!("duplicate key `{key}`")),
            "keep one of the two entries",
        ),
        ErrorKind::ComplexKey(kind) => (
            codes::BLUEPRINT_SHAPE,
            at_path(
                &e.pointer,
                format!(
                    "invalid type: {}, expected a string",
                    if *kind == Kind::Sequence {
                        "sequence"
                    } else {
                        "map"
                    }
                ),
            ),
            "mapping keys are plain text; write the key as a string",
        ),
        ErrorKind::Tag(tag) => (
            codes::BLUEPRINT_SHAPE,
            format!("blueprints take plain YAML values, not the tag `{tag}`"),
            "write the value itself; CloudFormation short forms such as `!Ref` and `!Sub` belong in templates, not blueprints",
        ),
        ErrorKind::Nodes { alias: true } => (
            codes::BLUEPRINT_READ,
            format!(
                "the blueprint's aliases expand too many times (more than {MAX_NODES} YAML nodes)"
            ),
            NESTING_HELP,
        ),
        ErrorKind::Nodes { alias: false } => (
            codes::BLUEPRINT_READ,
            format!("the blueprint expands to more than {MAX_NODES} YAML nodes"),
            NESTING_HELP,
        ),
        ErrorKind::TextBytes => (
            codes::BLUEPRINT_READ,
            format!("the blueprint expands to more than {MAX_TEXT_BYTES} bytes of text"),
            NESTING_HELP,
        ),
        ErrorKind::Depth => (
            codes::BLUEPRINT_READ,
            format!("the blueprint nests more than {MAX_DEPTH} levels deep"),
            NESTING_HELP,
        ),
        ErrorKind::MultipleDocuments => (
            codes::YAML_SYNTAX,
            "the file holds more than one YAML document".to_string(),
            "a blueprint is one YAML document: remove the `---` line, or give each API its own file",
        ),
        ErrorKind::ControlCharacter => (
            codes::YAML_SYNTAX,
            "control characters are not allowed".to_string(),
            "remove the control character (blueprints are plain text)",
        ),
        ErrorKind::Syntax(m) | ErrorKind::Json(m) | ErrorKind::GetAttShape(m) => (
            codes::YAML_SYNTAX,
            m.clone(),
            "fix the YAML syntax at this place (indentation, quotes, `:` after keys)",
        ),
    };
    Diagnostic::error(code, message)
        .at(Location::new(&src.file, e.at.line, e.at.column))
        .help(help)
}

/// Adds "did you mean" to serde's complaints about an unknown field or variant, whose message
/// lists the names it expected.
/// A typed-reading error as a located GW0102 diagnostic, with "did you mean" for an unknown
/// field or variant. Lowering reports errors in a route's operation arguments the same way.
pub fn shape_error(src: &Source, e: &crate::load::de::Error) -> Diagnostic {
    let (line, column) = e.at.as_ref().map_or((1, 1), |(s, _)| (s.line, s.column));
    Diagnostic::error(codes::BLUEPRINT_SHAPE, with_suggestion(&e.to_string()))
        .at(Location::new(&src.file, line, column))
        .help("see `gatewright schema` for the blueprint format")
}

fn with_suggestion(message: &str) -> String {
    for what in ["unknown field `", "unknown variant `"] {
        let Some(i) = message.find(what) else {
            continue;
        };
        let rest = &message[i + what.len()..];
        let Some(end) = rest.find('`') else {
            continue;
        };
        let name = &rest[..end];
        let expected: Vec<&str> = rest[end..].split('`').skip(1).step_by(2).collect();
        if let Some(s) = crate::suggest::closest(name, expected.iter().copied()) {
            return format!("{message}; did you mean `{s}`?");
        }
    }
    message.to_string()
}

/// The route and resource limits sit exactly where they say: a blueprint at the limit loads,
/// one route or resource more is refused with GW0104 at `routes:`.
#[cfg(test)]
mod tests {
    use super::{MAX_RESOURCES, MAX_ROUTES, load_all};
    use crate::codes;
    use crate::source::Source;
    use std::fmt::Write as _;

    /// A blueprint of `n` routes on `n` sibling paths (`/p0`, `/p1`, ...): `n` resources.
    fn siblings(n: usize) -> Source {
        let mut s = String::from("api: X\nroutes:\n");
        for i in 0..n {
            let _ = write!(
                s,
                "  GET /p{i}:\n    s3.get_object: {{ bucket: b, key: k{i} }}\n"
            );
        }
        Source::new("big.yaml", s)
    }

    #[test]
    fn a_blueprint_at_the_route_limit_loads_and_one_more_route_is_refused() {
        assert_eq!(
            MAX_ROUTES, MAX_RESOURCES,
            "the sibling blueprint reaches both"
        );
        let ops = crate::lower::operations();
        let at = load_all(&siblings(MAX_ROUTES), ops).expect("at the limit");
        assert_eq!(at.routes.0.len(), MAX_ROUTES);
        let over = load_all(&siblings(MAX_ROUTES + 1), ops).expect_err("over the limit");
        assert_eq!(over.len(), 1, "{over:?}");
        assert_eq!(over[0].code, codes::BLUEPRINT_READ);
        assert!(
            over[0].message.contains(&format!(
                "{} routes, more than the {MAX_ROUTES}",
                MAX_ROUTES + 1
            )),
            "{over:?}"
        );
        let loc = over[0].location.as_ref().expect("located");
        assert_eq!((loc.line, loc.column), (2, 1));
    }

    #[test]
    fn resources_past_the_limit_are_refused_within_the_route_limit() {
        // Two parts per route: `/q{i}` and `/q{i}/x`, so half the route limit is past the
        // resource limit when the two limits are equal.
        let routes = MAX_RESOURCES / 2 + 1;
        assert!(routes <= MAX_ROUTES);
        let mut s = String::from("api: X\nroutes:\n");
        for i in 0..routes {
            let _ = write!(s, "  GET /q{i}/x:\n    s3.list_buckets: {{}}\n");
        }
        let err = load_all(&Source::new("deep.yaml", s), crate::lower::operations())
            .expect_err("over the resource limit");
        assert_eq!(err[0].code, codes::BLUEPRINT_READ);
        assert!(
            err[0]
                .message
                .contains(&format!("more than {MAX_RESOURCES} API Gateway resources")),
            "{err:?}"
        );
    }
}
