//! The semantic lints over real documents: every generated output under `out/` must be free of
//! errors and warnings (notes are allowed), the YAML and JSON templates must agree, and AWS's
//! own exported OpenAPI sample gets exactly the findings we judge correct.

mod common;

use gatewright::validate::{Format, lints};
use gatewright::{Diagnostic, Severity};
use std::path::{Path, PathBuf};

/// The format of a generated file, by its name.
fn format_of(path: &Path) -> Option<Format> {
    match path.file_name()?.to_str()? {
        "cloudformation.json" | "cloudformation.yaml" => Some(Format::CloudFormation),
        "openapi.json" => Some(Format::OpenApi3),
        "swagger.json" => Some(Format::Swagger2),
        "main.tf.json" => Some(Format::TerraformJson),
        _ => None,
    }
}

/// CloudFormation YAML as JSON, short-form tags (`!Ref X`, `!GetAtt A.B`, `!Sub ...`) turned
/// into their long forms.
fn yaml_to_json(v: serde_yaml::Value) -> serde_json::Value {
    use serde_json::Value as J;
    use serde_yaml::Value as Y;
    match v {
        Y::Null => J::Null,
        Y::Bool(b) => J::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                J::from(i)
            } else if let Some(u) = n.as_u64() {
                J::from(u)
            } else {
                n.as_f64().map_or(J::Null, J::from)
            }
        }
        Y::String(s) => J::String(s),
        Y::Sequence(items) => J::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(m) => J::Object(
            m.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml::to_string(&other)
                            .unwrap_or_default()
                            .trim()
                            .to_string(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(t) => {
            let tag = t.tag.to_string();
            let name = tag.trim_start_matches('!');
            let value = match (name, t.value) {
                ("GetAtt", Y::String(s)) => match s.split_once('.') {
                    Some((id, attr)) => serde_json::json!([id, attr]),
                    None => J::String(s),
                },
                (_, other) => yaml_to_json(other),
            };
            let key = match name {
                "Ref" | "Condition" => name.to_string(),
                other => format!("Fn::{other}"),
            };
            serde_json::json!({ key: value })
        }
    }
}

fn load(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    if path.extension().is_some_and(|e| e == "yaml") {
        yaml_to_json(
            serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
        )
    } else {
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }
}

/// Every generated file with a known format, sorted.
fn outputs() -> Vec<(PathBuf, Format)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("out");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&root).expect("out/ exists").flatten() {
        let Ok(entries) = std::fs::read_dir(dir.path()) else {
            continue;
        };
        for f in entries.flatten() {
            if let Some(format) = format_of(&f.path()) {
                files.push((f.path(), format));
            }
        }
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    files
}

fn show(diags: &[Diagnostic]) -> String {
    diags.iter().map(|d| format!("{d}\n")).collect()
}

#[test]
fn generated_outputs_have_no_lint_errors_or_warnings() {
    let files = outputs();
    assert!(
        files.len() >= 5,
        "expected the generated outputs under out/, found {files:?}"
    );
    for (path, format) in files {
        let file = path.display().to_string();
        let diags = lints::check(format, &load(&path), &file);
        let serious: Vec<Diagnostic> = diags
            .iter()
            .filter(|d| d.severity != Severity::Note)
            .cloned()
            .collect();
        assert!(serious.is_empty(), "{file}:\n{}", show(&serious));
        // Only the payload note is expected on our outputs.
        assert!(
            diags.iter().all(|d| d.code == lints::PAYLOAD_LIMIT),
            "{file}: unexpected notes\n{}",
            show(&diags)
        );
    }
}

/// Replaces every integration URI (`Uri`/`uri` naming `apigateway`) with a malformed one and
/// returns how many it replaced.
fn break_uris(v: &mut serde_json::Value) -> usize {
    match v {
        serde_json::Value::Object(m) => m
            .iter_mut()
            .map(|(k, v)| {
                if (k == "Uri" || k == "uri") && v.to_string().contains("apigateway") {
                    *v = serde_json::json!("arn:aws:apigateway:us-east-1:s3:not-a-path");
                    1
                } else {
                    break_uris(v)
                }
            })
            .sum(),
        serde_json::Value::Array(a) => a.iter_mut().map(break_uris).sum(),
        _ => 0,
    }
}

