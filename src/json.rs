//! JSON text as the project writes it, for every file it generates (outputs and the blueprint
//! schema alike): two-space indent, trailing newline.

use serde_json::Value;

/// `v` as two-space-indented JSON with a trailing newline.
pub fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}
