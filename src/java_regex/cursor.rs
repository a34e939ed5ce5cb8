//! The reading position in a pattern, with Java's rules for what it skips: under the `x` flag
//! (`(?x)`, comments mode) whitespace and `#` comments are skipped wherever Java's parser skips
//! them, and only there (not inside escapes read raw).

use super::RegexError;

/// `CASE_INSENSITIVE`, `(?i)`.
pub(super) const CASE_INSENSITIVE: u32 = 1;
/// `MULTILINE`, `(?m)`.
pub(super) const MULTILINE: u32 = 1 << 1;
/// `DOTALL`, `(?s)`.
pub(super) const DOTALL: u32 = 1 << 2;
/// `UNIX_LINES`, `(?d)`.
pub(super) const UNIX_LINES: u32 = 1 << 3;
/// `UNICODE_CASE`, `(?u)`.
pub(super) const UNICODE_CASE: u32 = 1 << 4;
/// `CANON_EQ`, `(?c)`.
pub(super) const CANON_EQ: u32 = 1 << 5;
/// `COMMENTS`, `(?x)`.
pub(super) const COMMENTS: u32 = 1 << 6;
/// `UNICODE_CHARACTER_CLASS`, `(?U)`.
pub(super) const UNICODE_CHARACTER_CLASS: u32 = 1 << 7;

/// The rewritten pattern (see `quote`) and a position in it. Past the end every read yields
/// NUL, as Java's zero-terminated buffer does; a NUL inside the pattern is an ordinary
/// character, told apart by the position.
pub(super) struct Cursor {
    chars: Vec<char>,
    origin: Vec<usize>,
    /// Index of the original pattern's end, for errors found past the last character.
    end: usize,
    /// Length of the rewritten pattern.
    pub len: usize,
    /// Current position.
    pub i: usize,
    /// Active flags (`(?i)`...).
    pub flags: u32,
    /// A stand-in for the NUL just past the end, as Java's `mark` sets one while it scans
    /// for a closing `}`.
    mark: char,
}

impl Cursor {
    pub fn new(chars: Vec<char>, origin: Vec<usize>, end: usize) -> Self {
        Cursor {
            len: chars.len(),
            chars,
            origin,
            end,
            i: 0,
            flags: 0,
            mark: '\0',
        }
    }

    /// Whether flag `f` is on.
    pub fn has(&self, f: u32) -> bool {
        self.flags & f != 0
    }

    /// The character at `i`, NUL past the end.
    pub fn at(&self, i: usize) -> char {
        match i.cmp(&self.len) {
            std::cmp::Ordering::Less => self.chars[i],
            std::cmp::Ordering::Equal => self.mark,
            std::cmp::Ordering::Greater => '\0',
        }
    }

    /// Whether `ch`, just read at the position before `i`, is the end of the pattern rather
    /// than a NUL written in it.
    pub fn at_end(&self) -> bool {
        self.i >= self.len
    }

    pub fn set_mark(&mut self, c: char) {
        self.mark = c;
    }

    /// The characters from `from` to `to` (exclusive), as written after quote rewriting.
    pub fn text(&self, from: usize, to: usize) -> String {
        (from..to).map(|k| self.at(k)).collect()
    }

    /// An error at rewritten position `at`, reported at the original character it came from.
    pub fn err(&self, at: usize, message: impl Into<String>) -> RegexError {
        RegexError {
            index: self.origin.get(at).copied().unwrap_or(self.end),
            message: message.into(),
        }
    }

    /// Next character, without moving (but past comments-mode whitespace).
    pub fn peek(&mut self) -> char {
        let ch = self.at(self.i);
        if self.has(COMMENTS) {
            self.peek_past_whitespace(ch)
        } else {
            ch
        }
    }

    /// Next character, moving past it.
    pub fn read(&mut self) -> char {
        let ch = self.at(self.i);
        self.i += 1;
        if self.has(COMMENTS) {
            self.parse_past_whitespace(ch)
        } else {
            ch
        }
    }

    /// Moves one character on and peeks.
    pub fn next(&mut self) -> char {
        self.i += 1;
        let ch = self.at(self.i);
        if self.has(COMMENTS) {
            self.peek_past_whitespace(ch)
        } else {
            ch
        }
    }

    /// Moves one character on and peeks, whatever the flags.
    pub fn next_raw(&mut self) -> char {
        self.i += 1;
        self.at(self.i)
    }

    /// The character after the next one, moving past both.
    pub fn skip(&mut self) -> char {
        let ch = self.at(self.i + 1);
        self.i += 2;
        ch
    }

    /// Moves back one character.
    pub fn unread(&mut self) {
        self.i -= 1;
    }

    fn peek_past_whitespace(&mut self, mut ch: char) -> char {
        while is_space(ch) || ch == '#' {
            while is_space(ch) {
                self.i += 1;
                ch = self.at(self.i);
            }
            if ch == '#' {
                ch = self.peek_past_line();
            }
        }
        ch
    }

    fn parse_past_whitespace(&mut self, mut ch: char) -> char {
        while is_space(ch) || ch == '#' {
            while is_space(ch) {
                ch = self.at(self.i);
                self.i += 1;
            }
            if ch == '#' {
                ch = self.parse_past_line();
            }
        }
        ch
    }

    fn parse_past_line(&mut self) -> char {
        let mut ch = self.at(self.i);
        self.i += 1;
        while ch != '\0' && !self.is_line_separator(ch) {
            ch = self.at(self.i);
            self.i += 1;
        }
        if ch == '\0' && self.i > self.len {
            self.i = self.len;
            ch = self.at(self.i);
            self.i += 1;
        }
        ch
    }

    fn peek_past_line(&mut self) -> char {
        self.i += 1;
        let mut ch = self.at(self.i);
        while ch != '\0' && !self.is_line_separator(ch) {
            self.i += 1;
            ch = self.at(self.i);
        }
        if ch == '\0' && self.i > self.len {
            self.i = self.len;
            ch = self.at(self.i);
        }
        ch
    }

    fn is_line_separator(&self, ch: char) -> bool {
        if self.has(UNIX_LINES) {
            ch == '\n'
        } else {
            matches!(ch, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
        }
    }
}

/// Java's `ASCII.isSpace`: space, tab, line feed, vertical tab, form feed, carriage return.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\u{b}' | '\u{c}' | '\r')
}
