//! External judges: tools nobody here wrote, run over every generated output.
//!
//! - `cfn-lint` over every `out/*/cloudformation.{json,yaml}`: no errors, no warnings.
//! - `openapi-spec-validator` over every `out/*/openapi.json` (as OpenAPI 3.0) and
//!   `out/*/swagger.json` (as Swagger 2.0).
//!
//! Each judge is also shown a broken document, to prove it really judges.
//! The tools are taken from `<repo>/.venv/bin/` if present, else from PATH (`.ci/run`
//! installs them). A missing tool skips the test, unless `GATEWRIGHT_REQUIRE_EXTERNAL=1`.
//! `GATEWRIGHT_OUT_DIR` overrides the folder judged (default `<repo>/out`).

mod common;

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

/// The five files every `out/<name>/` folder must hold.
const OUTPUT_FILES: [&str; 5] = [
    "cloudformation.json",
    "cloudformation.yaml",
    "openapi.json",
    "swagger.json",
    "main.tf.json",
];

/// Most of a tool's output to quote in a failure message (the validator can dump whole schemas).
const MAX_QUOTE: usize = 8_000;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn out_dir() -> (PathBuf, bool) {
    match std::env::var_os("GATEWRIGHT_OUT_DIR") {
        Some(dir) if !dir.is_empty() => (PathBuf::from(dir), true),
        _ => (repo().join("out"), false),
    }
}

