//! Turning JSON Schema validation errors into sentences a person can act on: what is wrong
//! with which property, and what to do about it.
//!
//! Also decides which errors are not errors at all: in a CloudFormation template an intrinsic
//! function (`{"Ref": ...}`, `{"Fn::Sub": ...}`) may stand wherever a value is expected, so an
//! error about an intrinsic, or about something inside one, is dropped.

use super::words::{deepest, depth, expected_types, list, type_name};
pub(super) use super::words::{escape, is_intrinsic, property_label, short, suggestion, unescape};
use jsonschema::ValidationError;
use jsonschema::error::ValidationErrorKind;
use serde_json::Value;

/// One finding: where in the validated value (a JSON pointer relative to it), what, and help.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Finding {
    /// JSON pointer relative to the validated value.
    pub pointer: String,
    /// What is wrong, naming the property.
    pub message: String,
    /// What to do about it.
    pub help: String,
    /// The missing property, for `required` findings (callers may drop some of them).
    pub missing: Option<String>,
}

/// Explains the errors of one validation run.
pub(super) struct Explainer<'a> {
    /// The schema document validated against (its raw JSON), to suggest property names.
    pub schema: &'a Value,
    /// The subschema validation started at (the document itself, or one definition of it):
    /// keyword locations outside any `$ref` are relative to it.
    pub local: &'a Value,
    /// The validated value, to look for intrinsic functions along an error's path.
    pub instance: &'a Value,
    /// True for CloudFormation: errors about intrinsic functions are dropped.
    pub intrinsics: bool,
    /// Names the property at a pointer (relative to the instance) for messages.
    pub label: &'a dyn Fn(&str) -> Option<String>,
}

