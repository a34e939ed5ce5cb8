//! The hidden folders synth stages a bundle in (`.<stem>.tmp-<pid>` while it is written,
//! `.<stem>.old-<pid>` for the folder it replaces), and the clean-up of those a killed run left.

use std::fs;
use std::path::{Path, PathBuf};

/// What a staging folder is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The new folder being written.
    New,
    /// The previous folder, moved aside until the new one is in place.
    Old,
}

impl Kind {
    fn word(self) -> &'static str {
        match self {
            Kind::New => "tmp",
            Kind::Old => "old",
        }
    }
}

/// The staging folder of `stem` for this process.
pub fn path(out: &Path, stem: &str, kind: Kind) -> PathBuf {
    out.join(format!(".{stem}.{}-{}", kind.word(), std::process::id()))
}

/// A staging folder found in the output folder: whose bundle, what for, and which run made it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Staged {
    /// Its path.
    pub path: PathBuf,
    /// The bundle (blueprint stem) it stages.
    pub stem: String,
    /// New or old.
    pub kind: Kind,
    /// The process id of the synth run that made it.
    pub pid: u32,
}

/// Reads a folder name as a staging folder's, if it is one.
fn parse(name: &str) -> Option<(String, Kind, u32)> {
    let rest = name.strip_prefix('.')?;
    let (head, pid) = rest.rsplit_once('-')?;
    let pid: u32 = pid.parse().ok()?;
    let (stem, word) = head.rsplit_once('.')?;
    let kind = match word {
        "tmp" => Kind::New,
        "old" => Kind::Old,
        _ => return None,
    };
    (!stem.is_empty()).then(|| (stem.to_string(), kind, pid))
}

/// Staging folders in `out` whose run is over (its process is gone, or it is this process,
/// which is between bundles when it asks): a synth killed while writing left them.
pub fn stale(out: &Path) -> Vec<Staged> {
    let Ok(entries) = fs::read_dir(out) else {
        return Vec::new();
    };
    let mut found: Vec<Staged> = entries
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let (stem, kind, pid) = parse(&name)?;
            Some(Staged {
                path: e.path(),
                stem,
                kind,
                pid,
            })
        })
        .filter(|s| s.pid == std::process::id() || !running(s.pid))
        .collect();
    found.sort_by(|a, b| a.path.cmp(&b.path));
    found
}

/// Removes the staging folders a killed run left in `out`, except `keep` (this run's own,
/// written and about to be swapped in). A run killed between its two renames left the
/// previous folder aside and none in its place: that folder is put back, so `out/` is as it
/// was before that run. Returns what could not be cleaned.
pub fn clean(out: &Path, keep: &[PathBuf]) -> Vec<(PathBuf, std::io::Error)> {
    let mut failed = Vec::new();
    for s in stale(out).into_iter().filter(|s| !keep.contains(&s.path)) {
        let home = out.join(&s.stem);
        let result = if s.kind == Kind::Old && !home.exists() {
            fs::rename(&s.path, &home)
        } else {
            fs::remove_dir_all(&s.path)
        };
        if let Err(e) = result {
            failed.push((s.path, e));
        }
    }
    failed
}

/// Whether a process with this id is running. Where the system cannot say, the answer is
/// yes, so a running synth never loses its staging folder.
fn running(pid: u32) -> bool {
    let proc_root = Path::new("/proc");
    if proc_root.join("self").exists() {
        return proc_root.join(pid.to_string()).exists();
    }
    #[cfg(unix)]
    {
        std::process::Command::new("kill")
            .args(["-0", &pid.to_string()])
            .stderr(std::process::Stdio::null())
            .status()
            .map_or(true, |s| s.success())
    }
    #[cfg(not(unix))]
    {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_read_back() {
        assert_eq!(
            parse(".s3-proxy.tmp-42"),
            Some(("s3-proxy".into(), Kind::New, 42))
        );
        assert_eq!(parse(".a.b.old-7"), Some(("a.b".into(), Kind::Old, 7)));
        assert_eq!(parse(".s3-proxy"), None);
        assert_eq!(parse("s3-proxy.tmp-1"), None);
        assert_eq!(parse("..tmp-1"), None);
        assert_eq!(parse(".x.new-1"), None);
        assert_eq!(parse(".x.tmp-abc"), None);
    }

    #[test]
    fn this_process_is_running() {
        assert!(running(std::process::id()));
    }
}
