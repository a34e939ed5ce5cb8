//! Blueprint source text: finding where a key sits (for located diagnostics) and drawing the
//! caret snippet under a line.
//!
//! Lookups go through an index built once per source on first use (line starts, and every
//! place a key can end before a `:`), so reporting thousands of findings on a large
//! blueprint stays linear instead of rescanning the text for each one.

use std::fmt;
use std::sync::OnceLock;

/// A blueprint's text and the name it is reported under.
#[derive(Clone)]
pub struct Source {
    /// Path as the user named it.
    pub file: String,
    /// The whole text. Locating builds an index of it on first use; a text changed after that
    /// is located by scanning, as if there were no index.
    pub text: String,
    index: OnceLock<Index>,
}

impl fmt::Debug for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Source")
            .field("file", &self.file)
            .field("text", &self.text)
            .finish_non_exhaustive()
    }
}

impl Source {
    /// A source named `file` holding `text`.
    pub fn new(file: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            file: file.into(),
            text: text.into(),
            index: OnceLock::new(),
        }
    }

    /// The 1-based line and column of the last key of `path` (`["routes", "GET /", "auth"]`),
    /// found key by key, each after the previous one; the deepest key found when a later one
    /// is missing. Works for block and flow mappings as blueprints write them.
    pub fn locate(&self, path: &[&str]) -> Option<(usize, usize)> {
        let mut from = 0usize;
        let mut found = None;
        for key in path {
            match self.find_key(key, from) {
                Some(pos) => {
                    found = Some(pos);
                    from = pos + key.len();
                }
                None => break,
            }
        }
        found.map(|pos| self.line_col(pos))
    }

    /// The byte offset of the first place at or after byte `from` where `key` is written as a
    /// mapping key (plain or quoted, followed by `:`): the offset of the key or of its opening
    /// quote.
    pub fn find_key(&self, key: &str, from: usize) -> Option<usize> {
        match self.index() {
            Some(index) if Index::indexable(key) => index.find_key(&self.text, key, from),
            _ => find_key(&self.text, key, from),
        }
    }

    /// 1-based line and column (in characters) of byte offset `pos` (clamped to the text).
    pub fn line_col(&self, pos: usize) -> (usize, usize) {
        let Some(index) = self.index() else {
            return line_col(&self.text, pos);
        };
        let pos = floor_char_boundary(&self.text, pos);
        let line = index.line_starts.partition_point(|&s| s <= pos);
        let start = index.line_starts[line - 1];
        (line, self.text[start..pos].chars().count() + 1)
    }

    /// The byte offset of 1-based `line` and `column` (in characters), clamped to the line.
    pub fn offset(&self, line: usize, column: usize) -> usize {
        let Some(text) = self.line_text(line) else {
            return self.text.len();
        };
        let start = text.as_ptr() as usize - self.text.as_ptr() as usize;
        start
            + text
                .char_indices()
                .nth(column.saturating_sub(1))
                .map_or(text.len(), |(i, _)| i)
    }

    /// The line `line` (1-based) with a caret under `column`, indented for a diagnostic.
    pub fn snippet(&self, line: usize, column: usize) -> Option<String> {
        let text = self.line_text(line)?;
        if text.len() > 300 {
            return None;
        }
        let width = line.to_string().len();
        let pad = " ".repeat(width);
        let caret_at: usize = text
            .chars()
            .take(column.saturating_sub(1))
            .map(|c| if c == '\t' { 4 } else { 1 })
            .sum();
        let shown = text.replace('\t', "    ");
        Some(format!(
            "{pad} |\n{line} | {shown}\n{pad} | {}^",
            " ".repeat(caret_at)
        ))
    }

    /// Line `line` (1-based) without its line ending, as [`str::lines`] yields it.
    fn line_text(&self, line: usize) -> Option<&str> {
        let Some(index) = self.index() else {
            return self.text.lines().nth(line.checked_sub(1)?);
        };
        let start = *index.line_starts.get(line.checked_sub(1)?)?;
        if start >= self.text.len() {
            return None;
        }
        let text = match index.line_starts.get(line) {
            Some(&next) => {
                let l = &self.text[start..next - 1];
                l.strip_suffix('\r').unwrap_or(l)
            }
            None => &self.text[start..],
        };
        Some(text)
    }

    /// The index of the text, built on first use; `None` when the text changed since.
    fn index(&self) -> Option<&Index> {
        let index = self.index.get_or_init(|| Index::build(&self.text));
        (index.len == self.text.len()).then_some(index)
    }
}

