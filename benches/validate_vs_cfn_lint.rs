//! Whole-process timings: `gatewright validate` against `cfn-lint` on the same CloudFormation
//! template, and `gatewright synth` of every bundled blueprint.
//!
//! Run with `cargo bench --bench validate_vs_cfn_lint` (the binary is then built with the
//! release settings). Each command runs once to warm caches, then `GATEWRIGHT_BENCH_RUNS`
//! times (default 30; cfn-lint, which takes seconds, `GATEWRIGHT_BENCH_CFN_LINT_RUNS` times,
//! default 7); the medians and their ratio are printed. cfn-lint is taken from `.venv/bin`
//! or PATH; without it that comparison is skipped with a message.

#[path = "../tests/common/mod.rs"]
mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const TEMPLATE: &str = "out/s3-proxy/cloudformation.json";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn runs(var: &str, default: usize) -> usize {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
        .unwrap_or(default)
}

/// The median wall time of `n` runs of `cmd` (after one warm-up run), and the exit status of
/// the last run.
fn time(n: usize, mut cmd: impl FnMut() -> Command) -> (Duration, Option<i32>) {
    let run = |cmd: &mut Command| {
        let start = Instant::now();
        let out = cmd.output().expect("the command starts");
        (start.elapsed(), out)
    };
    let (_, first) = run(&mut cmd());
    let mut status = first.status.code();
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let (t, out) = run(&mut cmd());
            status = out.status.code();
            t
        })
        .collect();
    times.sort();
    (times[times.len() / 2], status)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

fn gatewright(args: &[&str]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_gatewright"));
    cmd.current_dir(root()).args(args);
    cmd
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that names nothing here means "not this one".
    if let Some(filter) = std::env::args().skip(1).find(|a| !a.starts_with('-'))
        && !"validate_vs_cfn_lint".contains(&filter)
    {
        return;
    }
    let n = runs("GATEWRIGHT_BENCH_RUNS", 30);
    let bytes = std::fs::metadata(root().join(TEMPLATE))
        .map(|m| m.len())
        .unwrap_or(0);
    println!("whole-process wall time, median of the runs after one warm-up");
    println!();
    println!("validate {TEMPLATE} ({bytes} bytes)");
    let (gw, status) = time(n, || gatewright(&["validate", TEMPLATE]));
    println!(
        "  gatewright validate  {:>12}  ({n} runs, exit {status:?})",
        ms(gw)
    );

    match common::find_tool("cfn-lint") {
        None => println!("  cfn-lint             skipped: not found in .venv/bin or PATH"),
        Some(cfn_lint) => {
            let m = runs("GATEWRIGHT_BENCH_CFN_LINT_RUNS", 7);
            let (cl, status) = time(m, || {
                let mut cmd = Command::new(&cfn_lint);
                cmd.current_dir(root()).arg(TEMPLATE);
                cmd
            });
            println!(
                "  cfn-lint             {:>12}  ({m} runs, exit {status:?})",
                ms(cl)
            );
            println!(
                "  ratio                {:>9.0}x  (cfn-lint / gatewright validate)",
                cl.as_secs_f64() / gw.as_secs_f64()
            );
        }
    }

    let blueprints: Vec<PathBuf> = std::fs::read_dir(root().join("blueprints"))
        .map(|d| {
            d.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect()
        })
        .unwrap_or_default();
    let out = std::env::temp_dir().join(format!("gatewright-bench-{}", std::process::id()));
    let out_arg = out.display().to_string();
    println!();
    println!(
        "synth blueprints/ ({} blueprint(s)) into a scratch folder",
        blueprints.len()
    );
    let (synth, status) = time(n, || {
        gatewright(&["synth", "blueprints", "--out", &out_arg])
    });
    println!(
        "  gatewright synth     {:>12}  ({n} runs, exit {status:?})",
        ms(synth)
    );
    let _ = std::fs::remove_dir_all(Path::new(&out));
}
