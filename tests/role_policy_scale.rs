//! The execution role of a large S3 API fits IAM's policy quotas
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>: 10,240
//! characters for a role's inline policies together, 6,144 per managed policy, 20 managed
//! policies per role at most, whitespace not counted). The blueprint is CDK's scale-test
//! shape: N sibling paths, each with a GET and a PUT of its own S3 object, so the role needs
//! one grant per object. LocalStack does not enforce these sizes, so the count here is ours,
//! written apart from the one in `src/` (deploy-time values at their longest).
//!
//! Each size is checked in both deployable formats: the grants are exactly the derived ones
//! (each action on each object, nothing wider), every document is within IAM's sizes, cfn-lint
//! accepts the template (at 500 paths) and the provider schema the Terraform. Past what 20 managed policies
//! hold, the routes get more than one role (judged in `tests/execution_roles.rs`).

mod common;

use common::iam::{INLINE, MANAGED, Pairs, iam_chars, pairs, s3_blueprint};
use gatewright::source::Source;
use gatewright::synth::{self, Bundle};
use gatewright::validate::terraform::{ProviderSchema, check};
use serde_json::Value;
use std::process::Command;

const TF_SCHEMA: &str = "../shared/schemas/terraform-providers-6.47.0-full.json";
const MAX_MANAGED: usize = 20;

fn synth(paths: usize) -> Result<Bundle, Vec<gatewright::Diagnostic>> {
    synth::synth(
        "scale",
        &Source::new(format!("scale-{paths}.yaml"), s3_blueprint(paths)),
    )
}

fn file<'a>(b: &'a Bundle, name: &str) -> &'a str {
    b.text(name).expect(name)
}

fn expected(paths: usize) -> Pairs {
    (0..paths)
        .flat_map(|i| {
            let arn = format!("arn:aws-us-gov:s3:::gw-bench-data/p{i}.json");
            [
                ("s3:GetObject".to_string(), arn.clone()),
                ("s3:PutObject".to_string(), arn),
            ]
        })
        .collect()
}

/// The template's role policies: sizes within IAM's, grants exactly `expected`. Returns the
/// number of managed policies.
fn check_template(t: &Value, paths: usize) -> usize {
    let resources = t["Resources"].as_object().unwrap();
    let mut got = Pairs::new();
    let mut managed = 0;
    let mut inline = 0;
    for (id, r) in resources {
        match r["Type"].as_str().unwrap() {
            "AWS::IAM::Role" if id == "ExecutionRole" => {
                for p in r["Properties"]["Policies"].as_array().unwrap() {
                    inline += iam_chars(&p["PolicyDocument"]);
                    pairs(&p["PolicyDocument"], &mut got);
                }
            }
            "AWS::IAM::ManagedPolicy" => {
                let d = &r["Properties"]["PolicyDocument"];
                let n = iam_chars(d);
                assert!(n <= MANAGED, "{id}: {n} characters");
                assert_eq!(r["Properties"]["Roles"][0]["Ref"], "ExecutionRole");
                pairs(d, &mut got);
                managed += 1;
            }
            "AWS::IAM::Policy" => panic!("{id}: an AWS::IAM::Policy is an inline policy too"),
            _ => {}
        }
    }
    assert!(inline <= INLINE, "inline policies: {inline} characters");
    assert!(managed <= MAX_MANAGED);
    // No method goes live before its grants: the Deployment waits for every managed policy.
    for (id, r) in resources {
        if r["Type"] == "AWS::IAM::ManagedPolicy" {
            let waits = resources.values().any(|d| {
                d["Type"] == "AWS::ApiGateway::Deployment"
                    && d["DependsOn"]
                        .as_array()
                        .is_some_and(|a| a.iter().any(|x| x == id.as_str()))
            });
            assert!(waits, "the Deployment does not depend on {id}");
        }
    }
    assert_eq!(got, expected(paths), "the template's grants");
    managed
}

