//! Every shape error of a blueprint in one run: a walk of the loaded value along the
//! blueprint's JSON Schema that reports each unknown key and each value outside the set of an
//! enum (`endpoint`, `validate`, `content_handling`), located and with "did you mean".
//!
//! Types are left to the typed reading that follows, which keeps the YAML leniency blueprints
//! rely on (`status: 200` read as text where text is wanted) and stops at the first mistake.

use super::Operations;
use super::route::{is_operation_key, unknown_key_message};
use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::load::{Loaded, NodeId, escape};
use crate::source::Source;
use serde_json::Value;

/// The most findings one walk reports (a blueprint with thousands of typos needs no more to
/// be fixed).
const MAX_FINDINGS: usize = 100;

/// Every unknown key and unknown value of `loaded`, in document order, against the schema
/// and operation names of `ops`.
pub fn check(src: &Source, loaded: &Loaded, ops: &Operations) -> Vec<Diagnostic> {
    let Some(root) = loaded.spans.root() else {
        return Vec::new();
    };
    let mut walk = Walk {
        src,
        loaded,
        root: &ops.schema,
        ops: &ops.names,
        found: Vec::new(),
    };
    walk.value(&loaded.value, root, &ops.schema, "");
    walk.found.sort_by_key(|(offset, _)| *offset);
    walk.found.into_iter().map(|(_, d)| d).collect()
}

struct Walk<'a> {
    src: &'a Source,
    loaded: &'a Loaded,
    root: &'a Value,
    ops: &'a [String],
    found: Vec<(usize, Diagnostic)>,
}

impl<'a> Walk<'a> {
    /// `schema`, following `$ref` (and whether it is the route schema, whose unknown keys are
    /// named operations or route keys).
    fn resolve(&self, mut schema: &'a Value) -> (&'a Value, bool) {
        let mut route = false;
        for _ in 0..8 {
            let Some(r) = schema.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let name = r.rsplit('/').next().unwrap_or("");
            route = name == "Route";
            match self.root.pointer(r.trim_start_matches('#')) {
                Some(s) => schema = s,
                None => break,
            }
        }
        (schema, route)
    }

    /// Reports `message` at the key of node `id` (or at its value, for a value outside its
    /// known set).
    fn report(&mut self, id: NodeId, path: &str, message: String, at_value: bool) {
        self.report_code(codes::BLUEPRINT_SHAPE, id, path, message, at_value);
    }

    /// [`report`](Self::report) with another code (GW0204 for an unknown operation).
    fn report_code(
        &mut self,
        code: &'static str,
        id: NodeId,
        path: &str,
        message: String,
        at_value: bool,
    ) {
        if self.found.len() >= MAX_FINDINGS {
            return;
        }
        let span = if at_value {
            self.loaded.spans.node(id).value
        } else {
            self.loaded.spans.place(id)
        };
        let message = if path.is_empty() {
            message
        } else {
            format!("{}: {message}", dotted(path))
        };
        self.found.push((
            span.offset,
            Diagnostic::error(code, message)
                .at(Location::new(&self.src.file, span.line, span.column))
                .help(if code == codes::OPERATION {
                    "name one operation a service offers (`gatewright schema` lists them)"
                } else {
                    "see `gatewright schema` for the blueprint format"
                }),
        ));
    }

    fn value(&mut self, v: &'a Value, id: NodeId, schema: &'a Value, path: &str) {
        let (schema, route) = self.resolve(schema);
        if let Some(any) = schema.get("anyOf").and_then(Value::as_array) {
            // `Option<T>`: null, or T.
            if v.is_null() {
                return;
            }
            if let Some(branch) = any
                .iter()
                .find(|b| b.get("type").and_then(Value::as_str) != Some("null"))
            {
                self.value(v, id, branch, path);
            }
            return;
        }
        if let Some(s) = v.as_str()
            && let Some(allowed) = known_values(schema)
            && !allowed.contains(&s)
        {
            let listed: Vec<String> = allowed.iter().map(|a| format!("`{a}`")).collect();
            let mut message = format!(
                "unknown variant `{s}`, expected one of {}",
                listed.join(", ")
            );
            if let Some(best) = crate::suggest::closest(s, allowed.iter().copied()) {
                message.push_str(&format!("; did you mean `{best}`?"));
            }
            self.report(id, path, message, true);
            return;
        }
        match v {
            Value::Object(m) => self.object(m, id, schema, path, route),
            Value::Array(items) => {
                if let Some(item) = schema.get("items") {
                    let kids = self.loaded.spans.children(id).to_vec();
                    for (i, (child, kid)) in items.iter().zip(kids).enumerate() {
                        self.value(child, kid, item, &format!("{path}/{i}"));
                    }
                }
            }
            _ => {}
        }
    }

