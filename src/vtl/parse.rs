//! Reads a mapping template into nodes: text, references, `#set`, `#if`, `#foreach`,
//! comments. Whitespace follows Velocity 1.7, the version API Gateway runs: `#set` takes the
//! spaces and tabs before it, and every directive takes the spaces, tabs and one newline
//! right after it.

use super::ast::{Node, Pos};
use super::{ErrorKind, VtlError};

/// Directives of Velocity that API Gateway's subset leaves out, refused by name.
const REFUSED: [&str; 5] = ["macro", "parse", "include", "evaluate", "literal"];

/// A position in the template being read, and the end it must not pass.
pub(super) struct Parser<'a> {
    pub(super) chars: &'a [char],
    pub(super) i: usize,
    pub(super) end: usize,
}

/// What ended a list of nodes.
#[derive(Debug, PartialEq)]
enum Stop {
    Eof,
    End,
    Else,
    ElseIf,
}

/// Parses a whole template.
pub fn parse(text: &str) -> Result<Vec<Node>, VtlError> {
    let chars: Vec<char> = text.chars().collect();
    let mut p = Parser {
        chars: &chars,
        i: 0,
        end: chars.len(),
    };
    let (nodes, stop) = p.nodes()?;
    match stop {
        Stop::Eof => Ok(nodes),
        Stop::End => Err(p.err(p.i, "`#end` without an open `#if` or `#foreach`")),
        _ => Err(p.err(p.i, "`#else` or `#elseif` without an open `#if`")),
    }
}

impl<'a> Parser<'a> {
    /// The line and column of character `at`.
    pub(super) fn pos(&self, at: usize) -> Pos {
        let mut line = 1;
        let mut col = 1;
        for &c in &self.chars[..at.min(self.chars.len())] {
            if c == '\n' {
                line += 1;
                col = 1;
            } else {
                col += 1;
            }
        }
        Pos { line, col }
    }

    /// A syntax error at character `at`.
    pub(super) fn err(&self, at: usize, message: impl Into<String>) -> VtlError {
        VtlError::new(ErrorKind::Syntax, self.pos(at), message)
    }

    pub(super) fn peek(&self) -> Option<char> {
        (self.i < self.end).then(|| self.chars[self.i])
    }

    pub(super) fn peek_at(&self, n: usize) -> Option<char> {
        (self.i + n < self.end).then(|| self.chars[self.i + n])
    }

    pub(super) fn starts_with(&self, s: &str) -> bool {
        s.chars()
            .enumerate()
            .all(|(k, c)| self.peek_at(k) == Some(c))
    }

    /// Reads nodes up to the end, `#end`, `#else` or `#elseif`.
    fn nodes(&mut self) -> Result<(Vec<Node>, Stop), VtlError> {
        let mut out = Vec::new();
        let mut text = String::new();
        while let Some(c) = self.peek() {
            match c {
                '#' => {
                    if let Some(stop) = self.hash(&mut out, &mut text)? {
                        flush(&mut out, &mut text);
                        return Ok((out, stop));
                    }
                }
                '$' => match self.reference()? {
                    Some(r) => {
                        flush(&mut out, &mut text);
                        out.push(Node::Ref(r));
                    }
                    None => {
                        text.push('$');
                        self.i += 1;
                    }
                },
                '\\' if self.peek_at(1) == Some('$') => {
                    let start = self.i;
                    self.i += 1;
                    match self.reference()? {
                        Some(r) => {
                            flush(&mut out, &mut text);
                            out.push(Node::Escaped(r));
                        }
                        None => {
                            self.i = start + 1;
                            text.push('\\');
                        }
                    }
                }
                _ => {
                    text.push(c);
                    self.i += 1;
                }
            }
        }
        flush(&mut out, &mut text);
        Ok((out, Stop::Eof))
    }

