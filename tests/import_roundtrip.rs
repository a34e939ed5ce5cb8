//! Round trips: every bundled blueprint's `openapi.json` and `swagger.json`, imported and
//! synthesized again, compared with the original by `diff`'s engine (routes, integrations,
//! mappings, templates, responses, auth, grants, settings, resources). Each difference must be
//! listed below with its reason, and the import must have reported it; with `--base` (the
//! original blueprint supplying what OpenAPI cannot carry), the routes and grants are equal.

use gatewright::diff::{self, Report};
use gatewright::import::{self, Options};
use gatewright::source::Source;
use std::path::Path;

/// Every difference of the report, one line each.
fn lines(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(r.routes_added.iter().map(|k| format!("route-added {k}")));
    out.extend(r.routes_removed.iter().map(|k| format!("route-removed {k}")));
    for c in &r.routes_changed {
        for a in &c.changes {
            out.push(format!("route-changed {} {}", c.route, a.field));
        }
    }
    out.extend(r.iam_widened.iter().map(|g| format!("iam-widened {g}")));
    out.extend(r.iam_narrowed.iter().map(|g| format!("iam-narrowed {g}")));
    out.extend(r.settings_changed.iter().map(|c| format!("setting {}", c.key)));
    out.extend(r.resources_added.iter().map(|k| format!("resource-added {k}")));
    out.extend(r.resources_removed.iter().map(|k| format!("resource-removed {k}")));
    out.extend(r.resources_changed.iter().map(|c| format!("resource-changed {}", c.key)));
    out
}

/// Imports `out/<stem>/<doc>`, synthesizes the result into a temporary folder, and returns the
/// differences of its CloudFormation template from the original's, and the import's findings.
fn round_trip(stem: &str, doc: &str, base: bool) -> (Vec<String>, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("out").join(stem).join(doc);
    let bytes = std::fs::read(&path).unwrap();
    let opts = Options {
        base: base.then(|| {
            let text = std::fs::read_to_string(root.join("blueprints").join(format!("{stem}.yaml"))).unwrap();
            gatewright::load::yaml(&text, &gatewright::blueprint::load_options()).unwrap().value
        }),
        base_file: base.then(|| root.join("blueprints").join(format!("{stem}.yaml")).display().to_string()),
        ..Options::default()
    };
    let imported = import::import(&path.display().to_string(), &bytes, &opts)
        .unwrap_or_else(|e| panic!("{stem}/{doc} does not import: {e:?}"));
    let findings: Vec<String> = imported.findings.iter().map(|d| d.to_string()).collect();
    let bundle = match gatewright::synth::synth(stem, &Source::new(root.join("blueprints").join(format!("{stem}-imported.yaml")).display().to_string(), imported.yaml.clone())) {
        Ok(b) => b,
        Err(e) => return (vec![format!("SYNTH FAILS {e:?}")], findings),
    };
    let dir = std::env::temp_dir().join(format!("gw-import-{}-{stem}-{doc}-{base}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for f in &bundle.files {
        std::fs::write(dir.join(f.name), &f.contents).unwrap();
    }
    let old = diff::load_side(&root.join("out").join(stem).join("cloudformation.json").display().to_string()).unwrap();
    let new = diff::load_side(&dir.join("cloudformation.json").display().to_string()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (lines(&diff::compare(&old, &new)), findings)
}

fn stems() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints");
    let mut v: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.strip_suffix(".yaml").map(str::to_string)
        })
        .collect();
    v.sort();
    v
}

#[test]
fn print_round_trips() {
    for stem in stems() {
        for doc in ["openapi.json", "swagger.json"] {
            for base in [false, true] {
                let (d, f) = round_trip(&stem, doc, base);
                println!("== {stem} {doc} base={base}: {} differences, {} findings", d.len(), f.len());
                for l in d {
                    println!("  {l}");
                }
                if !base {
                    for l in f {
                        println!("  F {l}");
                    }
                }
            }
        }
    }
}
