//! Writing one file of a bundle when the output folder may already hold it: the bytes are
//! compared with the file in place while they match it, and written into the staging folder
//! only from the first difference on (with the equal prefix copied over). Synthesizing
//! unchanged blueprints again then creates, renames and deletes nothing, and a file written
//! as it was keeps its modification time.

use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::Path;

/// How many bytes of the file in place are read at a time.
const CHUNK: usize = 64 * 1024;

/// What became of a file once all its bytes were given.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// The file in place holds exactly these bytes; nothing was written.
    Same,
    /// The bytes were written into the staging folder.
    Written,
}

/// Where the bytes go.
enum Target {
    /// Compared with `old`, whose first `seen` bytes matched.
    Comparing {
        old: File,
        seen: u64,
        scratch: Vec<u8>,
    },
    /// No file in place: the new file is created with the first bytes.
    Fresh,
    /// Written to the new file.
    Writing(File),
}

/// A writer comparing with the file in place and writing `new` from the first difference.
pub struct Compare<'a> {
    new: &'a Path,
    /// Creates the folder `new` goes in, the first time a file differs.
    prepare: &'a dyn Fn() -> io::Result<()>,
    target: Target,
}

impl<'a> Compare<'a> {
    /// A writer of file `new`, compared with `old` when it is a regular file that can be
    /// read; `prepare` is called before `new` is created.
    pub fn new(old: &Path, new: &'a Path, prepare: &'a dyn Fn() -> io::Result<()>) -> Self {
        // Only a regular file is compared (a link in its place is replaced by the file).
        let regular = std::fs::symlink_metadata(old).is_ok_and(|m| m.file_type().is_file());
        let target = match File::open(old).ok().filter(|_| regular) {
            Some(old) => Target::Comparing {
                old,
                seen: 0,
                scratch: Vec::new(),
            },
            None => Target::Fresh,
        };
        Compare {
            new,
            prepare,
            target,
        }
    }

    /// Creates the new file, with the bytes that matched so far copied from the file in place.
    fn start_writing(&mut self) -> io::Result<&mut File> {
        (self.prepare)()?;
        let mut file = File::create(self.new)?;
        if let Target::Comparing { old, seen, .. } = &mut self.target
            && *seen > 0
        {
            old.seek(SeekFrom::Start(0))?;
            let copied = io::copy(&mut old.take(*seen), &mut file)?;
            if copied != *seen {
                return Err(io::Error::new(
                    io::ErrorKind::UnexpectedEof,
                    "the file in place shrank while it was compared",
                ));
            }
        }
        self.target = Target::Writing(file);
        let Target::Writing(f) = &mut self.target else {
            unreachable!("set just above")
        };
        Ok(f)
    }

    /// Ends the file: the outcome, once every byte was given.
    pub fn finish(mut self) -> io::Result<Outcome> {
        match &mut self.target {
            Target::Comparing { old, scratch, .. } => {
                if matches!(read_up_to(old, scratch, 1), Ok(0)) {
                    return Ok(Outcome::Same);
                }
                self.start_writing()?.flush()?;
            }
            Target::Fresh => {
                self.start_writing()?;
            }
            Target::Writing(f) => f.flush()?,
        }
        Ok(Outcome::Written)
    }

    /// Compares `buf` with the next bytes of the file in place; whether all matched.
    fn matches(old: &mut File, scratch: &mut Vec<u8>, buf: &[u8]) -> bool {
        let mut rest = buf;
        while !rest.is_empty() {
            let n = rest.len().min(CHUNK);
            match read_up_to(old, scratch, n) {
                Ok(got) if got == n && scratch[..] == rest[..n] => rest = &rest[n..],
                _ => return false,
            }
        }
        true
    }
}

