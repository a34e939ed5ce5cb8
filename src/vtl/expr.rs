//! Reads references (`$a.b(c)[0]`, `${a}`, `$!a`) and directive expressions (operators,
//! literals, lists, ranges, maps).

use super::ast::{BinOp, Expr, Ref, Step};
use super::parse::{Parser, is_ident_char};
use super::{ErrorKind, VtlError};

impl Parser<'_> {
    /// A reference at `$`, or `None` (nothing consumed) when the `$` starts none.
    pub(super) fn reference(&mut self) -> Result<Option<Ref>, VtlError> {
        let start = self.i;
        self.i += 1;
        let quiet = self.peek() == Some('!');
        if quiet {
            self.i += 1;
        }
        let formal = self.peek() == Some('{');
        if formal {
            self.i += 1;
        }
        let Some(head) = self.ident() else {
            self.i = start;
            return Ok(None);
        };
        let mut steps = Vec::new();
        loop {
            if self.peek() == Some('.')
                && self
                    .peek_at(1)
                    .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            {
                self.i += 1;
                let name = self.ident().unwrap_or_default();
                if self.peek() == Some('(') {
                    self.i += 1;
                    let args = self.args(')')?;
                    steps.push(Step::Call(name, args));
                } else {
                    steps.push(Step::Prop(name));
                }
            } else if self.peek() == Some('[') {
                let back = self.i;
                self.i += 1;
                let Ok(index) = self.expr() else {
                    self.i = back;
                    break;
                };
                self.skip_ws();
                if self.peek() != Some(']') {
                    self.i = back;
                    break;
                }
                self.i += 1;
                steps.push(Step::Index(index));
            } else {
                break;
            }
        }
        if formal {
            if self.peek() != Some('}') {
                // Not a reference after all (`${AWS::Region}`): Velocity prints it as text.
                self.i = start;
                return Ok(None);
            }
            self.i += 1;
        }
        Ok(Some(Ref {
            head,
            steps,
            quiet,
            source: self.chars[start..self.i].iter().collect(),
            pos: self.pos(start),
        }))
    }

    /// The reference `#set` assigns to.
    pub(super) fn set_target(&mut self) -> Result<Ref, VtlError> {
        self.skip_ws();
        match self.reference()? {
            Some(r) if r.steps.iter().all(|s| matches!(s, Step::Prop(_))) => Ok(r),
            Some(r) => Err(self.err(
                self.i,
                format!(
                    "`#set` assigns to a variable or a map key, not to `{}`",
                    r.source
                ),
            )),
            None => Err(self.err(self.i, "`#set` needs a `$reference` to assign to")),
        }
    }

    fn ident(&mut self) -> Option<String> {
        let first = self.peek()?;
        if !(first.is_ascii_alphabetic() || first == '_') {
            return None;
        }
        let start = self.i;
        while self.peek().is_some_and(is_ident_char) {
            self.i += 1;
        }
        Some(self.chars[start..self.i].iter().collect())
    }

    /// Comma-separated expressions up to `close`.
    fn args(&mut self, close: char) -> Result<Vec<Expr>, VtlError> {
        let mut out = Vec::new();
        self.skip_ws();
        if self.peek() == Some(close) {
            self.i += 1;
            return Ok(out);
        }
        loop {
            out.push(self.expr()?);
            self.skip_ws();
            match self.peek() {
                Some(',') => self.i += 1,
                Some(c) if c == close => {
                    self.i += 1;
                    return Ok(out);
                }
                _ => return Err(self.err(self.i, format!("expected `,` or `{close}` here"))),
            }
        }
    }

    /// An expression, lowest precedence first.
    pub(super) fn expr(&mut self) -> Result<Expr, VtlError> {
        self.binary(0)
    }

    fn binary(&mut self, level: usize) -> Result<Expr, VtlError> {
        const LEVELS: [&[(&str, BinOp)]; 6] = [
            &[("||", BinOp::Or), ("or", BinOp::Or)],
            &[("&&", BinOp::And), ("and", BinOp::And)],
            &[
                ("==", BinOp::Eq),
                ("!=", BinOp::Ne),
                ("eq", BinOp::Eq),
                ("ne", BinOp::Ne),
            ],
            &[
                ("<=", BinOp::Le),
                (">=", BinOp::Ge),
                ("<", BinOp::Lt),
                (">", BinOp::Gt),
                ("le", BinOp::Le),
                ("ge", BinOp::Ge),
                ("lt", BinOp::Lt),
                ("gt", BinOp::Gt),
            ],
            &[("+", BinOp::Add), ("-", BinOp::Sub)],
            &[("*", BinOp::Mul), ("/", BinOp::Div), ("%", BinOp::Mod)],
        ];
        if level == LEVELS.len() {
            return self.unary();
        }
        let mut left = self.binary(level + 1)?;
        'more: loop {
            self.skip_ws();
            for (word, op) in LEVELS[level] {
                let alpha = word.starts_with(|c: char| c.is_ascii_alphabetic());
                if self.starts_with(word)
                    && !(alpha && self.peek_at(word.len()).is_some_and(is_ident_char))
                {
                    let at = self.pos(self.i);
                    self.i += word.len();
                    let right = self.binary(level + 1)?;
                    left = Expr::Bin(*op, Box::new(left), Box::new(right), at);
                    continue 'more;
                }
            }
            return Ok(left);
        }
    }

    fn unary(&mut self) -> Result<Expr, VtlError> {
        self.skip_ws();
        if self.peek() == Some('!') && self.peek_at(1) != Some('=') {
            self.i += 1;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.starts_with("not") && !self.peek_at(3).is_some_and(is_ident_char) {
            self.i += 3;
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.peek() == Some('-') && !self.peek_at(1).is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
            return Ok(Expr::Neg(Box::new(self.unary()?)));
        }
        self.primary()
    }

    fn primary(&mut self) -> Result<Expr, VtlError> {
        self.skip_ws();
        let start = self.i;
        let Some(c) = self.peek() else {
            return Err(self.err(self.i, "an expression is missing here"));
        };
        match c {
            '$' => match self.reference()? {
                Some(r) => Ok(Expr::Ref(Box::new(r))),
                None => Err(self.err(start, "`$` must start a reference such as `$name`")),
            },
            '"' | '\'' => {
                self.i += 1;
                let from = self.i;
                while let Some(d) = self.peek() {
                    if d == '\\' && self.peek_at(1).is_some() {
                        self.i += 2;
                        continue;
                    }
                    if d == c {
                        break;
                    }
                    self.i += 1;
                }
                if self.peek() != Some(c) {
                    return Err(self.err(start, "a string is never closed"));
                }
                let to = self.i;
                self.i += 1;
                if c == '"' {
                    Ok(Expr::Interpolated(self.sub_template(from, to)?))
                } else {
                    Ok(Expr::Str(self.chars[from..to].iter().collect()))
                }
            }
            '-' | '0'..='9' => self.number(),
            '(' => {
                self.i += 1;
                let e = self.expr()?;
                self.skip_ws();
                if self.peek() != Some(')') {
                    return Err(self.err(self.i, "`(` is not closed with `)`"));
                }
                self.i += 1;
                Ok(e)
            }
            '[' => {
                self.i += 1;
                self.skip_ws();
                if self.peek() == Some(']') {
                    self.i += 1;
                    return Ok(Expr::List(Vec::new()));
                }
                let first = self.expr()?;
                self.skip_ws();
                if self.starts_with("..") {
                    self.i += 2;
                    let last = self.expr()?;
                    self.skip_ws();
                    if self.peek() != Some(']') {
                        return Err(self.err(self.i, "a range is not closed with `]`"));
                    }
                    self.i += 1;
                    return Ok(Expr::Range(Box::new(first), Box::new(last)));
                }
                let mut items = vec![first];
                if self.peek() == Some(',') {
                    self.i += 1;
                    items.extend(self.args(']')?);
                } else if self.peek() == Some(']') {
                    self.i += 1;
                } else {
                    return Err(self.err(self.i, "expected `,`, `..` or `]` here"));
                }
                Ok(Expr::List(items))
            }
            '{' => {
                self.i += 1;
                let mut pairs = Vec::new();
                self.skip_ws();
                if self.peek() == Some('}') {
                    self.i += 1;
                    return Ok(Expr::Map(pairs));
                }
                loop {
                    let k = self.expr()?;
                    self.skip_ws();
                    if self.peek() != Some(':') {
                        return Err(self.err(self.i, "expected `:` between a map key and value"));
                    }
                    self.i += 1;
                    let v = self.expr()?;
                    pairs.push((k, v));
                    self.skip_ws();
                    match self.peek() {
                        Some(',') => self.i += 1,
                        Some('}') => {
                            self.i += 1;
                            return Ok(Expr::Map(pairs));
                        }
                        _ => return Err(self.err(self.i, "expected `,` or `}` in a map")),
                    }
                }
            }
            _ => {
                let word: String = self.chars[self.i..self.end]
                    .iter()
                    .take_while(|c| is_ident_char(**c))
                    .collect();
                match word.as_str() {
                    "true" | "false" => {
                        self.i += word.len();
                        Ok(Expr::Bool(word == "true"))
                    }
                    "" => Err(self.err(start, format!("`{c}` cannot start an expression"))),
                    w => Err(VtlError::new(
                        ErrorKind::Syntax,
                        self.pos(start),
                        format!(
                            "`{w}` is not an expression (write `$variable`, a number or a quoted string)"
                        ),
                    )),
                }
            }
        }
    }

    fn number(&mut self) -> Result<Expr, VtlError> {
        let start = self.i;
        if self.peek() == Some('-') {
            self.i += 1;
        }
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        let float = self.peek() == Some('.') && self.peek_at(1).is_some_and(|c| c.is_ascii_digit());
        if float {
            self.i += 1;
            while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1;
            }
        }
        let s: String = self.chars[start..self.i].iter().collect();
        if float {
            s.parse().map(Expr::Float)
        } else {
            s.parse()
                .map(Expr::Int)
                .map_err(|_| ())
                .or_else(|()| s.parse().map(Expr::Float))
        }
        .map_err(|_| self.err(start, format!("`{s}` is not a number")))
    }
}
