//! The blueprint format: the committed JSON Schema matches the code, and every bundled
//! blueprint is valid against it and points editors at it.

mod common;

use common::cli::{bundled_blueprints, root};

use std::path::{Path, PathBuf};

fn bundled() -> Vec<PathBuf> {
    let v = bundled_blueprints();
    assert!(!v.is_empty(), "no bundled blueprints");
    v
}

fn schema() -> serde_json::Value {
    serde_json::from_str(
        &std::fs::read_to_string(root().join("schemas/blueprint.schema.json")).unwrap(),
    )
    .unwrap()
}

fn yaml_as_json(p: &Path) -> serde_json::Value {
    serde_yaml::from_str(&std::fs::read_to_string(p).unwrap()).unwrap()
}

#[test]
fn committed_schema_matches_the_code() {
    let committed = std::fs::read_to_string(root().join("schemas/blueprint.schema.json")).unwrap();
    assert!(
        committed == gatewright::lower::schema_json(),
        "schemas/blueprint.schema.json is stale: run `cargo run -- schema > schemas/blueprint.schema.json`"
    );
}

#[test]
fn bundled_blueprints_are_valid_against_the_schema() {
    let validator = jsonschema::validator_for(&schema()).expect("schema compiles");
    for p in bundled() {
        let doc = yaml_as_json(&p);
        let errors: Vec<String> = validator
            .iter_errors(&doc)
            .map(|e| format!("{} at {}", e, e.instance_path()))
            .collect();
        assert!(errors.is_empty(), "{}: {errors:#?}", p.display());
    }
}

#[test]
fn schema_rejects_what_the_loader_rejects() {
    let validator = jsonschema::validator_for(&schema()).unwrap();
    let cases = [
        "api: x\nroutes: { 'GET /': { s3.list_buckets: {} } }\nstgae: dev\n",
        "api: x\nroutes: { 'GET /': { s3.put_objcet: { bucket: a, key: b } } }\n",
        "api: x\nroutes: { 'GET /': { s3.list_buckets: {}, s3.list_objects: { bucket: b } } }\n",
        "api: x\nroutes: { 'FETCH /': { s3.list_buckets: {} } }\n",
        "api: x\nroutes: { 'GET /{f}': { s3.list_objects: { bucket: '{f}', alowed_buckets: [a] } } }\n",
    ];
    for text in cases {
        let doc: serde_json::Value = serde_yaml::from_str(text).unwrap();
        assert!(!validator.is_valid(&doc), "schema accepted:\n{text}");
        let src = gatewright::source::Source::new("case.yaml", text);
        let loaded = gatewright::synth::model(&src);
        assert!(loaded.is_err(), "loader accepted:\n{text}");
    }
}

#[test]
fn bundled_blueprints_point_editors_at_the_schema() {
    for p in bundled() {
        let text = std::fs::read_to_string(&p).unwrap();
        assert_eq!(
            text.lines().next(),
            Some("# yaml-language-server: $schema=../schemas/blueprint.schema.json"),
            "{}",
            p.display()
        );
    }
}

/// Every property of the committed schema says what it is, so editors show it on hover.
#[test]
fn every_schema_property_has_a_description() {
    fn walk(node: &serde_json::Value, path: &str, missing: &mut Vec<String>) {
        match node {
            serde_json::Value::Object(o) => {
                if let Some(serde_json::Value::Object(props)) = o.get("properties") {
                    for (k, v) in props {
                        let text = v.get("description").and_then(|d| d.as_str()).unwrap_or("");
                        if text.trim().is_empty() {
                            missing.push(format!("{path}/properties/{k}"));
                        }
                    }
                }
                for (k, v) in o {
                    walk(v, &format!("{path}/{k}"), missing);
                }
            }
            serde_json::Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    walk(v, &format!("{path}/{i}"), missing);
                }
            }
            _ => {}
        }
    }
    let mut missing = Vec::new();
    walk(&schema(), "", &mut missing);
    assert!(
        missing.is_empty(),
        "properties without a description: {missing:#?}"
    );
}

/// `docs/operations.md` is exactly `gatewright operations`, and every operation's example
/// builds (its defaults and IAM are read off the model it lowers to).
#[test]
fn operation_reference_is_generated_and_every_example_builds() {
    for (op, route, args) in gatewright::services::catalog::examples() {
        if let Err(e) = gatewright::docs::example(&op, route, args) {
            panic!("the example of {op} does not build:\n{e}");
        }
    }
    let committed = std::fs::read_to_string(root().join("docs/operations.md")).unwrap();
    assert!(
        committed == gatewright::docs::operations_markdown(),
        "docs/operations.md is stale: run `cargo run -- operations > docs/operations.md`"
    );
    let names = gatewright::lower::operations().names.clone();
    for n in names {
        assert!(
            committed.contains(&format!("## `{n}`")),
            "{n} is not documented"
        );
    }
}
