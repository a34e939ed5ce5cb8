//! Output shapes: every bundled blueprint in the body shape synthesizes past every check
//! (the judges of its documents are run over such a sample by hand and in CI through
//! `GATEWRIGHT_OUT_DIR`); the body holds the same API as `openapi.json`; the Deployment
//! follows the document; a document past 1 MB of template goes beside it, or is refused
//! when it cannot be imported as it is.

use gatewright::source::Source;
use gatewright::synth::{self, Bundle};
use serde_json::Value;
use std::fs;
use std::path::PathBuf;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The text of file `name` of the bundle.
fn text<'a>(b: &'a Bundle, name: &str) -> &'a str {
    b.text(name).expect(name)
}

fn doc(b: &Bundle, name: &str) -> Value {
    serde_json::from_str(text(b, name)).expect("JSON")
}

fn body_shaped(stem: &str) -> Bundle {
    let path = repo().join("blueprints").join(format!("{stem}.yaml"));
    let mut text = fs::read_to_string(&path).unwrap();
    if !text.contains("\noutput:") {
        text.push_str("output: { shape: body }\n");
    }
    synth::synth(stem, &Source::new(path.to_string_lossy(), text))
        .unwrap_or_else(|e| panic!("{stem} in the body shape: {e:#?}"))
}

