//! Running the `gatewright` command as a user does, and reading what it printed.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The crate root, where `blueprints/` and `out/` are.
#[allow(dead_code)]
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// `gatewright <args>` run in `dir`.
#[allow(dead_code)]
pub fn gw(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gatewright"))
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

/// `gatewright validate <args>` run in the crate root.
#[allow(dead_code)]
pub fn validate(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_gatewright"))
        .current_dir(root())
        .arg("validate")
        .args(args)
        .output()
        .unwrap()
}

/// What the command printed on stdout.
#[allow(dead_code)]
pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

/// What the command printed on stderr.
#[allow(dead_code)]
pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// The bundled blueprints (`blueprints/*.yaml`), sorted.
#[allow(dead_code)]
pub fn bundled_blueprints() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("blueprints"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "yaml"))
        .collect();
    v.sort();
    v
}