/// Every blueprint folder in the out dir, sorted. Panics (rather than passing vacuously)
/// when there is none, when one misses one of the five files, or, for the repo's own
/// `out/`, when a `blueprints/<name>.yaml` has no `out/<name>/`.
fn blueprint_dirs() -> Vec<PathBuf> {
    let (out, overridden) = out_dir();
    let entries = fs::read_dir(&out)
        .unwrap_or_else(|e| panic!("cannot read the output folder {}: {e}", out.display()));
    let mut dirs: Vec<PathBuf> = entries
        .map(|entry| entry.expect("readable entry").path())
        .filter(|path| path.is_dir())
        .filter(|path| !file_name(path).starts_with('.'))
        .collect();
    dirs.sort();
    assert!(
        !dirs.is_empty(),
        "{} holds no blueprint folders: nothing for the judges to judge (generate the outputs first)",
        out.display()
    );

    let missing: Vec<String> = dirs
        .iter()
        .flat_map(|dir| OUTPUT_FILES.iter().map(move |f| dir.join(f)))
        .filter(|path| !path.is_file())
        .map(|path| path.display().to_string())
        .collect();
    assert!(
        missing.is_empty(),
        "output folders miss files:\n  {}",
        missing.join("\n  ")
    );

    if !overridden {
        let blueprints = repo().join("blueprints");
        if let Ok(entries) = fs::read_dir(&blueprints) {
            let mut unbuilt: Vec<String> = entries
                .map(|entry| entry.expect("readable entry").path())
                .filter(|path| path.extension().is_some_and(|ext| ext == "yaml"))
                .filter_map(|path| {
                    let name = path.file_stem()?.to_string_lossy().into_owned();
                    (!out.join(&name).is_dir()).then_some(name)
                })
                .collect();
            unbuilt.sort();
            assert!(
                unbuilt.is_empty(),
                "blueprints without an output folder in {}: {}",
                out.display(),
                unbuilt.join(", ")
            );
        }
    }
    dirs
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|name| name.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// `<dir>/<file>` for every blueprint folder.
fn outputs(dirs: &[PathBuf], file: &str) -> Vec<PathBuf> {
    dirs.iter().map(|dir| dir.join(file)).collect()
}

/// The tool's path, or `None` after reporting the skip (which panics when
/// `GATEWRIGHT_REQUIRE_EXTERNAL=1`).
fn tool_or_skip(name: &str) -> Option<PathBuf> {
    let found = common::find_tool(name);
    match &found {
        Some(path) => eprintln!("judge: using {}", path.display()),
        None => common::skip(&format!(
            "{name} not found (looked in {} and on PATH; `bash .ci/run` installs it)",
            repo().join(".venv/bin").display()
        )),
    }
    found
}

fn run(tool: &Path, args: &[&str], files: &[PathBuf]) -> Output {
    Command::new(tool)
        .args(args)
        .args(files)
        .current_dir(repo())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", tool.display()))
}

fn quote(output: &Output) -> String {
    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !stderr.trim().is_empty() {
        text.push_str("\n--- stderr ---\n");
        text.push_str(&stderr);
    }
    if text.len() > MAX_QUOTE {
        let mut cut = MAX_QUOTE;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
        text.push_str("\n... (cut)");
    }
    text
}

fn show(files: &[PathBuf]) -> String {
    files
        .iter()
        .map(|f| format!("  {}", f.display()))
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------- cfn-lint

/// Exit-code bits of cfn-lint: 2 error, 4 warning, 8 informational.
const CFN_LINT_INFO: i32 = 8;

/// One finding of `cfn-lint --format parseable`:
/// `file:line:col:end_line:end_col:RULE:message`.
struct Finding {
    file: String,
    rule: String,
    line: String,
}

fn parse_findings(stdout: &str) -> Vec<Finding> {
    stdout
        .lines()
        .filter(|line| !line.trim().is_empty())
        .map(|line| {
            let fields: Vec<&str> = line.split(':').collect();
            // The rule id is the first field after the four positions; a path may hold ':'.
            let rule_at = (5..fields.len()).find(|&i| is_rule_id(fields[i]));
            match rule_at {
                Some(i) => Finding {
                    file: fields[..i - 4].join(":"),
                    rule: fields[i].to_string(),
                    line: line.to_string(),
                },
                // Anything cfn-lint prints that is not a finding counts against the run.
                None => Finding {
                    file: String::new(),
                    rule: "?".to_string(),
                    line: line.to_string(),
                },
            }
        })
        .collect()
}

fn is_rule_id(field: &str) -> bool {
    let mut chars = field.chars();
    matches!(chars.next(), Some('E' | 'W' | 'I'))
        && field.len() == 5
        && chars.all(|c| c.is_ascii_digit())
}

/// Runs one cfn-lint process over all `files`.
fn cfn_lint(tool: &Path, files: &[PathBuf]) -> (Output, Vec<Finding>) {
    // `--` ends the option list; cfn-lint expands each path as a glob.
    let output = run(
        tool,
        &[
            "--format",
            "parseable",
            "--non-zero-exit-code",
            "informational",
            "--",
        ],
        files,
    );
    let findings = parse_findings(&String::from_utf8_lossy(&output.stdout));
    (output, findings)
}

#[test]
fn out_has_all_five_outputs_for_every_blueprint() {
    let dirs = blueprint_dirs();
    eprintln!("judge: {} blueprint folder(s)", dirs.len());
}

#[test]
fn cfn_lint_passes_every_template() {
    let Some(tool) = tool_or_skip("cfn-lint") else {
        return;
    };
    let dirs = blueprint_dirs();
    let mut files = outputs(&dirs, "cloudformation.json");
    files.extend(outputs(&dirs, "cloudformation.yaml"));

    let (output, findings) = cfn_lint(&tool, &files);
    let code = output.status.code();
    let bad: Vec<&Finding> = findings
        .iter()
        .filter(|f| !f.rule.starts_with('I'))
        .collect();
    let code_ok = matches!(code, Some(c) if c & !CFN_LINT_INFO == 0);
    assert!(
        bad.is_empty() && code_ok,
        "cfn-lint found errors or warnings (exit code {code:?}; bits: 2 error, 4 warning) in\n{}\n\
         findings:\n{}",
        show(&files),
        quote(&output)
    );
    eprintln!("judge: cfn-lint passed {} template(s)", files.len());
}

/// A scratch folder under the system temp dir, removed on drop.
struct Scratch(PathBuf);

impl Scratch {
    fn new(tag: &str) -> Self {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default();
        let dir = std::env::temp_dir().join(format!(
            "gatewright-judges-{tag}-{}-{nanos}",
            std::process::id()
        ));
        fs::create_dir_all(&dir).expect("create scratch dir");
        Scratch(dir)
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let path = self.0.join(name);
        fs::write(&path, text).expect("write scratch file");
        path
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

const GOOD_TEMPLATE: &str = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Api": { "Type": "AWS::ApiGateway::RestApi", "Properties": { "Name": "judge-good" } },
    "Get": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "RestApiId": { "Ref": "Api" },
        "ResourceId": { "Fn::GetAtt": ["Api", "RootResourceId"] },
        "HttpMethod": "GET",
        "AuthorizationType": "NONE",
        "Integration": { "Type": "MOCK" }
      }
    }
  }
}
"#;