/// Types of the template's resources.
fn types(t: &Value) -> Vec<String> {
    t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .map(|r| r["Type"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_bundled_blueprint_in_the_body_shape() {
    let mut stems: Vec<String> = fs::read_dir(repo().join("blueprints"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    assert!(stems.len() >= 12, "{stems:?}");
    for stem in &stems {
        let b = body_shaped(stem);
        let cfn = doc(&b, "cloudformation.json");
        let t = types(&cfn);
        for per_method in [
            "AWS::ApiGateway::Resource",
            "AWS::ApiGateway::Method",
            "AWS::ApiGateway::Model",
            "AWS::ApiGateway::RequestValidator",
            "AWS::ApiGateway::GatewayResponse",
            "AWS::ApiGateway::Authorizer",
        ] {
            assert!(!t.iter().any(|x| x == per_method), "{stem}: {per_method}");
        }
        let body = &cfn["Resources"]["RestApi"]["Properties"]["Body"];
        let openapi = doc(&b, "openapi.json");
        let keys = |v: &Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
        assert_eq!(keys(&body["paths"]), keys(&openapi["paths"]), "{stem}");
        let tf = doc(&b, "main.tf.json");
        let rest = &tf["resource"]["aws_api_gateway_rest_api"]["api"];
        assert_eq!(rest["put_rest_api_mode"], "overwrite", "{stem}");
        // The Terraform body is the same document: JSON once Terraform has filled it in.
        let tf_body: Value = serde_json::from_str(rest["body"].as_str().unwrap()).expect(stem);
        assert_eq!(keys(&tf_body["paths"]), keys(&openapi["paths"]), "{stem}");
        for per_method in [
            "aws_api_gateway_resource",
            "aws_api_gateway_method",
            "aws_api_gateway_integration",
            "aws_api_gateway_method_response",
            "aws_api_gateway_integration_response",
            "aws_api_gateway_model",
            "aws_api_gateway_authorizer",
        ] {
            assert!(
                tf["resource"].get(per_method).is_none(),
                "{stem}: {per_method}"
            );
        }
        assert_eq!(
            tf["resource"]["aws_api_gateway_deployment"]["api"]["triggers"]["redeployment"],
            "${sha1(aws_api_gateway_rest_api.api.body)}"
        );
    }
}

/// Literal `${` and `%{` of mapping templates stay literal in the Terraform body (escaped for
/// Terraform), while deploy-time values are interpolations.
#[test]
fn terraform_body_escapes_literals_and_interpolates_values() {
    let b = body_shaped("rekognition-labels");
    let tf = doc(&b, "main.tf.json");
    let body = tf["resource"]["aws_api_gateway_rest_api"]["api"]["body"]
        .as_str()
        .unwrap();
    assert!(body.contains("$${input.params()"), "VTL kept literal");
    assert!(!body.contains("\"${input"), "no unescaped VTL");
    assert!(body.contains("\"credentials\":\"${aws_iam_role.execution.arn}\""));
}

#[test]
fn the_deployment_follows_the_document() {
    let text = |extra: &str| {
        format!(
            "api: D\noutput: {{ shape: body }}\nroutes:\n  GET /a: {{ s3.list_buckets: {{}} }}\n{extra}"
        )
    };
    let deployment = |t: String| {
        let b = synth::synth("d", &Source::new("d.yaml", t)).unwrap();
        let cfn = doc(&b, "cloudformation.json");
        cfn["Resources"]
            .as_object()
            .unwrap()
            .keys()
            .find(|k| k.starts_with("Deployment"))
            .unwrap()
            .clone()
    };
    let a = deployment(text(""));
    assert_eq!(a, deployment(text("")), "same API, same deployment");
    assert_ne!(a, deployment(text("  GET /b: { s3.list_buckets: {} }\n")));
}

fn large(paths: usize, env: bool) -> String {
    let mut s = String::from("api: Large\noutput: { shape: body }\n");
    if env {
        s.push_str("env: { region: eu-west-1, account_id: \"123456789012\", execution_role_arn: \"arn:aws:iam::123456789012:role/large-api\" }\n");
    }
    s.push_str("routes:\n");
    for i in 0..paths {
        s.push_str(&format!(
            "  GET /p{i}/{{item}}: {{ s3.get_object: {{ bucket: b-{i}, key: \"{{item}}\" }} }}\n"
        ));
        s.push_str(&format!(
            "  PUT /p{i}/{{item}}: {{ s3.put_object: {{ bucket: b-{i}, key: \"{{item}}\" }} }}\n"
        ));
    }
    s
}

#[test]
fn a_document_past_one_megabyte_of_template_goes_beside_it() {
    let b = synth::synth("large", &Source::new("large.yaml", large(400, true))).unwrap();
    let cfn = doc(&b, "cloudformation.json");
    let rest = &cfn["Resources"]["RestApi"];
    assert!(rest["Properties"].get("Body").is_none());
    let key = rest["Properties"]["BodyS3Location"]["Key"]
        .as_str()
        .unwrap();
    assert_eq!(
        rest["Properties"]["BodyS3Location"]["Bucket"]["Ref"],
        "BodyBucket"
    );
    assert!(cfn["Parameters"]["BodyBucket"].is_object());
    assert_eq!(
        cfn["Resources"]["ExecutionRole"]["Properties"]["RoleName"],
        "large-api"
    );
    let readme = text(&b, "README.md");
    assert!(readme.contains(&format!("aws s3 cp openapi.json s3://<bucket>/{key}")));
    let openapi = text(&b, "openapi.json");
    assert!(!openapi.contains("${"), "the document beside is concrete");
    assert!(openapi.contains("arn:aws:iam::123456789012:role/large-api"));
    assert!(
        synth::to_json(&cfn).len() < 51_200,
        "the template itself is small"
    );

    let refused = synth::synth("large", &Source::new("large.yaml", large(400, false)))
        .expect_err("placeholders cannot go beside the template");
    assert!(
        refused.iter().any(|d| d.code == "GW0216"
            && d.is_error()
            && d.message.contains("${ExecutionRole.Arn}")),
        "{refused:#?}"
    );
}

/// `auto` for an API past a stack's quotas whose document cannot go beside the template
/// (no `env`): CloudFormation stays in the resources shape with its quota warnings, and
/// Terraform, which has no such quota, takes the body; with `env`, both take the body.
#[test]
fn auto_past_the_quotas_writes_terraform_in_the_body_shape() {
    let auto = |env| large(260, env).replace("output: { shape: body }\n", "");
    let b = synth::synth("large", &Source::new("large.yaml", auto(false))).unwrap();
    let cfn = doc(&b, "cloudformation.json");
    assert!(
        cfn["Resources"].as_object().unwrap().len() > 500,
        "CloudFormation stays in the resources shape"
    );
    assert!(
        b.warnings.iter().any(|d| d.code == "GW0349"),
        "{:#?}",
        b.warnings
    );
    let count = |code: &str| b.warnings.iter().filter(|d| d.code == code).count();
    assert_eq!(
        (count("GW0331"), count("GW0352")),
        (260, 1),
        "a warning every document repeats is reported once: one per PUT route, one quota"
    );
    // The OpenAPI document is made first here (so it is not held while the template is
    // built), yet files and findings keep their order: a repeated warning is reported at the
    // first file of the bundle that shows it.
    let names: Vec<&str> = b.files.iter().map(|f| f.name).collect();
    assert_eq!(
        names,
        [
            "cloudformation.json",
            "cloudformation.yaml",
            "openapi.json",
            "swagger.json",
            "main.tf.json",
            "README.md"
        ]
    );
    let at = |code: &str| -> Vec<String> {
        let mut files: Vec<String> = b
            .warnings
            .iter()
            .filter(|d| d.code == code)
            .filter_map(|d| d.location.as_ref().map(|l| l.file.clone()))
            .collect();
        files.dedup();
        files
    };
    assert_eq!(at("GW0331"), ["large/cloudformation.json"]);
    let tf = doc(&b, "main.tf.json");
    assert!(tf["resource"]["aws_api_gateway_rest_api"]["api"]["body"].is_string());
    assert!(tf["resource"].get("aws_api_gateway_method").is_none());
    assert!(tf["resource"].get("aws_api_gateway_deployment").is_some());
    let readme = text(&b, "README.md");
    assert!(readme.contains("## Output shape: resources (CloudFormation), body (Terraform)"));

    let b = synth::synth("large", &Source::new("large.yaml", auto(true))).unwrap();
    let cfn = doc(&b, "cloudformation.json");
    assert!(cfn["Resources"]["RestApi"]["Properties"]["BodyS3Location"].is_object());
    let tf = doc(&b, "main.tf.json");
    assert!(tf["resource"]["aws_api_gateway_rest_api"]["api"]["body"].is_string());
}