    fn object(
        &mut self,
        m: &'a serde_json::Map<String, Value>,
        id: NodeId,
        schema: &'a Value,
        path: &str,
        route: bool,
    ) {
        let props = schema.get("properties").and_then(Value::as_object);
        let extra = schema.get("additionalProperties");
        let kids = self.loaded.spans.children(id).to_vec();
        for ((key, child), kid) in m.iter().zip(kids) {
            let child_path = format!("{path}/{}", escape(key));
            if let Some(s) = props.and_then(|p| p.get(key)) {
                self.value(child, kid, s, &child_path);
                continue;
            }
            match extra {
                Some(Value::Bool(false)) => {
                    if route && is_operation_key(key) {
                        let message = unknown_key_message(key, self.ops);
                        self.report_code(codes::OPERATION, kid, path, message, false);
                        continue;
                    }
                    let message = if route {
                        unknown_key_message(key, self.ops)
                    } else {
                        let names: Vec<&str> = props
                            .map(|p| p.keys().map(String::as_str).collect())
                            .unwrap_or_default();
                        match crate::suggest::closest(key, names.iter().copied()) {
                            Some(best) => {
                                format!("unknown field `{key}`, did you mean `{best}`?")
                            }
                            None => format!(
                                "unknown field `{key}`, expected one of {}",
                                names
                                    .iter()
                                    .map(|n| format!("`{n}`"))
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            ),
                        }
                    };
                    self.report(kid, path, message, false);
                }
                Some(s @ Value::Object(_)) => self.value(child, kid, s, &child_path),
                _ => {}
            }
        }
    }
}

/// The strings a Rust enum of the blueprint allows (a `oneOf` of `const`s), which the typed
/// reading would refuse anyway. Text fields with a known set (`passthrough`) are checked, with
/// their own suggestion, by lowering.
fn known_values(schema: &Value) -> Option<Vec<&str>> {
    let one_of = schema.get("oneOf").and_then(Value::as_array)?;
    one_of
        .iter()
        .map(|b| b.get("const").and_then(Value::as_str))
        .collect()
}

/// `routes.GET /` for the pointer `/routes/GET ~1`.
fn dotted(pointer: &str) -> String {
    pointer
        .split('/')
        .skip(1)
        .map(crate::load::unescape)
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn findings(text: &str) -> Vec<(usize, usize, String)> {
        let src = Source::new("b.yaml", text);
        let loaded = crate::load::yaml(text, &super::super::load_options()).unwrap();
        check(&src, &loaded, crate::lower::operations())
            .into_iter()
            .map(|d| {
                let l = d.location.as_ref().unwrap();
                (l.line, l.column, d.message.clone())
            })
            .collect()
    }

    #[test]
    fn every_typo_is_reported_with_a_suggestion() {
        let text = "api: X\nstge: dev\nendpoint: regionl\nroutes:\n  GET /{f}:\n    s3.list_objects: { bucket: \"{f}\", buckit: x }\n    timout_ms: 100\n    validate: bdy\n";
        let found = findings(text);
        let want = [
            (2, 1, "unknown field `stge`, did you mean `stage`?"),
            (3, 11, "did you mean `regional`?"),
            (6, 39, "unknown field `buckit`, did you mean `bucket`?"),
            (
                7,
                5,
                "unknown route key `timout_ms`, did you mean `timeout_ms`?",
            ),
            (8, 15, "did you mean `body`?"),
        ];
        assert_eq!(found.len(), want.len(), "{found:?}");
        for ((line, col, msg), (wl, wc, wm)) in found.iter().zip(want) {
            assert_eq!((*line, *col), (wl, wc), "{msg}");
            assert!(msg.contains(wm), "{msg} lacks {wm}");
        }
    }

    #[test]
    fn a_valid_blueprint_has_no_findings() {
        for text in [
            include_str!("../../blueprints/s3-proxy.yaml"),
            include_str!("../../blueprints/generic-aws.yaml"),
            include_str!("../../blueprints/rekognition-labels.yaml"),
        ] {
            assert_eq!(findings(text), Vec::new());
        }
    }
}
