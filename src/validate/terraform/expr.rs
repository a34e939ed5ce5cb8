//! Just enough of Terraform's template and expression syntax to find references.
//!
//! A JSON string is a template: `${expr}` interpolates, `%{ ... }` is a directive, and `$${` /
//! `%%{` are literal. Inside an expression, quoted strings are templates again. The lexer keeps
//! identifiers, dots, brackets and `::`; everything else only matters for finding where an
//! expression ends. Traversals (`root.attr[index].attr`) are then read off the tokens.

/// One expression token; only the kinds a traversal needs are told apart.
#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    Number,
    Dot,
    LBracket,
    RBracket,
    Star,
    LParen,
    DoubleColon,
    Comma,
    Other,
}

/// One step after a traversal's root.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Step {
    Attr(String),
    Index,
    Splat,
}

/// `root.step...`, e.g. `aws_iam_role.api[0].arn`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Traversal {
    pub root: String,
    pub steps: Vec<Step>,
}

impl Traversal {
    /// The attribute name at `steps[i]`, if that step is one.
    pub fn attr(&self, i: usize) -> Option<&str> {
        match self.steps.get(i) {
            Some(Step::Attr(name)) => Some(name),
            _ => None,
        }
    }

    /// The first attribute name at or after `steps[i]`, skipping index and splat steps.
    pub fn first_attr_from(&self, i: usize) -> Option<&str> {
        self.steps.iter().skip(i).find_map(|s| match s {
            Step::Attr(name) => Some(name.as_str()),
            _ => None,
        })
    }

    /// The traversal as written, with indexes shown as `[…]`.
    pub fn text(&self) -> String {
        let mut out = self.root.clone();
        for step in &self.steps {
            match step {
                Step::Attr(name) => {
                    out.push('.');
                    out.push_str(name);
                }
                Step::Index => out.push_str("[…]"),
                Step::Splat => out.push_str("[*]"),
            }
        }
        out
    }
}

/// What a template holds: its traversals, the names bound by `for` inside it, and whether an
/// interpolation, directive or quoted string was left open.
#[derive(Debug, Default)]
pub(super) struct TemplateScan {
    pub traversals: Vec<Traversal>,
    pub bound: Vec<String>,
    pub unterminated: bool,
}

/// True when `s` holds an interpolation or directive, i.e. is an expression, not a literal.
pub(super) fn has_template(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = 0;
    while i + 1 < b.len() {
        if (b[i] == b'$' || b[i] == b'%') && b[i + 1] == b[i] && b.get(i + 2) == Some(&b'{') {
            i += 3;
        } else if (b[i] == b'$' || b[i] == b'%') && b[i + 1] == b'{' {
            return true;
        } else {
            i += 1;
        }
    }
    false
}

/// Scans a JSON string as a template.
pub(super) fn scan_template(s: &str) -> TemplateScan {
    let mut lx = Lexer::new(s);
    lx.template(false);
    let mut scan = TemplateScan {
        unterminated: lx.unterminated,
        ..TemplateScan::default()
    };
    for toks in &lx.exprs {
        scan.bound.extend(for_bindings(toks));
        scan.traversals.extend(traversals(toks));
    }
    scan
}

/// Parses a bare reference such as a `depends_on` entry: the whole string must be one
/// traversal (`aws_iam_role.api`, `module.net`, `data.aws_region.current`).
pub(super) fn parse_traversal(s: &str) -> Option<Traversal> {
    let mut lx = Lexer::new(s);
    let toks = lx.expr(true);
    if lx.unterminated || !matches!(toks.first(), Some(Tok::Ident(_))) {
        return None;
    }
    let (t, end) = traversal_at(&toks, 0);
    (end == toks.len()).then_some(t)
}

struct Lexer {
    c: Vec<char>,
    i: usize,
    exprs: Vec<Vec<Tok>>,
    unterminated: bool,
}

impl Lexer {
    fn new(s: &str) -> Self {
        Lexer {
            c: s.chars().collect(),
            i: 0,
            exprs: Vec::new(),
            unterminated: false,
        }
    }

    fn at(&self, k: usize) -> Option<char> {
        self.c.get(self.i + k).copied()
    }

