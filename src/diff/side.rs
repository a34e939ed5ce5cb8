//! Reading one side of `diff`: a file (blueprint, OpenAPI 3.0, Swagger 2.0 or CloudFormation,
//! JSON or YAML) or `REV:PATH`, a file as git holds it at a revision.

use super::{ApiView, cloudformation, openapi};
use crate::codes::{DIFF_SIDE, IO, UNKNOWN_FORMAT};
use crate::diagnostic::{Diagnostic, Location};
use crate::source::Source;
use crate::validate::Format;
use crate::validate::document;
use std::path::Path;

/// Reads `arg` into a view. Errors are located diagnostics: the file's own (a blueprint that
/// does not lower, a document that does not parse) or why the side cannot be read.
pub fn load_side(arg: &str) -> Result<ApiView, Vec<Diagnostic>> {
    let bytes = read(arg).map_err(|d| vec![d])?;
    match document::load(arg, &bytes) {
        Ok(doc) => match doc.format {
            Format::CloudFormation => Ok(cloudformation::view(&doc.value)),
            Format::OpenApi3 | Format::Swagger2 => Ok(openapi::view(&doc.value)),
            Format::TerraformJson => Err(vec![
                Diagnostic::error(DIFF_SIDE, "Terraform JSON is not a side `diff` reads")
                    .at(Location::new(arg, 0, 0))
                    .help("compare the blueprints, or the OpenAPI documents or CloudFormation templates synth writes beside main.tf.json"),
            ]),
        },
        Err(d) if d.code == UNKNOWN_FORMAT && looks_like_blueprint(&bytes) => {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let api = crate::synth::model(&Source::new(arg, text))?;
            Ok(cloudformation::view(&crate::emit::cloudformation::template(&api)))
        }
        Err(d) => Err(vec![d.help(
            "name a blueprint (a mapping with `api` and `routes`), an OpenAPI 3.0 or Swagger 2.0 document, or a CloudFormation template",
        )]),
    }
}

/// A top-level `routes:` key (block YAML, as blueprints are written) or a `"routes"` key in
/// JSON: the blueprint loader then says precisely what else is wrong.
fn looks_like_blueprint(bytes: &[u8]) -> bool {
    String::from_utf8_lossy(bytes)
        .lines()
        .any(|l| l.starts_with("routes:") || l.trim_start().starts_with("\"routes\""))
}

/// The bytes of a file, or of `REV:PATH` as git holds it when no file has that name.
fn read(arg: &str) -> Result<Vec<u8>, Diagnostic> {
    let path = Path::new(arg);
    if path.exists() || !arg.contains(':') {
        return std::fs::read(path).map_err(|e| {
            Diagnostic::error(IO, format!("cannot read `{arg}`: {e}"))
                .at(Location::new(arg, 0, 0))
                .help("name an existing file, or REV:PATH for a file at a git revision")
        });
    }
    let out = std::process::Command::new("git")
        .args(["show", "--no-textconv", arg])
        .output()
        .map_err(|e| {
            Diagnostic::error(IO, format!("cannot run git to read `{arg}`: {e}"))
                .at(Location::new(arg, 0, 0))
                .help("install git, or name a file")
        })?;
    if !out.status.success() {
        let why = String::from_utf8_lossy(&out.stderr);
        return Err(Diagnostic::error(
            IO,
            format!("git cannot show `{arg}`: {}", why.lines().next().unwrap_or("").trim()),
        )
        .at(Location::new(arg, 0, 0))
        .help("write REV:PATH with a revision git knows and the path from the repository's root (or ./PATH from here)"));
    }
    Ok(out.stdout)
}
