//! `gatewright validate` says valid only when AWS would accept (issue 16, item 3): each rule
//! has a bad document, made from a bundled output with one change, that must give its code at
//! the right line; the bundled outputs stay clean, in folders and subfolders.

mod common;

use common::cli::{root, validate};

use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::Output;

fn show(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// A folder of this test's own, empty.
fn folder(test: &str) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("gatewright-accepts-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(&p, text).unwrap();
    p.display().to_string()
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

/// `text` with `from` (which must occur) replaced once by `to`.
fn edit(text: &str, from: &str, to: &str) -> String {
    assert!(text.contains(from), "`{from}` not in the document");
    text.replacen(from, to, 1)
}

/// The 1-based line of the first occurrence of `needle` in `text`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

/// Runs validate on one document and asserts exit 1 and a finding `code` on `line` (any
/// line when `None`) whose message holds `words`.
fn expect(test: &str, name: &str, text: &str, code: &str, line: Option<usize>, words: &str) {
    let dir = folder(test);
    let path = write(&dir, name, text);
    let o = validate(&[&path]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let out = String::from_utf8_lossy(&o.stdout);
    let hit = out.lines().find(|l| {
        l.contains(&format!("[{code}]"))
            && l.contains(words)
            && line.is_none_or(|n| l.starts_with(&format!("{path}:{n}:")))
    });
    assert!(
        hit.is_some(),
        "want {code} at line {line:?} with `{words}`\n{}",
        show(&o)
    );
}

fn assert_clean(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "{}", show(o));
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(
        !out.lines()
            .any(|l| l.contains(": error[") || l.contains(": warning[")),
        "{}",
        show(o)
    );
}

const CFN_YAML: &str = "out/s3-proxy/cloudformation.yaml";
const CFN_JSON: &str = "out/s3-proxy/cloudformation.json";
const TF: &str = "out/s3-proxy/main.tf.json";

#[test]
fn validate_out_walks_every_subfolder_and_everything_is_clean() {
    let mut count = 0;
    for dir in std::fs::read_dir(root().join("out")).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let f = f.unwrap().path();
            count += usize::from(matches!(
                f.extension().and_then(|x| x.to_str()),
                Some("json" | "yaml" | "yml")
            ));
        }
    }
    assert!(count >= 40, "{count}");
    let o = validate(&["out"]);
    assert_clean(&o);
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&format!(
            "{count} file(s) checked: 0 error(s), 0 warning(s)"
        )),
        "{}",
        show(&o)
    );
    // The bundled Terraform outputs are checked against the vendored schema: no type of
    // theirs is outside it.
    assert!(
        !String::from_utf8_lossy(&o.stdout).contains("TF015"),
        "{}",
        show(&o)
    );
}

#[test]
fn folders_are_walked_in_a_fixed_order_and_nothing_found_is_an_error() {
    let dir = folder("order");
    let api = read(CFN_JSON);
    write(&dir, "b/z.json", &api);
    write(&dir, "a/deep/er/y.json", &api);
    write(
        &dir,
        "a/x.json",
        &edit(&api, "\"Ref\": \"RestApi\"", "\"Ref\": \"RestApiX\""),
    );
    write(&dir, ".hidden/w.json", "not json at all {");
    write(&dir, "notes.txt", "not a document");
    let o = validate(&[dir.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("3 file(s) checked"),
        "{}",
        show(&o)
    );
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("a/x.json:"),
        "{}",
        show(&o)
    );

    for setup in [
        |_: &Path| {},
        |d: &Path| {
            write(d, "README.md", "# no documents");
            write(d, "sub/more/notes.txt", "none");
        },
    ] {
        let empty = folder("empty");
        setup(&empty);
        let o = validate(&[empty.to_str().unwrap()]);
        assert_eq!(o.status.code(), Some(1), "{}", show(&o));
        let out = String::from_utf8_lossy(&o.stdout);
        assert!(
            out.contains("error[GW0904]") && out.contains("no document to check"),
            "{}",
            show(&o)
        );
        assert!(out.contains("help:"), "{}", show(&o));
    }
}

