//! Helpers shared by the integration tests (`mod common;` in each test file).

pub mod cli;
pub mod iam;
pub mod lowering;
pub mod rng;

use std::path::PathBuf;

/// True when `GATEWRIGHT_REQUIRE_EXTERNAL=1`: a missing external tool or file is then
/// a failure, not a skip (CI sets it).
#[allow(dead_code)]
pub fn require_external() -> bool {
    std::env::var("GATEWRIGHT_REQUIRE_EXTERNAL").is_ok_and(|v| v == "1")
}

/// Reports a skipped check on stderr as `SKIPPED: {reason}`, or panics with the
/// reason when external tools are required. Writes to the stderr handle itself, not
/// through `eprintln!`, so the line shows even though libtest captures test output.
#[allow(dead_code)]
pub fn skip(reason: &str) {
    if require_external() {
        panic!("GATEWRIGHT_REQUIRE_EXTERNAL=1 but {reason}");
    }
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "SKIPPED: {reason}");
}

/// `rel` resolved against the crate root (`CARGO_MANIFEST_DIR`), if it exists.
#[allow(dead_code)]
pub fn external_file(rel: &str) -> Option<PathBuf> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(rel);
    path.exists().then_some(path)
}

/// An executable named `name`: `<crate root>/.venv/bin/<name>` first, then PATH.
#[allow(dead_code)]
pub fn find_tool(name: &str) -> Option<PathBuf> {
    let venv = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join(".venv/bin");
    std::iter::once(venv)
        .chain(
            std::env::var_os("PATH")
                .iter()
                .flat_map(std::env::split_paths),
        )
        .filter(|dir| !dir.as_os_str().is_empty())
        .map(|dir| dir.join(name))
        .find(|path| is_executable(path))
}

fn is_executable(path: &std::path::Path) -> bool {
    let Ok(meta) = std::fs::metadata(path) else {
        return false;
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        meta.is_file() && meta.permissions().mode() & 0o111 != 0
    }
    #[cfg(not(unix))]
    {
        meta.is_file()
    }
}

/// `terraform validate` of one `main.tf.json` (its text), through `scripts/terraform-judge.sh`
/// in a scratch folder named by `label`; skipped (or failed under CI) when terraform or its
/// provider mirror is missing.
#[allow(dead_code)]
pub fn terraform_validate(label: &str, main_tf: &str) {
    if find_tool("terraform").is_none() || !std::path::Path::new("/opt/tf-plugins").exists() {
        skip("terraform or its provider mirror (/opt/tf-plugins) is not installed");
        return;
    }
    let out = std::env::temp_dir().join(format!("gw-tf-{}-{label}", std::process::id()));
    let dir = out.join(label);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("main.tf.json"), main_tf).unwrap();
    let script = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scripts/terraform-judge.sh");
    let run = std::process::Command::new(script)
        .env("GATEWRIGHT_OUT_DIR", &out)
        .output()
        .unwrap();
    let _ = std::fs::remove_dir_all(&out);
    let said = format!(
        "{}{}",
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(run.status.success() && said.contains("1 valid"), "{said}");
}
