//! Whole-process cost of large APIs (issue 15): `gatewright synth` of blueprints shaped like
//! CDK's API Gateway scale test (N sibling paths `/p{i}`, each with a GET and a PUT to S3), and
//! of the bundled blueprints.
//!
//! Run with `cargo bench --bench scale` (the binary is then built with the release settings).
//! For each N of `GATEWRIGHT_SCALE_PATHS` (comma-separated, default `100,1000,2000,10000`) the
//! blueprint is generated into a scratch folder and synthesized once to warm caches, then
//! `GATEWRIGHT_SCALE_RUNS` times (default 5; 3 from 5,000 paths up) under `/usr/bin/time -v`.
//! The table gives the median wall time, the largest peak resident memory of the runs, the
//! time per method and its ratio to the first N's (each run writes into the folder the run
//! before it wrote, whose files it compares and leaves alone). The bundled blueprints' synth
//! is timed `GATEWRIGHT_BENCH_RUNS` times (default 30) into an empty folder, and as many times
//! again into the folder it wrote. `GATEWRIGHT_SCALE_KEEP=DIR` writes the generated
//! blueprints into DIR as well (for a profiler), and `GATEWRIGHT_SCALE_BIN` times another
//! gatewright binary (an older build, for before/after figures).

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const TIME: &str = "/usr/bin/time";

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> PathBuf {
    std::env::var_os("GATEWRIGHT_SCALE_BIN").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_gatewright")),
        PathBuf::from,
    )
}

fn env_usize(var: &str) -> Option<usize> {
    std::env::var(var)
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n| *n > 0)
}

/// One run's figures.
struct Run {
    wall: Duration,
    peak_kib: u64,
    status: Option<i32>,
}

/// Runs `gatewright args` under `/usr/bin/time -v` (when present), timing it from here.
fn run(args: &[&str]) -> Run {
    let measured = Path::new(TIME).exists();
    let mut cmd = if measured {
        let mut c = Command::new(TIME);
        c.arg("-v").arg(bin());
        c
    } else {
        Command::new(bin())
    };
    cmd.current_dir(root()).args(args);
    let start = Instant::now();
    let out = cmd.output().expect("gatewright starts");
    let wall = start.elapsed();
    let stderr = String::from_utf8_lossy(&out.stderr);
    let peak_kib = stderr
        .lines()
        .find_map(|l| l.trim().strip_prefix("Maximum resident set size (kbytes):"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    Run {
        wall,
        peak_kib,
        status: out.status.code(),
    }
}

/// Median wall time and largest peak of `n` runs after one warm-up run; the last status.
fn measure(n: usize, args: &[&str]) -> (Duration, u64, Option<i32>) {
    measure_with(n, args, &|| {})
}

/// [`measure`], calling `before` ahead of each run (untimed).
fn measure_with(n: usize, args: &[&str], before: &dyn Fn()) -> (Duration, u64, Option<i32>) {
    before();
    let first = run(args);
    let mut status = first.status;
    let mut peak = 0;
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            before();
            let r = run(args);
            status = r.status;
            peak = peak.max(r.peak_kib);
            r.wall
        })
        .collect();
    times.sort();
    (times[times.len() / 2], peak, status)
}

fn main() {
    // `cargo bench` passes `--bench`; a filter that names nothing here means "not this one".
    if let Some(filter) = std::env::args().skip(1).find(|a| !a.starts_with('-'))
        && !"scale".contains(&filter)
    {
        return;
    }
    let sizes: Vec<usize> = std::env::var("GATEWRIGHT_SCALE_PATHS")
        .unwrap_or_else(|_| "100,1000,2000,10000".to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .filter(|n| *n > 0)
        .collect();
    let scratch = std::env::temp_dir().join(format!("gatewright-scale-{}", std::process::id()));
    let out = scratch.join("out");
    std::fs::create_dir_all(&out).expect("scratch folder");
    let keep = std::env::var_os("GATEWRIGHT_SCALE_KEEP").map(PathBuf::from);
    println!("gatewright synth, whole process: median wall time, largest peak RSS");
    println!("binary: {}", bin().display());
    println!();
    println!(
        "{:>7} {:>8} {:>11} {:>6} {:>11} {:>10} {:>13} {:>6}",
        "paths", "methods", "blueprint", "runs", "time", "peak RSS", "per method", "ratio"
    );
    let mut first_per_method = None;
    for &paths in &sizes {
        let text = common::scale_blueprint(&format!("Scale{paths}"), paths, common::Keys::PerPath);
        let file = scratch.join(format!("scale-{paths}.yaml"));
        std::fs::write(&file, &text).expect("write the blueprint");
        if let Some(dir) = &keep {
            let _ = std::fs::create_dir_all(dir);
            let _ = std::fs::write(dir.join(format!("scale-{paths}.yaml")), &text);
        }
        let n = env_usize("GATEWRIGHT_SCALE_RUNS").unwrap_or(if paths >= 5000 { 3 } else { 5 });
        let (file_arg, out_arg) = (file.display().to_string(), out.display().to_string());
        let (wall, peak, status) = measure(n, &["synth", &file_arg, "--out", &out_arg]);
        let methods = 2 * paths;
        let per_method = wall.as_secs_f64() / methods as f64;
        let base = *first_per_method.get_or_insert(per_method);
        let shown = if status == Some(0) {
            format!(
                "{:>8.1} ms {:>6.1} MiB {:>10.1} µs {:>5.2}x",
                wall.as_secs_f64() * 1000.0,
                peak as f64 / 1024.0,
                per_method * 1e6,
                per_method / base
            )
        } else {
            format!("refused (exit {status:?})")
        };
        println!(
            "{paths:>7} {methods:>8} {:>7} KiB {n:>6} {shown}",
            text.len() / 1024
        );
    }
    let n = env_usize("GATEWRIGHT_BENCH_RUNS").unwrap_or(30);
    let bundled = scratch.join("bundled");
    let out_arg = bundled.display().to_string();
    let args = ["synth", "blueprints", "--out", out_arg.as_str()];
    println!();
    // Into an empty folder: every file is created (the folder is removed before each run).
    let fresh = measure_with(n, &args, &|| {
        let _ = std::fs::remove_dir_all(&bundled);
    });
    // Again into the folder the last run wrote: every file is compared and left alone.
    let again = measure(n, &args);
    for ((wall, peak, status), what) in
        [(fresh, "into an empty folder"), (again, "again, unchanged")]
    {
        println!(
            "bundled blueprints, {what}: {:.2} ms, {:.1} MiB peak ({n} runs, exit {status:?})",
            wall.as_secs_f64() * 1000.0,
            peak as f64 / 1024.0
        );
    }
    let _ = std::fs::remove_dir_all(&scratch);
}
