//! `out/` is committed: it must be exactly what the bundled blueprints generate, and
//! generation must be deterministic.

use gatewright::output;
use gatewright::source::Source;
use gatewright::synth::{self, Bundle};
use std::path::PathBuf;

fn bundles() -> Vec<Bundle> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("blueprints");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.retain(|p| p.extension().is_some_and(|x| x == "yaml"));
    files.sort();
    files
        .iter()
        .map(|p| {
            let src = Source::new(p.display().to_string(), std::fs::read_to_string(p).unwrap());
            let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
            synth::synth(&stem, &src).unwrap_or_else(|d| panic!("{}: {d:#?}", p.display()))
        })
        .collect()
}

#[test]
fn committed_out_matches_the_blueprints() {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("out");
    let drift = output::drift(&out, &bundles());
    let shown: Vec<String> = drift.iter().map(ToString::to_string).collect();
    assert!(
        drift.is_empty(),
        "out/ drifted; run `cargo run --release -- synth` and commit:\n{}",
        shown.join("\n")
    );
}

#[test]
fn every_blueprint_has_an_output_folder_and_no_stray_folders_exist() {
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("out");
    let stems: Vec<String> = bundles().into_iter().map(|b| b.stem).collect();
    let mut folders: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !n.starts_with('.'))
        .collect();
    folders.sort();
    assert_eq!(folders, stems, "out/ must hold one folder per blueprint");
}

#[test]
fn generation_is_deterministic() {
    let a = bundles();
    let b = bundles();
    for (x, y) in a.iter().zip(&b) {
        assert_eq!(x.files, y.files, "{} differs between two runs", x.stem);
    }
}
