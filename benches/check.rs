//! Time of the checks of generated documents alone (`validate::check_document`), per format,
//! for the scale-test API (N sibling paths `/p{i}`, a GET and a PUT to S3 each) and for the
//! bundled blueprints.
//!
//! Run with `cargo bench --bench check`. For each N of `GATEWRIGHT_CHECK_PATHS`
//! (comma-separated, default `100,1000,5000`) the API is synthesized in memory, its four
//! documents parsed back, and each checked once cold (the first check of a format pays for
//! compiling its schemas, once per process) and then `GATEWRIGHT_CHECK_RUNS` times (default
//! 9; the shortest is shown, as the machine may be busy with other work). The blueprint uses one S3 key for every route, so that the IAM
//! quotas (GW0217) do not refuse the largest sizes. The bundled blueprints' documents are then
//! checked the same way, all of them in one pass.

mod common;

use gatewright::source::Source;
use gatewright::validate::{Format, check_document};
use serde_json::Value;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::{Duration, Instant};

const FORMATS: [(Format, &str); 4] = [
    (Format::CloudFormation, "cloudformation.json"),
    (Format::OpenApi3, "openapi.json"),
    (Format::Swagger2, "swagger.json"),
    (Format::TerraformJson, "main.tf.json"),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The four documents of one blueprint, parsed back from the generated files.
fn documents(stem: &str, file: String, text: String) -> Option<Vec<(Format, Value)>> {
    let src = Source::new(file, text);
    let bundle = match gatewright::synth::synth(stem, &src) {
        Ok(b) => b,
        Err(e) => {
            println!("{stem}: refused ({})", e.first().map_or("", |d| d.code));
            return None;
        }
    };
    Some(
        FORMATS
            .iter()
            .map(|(format, name)| {
                let file = bundle.files.iter().find(|f| f.name == *name);
                let text = &file.expect("every format is generated").contents;
                (
                    *format,
                    serde_json::from_str(text).expect("generated JSON parses"),
                )
            })
            .collect(),
    )
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The shortest of `runs` timings of `f` (the machine is shared: other work only adds).
fn fastest(runs: usize, mut f: impl FnMut()) -> Duration {
    let times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.into_iter().min().unwrap_or_default()
}

fn main() {
    if let Some(filter) = std::env::args().skip(1).find(|a| !a.starts_with('-'))
        && !"check".contains(&filter)
    {
        return;
    }
    let runs = std::env::var("GATEWRIGHT_CHECK_RUNS")
        .ok()
        .and_then(|v| v.parse().ok())
        .filter(|n: &usize| *n > 0)
        .unwrap_or(9);
    let sizes: Vec<usize> = std::env::var("GATEWRIGHT_CHECK_PATHS")
        .unwrap_or_else(|_| "100,1000,5000".to_string())
        .split(',')
        .filter_map(|s| s.trim().parse().ok())
        .collect();

    // The bundled blueprints first, so their first checks pay for schema compilation.
    let mut bundled = Vec::new();
    let mut names: Vec<_> = std::fs::read_dir(root().join("blueprints"))
        .expect("blueprints/")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    names.sort();
    for path in &names {
        let stem = path.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(path).expect("blueprint reads");
        if let Some(docs) = documents(&stem, path.display().to_string(), text) {
            bundled.push(docs);
        }
    }
    let check_all = |docs: &[Vec<(Format, Value)>]| {
        let mut found = 0;
        for d in docs {
            for (format, doc) in d {
                found += check_document(*format, doc, "bench.json", None).len();
            }
        }
        found
    };
    let t = Instant::now();
    let found = check_all(&bundled);
    let cold = t.elapsed();
    let warm = fastest(runs, || {
        check_all(&bundled);
    });
    println!(
        "bundled blueprints ({}): check_document of all documents {:.2} ms cold (schemas compiled), {:.2} ms warm; {found} findings",
        bundled.len(),
        ms(cold),
        ms(warm)
    );
    println!();
    println!(
        "{:>6} {:>8} {:>10} {:>10} {:>10} {:>10} {:>10} {:>12}",
        "paths", "methods", "cfn ms", "oas3 ms", "swagger ms", "tf ms", "total ms", "µs/method"
    );
    for paths in sizes {
        let stem = format!("check-{paths}");
        let Some(docs) = documents(
            &stem,
            format!("{stem}.yaml"),
            common::scale_blueprint(&format!("Check{paths}"), paths, common::Keys::Shared),
        ) else {
            continue;
        };
        let mut total = 0.0;
        let mut cells = String::new();
        for (format, doc) in &docs {
            let d = fastest(runs, || {
                check_document(*format, doc, "bench.json", None);
            });
            total += ms(d);
            let _ = write!(cells, " {:>10.2}", ms(d));
        }
        println!(
            "{paths:>6} {:>8}{cells} {total:>10.2} {:>12.2}",
            2 * paths,
            total * 1000.0 / (2.0 * paths as f64)
        );
    }
}
