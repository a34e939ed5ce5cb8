//! Strings that may hold references: CloudFormation intrinsics, Terraform interpolations and
//! `${...}` placeholders in OpenAPI documents. A lint sees literal pieces and holes; each hole
//! says, when its adapter could tell, what kind of value it yields.

/// Stands for a hole when a [`Text`] is flattened for pattern checks.
pub(crate) const HOLE: char = '\u{0}';

/// What a reference yields, as far as the adapter can tell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Yields {
    /// Anything: a parameter, a variable, an attribute of a resource we do not model.
    Unknown,
    /// The ARN of an IAM role.
    RoleArn,
    /// Something that is not a role ARN (boxed: most texts hold no such reference, and a
    /// large API's lint view holds two texts per method).
    NotRoleArn(Box<NotRoleArn>),
}

impl Yields {
    /// [`Yields::NotRoleArn`]: `what` the reference gives, `fix` the reference that would be
    /// a role ARN.
    pub fn not_role_arn(what: impl Into<String>, fix: impl Into<String>) -> Self {
        Yields::NotRoleArn(Box::new(NotRoleArn {
            what: what.into(),
            fix: fix.into(),
        }))
    }
}

/// What a reference that is not a role ARN gives, and the reference that would be one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NotRoleArn {
    pub what: String,
    pub fix: String,
}

/// One reference inside a string.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reference {
    /// How a reader would write it inside a string, for messages (`${Role}`,
    /// `${aws_iam_role.x.name}`).
    pub shown: String,
    pub yields: Yields,
}

impl Reference {
    pub fn unknown(shown: impl Into<String>) -> Self {
        Reference {
            shown: shown.into(),
            yields: Yields::Unknown,
        }
    }
}

/// A piece of a [`Text`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Lit(String),
    Ref(Reference),
}

/// A string made of literal pieces and references.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Text {
    pub pieces: Vec<Piece>,
}

impl Text {
    /// A literal string.
    pub fn lit(s: impl Into<String>) -> Self {
        let s = s.into();
        Text {
            pieces: if s.is_empty() {
                Vec::new()
            } else {
                vec![Piece::Lit(s)]
            },
        }
    }

    /// A single reference.
    pub fn reference(r: Reference) -> Self {
        Text {
            pieces: vec![Piece::Ref(r)],
        }
    }

    pub fn push_lit(&mut self, s: impl Into<String>) {
        let s = s.into();
        if s.is_empty() {
            return;
        }
        if let Some(Piece::Lit(last)) = self.pieces.last_mut() {
            last.push_str(&s);
        } else {
            self.pieces.push(Piece::Lit(s));
        }
    }

    pub fn push_ref(&mut self, r: Reference) {
        self.pieces.push(Piece::Ref(r));
    }

    pub fn append(&mut self, other: Text) {
        for p in other.pieces {
            match p {
                Piece::Lit(s) => self.push_lit(s),
                Piece::Ref(r) => self.push_ref(r),
            }
        }
    }

    /// The reference when the string is exactly one reference.
    pub fn sole_ref(&self) -> Option<&Reference> {
        match self.pieces.as_slice() {
            [Piece::Ref(r)] => Some(r),
            _ => None,
        }
    }

    /// The string with every reference replaced by [`HOLE`].
    pub fn masked(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => s.clone(),
                Piece::Ref(_) => HOLE.to_string(),
            })
            .collect()
    }

    /// The string as a reader would write it, each reference as its `shown` form.
    pub fn shown(&self) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => s.clone(),
                Piece::Ref(r) => r.shown.clone(),
            })
            .collect()
    }
}

/// A run of a string split at `${...}` interpolations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Segment {
    Lit(String),
    Expr(String),
}

/// Splits a Terraform string template (or an OpenAPI string holding placeholders) at its
/// `${...}` interpolations and `%{...}` directives. `$${` and `%%{` are escapes. Braces and
/// quoted strings inside an expression nest; an unterminated one leaves the rest literal.
pub(crate) fn split_template(s: &str) -> Vec<Segment> {
    let b = s.as_bytes();
    let mut out = Vec::new();
    let mut lit = String::new();
    // Literal text from `run` up to `i` is copied as one slice when a `$` or `%` needs a
    // decision; both are ASCII, so every cut is at a character boundary.
    let mut run = 0;
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c != b'$' && c != b'%' {
            i += 1;
            continue;
        }
        if b.get(i + 1) == Some(&c) && b.get(i + 2) == Some(&b'{') {
            lit.push_str(&s[run..i]);
            lit.push(c as char);
            lit.push('{');
            i += 3;
            run = i;
            continue;
        }
        if b.get(i + 1) == Some(&b'{')
            && let Some(end) = closing_brace(b, i + 2)
        {
            lit.push_str(&s[run..i]);
            if !lit.is_empty() {
                out.push(Segment::Lit(std::mem::take(&mut lit)));
            }
            out.push(Segment::Expr(s[i + 2..end].trim().to_string()));
            i = end + 1;
            run = i;
            continue;
        }
        i += 1;
    }
    lit.push_str(&s[run..]);
    if !lit.is_empty() {
        out.push(Segment::Lit(lit));
    }
    out
}