/// The same method without its required `HttpMethod`.
const BROKEN_TEMPLATE: &str = r#"{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Resources": {
    "Api": { "Type": "AWS::ApiGateway::RestApi", "Properties": { "Name": "judge-broken" } },
    "Get": {
      "Type": "AWS::ApiGateway::Method",
      "Properties": {
        "RestApiId": { "Ref": "Api" },
        "ResourceId": { "Fn::GetAtt": ["Api", "RootResourceId"] },
        "AuthorizationType": "NONE",
        "Integration": { "Type": "MOCK" }
      }
    }
  }
}
"#;

#[test]
fn cfn_lint_really_judges() {
    let Some(tool) = tool_or_skip("cfn-lint") else {
        return;
    };
    let scratch = Scratch::new("cfn");
    let good = scratch.write("good.json", GOOD_TEMPLATE);
    let broken = scratch.write("broken.json", BROKEN_TEMPLATE);

    let (output, findings) = cfn_lint(&tool, &[good.clone(), broken.clone()]);
    let text = quote(&output);
    let code = output.status.code();
    assert!(
        matches!(code, Some(c) if c & 2 != 0),
        "cfn-lint should exit with the error bit (2) set on a Method without HttpMethod; \
         exit code {code:?}, output:\n{text}"
    );
    let broken_name = broken.display().to_string();
    assert!(
        findings.iter().any(|f| f.rule.starts_with('E')
            && f.file == broken_name
            && f.line.contains("HttpMethod")),
        "cfn-lint should report the missing HttpMethod as an error; output:\n{text}"
    );
    let good_name = good.display().to_string();
    assert!(
        !findings.iter().any(|f| f.file == good_name),
        "cfn-lint should find nothing in the good template; output:\n{text}"
    );
}

/// Cases gatewright once wrote as AWS would refuse or misread them, now made to work (issue
/// 16): an owned bucket named in `s3_bucket:` (its real name and ARN), a fixed S3 key with `#`
/// and a space (percent-encoded in the URI), a key mixing fixed text and a path parameter.
const MADE_TO_WORK: &str = r#"api: MadeToWork
owns:
  buckets:
    photos: {}
routes:
  GET /labels/{name}:
    rekognition.detect_labels: { s3_bucket: photos, s3_key: "uploads/{name}.jpg" }
  GET /notes:
    s3.get_object: { bucket: my-notes-bucket, key: "notes #1.txt" }
"#;

#[test]
fn cfn_lint_passes_cases_made_to_work() {
    let Some(tool) = tool_or_skip("cfn-lint") else {
        return;
    };
    let scratch = Scratch::new("made-to-work");
    let blueprint = scratch.write("made-to-work.yaml", MADE_TO_WORK);
    let out = scratch.0.join("out");
    let synth = Command::new(env!("CARGO_BIN_EXE_gatewright"))
        .arg("synth")
        .arg(&blueprint)
        .arg("--out")
        .arg(&out)
        .output()
        .expect("run gatewright synth");
    assert!(synth.status.success(), "synth failed:\n{}", quote(&synth));
    let dir = out.join("made-to-work");
    let template = fs::read_to_string(dir.join("cloudformation.json")).expect("template");
    assert!(
        template.contains("s3:path/my-notes-bucket/notes%20%231.txt"),
        "{template}"
    );
    assert!(
        template.contains("${BucketPhotos.Arn}/uploads/*.jpg"),
        "{template}"
    );
    assert!(!template.contains("s3:::photos"), "{template}");
    let files = [
        dir.join("cloudformation.json"),
        dir.join("cloudformation.yaml"),
    ];
    let (output, findings) = cfn_lint(&tool, &files);
    assert!(
        findings.iter().all(|f| f.rule.starts_with('I')),
        "cfn-lint found errors or warnings:\n{}",
        quote(&output)
    );
}