    /// Template text up to its end (or the closing quote when `quoted`); each interpolation
    /// and directive is lexed into `exprs`.
    fn template(&mut self, quoted: bool) {
        while let Some(ch) = self.at(0) {
            if quoted && ch == '\\' {
                self.i += 2;
                continue;
            }
            if quoted && ch == '"' {
                self.i += 1;
                return;
            }
            if (ch == '$' || ch == '%') && self.at(1) == Some(ch) && self.at(2) == Some('{') {
                self.i += 3;
            } else if (ch == '$' || ch == '%') && self.at(1) == Some('{') {
                self.i += 2;
                let toks = self.expr(false);
                self.exprs.push(toks);
            } else {
                self.i += 1;
            }
        }
        if quoted {
            self.unterminated = true;
        }
    }

    /// Tokens of one expression. Unless `bare`, it ends at the `}` closing the interpolation.
    fn expr(&mut self, bare: bool) -> Vec<Tok> {
        let mut toks = Vec::new();
        let mut depth = 0usize;
        loop {
            let Some(ch) = self.at(0) else {
                if !bare || depth > 0 {
                    self.unterminated = true;
                }
                return toks;
            };
            match ch {
                c if c.is_whitespace() => self.i += 1,
                '}' if depth == 0 && !bare => {
                    self.i += 1;
                    return toks;
                }
                '{' | '}' => {
                    if ch == '{' {
                        depth += 1;
                    } else {
                        depth = depth.saturating_sub(1);
                    }
                    self.i += 1;
                    toks.push(Tok::Other);
                }
                '"' => {
                    self.i += 1;
                    self.template(true);
                    toks.push(Tok::Other);
                }
                c if c.is_alphabetic() || c == '_' => {
                    let start = self.i;
                    while self
                        .at(0)
                        .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-')
                    {
                        self.i += 1;
                    }
                    toks.push(Tok::Ident(self.c[start..self.i].iter().collect()));
                }
                c if c.is_ascii_digit() => {
                    self.number();
                    toks.push(Tok::Number);
                }
                '.' if self.at(1) == Some('.') && self.at(2) == Some('.') => {
                    self.i += 3;
                    toks.push(Tok::Other);
                }
                ':' if self.at(1) == Some(':') => {
                    self.i += 2;
                    toks.push(Tok::DoubleColon);
                }
                _ => {
                    self.i += 1;
                    toks.push(match ch {
                        '.' => Tok::Dot,
                        '[' => Tok::LBracket,
                        ']' => Tok::RBracket,
                        '*' => Tok::Star,
                        '(' => Tok::LParen,
                        ',' => Tok::Comma,
                        _ => Tok::Other,
                    });
                }
            }
        }
    }

    fn number(&mut self) {
        let digits = |lx: &mut Lexer| {
            while lx.at(0).is_some_and(|c| c.is_ascii_digit()) {
                lx.i += 1;
            }
        };
        digits(self);
        if self.at(0) == Some('.') && self.at(1).is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
            digits(self);
        }
        if matches!(self.at(0), Some('e' | 'E')) {
            let sign = usize::from(matches!(self.at(1), Some('+' | '-')));
            if self.at(1 + sign).is_some_and(|c| c.is_ascii_digit()) {
                self.i += 1 + sign;
                digits(self);
            }
        }
    }
}

/// Names bound by `for a, b in` (for expressions and `%{ for }` directives).
fn for_bindings(toks: &[Tok]) -> Vec<String> {
    let mut out = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        if *tok != Tok::Ident("for".into()) {
            continue;
        }
        match (
            toks.get(i + 1),
            toks.get(i + 2),
            toks.get(i + 3),
            toks.get(i + 4),
        ) {
            (Some(Tok::Ident(a)), Some(Tok::Comma), Some(Tok::Ident(b)), Some(Tok::Ident(kw)))
                if kw == "in" =>
            {
                out.push(a.clone());
                out.push(b.clone());
            }
            (Some(Tok::Ident(a)), Some(Tok::Ident(kw)), _, _) if kw == "in" => out.push(a.clone()),
            _ => {}
        }
    }
    out
}