/// The same for the Terraform configuration.
fn check_terraform(tf: &Value, paths: usize) -> usize {
    let r = &tf["resource"];
    let mut got = Pairs::new();
    let mut inline = 0;
    for (_, p) in r["aws_iam_role_policy"].as_object().unwrap() {
        if p["role"] == "${aws_iam_role.execution.id}" {
            let d: Value = serde_json::from_str(p["policy"].as_str().unwrap()).unwrap();
            inline += iam_chars(&d);
            pairs(&d, &mut got);
        }
    }
    assert!(inline <= INLINE, "inline policies: {inline} characters");
    let empty = serde_json::Map::new();
    let policies = r["aws_iam_policy"].as_object().unwrap_or(&empty);
    let attached = r["aws_iam_role_policy_attachment"]
        .as_object()
        .unwrap_or(&empty);
    for (name, p) in policies {
        let d: Value = serde_json::from_str(p["policy"].as_str().unwrap()).unwrap();
        let n = iam_chars(&d);
        assert!(n <= MANAGED, "{name}: {n} characters");
        assert_eq!(
            attached[name]["policy_arn"],
            format!("${{aws_iam_policy.{name}.arn}}")
        );
        assert_eq!(attached[name]["role"], "${aws_iam_role.execution.name}");
        pairs(&d, &mut got);
    }
    assert_eq!(policies.len(), attached.len());
    for (_, d) in r["aws_api_gateway_deployment"].as_object().unwrap() {
        for name in attached.keys() {
            let address = format!("aws_iam_role_policy_attachment.{name}");
            assert!(
                d["depends_on"]
                    .as_array()
                    .is_some_and(|a| a.iter().any(|x| x == address.as_str())),
                "the deployment does not depend on {address}"
            );
        }
    }
    assert_eq!(got, expected(paths), "the Terraform grants");
    policies.len()
}

fn cfn_lint(template: &str, paths: usize) {
    let Some(tool) = common::find_tool("cfn-lint") else {
        common::skip("cfn-lint not found");
        return;
    };
    let dir = std::env::temp_dir().join(format!("gw-role-scale-{}-{paths}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cloudformation.json");
    std::fs::write(&path, template).unwrap();
    // At 500 paths the API is in the resources shape (its body cannot go beside the template
    // without `env`), past a stack's 500 resources and 1 MB: quotas gatewright's own lints warn
    // of (GW0349, GW0350). Every other rule judges, the role and managed policies included.
    let out = Command::new(tool)
        .args(["--ignore-checks", "E1002", "E3010", "--"])
        .arg(&path)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "cfn-lint at {paths} paths:\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn provider_schema(main_tf: &str, paths: usize) {
    let Some(path) = common::external_file(TF_SCHEMA) else {
        common::skip(&format!("{TF_SCHEMA} not found beside the project"));
        return;
    };
    let schema =
        ProviderSchema::from_json(&std::fs::read_to_string(&path).unwrap(), TF_SCHEMA).unwrap();
    let doc: Value = serde_json::from_str(main_tf).unwrap();
    let found = check(&doc, &schema, "main.tf.json");
    assert!(
        found.is_empty(),
        "provider schema at {paths} paths: {found:#?}"
    );
}

fn fits(paths: usize) -> usize {
    let b = synth(paths).unwrap_or_else(|e| panic!("{paths} paths: {e:#?}"));
    let template = file(&b, "cloudformation.json");
    let main_tf = file(&b, "main.tf.json");
    let managed = check_template(&serde_json::from_str(template).unwrap(), paths);
    let tf_managed = check_terraform(&serde_json::from_str(main_tf).unwrap(), paths);
    assert_eq!(managed, tf_managed);
    // cfn-lint takes minutes on the largest templates; the 500-path one has the same
    // resources (role, managed policies) and is judged.
    if paths <= 500 {
        cfn_lint(template, paths);
    }
    provider_schema(main_tf, paths);
    managed
}

#[test]
fn five_hundred_paths_fit_with_managed_policies() {
    let managed = fits(500);
    assert!(managed >= 1, "22 KB of grants cannot all be inline");
}

#[test]
fn two_thousand_paths_fit_and_warn_of_the_default_quota() {
    let managed = fits(2_000);
    assert!(managed > 10 && managed <= MAX_MANAGED, "{managed}");
    let b = synth(2_000).unwrap();
    assert!(
        b.warnings
            .iter()
            .any(|w| w.code == "GW0217" && !w.is_error()),
        "{:#?}",
        b.warnings
    );
}

#[test]
fn ten_thousand_paths_are_no_longer_one_role() {
    // Past what 20 managed policies hold, the routes get more than one execution role
    // (tests/execution_roles.rs judges those); the one-role checks here must then fail.
    let b = synth(10_000).unwrap_or_else(|e| panic!("{e:#?}"));
    let t: Value = serde_json::from_str(file(&b, "cloudformation.json")).unwrap();
    assert!(t["Resources"].get("ExecutionRole2").is_some());
    let caught = std::panic::catch_unwind(|| check_template(&t, 10_000));
    assert!(caught.is_err(), "the first role alone holds every grant");
}

#[test]
fn small_apis_keep_one_inline_policy() {
    let b = synth(20).unwrap();
    let t: Value = serde_json::from_str(file(&b, "cloudformation.json")).unwrap();
    assert_eq!(check_template(&t, 20), 0);
    let tf: Value = serde_json::from_str(file(&b, "main.tf.json")).unwrap();
    assert_eq!(check_terraform(&tf, 20), 0);
}
