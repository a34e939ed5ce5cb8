//! `gatewright import FILE`: prints the blueprint (or writes it with `--out`), the findings on
//! standard error, and a count of typed and generic routes.

use super::report::Reporter;
use super::{EXIT_FINDINGS, EXIT_IO, EXIT_OK, EXIT_USAGE};
use crate::codes::IO;
use crate::diagnostic::{Diagnostic, Location};
use crate::import::{self, Options};
use std::path::Path;

/// Runs `import`; 0 when the blueprint was written, 1 under `--strict` when anything could not
/// be carried over (nothing is written then), 2 when the document cannot be imported, 3 when
/// a file cannot be read or written.
pub fn run(
    file: &Path,
    out: Option<&Path>,
    strict: bool,
    keep_role: bool,
    base: Option<&Path>,
    vars: Vec<(String, String)>,
) -> i32 {
    let mut rep = Reporter::default();
    let base_file = base;
    let base = match base.map(read_base).transpose() {
        Ok(b) => b,
        Err(d) => {
            rep.emit(&d);
            return EXIT_IO;
        }
    };
    let name = file.display().to_string();
    let bytes = match std::fs::read(file) {
        Ok(b) => b,
        Err(e) => {
            rep.emit(
                &Diagnostic::error(IO, format!("cannot read `{name}`: {e}"))
                    .at(Location::new(&name, 0, 0)),
            );
            return EXIT_IO;
        }
    };
    let imported = match import::import(
        &name,
        &bytes,
        &Options {
            keep_role,
            base,
            base_file: base_file.map(|p| p.display().to_string()),
            vars,
        },
    ) {
        Ok(i) => i,
        Err(diags) => {
            for d in &diags {
                rep.emit(d);
            }
            return EXIT_USAGE;
        }
    };
    for d in &imported.findings {
        if strict {
            let mut e = d.clone();
            e.severity = crate::diagnostic::Severity::Error;
            rep.emit(&e);
        } else {
            rep.emit(d);
        }
    }
    eprintln!(
        "import: {} typed routes, {} generic `aws` routes, {} findings",
        imported.typed.len(),
        imported.generic.len(),
        imported.findings.len()
    );
    for t in &imported.typed {
        eprintln!("  typed   {t}");
    }
    for g in &imported.generic {
        eprintln!("  generic {g}");
    }
    if strict && !imported.findings.is_empty() {
        eprintln!(
            "import: --strict and {} findings: nothing written",
            imported.findings.len()
        );
        return EXIT_FINDINGS;
    }
    match out {
        None => {
            print!("{}", imported.yaml);
            EXIT_OK
        }
        Some(path) => match write_atomic(path, &imported.yaml) {
            Ok(()) => {
                eprintln!("wrote {}", path.display());
                EXIT_OK
            }
            Err(e) => {
                rep.emit(
                    &Diagnostic::error(IO, format!("cannot write `{}`: {e}", path.display()))
                        .at(Location::new(path.display().to_string(), 0, 0)),
                );
                EXIT_IO
            }
        },
    }
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`.
fn write_atomic(path: &Path, text: &str) -> std::io::Result<()> {
    let tmp = path.with_extension("yaml.import-tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// The value of the blueprint `path`, for `--base`.
fn read_base(path: &Path) -> Result<serde_json::Value, Diagnostic> {
    let name = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|e| {
        Diagnostic::error(IO, format!("cannot read `{name}`: {e}")).at(Location::new(&name, 0, 0))
    })?;
    crate::load::yaml(&text, &crate::blueprint::load_options())
        .map(|l| l.value)
        .map_err(|e| {
            Diagnostic::error(
                crate::codes::YAML_SYNTAX,
                format!("`{name}` is not a blueprint: {e:?}"),
            )
            .at(Location::new(&name, e.at.line, e.at.column))
        })
}