/// Where each line starts, and every place in the text where a key can end before a `:`, so
/// that [`Source::find_key`] answers with a binary search instead of a scan.
#[derive(Debug, Clone, Default)]
struct Index {
    /// Length of the text indexed.
    len: usize,
    /// Byte offset of the start of each line; the first is 0.
    line_starts: Vec<usize>,
    /// Every candidate key, sorted.
    keys: Vec<KeyAt>,
}

/// A run of text that [`find_key`] would accept as a key: its hash and length, where it
/// starts, and where it is reported (its opening quote, when quoted).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct KeyAt {
    hash: u64,
    len: usize,
    pos: usize,
    start: usize,
}

/// The modulus of the key hash, the Mersenne prime 2^61 - 1.
const HASH_MOD: u64 = (1 << 61) - 1;

/// One step of the key hash, which reads a key from its last byte to its first.
fn hash_step(h: u64, byte: u8) -> u64 {
    let x = u128::from(h) * 0x1f3d_5b79_a3c4_e8d1 + u128::from(byte) + 1;
    let folded = (x & u128::from(HASH_MOD)) + (x >> 61);
    let folded = (folded & u128::from(HASH_MOD)) + (folded >> 61);
    let h = folded as u64;
    if h >= HASH_MOD { h - HASH_MOD } else { h }
}

fn is_boundary(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'{' | b',' | b'-')
}

fn is_quote(b: u8) -> bool {
    matches!(b, b'"' | b'\'')
}

impl Index {
    /// Keys the index answers for; others (empty, holding `:` or a line break, starting with a
    /// blank) are searched by scanning.
    fn indexable(key: &str) -> bool {
        !key.is_empty() && !key.contains([':', '\n']) && !key.starts_with([' ', '\t'])
    }

    /// Indexes `text` in one pass: each `:` is followed back to the previous `:` or line break,
    /// once for a plain key right before it and once for a quoted key one byte before it.
    fn build(text: &str) -> Index {
        let b = text.as_bytes();
        let mut line_starts = vec![0];
        let mut keys = Vec::new();
        for (i, &byte) in b.iter().enumerate() {
            match byte {
                b'\n' => line_starts.push(i + 1),
                b':' => {
                    Index::scan(b, i, false, &mut keys);
                    if i >= 1 && b[i - 1].is_ascii() {
                        Index::scan(b, i - 1, true, &mut keys);
                    }
                }
                _ => {}
            }
        }
        keys.sort_unstable();
        Index {
            len: text.len(),
            line_starts,
            keys,
        }
    }

    /// Records every key that ends at `end`: plain keys after a boundary character, quoted ones
    /// after a quote that follows one.
    fn scan(b: &[u8], end: usize, quoted: bool, keys: &mut Vec<KeyAt>) {
        let mut hash = 0;
        let mut p = end;
        while p > 0 && !matches!(b[p - 1], b':' | b'\n') {
            p -= 1;
            hash = hash_step(hash, b[p]);
            if matches!(b[p], b' ' | b'\t') {
                continue;
            }
            let start = if quoted {
                let opens = p >= 1 && is_quote(b[p - 1]) && (p == 1 || is_boundary(b[p - 2]));
                if !opens {
                    continue;
                }
                p - 1
            } else {
                if p > 0 && !is_boundary(b[p - 1]) {
                    continue;
                }
                p
            };
            keys.push(KeyAt {
                hash,
                len: end - p,
                pos: p,
                start,
            });
        }
    }

    /// The first key `key` whose text starts at or after `from`.
    fn find_key(&self, text: &str, key: &str, from: usize) -> Option<usize> {
        let hash = key.bytes().rev().fold(0, hash_step);
        let len = key.len();
        let first = self
            .keys
            .partition_point(|k| (k.hash, k.len, k.pos) < (hash, len, from));
        self.keys[first..]
            .iter()
            .take_while(|k| k.hash == hash && k.len == len)
            .find(|k| text.as_bytes().get(k.pos..k.pos + len) == Some(key.as_bytes()))
            .map(|k| k.start)
    }
}

/// The largest char boundary of `text` at or before `pos`.
fn floor_char_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

