//! Loading documents: formats, positions, short forms and hostile input.

use super::*;
use crate::load::{SHORT_FORMS, escape};
use crate::validate::Format;
use serde_json::json;

fn out_file(name: &str) -> (String, String) {
    let path = format!("{}/out/s3-proxy/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap();
    (path, text)
}

fn err(file: &str, text: &str) -> Diagnostic {
    match load(file, text.as_bytes()) {
        Ok(d) => panic!("{file} loaded as {:?}", d.format),
        Err(d) => d,
    }
}

/// The text at 1-based `(line, col)`.
fn at(text: &str, (line, col): (usize, usize)) -> String {
    text.lines()
        .nth(line - 1)
        .unwrap()
        .chars()
        .skip(col - 1)
        .collect()
}

/// Every member of every object sits at its key (or the short-form tag that made it);
/// every array element has a position of its own.
fn check_all_positions(doc: &Document, text: &str) {
    let mut stack = vec![(String::new(), &doc.value)];
    let mut checked = 0;
    while let Some((ptr, v)) = stack.pop() {
        let children: Vec<(String, &Value, Option<&String>)> = match v {
            Value::Object(m) => m
                .iter()
                .map(|(k, c)| (format!("{ptr}/{}", escape(k)), c, Some(k)))
                .collect(),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("{ptr}/{i}"), c, None))
                .collect(),
            _ => Vec::new(),
        };
        for (p, child, key) in children {
            assert!(doc.has_position(&p), "{}: no position for {p}", doc.file);
            let pos = doc.position(&p).unwrap();
            if let Some(k) = key {
                let shown = at(text, pos);
                let tag = SHORT_FORMS
                    .iter()
                    .any(|(s, l)| l == k && shown.starts_with(&format!("!{s}")));
                assert!(
                    shown.starts_with(k.as_str())
                        || shown.starts_with(&format!("'{k}'"))
                        || shown.starts_with(&serde_json::to_string(k).unwrap())
                        || tag,
                    "{}: {p} points at `{shown}`",
                    doc.file
                );
            }
            checked += 1;
            stack.push((p, child));
        }
    }
    assert!(checked > 50, "{}: only {checked} nodes", doc.file);
}

#[test]
fn generated_files_load_with_their_format_and_exact_positions() {
    for (name, format) in [
        ("cloudformation.json", Format::CloudFormation),
        ("cloudformation.yaml", Format::CloudFormation),
        ("openapi.json", Format::OpenApi3),
        ("swagger.json", Format::Swagger2),
        ("main.tf.json", Format::TerraformJson),
    ] {
        let (path, text) = out_file(name);
        let doc = load(&path, text.as_bytes()).unwrap_or_else(|d| panic!("{d}"));
        assert_eq!(doc.format, format, "{name}");
        check_all_positions(&doc, &text);
    }
}

#[test]
fn deep_pointers_in_the_s3_proxy_templates() {
    let (path, yaml) = out_file("cloudformation.yaml");
    let y = load(&path, yaml.as_bytes()).unwrap();
    let (path, json) = out_file("cloudformation.json");
    let j = load(&path, json.as_bytes()).unwrap();
    assert_eq!(
        y.value, j.value,
        "the YAML and JSON templates parse to one value"
    );
    let uri = "/Resources/MethodFolderGet/Properties/Integration/Uri";
    let (line, col) = y.position(uri).unwrap();
    assert_eq!((line, col), (119, 9));
    assert!(at(&yaml, (line, col)).starts_with("Uri: !Sub"));
    assert!(at(&json, j.position(uri).unwrap()).starts_with("\"Uri\": {"));
    // Inside a short form: the tag, then the whole scalar for both GetAtt parts.
    let sub = y.position(&format!("{uri}/Fn::Sub")).unwrap();
    assert!(at(&yaml, sub).starts_with("!Sub 'arn:"));
    let cred = "/Resources/MethodFolderGet/Properties/Integration/Credentials/Fn::GetAtt/1";
    assert!(at(&yaml, y.position(cred).unwrap()).starts_with("ExecutionRole.Arn"));
    assert!(at(&json, j.position(cred).unwrap()).starts_with("\"Arn\""));
    // Sequence items, compact mappings and quoted keys.
    let status = "/Resources/MethodFolderGet/Properties/MethodResponses/2/StatusCode";
    assert_eq!(at(&yaml, y.position(status).unwrap()), "StatusCode: '500'");
    let item = "/Resources/MethodFolderGet/Properties/MethodResponses/1";
    assert_eq!(at(&yaml, y.position(item).unwrap()), "StatusCode: '400'");
    // A pointer below what the text holds falls back to its nearest ancestor.
    let missing = "/Resources/MethodFolderGet/Properties/Nope/Deeper";
    assert_eq!(
        y.position(missing),
        y.position("/Resources/MethodFolderGet/Properties")
    );
    assert_eq!(y.position(""), Some((1, 1)));
}

