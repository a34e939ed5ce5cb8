//! Reading a blueprint from YAML text, with located diagnostics for every failure.

use super::Blueprint;
use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::source::Source;

/// Blueprints larger than this are refused before parsing (a real one is a few KiB).
pub const MAX_BLUEPRINT_BYTES: usize = 4 * 1024 * 1024;

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
        let (line, column) = crate::source::line_col(&src.text, pos);
        return Err(
            Diagnostic::error(codes::BLUEPRINT_READ, "the blueprint contains a NUL byte")
                .at(Location::new(&src.file, line, column))
                .help("blueprints are YAML text; remove the NUL byte"),
        );
    }
    if src.text.trim().is_empty() {
        return Err(Diagnostic::error(codes::BLUEPRINT_SHAPE, "the blueprint is empty")
            .at(Location::new(&src.file, 1, 1))
            .help("start from blueprints/s3-proxy.yaml: a blueprint needs at least `api:` and `routes:`"));
    }
    serde_yaml::from_str::<Blueprint>(&src.text).map_err(|e| yaml_error(src, &e))
}

fn yaml_error(src: &Source, e: &serde_yaml::Error) -> Diagnostic {
    let full = e.to_string();
    let message = match full.rfind(" at line ") {
        Some(i) => full[..i].to_string(),
        None => full.clone(),
    };
    let shape_words = [
        "unknown field",
        "missing field",
        "invalid type",
        "invalid value",
        "unknown variant",
        "route",
        "operation",
        "duplicate",
    ];
    let code = if message.contains("duplicate") {
        codes::DUPLICATE_KEY
    } else if shape_words.iter().any(|w| message.contains(w)) {
        codes::BLUEPRINT_SHAPE
    } else {
        codes::YAML_SYNTAX
    };
    let (line, column) = e.location().map_or((1, 1), |l| (l.line(), l.column()));
    let help = match code {
        codes::YAML_SYNTAX => {
            "fix the YAML syntax at this place (indentation, quotes, `:` after keys)"
        }
        codes::DUPLICATE_KEY => "keep one of the two entries",
        _ => "see `gatewright schema` for the blueprint format",
    };
    Diagnostic::error(code, message)
        .at(Location::new(&src.file, line, column))
        .help(help)
}
