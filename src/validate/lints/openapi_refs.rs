//! `$ref` resolution in OpenAPI 3.0 and Swagger 2.0 documents (and a template's inline
//! `Body`): API Gateway refuses an import whose local `$ref` names nothing, and one whose
//! `$ref` leads, through other `$ref`s only, back to itself (a schema that is only a
//! reference to itself has no content at all). A schema that refers to itself from inside a
//! property is a recursive schema, and fine.
//!
//! References to other files (`other.yaml#/x`) are left alone: they cannot be judged here.

use super::{OPENAPI_REF, Sink, is_container, push_token};
use serde_json::Value;
use std::fmt::Write as _;

/// Checks every `$ref` in `doc`; pointers are reported under `base` (the document's place in
/// its file: empty for an OpenAPI file, `/Resources/Api/Properties/Body` for a template).
pub(super) fn check(doc: &Value, base: &str, sink: &mut Sink) {
    let mut at = At {
        base,
        tokens: Vec::new(),
    };
    walk(doc, doc, &mut at, sink, 0);
}

/// Deepest nesting walked (documents are already limited to 128 levels when read).
const MAX_DEPTH: usize = 256;

/// One step of a JSON pointer: an object's key or an array's index.
enum Token<'a> {
    Key(&'a str),
    Index(usize),
}

/// Where the walk is: the steps from `base`, written as a pointer only for a finding (a
/// large document has hundreds of thousands of nodes and a few `$ref`s).
struct At<'b, 'a> {
    base: &'b str,
    tokens: Vec<Token<'a>>,
}

impl At<'_, '_> {
    /// The pointer of `last` under the current place.
    fn pointer(&self, last: &str) -> String {
        let mut p = self.base.to_string();
        for t in &self.tokens {
            match t {
                Token::Key(k) => push_token(&mut p, k),
                Token::Index(n) => {
                    let _ = write!(p, "/{n}");
                }
            }
        }
        push_token(&mut p, last);
        p
    }
}

/// Checks the `$ref`s in `v`, which sits at `at`.
fn walk<'a>(doc: &Value, v: &'a Value, at: &mut At<'_, 'a>, sink: &mut Sink, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    match v {
        Value::Object(o) => {
            // Keys compared rather than looked up: no hash per node.
            if let Some((_, Value::String(r))) = o.iter().find(|(k, _)| k.as_str() == "$ref") {
                judge(doc, r, &at.pointer("$ref"), sink);
            }
            for (k, x) in o {
                // Examples and extension payloads may hold `$ref` keys that are data.
                if k == "example" || k == "examples" || k == "x-amazon-apigateway-integration" {
                    continue;
                }
                if is_container(x) {
                    at.tokens.push(Token::Key(k));
                    walk(doc, x, at, sink, depth + 1);
                    at.tokens.pop();
                }
            }
        }
        Value::Array(a) => {
            for (n, x) in a.iter().enumerate() {
                if is_container(x) {
                    at.tokens.push(Token::Index(n));
                    walk(doc, x, at, sink, depth + 1);
                    at.tokens.pop();
                }
            }
        }
        _ => {}
    }
}

/// The value a local reference (`#/components/schemas/A`) names, if any.
fn target<'a>(doc: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    let decoded = percent_decode(pointer);
    doc.pointer(&decoded)
}

