//! Escapes (`\d`, `\x41`, `\u0041`, `\0101`, `\cA`, `\N{..}`, `\k<name>`, back references...)
//! and the names that follow `\k<` and `(?<`, with Java's rules for each.

use super::parser::{Parser, Res};
use super::study::Node;

/// The code point of a `\N{..}` escape, which this checker cannot look up: ranges with it
/// are taken as valid.
pub(super) const UNKNOWN_CHAR: u32 = u32::MAX;

/// What an escape stands for.
pub(super) enum Escape {
    /// A single character (its code point; Java compares them in ranges such as `[a-\x7a]`).
    Char(u32),
    /// Anything else: a class such as `\d`, an anchor, `\R`, `\X`, a back reference.
    Node(Node),
}

impl Parser {
    /// An escape at its backslash. `in_class`: inside `[...]`, where anchors, `\R`, `\X` and
    /// back references are refused. `is_range`: an end of a range, where `\v` is the single
    /// character U+000B rather than the vertical-whitespace class.
    pub(super) fn escape(&mut self, in_class: bool, is_range: bool) -> Res<Escape> {
        let start = self.c.i;
        let ch = self.c.skip();
        let refused = |p: &Self| {
            let what = if in_class {
                format!("`\\{ch}` is not an escape Java allows inside a character class")
            } else {
                format!("`\\{ch}` is not an escape Java knows")
            };
            p.c.err(start, what)
        };
        Ok(match ch {
            '0' => Escape::Char(self.octal(start)?),
            '1'..='9' if in_class => {
                return Err(self.c.err(
                    start,
                    format!("`\\{ch}` (a back reference) cannot appear in a character class"),
                ));
            }
            '1'..='9' => {
                self.back_reference(ch);
                Escape::Node(Node::BackRef)
            }
            'A' | 'B' | 'G' | 'Z' | 'z' | 'R' | 'X' | 'b' | 'k' if in_class => {
                return Err(refused(self));
            }
            'A' | 'B' | 'G' | 'Z' | 'z' => Escape::Node(Node::Zero),
            'b' => {
                if self.c.peek() == '{' {
                    if self.c.skip() == 'g' {
                        if self.c.read() == '}' {
                            return Ok(Escape::Node(Node::Zero));
                        }
                        return Err(self.c.err(start, "`\\b{` must be `\\b{g}`"));
                    }
                    self.c.unread();
                    self.c.unread();
                }
                Escape::Node(Node::Zero)
            }
            'R' => Escape::Node(Node::LineEnding),
            'X' => Escape::Node(Node::Grapheme),
            'v' if is_range => Escape::Char(0x0B),
            'd' | 'D' | 'h' | 'H' | 's' | 'S' | 'v' | 'V' | 'w' | 'W' => Escape::Node(Node::Char),
            'N' => Escape::Char(self.named_character(start)?),
            'a' => Escape::Char(0x07),
            'e' => Escape::Char(0x1B),
            'f' => Escape::Char(0x0C),
            'n' => Escape::Char(0x0A),
            'r' => Escape::Char(0x0D),
            't' => Escape::Char(0x09),
            'c' => {
                if self.c.i >= self.c.len {
                    return Err(self.c.err(start, "`\\c` needs a control character letter"));
                }
                Escape::Char(self.c.read() as u32 ^ 64)
            }
            'k' => {
                if self.c.read() != '<' {
                    return Err(self.c.err(start, "`\\k` needs a group name: `\\k<name>`"));
                }
                let ch = self.c.read();
                let name = self.group_name(ch, start)?;
                if !self.names.contains(&name) {
                    return Err(self.c.err(
                        start,
                        format!("named group `{name}` is not defined before `\\k<{name}>`"),
                    ));
                }
                Escape::Node(Node::BackRef)
            }
            'u' => Escape::Char(self.unicode(start)?),
            'x' => Escape::Char(self.hexadecimal(start)?),
            c if c.is_ascii_alphabetic() => {
                return Err(refused(self));
            }
            c => Escape::Char(c as u32),
        })
    }

    /// A back reference's further digits: Java takes one more digit only while the number
    /// still names a group opened before it (`\11` is group 1 then `1` with one group).
    fn back_reference(&mut self, first: char) {
        let mut n = first.to_digit(10).unwrap_or(0) as usize;
        loop {
            let ch = self.c.peek();
            let Some(d) = ch.to_digit(10).filter(|_| ch.is_ascii_digit()) else {
                return;
            };
            let longer = n * 10 + d as usize;
            if self.groups < longer + 1 {
                return;
            }
            n = longer;
            self.c.read();
        }
    }

