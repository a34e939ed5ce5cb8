//! Alternation, sequences, atoms, groups and quantifiers, in the order and with the rules of
//! `java.util.regex.Pattern`'s parser (JDK 17), so that a pattern is refused here exactly when
//! Java refuses it. Some of those rules surprise: `{` at the start of an atom repeats nothing,
//! so `a{2}{3}` and `{2}` compile, while `a**` and `a{2}*` do not; `(?<=a+)` compiles but
//! `(?<=(?:ab)+)` does not (see `study`).

use super::RegexError;
use super::cursor::{CANON_EQ, COMMENTS, Cursor};
use super::escape::Escape;
use super::study::{self, Node};

pub(super) type Res<T> = Result<T, RegexError>;

/// Deepest nesting of groups and classes checked; deeper patterns are refused rather than
/// risk the checker's own stack.
pub(super) const MAX_DEPTH: usize = 256;

/// Java's largest repetition count.
const MAX_REPS: i32 = i32::MAX;

/// The parser's state: the cursor, and what it has seen of groups so far.
pub(super) struct Parser {
    pub c: Cursor,
    /// Capturing groups opened so far, plus one (Java's `capturingGroupCount`).
    pub groups: usize,
    /// Names of the named groups opened so far.
    pub names: Vec<String>,
}

/// A parsed item, before any quantifier: its nodes, and whether it is a single character
/// (Java repeats those greedily without studying them).
struct Term {
    nodes: Vec<Node>,
    char: bool,
}

/// How a quantifier repeats.
#[derive(Clone, Copy, PartialEq)]
enum Mode {
    Greedy,
    Lazy,
    Possessive,
}

/// A quantifier: `?` (and `{0,1}`), or a count; `open` for `*`, `+` and `{n,}`.
struct Quantifier {
    min: i32,
    max: i32,
    optional: bool,
    open: bool,
    mode: Mode,
}

/// What a group is, for what a quantifier after it means.
enum GroupKind {
    /// `(...)`, `(?:...)`, `(?<name>...)`, `(?i:...)`.
    Plain,
    /// Lookahead or lookbehind: no length.
    Around,
    /// `(?>...)`.
    Atomic,
}

impl Parser {
    pub fn new(c: Cursor) -> Self {
        Parser {
            c,
            groups: 1,
            names: Vec::new(),
        }
    }

    /// The whole pattern.
    pub fn pattern(&mut self) -> Res<()> {
        self.expr(0)?;
        if self.c.i != self.c.len {
            if self.c.peek() == ')' {
                return Err(self.c.err(
                    self.c.i,
                    "unmatched closing `)` (write `\\)` for a literal one)",
                ));
            }
            return Err(self.c.err(
                self.c.len.saturating_sub(1),
                "trailing `\\` escapes nothing",
            ));
        }
        Ok(())
    }

    /// Alternatives separated by `|`.
    fn expr(&mut self, depth: usize) -> Res<Vec<Node>> {
        if depth > MAX_DEPTH {
            return Err(self.c.err(self.c.i, "groups nested too deeply"));
        }
        let mut alternatives = Vec::new();
        loop {
            alternatives.push(self.sequence(depth)?);
            if self.c.peek() != '|' {
                break;
            }
            self.c.next();
        }
        Ok(if alternatives.len() == 1 {
            alternatives.pop().unwrap_or_default()
        } else {
            vec![Node::Branch(alternatives)]
        })
    }

    /// Items up to `|`, `)` or the end.
    fn sequence(&mut self, depth: usize) -> Res<Vec<Node>> {
        let mut chain = Vec::new();
        loop {
            let start = self.c.i;
            let ch = self.c.peek();
            let term = match ch {
                '(' => {
                    if let Some(nodes) = self.group(depth)? {
                        chain.extend(nodes);
                    }
                    continue;
                }
                '[' => {
                    let at = self.c.i;
                    self.class(true, at, depth + 1)?;
                    self.char_set()
                }
                '\\' => {
                    let ch = self.c.next_raw();
                    if ch == 'p' || ch == 'P' {
                        self.property(start)?;
                        self.char_set()
                    } else {
                        self.c.unread();
                        self.atom()?
                    }
                }
                '^' | '$' => {
                    self.c.next();
                    Term {
                        nodes: vec![Node::Zero],
                        char: false,
                    }
                }
                '.' => {
                    self.c.next();
                    Term {
                        nodes: vec![Node::Char],
                        char: true,
                    }
                }
                '|' | ')' => break,
                '?' | '*' | '+' => {
                    return Err(self.c.err(
                        self.c.i,
                        format!(
                            "dangling `{ch}`: nothing to repeat (write `\\{ch}` for a literal one)"
                        ),
                    ));
                }
                '\0' if self.c.at_end() => break,
                _ => self.atom()?,
            };
            let q = self.quantifier()?;
            chain.extend(match q {
                None => term.nodes,
                Some(q) => vec![repeat(term, q)],
            });
        }
        Ok(chain)
    }

