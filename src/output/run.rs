//! One synth run's writing: each blueprint's files go into its staging folder the moment they
//! are generated (and checked), so a large API's outputs never all sit in memory at once. The
//! folders are swapped into place only when every blueprint succeeded, and removed otherwise,
//! so a failed run leaves the output folder as it was. A blueprint whose files are all as
//! they are in place (compared as they are generated, see [`super::compare`]) is left alone:
//! nothing is created, renamed or deleted for it.

use super::compare::{Compare, Outcome};
use super::io_error;
use super::staging::{self, Kind};
use crate::diagnostic::Diagnostic;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, MutexGuard};

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

/// A bundle's folder once the run is committed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Committed {
    /// `out/<stem>/`.
    pub dir: PathBuf,
    /// Whether it was written; else every file was already there, byte for byte, and the
    /// folder held nothing else.
    pub changed: bool,
}

/// The staging folder of one blueprint, being written. Blueprints are synthesized on several
/// threads, each writing its own folder, and a large blueprint's documents on several
/// threads too, so a stage is written through a shared reference.
#[derive(Debug)]
pub struct Stage {
    stem: String,
    tmp: PathBuf,
    /// The folder in place, `out/<stem>/`, whose files the new ones are compared with.
    home: PathBuf,
    /// Whether writing a file failed.
    failed: AtomicBool,
    progress: Mutex<Progress>,
}

/// What a stage knows of its files so far.
#[derive(Debug, Default)]
struct Progress {
    /// Whether the staging folder was made (a file differs from the one in place), so the
    /// folder is swapped in when the run is committed.
    staged: bool,
    /// Files found as they are in place and not in the staging folder (yet).
    same: Vec<&'static str>,
    /// Every file given.
    names: Vec<&'static str>,
}

impl Stage {
    fn progress(&self) -> MutexGuard<'_, Progress> {
        self.progress.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Makes the staging folder, the first time a file differs, with a link to each file
    /// found as it is in place so far (a copy where the file system has no links).
    fn make_staged(&self) -> std::io::Result<()> {
        let mut p = self.progress();
        if !p.staged {
            // A folder of that name can only be one a killed run of the same process id left.
            let _ = fs::remove_dir_all(&self.tmp);
            fs::create_dir_all(&self.tmp)?;
            for name in std::mem::take(&mut p.same) {
                self.carry_over(name)?;
            }
            p.staged = true;
        }
        Ok(())
    }

    /// Puts file `name`, found as it is in place, into the staging folder.
    fn carry_over(&self, name: &str) -> std::io::Result<()> {
        let (from, to) = (self.home.join(name), self.tmp.join(name));
        fs::hard_link(&from, &to).or_else(|_| fs::copy(&from, &to).map(|_| ()))
    }

    /// Whether the folder in place holds anything besides the files given (a file this
    /// blueprint no longer generates, a folder), which a swap removes.
    fn home_has_more(&self, names: &[&str]) -> bool {
        let Ok(entries) = fs::read_dir(&self.home) else {
            return true;
        };
        entries.into_iter().any(|e| {
            e.map_or(true, |e| {
                !e.file_type().is_ok_and(|t| t.is_file())
                    || !names.iter().any(|n| e.file_name() == **n)
            })
        })
    }
}

/// Files are compared with those in place as they come; the first that differs makes the
/// staging folder, and a failed write marks the stage failed.
impl crate::synth::Sink for Stage {
    fn put(
        &self,
        name: &'static str,
        text: &dyn Fn(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let (old, new) = (self.home.join(name), self.tmp.join(name));
        let prepare = || self.make_staged();
        let mut writer = Compare::new(&old, &new, &prepare);
        let outcome = text(&mut writer).and_then(|()| writer.finish());
        let result = outcome.and_then(|outcome| {
            let mut p = self.progress();
            p.names.push(name);
            match outcome {
                Outcome::Same if p.staged => self.carry_over(name),
                Outcome::Same => {
                    p.same.push(name);
                    Ok(())
                }
                Outcome::Written => Ok(()),
            }
        });
        result.map_err(|e| {
            self.failed.store(true, Ordering::Relaxed);
            io_error(&new, "write", &e)
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

    /// Starts the stage of `stem` (creating the output folder when needed). Its staging
    /// folder is made only when a file differs from the one in place.
    pub fn stage(&mut self, stem: &str) -> Result<Stage, Diagnostic> {
        if !self.out.is_dir() {
            if let Err(e) = fs::create_dir_all(&self.out) {
                self.io_failed = true;
                return Err(io_error(&self.out, "create", &e));
            }
            self.created_out = true;
        }
        Ok(Stage {
            stem: stem.to_string(),
            tmp: staging::path(&self.out, stem, Kind::New),
            home: self.out.join(stem),
            failed: AtomicBool::new(false),
            progress: Mutex::default(),
        })
    }

    /// Ends a blueprint's stage: kept for [`Run::commit`] when every file of the blueprint
    /// was `written`, else removed (the blueprint failed). A stage whose files were all as
    /// they are in place is staged after all when the folder in place holds anything else,
    /// so that the swap removes it; the error is that staging's.
    pub fn finish(&mut self, stage: Stage, written: bool) -> Result<(), Diagnostic> {
        if stage.failed.load(Ordering::Relaxed) {
            self.io_failed = true;
        }
        if !written {
            let _ = fs::remove_dir_all(&stage.tmp);
            return Ok(());
        }
        let unstaged = {
            let p = stage.progress();
            !p.staged && stage.home_has_more(&p.names)
        };
        if unstaged && let Err(e) = stage.make_staged() {
            self.io_failed = true;
            let _ = fs::remove_dir_all(&stage.tmp);
            return Err(io_error(&stage.tmp, "write", &e));
        }
        self.kept.push(stage);
        Ok(())
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

    /// Swaps every kept folder that changed into `out/<stem>/` with renames, so a reader never
    /// sees half a folder and files no longer generated disappear. Staging folders an earlier,
    /// killed run left are cleaned first (see [`staging::clean`]). Returns every kept folder,
    /// and whether it was written.
    pub fn commit(self) -> Result<Vec<Committed>, Diagnostic> {
        let ours: Vec<PathBuf> = self.kept.iter().map(|s| s.tmp.clone()).collect();
        if let Some((p, e)) = staging::clean(&self.out, &ours).into_iter().next() {
            let d = io_error(&p, "remove the staging folder", &e);
            self.abandon();
            return Err(d);
        }
        let mut committed = Vec::new();
        let mut kept = self.kept.iter();
        for s in kept.by_ref() {
            let dir = self.out.join(&s.stem);
            if !s.progress().staged {
                committed.push(Committed {
                    dir,
                    changed: false,
                });
                continue;
            }
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
            committed.push(Committed { dir, changed: true });
        }
        Ok(committed)
    }
}
