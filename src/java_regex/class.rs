//! Character classes: `[abc]`, `[^a-z]`, nested `[a[bc]]`, intersections `[a-z&&[^e]]`,
//! ranges and their ends. Java refuses a range whose end is not a single character
//! (`[a-\d]`, `[a-\p{L}]`) or is below its start (`[z-a]`), and takes a class escape at the
//! start of one (`[\d-z]`) as the class, a literal `-` and `z`.

use super::escape::{Escape, UNKNOWN_CHAR};
use super::parser::{MAX_DEPTH, Parser, Res};

const RANGE_OF_CLASS: &str = "illegal character range: a range ends with a single character, \
     not a class such as `\\d`, `\\w` or `\\p{L}` (write `\\-` for a literal hyphen)";

impl Parser {
    /// A class at its `[` (or, for the right side of `&&` written without brackets, just
    /// before its first character, with `consume` false: the closing `]` is left to the outer
    /// class). `open` is where the outermost class starts, for errors.
    pub(super) fn class(&mut self, consume: bool, open: usize, depth: usize) -> Res<()> {
        if depth > MAX_DEPTH {
            return Err(self.c.err(self.c.i, "classes nested too deeply"));
        }
        // Whether the class holds anything yet: a `]` first is a literal one.
        let mut filled = false;
        let mut ch = self.c.next();
        if ch == '^' && self.c.at(self.c.i - 1) == '[' {
            ch = self.c.next();
        }
        loop {
            match ch {
                '[' => {
                    let at = self.c.i;
                    self.class(true, at, depth + 1)?;
                    filled = true;
                    ch = self.c.peek();
                    continue;
                }
                '&' => {
                    let at = self.c.i;
                    ch = self.c.next();
                    if ch == '&' {
                        ch = self.c.next();
                        let mut right = false;
                        while ch != ']' && ch != '&' {
                            if ch == '[' {
                                let at = self.c.i;
                                self.class(true, at, depth + 1)?;
                            } else {
                                self.c.unread();
                                self.class(false, open, depth + 1)?;
                            }
                            right = true;
                            ch = self.c.peek();
                        }
                        // JDK 17 refuses `&&` only with nothing before and after it (`[&&]`);
                        // later JDKs also refuse `[a[b]c&&]`.
                        if !filled && !right {
                            return Err(self.c.err(at, "`&&` needs a class on its right"));
                        }
                        filled = true;
                        continue;
                    }
                    self.c.unread();
                }
                '\0' if self.c.at_end() => {
                    return Err(self.c.err(open, "unclosed character class `[`"));
                }
                ']' if filled => {
                    if consume {
                        self.c.next();
                    }
                    return Ok(());
                }
                _ => {}
            }
            self.range()?;
            filled = true;
            ch = self.c.peek();
        }
    }

    /// One item of a class: a character, a range, an escape or a property.
    fn range(&mut self) -> Res<()> {
        let start = self.c.i;
        let mut ch = self.c.peek();
        let lo = if ch == '\\' {
            ch = self.c.next_raw();
            if ch == 'p' || ch == 'P' {
                self.property(start)?;
                return Ok(());
            }
            let is_range = self.c.at(self.c.i + 1) == '-';
            self.c.unread();
            match self.escape(true, is_range)? {
                Escape::Node(_) => return Ok(()),
                Escape::Char(c) => c,
            }
        } else {
            self.c.next();
            ch as u32
        };
        if self.c.peek() == '-' {
            let dash = self.c.i;
            let end = self.c.at(dash + 1);
            if end != '[' && end != ']' {
                self.c.next();
                let m = self.c.peek();
                let hi = if m == '\\' {
                    if matches!(self.c.at(self.c.i + 1), 'p' | 'P') {
                        return Err(self.c.err(dash, RANGE_OF_CLASS));
                    }
                    match self.escape(true, true)? {
                        Escape::Char(c) => Some(c),
                        Escape::Node(_) => None,
                    }
                } else {
                    self.c.next();
                    Some(m as u32)
                };
                return match hi {
                    None => Err(self.c.err(dash, RANGE_OF_CLASS)),
                    Some(hi) if hi < lo && hi != UNKNOWN_CHAR && lo != UNKNOWN_CHAR => Err(self
                        .c
                        .err(dash, "illegal character range: its end is below its start")),
                    Some(_) => Ok(()),
                };
            }
        }
        Ok(())
    }
}
