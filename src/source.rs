//! Blueprint source text: where a key sits (for located diagnostics), answered from the
//! positions the loader recorded, and the caret snippet under a line.

use crate::load::text::{Lines, floor_char_boundary};
use crate::load::{Loaded, NodeId};
use std::fmt;
use std::sync::OnceLock;

/// A blueprint's text and the name it is reported under.
#[derive(Clone)]
pub struct Source {
    /// Path as the user named it.
    pub file: String,
    /// The whole text. Positions are computed from it on first use; change it only before.
    pub text: String,
    lines: OnceLock<Lines>,
    loaded: OnceLock<Option<Loaded>>,
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
            lines: OnceLock::new(),
            loaded: OnceLock::new(),
        }
    }

    /// Keeps the loaded blueprint, so that [`locate`](Self::locate) answers without loading
    /// the text again.
    pub fn keep(&self, loaded: Loaded) {
        let _ = self.loaded.set(Some(loaded));
    }

    /// The loaded text (loaded on first use; `None` when it does not load).
    pub fn loaded(&self) -> Option<&Loaded> {
        self.loaded
            .get_or_init(|| crate::load::yaml(&self.text, &crate::blueprint::load_options()).ok())
            .as_ref()
    }

    /// The 1-based line and column of the last key of `path` (`["routes", "GET /", "auth"]`);
    /// the deepest key found when a later one is missing (the root's first line when none is).
    pub fn locate(&self, path: &[&str]) -> Option<(usize, usize)> {
        let loaded = self.loaded()?;
        let spans = &loaded.spans;
        let mut node: NodeId = spans.root()?;
        let mut found = None;
        for key in path {
            let child = spans.member_by_key(node, key).or_else(|| {
                key.parse::<usize>()
                    .ok()
                    .and_then(|i| spans.element(node, i))
            });
            match child {
                Some(child) => {
                    node = child;
                    found = Some(child);
                }
                None => break,
            }
        }
        let span = match found {
            Some(id) => spans.place(id),
            None => spans.node(spans.root()?).value,
        };
        Some((span.line, span.column))
    }

    fn lines(&self) -> &Lines {
        self.lines.get_or_init(|| Lines::of(&self.text))
    }

    /// 1-based line and column (in characters) of byte offset `pos` (clamped to the text).
    pub fn line_col(&self, pos: usize) -> (usize, usize) {
        self.lines().line_col(&self.text, pos)
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
        let lines = self.lines();
        let start = lines.start(line)?;
        if start >= self.text.len() {
            return None;
        }
        let text = match lines.start(line + 1) {
            Some(next) => {
                let l = &self.text[start..next - 1];
                l.strip_suffix('\r').unwrap_or(l)
            }
            None => &self.text[start..],
        };
        Some(text)
    }
}

/// 1-based line and column (in characters) of byte offset `pos` (clamped to the text and to
/// the char it falls in).
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
    fn line_col_agrees_with_scanning() {
        let text = "é: 1\n  ü'k': 2\r\n'é':3\n\n  \t k: 'v: w'\n-'q\":1";
        let src = Source::new("t.yaml", text);
        for pos in 0..=text.len() + 2 {
            assert_eq!(src.line_col(pos), line_col(text, pos), "{pos}");
        }
        for line in 0..text.lines().count() + 3 {
            assert_eq!(src.line_text(line), text.lines().nth(line.wrapping_sub(1)));
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