// ---------------------------------------------------- openapi-spec-validator

/// Runs one validator process over all `files` against one schema version. Passes
/// only if it exits 0 and reports `<file>: OK` for every file; it stops at the first
/// invalid file, so only that one is described in the error.
fn validate(tool: &Path, schema: &str, files: &[PathBuf]) -> Result<(), String> {
    let output = run(
        tool,
        &["--schema", schema, "--validation-errors", "all"],
        files,
    );
    let stdout = String::from_utf8_lossy(&output.stdout);
    let not_ok: Vec<String> = files
        .iter()
        .map(|f| f.display().to_string())
        .filter(|f| !stdout.lines().any(|line| line == format!("{f}: OK")))
        .collect();
    if output.status.success() && not_ok.is_empty() {
        Ok(())
    } else {
        Err(format!(
            "openapi-spec-validator --schema {schema} (exit code {:?}) did not pass:\n  {}\noutput:\n{}",
            output.status.code(),
            not_ok.join("\n  "),
            quote(&output)
        ))
    }
}

/// The document's top-level version field (`openapi` or `swagger`).
fn version_field(path: &Path, field: &str) -> String {
    let text =
        fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    doc.get(field)
        .and_then(|v| v.as_str())
        .unwrap_or_else(|| panic!("{} has no string `{field}` field", path.display()))
        .to_string()
}

#[test]
fn openapi_spec_validator_passes_every_document() {
    let Some(tool) = tool_or_skip("openapi-spec-validator") else {
        return;
    };
    let dirs = blueprint_dirs();
    let openapi = outputs(&dirs, "openapi.json");
    let swagger = outputs(&dirs, "swagger.json");

    for path in &openapi {
        let version = version_field(path, "openapi");
        assert!(
            version.starts_with("3.0."),
            "{}: openapi is {version:?}, expected 3.0.x",
            path.display()
        );
    }
    for path in &swagger {
        let version = version_field(path, "swagger");
        assert_eq!(version, "2.0", "{}: swagger version", path.display());
    }

    let results = [
        validate(&tool, "3.0", &openapi),
        validate(&tool, "2.0", &swagger),
    ];
    let failures: Vec<&String> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert!(
        failures.is_empty(),
        "{}",
        failures
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join("\n\n")
    );
    eprintln!(
        "judge: openapi-spec-validator passed {} OpenAPI 3.0 and {} Swagger 2.0 document(s)",
        openapi.len(),
        swagger.len()
    );
}

#[test]
fn openapi_spec_validator_really_judges() {
    let Some(tool) = tool_or_skip("openapi-spec-validator") else {
        return;
    };
    let samples = "../shared/samples/aws-openapi";
    let (Some(broken), Some(valid)) = (
        common::external_file(&format!("{samples}/kinesis-proxy.oas20.json")),
        common::external_file(&format!("{samples}/s3-proxy.oas30.json")),
    ) else {
        common::skip(&format!("AWS samples not found in {samples}"));
        return;
    };

    // Lists the same body parameter twice: fails `uniqueItems` in the 2.0 schema.
    let err = validate(&tool, "2.0", std::slice::from_ref(&broken))
        .expect_err("openapi-spec-validator should reject kinesis-proxy.oas20.json");
    assert!(
        err.contains("Validation Error") && err.contains("uniqueItems"),
        "expected a uniqueItems validation error for the duplicate body parameter, got:\n{err}"
    );
    validate(&tool, "3.0", std::slice::from_ref(&valid)).unwrap_or_else(|e| panic!("{e}"));
    // A 3.0 document is not a 2.0 one: the schema option is obeyed, not just detected.
    validate(&tool, "2.0", std::slice::from_ref(&valid))
        .expect_err("s3-proxy.oas30.json must fail when validated as Swagger 2.0");
}
