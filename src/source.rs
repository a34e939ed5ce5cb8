//! Blueprint source text: finding where a key sits (for located diagnostics) and drawing the
//! caret snippet under a line.

/// A blueprint's text and the name it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    /// Path as the user named it.
    pub file: String,
    /// The whole text.
    pub text: String,
}

impl Source {
    /// A source named `file` holding `text`.
    pub fn new(file: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            file: file.into(),
            text: text.into(),
        }
    }

    /// The 1-based line and column of the last key of `path` (`["routes", "GET /", "auth"]`),
    /// found key by key, each after the previous one; the deepest key found when a later one
    /// is missing. Works for block and flow mappings as blueprints write them.
    pub fn locate(&self, path: &[&str]) -> Option<(usize, usize)> {
        let mut from = 0usize;
        let mut found = None;
        for key in path {
            match find_key(&self.text, key, from) {
                Some(pos) => {
                    found = Some(pos);
                    from = pos + key.len();
                }
                None => break,
            }
        }
        found.map(|pos| line_col(&self.text, pos))
    }

    /// The line `line` (1-based) with a caret under `column`, indented for a diagnostic.
    pub fn snippet(&self, line: usize, column: usize) -> Option<String> {
        let text = self.text.lines().nth(line.checked_sub(1)?)?;
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

/// 1-based line and column (in characters) of byte offset `pos`.
pub fn line_col(text: &str, pos: usize) -> (usize, usize) {
    let before = &text[..pos.min(text.len())];
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
}