impl Explainer<'_> {
    /// True when the value at `pointer` (relative to the instance), or any value on the way
    /// to it, is an intrinsic function.
    fn in_intrinsic(&self, pointer: &str) -> bool {
        if !self.intrinsics {
            return false;
        }
        if is_intrinsic(self.instance) {
            return true;
        }
        // One step down per segment, instead of looking every prefix up from the root.
        let mut at = self.instance;
        for seg in pointer.split('/').skip(1) {
            let next = match at {
                Value::Object(m) if seg.contains('~') => m.get(&super::words::unescape(seg)),
                Value::Object(m) => m.get(seg),
                Value::Array(a) => seg.parse::<usize>().ok().and_then(|i| a.get(i)),
                _ => None,
            };
            match next {
                Some(v) if is_intrinsic(v) => return true,
                Some(v) => at = v,
                None => return false,
            }
        }
        false
    }

    /// True when the error would go away if every intrinsic function were a valid value.
    pub(super) fn excused(&self, err: &ValidationError<'_>) -> bool {
        if !self.intrinsics {
            return false;
        }
        match err.kind() {
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                self.in_intrinsic(err.instance_path().as_str())
                    || context
                        .iter()
                        .any(|branch| branch.iter().all(|e| self.excused(e)))
            }
            _ => self.in_intrinsic(err.instance_path().as_str()),
        }
    }

    /// Appends the findings for `err` (none when it is excused).
    pub(super) fn explain(&self, err: &ValidationError<'_>, out: &mut Vec<Finding>) {
        if self.excused(err) {
            return;
        }
        let pointer = err.instance_path().as_str().to_string();
        let label = (self.label)(&pointer);
        let what = match &label {
            Some(l) => format!("`{l}`"),
            None => "the value".to_string(),
        };
        let place = match &label {
            Some(l) => format!(" in `{l}`"),
            None => String::new(),
        };
        let instance = err.instance();
        let or_intrinsic = if self.intrinsics {
            " (or an intrinsic function such as Ref, Fn::GetAtt or Fn::Sub)"
        } else {
            ""
        };
        let push = |out: &mut Vec<Finding>, pointer: String, message: String, help: String| {
            out.push(Finding {
                pointer,
                message,
                help,
                missing: None,
            });
        };
        // The built-in `pattern` and the lazy one (see `super::pattern`) are worded alike.
        let pattern_mismatch = |out: &mut Vec<Finding>, pointer: String, pattern: &str| {
            push(
                out,
                pointer,
                format!(
                    "{what} is {}, which does not match the pattern `{pattern}`",
                    short(instance)
                ),
                format!("change {what} so that it matches `{pattern}`"),
            )
        };
        match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected } => {
                let known = self.known_properties(err.schema_path().as_str());
                let known: Vec<&str> = known.iter().map(String::as_str).collect();
                for name in unexpected {
                    let child = format!("{pointer}/{}", escape(name));
                    let help = match suggestion(name, &known) {
                        Some(s) => format!("did you mean `{s}`?"),
                        None if known.is_empty() => "remove it".to_string(),
                        None => format!(
                            "remove it; known here: {}",
                            list(&Value::from(known.clone())).replace('"', "")
                        ),
                    };
                    push(
                        out,
                        child,
                        format!("unknown property `{name}`{place}"),
                        help,
                    );
                }
            }
            ValidationErrorKind::Required { property } => {
                let name = property
                    .as_str()
                    .map_or_else(|| short(property), str::to_string);
                out.push(Finding {
                    pointer,
                    message: format!("missing required property `{name}`{place}"),
                    help: format!("add `{name}`"),
                    missing: Some(name),
                });
            }
            ValidationErrorKind::Type { kind } => {
                let expected = expected_types(kind);
                push(
                    out,
                    pointer,
                    format!(
                        "{what} is {} ({}), expected {expected}",
                        type_name(instance),
                        short(instance)
                    ),
                    format!("give {what} a value of type {expected}{or_intrinsic}"),
                );
            }
            ValidationErrorKind::Enum { options } => {
                let candidates: Vec<&str> = options
                    .as_array()
                    .map(|a| a.iter().filter_map(Value::as_str).collect())
                    .unwrap_or_default();
                let help = match instance.as_str().and_then(|s| suggestion(s, &candidates)) {
                    Some(s) => format!("did you mean \"{s}\"?"),
                    None => format!("use one of: {}", list(options)),
                };
                push(
                    out,
                    pointer,
                    format!(
                        "{what} is {}, which is not one of {}",
                        short(instance),
                        list(options)
                    ),
                    help,
                );
            }
            ValidationErrorKind::Constant { expected_value } => push(
                out,
                pointer,
                format!(
                    "{what} is {}, expected {}",
                    short(instance),
                    short(expected_value)
                ),
                format!("set {what} to {}", short(expected_value)),
            ),
            ValidationErrorKind::Pattern { pattern } => pattern_mismatch(out, pointer, pattern),
            ValidationErrorKind::MinLength { limit } => push(
                out,
                pointer,
                format!("{what} is shorter than {limit} characters"),
                format!("give {what} at least {limit} characters"),
            ),
            ValidationErrorKind::MaxLength { limit } => push(
                out,
                pointer,
                format!("{what} is longer than {limit} characters"),
                format!("shorten {what} to at most {limit} characters"),
            ),
            ValidationErrorKind::Minimum { limit } => push(
                out,
                pointer,
                format!("{what} is {}, below the minimum {limit}", short(instance)),
                format!("use a value of at least {limit}"),
            ),
            ValidationErrorKind::Maximum { limit } => push(
                out,
                pointer,
                format!("{what} is {}, above the maximum {limit}", short(instance)),
                format!("use a value of at most {limit}"),
            ),
            ValidationErrorKind::ExclusiveMinimum { limit } => push(
                out,
                pointer,
                format!("{what} is {}, not above {limit}", short(instance)),
                format!("use a value greater than {limit}"),
            ),
            ValidationErrorKind::ExclusiveMaximum { limit } => push(
                out,
                pointer,
                format!("{what} is {}, not below {limit}", short(instance)),
                format!("use a value less than {limit}"),
            ),
            ValidationErrorKind::MultipleOf { multiple_of } => push(
                out,
                pointer,
                format!(
                    "{what} is {}, not a multiple of {multiple_of}",
                    short(instance)
                ),
                format!("use a multiple of {multiple_of}"),
            ),
            ValidationErrorKind::MinItems { limit } => push(
                out,
                pointer,
                format!("{what} has fewer than {limit} items"),
                format!("give {what} at least {limit} items"),
            ),
            ValidationErrorKind::MaxItems { limit } => push(
                out,
                pointer,
                format!("{what} has more than {limit} items"),
                format!("give {what} at most {limit} items"),
            ),
            ValidationErrorKind::MinProperties { limit } => push(
                out,
                pointer,
                format!("{what} has fewer than {limit} properties"),
                format!("give {what} at least {limit} properties"),
            ),
            ValidationErrorKind::MaxProperties { limit } => push(
                out,
                pointer,
                format!("{what} has more than {limit} properties"),
                format!("give {what} at most {limit} properties"),
            ),
            ValidationErrorKind::UniqueItems => push(
                out,
                pointer,
                format!("{what} lists the same item more than once"),
                "remove the duplicate items".to_string(),
            ),
            ValidationErrorKind::Format { format } => push(
                out,
                pointer,
                format!(
                    "{what} is {}, which is not a valid {format}",
                    short(instance)
                ),
                format!("give {what} a valid {format}"),
            ),
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                self.explain_alternatives(&pointer, &what, &place, context, out);
            }
            ValidationErrorKind::OneOfMultipleValid { .. } => push(
                out,
                pointer,
                format!("{what} matches more than one of the forms the schema allows"),
                format!("make {what} match exactly one form (remove the fields of the others)"),
            ),
            ValidationErrorKind::Not { .. } | ValidationErrorKind::FalseSchema => push(
                out,
                pointer,
                format!("{what} is not allowed here"),
                format!("remove {what}"),
            ),
            ValidationErrorKind::PropertyNames { error } => {
                let name = short(error.instance());
                let help = match error.kind() {
                    ValidationErrorKind::Enum { options } => {
                        let candidates: Vec<&str> = options
                            .as_array()
                            .map(|a| a.iter().filter_map(Value::as_str).collect())
                            .unwrap_or_default();
                        match error
                            .instance()
                            .as_str()
                            .and_then(|s| suggestion(s, &candidates))
                        {
                            Some(s) => format!("did you mean `{s}`?"),
                            None => format!("use one of: {}", list(options)),
                        }
                    }
                    _ => format!("rename it ({error})"),
                };
                push(
                    out,
                    pointer,
                    format!("property name {name}{place} is not allowed"),
                    help,
                );
            }
            ValidationErrorKind::Custom { keyword, message } => {
                match super::pattern::mismatch(keyword, message) {
                    Some(pattern) => pattern_mismatch(out, pointer, pattern),
                    None => push(
                        out,
                        pointer,
                        format!("{what}: {message}"),
                        "change the properties as the message says".to_string(),
                    ),
                }
            }
            _ => push(
                out,
                pointer,
                format!("{what}: {err}"),
                "correct the value".to_string(),
            ),
        }
    }

    /// Explains an `anyOf`/`oneOf` that no branch satisfied, by the branch that got furthest
    /// into the value: "missing one of `a`, `b`" when every branch only wants a property,
    /// one merged enum message when the furthest branches each allow one value, else the
    /// errors of the furthest branch.
    fn explain_alternatives(
        &self,
        pointer: &str,
        what: &str,
        place: &str,
        context: &[Vec<ValidationError<'static>>],
        out: &mut Vec<Finding>,
    ) {
        let base = depth(pointer);
        let only_required = !context.is_empty()
            && context.iter().all(|branch| {
                !branch.is_empty()
                    && branch.iter().all(|e| {
                        matches!(e.kind(), ValidationErrorKind::Required { .. })
                            && e.instance_path().as_str() == pointer
                    })
            });
        if only_required {
            let mut names: Vec<String> = Vec::new();
            for e in context.iter().flatten() {
                if let ValidationErrorKind::Required { property } = e.kind() {
                    let name = property
                        .as_str()
                        .map_or_else(|| short(property), str::to_string);
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            let quoted: Vec<String> = names.iter().map(|n| format!("`{n}`")).collect();
            out.push(Finding {
                pointer: pointer.to_string(),
                message: format!("missing one of the properties {}{place}", quoted.join(", ")),
                help: format!("add one of {}", quoted.join(", ")),
                missing: None,
            });
            return;
        }
        let reach: Vec<usize> = context
            .iter()
            .map(|b| b.iter().map(deepest).max().unwrap_or(0))
            .collect();
        let best = reach.iter().copied().max().unwrap_or(0);
        if context.is_empty() || best <= base {
            out.push(Finding {
                pointer: pointer.to_string(),
                message: format!("{what} matches none of the forms the schema allows"),
                help: format!("check the shape of {what} against the documentation of this field"),
                missing: None,
            });
            return;
        }
        let furthest: Vec<&Vec<ValidationError<'static>>> = context
            .iter()
            .zip(&reach)
            .filter(|(_, r)| **r == best)
            .map(|(b, _)| b)
            .collect();
        // Each furthest branch allows one value at the same place: say so once.
        let tips: Vec<&ValidationError<'static>> = furthest
            .iter()
            .flat_map(|b| {
                b.iter()
                    .filter(|e| depth(e.instance_path().as_str()) == best)
            })
            .collect();
        if furthest.len() > 1
            && tips.len() == furthest.len()
            && tips
                .iter()
                .all(|e| e.instance_path().as_str() == tips[0].instance_path().as_str())
        {
            let mut options: Vec<Value> = Vec::new();
            for e in &tips {
                match e.kind() {
                    ValidationErrorKind::Enum { options: o } => {
                        options.extend(o.as_array().cloned().unwrap_or_default());
                    }
                    ValidationErrorKind::Constant { expected_value } => {
                        options.push((**expected_value).clone());
                    }
                    _ => {
                        options.clear();
                        break;
                    }
                }
            }
            if !options.is_empty() {
                options.dedup();
                let at = tips[0].instance_path().as_str().to_string();
                let what = match (self.label)(&at) {
                    Some(l) => format!("`{l}`"),
                    None => "the value".to_string(),
                };
                let options = Value::Array(options);
                out.push(Finding {
                    message: format!(
                        "{what} is {}, which is not one of {}",
                        short(tips[0].instance()),
                        list(&options)
                    ),
                    help: format!("use one of: {}", list(&options)),
                    pointer: at,
                    missing: None,
                });
                return;
            }
        }
        if let Some(branch) = furthest.into_iter().min_by_key(|b| b.len()) {
            for e in branch {
                self.explain(e, out);
            }
        }
    }

    /// The property names the schema object owning `schema_path` (an `additionalProperties`
    /// keyword location) declares, for "did you mean" help.
    fn known_properties(&self, schema_path: &str) -> Vec<String> {
        let parent = schema_path
            .strip_suffix("/additionalProperties")
            .unwrap_or(schema_path);
        [self.schema, self.local]
            .iter()
            .find_map(|s| s.pointer(parent)?.get("properties")?.as_object())
            .map(|props| props.keys().cloned().collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn intrinsics_are_one_key_ref_or_fn_objects() {
        assert!(is_intrinsic(&json!({"Ref": "X"})));
        assert!(is_intrinsic(&json!({"Fn::GetAtt": ["R", "Arn"]})));
        assert!(is_intrinsic(&json!({"Fn::Sub": "${A}"})));
        assert!(!is_intrinsic(&json!({"Ref": "X", "Other": 1})));
        assert!(!is_intrinsic(&json!({"Name": "X"})));
        assert!(!is_intrinsic(&json!("Ref")));
    }

    #[test]
    fn labels_are_dotted_with_indexes() {
        assert_eq!(property_label(""), None);
        assert_eq!(property_label("/HttpMethod").as_deref(), Some("HttpMethod"));
        assert_eq!(
            property_label("/Integration/IntegrationResponses/0/StatusCode").as_deref(),
            Some("Integration.IntegrationResponses[0].StatusCode")
        );
        assert_eq!(property_label("/a~1b").as_deref(), Some("a/b"));
    }

    #[test]
    fn suggestions_catch_swapped_letters_and_case() {
        let known = ["Name", "Description", "Body"];
        assert_eq!(suggestion("Naem", &known), Some("Name"));
        assert_eq!(suggestion("name", &known), Some("Name"));
        assert_eq!(suggestion("Descripton", &known), Some("Description"));
        assert_eq!(suggestion("Policy", &known), None);
    }

    #[test]
    fn long_values_are_cut() {
        let long = Value::String("x".repeat(200));
        assert!(short(&long).ends_with("..."));
        assert!(short(&long).chars().count() <= 60);
    }
}
