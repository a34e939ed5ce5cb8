//! Request models in the words both OpenAPI formats hold: a model is JSON Schema draft 4 for
//! API Gateway, but `openapi.json` and `swagger.json` carry it as a Schema Object, which knows
//! only part of draft 4. A model that uses the rest would be written into documents the
//! official OpenAPI 3.0 and Swagger 2.0 schemas refuse, so it is refused here, at its keyword.

use serde_json::Value;

/// Keywords a Schema Object holds in both OpenAPI 3.0 and Swagger 2.0 (besides `x-` ones).
const KEYWORDS: &[&str] = &[
    "$ref",
    "title",
    "description",
    "default",
    "example",
    "format",
    "type",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "required",
    "enum",
    "readOnly",
    "properties",
    "additionalProperties",
    "items",
    "allOf",
];

/// The `type` values both formats accept (draft 4's `null` and lists of types are not).
const TYPES: &[&str] = &["array", "boolean", "integer", "number", "object", "string"];

/// One problem with a model: the keys inside the model that lead to it, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Problem {
    /// Keys from the model's root (`["properties", "id", "definitions"]`).
    pub keys: Vec<String>,
    /// What is wrong.
    pub message: String,
}

/// Every problem of `schema` (a whole model; its root `$schema`, which the documents drop,
/// is allowed).
pub(super) fn problems(schema: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    walk(schema, &mut Vec::new(), true, &mut out);
    out
}

fn push(out: &mut Vec<Problem>, keys: &[String], message: String) {
    out.push(Problem {
        keys: keys.to_vec(),
        message,
    });
}

fn walk(schema: &Value, keys: &mut Vec<String>, root: bool, out: &mut Vec<Problem>) {
    let Value::Object(o) = schema else {
        push(
            out,
            keys,
            format!(
                "is `{schema}`, not a schema object (OpenAPI documents hold only objects here)"
            ),
        );
        return;
    };
    for (k, v) in o {
        let known =
            KEYWORDS.contains(&k.as_str()) || k.starts_with("x-") || (root && k == "$schema");
        keys.push(k.clone());
        if !known {
            push(
                out,
                keys,
                format!("holds `{k}`, a keyword OpenAPI 3.0 or Swagger 2.0 documents cannot hold"),
            );
            keys.pop();
            continue;
        }
        match (k.as_str(), v) {
            ("type", Value::String(t)) if TYPES.contains(&t.as_str()) => {}
            ("type", _) => push(
                out,
                keys,
                format!(
                    "has `type` {v}; OpenAPI documents take one of {}",
                    TYPES.join(", ")
                ),
            ),
            ("properties", Value::Object(props)) => {
                for (name, s) in props {
                    keys.push(name.clone());
                    walk(s, keys, false, out);
                    keys.pop();
                }
            }
            ("items", Value::Array(_)) => push(
                out,
                keys,
                "has `items` as a list; OpenAPI documents take one schema for every item".into(),
            ),
            ("items", s) => walk(s, keys, false, out),
            ("additionalProperties", Value::Bool(_)) => {}
            ("additionalProperties", s) => walk(s, keys, false, out),
            ("allOf", Value::Array(all)) => {
                for (i, s) in all.iter().enumerate() {
                    keys.push(i.to_string());
                    walk(s, keys, false, out);
                    keys.pop();
                }
            }
            _ => {}
        }
        keys.pop();
    }
}

/// Every `default` and `example` in `schema` that its own schema object refuses (formats
/// included): OpenAPI validators check them, and API Gateway documents them as valid values.
pub(super) fn bad_values(schema: &Value) -> Vec<Problem> {
    let mut out = Vec::new();
    values(schema, &mut Vec::new(), &mut out);
    out
}

fn values(schema: &Value, keys: &mut Vec<String>, out: &mut Vec<Problem>) {
    let Value::Object(o) = schema else { return };
    for word in ["default", "example"] {
        let Some(v) = o.get(word) else { continue };
        let mut own = o.clone();
        own.remove("default");
        own.remove("example");
        let ok = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .should_validate_formats(true)
            .build(&Value::Object(own))
            .map_or(true, |v2| v2.is_valid(v));
        if !ok {
            keys.push(word.to_string());
            push(
                out,
                keys,
                format!("has `{word}` {v}, which the model itself refuses"),
            );
            keys.pop();
        }
    }
    let mut inner = |k: String, s: &Value, keys: &mut Vec<String>| {
        keys.push(k);
        values(s, keys, out);
        keys.pop();
    };
    if let Some(Value::Object(props)) = o.get("properties") {
        for (name, s) in props {
            keys.push("properties".into());
            inner(name.clone(), s, keys);
            keys.pop();
        }
    }
    for k in ["items", "additionalProperties"] {
        if let Some(s @ Value::Object(_)) = o.get(k) {
            inner(k.to_string(), s, keys);
        }
    }
    if let Some(Value::Array(all)) = o.get("allOf") {
        for (i, s) in all.iter().enumerate() {
            keys.push("allOf".into());
            inner(i.to_string(), s, keys);
            keys.pop();
        }
    }
}
