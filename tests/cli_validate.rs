//! `gatewright validate` as a user runs it: every generated file is clean, broken files give
//! located findings and exit 1, `--format json` is JSON, unknown and hostile files get clear
//! diagnostics, and files other tools wrote (a CDK-style template, AWS's sample OpenAPI, the
//! Terraform output against the real provider schema) are judged without crashing.

mod common;

use common::cli::{root, stderr, stdout, validate};

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Output;

const TF_SCHEMA: &str = "../shared/schemas/terraform-providers-6.47.0-full.json";

fn show(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}--- stderr\n{}",
        o.status.code(),
        stdout(o),
        stderr(o)
    )
}

/// A scratch file named `name` holding `bytes`, in a folder of this test's own.
fn scratch(test: &str, name: &str, bytes: &[u8]) -> PathBuf {
    let dir =
        std::env::temp_dir().join(format!("gatewright-validate-{test}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// Asserts that a run found no error and no warning (notes, such as the 10 MB payload note,
/// are fine and do not fail the run).
fn assert_clean(o: &Output) {
    assert_eq!(o.status.code(), Some(0), "{}", show(o));
    let out = stdout(o);
    assert!(
        !out.lines()
            .any(|l| l.contains(": error[") || l.contains(": warning[")),
        "{}",
        show(o)
    );
}

/// The 1-based number of the first line of `text` containing `needle`.
fn line_of(text: &str, needle: &str) -> usize {
    text.lines().position(|l| l.contains(needle)).unwrap() + 1
}

#[test]
fn every_generated_file_validates_clean() {
    let mut files = Vec::new();
    for dir in std::fs::read_dir(root().join("out")).unwrap() {
        for f in std::fs::read_dir(dir.unwrap().path()).unwrap() {
            let f = f.unwrap().path();
            // Every output except the README (Markdown, not a document to validate).
            if matches!(
                f.extension().and_then(|x| x.to_str()),
                Some("json" | "yaml")
            ) {
                files.push(f.strip_prefix(root()).unwrap().display().to_string());
            }
        }
    }
    files.sort();
    assert!(files.len() >= 5, "{files:?}");
    let args: Vec<&str> = files.iter().map(String::as_str).collect();
    let o = validate(&args);
    assert_clean(&o);
    assert!(
        stderr(&o).contains(&format!(
            "{} file(s) checked: 0 error(s), 0 warning(s)",
            files.len()
        )),
        "{}",
        show(&o)
    );
    // A folder is the same as its documents.
    let o = validate(&["out/s3-proxy"]);
    assert_clean(&o);
    assert!(stderr(&o).contains("5 file(s) checked"), "{}", show(&o));
}

#[test]
fn a_broken_template_gives_exit_1_and_a_located_finding() {
    let yaml = std::fs::read_to_string(root().join("out/s3-proxy/cloudformation.yaml")).unwrap();
    let needle = "Credentials: !GetAtt ExecutionRole.Arn";
    let line = line_of(&yaml, needle);
    let broken = yaml.replacen(needle, "Credentials: !GetAtt ExecutionRole", 1);
    let path = scratch("broken", "cloudformation.yaml", broken.as_bytes());
    let o = validate(&[s(&path)]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let col =
        needle.find('!').unwrap() + yaml.lines().nth(line - 1).unwrap().find(needle).unwrap() + 1;
    let head = format!("{}:{line}:{col}: error[GW0309]:", s(&path));
    let out = stdout(&o);
    assert!(out.starts_with(&head), "expected `{head}`\n{}", show(&o));
    assert!(out.contains("\n  help: "), "{}", show(&o));

    // A key written twice in JSON, pointed at where it repeats.
    let json = std::fs::read_to_string(root().join("out/s3-proxy/cloudformation.json")).unwrap();
    let broken = json.replacen(
        "\"Type\": \"AWS::ApiGateway::RestApi\",",
        "\"Type\": \"AWS::ApiGateway::RestApi\",\n      \"Type\": \"AWS::ApiGateway::RestApi\",",
        1,
    );
    let path = scratch("broken", "cloudformation.json", broken.as_bytes());
    let o = validate(&[s(&path)]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let line = line_of(&json, "\"Type\": \"AWS::ApiGateway::RestApi\"") + 1;
    assert!(
        stdout(&o).starts_with(&format!("{}:{line}:7: error[GW0307]:", s(&path))),
        "{}",
        show(&o)
    );
}

#[test]
fn findings_of_the_checks_are_located_through_their_json_pointer() {
    let Some(schema) = common::external_file(TF_SCHEMA) else {
        return common::skip(&format!("provider schema not found at {TF_SCHEMA}"));
    };
    let tf = std::fs::read_to_string(root().join("out/s3-proxy/main.tf.json")).unwrap();
    let broken = tf.replacen("\"http_method\": \"GET\"", "\"http_methd\": \"GET\"", 1);
    let line = line_of(&broken, "\"http_methd\"");
    let path = scratch("located", "main.tf.json", broken.as_bytes());
    let o = validate(&[s(&path), "--terraform-schema", s(&schema)]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let out = stdout(&o);
    let finding = out
        .split(&format!("{}:", s(&path)))
        .find(|f| f.contains("http_methd") && f.contains("error[TF004]"))
        .unwrap_or_else(|| panic!("no TF004 about http_methd\n{}", show(&o)));
    assert!(
        finding.starts_with(&format!("{line}:9: error[TF004]")),
        "{finding}"
    );
    assert!(
        finding.contains("\n  at /resource/aws_api_gateway_method/root_get/http_methd"),
        "{finding}"
    );
}

#[test]
fn json_output_is_one_array_of_located_findings() {
    let bad = scratch(
        "json",
        "bad.yaml",
        b"Resources:\n  A:\n    Type: AWS::SNS::Topic\n  A: {}\n",
    );
    let o = validate(&[
        "out/s3-proxy/cloudformation.json",
        s(&bad),
        "--format",
        "json",
    ]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let v: Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}\n{}", show(&o)));
    let findings = v.as_array().unwrap();
    for f in findings {
        assert!(f["code"].is_string() && f["message"].is_string(), "{f:#}");
        assert!(f["location"]["line"].as_u64() > Some(0), "{f:#}");
    }
    let failing: Vec<&Value> = findings
        .iter()
        .filter(|f| f["severity"] != "note")
        .collect();
    assert_eq!(failing.len(), 1, "{v:#}");
    let f = failing[0];
    assert_eq!(f["severity"], "error");
    assert_eq!(f["code"], "GW0307");
    assert_eq!(f["location"]["file"], s(&bad));
    assert_eq!(f["location"]["line"], 4);
    assert_eq!(f["location"]["column"], 3);
    assert!(f["help"].is_string());

    let o = validate(&["out/s3-proxy/openapi.json", "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", show(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!(
        v.as_array()
            .unwrap()
            .iter()
            .all(|f| f["severity"] == "note"),
        "{v:#}"
    );
}

#[test]
fn unknown_and_unreadable_files_get_clear_diagnostics() {
    let notes = scratch("unknown", "notes.txt", b"hello: world\nitems: [1, 2]\n");
    let o = validate(&[s(&notes)]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    let out = stdout(&o);
    assert!(
        out.contains("error[GW0304]: cannot tell what kind of document this is"),
        "{out}"
    );
    assert!(
        out.contains("AWSTemplateFormatVersion") && out.contains(".tf.json"),
        "{out}"
    );

    let markdown = scratch("unknown", "README.md", b"# Title\n\nSome *text*: here.\n");
    let o = validate(&[s(&markdown)]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    assert!(stdout(&o).contains("error[GW0304]"), "{}", show(&o));

    let oas31 = scratch(
        "unknown",
        "api.yaml",
        b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    );
    let o = validate(&[s(&oas31)]);
    assert!(
        stdout(&o).starts_with(&format!(
            "{}:1:1: error[GW0306]: OpenAPI 3.1.0 is not supported",
            s(&oas31)
        )),
        "{}",
        show(&o)
    );

    let o = validate(&["does/not/exist.yaml"]);
    assert_eq!(o.status.code(), Some(1), "{}", show(&o));
    assert!(
        stdout(&o).contains("error[GW0303]: does/not/exist.yaml does not exist"),
        "{}",
        show(&o)
    );
}

#[test]
fn hostile_files_are_findings_not_crashes() {
    let deep_json = format!("{}{}", "[".repeat(50_000), "]".repeat(50_000));
    let deep_yaml = format!("a: {}{}", "[".repeat(50_000), "]".repeat(50_000));
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (prev, name) in "abcdefghi".chars().zip("bcdefghij".chars()) {
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.yaml", Vec::new(), "GW0303"),
        ("nul.json", b"{\"a\": \"\0\"}".to_vec(), "GW0303"),
        (
            "latin1.yaml",
            b"Resources:\n  A: caf\xe9\n".to_vec(),
            "GW0303",
        ),
        (
            "two.yaml",
            b"Resources: {}\n---\nResources: {}\n".to_vec(),
            "GW0305",
        ),
        ("deep.json", deep_json.into_bytes(), "GW0308"),
        ("deep.yaml", deep_yaml.into_bytes(), "GW0308"),
        ("bomb.yaml", bomb.into_bytes(), "GW0308"),
        ("big.yaml", vec![b'#'; 17 * 1024 * 1024], "GW0308"),
        (
            "tag.yaml",
            b"Resources:\n  A:\n    Type: !Bogus x\n".to_vec(),
            "GW0309",
        ),
        (
            "syntax.json",
            b"{\"Resources\": {\"A\": }}".to_vec(),
            "GW0305",
        ),
    ];
    for (name, bytes, code) in cases {
        let path = scratch("hostile", name, &bytes);
        let started = std::time::Instant::now();
        let o = validate(&[s(&path)]);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", show(&o));
        assert!(
            stdout(&o).contains(&format!("error[{code}]")),
            "{name}: {}",
            show(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{name}: {}", show(&o));
        assert!(
            started.elapsed().as_secs() < 20,
            "{name} took {:?}",
            started.elapsed()
        );
        let _ = std::fs::remove_file(&path);
    }
}

#[test]
fn usage_errors_exit_2() {
    let o = validate(&[]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let o = validate(&["out/s3-proxy/openapi.json", "--format", "xml"]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    let not_a_schema = scratch("usage", "schema.json", b"{\"format_version\": 1}");
    let o = validate(&[
        "out/s3-proxy/main.tf.json",
        "--terraform-schema",
        s(&not_a_schema),
    ]);
    assert_eq!(o.status.code(), Some(2), "{}", show(&o));
    assert!(stdout(&o).contains("error[TF000]"), "{}", show(&o));
    let o = validate(&["--help"]);
    assert_eq!(o.status.code(), Some(0));
    assert!(stdout(&o).contains("Examples:"), "{}", show(&o));
}

/// A template shaped like `cdk synth` output for an API Gateway -> SQS integration: no
/// `AWSTemplateFormatVersion`, hashed logical ids, `Fn::Join` URIs, a separate
/// `AWS::IAM::Policy`, CDK metadata, the bootstrap parameter and rule.
const CDK_TEMPLATE: &str = r#"{
 "Resources": {
  "Queue4A7E3555": {
   "Type": "AWS::SQS::Queue",
   "UpdateReplacePolicy": "Delete",
   "DeletionPolicy": "Delete",
   "Metadata": { "aws:cdk:path": "ApiStack/Queue/Resource" }
  },
  "ApiRole7B10E8B4": {
   "Type": "AWS::IAM::Role",
   "Properties": {
    "AssumeRolePolicyDocument": {
     "Statement": [
      { "Action": "sts:AssumeRole", "Effect": "Allow", "Principal": { "Service": "apigateway.amazonaws.com" } }
     ],
     "Version": "2012-10-17"
    }
   },
   "Metadata": { "aws:cdk:path": "ApiStack/ApiRole/Resource" }
  },
  "ApiRoleDefaultPolicy5D8AAF2C": {
   "Type": "AWS::IAM::Policy",
   "Properties": {
    "PolicyDocument": {
     "Statement": [
      { "Action": "sqs:SendMessage", "Effect": "Allow", "Resource": { "Fn::GetAtt": ["Queue4A7E3555", "Arn"] } }
     ],
     "Version": "2012-10-17"
    },
    "PolicyName": "ApiRoleDefaultPolicy5D8AAF2C",
    "Roles": [{ "Ref": "ApiRole7B10E8B4" }]
   },
   "Metadata": { "aws:cdk:path": "ApiStack/ApiRole/DefaultPolicy/Resource" }
  },
  "ApiF70053CD": {
   "Type": "AWS::ApiGateway::RestApi",
   "Properties": { "Name": "QueueApi" },
   "Metadata": { "aws:cdk:path": "ApiStack/Api/Resource" }
  },
  "Apimessages5B3E0A2C": {
   "Type": "AWS::ApiGateway::Resource",
   "Properties": {
    "ParentId": { "Fn::GetAtt": ["ApiF70053CD", "RootResourceId"] },
    "PathPart": "messages",
    "RestApiId": { "Ref": "ApiF70053CD" }
   },
   "Metadata": { "aws:cdk:path": "ApiStack/Api/Default/messages/Resource" }
  },
  "ApimessagesPOST4A1C2F6B": {
   "Type": "AWS::ApiGateway::Method",
   "Properties": {
    "AuthorizationType": "NONE",
    "HttpMethod": "POST",
    "Integration": {
     "Credentials": { "Fn::GetAtt": ["ApiRole7B10E8B4", "Arn"] },
     "IntegrationHttpMethod": "POST",
     "IntegrationResponses": [
      { "StatusCode": "200", "ResponseTemplates": { "application/json": "{\"ok\": true}" } },
      { "SelectionPattern": "4\\d{2}", "StatusCode": "400" }
     ],
     "PassthroughBehavior": "NEVER",
     "RequestParameters": {
      "integration.request.header.Content-Type": "'application/x-www-form-urlencoded'"
     },
     "RequestTemplates": {
      "application/json": "Action=SendMessage&MessageBody=$util.urlEncode($input.body)"
     },
     "Type": "AWS",
     "Uri": {
      "Fn::Join": ["", [
       "arn:", { "Ref": "AWS::Partition" }, ":apigateway:", { "Ref": "AWS::Region" },
       ":sqs:path/", { "Ref": "AWS::AccountId" }, "/", { "Fn::GetAtt": ["Queue4A7E3555", "QueueName"] }
      ]]
     }
    },
    "MethodResponses": [{ "StatusCode": "200" }, { "StatusCode": "400" }],
    "ResourceId": { "Ref": "Apimessages5B3E0A2C" },
    "RestApiId": { "Ref": "ApiF70053CD" }
   },
   "Metadata": { "aws:cdk:path": "ApiStack/Api/Default/messages/POST/Resource" }
  },
  "ApiDeploymentB17BE62D4a1b2c3d": {
   "Type": "AWS::ApiGateway::Deployment",
   "Properties": {
    "Description": "Automatically created by the RestApi construct",
    "RestApiId": { "Ref": "ApiF70053CD" }
   },
   "DependsOn": ["ApimessagesPOST4A1C2F6B", "Apimessages5B3E0A2C"],
   "Metadata": { "aws:cdk:path": "ApiStack/Api/Deployment/Resource" }
  },
  "ApiDeploymentStageprod3EB9684E": {
   "Type": "AWS::ApiGateway::Stage",
   "Properties": {
    "DeploymentId": { "Ref": "ApiDeploymentB17BE62D4a1b2c3d" },
    "RestApiId": { "Ref": "ApiF70053CD" },
    "StageName": "prod"
   },
   "Metadata": { "aws:cdk:path": "ApiStack/Api/DeploymentStage.prod/Resource" }
  },
  "CDKMetadata": {
   "Type": "AWS::CDK::Metadata",
   "Properties": { "Analytics": "v2:deflate64:H4sIAAAAAAAA/zPSMzfWM1BMLC/WTU7J1s3JTNKrDi5JTM7WcU7LA9K1"},
   "Metadata": { "aws:cdk:path": "ApiStack/CDKMetadata/Default" },
   "Condition": "CDKMetadataAvailable"
  }
 },
 "Outputs": {
  "ApiEndpoint4F160690": {
   "Value": {
    "Fn::Join": ["", [
     "https://", { "Ref": "ApiF70053CD" }, ".execute-api.", { "Ref": "AWS::Region" }, ".",
     { "Ref": "AWS::URLSuffix" }, "/", { "Ref": "ApiDeploymentStageprod3EB9684E" }, "/"
    ]]
   }
  }
 },
 "Conditions": {
  "CDKMetadataAvailable": {
   "Fn::Or": [
    { "Fn::Equals": [{ "Ref": "AWS::Region" }, "eu-west-1"] },
    { "Fn::Equals": [{ "Ref": "AWS::Region" }, "us-east-1"] }
   ]
  }
 },
 "Parameters": {
  "BootstrapVersion": {
   "Type": "AWS::SSM::Parameter::Value<String>",
   "Default": "/cdk-bootstrap/hnb659fds/version",
   "Description": "Version of the CDK Bootstrap resources in this environment, automatically retrieved from SSM Parameter Store. [cdk:skip]"
  }
 },
 "Rules": {
  "CheckBootstrapVersion": {
   "Assertions": [
    {
     "Assert": { "Fn::Not": [{ "Fn::Contains": [["1", "2", "3", "4", "5"], { "Ref": "BootstrapVersion" }] }] },
     "AssertDescription": "CDK bootstrap stack version 6 required. Please run 'cdk bootstrap' with a recent version of the CDK CLI."
    }
   ]
  }
 }
}
"#;

#[test]
fn a_cdk_style_template_validates_clean() {
    let path = scratch("cdk", "ApiStack.template.json", CDK_TEMPLATE.as_bytes());
    assert_clean(&validate(&[s(&path)]));
}

#[test]
fn aws_sample_openapi_is_judged_without_crashing() {
    let rel = "../shared/samples/aws-openapi/s3-proxy.oas30.json";
    let Some(sample) = common::external_file(rel) else {
        return common::skip(&format!("AWS sample not found at {rel}"));
    };
    for format in ["text", "json"] {
        let o = validate(&[s(&sample), "--format", format]);
        assert!(
            matches!(o.status.code(), Some(0 | 1)),
            "{format}: {}",
            show(&o)
        );
        assert!(!stderr(&o).contains("panicked"), "{}", show(&o));
        assert!(stderr(&o).contains("1 file(s) checked"), "{}", show(&o));
        if format == "json" {
            serde_json::from_str::<Value>(&stdout(&o)).unwrap();
        }
    }
}

#[test]
fn terraform_output_is_clean_against_the_provider_schema() {
    let Some(schema) = common::external_file(TF_SCHEMA) else {
        return common::skip(&format!("provider schema not found at {TF_SCHEMA}"));
    };
    let mut files: Vec<String> = std::fs::read_dir(root().join("out"))
        .unwrap()
        .map(|e| e.unwrap().path().join("main.tf.json"))
        .filter(|p| p.is_file())
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    let mut args: Vec<&str> = files.iter().map(String::as_str).collect();
    args.extend(["--terraform-schema", s(&schema)]);
    let o = validate(&args);
    assert_clean(&o);
    assert!(
        stderr(&o).contains(&format!("{} file(s) checked", files.len())),
        "{}",
        show(&o)
    );
}
