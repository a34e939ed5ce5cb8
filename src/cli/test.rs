//! `gatewright test`: runs the template tests of `template-tests/*.yaml` offline.

use super::report::Reporter;
use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::simulate::suite::{self, Suite};
use std::path::{Path, PathBuf};
use std::time::Instant;

/// The folder `gatewright test` reads when given none.
pub const DEFAULT_DIR: &str = "template-tests";

fn files(paths: &[PathBuf]) -> Result<Vec<PathBuf>, Diagnostic> {
    super::files::yaml_files(
        paths,
        DEFAULT_DIR,
        "name a template tests file or a folder of them (default: template-tests)",
    )
}

/// Reads a tests file, with located errors.
fn load(path: &Path) -> Result<(Suite, crate::load::Loaded, String), Diagnostic> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::error(codes::IO, format!("cannot read {shown}: {e}")))?;
    let loaded = crate::load::yaml(&text, &crate::blueprint::load_options()).map_err(|e| {
        Diagnostic::error(
            codes::TEMPLATE_TESTS_FILE,
            format!("not valid YAML: {:?}", e.kind),
        )
        .at(Location::new(&shown, e.at.line, e.at.column))
        .help("fix the YAML at the position shown")
    })?;
    let suite: Suite = crate::load::de::from_loaded(&loaded, &text).map_err(|e| {
        let (line, column) = e.at.as_ref().map_or((1, 1), |(s, _)| (s.line, s.column));
        Diagnostic::error(codes::TEMPLATE_TESTS_FILE, e.to_string())
            .at(Location::new(&shown, line, column))
            .help("see `gatewright schema --tests` for the format of template tests")
    })?;
    Ok((suite, loaded, text))
}

/// Runs the tests; returns the exit status (1 when any test failed or a file is wrong).
pub fn run(paths: &[PathBuf]) -> i32 {
    let mut rep = Reporter::default();
    let files = match files(paths) {
        Ok(f) => f,
        Err(d) => {
            rep.emit(&d);
            return super::EXIT_IO;
        }
    };
    let (mut passed, mut failed) = (0usize, 0usize);
    let started = Instant::now();
    for f in &files {
        let shown = f.display().to_string();
        let (suite, loaded, _) = match load(f) {
            Ok(x) => x,
            Err(d) => {
                rep.emit(&d);
                continue;
            }
        };
        let bp = f.parent().unwrap_or(Path::new(".")).join(&suite.blueprint);
        let Some(api) = super::simulate::load_model(&bp, &mut rep) else {
            continue;
        };
        let mut outcomes = Vec::new();
        for (k, case) in suite.tests.iter().enumerate() {
            let o = suite::run(&api, case);
            let (line, column) = loaded
                .spans
                .find(&format!("/tests/{k}"))
                .map_or((1, 1), |n| {
                    let s = loaded.spans.place(n);
                    (s.line, s.column)
                });
            if o.failures.is_empty() {
                passed += 1;
                println!("ok   {shown}: {}", case.name);
            } else {
                failed += 1;
                println!("FAIL {shown}: {}", case.name);
                rep.emit(
                    &Diagnostic::error(
                        codes::TEMPLATE_TEST_FAILED,
                        format!("`{}`: {}", case.name, o.failures.join("\n  ")),
                    )
                    .at(Location::new(&shown, line, column))
                    .help("fix the template or the expectation"),
                );
            }
            outcomes.push(o);
        }
        for r in suite::untested(&api, &outcomes) {
            rep.emit(
                &Diagnostic::warning(
                    codes::ROUTE_UNTESTED,
                    format!("route `{r}` of {} has no template test", bp.display()),
                )
                .at(Location::new(&shown, 1, 1))
                .help("add a test whose request reaches the route"),
            );
        }
    }
    let total = passed + failed;
    let per = started.elapsed().as_micros() / (total.max(1) as u128);
    println!(
        "{passed} passed, {failed} failed ({total} tests in {} files, {per} µs per test)",
        files.len()
    );
    if failed > 0 || rep.errors > 0 {
        super::EXIT_FINDINGS
    } else {
        super::EXIT_OK
    }
}
