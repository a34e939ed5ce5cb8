//! The embedded official schemas and our extension schema, judged on real documents: every
//! generated output passes, AWS's sample OpenAPI documents get the verdicts
//! openapi-spec-validator gives them, and typical mistakes get their code and pointer.

mod common;

use gatewright::Diagnostic;
use gatewright::validate::Format;
use gatewright::validate::schemas::{
    APIGATEWAY_EXTENSION, CFN_PROPERTIES, CFN_READ_ONLY, OPENAPI_SCHEMA, check,
};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

fn read_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A CloudFormation YAML template as the JSON value it stands for: short-form tags become
/// their long form (`!Sub x` -> `{"Fn::Sub": x}`, `!GetAtt A.B` -> `{"Fn::GetAtt": [A, B]}`).
fn read_cfn_yaml(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let yaml: serde_yaml::Value =
        serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    yaml_to_json(yaml)
}

fn yaml_to_json(v: serde_yaml::Value) -> Value {
    use serde_yaml::Value as Y;
    match v {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => serde_json::to_value(n).unwrap(),
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(items.into_iter().map(yaml_to_json).collect()),
        Y::Mapping(map) => Value::Object(
            map.into_iter()
                .map(|(k, v)| {
                    let key = match k {
                        Y::String(s) => s,
                        other => serde_yaml::to_string(&other).unwrap().trim().to_string(),
                    };
                    (key, yaml_to_json(v))
                })
                .collect(),
        ),
        Y::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let arg = yaml_to_json(tagged.value);
            match (name, arg) {
                ("Ref", arg) => json!({ "Ref": arg }),
                ("GetAtt", Value::String(s)) => {
                    let (res, attr) = s.split_once('.').expect("!GetAtt Resource.Attribute");
                    json!({ "Fn::GetAtt": [res, attr] })
                }
                (other, arg) => json!({ format!("Fn::{other}"): arg }),
            }
        }
    }
}

/// The format of a generated file, by its name; `None` for files that are not documents.
fn format_of(name: &str) -> Option<Format> {
    match name {
        "cloudformation.json" | "cloudformation.yaml" => Some(Format::CloudFormation),
        "openapi.json" => Some(Format::OpenApi3),
        "swagger.json" => Some(Format::Swagger2),
        "main.tf.json" => Some(Format::TerraformJson),
        _ => None,
    }
}

fn load(path: &Path) -> Value {
    if path.extension().is_some_and(|e| e == "yaml") {
        read_cfn_yaml(path)
    } else {
        read_json(path)
    }
}