/// Index of the `}` closing an expression that starts at `start`, skipping nested braces and
/// quoted strings.
fn closing_brace(b: &[u8], start: usize) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = start;
    let mut in_str = false;
    while i < b.len() {
        let c = b[i];
        if in_str {
            match c {
                b'\\' => i += 1,
                b'"' => in_str = false,
                _ => {}
            }
        } else {
            match c {
                b'"' => in_str = true,
                b'{' => depth += 1,
                b'}' if depth == 0 => return Some(i),
                b'}' => depth -= 1,
                _ => {}
            }
        }
        i += 1;
    }
    None
}

/// Splits a CloudFormation `Fn::Sub` string: `${Name}` and `${Name.Attr}` are variables,
/// `${!Literal}` is the literal `${Literal}`.
pub(crate) fn split_sub(s: &str) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut rest = s;
    while let Some(at) = rest.find("${") {
        lit.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let Some(end) = after.find('}') else {
            lit.push_str(&rest[at..]);
            rest = "";
            break;
        };
        let var = &after[..end];
        if let Some(bang) = var.strip_prefix('!') {
            lit.push_str("${");
            lit.push_str(bang);
            lit.push('}');
        } else {
            if !lit.is_empty() {
                out.push(Segment::Lit(std::mem::take(&mut lit)));
            }
            out.push(Segment::Expr(var.trim().to_string()));
        }
        rest = &after[end + 1..];
    }
    lit.push_str(rest);
    if !lit.is_empty() {
        out.push(Segment::Lit(lit));
    }
    out
}

/// The variables an `Fn::Sub` template names, trimmed and borrowed from it: the
/// [`Segment::Expr`] parts of [`split_sub`], without building the literal parts.
pub(crate) fn sub_names(s: &str) -> impl Iterator<Item = &str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        loop {
            let at = rest.find("${")?;
            let after = &rest[at + 2..];
            let end = after.find('}')?;
            let var = &after[..end];
            rest = &after[end + 1..];
            if !var.starts_with('!') {
                return Some(var.trim());
            }
        }
    })
}

/// A string of placeholders whose meaning is unknown (OpenAPI documents meant for
/// `Fn::Sub` or a Terraform `templatefile`): every `${...}` is a hole.
pub(crate) fn placeholders(s: &str) -> Text {
    if !s.contains(['$', '%']) {
        return Text::lit(s);
    }
    let segments = split_template(s);
    // One piece per segment: `split_template` never yields two literals in a row. Sized
    // exactly, as a large API's lint view holds two texts per method.
    let mut t = Text {
        pieces: Vec::with_capacity(segments.len()),
    };
    for seg in segments {
        match seg {
            Segment::Lit(l) => t.push_lit(l),
            Segment::Expr(e) => t.push_ref(Reference::unknown(format!("${{{e}}}"))),
        }
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terraform_templates_split_at_interpolations_and_keep_escapes() {
        assert_eq!(
            split_template("arn:${data.p.x}:a$${b}:${f({\"k\" = \"}\"})}"),
            vec![
                Segment::Lit("arn:".into()),
                Segment::Expr("data.p.x".into()),
                Segment::Lit(":a${b}:".into()),
                Segment::Expr("f({\"k\" = \"}\"})".into()),
            ]
        );
        assert_eq!(split_template("x${"), vec![Segment::Lit("x${".into())]);
        assert_eq!(
            split_template("é%%{x}$${y}%{if a}ü${"),
            vec![
                Segment::Lit("é%{x}${y}".into()),
                Segment::Expr("if a".into()),
                Segment::Lit("ü${".into()),
            ]
        );
    }

    #[test]
    fn sub_strings_split_at_variables_and_keep_bang_literals() {
        assert_eq!(
            split_sub("a${AWS::Region}b${!Lit}${R.Arn}"),
            vec![
                Segment::Lit("a".into()),
                Segment::Expr("AWS::Region".into()),
                Segment::Lit("b${Lit}".into()),
                Segment::Expr("R.Arn".into()),
            ]
        );
    }

    #[test]
    fn texts_flatten_with_holes() {
        let t = placeholders("arn:${p}:x");
        assert_eq!(t.masked(), format!("arn:{HOLE}:x"));
        assert_eq!(t.shown(), "arn:${p}:x");
        assert!(t.sole_ref().is_none());
        assert!(placeholders("${x}").sole_ref().is_some());
        assert_eq!(placeholders("abc"), Text::lit("abc"));
    }
}