fn find_key(text: &str, key: &str, from: usize) -> Option<usize> {
    let mut start = from;
    while let Some(rel) = text.get(start..)?.find(key) {
        let pos = start + rel;
        let before = text[..pos].chars().next_back();
        let quoted = matches!(before, Some('"' | '\''));
        let key_start = if quoted { pos - 1 } else { pos };
        let prev = text[..key_start].chars().next_back();
        let after = &text[pos + key.len()..];
        let after = if quoted {
            after.get(1..).unwrap_or("")
        } else {
            after
        };
        let boundary_before = matches!(prev, None | Some(' ' | '\t' | '\n' | '{' | ',' | '-'));
        if boundary_before && after.starts_with(':') {
            return Some(key_start);
        }
        start = pos + key.len().max(1);
    }
    None
}

/// 1-based line and column (in characters) of byte offset `pos` (clamped to the text and to
/// the char it falls in). Scans the text; [`Source::line_col`] uses the index.
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let before = &text[..floor_char_boundary(text, pos)];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locates_nested_keys_in_block_and_flow_style() {
        let s = Source::new(
            "b.yaml",
            "api: x\nroutes:\n  GET /:  { s3.list_buckets: {} }\n  PUT /{f}:\n    s3.create_bucket:\n      bucket: \"{f}\"\n",
        );
        assert_eq!(s.locate(&["routes"]), Some((2, 1)));
        assert_eq!(
            s.locate(&["routes", "GET /", "s3.list_buckets"]),
            Some((3, 13))
        );
        assert_eq!(
            s.locate(&["routes", "PUT /{f}", "s3.create_bucket", "bucket"]),
            Some((6, 7))
        );
        assert_eq!(s.locate(&["routes", "PUT /{f}", "nope"]), Some((4, 3)));
        assert_eq!(s.snippet(4, 3).unwrap(), "  |\n4 |   PUT /{f}:\n  |   ^");
    }

    #[test]
    fn index_agrees_with_scanning() {
        let texts = [
            include_str!("../blueprints/s3-proxy.yaml"),
            include_str!("../blueprints/generic-aws.yaml"),
            "a: 1\n'b': 2\n\"c\" : 3\n{d: 4, 'e':5, f :6}\n- g: 7\n  -h: 8\nx y: 9\n\"i\"x:\n",
            "é: 1\n  ü'k': 2\n'é':3\n:a:b::c\n\n  \t k: 'v: w'\n-'q\":1",
        ];
        let keys = [
            "a",
            "b",
            "c",
            "d",
            "e",
            "f",
            "g",
            "h",
            "i",
            "k",
            "q",
            "y",
            "x y",
            "é",
            "ü'k'",
            "routes",
            "GET /",
            "s3.get_object",
            "bucket",
            "key",
            "api",
            "iam",
            "actions",
            "v",
            "GET /{folder}/{item}",
            "resources",
            "\"q",
            "'k'",
        ];
        for text in texts {
            let src = Source::new("t.yaml", text);
            for key in keys {
                for from in (0..=text.len()).filter(|&i| text.is_char_boundary(i)) {
                    assert_eq!(
                        src.find_key(key, from),
                        find_key(text, key, from),
                        "{key:?} from {from} in {text:?}"
                    );
                }
            }
            for pos in 0..=text.len() + 2 {
                assert_eq!(src.line_col(pos), line_col(text, pos), "{pos} in {text:?}");
            }
            for line in 0..text.lines().count() + 3 {
                assert_eq!(src.line_text(line), text.lines().nth(line.wrapping_sub(1)));
            }
        }
    }

    #[test]
    fn locating_many_keys_stays_fast() {
        let mut text = String::from("api: x\nroutes:\n");
        for i in 0..20_000 {
            text.push_str(&format!(
                "  GET /r{i}/{{f}}:\n    s3.list_objects: {{ bucket: x }}\n"
            ));
        }
        let src = Source::new("big.yaml", text);
        let started = std::time::Instant::now();
        for i in (0..20_000).rev() {
            let key = format!("GET /r{i}/{{f}}");
            let (line, _) = src
                .locate(&["routes", &key, "s3.list_objects", "bucket"])
                .unwrap();
            assert_eq!(line, 4 + 2 * i);
        }
        assert!(started.elapsed().as_secs() < 10, "{:?}", started.elapsed());
    }
}
