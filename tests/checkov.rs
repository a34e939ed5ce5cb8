//! checkov as a judge of the generated outputs' security: it scans every
//! `out/*/cloudformation.json` (`--framework cloudformation`) and `out/*/main.tf.json`
//! (`--framework terraform_json`), and every check it fails must be explained in the output
//! itself — CloudFormation: the resource's `Metadata.checkov.skip`, which checkov reports as
//! skipped with its comment; Terraform JSON, whose suppressions checkov does not read: a row
//! of the folder's README "Security scanner findings" table. An explanation of a check that
//! does not fail is refused too (the reason would be false).
//!
//! checkov comes from `.checkov-venv/` (`scripts/checkov.sh install`), `CHECKOV`, or PATH. A
//! missing checkov skips the test, unless `GATEWRIGHT_REQUIRE_EXTERNAL=1`.
//! `GATEWRIGHT_OUT_DIR` overrides the folder judged (default `<repo>/out`).

mod common;

use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// The checkov release the CI installs (`scripts/checkov.sh`).
const PINNED: &str = "3.3.30";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn out_dir() -> PathBuf {
    std::env::var_os("GATEWRIGHT_OUT_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("out"))
}

fn checkov() -> Option<PathBuf> {
    if let Some(p) = std::env::var_os("CHECKOV") {
        return Some(PathBuf::from(p));
    }
    let venv = repo().join(".checkov-venv/bin/checkov");
    if venv.exists() {
        return Some(venv);
    }
    common::find_tool("checkov")
}

/// Blueprint folder name -> its files named `file`.
fn files(file: &str) -> BTreeMap<String, PathBuf> {
    let mut out = BTreeMap::new();
    for entry in fs::read_dir(out_dir()).expect("read the output folder") {
        let dir = entry.expect("folder entry").path();
        let path = dir.join(file);
        if path.is_file() {
            let name = dir.file_name().unwrap().to_string_lossy().into_owned();
            out.insert(name, path);
        }
    }
    out
}

/// One checkov run over `files`, its JSON report.
fn scan(tool: &Path, framework: &str, files: &BTreeMap<String, PathBuf>) -> Value {
    let mut cmd = Command::new(tool);
    cmd.args([
        "--compact",
        "--skip-download",
        "--framework",
        framework,
        "--output",
        "json",
    ]);
    for f in files.values() {
        cmd.arg("-f").arg(f);
    }
    let out = cmd
        .current_dir(repo())
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {}: {e}", tool.display()));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "checkov printed no JSON report ({e}); stderr:\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let report = match report {
        Value::Array(mut list) if list.len() == 1 => list.remove(0),
        other => other,
    };
    let version = report["summary"]["checkov_version"].as_str().unwrap_or("?");
    assert_eq!(
        version, PINNED,
        "checkov {version} is not the pinned release"
    );
    assert_eq!(
        report["summary"]["parsing_errors"], 0,
        "checkov could not parse some {framework} files"
    );
    report
}

/// One check result: blueprint folder, check id, resource (as checkov names it).
type Hit = (String, String, String);

fn hits(report: &Value, key: &str) -> Vec<(Hit, Value)> {
    report["results"][key]
        .as_array()
        .into_iter()
        .flatten()
        .map(|c| {
            let path = c["file_abs_path"].as_str().unwrap_or_default();
            let folder = Path::new(path)
                .parent()
                .and_then(|p| p.file_name())
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let hit = (
                folder,
                c["check_id"].as_str().unwrap_or_default().to_string(),
                c["resource"].as_str().unwrap_or_default().to_string(),
            );
            (hit, c.clone())
        })
        .collect()
}

/// Per blueprint: passed, failed, skipped.
fn counts(report: &Value) -> BTreeMap<String, [usize; 3]> {
    let mut out: BTreeMap<String, [usize; 3]> = BTreeMap::new();
    for (i, key) in ["passed_checks", "failed_checks", "skipped_checks"]
        .iter()
        .enumerate()
    {
        for ((folder, _, _), _) in hits(report, key) {
            out.entry(folder).or_default()[i] += 1;
        }
    }
    out
}

fn print_counts(framework: &str, report: &Value) {
    use std::io::Write as _;
    let mut err = std::io::stderr();
    for (name, [p, f, s]) in counts(report) {
        let _ = writeln!(
            err,
            "checkov {framework:<15} {name:<24} passed {p:>3}  failed {f:>3}  skipped with reason {s:>3}"
        );
    }
}

/// The rows of a README's "Security scanner findings" table for `format`: (check, resource).
fn readme_rows(readme: &Path, format: &str) -> BTreeSet<(String, String)> {
    let text = fs::read_to_string(readme).unwrap_or_default();
    let prefix = format!("| {format} | ");
    text.lines()
        .filter_map(|l| l.strip_prefix(&prefix))
        .filter_map(|rest| {
            let mut cells = rest.split(" | ");
            let check = cells.next()?.trim().to_string();
            let resource = cells.next()?.trim().trim_matches('`').to_string();
            Some((check, resource))
        })
        .collect()
}

#[test]
fn cloudformation_findings_are_all_explained_in_the_templates() {
    let Some(tool) = checkov() else {
        common::skip("checkov not found (`scripts/checkov.sh install` puts it in .checkov-venv/)");
        return;
    };
    let templates = files("cloudformation.json");
    assert!(!templates.is_empty(), "no cloudformation.json to judge");
    let report = scan(&tool, "cloudformation", &templates);
    print_counts("cloudformation", &report);
    let failed: Vec<String> = hits(&report, "failed_checks")
        .into_iter()
        .map(|((f, c, r), v)| format!("{f}: {c} on {r} ({})", v["check_name"]))
        .collect();
    assert!(
        failed.is_empty(),
        "checkov findings no resource explains (add a reason to the kind's `scan_findings`, or fix the default):\n{}",
        failed.join("\n")
    );
    let skipped = hits(&report, "skipped_checks");
    for ((f, c, r), v) in &skipped {
        let comment = v["check_result"]["suppress_comment"]
            .as_str()
            .unwrap_or_default();
        assert!(
            comment.len() > 20,
            "{f}: {c} on {r} is skipped without a reason"
        );
    }
    // Every explanation in the templates names a check checkov runs on that resource.
    let reported: BTreeSet<(String, String, String)> =
        skipped.into_iter().map(|(h, _)| h).collect();
    let mut stale = Vec::new();
    for (name, path) in &templates {
        let t: Value = serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap();
        for (id, res) in t["Resources"].as_object().into_iter().flatten() {
            let ty = res["Type"].as_str().unwrap_or_default();
            for skip in res["Metadata"]["checkov"]["skip"]
                .as_array()
                .into_iter()
                .flatten()
            {
                let check = skip["id"].as_str().unwrap_or_default().to_string();
                let hit = (name.clone(), check.clone(), format!("{ty}.{id}"));
                if !reported.contains(&hit) {
                    stale.push(format!("{name}: {check} on {id}"));
                }
            }
        }
    }
    assert!(
        stale.is_empty(),
        "explanations of checks checkov does not fail there (remove them from `scan_findings`):\n{}",
        stale.join("\n")
    );
}

#[test]
fn terraform_findings_are_all_explained_in_the_readmes() {
    let Some(tool) = checkov() else {
        common::skip("checkov not found (`scripts/checkov.sh install` puts it in .checkov-venv/)");
        return;
    };
    let configs = files("main.tf.json");
    assert!(!configs.is_empty(), "no main.tf.json to judge");
    let report = scan(&tool, "terraform_json", &configs);
    print_counts("terraform_json", &report);
    // checkov names a Terraform JSON resource `type.name` in graph checks and `resource.name`
    // in the others: both are matched by check id and name.
    let name_of = |r: &str| {
        r.split_once('.')
            .map(|(_, n)| n.to_string())
            .unwrap_or_default()
    };
    let mut explained: BTreeSet<(String, String, String)> = BTreeSet::new();
    for (name, path) in &configs {
        for (check, address) in readme_rows(&path.with_file_name("README.md"), "Terraform") {
            explained.insert((name.clone(), check, name_of(&address)));
        }
    }
    let failed: BTreeSet<(String, String, String)> = hits(&report, "failed_checks")
        .into_iter()
        .map(|((f, c, r), _)| (f, c, name_of(&r)))
        .collect();
    let unexplained: Vec<String> = failed
        .difference(&explained)
        .map(|(f, c, r)| format!("{f}: {c} on {r}"))
        .collect();
    assert!(
        unexplained.is_empty(),
        "checkov findings no README explains (add a reason to the kind's `scan_findings`, or fix the default):\n{}",
        unexplained.join("\n")
    );
    let stale: Vec<String> = explained
        .difference(&failed)
        .map(|(f, c, r)| format!("{f}: {c} on {r}"))
        .collect();
    assert!(
        stale.is_empty(),
        "explanations of checks checkov does not fail there (remove them from `scan_findings`):\n{}",
        stale.join("\n")
    );
}