impl Write for Compare<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.write_all(buf).map(|()| buf.len())
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match &mut self.target {
            Target::Writing(f) => f.write_all(buf),
            Target::Comparing { old, seen, scratch } => {
                if Self::matches(old, scratch, buf) {
                    *seen += buf.len() as u64;
                    Ok(())
                } else {
                    self.start_writing()?.write_all(buf)
                }
            }
            Target::Fresh => self.start_writing()?.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match &mut self.target {
            Target::Writing(f) => f.flush(),
            Target::Comparing { .. } | Target::Fresh => Ok(()),
        }
    }
}

/// Reads the next `n` bytes of `f` into `scratch` (fewer where the file ends); how many.
fn read_up_to(f: &mut File, scratch: &mut Vec<u8>, n: usize) -> io::Result<usize> {
    scratch.clear();
    f.take(n as u64).read_to_end(scratch)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Writes `pieces` as file `n` of a scratch folder holding `old` (when given) as file `o`;
    /// the outcome, the new file's bytes (if made) and whether the folder was prepared.
    fn run(old: Option<&[u8]>, pieces: &[&[u8]]) -> (Outcome, Option<Vec<u8>>, bool) {
        let dir = std::env::temp_dir().join(format!(
            "gatewright-compare-{}-{}",
            std::process::id(),
            std::thread::current()
                .name()
                .unwrap_or("t")
                .replace("::", "-")
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let (o, n) = (dir.join("o"), dir.join("n"));
        if let Some(old) = old {
            std::fs::write(&o, old).unwrap();
        }
        let prepared = std::cell::Cell::new(false);
        let prepare = || {
            prepared.set(true);
            Ok(())
        };
        let mut w = Compare::new(&o, &n, &prepare);
        for p in pieces {
            w.write_all(p).unwrap();
        }
        let outcome = w.finish().unwrap();
        let written = std::fs::read(&n).ok();
        let _ = std::fs::remove_dir_all(&dir);
        (outcome, written, prepared.get())
    }

    #[test]
    fn the_same_bytes_write_nothing() {
        assert_eq!(
            run(Some(b"abcdef"), &[b"ab", b"", b"cdef"]),
            (Outcome::Same, None, false)
        );
        assert_eq!(run(Some(b""), &[]), (Outcome::Same, None, false));
    }

    #[test]
    fn any_difference_writes_every_byte() {
        let written = |bytes: &[u8]| (Outcome::Written, Some(bytes.to_vec()), true);
        // Different in the middle, after a matching piece.
        assert_eq!(
            run(Some(b"abcdef"), &[b"ab", b"cX", b"ef"]),
            written(b"abcXef")
        );
        // Longer and shorter than the file in place.
        assert_eq!(run(Some(b"abc"), &[b"abc", b"d"]), written(b"abcd"));
        assert_eq!(run(Some(b"abcd"), &[b"ab", b"c"]), written(b"abc"));
        assert_eq!(run(Some(b"abc"), &[]), written(b""));
        // Nothing in place.
        assert_eq!(run(None, &[b"ab", b"c"]), written(b"abc"));
        assert_eq!(run(None, &[]), written(b""));
    }

    #[test]
    fn pieces_larger_than_a_chunk_are_compared_whole() {
        let big: Vec<u8> = (0..3 * CHUNK + 7).map(|i| (i % 251) as u8).collect();
        assert_eq!(run(Some(&big), &[&big]), (Outcome::Same, None, false));
        let mut other = big.clone();
        other[2 * CHUNK + 3] ^= 1;
        assert_eq!(
            run(Some(&big), &[&other[..10], &other[10..]]),
            (Outcome::Written, Some(other), true)
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_in_place_is_replaced_by_the_file() {
        let dir =
            std::env::temp_dir().join(format!("gatewright-compare-link-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let (target, o, n) = (dir.join("t"), dir.join("o"), dir.join("n"));
        std::fs::write(&target, b"abc").unwrap();
        std::os::unix::fs::symlink(&target, &o).unwrap();
        let prepare = || Ok(());
        let mut w = Compare::new(&o, &n, &prepare);
        w.write_all(b"abc").unwrap();
        assert_eq!(w.finish().unwrap(), Outcome::Written);
        assert_eq!(std::fs::read(&n).unwrap(), b"abc");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