    /// Reads what starts with `#`: a comment, a directive, or a literal `#`. Returns the
    /// stop word when a block ends.
    fn hash(&mut self, out: &mut Vec<Node>, text: &mut String) -> Result<Option<Stop>, VtlError> {
        let start = self.i;
        if self.starts_with("##") {
            while let Some(c) = self.peek() {
                self.i += 1;
                if c == '\n' {
                    break;
                }
            }
            return Ok(None);
        }
        if self.starts_with("#*") {
            self.i += 2;
            while !self.starts_with("*#") {
                if self.peek().is_none() {
                    return Err(self.err(start, "a `#*` comment is never closed with `*#`"));
                }
                self.i += 1;
            }
            self.i += 2;
            return Ok(None);
        }
        if self.starts_with("#[[") {
            self.i += 3;
            while !self.starts_with("]]#") {
                let Some(c) = self.peek() else {
                    return Err(self.err(start, "a `#[[` block is never closed with `]]#`"));
                };
                text.push(c);
                self.i += 1;
            }
            self.i += 3;
            return Ok(None);
        }
        let formal = self.peek_at(1) == Some('{');
        self.i += if formal { 2 } else { 1 };
        let name_start = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_alphabetic()) {
            self.i += 1;
        }
        let name: String = self.chars[name_start..self.i].iter().collect();
        if formal {
            if self.peek() != Some('}') {
                self.i = start + 1;
                text.push('#');
                return Ok(None);
            }
            self.i += 1;
        }
        let pos = self.pos(start);
        match name.as_str() {
            "set" => {
                while text.ends_with([' ', '\t']) {
                    text.pop();
                }
                flush(out, text);
                self.open_paren(start, "set")?;
                let target = self.set_target()?;
                self.skip_ws();
                if self.peek() != Some('=') {
                    return Err(self.err(self.i, "`#set` needs `=` after its reference"));
                }
                self.i += 1;
                let value = self.expr()?;
                self.close_paren("set")?;
                out.push(Node::Set(target, value));
            }
            "if" => {
                flush(out, text);
                out.push(self.if_block(start)?);
            }
            "foreach" => {
                flush(out, text);
                self.open_paren(start, "foreach")?;
                self.skip_ws();
                let var = match self.reference()? {
                    Some(r) if r.steps.is_empty() => r.head,
                    _ => return Err(self.err(self.i, "`#foreach` needs `$name in ...`")),
                };
                self.skip_ws();
                if !self.starts_with("in") || self.peek_at(2).is_some_and(is_ident_char) {
                    return Err(self.err(self.i, "`#foreach` needs `in` after its variable"));
                }
                self.i += 2;
                let iter = self.expr()?;
                self.close_paren("foreach")?;
                let (body, stop) = self.nodes()?;
                if stop != Stop::End {
                    return Err(self.err(start, "`#foreach` is never closed with `#end`"));
                }
                out.push(Node::Foreach {
                    var,
                    iter,
                    body,
                    pos,
                });
            }
            "define" => {
                flush(out, text);
                self.open_paren(start, "define")?;
                self.skip_ws();
                let name = match self.reference()? {
                    Some(r) if r.steps.is_empty() => r.head,
                    _ => return Err(self.err(self.i, "`#define` needs `($name)`")),
                };
                self.close_paren("define")?;
                let (body, stop) = self.nodes()?;
                if stop != Stop::End {
                    return Err(self.err(start, "`#define` is never closed with `#end`"));
                }
                out.push(Node::Define(name, std::rc::Rc::new(body)));
            }
            "end" | "else" | "elseif" => {
                if name != "elseif" {
                    self.gobble_line();
                }
                return Ok(Some(match name.as_str() {
                    "end" => Stop::End,
                    "else" => Stop::Else,
                    _ => Stop::ElseIf,
                }));
            }
            "break" | "stop" => {
                flush(out, text);
                self.gobble_line();
                out.push(if name == "break" {
                    Node::Break
                } else {
                    Node::Stop
                });
            }
            n if REFUSED.contains(&n) => {
                return Err(VtlError::new(
                    ErrorKind::Unsupported,
                    pos,
                    format!("`#{n}` is not part of the template language API Gateway runs"),
                ));
            }
            _ => {
                self.i = start + 1;
                text.push('#');
            }
        }
        Ok(None)
    }

    /// `#if (...) ... [#elseif (...) ...]* [#else ...] #end`, from after the `#if`.
    fn if_block(&mut self, start: usize) -> Result<Node, VtlError> {
        let mut branches = Vec::new();
        let mut otherwise = None;
        self.open_paren(start, "if")?;
        let mut cond = self.expr()?;
        self.close_paren("if")?;
        loop {
            let (body, stop) = self.nodes()?;
            match stop {
                Stop::End => {
                    branches.push((cond, body));
                    break;
                }
                Stop::ElseIf => {
                    branches.push((cond, body));
                    self.open_paren(self.i, "elseif")?;
                    cond = self.expr()?;
                    self.close_paren("elseif")?;
                }
                Stop::Else => {
                    branches.push((cond, body));
                    let (body, stop) = self.nodes()?;
                    if stop != Stop::End {
                        return Err(self.err(start, "`#else` must be followed by `#end`"));
                    }
                    otherwise = Some(body);
                    break;
                }
                Stop::Eof => {
                    return Err(self.err(start, "`#if` is never closed with `#end`"));
                }
            }
        }
        Ok(Node::If(branches, otherwise))
    }

    fn open_paren(&mut self, start: usize, name: &str) -> Result<(), VtlError> {
        while self.peek().is_some_and(|c| c == ' ' || c == '\t') {
            self.i += 1;
        }
        if self.peek() != Some('(') {
            return Err(self.err(start, format!("`#{name}` needs `(` after it")));
        }
        self.i += 1;
        Ok(())
    }

    fn close_paren(&mut self, name: &str) -> Result<(), VtlError> {
        self.skip_ws();
        if self.peek() != Some(')') {
            return Err(self.err(self.i, format!("`#{name}(` is not closed with `)` here")));
        }
        self.i += 1;
        self.gobble_line();
        Ok(())
    }

    /// After a directive: spaces and tabs then one newline are dropped (only when the
    /// newline is there).
    fn gobble_line(&mut self) {
        let mut k = self.i;
        while k < self.end && matches!(self.chars[k], ' ' | '\t') {
            k += 1;
        }
        if k < self.end && self.chars[k] == '\n' {
            self.i = k + 1;
        } else if k + 1 < self.end && self.chars[k] == '\r' && self.chars[k + 1] == '\n' {
            self.i = k + 2;
        }
    }

    pub(super) fn skip_ws(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.i += 1;
        }
    }

    /// Parses the text between `from` and `to` (the inside of a double-quoted string).
    pub(super) fn sub_template(&self, from: usize, to: usize) -> Result<Vec<Node>, VtlError> {
        let mut p = Parser {
            chars: self.chars,
            i: from,
            end: to,
        };
        let (nodes, stop) = p.nodes()?;
        if stop != Stop::Eof {
            return Err(p.err(p.i, "a directive inside a string is not closed"));
        }
        Ok(nodes)
    }
}

/// Whether `c` may continue a Velocity identifier (1.7 allows `-` and `_`).
pub(super) fn is_ident_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

fn flush(out: &mut Vec<Node>, text: &mut String) {
    if !text.is_empty() {
        out.push(Node::Text(std::mem::take(text)));
    }
}