#[test]
fn short_form_tags_become_long_form_intrinsics() {
    let text = r#"
AWSTemplateFormatVersion: "2010-09-09"
Conditions:
  IsProd: !Equals [!Ref Env, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition NotProd, !Condition IsProd]]
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: !Join ['-', [api, !Ref 'AWS::Region']]
      Description: !If [IsProd, !Sub "${AWS::StackName} prod", !Base64 x]
      Parameters:
        a: !Select [0, !Split [',', 'a,b']]
        b: !Select [0, !GetAZs '']
        c: !ImportValue shared-value
        d: !FindInMap [Map, !Ref 'AWS::Region', key]
        e: !Select [0, !Cidr [10.0.0.0/16, 4, 8]]
        f: !GetAtt [Role, Arn]
        g: !GetAtt Db.Endpoint.Address
        h: !Sub
          - "${A}"
          - A: !Ref Env
        i: !Transform {Name: AWS::Include, Parameters: {Location: s3://b/k}}
        j: ! plain
        k: !!str 123
"#;
    let doc = load("t.yaml", text.as_bytes()).unwrap_or_else(|d| panic!("{d}"));
    assert_eq!(doc.format, Format::CloudFormation);
    let v = &doc.value;
    assert_eq!(
        v["Conditions"]["IsProd"],
        json!({"Fn::Equals": [{"Ref": "Env"}, "prod"]})
    );
    assert_eq!(
        v["Conditions"]["NotProd"],
        json!({"Fn::Not": [{"Condition": "IsProd"}]})
    );
    assert_eq!(
        v["Conditions"]["Both"]["Fn::And"][1],
        json!({"Fn::Or": [{"Condition": "NotProd"}, {"Condition": "IsProd"}]})
    );
    let p = &v["Resources"]["Api"]["Properties"];
    assert_eq!(
        p["Name"],
        json!({"Fn::Join": ["-", ["api", {"Ref": "AWS::Region"}]]})
    );
    assert_eq!(
        p["Description"],
        json!({"Fn::If": ["IsProd", {"Fn::Sub": "${AWS::StackName} prod"}, {"Fn::Base64": "x"}]})
    );
    let q = &p["Parameters"];
    assert_eq!(
        q["a"],
        json!({"Fn::Select": [0, {"Fn::Split": [",", "a,b"]}]})
    );
    assert_eq!(q["b"], json!({"Fn::Select": [0, {"Fn::GetAZs": ""}]}));
    assert_eq!(q["c"], json!({"Fn::ImportValue": "shared-value"}));
    assert_eq!(
        q["d"],
        json!({"Fn::FindInMap": ["Map", {"Ref": "AWS::Region"}, "key"]})
    );
    assert_eq!(
        q["e"],
        json!({"Fn::Select": [0, {"Fn::Cidr": ["10.0.0.0/16", 4, 8]}]})
    );
    assert_eq!(q["f"], json!({"Fn::GetAtt": ["Role", "Arn"]}));
    assert_eq!(q["g"], json!({"Fn::GetAtt": ["Db", "Endpoint.Address"]}));
    assert_eq!(q["h"], json!({"Fn::Sub": ["${A}", {"A": {"Ref": "Env"}}]}));
    assert_eq!(
        q["i"],
        json!({"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": "s3://b/k"}}})
    );
    assert_eq!(q["j"], json!("plain"));
    assert_eq!(q["k"], json!("123"));
    // Positions follow the tags into the long form.
    let sel = "/Resources/Api/Properties/Parameters/a/Fn::Select/1/Fn::Split/1";
    assert!(at(text, doc.position(sel).unwrap()).starts_with("'a,b'"));
    let h = "/Resources/Api/Properties/Parameters/h/Fn::Sub/1/A/Ref";
    assert!(at(text, doc.position(h).unwrap()).starts_with("!Ref Env"));
    let t = "/Resources/Api/Properties/Parameters/i/Fn::Transform/Parameters/Location";
    assert!(at(text, doc.position(t).unwrap()).starts_with("Location: s3"));
}

