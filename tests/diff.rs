//! `gatewright diff` as reviewers and CI use it: the same API in every format it reads compares
//! equal, real changes are reported in the right category, `--fail-on` sets the exit status,
//! and a side it cannot read is a located error with exit 2.

mod common;

use common::cli::{root, stdout};

use serde_json::Value;
use std::path::Path;
use std::process::{Command, Output};

fn gw(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gatewright"))
        .current_dir(root())
        .args(args)
        .output()
        .unwrap()
}

fn json_report(old: &str, new: &str) -> Value {
    let o = gw(&["diff", old, new, "--format", "json"]);
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).unwrap()
}

fn scratch(name: &str, text: &str) -> String {
    let dir = std::env::temp_dir().join(format!("gatewright-diff-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_string_lossy().into_owned()
}

fn bundled() -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(root().join("blueprints"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    v.sort();
    assert!(v.len() >= 10, "bundled blueprints: {v:?}");
    v
}

#[test]
fn every_bundled_api_equals_itself_in_every_format_diff_reads() {
    for name in bundled() {
        let bp = format!("blueprints/{name}.yaml");
        let out = |f: &str| format!("out/{name}/{f}");
        for (a, b) in [
            (bp.clone(), bp.clone()),
            (bp.clone(), out("cloudformation.json")),
            (out("cloudformation.json"), out("cloudformation.yaml")),
            (out("openapi.json"), out("swagger.json")),
        ] {
            let o = gw(&["diff", &a, &b]);
            assert_eq!(o.status.code(), Some(0), "{a} vs {b}");
            assert_eq!(stdout(&o), "no changes\n", "{a} vs {b}");
        }
        // The template's routes are the OpenAPI document's routes, field by field.
        let r = json_report(&out("cloudformation.json"), &out("openapi.json"));
        for k in ["routes_added", "routes_removed", "routes_changed"] {
            assert_eq!(r[k], Value::Array(vec![]), "{name}: {k}: {r:#}");
        }
    }
}

/// sqs-send with a route renamed, a queue added and used, tracing on and one deny added.
fn changed_sqs_send() -> String {
    let s = std::fs::read_to_string(root().join("blueprints/sqs-send.yaml")).unwrap();
    let s = s
        .replace("  POST /tasks:", "  PUT /tasks:")
        .replace("    jobs: {}", "    jobs: {}\n    extra: {}")
        .replace(
            "  POST /jobs:\n    sqs.send_message: { queue: jobs }",
            "  POST /jobs:\n    sqs.send_message: { queue: extra }",
        )
        .replace("stage: dev", "stage: { name: dev, tracing: false }");
    assert!(s.contains("PUT /tasks") && s.contains("queue: extra") && s.contains("tracing"));
    scratch("sqs-send-changed.yaml", &s)
}

#[test]
fn changes_land_in_their_categories() {
    let new = changed_sqs_send();
    let r = json_report("blueprints/sqs-send.yaml", &new);
    assert_eq!(r["routes_added"], serde_json::json!(["PUT /tasks"]));
    assert_eq!(r["routes_removed"], serde_json::json!(["POST /tasks"]));
    let changed = r["routes_changed"].as_array().unwrap();
    assert_eq!(changed.len(), 1, "{r:#}");
    assert_eq!(changed[0]["route"], "POST /jobs");
    let fields: Vec<&str> = changed[0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["integration.uri"]);
    assert!(
        changed[0]["changes"][0]["new"]
            .as_str()
            .unwrap()
            .contains("QueueExtra")
    );
    let widened = r["iam_widened"].as_array().unwrap();
    assert_eq!(widened.len(), 1);
    assert_eq!(widened[0]["action"], "sqs:SendMessage");
    assert_eq!(widened[0]["resource"], "${QueueExtra.Arn}");
    assert_eq!(r["iam_narrowed"], serde_json::json!([]));
    let settings: Vec<&str> = r["settings_changed"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["key"].as_str().unwrap())
        .collect();
    assert_eq!(settings, ["stage.TracingEnabled"]);
    assert_eq!(
        r["resources_added"],
        serde_json::json!(["QueueExtra (AWS::SQS::Queue)"])
    );

    // Backwards, the same changes swap sides: the grant is narrowed, the route comes back.
    let back = json_report(&new, "blueprints/sqs-send.yaml");
    assert_eq!(back["iam_narrowed"], r["iam_widened"]);
    assert_eq!(back["routes_added"], r["routes_removed"]);

    let text = stdout(&gw(&["diff", "blueprints/sqs-send.yaml", &new]));
    for line in [
        "routes: 1 added, 1 removed, 1 changed",
        "  + PUT /tasks",
        "  - POST /tasks",
        "  ~ POST /jobs",
        "iam: 1 widened, 0 narrowed",
        "  + ExecutionRole: Allow sqs:SendMessage on ${QueueExtra.Arn}",
        "  ~ stage.TracingEnabled: true -> (none)",
        "  + QueueExtra (AWS::SQS::Queue)",
    ] {
        assert!(
            text.lines().any(|l| l == line),
            "missing {line:?} in\n{text}"
        );
    }
}

#[test]
fn fail_on_chooses_what_fails_ci() {
    let new = changed_sqs_send();
    let run = |cats: &str| {
        gw(&["diff", "blueprints/sqs-send.yaml", &new, "--fail-on", cats])
            .status
            .code()
    };
    assert_eq!(run("iam-widened"), Some(1));
    assert_eq!(run("route-removed"), Some(1));
    assert_eq!(run("iam-narrowed"), Some(0));
    assert_eq!(run("iam-narrowed,resource-removed"), Some(0));
    assert_eq!(run("any"), Some(1));
    let same = gw(&[
        "diff",
        "blueprints/sqs-send.yaml",
        "blueprints/sqs-send.yaml",
        "--fail-on",
        "any",
    ]);
    assert_eq!(same.status.code(), Some(0));
    let bad = gw(&[
        "diff",
        "blueprints/sqs-send.yaml",
        &new,
        "--fail-on",
        "everything",
    ]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn a_deny_added_narrows_and_a_condition_is_a_different_grant() {
    let s = std::fs::read_to_string(root().join("blueprints/generic-sqs.yaml")).unwrap();
    let grant = "        - actions: [sqs:SendMessage]\n          resources: [\"${jobs.arn}\"]\n    passthrough: never";
    assert!(
        s.contains(grant),
        "generic-sqs.yaml changed; update this test"
    );
    let denied = s.replace(
        grant,
        "        - actions: [sqs:SendMessage]\n          resources: [\"${jobs.arn}\"]\n        - effect: deny\n          actions: [sqs:SendMessage]\n          resources: [\"${jobs.arn}\"]\n          conditions: { Bool: { \"aws:SecureTransport\": \"false\" } }\n    passthrough: never",
    );
    let new = scratch("generic-sqs-deny.yaml", &denied);
    let r = json_report("blueprints/generic-sqs.yaml", &new);
    assert_eq!(r["iam_widened"], serde_json::json!([]), "{r:#}");
    let narrowed = r["iam_narrowed"].as_array().unwrap();
    assert_eq!(narrowed.len(), 1, "{r:#}");
    assert_eq!(narrowed[0]["effect"], "Deny");
    assert_eq!(
        narrowed[0]["condition"],
        r#"{"Bool":{"aws:SecureTransport":"false"}}"#
    );
    let o = gw(&[
        "diff",
        "blueprints/generic-sqs.yaml",
        &new,
        "--fail-on",
        "iam-widened",
    ]);
    assert_eq!(o.status.code(), Some(0));
    // The other way round, removing the deny widens.
    let back = json_report(&new, "blueprints/generic-sqs.yaml");
    assert_eq!(back["iam_widened"], r["iam_narrowed"]);
}

#[test]
fn a_blueprint_at_a_git_revision_is_a_side() {
    let inside_git = Command::new("git")
        .current_dir(root())
        .args(["rev-parse", "--verify", "HEAD"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !inside_git {
        eprintln!("skipped: not a git checkout");
        return;
    }
    let tracked = Command::new("git")
        .current_dir(root())
        .args(["cat-file", "-e", "HEAD:blueprints/sqs-send.yaml"])
        .status()
        .unwrap()
        .success();
    if !tracked {
        eprintln!("skipped: blueprints/sqs-send.yaml not in HEAD");
        return;
    }
    let committed = String::from_utf8(
        Command::new("git")
            .current_dir(root())
            .args(["show", "HEAD:blueprints/sqs-send.yaml"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let copy = scratch("sqs-send-head.yaml", &committed);
    let o = gw(&["diff", "HEAD:blueprints/sqs-send.yaml", &copy]);
    assert_eq!(
        (o.status.code(), stdout(&o).as_str()),
        (Some(0), "no changes\n")
    );
    let o = gw(&[
        "diff",
        "no-such-revision-xyz:blueprints/sqs-send.yaml",
        &copy,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&o.stderr).contains("error[GW0901]: git cannot show"));
}

#[test]
fn sides_it_cannot_read_are_located_errors() {
    let tf = gw(&[
        "diff",
        "out/sqs-send/main.tf.json",
        "out/sqs-send/openapi.json",
    ]);
    assert_eq!(tf.status.code(), Some(2));
    let err = String::from_utf8_lossy(&tf.stderr);
    assert!(
        err.contains("out/sqs-send/main.tf.json: error[GW0905]"),
        "{err}"
    );
    let missing = gw(&["diff", "nothing-here.yaml", "out/sqs-send/openapi.json"]);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("error[GW0901]"));
    let broken = scratch(
        "broken.yaml",
        "api: X\nroutes:\n  GET /a:\n    sqs.send_message: { queue: nope }\n",
    );
    let o = gw(&["diff", &broken, "blueprints/sqs-send.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains(&format!("{broken}:4:")), "{err}");
    assert!(
        stdout(&o).is_empty(),
        "nothing printed as a report: {}",
        stdout(&o)
    );
}

#[test]
fn aws_sample_documents_are_read_without_loss_of_routes() {
    let dir = root().join("../shared/samples/aws-openapi");
    if !Path::new(&dir).exists() {
        panic!("AWS samples missing at {}", dir.display());
    }
    for (file, routes) in [
        ("s3-proxy.oas30.json", 8),
        ("s3-proxy.oas20.json", 8),
        ("kinesis-proxy.oas30.json", 8),
    ] {
        let p = dir.join(file).to_string_lossy().into_owned();
        let r = json_report("blueprints/sqs-send.yaml", &p);
        let added = r["routes_added"].as_array().unwrap().len();
        assert_eq!(added, routes, "{file}: {r:#}");
        // The same document twice is no change.
        assert_eq!(stdout(&gw(&["diff", &p, &p])), "no changes\n");
    }
}