    /// `\0n`, `\0nn`, `\0mnn` (m at most 3), after the `0`.
    fn octal(&mut self, start: usize) -> Res<u32> {
        let digit = |c: char| c.to_digit(8).filter(|_| c.is_ascii_digit());
        let n = self.c.read();
        let Some(n) = digit(n) else {
            return Err(self.c.err(
                start,
                "illegal octal escape: `\\0` must be followed by octal digits",
            ));
        };
        let m = self.c.read();
        let Some(m) = digit(m) else {
            self.c.unread();
            return Ok(n);
        };
        let o = self.c.read();
        match digit(o) {
            Some(o) if n <= 3 => Ok(n * 64 + m * 8 + o),
            _ => {
                self.c.unread();
                Ok(n * 8 + m)
            }
        }
    }

    /// `\xhh` or `\x{h...h}`, after the `x`.
    fn hexadecimal(&mut self, start: usize) -> Res<u32> {
        let n = self.c.read();
        if let Some(n) = hex(n) {
            if let Some(m) = hex(self.c.read()) {
                return Ok(n * 16 + m);
            }
        } else if n == '{' && hex(self.c.peek()).is_some() {
            let mut v = 0u32;
            loop {
                let ch = self.c.read();
                let Some(d) = hex(ch) else {
                    if ch != '}' {
                        return Err(self.c.err(start, "unclosed hexadecimal escape `\\x{`"));
                    }
                    return Ok(v);
                };
                v = (v << 4) + d;
                if v > 0x10FFFF {
                    return Err(self.c.err(
                        start,
                        "hexadecimal escape beyond the last Unicode code point (10FFFF)",
                    ));
                }
            }
        }
        Err(self.c.err(
            start,
            "illegal hexadecimal escape: write `\\xhh` or `\\x{h...h}`",
        ))
    }

    /// `\uhhhh`, after the `u`; a high surrogate followed by `\u` and a low one is one
    /// character.
    fn unicode(&mut self, start: usize) -> Res<u32> {
        let n = self.four_hex(start)?;
        if (0xD800..0xDC00).contains(&n) {
            let at = self.c.i;
            if self.c.read() == '\\' && self.c.read() == 'u' {
                let low = self.four_hex(start)?;
                if (0xDC00..0xE000).contains(&low) {
                    return Ok(0x10000 + ((n - 0xD800) << 10) + (low - 0xDC00));
                }
            }
            self.c.i = at;
        }
        Ok(n)
    }

    fn four_hex(&mut self, start: usize) -> Res<u32> {
        let mut n = 0;
        for _ in 0..4 {
            let Some(d) = hex(self.c.read()) else {
                return Err(self
                    .c
                    .err(start, "illegal Unicode escape: `\\u` needs four hex digits"));
            };
            n = n * 16 + d;
        }
        Ok(n)
    }

    /// `\N{NAME}`, after the `N`. Java looks the name up in the Unicode character names;
    /// this checker knows their shape (letters, digits, spaces, hyphens) but not the list.
    fn named_character(&mut self, start: usize) -> Res<u32> {
        if self.c.read() != '{' {
            return Err(self
                .c
                .err(start, "`\\N` needs a character name: `\\N{NAME}`"));
        }
        let from = self.c.i;
        while self.c.read() != '}' {
            if self.c.i >= self.c.len {
                return Err(self.c.err(start, "unclosed character name `\\N{`"));
            }
        }
        let name = self.c.text(from, self.c.i - 1);
        let name = name.trim();
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == ' ' || c == '-')
        {
            return Err(self
                .c
                .err(start, format!("unknown character name `{name}`")));
        }
        Ok(UNKNOWN_CHAR)
    }

    /// A group name (`(?<name>`, `\k<name>`) from its first character `ch` to its `>`.
    pub(super) fn group_name(&mut self, mut ch: char, start: usize) -> Res<String> {
        if !ch.is_ascii_alphabetic() {
            return Err(self.c.err(
                start,
                "a group name must start with a Latin letter: `(?<name>...)`",
            ));
        }
        let mut name = String::new();
        loop {
            name.push(ch);
            ch = self.c.read();
            if !ch.is_ascii_alphanumeric() {
                break;
            }
        }
        if ch != '>' {
            return Err(self.c.err(
                start,
                "a group name holds only letters and digits and ends with `>`",
            ));
        }
        Ok(name)
    }
}

fn hex(c: char) -> Option<u32> {
    c.is_ascii_hexdigit().then(|| c.to_digit(16)).flatten()
}