    /// A class or property: one character, or under `(?c)` a normalised one.
    fn char_set(&self) -> Term {
        if self.c.has(CANON_EQ) {
            Term {
                nodes: vec![Node::NfcChar],
                char: false,
            }
        } else {
            Term {
                nodes: vec![Node::Char],
                char: true,
            }
        }
    }

    /// Literal characters, as many as follow each other (less the last one when a quantifier
    /// follows, which repeats only it), or one escape that is not a literal.
    fn atom(&mut self) -> Res<Term> {
        let mut count = 0;
        let mut last = 0;
        let mut ch = self.c.peek();
        loop {
            match ch {
                '*' | '+' | '?' | '{' => {
                    if count > 1 {
                        self.c.i = last;
                        count -= 1;
                    }
                }
                '$' | '.' | '^' | '(' | '[' | '|' | ')' => {}
                '\\' => {
                    let start = self.c.i;
                    ch = self.c.next_raw();
                    if ch == 'p' || ch == 'P' {
                        if count > 0 {
                            self.c.unread();
                        } else {
                            self.property(start)?;
                            return Ok(self.char_set());
                        }
                    } else {
                        self.c.unread();
                        last = self.c.i;
                        match self.escape(false, false)? {
                            Escape::Char(_) => {
                                count += 1;
                                ch = self.c.peek();
                                continue;
                            }
                            Escape::Node(node) if count == 0 => {
                                return Ok(Term {
                                    char: matches!(node, Node::Char),
                                    nodes: vec![node],
                                });
                            }
                            Escape::Node(_) => self.c.i = last,
                        }
                    }
                }
                '\0' if self.c.at_end() => {}
                _ => {
                    last = self.c.i;
                    count += 1;
                    ch = self.c.next();
                    continue;
                }
            }
            break;
        }
        Ok(if count == 1 {
            Term {
                nodes: vec![Node::Char],
                char: true,
            }
        } else {
            Term {
                nodes: vec![Node::Slice(count)],
                char: false,
            }
        })
    }

    /// A quantifier after an item, if one follows.
    fn quantifier(&mut self) -> Res<Option<Quantifier>> {
        let start = self.c.i;
        let (min, max, open) = match self.c.peek() {
            '?' => (0, 1, false),
            '*' => (0, MAX_REPS, true),
            '+' => (1, MAX_REPS, true),
            '{' => return self.counted(start).map(Some),
            _ => return Ok(None),
        };
        let mode = self.mode();
        Ok(Some(Quantifier {
            min,
            max,
            optional: max == 1,
            open,
            mode,
        }))
    }

    /// `{n}`, `{n,}` or `{n,m}`, at its `{`.
    fn counted(&mut self, start: usize) -> Res<Quantifier> {
        let illegal = |p: &Self, what: &str| p.c.err(start, what.to_string());
        let mut ch = self.c.skip();
        if !ch.is_ascii_digit() {
            return Err(illegal(
                self,
                "illegal repetition: `{` must start `{n}`, `{n,}` or `{n,m}` (write `\\{` for a literal brace)",
            ));
        }
        let too_large = "illegal repetition range: the count is larger than 2147483647";
        let number = |p: &mut Self, mut ch: char| -> Res<(i32, char)> {
            let mut n: i32 = 0;
            while ch.is_ascii_digit() {
                n = n
                    .checked_mul(10)
                    .and_then(|n| n.checked_add(ch as i32 - '0' as i32))
                    .ok_or_else(|| illegal(p, too_large))?;
                ch = p.c.read();
            }
            Ok((n, ch))
        };
        let min;
        (min, ch) = number(self, ch)?;
        let mut max = min;
        if ch == ',' {
            ch = self.c.read();
            if ch == '}' {
                self.c.unread();
                let mode = self.mode();
                return Ok(Quantifier {
                    min,
                    max: MAX_REPS,
                    optional: false,
                    open: true,
                    mode,
                });
            }
            (max, ch) = number(self, ch)?;
        }
        if ch != '}' {
            return Err(illegal(
                self,
                "unclosed repetition: `{n,m}` needs its `}` (write `\\{` for a literal brace)",
            ));
        }
        if max < min {
            return Err(illegal(
                self,
                &format!("illegal repetition range: {min} is more than {max}"),
            ));
        }
        self.c.unread();
        let mode = self.mode();
        Ok(Quantifier {
            min,
            max,
            optional: min == 0 && max == 1,
            open: false,
            mode,
        })
    }

    /// The `?` (lazy) or `+` (possessive) after a quantifier, moving past the quantifier.
    fn mode(&mut self) -> Mode {
        match self.c.next() {
            '?' => {
                self.c.next();
                Mode::Lazy
            }
            '+' => {
                self.c.next();
                Mode::Possessive
            }
            _ => Mode::Greedy,
        }
    }

