//! `gatewright diff OLD NEW`: prints what changed in the API and exits 1 when a change of a
//! category named in `--fail-on` is among them.

use super::report::Reporter;
use super::validate::OutputFormat;
use super::{EXIT_FINDINGS, EXIT_OK, EXIT_USAGE};
use crate::diff::{self, Category};

/// Runs `diff`; returns the exit status (2 when a side cannot be read).
pub fn run(old: &str, new: &str, format: OutputFormat, fail_on: &[Category]) -> i32 {
    let mut rep = Reporter::default();
    let mut views = Vec::new();
    for side in [old, new] {
        match diff::load_side(side) {
            Ok(v) => views.push(v),
            Err(diags) => {
                for d in &diags {
                    rep.emit(d);
                }
            }
        }
    }
    let [before, after] = views.as_slice() else {
        return EXIT_USAGE;
    };
    let report = diff::compare(before, after);
    match format {
        OutputFormat::Text => print!("{}", report.text()),
        OutputFormat::Json => {
            let v = serde_json::to_value(&report).unwrap_or_default();
            print!("{}", crate::json::pretty(&v));
        }
    }
    let failing: Vec<String> = fail_on
        .iter()
        .filter(|c| report.count(**c) > 0)
        .filter_map(clap::ValueEnum::to_possible_value)
        .map(|v| v.get_name().to_string())
        .collect();
    if failing.is_empty() {
        EXIT_OK
    } else {
        eprintln!(
            "diff: changes of a category named in --fail-on: {}",
            failing.join(", ")
        );
        EXIT_FINDINGS
    }
}