/// Every traversal with at least one step whose root is not a function name, a
/// provider-function segment (`provider::aws::f`) or an attribute of something else.
fn traversals(toks: &[Tok]) -> Vec<Traversal> {
    let mut out = Vec::new();
    for (i, tok) in toks.iter().enumerate() {
        if !matches!(tok, Tok::Ident(_)) {
            continue;
        }
        let prev = i.checked_sub(1).and_then(|j| toks.get(j));
        if matches!(prev, Some(Tok::Dot | Tok::DoubleColon))
            || matches!(toks.get(i + 1), Some(Tok::LParen | Tok::DoubleColon))
        {
            continue;
        }
        let (t, _) = traversal_at(toks, i);
        if !t.steps.is_empty() {
            out.push(t);
        }
    }
    out
}

/// The traversal rooted at the identifier `toks[i]`, and the index just past it.
fn traversal_at(toks: &[Tok], i: usize) -> (Traversal, usize) {
    let root = match &toks[i] {
        Tok::Ident(name) => name.clone(),
        _ => String::new(),
    };
    let mut steps = Vec::new();
    let mut j = i + 1;
    loop {
        match (toks.get(j), toks.get(j + 1)) {
            (Some(Tok::Dot), Some(Tok::Ident(name))) => steps.push(Step::Attr(name.clone())),
            (Some(Tok::Dot), Some(Tok::Star)) => steps.push(Step::Splat),
            (Some(Tok::Dot), Some(Tok::Number)) => steps.push(Step::Index),
            (Some(Tok::LBracket), _) => {
                let mut depth = 0usize;
                let mut k = j;
                let close = loop {
                    match toks.get(k) {
                        Some(Tok::LBracket) => depth += 1,
                        Some(Tok::RBracket) => {
                            depth -= 1;
                            if depth == 0 {
                                break Some(k);
                            }
                        }
                        None => break None,
                        _ => {}
                    }
                    k += 1;
                };
                let Some(close) = close else { break };
                let splat = close == j + 2 && toks.get(j + 1) == Some(&Tok::Star);
                steps.push(if splat { Step::Splat } else { Step::Index });
                j = close + 1;
                continue;
            }
            _ => break,
        }
        j += 2;
    }
    (Traversal { root, steps }, j)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(s: &str) -> Vec<String> {
        scan_template(s)
            .traversals
            .iter()
            .map(Traversal::text)
            .collect()
    }

    #[test]
    fn finds_references_and_skips_functions_strings_and_escapes() {
        assert_eq!(
            texts("arn:${data.aws_partition.current.partition}:x/${aws_iam_role.r[0].arn}"),
            [
                "data.aws_partition.current.partition",
                "aws_iam_role.r[…].arn"
            ]
        );
        assert_eq!(
            texts(r#"${jsonencode({a = "x.y", b = lower(var.name)})} $${aws_x.y} %%{z}"#),
            ["var.name"]
        );
        assert_eq!(
            texts(r#"${format("%s-${local.suffix}", provider::aws::arn_parse(var.a).region)}"#),
            ["local.suffix", "var.a"]
        );
        assert_eq!(texts("${aws_x.y[*].id} ${1.5}"), ["aws_x.y[*].id"]);
    }

    #[test]
    fn records_for_bindings_and_unterminated_templates() {
        let scan = scan_template("%{ for my_item in var.items }${my_item.name}%{ endfor }");
        assert_eq!(scan.bound, ["my_item"]);
        assert!(!scan.unterminated);
        assert!(scan_template("${var.a").unterminated);
        assert!(scan_template(r#"${upper("abc)}"#).unterminated);
        assert!(!has_template("$${literal} %%{x}"));
        assert!(has_template("a${b}"));
    }

    #[test]
    fn parses_bare_traversals() {
        let t = parse_traversal("aws_iam_role.api").unwrap();
        assert_eq!((t.root.as_str(), t.attr(0)), ("aws_iam_role", Some("api")));
        assert!(parse_traversal("aws_iam_role.api extra").is_none());
        assert!(parse_traversal("not a ref").is_none());
        assert!(parse_traversal("\"quoted\"").is_none());
    }
}