    /// A group at its `(`, with its quantifier; `None` for a flags-only group such as `(?i)`,
    /// which nothing may repeat.
    fn group(&mut self, depth: usize) -> Res<Option<Vec<Node>>> {
        let start = self.c.i;
        let saved_flags = self.c.flags;
        let mut kind = GroupKind::Plain;
        let body;
        if self.c.next() == '?' {
            match self.c.skip() {
                ':' => body = self.expr(depth + 1)?,
                '=' | '!' => {
                    self.expr(depth + 1)?;
                    kind = GroupKind::Around;
                    body = vec![Node::Zero];
                }
                '>' => {
                    let inner = self.expr(depth + 1)?;
                    kind = GroupKind::Atomic;
                    body = vec![Node::Ques {
                        atom: inner,
                        atomic: true,
                    }];
                }
                '<' => {
                    let ch = self.c.read();
                    if ch != '=' && ch != '!' {
                        let name = self.group_name(ch, start)?;
                        if self.names.contains(&name) {
                            return Err(self
                                .c
                                .err(start, format!("named group `{name}` is defined twice")));
                        }
                        self.names.push(name);
                        self.groups += 1;
                        body = self.expr(depth + 1)?;
                    } else {
                        let inner = self.expr(depth + 1)?;
                        if !study::has_obvious_maximum(&inner) {
                            return Err(self.c.err(
                                start,
                                "a lookbehind must have an obvious maximum length: Java refuses \
                                 back references in one, and repeated groups that hold more than \
                                 one character or alternatives, such as `(?:ab)*` or `(a|b){2}`",
                            ));
                        }
                        kind = GroupKind::Around;
                        body = vec![Node::Zero];
                    }
                }
                '$' | '@' => {
                    return Err(self.c.err(start, "unknown group type after `(?`"));
                }
                _ => {
                    self.c.unread();
                    self.flags();
                    match self.c.read() {
                        ')' => return Ok(None),
                        ':' => body = self.expr(depth + 1)?,
                        _ => {
                            return Err(self.c.err(
                                start,
                                "unknown group type or inline flag: Java knows `(?:`, `(?=`, \
                                 `(?!`, `(?<=`, `(?<!`, `(?>`, `(?<name>` and the flags `idmsuxcU`",
                            ));
                        }
                    }
                }
            }
        } else {
            self.groups += 1;
            body = self.expr(depth + 1)?;
        }
        if self.c.read() != ')' {
            return Err(self
                .c
                .err(start, "unclosed group `(` (write `\\(` for a literal one)"));
        }
        self.c.flags = saved_flags;
        let Some(q) = self.quantifier()? else {
            return Ok(Some(body));
        };
        Ok(Some(vec![match kind {
            GroupKind::Around | GroupKind::Atomic => repeat(
                Term {
                    nodes: body,
                    char: false,
                },
                q,
            ),
            GroupKind::Plain => repeat_group(body, q),
        }]))
    }

    /// Inline flags `(?idmsuxcU-idmsuxcU`, after the `?`.
    fn flags(&mut self) {
        let mut on = true;
        let mut ch = self.c.peek();
        loop {
            let f = match ch {
                'i' => super::cursor::CASE_INSENSITIVE,
                'm' => super::cursor::MULTILINE,
                's' => super::cursor::DOTALL,
                'd' => super::cursor::UNIX_LINES,
                'u' => super::cursor::UNICODE_CASE,
                'c' => CANON_EQ,
                'x' => COMMENTS,
                'U' => super::cursor::UNICODE_CHARACTER_CLASS | super::cursor::UNICODE_CASE,
                '-' if on => {
                    on = false;
                    ch = self.c.next();
                    continue;
                }
                _ => return,
            };
            if on {
                self.c.flags |= f;
            } else {
                self.c.flags &= !f;
            }
            ch = self.c.next();
        }
    }
}

/// A quantifier applied to a single item (or a lookaround or atomic group).
fn repeat(term: Term, q: Quantifier) -> Node {
    if q.optional && !q.open {
        Node::Ques {
            atom: term.nodes,
            atomic: false,
        }
    } else if q.open && q.mode == Mode::Greedy && term.char {
        Node::CharGreedy(q.min)
    } else {
        Node::Curly {
            atom: term.nodes,
            min: q.min,
            max: q.max,
        }
    }
}

/// A quantifier applied to a group: Java turns `(..)?` into a choice, and repeats a group
/// in place when its body is deterministic, in a loop otherwise.
fn repeat_group(body: Vec<Node>, q: Quantifier) -> Node {
    if q.optional && !q.open {
        if q.mode == Mode::Possessive {
            Node::Ques {
                atom: body,
                atomic: false,
            }
        } else {
            Node::Branch(vec![body, Vec::new()])
        }
    } else if q.mode == Mode::Possessive || study::is_deterministic(&body) {
        Node::Curly {
            atom: body,
            min: q.min,
            max: q.max,
        }
    } else {
        Node::Loop
    }
}
