//! `gatewright validate FILE...`: reads each file, detects its format, runs every check of
//! [`validate::check_document`](crate::validate::check_document) and prints the findings with
//! their line and column.

use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::validate::document::{self, Document};
use crate::validate::{self, terraform::ProviderSchema};
use std::io::{Read as _, Write as _};
use std::path::{Path, PathBuf};

/// How `validate` prints its findings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// `file:line:col: error[CODE]: message`, then the JSON pointer and a help line.
    Text,
    /// One JSON array of every finding.
    Json,
}

/// Runs `validate` over `paths`; returns the exit status.
pub fn run(paths: &[PathBuf], format: OutputFormat, terraform_schema: Option<&Path>) -> i32 {
    let schema = match terraform_schema.map(load_schema).transpose() {
        Ok(s) => s,
        Err(d) => {
            print_findings(format, std::slice::from_ref(&d));
            return super::EXIT_USAGE;
        }
    };
    let mut findings = Vec::new();
    let mut files = 0usize;
    for path in expand(paths, &mut findings) {
        files += 1;
        findings.extend(check_file(&path, schema.as_ref()));
    }
    if files == 0 && findings.is_empty() {
        let named: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
        findings.push(
            Diagnostic::error(
                crate::codes::NO_DOCUMENTS,
                format!(
                    "no document to check: {} holds no .json, .yaml or .yml file",
                    named.join(", ")
                ),
            )
            .at(Location::new(named.join(", "), 0, 0))
            .help("name a folder or files holding CloudFormation templates, OpenAPI 3.0 or Swagger 2.0 documents, or .tf.json files"),
        );
    }
    print_findings(format, &findings);
    let count = |s: Severity| findings.iter().filter(|d| d.severity == s).count();
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    eprintln!("{files} file(s) checked: {errors} error(s), {warnings} warning(s), {notes} note(s)");
    if errors + warnings > 0 {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_OK
    }
}

/// Every finding about the file at `path`, located by line and column, in document order.
fn check_file(path: &Path, schema: Option<&ProviderSchema>) -> Vec<Diagnostic> {
    let shown = path.display().to_string();
    let bytes = match read_capped(path) {
        Ok(b) => b,
        Err(d) => return vec![d],
    };
    let doc: Document = match document::load(&shown, &bytes) {
        Ok(doc) => doc,
        Err(d) => return vec![d],
    };
    drop(bytes);
    // Terraform is checked against the schema gatewright carries unless one is given.
    let schema = schema
        .or_else(|| (doc.format == validate::Format::TerraformJson).then(ProviderSchema::bundled));
    let mut findings = doc.reuse_findings();
    findings.extend(validate::check_document(
        doc.format, &doc.value, &doc.file, schema,
    ));
    doc.locate_all(&mut findings);
    findings.sort_by_key(|d| d.location.as_ref().map_or((0, 0), |l| (l.line, l.column)));
    findings
}

/// The file's bytes, or a diagnostic when it cannot be read or is above
/// [`document::MAX_BYTES`] (found without reading it all).
fn read_capped(path: &Path) -> Result<Vec<u8>, Diagnostic> {
    let shown = path.display().to_string();
    let unreadable = |e: &std::io::Error| {
        Diagnostic::error(document::UNREADABLE, format!("cannot read {shown}: {e}"))
            .at(Location::new(&shown, 0, 0))
            .help("name a readable file")
    };
    let file = std::fs::File::open(path).map_err(|e| unreadable(&e))?;
    let mut bytes = Vec::new();
    file.take(document::MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| unreadable(&e))?;
    if bytes.len() > document::MAX_BYTES {
        return Err(Diagnostic::error(
            document::LIMIT,
            format!(
                "the file is larger than the {} MiB gatewright reads",
                document::MAX_BYTES >> 20
            ),
        )
        .at(Location::new(&shown, 0, 0))
        .help("CloudFormation accepts templates up to 1 MB; split the document"));
    }
    Ok(bytes)
}

/// The files named by `paths`: files as given, folders by their `*.json`, `*.yaml` and
/// `*.yml` files at any depth (sorted by path, so runs are deterministic; hidden folders and
/// symbolic links to folders are not entered). Paths that do not exist become findings.
fn expand(paths: &[PathBuf], findings: &mut Vec<Diagnostic>) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found = Vec::new();
            walk(p, &mut found, findings);
            found.sort();
            files.extend(found);
        } else if p.exists() {
            files.push(p.clone());
        } else {
            findings.push(
                Diagnostic::error(
                    document::UNREADABLE,
                    format!("{} does not exist", p.display()),
                )
                .at(Location::new(p.display().to_string(), 0, 0))
                .help("name a CloudFormation template, an OpenAPI 3.0 or Swagger 2.0 document, or a .tf.json file"),
            );
        }
    }
    files
}

/// Adds the documents under `dir` to `found`, descending into subfolders.
fn walk(dir: &Path, found: &mut Vec<PathBuf>, findings: &mut Vec<Diagnostic>) {
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) => {
            findings.push(
                Diagnostic::error(
                    document::UNREADABLE,
                    format!("cannot read the folder {}: {e}", dir.display()),
                )
                .at(Location::new(dir.display().to_string(), 0, 0))
                .help("check the folder's permissions"),
            );
            return;
        }
    };
    for entry in entries.filter_map(Result::ok) {
        let path = entry.path();
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        let hidden = entry.file_name().to_string_lossy().starts_with('.');
        if kind.is_dir() {
            if !hidden {
                walk(&path, found, findings);
            }
        } else if path.is_file()
            && matches!(
                path.extension().and_then(|x| x.to_str()),
                Some("json" | "yaml" | "yml")
            )
        {
            found.push(path);
        }
    }
}

/// Reads a provider schema (`terraform providers schema -json`).
fn load_schema(path: &Path) -> Result<ProviderSchema, Diagnostic> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error(
            validate::terraform::TF000,
            format!("cannot read the Terraform provider schema {shown}: {e}"),
        )
        .at(Location::new(&shown, 0, 0))
        .help("write one with `terraform providers schema -json > schema.json`")
    })?;
    ProviderSchema::from_json(&text, &shown)
}

/// Text on standard output, one finding after another; or one JSON array.
fn print_findings(format: OutputFormat, findings: &[Diagnostic]) {
    let mut out = std::io::stdout().lock();
    let _ = match format {
        OutputFormat::Text => findings.iter().try_for_each(|d| writeln!(out, "{d}")),
        OutputFormat::Json => serde_json::to_writer_pretty(&mut out, findings)
            .map_err(std::io::Error::other)
            .and_then(|()| writeln!(out)),
    };
}
