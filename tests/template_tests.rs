//! `gatewright simulate` and `gatewright test` as users run them, on the bundled blueprints:
//! every route has a template test and all pass, every mapping template the project emits
//! runs in the engine, a wrong expectation fails with GW0503, API Gateway's own refusals show
//! as API Gateway shows them.

mod common;

use common::cli::{bundled_blueprints as blueprints, gw, root, stderr as err, stdout as out};

use gatewright::source::Source;

#[test]
fn bundled_template_tests_pass_and_cover_every_route() {
    for bp in blueprints() {
        let stem = bp.file_stem().unwrap().to_string_lossy().into_owned();
        assert!(
            root()
                .join("template-tests")
                .join(format!("{stem}.yaml"))
                .is_file(),
            "blueprints/{stem}.yaml has no template-tests/{stem}.yaml"
        );
    }
    let o = gw(&root(), &["test"]);
    assert_eq!(o.status.code(), Some(0), "{}\n{}", out(&o), err(&o));
    assert!(out(&o).contains(" passed, 0 failed"), "{}", out(&o));
    assert!(!err(&o).contains("GW0505"), "untested routes:\n{}", err(&o));
}

#[test]
fn every_template_the_project_emits_runs_in_the_engine() {
    let mut seen = 0;
    for bp in blueprints() {
        let src = Source::new(
            bp.display().to_string(),
            std::fs::read_to_string(&bp).unwrap(),
        );
        let api = gatewright::synth::model(&src).unwrap();
        for m in &api.methods {
            let i = &m.integration;
            let templates = i
                .request_templates
                .iter()
                .chain(i.responses.iter().flat_map(|r| r.templates.iter()));
            for (ct, t) in templates {
                gatewright::vtl::Template::parse(&t.to_string()).unwrap_or_else(|e| {
                    panic!("{} {} {} ({ct}): {e}", bp.display(), m.verb, m.path)
                });
                seen += 1;
            }
        }
    }
    assert!(seen > 20, "only {seen} templates found");
}

#[test]
fn a_wrong_expectation_fails_with_its_location() {
    let dir = std::env::temp_dir().join(format!("gatewright-tt-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let bp = root().join("blueprints/sqs-send.yaml");
    let file = dir.join("wrong.yaml");
    std::fs::write(
        &file,
        format!(
            "blueprint: {}\ntests:\n  - name: right\n    request: POST /jobs\n    headers: {{Content-Type: text/plain}}\n    body: a b\n    expect:\n      body: Action=SendMessage&MessageBody=a+b\n  - name: wrong\n    request: POST /jobs\n    headers: {{Content-Type: text/plain}}\n    body: a b\n    expect:\n      body: Action=SendMessage&MessageBody=a%20b\n",
            bp.display()
        ),
    )
    .unwrap();
    let o = gw(&dir, &["test", "wrong.yaml"]);
    assert_eq!(o.status.code(), Some(1), "{}", out(&o));
    assert!(out(&o).contains("1 passed, 1 failed"), "{}", out(&o));
    assert!(
        err(&o).contains("wrong.yaml:9:5: error[GW0503]"),
        "{}",
        err(&o)
    );
    assert!(err(&o).contains("MessageBody=a+b"), "{}", err(&o));
    std::fs::write(&file, "blueprint: x.yaml\ntests:\n  - nme: typo\n").unwrap();
    let o = gw(&dir, &["test", "wrong.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(err(&o).contains("error[GW0504]"), "{}", err(&o));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn simulate_shows_the_test_invoke_log() {
    let o = gw(
        &root(),
        &[
            "simulate",
            "blueprints/sqs-send.yaml",
            "POST /orders/acme?x=1",
            "-H",
            "Content-Type: text/plain",
            "--body",
            "50% & more",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", err(&o));
    let text = out(&o);
    for line in [
        "HTTP Method: POST, Resource Path: /orders/{customer}",
        "Method request path: {customer=acme}",
        "Method request query string: {x=1}",
        "Endpoint request body after transformations: Action=SendMessage&MessageBody=50%25+%26+more&MessageGroupId=acme",
    ] {
        assert!(text.contains(line), "missing `{line}` in\n{text}");
    }
}

#[test]
fn simulate_shows_api_gateways_own_refusals() {
    let o = gw(
        &root(),
        &[
            "simulate",
            "blueprints/sns-publish.yaml",
            "POST /alerts",
            "-H",
            "Content-Type: application/xml",
            "--body",
            "<a/>",
            "--format",
            "json",
        ],
    );
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["gatewayResponse"]["status"], 415);
    assert_eq!(
        v["gatewayResponse"]["body"],
        r#"{"message":"Unsupported Media Type"}"#
    );
    assert!(v["endpointRequest"].is_null());
    let o = gw(
        &root(),
        &["simulate", "blueprints/sns-publish.yaml", "POST /nowhere"],
    );
    assert!(
        out(&o).contains("Method completed with status: 403"),
        "{}",
        out(&o)
    );
    let o = gw(
        &root(),
        &["simulate", "blueprints/sns-publish.yaml", "FETCH /"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(err(&o).contains("error[GW0501]"), "{}", err(&o));
}