#[test]
fn bad_tags_are_located_diagnostics() {
    let d = err(
        "t.yaml",
        "Resources:\n  A:\n    Type: AWS::SNS::Topic\n    Properties:\n      X: !Bogus y\n",
    );
    assert_eq!(d.code, TAG);
    assert!(d.message.contains("`!Bogus`"), "{d}");
    assert_eq!(d.location.as_ref().unwrap().line, 5);
    let d = err("t.yaml", "Resources:\n  A:\n    Type: !GetAtt NoDot\n");
    assert_eq!(d.code, TAG);
    assert!(d.message.contains("Resource.Attribute"), "{d}");
}

#[test]
fn formats_are_detected_from_content() {
    let ok = |name: &str, text: &str| load(name, text.as_bytes()).map(|d| d.format);
    assert_eq!(
        ok(
            "x",
            "AWSTemplateFormatVersion: '2010-09-09'\nResources: {}\n"
        ),
        Ok(Format::CloudFormation)
    );
    assert_eq!(
        ok(
            "x.txt",
            r#"{"Resources": {"T": {"Type": "AWS::SNS::Topic"}}}"#
        ),
        Ok(Format::CloudFormation)
    );
    assert_eq!(
        ok(
            "api.yml",
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"
        ),
        Ok(Format::OpenApi3)
    );
    assert_eq!(
        ok("api", "swagger: \"2.0\"\npaths: {}\n"),
        Ok(Format::Swagger2)
    );
    assert_eq!(
        ok("x.json", r#"{"resource": {}}"#),
        Ok(Format::TerraformJson)
    );
    assert_eq!(ok("main.tf.json", "{}"), Ok(Format::TerraformJson));
    // A YAML flow mapping in a file without a JSON name.
    assert_eq!(
        ok("t.yaml", "{Resources: {T: {Type: AWS::SNS::Topic}}}"),
        Ok(Format::CloudFormation)
    );

    let d = err("api.yaml", "openapi: 3.1.0\ninfo: {}\n");
    assert_eq!(d.code, UNSUPPORTED_VERSION);
    assert!(d.message.contains("3.1.0") && d.message.contains("not supported"));
    assert_eq!(d.location.as_ref().unwrap().line, 1);
    assert_eq!(
        err("api.json", r#"{"swagger": "1.2"}"#).code,
        UNSUPPORTED_VERSION
    );
    let d = err("x.yaml", "name: hello\nitems: [1, 2]\n");
    assert_eq!(d.code, UNKNOWN_FORMAT);
    assert!(
        d.help
            .as_ref()
            .unwrap()
            .contains("AWSTemplateFormatVersion")
    );
    assert_eq!(err("x.yaml", "- a\n- b\n").code, UNKNOWN_FORMAT);
    assert_eq!(err("x.yaml", "# only a comment\n").code, UNKNOWN_FORMAT);
    assert_eq!(err("x.yaml", "just text").code, UNKNOWN_FORMAT);
}

#[test]
fn syntax_errors_and_duplicates_are_located() {
    let d = err(
        "t.json",
        "{\n  \"Resources\": {\n    \"A\": [1,,]\n  }\n}\n",
    );
    assert_eq!(d.code, SYNTAX);
    assert_eq!(d.location.as_ref().unwrap().line, 3);
    let d = err("t.yaml", "Resources:\n  A: [1, 2\n  B: 3\n");
    assert_eq!(d.code, SYNTAX);
    assert!(d.location.as_ref().unwrap().line > 0, "{d}");

    let d = err(
        "t.json",
        "{\n  \"Resources\": {\n    \"A\": 1,\n    \"A\": 2\n  }\n}\n",
    );
    assert_eq!(d.code, DUPLICATE_KEY);
    let loc = d.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (4, 5));
    let d = err(
        "t.yaml",
        "Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A:\n    Type: AWS::SQS::Queue\n",
    );
    assert_eq!(d.code, DUPLICATE_KEY, "{d}");
    let loc = d.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (4, 3));
}

