//! Where lines start in a text, and the conversion of the parser's character positions into
//! byte offsets, so that every span can cut its text out of the source.

/// The byte offset at which each line of a text starts; the first is 0.
#[derive(Debug, Clone, Default)]
pub struct Lines {
    starts: Vec<usize>,
    len: usize,
}

impl Lines {
    /// The line starts of `text` (lines end at `\n`).
    pub fn of(text: &str) -> Lines {
        let mut starts = vec![0];
        starts.extend(
            text.bytes()
                .enumerate()
                .filter(|(_, b)| *b == b'\n')
                .map(|(i, _)| i + 1),
        );
        Lines {
            starts,
            len: text.len(),
        }
    }

    /// 1-based line and column (in characters) of byte offset `pos` of `text`, the text these
    /// lines were made from (clamped to the text and to the character it falls in).
    pub fn line_col(&self, text: &str, pos: usize) -> (usize, usize) {
        let pos = floor_char_boundary(text, pos.min(self.len));
        let line = self.starts.partition_point(|&s| s <= pos);
        let start = self.starts[line - 1];
        (line, text[start..pos].chars().count() + 1)
    }

    /// The byte offset where 1-based `line` starts, if the text has that line.
    pub fn start(&self, line: usize) -> Option<usize> {
        self.starts.get(line.checked_sub(1)?).copied()
    }

    /// The number of lines.
    pub fn count(&self) -> usize {
        self.starts.len()
    }
}

/// The largest char boundary of `text` at or before `pos`.
pub fn floor_char_boundary(text: &str, pos: usize) -> usize {
    let mut pos = pos.min(text.len());
    while !text.is_char_boundary(pos) {
        pos -= 1;
    }
    pos
}

/// Turns character indexes into byte offsets. The parser reports positions in characters and
/// mostly in increasing order, so a cursor that walks from the last answer costs, over a whole
/// document, about one pass over the text.
pub struct CharCursor<'t> {
    text: &'t str,
    ascii: bool,
    chars: usize,
    bytes: usize,
}

impl<'t> CharCursor<'t> {
    /// A cursor at the start of `text`.
    pub fn new(text: &'t str) -> CharCursor<'t> {
        CharCursor {
            text,
            ascii: text.is_ascii(),
            chars: 0,
            bytes: 0,
        }
    }

    /// The byte offset of the character with index `chars` (the text's length past its end).
    pub fn byte(&mut self, chars: usize) -> usize {
        if self.ascii {
            return chars.min(self.text.len());
        }
        while self.chars > chars {
            self.bytes = floor_char_boundary(self.text, self.bytes - 1);
            self.chars -= 1;
        }
        while self.chars < chars {
            let Some(c) = self.text[self.bytes..].chars().next() else {
                break;
            };
            self.bytes += c.len_utf8();
            self.chars += 1;
        }
        self.bytes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_and_columns_count_characters() {
        let text = "ab\né€x\n\nz";
        let lines = Lines::of(text);
        assert_eq!(lines.count(), 4);
        assert_eq!(lines.line_col(text, 0), (1, 1));
        assert_eq!(lines.line_col(text, 3), (2, 1));
        assert_eq!(lines.line_col(text, 8), (2, 3));
        assert_eq!(lines.line_col(text, 9), (2, 4));
        assert_eq!(lines.line_col(text, 11), (4, 1));
        assert_eq!(lines.line_col(text, 99), (4, 2));
        assert_eq!(lines.line_col(text, 4), (2, 1), "inside `é`");
    }

    #[test]
    fn cursor_walks_both_ways() {
        let text = "aé€b";
        let mut c = CharCursor::new(text);
        assert_eq!(c.byte(3), 6);
        assert_eq!(c.byte(1), 1);
        assert_eq!(c.byte(2), 3);
        assert_eq!(c.byte(4), 7);
        assert_eq!(c.byte(9), 7);
    }
}
