//! The YAML files a command reads: files named on the command line, and the `*.yaml` and
//! `*.yml` files of folders named there (or of the command's default folder).

use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use std::path::{Path, PathBuf};

/// The files named by `paths` (files, or folders whose `*.yaml`/`*.yml` files are taken,
/// sorted within each folder); `default` when `paths` is empty. A path that does not exist is
/// an error whose help is `help`.
pub(super) fn yaml_files(
    paths: &[PathBuf],
    default: &str,
    help: &str,
) -> Result<Vec<PathBuf>, Diagnostic> {
    let default = [PathBuf::from(default)];
    let paths = if paths.is_empty() {
        &default[..]
    } else {
        paths
    };
    let mut files = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut found: Vec<PathBuf> = std::fs::read_dir(p)
                .map_err(|e| io_diag(p, &e))?
                .filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|f| {
                    f.is_file()
                        && matches!(f.extension().and_then(|x| x.to_str()), Some("yaml" | "yml"))
                })
                .collect();
            found.sort();
            files.extend(found);
        } else if p.is_file() {
            files.push(p.clone());
        } else {
            return Err(
                Diagnostic::error(codes::IO, format!("{} does not exist", p.display())).help(help),
            );
        }
    }
    Ok(files)
}

/// The error that `p` cannot be read.
pub(super) fn io_diag(p: &Path, e: &std::io::Error) -> Diagnostic {
    Diagnostic::error(codes::IO, format!("cannot read {}: {e}", p.display())).at(Location::new(
        p.display().to_string(),
        0,
        0,
    ))
}
