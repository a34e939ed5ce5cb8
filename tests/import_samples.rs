//! AWS's own sample documents (`../shared/samples/aws-openapi/`, see its SOURCE.md), imported:
//! the REST API samples become blueprints that synth (our checks) and whose outputs pass
//! cfn-lint and openapi-spec-validator; what the import cannot carry is reported, located;
//! the HTTP API (v2) sample is refused. A missing samples folder or tool skips, unless
//! `GATEWRIGHT_REQUIRE_EXTERNAL=1`.

mod common;

use gatewright::import::{self, Imported, Options};
use gatewright::source::Source;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

fn sample(name: &str) -> Option<PathBuf> {
    let p = common::external_file(&format!("../shared/samples/aws-openapi/{name}"));
    if p.is_none() {
        common::skip(&format!(
            "sample {name} not found in ../shared/samples/aws-openapi/"
        ));
    }
    p
}

fn import_sample(name: &str) -> Option<Imported> {
    let path = sample(name)?;
    let bytes = std::fs::read(&path).unwrap();
    Some(
        import::import(&path.display().to_string(), &bytes, &Options::default())
            .unwrap_or_else(|e| panic!("{name} does not import: {e:?}")),
    )
}

/// Synthesizes `imported` into a fresh folder and runs the external judges over it.
fn synth_and_judge(name: &str, imported: &Imported) {
    let bundle = gatewright::synth::synth(
        "sample",
        &Source::new(format!("{name}.yaml"), imported.yaml.clone()),
    )
    .unwrap_or_else(|e| panic!("{name} imported does not synth: {e:#?}\n{}", imported.yaml));
    let dir = std::env::temp_dir().join(format!("gw-sample-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in &bundle.files {
        std::fs::write(dir.join(f.name), &f.contents).unwrap();
    }
    let judged = judge(&dir);
    let _ = std::fs::remove_dir_all(&dir);
    if let Err(e) = judged {
        panic!("{name}: {e}\n{}", imported.yaml);
    }
}

fn judge(dir: &Path) -> Result<(), String> {
    if let Some(lint) = common::find_tool("cfn-lint") {
        let out = Command::new(&lint)
            .args([
                "--format",
                "parseable",
                "--non-zero-exit-code",
                "informational",
                "--",
            ])
            .arg(dir.join("cloudformation.json"))
            .arg(dir.join("cloudformation.yaml"))
            .stdin(Stdio::null())
            .output()
            .map_err(|e| format!("cannot run cfn-lint: {e}"))?;
        if !out.status.success() {
            return Err(format!(
                "cfn-lint: {}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            ));
        }
    } else {
        common::skip("cfn-lint not found");
    }
    if let Some(v) = common::find_tool("openapi-spec-validator") {
        for (file, schema) in [("openapi.json", "3.0"), ("swagger.json", "2.0")] {
            let out = Command::new(&v)
                .args(["--schema", schema, "--validation-errors", "all"])
                .arg(dir.join(file))
                .stdin(Stdio::null())
                .output()
                .map_err(|e| format!("cannot run openapi-spec-validator: {e}"))?;
            if !out.status.success() {
                return Err(format!(
                    "openapi-spec-validator {file}: {}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ));
            }
        }
    } else {
        common::skip("openapi-spec-validator not found");
    }
    Ok(())
}

fn codes(i: &Imported) -> Vec<&str> {
    i.findings.iter().map(|d| d.code).collect()
}

#[test]
fn s3_proxy_samples_import_synth_and_pass_the_judges() {
    for name in ["s3-proxy.oas30.json", "s3-proxy.oas20.json"] {
        let Some(i) = import_sample(name) else { return };
        // All eight routes survive; none is typed, since each differs from gatewright's
        // typed S3 operations (no `Accept` passthrough, other response headers).
        assert_eq!(
            i.generic.len() + i.typed.len(),
            8,
            "{name}: {:?} {:?}",
            i.typed,
            i.generic
        );
        // The literal role is replaced by derived grants, and said so, at the credentials.
        let role = i
            .findings
            .iter()
            .find(|d| d.code == "GW0604" && d.message.contains("apigAwsProxyRole"))
            .unwrap_or_else(|| panic!("{name}: {:?}", i.findings));
        let at = role.location.as_ref().unwrap();
        assert!(at.line > 1 && at.column > 1, "{at:?}");
        // The bucket and object come from the route's parameters, the region stays.
        assert!(i.yaml.contains("path: \"/{folder}/{item}\""), "{}", i.yaml);
        assert!(i.yaml.contains("region: us-west-2"), "{}", i.yaml);
        synth_and_judge(name, &i);
    }
}

#[test]
fn the_swagger_sample_host_placeholder_is_reported() {
    let Some(i) = import_sample("s3-proxy.oas20.json") else {
        return;
    };
    let d = i
        .findings
        .iter()
        .find(|d| d.code == "GW0602")
        .unwrap_or_else(|| panic!("{:?}", i.findings));
    assert!(d.message.contains("{region}"), "{}", d.message);
    assert_eq!(d.location.as_ref().unwrap().line, 7);
}

#[test]
fn kinesis_proxy_samples_import_synth_and_pass_the_judges() {
    for name in ["kinesis-proxy.oas30.json", "kinesis-proxy.oas20.json"] {
        let Some(i) = import_sample(name) else { return };
        assert_eq!(
            i.generic.len() + i.typed.len(),
            8,
            "{name}: {:?}",
            i.findings
        );
        assert!(i.yaml.contains("action: PutRecords"), "{}", i.yaml);
        // Each action call whose resource the document does not show is granted on `*`,
        // and reported.
        assert!(
            codes(&i).iter().filter(|c| **c == "GW0604").count() >= 8,
            "{:?}",
            i.findings
        );
        synth_and_judge(name, &i);
    }
}

#[test]
fn the_terraform_template_sample_reports_every_route_it_cannot_carry() {
    let Some(i) = import_sample("rest-sqs-iso20022.swagger20.tftpl.json") else {
        return;
    };
    let said = |s: &str| i.findings.iter().any(|d| d.message.contains(s));
    assert!(
        said("`${sqs_arn}` is a placeholder of another tool"),
        "{:?}",
        i.findings
    );
    assert!(
        said("`host: ${api_url}` holds a placeholder"),
        "{:?}",
        i.findings
    );
    for route in ["`GET /`", "`POST /inbox`", "`POST /outbox`", "`GET /uuid`"] {
        assert!(said(route), "{route} not reported: {:?}", i.findings);
    }
    assert!(
        said("OPTIONS mocks read as the API's `cors:`"),
        "{:?}",
        i.findings
    );
    assert!(i.yaml.contains("cors:"), "{}", i.yaml);
    for d in &i.findings {
        assert!(d.location.as_ref().is_some_and(|l| l.line > 0), "{d}");
    }
}

#[test]
fn the_terraform_template_sample_filled_with_vars_imports_its_queue_route_and_passes_the_judges() {
    let Some(path) = sample("rest-sqs-iso20022.swagger20.tftpl.json") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let var = |n: &str, v: &str| (n.to_string(), v.to_string());
    let opts = Options {
        vars: vec![
            var(
                "sqs_arn",
                "arn:${AWS::Partition}:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/inbox.fifo",
            ),
            var("region", "${AWS::Region}"),
            var("api_url", "api.example.com"),
            var("title", "iso20022"),
            var("version", "1.0"),
            var("cognito_key", "users"),
            var(
                "cognito_arn",
                "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_example",
            ),
            var("not_in_the_document", "x"),
        ],
        ..Options::default()
    };
    let i = import::import(&path.display().to_string(), &bytes, &opts).unwrap();
    // The queue route, whose action only its form body names, is a generic call granted
    // `sqs:SendMessage` on exactly the queue its path addresses.
    assert_eq!(
        i.generic,
        vec!["POST /inbox".to_string()],
        "{:?}",
        i.findings
    );
    assert!(i.yaml.contains("- \"sqs:SendMessage\""), "{}", i.yaml);
    assert!(
        i.yaml.contains(
            "- \"arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:inbox.fifo\""
        ),
        "{}",
        i.yaml
    );
    assert!(i.yaml.contains("auth: users"), "{}", i.yaml);
    assert!(!i.yaml.contains("${sqs_arn}") && !i.yaml.contains("${region}"));
    // A name that fills nothing is said, not ignored.
    assert!(
        i.findings
            .iter()
            .any(|d| d.code == "GW0602" && d.message.contains("not_in_the_document")),
        "{:?}",
        i.findings
    );
    // The Lambda proxy routes are still reported as left out.
    for route in ["`GET /`", "`POST /outbox`", "`GET /uuid`"] {
        assert!(
            i.findings.iter().any(|d| d.message.contains(route)),
            "{route}: {:?}",
            i.findings
        );
    }
    synth_and_judge("rest-sqs-iso20022 (filled)", &i);
}

#[test]
fn the_http_api_sample_is_refused() {
    let Some(path) = sample("http-api-direct-integration.oas30.yaml") else {
        return;
    };
    let bytes = std::fs::read(&path).unwrap();
    let e = import::import(&path.display().to_string(), &bytes, &Options::default()).unwrap_err();
    assert_eq!(e[0].code, "GW0603");
    assert!(e[0].message.contains("HTTP API"), "{}", e[0].message);
    assert!(e[0].location.as_ref().unwrap().line > 1);
}

#[test]
fn strict_refuses_and_writes_nothing() {
    let Some(path) = sample("s3-proxy.oas30.json") else {
        return;
    };
    let out = std::env::temp_dir().join(format!("gw-strict-{}.yaml", std::process::id()));
    let status = Command::new(env!("CARGO_BIN_EXE_gatewright"))
        .arg("import")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .arg("--strict")
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(status.status.code(), Some(1));
    assert!(!out.exists());
    let err = String::from_utf8_lossy(&status.stderr);
    assert!(err.contains("error[GW0604]"), "{err}");
    let ok = Command::new(env!("CARGO_BIN_EXE_gatewright"))
        .arg("import")
        .arg(&path)
        .arg("--out")
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(ok.status.code(), Some(0));
    assert!(std::fs::read_to_string(&out).unwrap().contains("api: MyS3"));
    let _ = std::fs::remove_file(&out);
}