#[test]
fn hostile_input_gives_diagnostics() {
    let big = vec![b' '; MAX_BYTES + 1];
    assert_eq!(load("big.yaml", &big).unwrap_err().code, LIMIT);
    assert_eq!(load("e.yaml", b"").unwrap_err().code, UNREADABLE);
    assert_eq!(load("e.yaml", b"  \n\n").unwrap_err().code, UNREADABLE);
    let d = load("n.yaml", b"Resources:\n  A\0: 1\n").unwrap_err();
    assert_eq!(d.code, UNREADABLE);
    assert!(d.message.contains("NUL"));
    assert_eq!(d.location.as_ref().unwrap().line, 2);
    let d = load("u.yaml", b"Resources:\n  A: \xff\xfe\n").unwrap_err();
    assert_eq!(d.code, UNREADABLE);
    let loc = d.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (2, 6));

    let d = err("m.yaml", "Resources: {}\n---\nResources: {}\n");
    assert_eq!(d.code, SYNTAX);
    assert!(d.message.contains("more than one YAML document"), "{d}");

    // Billion laughs.
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (i, name) in "bcdefghijk".chars().enumerate() {
        let prev = "abcdefghijk".chars().nth(i).unwrap();
        let refs = vec![format!("*{prev}"); 10].join(", ");
        bomb.push_str(&format!("{name}: &{name} [{refs}]\n"));
    }
    let start = std::time::Instant::now();
    assert_eq!(err("bomb.yaml", &bomb).code, LIMIT);
    // One large anchor referenced many times: within serde_yaml's own repetition limit,
    // stopped by the node budget.
    let mut wide = String::from("a: &a [");
    wide.push_str(&vec!["x"; 20_000].join(","));
    wide.push_str("]\nb: [");
    wide.push_str(&vec!["*a"; 2_000].join(","));
    wide.push_str("]\n");
    assert_eq!(err("wide.yaml", &wide).code, LIMIT);
    assert!(start.elapsed().as_secs() < 10);

    let deep_yaml = format!("a: {}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(err("deep.yaml", &deep_yaml).code, LIMIT);
    let deep_block: String = (0..300).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
    assert_eq!(err("deep2.yaml", &deep_block).code, LIMIT);
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_eq!(err("deep.json", &deep_json).code, LIMIT);
    assert_eq!(err("k.yaml", "Resources:\n  [a, b]: 1\n").code, SYNTAX);
}

#[test]
fn locate_fills_line_and_column_of_findings() {
    let (path, text) = out_file("cloudformation.yaml");
    let doc = load(&path, text.as_bytes()).unwrap();
    let mut d = Diagnostic::error("GW9999", "x").at(Location::pointer(
        &path,
        "/Resources/MethodFolderGet/Properties/Integration/Credentials",
    ));
    doc.locate(&mut d);
    let loc = d.location.as_ref().unwrap();
    assert_eq!((loc.line, loc.column), (120, 9));
    let mut bare = Diagnostic::error("GW9999", "x");
    doc.locate(&mut bare);
    assert_eq!(bare.location.as_ref().unwrap().line, 1);
}