/// A clean result means nothing if the adapters missed the methods: every integration of every
/// output must be seen.
#[test]
fn lints_see_every_integration_of_the_outputs() {
    for (path, format) in outputs() {
        let mut doc = load(&path);
        // A Terraform body is one string: its integrations are the ones of `openapi.json`
        // and of the CloudFormation `Body`, judged there.
        if doc
            .pointer("/resource/aws_api_gateway_rest_api/api/body")
            .is_some()
        {
            continue;
        }
        let n = break_uris(&mut doc);
        assert!(n > 0, "{}: no integration URIs found", path.display());
        let found = lints::check(format, &doc, "t")
            .into_iter()
            .filter(|d| d.code == lints::INTEGRATION_URI && d.is_error())
            .count();
        assert_eq!(found, n, "{}", path.display());
    }
}

#[test]
fn yaml_and_json_templates_get_the_same_findings() {
    for (path, format) in outputs() {
        if path.file_name().is_none_or(|n| n != "cloudformation.yaml") {
            continue;
        }
        let json = path.with_extension("json");
        let a = load(&path);
        let b = load(&json);
        assert_eq!(
            a,
            b,
            "{} and {} differ once short-form tags are expanded",
            path.display(),
            json.display()
        );
        let codes = |v| {
            lints::check(format, v, "t")
                .into_iter()
                .map(|d| (d.code, d.location.map(|l| l.pointer)))
                .collect::<Vec<_>>()
        };
        assert_eq!(codes(&a), codes(&b));
    }
}

#[test]
fn short_form_tags_expand_to_long_form() {
    let yaml = "A: !Ref X\nB: !GetAtt Role.Arn\nC: !Sub 'arn:${AWS::Partition}'\nD: !Join ['', [a, !Ref B]]\n";
    let v = yaml_to_json(serde_yaml::from_str(yaml).unwrap());
    assert_eq!(
        v,
        serde_json::json!({
            "A": {"Ref": "X"},
            "B": {"Fn::GetAtt": ["Role", "Arn"]},
            "C": {"Fn::Sub": "arn:${AWS::Partition}"},
            "D": {"Fn::Join": ["", ["a", {"Ref": "B"}]]}
        })
    );
}

/// AWS's exported S3 proxy (API Gateway developer guide) is a working API: no errors. Its
/// `PUT /{folder}/{item}` passes uploads to S3 on an API without binary media types, which the
/// guide fixes in a later step (binary support), so that warning is correct; the payload note
/// lists both PUT routes (CreateBucket takes a body too).
#[test]
fn aws_s3_proxy_sample() {
    let Some(path) = common::external_file("../shared/samples/aws-openapi/s3-proxy.oas30.json")
    else {
        common::skip("../shared/samples/aws-openapi/s3-proxy.oas30.json is missing");
        return;
    };
    let diags = lints::check(Format::OpenApi3, &load(&path), "s3-proxy.oas30.json");
    eprintln!("{}", show(&diags));
    let found: Vec<(&str, Severity, String)> = diags
        .iter()
        .map(|d| {
            (
                d.code,
                d.severity,
                d.location
                    .as_ref()
                    .map(|l| l.pointer.clone())
                    .unwrap_or_default(),
            )
        })
        .collect();
    let integration = |p: &str| format!("/paths/{p}/put/x-amazon-apigateway-integration");
    assert_eq!(
        found,
        vec![
            (
                lints::BINARY_PASSTHROUGH,
                Severity::Warning,
                integration("~1{folder}~1{item}")
            ),
            (lints::PAYLOAD_LIMIT, Severity::Note, "/paths".to_string()),
        ],
        "{}",
        show(&diags)
    );
}

/// The other samples must not make the lints panic, and what they report is printed for a
/// reader (run with `--nocapture`).
#[test]
fn other_aws_samples_are_read_without_panics() {
    let dir = "../shared/samples/aws-openapi";
    let Some(root) = common::external_file(dir) else {
        common::skip(&format!("{dir} is missing"));
        return;
    };
    let mut names: Vec<PathBuf> = std::fs::read_dir(root)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    names.sort();
    for path in names {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let format = if name.contains("oas20") || name.contains("swagger20") {
            Format::Swagger2
        } else if name.contains("oas30") {
            Format::OpenApi3
        } else {
            continue;
        };
        let doc = load(&path);
        let diags = lints::check(format, &doc, &name);
        eprintln!("== {name}: {} finding(s)\n{}", diags.len(), show(&diags));
    }
}