#[test]
fn cloudformation_references_to_nothing_are_errors_at_the_reference() {
    let yaml = read(CFN_YAML);
    let needle = "RestApiId: !Ref RestApi";
    let line = line_of(&yaml, needle);
    let bad = edit(&yaml, needle, "RestApiId: !Ref RestApy");
    expect("ref", "t.yaml", &bad, "GW0354", Some(line), "`RestApy`");

    let needle = "ParentId: !GetAtt RestApi.RootResourceId";
    let bad = edit(&yaml, needle, "ParentId: !GetAtt Missing.RootResourceId");
    expect(
        "getatt",
        "t.yaml",
        &bad,
        "GW0354",
        Some(line_of(&yaml, needle)),
        "`Missing`",
    );

    let needle = "Value: !Sub 'https://${RestApi}.execute-api";
    let bad = edit(
        &yaml,
        needle,
        "Value: !Sub 'https://${RestApii}.execute-api",
    );
    expect(
        "sub",
        "t.yaml",
        &bad,
        "GW0354",
        Some(line_of(&yaml, needle)),
        "${RestApii}",
    );

    // The [string, variables] form: a variable of the map is defined, `${!Literal}` is text.
    let bad = edit(
        &yaml,
        needle,
        "Value: !Sub ['https://${Id}.${Other}/${!Literal}', {Id: !Ref RestApi}]\n    Unused: !Sub 'https://${RestApi}.execute-api",
    );
    expect(
        "sub-vars",
        "t.yaml",
        &bad,
        "GW0354",
        Some(line_of(&yaml, needle)),
        "${Other}",
    );

    let json_text = read(CFN_JSON);
    let bad = edit(
        &json_text,
        "\"DependsOn\": [",
        "\"DependsOn\": [\n        \"NoSuchMethod\",",
    );
    expect(
        "depends",
        "t.json",
        &bad,
        "GW0354",
        None,
        "DependsOn names `NoSuchMethod`",
    );
}

#[test]
fn unknown_pseudo_parameters_and_cycles_are_errors() {
    let yaml = read(CFN_YAML);
    let needle = "!Sub 'arn:${AWS::Partition}:s3:::*'";
    let bad = edit(&yaml, needle, "!Sub 'arn:${AWS::Partitoin}:s3:::*'");
    expect(
        "pseudo",
        "t.yaml",
        &bad,
        "GW0355",
        Some(line_of(&yaml, needle)),
        "AWS::Partitoin",
    );
    let bad = edit(&yaml, "Value: !Ref RestApi", "Value: !Ref AWS::Foo");
    expect("pseudo-ref", "t.yaml", &bad, "GW0355", None, "AWS::Foo");

    // The role names the API in its description, and the API names the role: a circle.
    let bad = edit(
        &yaml,
        "Description: Lets API Gateway call the AWS services behind MyS3",
        "Description: !Sub 'for ${RestApi}'",
    );
    let bad = edit(
        &bad,
        "      Name: MyS3\n",
        "      Name: !GetAtt ExecutionRole.RoleId\n",
    );
    expect(
        "cycle",
        "t.yaml",
        &bad,
        "GW0356",
        None,
        "ExecutionRole -> RestApi -> ExecutionRole",
    );
}

#[test]
fn template_quotas_and_misspelt_types() {
    let mut doc: Value = serde_json::from_str(&read(CFN_JSON)).unwrap();
    let outputs = doc["Outputs"].as_object_mut().unwrap();
    for n in outputs.len()..201 {
        outputs.insert(format!("Extra{n}"), json!({"Value": "x"}));
    }
    let text = serde_json::to_string_pretty(&doc).unwrap();
    expect(
        "outputs",
        "t.json",
        &text,
        "GW0357",
        Some(line_of(&text, "\"Outputs\"")),
        "201 outputs",
    );

    let yaml = read(CFN_YAML);
    let needle = "Type: AWS::ApiGateway::Method";
    let bad = edit(&yaml, needle, "Type: AWS::ApiGateway::Methd");
    expect(
        "type",
        "t.yaml",
        &bad,
        "GW0316",
        Some(line_of(&yaml, needle)),
        "did you mean AWS::ApiGateway::Method?",
    );
}

