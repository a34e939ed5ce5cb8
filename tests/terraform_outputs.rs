//! Every generated `main.tf.json` checked against the Terraform AWS provider schema
//! (`terraform providers schema -json` output for hashicorp/aws 6.47.0, kept beside the project).

mod common;

use gatewright::validate::terraform::{ProviderSchema, check};
use std::path::PathBuf;

const SCHEMA: &str = "../shared/schemas/terraform-aws-6.47.0.providers-schema.json";

/// Real hashicorp/aws resource types gatewright emits that the shared schema file (a subset of
/// 38 resources) does not carry, so the checker cannot judge them. Anything else unknown fails.
/// Data sources of other providers (hashicorp/archive zips Lambda code), whose schema is not
/// shared with the project: the checker can only say it did not check them (TF002).
const OTHER_PROVIDERS: &[&str] = &["/data/archive_file"];

const NOT_IN_SHARED_SUBSET: &[&str] = &[
    "aws_api_gateway_model",
    "aws_s3_bucket_lifecycle_configuration",
    "aws_cloudfront_function",
    "aws_cloudfront_key_value_store",
];

fn load_schema() -> Option<ProviderSchema> {
    let Some(path) = common::external_file(SCHEMA) else {
        common::skip(&format!("{SCHEMA} not found beside the project"));
        return None;
    };
    let text = std::fs::read_to_string(&path).unwrap();
    Some(ProviderSchema::from_json(&text, &path.display().to_string()).unwrap())
}

fn outputs() -> Vec<PathBuf> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("out");
    let mut v: Vec<PathBuf> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().path().join("main.tf.json"))
        .filter(|p| {
            p.parent()
                .is_some_and(|d| !d.file_name().unwrap().to_string_lossy().starts_with('.'))
        })
        .collect();
    v.sort();
    v
}

#[test]
fn every_generated_main_tf_json_fits_the_provider_schema() {
    let Some(schema) = load_schema() else { return };
    let files = outputs();
    assert!(!files.is_empty(), "no generated Terraform in out/");
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_else(|e| panic!("{}: {e}", f.display()));
        let doc: serde_json::Value = serde_json::from_str(&text).unwrap();
        let findings: Vec<_> = check(&doc, &schema, &f.display().to_string())
            .into_iter()
            .filter(|d| {
                let unjudgeable = NOT_IN_SHARED_SUBSET.iter().any(|t| {
                    d.location
                        .as_ref()
                        .is_some_and(|l| l.pointer == format!("/resource/{t}"))
                });
                let other_provider = OTHER_PROVIDERS
                    .iter()
                    .any(|p| d.location.as_ref().is_some_and(|l| l.pointer == *p));
                !(d.code == "TF001" && unjudgeable || d.code == "TF002" && other_provider)
            })
            .collect();
        let shown: Vec<String> = findings.iter().map(ToString::to_string).collect();
        assert!(
            findings.is_empty(),
            "{}:\n{}",
            f.display(),
            shown.join("\n")
        );
    }
}

#[test]
fn the_checker_catches_a_broken_generated_file() {
    let Some(schema) = load_schema() else { return };
    let f = &outputs()[0];
    let mut doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(f).unwrap()).unwrap();
    let methods = doc["resource"]["aws_api_gateway_method"]
        .as_object_mut()
        .unwrap();
    let (name, first) = methods.iter_mut().next().unwrap();
    let name = name.clone();
    first.as_object_mut().unwrap().remove("rest_api_id");
    let codes: Vec<&str> = check(&doc, &schema, "x").iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&"TF005"),
        "missing rest_api_id on {name} not caught: {codes:?}"
    );
}

#[test]
fn types_outside_the_shared_subset_are_really_absent_from_it() {
    let Some(schema) = load_schema() else { return };
    for t in NOT_IN_SHARED_SUBSET {
        assert!(
            !schema.has_resource(t),
            "{t} is in the schema now: remove it from NOT_IN_SHARED_SUBSET"
        );
    }
}