fn show(diags: &[Diagnostic]) -> String {
    diags
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

/// `(code, pointer)` of each finding.
fn codes(diags: &[Diagnostic]) -> Vec<(&'static str, String)> {
    diags
        .iter()
        .map(|d| {
            (
                d.code,
                d.location
                    .as_ref()
                    .map(|l| l.pointer.clone())
                    .unwrap_or_default(),
            )
        })
        .collect()
}

fn generated_files() -> Vec<PathBuf> {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("out");
    let mut files = Vec::new();
    for dir in std::fs::read_dir(&out).expect("out/") {
        let dir = dir.unwrap().path();
        if !dir.is_dir() {
            continue;
        }
        for f in std::fs::read_dir(&dir).unwrap() {
            files.push(f.unwrap().path());
        }
    }
    files.sort();
    files
}

#[test]
fn every_generated_output_passes_with_zero_findings() {
    let mut checked = 0;
    let mut failures = Vec::new();
    for path in generated_files() {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let Some(format) = format_of(&name) else {
            continue;
        };
        let doc = load(&path);
        let diags = check(format, &doc, &path.display().to_string());
        if !diags.is_empty() {
            failures.push(show(&diags));
        }
        checked += 1;
    }
    assert!(checked >= 5, "found only {checked} generated documents");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

fn sample(name: &str) -> Option<Value> {
    let rel = format!("../shared/samples/aws-openapi/{name}");
    match common::external_file(&rel) {
        Some(path) => Some(read_json(&path)),
        None => {
            common::skip(&format!("{rel} is missing"));
            None
        }
    }
}

#[test]
fn aws_sample_openapi_3_documents_pass() {
    for name in ["s3-proxy.oas30.json", "kinesis-proxy.oas30.json"] {
        let Some(doc) = sample(name) else { continue };
        let diags = check(Format::OpenApi3, &doc, name);
        assert!(diags.is_empty(), "{name}:\n{}", show(&diags));
    }
}

#[test]
fn duplicate_body_parameter_in_aws_kinesis_sample_breaks_unique_items() {
    let Some(doc) = sample("kinesis-proxy.oas20.json") else {
        return;
    };
    let diags = check(Format::Swagger2, &doc, "kinesis-proxy.oas20.json");
    let found = codes(&diags);
    assert_eq!(
        found,
        [(
            OPENAPI_SCHEMA,
            "/paths/~1streams~1{stream-name}~1records/put/parameters".to_string()
        )],
        "{}",
        show(&diags)
    );
    assert!(diags[0].message.contains("same item more than once"));
    assert!(
        diags[0]
            .message
            .contains("operation `PUT /streams/{stream-name}/records`")
    );
}

#[test]
fn aws_s3_sample_in_swagger_2_fails_on_its_host_pattern() {
    let Some(doc) = sample("s3-proxy.oas20.json") else {
        return;
    };
    let diags = check(Format::Swagger2, &doc, "s3-proxy.oas20.json");
    assert_eq!(
        codes(&diags),
        [(OPENAPI_SCHEMA, "/host".to_string())],
        "{}",
        show(&diags)
    );
}

fn s3_template() -> Value {
    read_json(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("out/s3-proxy/cloudformation.json"))
}

/// The logical id of the first resource of type `ty`.
fn first_of(t: &Value, ty: &str) -> String {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .find(|(_, r)| r["Type"] == ty)
        .map(|(id, _)| id.clone())
        .unwrap_or_else(|| panic!("no {ty}"))
}

#[test]
fn template_mistakes_get_their_code_and_pointer() {
    let mut t = s3_template();
    let method = first_of(&t, "AWS::ApiGateway::Method");
    let api = first_of(&t, "AWS::ApiGateway::RestApi");
    let props = |id: &str| format!("/Resources/{id}/Properties");

    // wrong type
    let mut wrong = t.clone();
    wrong["Resources"][&method]["Properties"]["HttpMethod"] = json!(5);
    let diags = check(Format::CloudFormation, &wrong, "t.json");
    assert_eq!(
        codes(&diags),
        [(CFN_PROPERTIES, format!("{}/HttpMethod", props(&method)))],
        "{}",
        show(&diags)
    );
    assert!(diags[0].message.contains(&format!("resource `{method}`")));
    assert!(diags[0].message.contains("`HttpMethod` is an integer"));

    // unknown property, with a suggestion
    let mut unknown = t.clone();
    let name = unknown["Resources"][&api]["Properties"]
        .as_object_mut()
        .unwrap()
        .remove("Name")
        .unwrap();
    unknown["Resources"][&api]["Properties"]["Naem"] = name;
    let diags = check(Format::CloudFormation, &unknown, "t.json");
    assert_eq!(
        codes(&diags),
        [(CFN_PROPERTIES, format!("{}/Naem", props(&api)))],
        "{}",
        show(&diags)
    );
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `Name`?"));

    // missing required property
    let mut missing = t.clone();
    missing["Resources"][&method]["Properties"]
        .as_object_mut()
        .unwrap()
        .remove("HttpMethod");
    let diags = check(Format::CloudFormation, &missing, "t.json");
    assert_eq!(
        codes(&diags),
        [(CFN_PROPERTIES, props(&method))],
        "{}",
        show(&diags)
    );
    assert!(
        diags[0]
            .message
            .contains("missing required property `HttpMethod`")
    );

    // read-only property
    t["Resources"][&api]["Properties"]["RootResourceId"] = json!("abc123");
    let diags = check(Format::CloudFormation, &t, "t.json");
    assert_eq!(
        codes(&diags),
        [(CFN_READ_ONLY, format!("{}/RootResourceId", props(&api)))],
        "{}",
        show(&diags)
    );
}

#[test]
fn intrinsics_stand_where_strings_are_expected() {
    let mut t = s3_template();
    let method = first_of(&t, "AWS::ApiGateway::Method");
    let p = &mut t["Resources"][&method]["Properties"];
    p["HttpMethod"] = json!({"Fn::If": ["IsRead", "GET", "HEAD"]});
    p["AuthorizationType"] = json!({"Ref": "AuthType"});
    p["Integration"]["TimeoutInMillis"] = json!({"Ref": "Timeout"});
    p["Integration"]["Uri"] = json!({"Fn::Join": ["", ["arn:", {"Ref": "AWS::Partition"}]]});
    let diags = check(Format::CloudFormation, &t, "t.json");
    assert!(diags.is_empty(), "{}", show(&diags));
}

fn s3_openapi() -> Value {
    read_json(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("out/s3-proxy/openapi.json"))
}

/// Pointer of the first operation with an integration.
fn first_integration(doc: &Value) -> String {
    for (path, item) in doc["paths"].as_object().unwrap() {
        for (method, op) in item.as_object().unwrap() {
            if op.get("x-amazon-apigateway-integration").is_some() {
                return format!(
                    "/paths/{}/{method}/x-amazon-apigateway-integration",
                    path.replace('~', "~0").replace('/', "~1")
                );
            }
        }
    }
    panic!("no integration");
}

#[test]
fn integration_mistakes_are_caught_by_the_extension_schema() {
    let swagger =
        read_json(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("out/s3-proxy/swagger.json"));
    let cases = [
        ("type", json!("awz"), "/type"),
        (
            "passthroughBehavior",
            json!("sometimes"),
            "/passthroughBehavior",
        ),
        ("timeoutInMillis", json!(10), "/timeoutInMillis"),
        (
            "uri2",
            json!("arn:aws:apigateway:us-east-1:s3:path/x"),
            "/uri2",
        ),
    ];
    for (format, doc) in [
        (Format::OpenApi3, s3_openapi()),
        (Format::Swagger2, swagger.clone()),
    ] {
        let at = first_integration(&doc);
        for (key, value, rel) in &cases {
            let mut d = doc.clone();
            d.pointer_mut(&at).unwrap()[*key] = value.clone();
            let diags = check(format, &d, "api.json");
            assert_eq!(
                codes(&diags),
                [(APIGATEWAY_EXTENSION, format!("{at}{rel}"))],
                "{format:?} {key}:\n{}",
                show(&diags)
            );
            assert!(diags[0].message.starts_with("operation `"), "{}", diags[0]);
        }
    }
}

#[test]
fn typo_in_an_extension_name_is_caught_with_a_suggestion() {
    let mut doc = s3_openapi();
    let at = first_integration(&doc);
    let (op_ptr, _) = at.rsplit_once('/').unwrap();
    let op = doc.pointer_mut(op_ptr).unwrap().as_object_mut().unwrap();
    let integration = op.remove("x-amazon-apigateway-integration").unwrap();
    op.insert("x-amazon-apigateway-integratoin".to_string(), integration);
    let diags = check(Format::OpenApi3, &doc, "api.json");
    assert_eq!(
        codes(&diags),
        [(
            APIGATEWAY_EXTENSION,
            format!("{op_ptr}/x-amazon-apigateway-integratoin")
        )],
        "{}",
        show(&diags)
    );
    assert_eq!(
        diags[0].help.as_deref(),
        Some("did you mean `x-amazon-apigateway-integration`?")
    );
}