#[test]
fn yaml_reads_as_cloudformation_reads_it() {
    let yaml = read(CFN_YAML);
    // YAML 1.1 booleans where CloudFormation wants one: accepted, as CloudFormation does.
    let ok = edit(
        &yaml,
        "method.request.path.folder: true",
        "method.request.path.folder: yes",
    );
    let ok = edit(
        &ok,
        "method.request.header.Accept: false",
        "method.request.header.Accept: off",
    );
    // `0o17` is text in YAML 1.1 (a number in YAML 1.2), so a string property holding it is
    // fine.
    let ok = edit(&ok, "      Name: MyS3\n", "      Name: 0o17\n");
    let dir = folder("yaml11");
    let path = write(&dir, "t.yaml", &ok);
    assert_clean(&validate(&[&path]));

    // Anchors and aliases: CloudFormation refuses the template.
    let bad = edit(&yaml, "      Name: MyS3\n", "      Name: &name MyS3\n");
    let bad = edit(
        &bad,
        "Description: Lets API Gateway",
        "Tags: [{Key: n, Value: *name}]\n      Description: Lets API Gateway",
    );
    expect(
        "anchor",
        "t.yaml",
        &bad,
        "GW0317",
        Some(line_of(&yaml, "      Name: MyS3")),
        "anchor",
    );
    expect(
        "alias",
        "t.yaml",
        &bad,
        "GW0317",
        Some(line_of(&yaml, "Description: Lets API Gateway")),
        "alias",
    );
}

#[test]
fn openapi_refs_must_resolve_and_not_loop() {
    let text = read("out/sqs-send/openapi.json");
    let needle = "\"$ref\": \"#/components/schemas/Task\"";
    let line = line_of(&text, needle);
    let bad = edit(&text, needle, "\"$ref\": \"#/components/schemas/Tsak\"");
    expect(
        "ref-missing",
        "openapi.json",
        &bad,
        "GW0358",
        Some(line),
        "names nothing",
    );

    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["components"]["schemas"]["Task"] = json!({"$ref": "#/components/schemas/Task"});
    let bad = serde_json::to_string_pretty(&doc).unwrap();
    expect(
        "ref-self",
        "openapi.json",
        &bad,
        "GW0358",
        Some(line_of(&bad, needle)),
        "refers only to itself",
    );
}

#[test]
fn terraform_is_checked_by_default_and_says_what_it_did_not_check() {
    let text = read(TF);
    let needle = "\"assume_role_policy\":";
    let bad = edit(&text, needle, "\"assume_role_polcy\":");
    expect(
        "tf-arg",
        "main.tf.json",
        &bad,
        "TF004",
        Some(line_of(&text, needle)),
        "assume_role_polcy",
    );

    let needle = "\"${aws_api_gateway_rest_api.api.id}\"";
    let bad = edit(&text, needle, "\"${aws_api_gateway_rest_api.api.id\"");
    expect(
        "tf-syntax",
        "main.tf.json",
        &bad,
        "TF014",
        Some(line_of(&text, needle)),
        "",
    );
    let bad = edit(&text, needle, "\"${aws_api_gateway_rest_api.nope.id}\"");
    expect(
        "tf-ref",
        "main.tf.json",
        &bad,
        "TF011",
        Some(line_of(&text, needle)),
        "nope",
    );

    // A depends_on circle: the role waits for its policy, which names the role.
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["resource"]["aws_iam_role"]["execution"]["depends_on"] =
        json!(["aws_iam_role_policy.execution"]);
    let bad = serde_json::to_string_pretty(&doc).unwrap();
    expect(
        "tf-cycle",
        "main.tf.json",
        &bad,
        "TF016",
        None,
        "aws_iam_role.execution -> aws_iam_role_policy.execution -> aws_iam_role.execution",
    );

    // Types outside the vendored schema: one note naming them, and the run passes.
    let mut doc: Value = serde_json::from_str(&text).unwrap();
    doc["resource"]["random_id"] = json!({"suffix": {"byte_length": 4}});
    doc["resource"]["aws_ssm_parameter"] =
        json!({"p": {"name": "x", "type": "String", "value": "y"}});
    let dir = folder("tf-unchecked");
    let path = write(
        &dir,
        "main.tf.json",
        &serde_json::to_string_pretty(&doc).unwrap(),
    );
    let o = validate(&[&path]);
    assert_clean(&o);
    let out = String::from_utf8_lossy(&o.stdout);
    let notes: Vec<&str> = out.lines().filter(|l| l.contains("note[TF015]")).collect();
    assert_eq!(notes.len(), 1, "{}", show(&o));
    assert!(
        notes[0].contains("`aws_ssm_parameter`") && notes[0].contains("`random_id`"),
        "{}",
        show(&o)
    );
}
