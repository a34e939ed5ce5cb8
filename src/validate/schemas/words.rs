//! Words for schema findings: JSON pointer segments and labels, short renderings of values
//! and types, and "did you mean" suggestions. Shared by the explainer and the format-specific
//! schema checks.

use jsonschema::ValidationError;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use serde_json::Value;

/// True for a CloudFormation intrinsic function: a one-key object whose key is `Ref` or
/// starts with `Fn::`.
pub(super) fn is_intrinsic(value: &Value) -> bool {
    match value.as_object() {
        Some(map) if map.len() == 1 => map
            .keys()
            .next()
            .is_some_and(|k| k == "Ref" || k.starts_with("Fn::")),
        _ => false,
    }
}

/// Escapes one JSON pointer segment (RFC 6901).
pub(super) fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// Unescapes one JSON pointer segment.
pub(super) fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The property a pointer names, dotted (`Integration.Type`, `Tags[0].Key`), or `None` for
/// the root.
pub(super) fn property_label(pointer: &str) -> Option<String> {
    let mut out = String::new();
    for seg in pointer.split('/').skip(1) {
        let seg = unescape(seg);
        if !seg.is_empty() && seg.bytes().all(|b| b.is_ascii_digit()) {
            out.push('[');
            out.push_str(&seg);
            out.push(']');
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    (!out.is_empty()).then_some(out)
}

/// A short rendering of a value for a message (long values are cut).
pub(super) fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 60 {
        text
    } else {
        let cut: String = text.chars().take(57).collect();
        format!("{cut}...")
    }
}

/// The candidate `name` was probably meant to be: `suggest::closest`, or else one that differs
/// only in letter case or by two swapped neighbouring letters (`Naem` for `Name`).
pub(super) fn suggestion<'c>(name: &str, candidates: &[&'c str]) -> Option<&'c str> {
    if let Some(s) = crate::suggest::closest(name, candidates.iter().copied()) {
        return Some(s);
    }
    let swapped = |a: &str, b: &str| {
        let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
        if a.len() != b.len() {
            return false;
        }
        let diff: Vec<usize> = (0..a.len()).filter(|&i| a[i] != b[i]).collect();
        diff.len() == 2
            && diff[1] == diff[0] + 1
            && a[diff[0]] == b[diff[1]]
            && a[diff[1]] == b[diff[0]]
    };
    candidates
        .iter()
        .copied()
        .find(|c| c.eq_ignore_ascii_case(name) || swapped(c, name))
}

/// The JSON type of a value, with its article, for messages.
pub(super) fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "an integer",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// Number of segments of a JSON pointer.
pub(super) fn depth(pointer: &str) -> usize {
    pointer.matches('/').count()
}

/// How deep into the value an error (or any error nested in its alternatives) reaches.
pub(super) fn deepest(e: &ValidationError<'_>) -> usize {
    let own = depth(e.instance_path().as_str());
    match e.kind() {
        ValidationErrorKind::AnyOf { context } | ValidationErrorKind::OneOfNotValid { context } => {
            context.iter().flatten().map(deepest).fold(own, usize::max)
        }
        _ => own,
    }
}

/// The JSON types a `type` keyword allows, as `string or integer`.
pub(super) fn expected_types(kind: &TypeKind) -> String {
    let names: Vec<&str> = match kind {
        TypeKind::Single(t) => vec![t.as_str()],
        TypeKind::Multiple(set) => set.iter().map(|t| t.as_str()).collect(),
    };
    names.join(" or ")
}

/// The values of an `enum`, shortened, for messages.
pub(super) fn list(values: &Value) -> String {
    match values {
        Value::Array(items) => {
            let shown: Vec<String> = items.iter().take(12).map(short).collect();
            let more = items.len().saturating_sub(shown.len());
            if more > 0 {
                format!("{} (and {more} more)", shown.join(", "))
            } else {
                shown.join(", ")
            }
        }
        other => short(other),
    }
}
