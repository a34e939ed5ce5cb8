//! One synth run's writing: each blueprint's files go into its staging folder the moment they
//! are generated (and checked), so a large API's outputs never all sit in memory at once. The
//! folders are swapped into place only when every blueprint succeeded, and removed otherwise,
//! so a failed run leaves the output folder as it was.

use super::io_error;
use super::staging::{self, Kind};
use crate::diagnostic::Diagnostic;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

/// The staging folders of one run in one output folder.
#[derive(Debug)]
pub struct Run {
    out: PathBuf,
    /// Whether this run created the output folder (removed again when the run is abandoned).
    created_out: bool,
    kept: Vec<Stage>,
    /// Whether writing a file failed.
    pub io_failed: bool,
}

/// The staging folder of one blueprint, being written. Blueprints are synthesized on several
/// threads, each writing its own folder, so a stage is written through a shared reference.
#[derive(Debug)]
pub struct Stage {
    stem: String,
    tmp: PathBuf,
    /// Whether writing a file failed.
    failed: AtomicBool,
}

/// Files are written into the stage as they come; a failed write marks the stage failed.
impl crate::synth::Sink for Stage {
    fn put(
        &self,
        name: &'static str,
        text: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let p = self.tmp.join(name);
        fs::File::create(&p)
            .and_then(|mut f| text(&mut f))
            .map_err(|e| {
                self.failed.store(true, Ordering::Relaxed);
                io_error(&p, "write", &e)
            })
    }
}

impl Run {
    /// A run writing into `out`; nothing is touched on disk until the first [`Run::stage`].
    pub fn new(out: &Path) -> Run {
        Run {
            out: out.to_path_buf(),
            created_out: false,
            kept: Vec::new(),
            io_failed: false,
        }
    }

    /// Starts the staging folder of `stem` (creating the output folder when needed).
    pub fn stage(&mut self, stem: &str) -> Result<Stage, Diagnostic> {
        if !self.out.is_dir() {
            if let Err(e) = fs::create_dir_all(&self.out) {
                self.io_failed = true;
                return Err(io_error(&self.out, "create", &e));
            }
            self.created_out = true;
        }
        let tmp = staging::path(&self.out, stem, Kind::New);
        let _ = fs::remove_dir_all(&tmp);
        if let Err(e) = fs::create_dir_all(&tmp) {
            self.io_failed = true;
            return Err(io_error(&tmp, "create", &e));
        }
        Ok(Stage {
            stem: stem.to_string(),
            tmp,
            failed: AtomicBool::new(false),
        })
    }

    /// Ends a blueprint's stage: kept for [`Run::commit`] when every file of the blueprint
    /// was `written`, else removed (the blueprint failed).
    pub fn finish(&mut self, stage: Stage, written: bool) {
        if stage.failed.load(Ordering::Relaxed) {
            self.io_failed = true;
        }
        if written {
            self.kept.push(stage);
        } else {
            let _ = fs::remove_dir_all(&stage.tmp);
        }
    }

    /// Gives the run up: every staging folder is removed, and the output folder too when this
    /// run created it and it is empty again.
    pub fn abandon(self) {
        for s in &self.kept {
            let _ = fs::remove_dir_all(&s.tmp);
        }
        if self.created_out {
            let _ = fs::remove_dir(&self.out);
        }
    }

    /// Swaps every kept folder into `out/<stem>/` with renames, so a reader never sees half a
    /// folder and files no longer generated disappear. Staging folders an earlier, killed run
    /// left are cleaned first (see [`staging::clean`]). Returns the folders written.
    pub fn commit(self) -> Result<Vec<PathBuf>, Diagnostic> {
        let ours: Vec<PathBuf> = self.kept.iter().map(|s| s.tmp.clone()).collect();
        if let Some((p, e)) = staging::clean(&self.out, &ours).into_iter().next() {
            let d = io_error(&p, "remove the staging folder", &e);
            self.abandon();
            return Err(d);
        }
        let mut written = Vec::new();
        let mut kept = self.kept.iter();
        for s in kept.by_ref() {
            let dir = self.out.join(&s.stem);
            let old = staging::path(&self.out, &s.stem, Kind::Old);
            let swapped = if dir.exists() {
                fs::rename(&dir, &old).map_err(|e| io_error(&dir, "replace", &e))
            } else {
                Ok(())
            };
            let swapped = swapped.and_then(|()| {
                fs::rename(&s.tmp, &dir).map_err(|e| {
                    let _ = fs::rename(&old, &dir);
                    io_error(&dir, "replace", &e)
                })
            });
            if let Err(d) = swapped {
                let _ = fs::remove_dir_all(&s.tmp);
                for rest in kept {
                    let _ = fs::remove_dir_all(&rest.tmp);
                }
                return Err(d);
            }
            let _ = fs::remove_dir_all(&old);
            written.push(dir);
        }
        Ok(written)
    }
}