/// `%XX` escapes of a URI fragment decoded (`%7B` is `{`); malformed ones are kept.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(h) = s.get(i + 1..i + 3)
            && let Ok(b) = u8::from_str_radix(h, 16)
        {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

fn judge(doc: &Value, reference: &str, at: &str, sink: &mut Sink) {
    if !reference.starts_with('#') {
        return;
    }
    let mut seen: Vec<&str> = vec![reference];
    let mut current = reference;
    loop {
        let Some(found) = target(doc, current) else {
            let what = if current == reference {
                format!("`$ref: {reference}` names nothing in the document")
            } else {
                format!(
                    "`$ref: {reference}` leads to `{current}`, which names nothing in the document"
                )
            };
            sink.error(
                OPENAPI_REF,
                at,
                what,
                hint(doc, current).unwrap_or_else(|| {
                    "define the schema it names, or point the `$ref` at one the document has"
                        .to_string()
                }),
            );
            return;
        };
        let Some(Value::String(next)) = found.get("$ref") else {
            return;
        };
        if !next.starts_with('#') {
            return;
        }
        if seen.contains(&next.as_str()) {
            let chain = seen.join("` -> `");
            sink.error(
                OPENAPI_REF,
                at,
                format!("`$ref: {reference}` refers only to itself (`{chain}` -> `{next}`); the schema has no content"),
                "give the schema its own content, or point the `$ref` at another definition",
            );
            return;
        }
        seen.push(next);
        current = next;
    }
}

/// "did you mean" for a reference whose last part is a near miss of a sibling's name.
fn hint(doc: &Value, reference: &str) -> Option<String> {
    let pointer = reference.strip_prefix('#')?;
    let (parent, name) = pointer.rsplit_once('/')?;
    let siblings = doc.pointer(parent)?.as_object()?;
    let name = name.replace("~1", "/").replace("~0", "~");
    let near = crate::suggest::closest(&name, siblings.keys().map(String::as_str))?;
    Some(format!(
        "did you mean `#{parent}/{}`?",
        near.replace('~', "~0").replace('/', "~1")
    ))
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::validate::Format;
    use serde_json::json;

    fn with_schemas(schemas: Value, body_ref: &str) -> Value {
        oas(|d| {
            d["components"] = json!({ "schemas": schemas });
            *at(d, "/paths/~1{folder}/get/responses/200")
                .as_object_mut()
                .unwrap()
                .entry("content")
                .or_insert(json!({})) = json!({"application/json": {"schema": {"$ref": body_ref}}});
        })
    }

    fn refs(doc: &Value) -> Vec<(String, String)> {
        super::super::check(Format::OpenApi3, doc, "t.json")
            .into_iter()
            .filter(|d| d.code == OPENAPI_REF)
            .map(|d| (d.location.unwrap().pointer, d.message))
            .collect()
    }

    const AT: &str = "/paths/~1{folder}/get/responses/200/content/application~1json/schema/$ref";

    #[test]
    fn a_reference_that_resolves_is_clean_and_recursion_inside_is_fine() {
        let doc = with_schemas(
            json!({"Tree": {"type": "object", "properties": {"kids": {"type": "array", "items": {"$ref": "#/components/schemas/Tree"}}}},
                   "Alias": {"$ref": "#/components/schemas/Tree"}}),
            "#/components/schemas/Alias",
        );
        assert!(refs(&doc).is_empty(), "{:?}", refs(&doc));
    }

    #[test]
    fn a_missing_target_is_an_error_at_the_ref_with_the_near_name() {
        let doc = with_schemas(
            json!({"Item": {"type": "object"}}),
            "#/components/schemas/Itme",
        );
        let found = super::super::check(Format::OpenApi3, &doc, "t.json");
        let d = found
            .iter()
            .find(|d| d.code == OPENAPI_REF)
            .expect("a finding");
        assert_eq!(d.location.as_ref().unwrap().pointer, AT);
        assert!(
            d.help
                .as_deref()
                .unwrap()
                .contains("#/components/schemas/Item"),
            "{d:?}"
        );
    }

    #[test]
    fn a_reference_to_itself_directly_or_through_others_is_an_error() {
        let doc = with_schemas(
            json!({"A": {"$ref": "#/components/schemas/B"}, "B": {"$ref": "#/components/schemas/A"},
                   "Me": {"$ref": "#/components/schemas/Me"}}),
            "#/components/schemas/Me",
        );
        let found = refs(&doc);
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(
            pointers,
            [
                AT,
                "/components/schemas/A/$ref",
                "/components/schemas/B/$ref",
                "/components/schemas/Me/$ref",
            ]
        );
        assert!(found[0].1.contains("refers only to itself"), "{found:?}");
    }

    #[test]
    fn escaped_and_external_references() {
        let doc = with_schemas(
            json!({"a/b": {"type": "string"}}),
            "#/components/schemas/a~1b",
        );
        assert!(refs(&doc).is_empty());
        let doc = with_schemas(json!({}), "other.yaml#/Thing");
        assert!(refs(&doc).is_empty());
    }
}
