//! Selection patterns: API Gateway compiles them as Java regular expressions. A small syntax
//! checker (groups, classes, escapes, quantifier placement, `{n,m}` bounds) finds the patterns
//! that fail at deploy time, and a heuristic finds valid ones that can never match a status
//! code (`4xx`, `default`).

use super::view::ApiView;
use super::{SELECTION_PATTERN, SELECTION_PATTERN_STATUS, Sink};

pub(super) fn check(api: &ApiView, sink: &mut Sink) {
    for m in &api.methods {
        let Some(i) = &m.integration else { continue };
        if i.first_class {
            continue;
        }
        // Patterns of HTTP, MOCK and non-Lambda AWS integrations match a status code; those
        // of a Lambda (custom) integration match the error message.
        let matches_status = match i.kind.as_deref() {
            Some("HTTP" | "MOCK") => true,
            Some("AWS") => i.service().is_some_and(|s| s != "lambda"),
            _ => false,
        };
        for r in &i.responses {
            let Some(p) = &r.selection_pattern else {
                continue;
            };
            match check_java_regex(&p.value) {
                Err(e) => sink.error(
                    SELECTION_PATTERN,
                    &p.pointer,
                    format!(
                        "selection pattern `{}` of {} is not a valid Java regular expression: {} (at character {})",
                        p.value,
                        m.route(),
                        e.message,
                        e.index + 1
                    ),
                    "API Gateway compiles selection patterns with java.util.regex; escape literal \
                     `{`, `(`, `[`, `*`, `+` and `?` with a backslash",
                ),
                Ok(()) if matches_status && never_matches_status(&p.value) => sink.warning(
                    SELECTION_PATTERN_STATUS,
                    &p.pointer,
                    format!(
                        "selection pattern `{}` of {} never matches an HTTP status code",
                        p.value,
                        m.route()
                    ),
                    "the pattern is a regex matched against the whole status code: write `4\\d{2}` \
                     for any 4xx; leave the pattern out for the default response",
                ),
                Ok(()) => {}
            }
        }
    }
}

/// `4xx`, `5XX|4xx`, `default`: literal text that no three-digit status code equals.
fn never_matches_status(p: &str) -> bool {
    if p.contains(['(', '[', '\\', '.', '*', '+', '?', '{']) {
        return false;
    }
    p.split('|').any(|b| {
        b == "default"
            || (b.len() == 3
                && b.starts_with(['1', '2', '3', '4', '5'])
                && b.chars()
                    .all(|c| c.is_ascii_digit() || c == 'x' || c == 'X')
                && b.contains(['x', 'X']))
    })
}

/// Where and why a pattern fails to compile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegexError {
    /// 0-based character index.
    pub index: usize,
    pub message: String,
}

/// Checks `pattern` against the syntax `java.util.regex.Pattern` accepts.
pub(crate) fn check_java_regex(pattern: &str) -> Result<(), RegexError> {
    let mut p = Parser {
        c: pattern.chars().collect(),
        i: 0,
        names: Vec::new(),
    };
    p.alternation(0)?;
    if p.i < p.c.len() {
        return Err(p.err(p.i, "unmatched closing `)`"));
    }
    Ok(())
}

struct Parser {
    c: Vec<char>,
    i: usize,
    names: Vec<String>,
}

type Res<T> = Result<T, RegexError>;

const MAX_DEPTH: usize = 256;

impl Parser {
    fn err(&self, index: usize, message: impl Into<String>) -> RegexError {
        RegexError {
            index,
            message: message.into(),
        }
    }

    fn peek(&self) -> Option<char> {
        self.c.get(self.i).copied()
    }

    fn peek_at(&self, ahead: usize) -> Option<char> {
        self.c.get(self.i + ahead).copied()
    }

    fn alternation(&mut self, depth: usize) -> Res<()> {
        if depth > MAX_DEPTH {
            return Err(self.err(self.i, "groups nested too deeply"));
        }
        loop {
            self.sequence(depth)?;
            if self.peek() == Some('|') {
                self.i += 1;
            } else {
                return Ok(());
            }
        }
    }

    fn sequence(&mut self, depth: usize) -> Res<()> {
        let mut can_repeat = false;
        while let Some(c) = self.peek() {
            match c {
                '|' | ')' => return Ok(()),
                '(' => can_repeat = self.group(depth)?,
                '[' => {
                    self.i += 1;
                    self.class(depth + 1)?;
                    can_repeat = true;
                }
                '\\' => {
                    self.i += 1;
                    self.escape(false)?;
                    can_repeat = true;
                }
                '*' | '+' | '?' => {
                    if !can_repeat {
                        return Err(self.err(self.i, format!("dangling `{c}`: nothing to repeat")));
                    }
                    self.i += 1;
                    self.modifier();
                    can_repeat = false;
                }
                '{' => {
                    if !can_repeat {
                        return Err(self.err(
                            self.i,
                            "`{` with nothing to repeat (write `\\{` for a literal brace)",
                        ));
                    }
                    self.bound()?;
                    self.modifier();
                    can_repeat = false;
                }
                _ => {
                    self.i += 1;
                    can_repeat = true;
                }
            }
        }
        Ok(())
    }

    /// A lazy `?` or possessive `+` after a quantifier.
    fn modifier(&mut self) {
        if matches!(self.peek(), Some('?' | '+')) {
            self.i += 1;
        }
    }

    /// `{n}`, `{n,}` or `{n,m}` with `n <= m`, at a `{`.
    fn bound(&mut self) -> Res<()> {
        let start = self.i;
        let illegal = |p: &Self| {
            p.err(start, "illegal repetition: `{` must start `{n}`, `{n,}` or `{n,m}` (write `\\{` for a literal brace)")
        };
        self.i += 1;
        let Some(min) = self.number(start)? else {
            return Err(illegal(self));
        };
        let mut max = Some(min);
        if self.peek() == Some(',') {
            self.i += 1;
            max = self.number(start)?;
        }
        if self.peek() != Some('}') {
            return Err(illegal(self));
        }
        self.i += 1;
        if let Some(max) = max
            && max < min
        {
            return Err(self.err(
                start,
                format!("illegal repetition range: {min} is more than {max}"),
            ));
        }
        Ok(())
    }

    fn number(&mut self, start: usize) -> Res<Option<u32>> {
        let from = self.i;
        while self.peek().is_some_and(|c| c.is_ascii_digit()) {
            self.i += 1;
        }
        if from == self.i {
            return Ok(None);
        }
        let digits: String = self.c[from..self.i].iter().collect();
        match digits.parse::<u32>() {
            Ok(n) if n <= i32::MAX as u32 => Ok(Some(n)),
            _ => Err(self.err(start, "repetition count too large")),
        }
    }

    /// A group at `(`; returns whether a quantifier may follow it.
    fn group(&mut self, depth: usize) -> Res<bool> {
        let start = self.i;
        self.i += 1;
        if self.peek() == Some('?') {
            self.i += 1;
            match self.peek() {
                Some(':' | '=' | '!' | '>') => self.i += 1,
                Some('<') => {
                    self.i += 1;
                    match self.peek() {
                        Some('=' | '!') => self.i += 1,
                        Some(c) if c.is_ascii_alphabetic() => {
                            let from = self.i;
                            while self.peek().is_some_and(|c| c.is_ascii_alphanumeric()) {
                                self.i += 1;
                            }
                            let name: String = self.c[from..self.i].iter().collect();
                            if self.peek() != Some('>') {
                                return Err(self.err(start, "a named group needs `(?<name>...)` with a letters-and-digits name"));
                            }
                            self.i += 1;
                            if self.names.contains(&name) {
                                return Err(self
                                    .err(start, format!("named group `{name}` is defined twice")));
                            }
                            self.names.push(name);
                        }
                        _ => return Err(self.err(start, "unknown group type `(?<`")),
                    }
                }
                Some(c) if "idmsuxU-".contains(c) => {
                    while self.peek().is_some_and(|c| "idmsuxU-".contains(c)) {
                        self.i += 1;
                    }
                    match self.peek() {
                        Some(')') => {
                            self.i += 1;
                            return Ok(false);
                        }
                        Some(':') => self.i += 1,
                        _ => return Err(self.err(self.i, "unknown inline modifier")),
                    }
                }
                _ => return Err(self.err(start, "unknown group type after `(?`")),
            }
        }
        self.alternation(depth + 1)?;
        if self.peek() != Some(')') {
            return Err(self.err(start, "unclosed group `(`"));
        }
        self.i += 1;
        Ok(true)
    }

    /// A character class, just after its `[`.
    fn class(&mut self, depth: usize) -> Res<()> {
        if depth > MAX_DEPTH {
            return Err(self.err(self.i, "classes nested too deeply"));
        }
        let start = self.i - 1;
        if self.peek() == Some('^') {
            self.i += 1;
        }
        let mut first = true;
        let mut prev: Option<char> = None;
        loop {
            let Some(c) = self.peek() else {
                return Err(self.err(start, "unclosed character class `[`"));
            };
            match c {
                ']' if !first => {
                    self.i += 1;
                    return Ok(());
                }
                '[' => {
                    self.i += 1;
                    self.class(depth + 1)?;
                    prev = None;
                }
                '&' if self.peek_at(1) == Some('&') => {
                    self.i += 2;
                    prev = None;
                }
                '\\' => {
                    self.i += 1;
                    prev = self.escape(true)?;
                }
                '-' if prev.is_some() && !matches!(self.peek_at(1), None | Some(']' | '[')) => {
                    let at = self.i;
                    self.i += 1;
                    let hi = if self.peek() == Some('\\') {
                        self.i += 1;
                        self.escape(true)?
                    } else {
                        let h = self.peek();
                        self.i += 1;
                        h
                    };
                    if let (Some(lo), Some(hi)) = (prev, hi)
                        && hi < lo
                    {
                        return Err(self.err(at, format!("illegal character range `{lo}-{hi}`")));
                    }
                    prev = None;
                }
                _ => {
                    self.i += 1;
                    prev = Some(c);
                }
            }
            first = false;
        }
    }

    /// An escape, just after its backslash; returns the character it stands for when it is a
    /// single one (for range checks).
    fn escape(&mut self, in_class: bool) -> Res<Option<char>> {
        let start = self.i - 1;
        let Some(c) = self.peek() else {
            return Err(self.err(start, "trailing `\\` escapes nothing"));
        };
        self.i += 1;
        let hex = |p: &mut Self, n: usize| -> Option<u32> {
            let digits: String = p.c.get(p.i..p.i + n)?.iter().collect();
            let v = u32::from_str_radix(&digits, 16).ok()?;
            (digits.len() == n && digits.chars().all(|c| c.is_ascii_hexdigit())).then(|| {
                p.i += n;
                v
            })
        };
        Ok(match c {
            '0' => {
                let mut v = 0u32;
                let mut n = 0;
                while n < 3 && self.peek().is_some_and(|c| ('0'..='7').contains(&c)) {
                    let next = v * 8 + self.peek().and_then(|c| c.to_digit(8)).unwrap_or(0);
                    if next > 0o377 {
                        break;
                    }
                    v = next;
                    n += 1;
                    self.i += 1;
                }
                if n == 0 {
                    return Err(self.err(
                        start,
                        "illegal octal escape: `\\0` must be followed by octal digits",
                    ));
                }
                char::from_u32(v)
            }
            '1'..='9' => {
                if in_class {
                    return Err(self.err(
                        start,
                        format!("`\\{c}` (a back reference) cannot appear in a character class"),
                    ));
                }
                None
            }
            'x' => {
                if self.peek() == Some('{') {
                    let from = self.i + 1;
                    let Some(len) = self.c[from..].iter().position(|&c| c == '}') else {
                        return Err(self.err(start, "unclosed hexadecimal escape `\\x{`"));
                    };
                    let digits: String = self.c[from..from + len].iter().collect();
                    let v = u32::from_str_radix(&digits, 16)
                        .ok()
                        .filter(|v| *v <= 0x10FFFF);
                    let Some(v) = v.filter(|_| !digits.is_empty()) else {
                        return Err(self.err(start, "illegal hexadecimal escape"));
                    };
                    self.i = from + len + 1;
                    char::from_u32(v)
                } else {
                    let Some(v) = hex(self, 2) else {
                        return Err(self.err(
                            start,
                            "illegal hexadecimal escape: `\\x` needs two hex digits",
                        ));
                    };
                    char::from_u32(v)
                }
            }
            'u' => {
                let Some(v) = hex(self, 4) else {
                    return Err(
                        self.err(start, "illegal Unicode escape: `\\u` needs four hex digits")
                    );
                };
                char::from_u32(v)
            }
            'c' => {
                let Some(x) = self.peek() else {
                    return Err(self.err(start, "`\\c` needs a control character letter"));
                };
                self.i += 1;
                char::from_u32((x as u32) ^ 64)
            }
            'p' | 'P' => {
                match self.peek() {
                    Some('{') => {
                        let from = self.i + 1;
                        match self.c[from..].iter().position(|&c| c == '}') {
                            Some(0) | None => {
                                return Err(self.err(
                                    start,
                                    format!("`\\{c}{{` needs a property name and a closing `}}`"),
                                ));
                            }
                            Some(len) => self.i = from + len + 1,
                        }
                    }
                    Some(x) if x.is_ascii_alphabetic() => self.i += 1,
                    _ => {
                        return Err(self.err(
                            start,
                            format!("`\\{c}` needs a property such as `\\{c}{{L}}`"),
                        ));
                    }
                }
                None
            }
            'k' => {
                if self.peek() != Some('<') {
                    return Err(self.err(start, "`\\k` needs a group name: `\\k<name>`"));
                }
                let from = self.i + 1;
                let Some(len) = self.c[from..].iter().position(|&c| c == '>') else {
                    return Err(self.err(start, "`\\k<` needs a closing `>`"));
                };
                let name: String = self.c[from..from + len].iter().collect();
                self.i = from + len + 1;
                if !self.names.contains(&name) {
                    return Err(self.err(
                        start,
                        format!("named group `{name}` is not defined before `\\k<{name}>`"),
                    ));
                }
                None
            }
            'N' => {
                if self.peek() != Some('{') || !self.c[self.i..].contains(&'}') {
                    return Err(self.err(start, "`\\N` needs a character name: `\\N{NAME}`"));
                }
                while self.peek() != Some('}') {
                    self.i += 1;
                }
                self.i += 1;
                None
            }
            'Q' => {
                // Quoted until `\E` or the end.
                let mut j = self.i;
                while j < self.c.len() && !(self.c[j] == '\\' && self.c.get(j + 1) == Some(&'E')) {
                    j += 1;
                }
                self.i = (j + 2).min(self.c.len());
                None
            }
            'b' if self.peek() == Some('{') => {
                while self.peek().is_some_and(|c| c != '}') {
                    self.i += 1;
                }
                if self.peek() != Some('}') {
                    return Err(self.err(start, "unclosed `\\b{`"));
                }
                self.i += 1;
                None
            }
            't' => Some('\t'),
            'n' => Some('\n'),
            'r' => Some('\r'),
            'f' => Some('\u{c}'),
            'a' => Some('\u{7}'),
            'e' => Some('\u{1b}'),
            'd' | 'D' | 'h' | 'H' | 's' | 'S' | 'v' | 'V' | 'w' | 'W' | 'b' | 'B' | 'A' | 'G'
            | 'z' | 'Z' | 'R' | 'X' | 'E' => None,
            c if c.is_ascii_alphabetic() => {
                return Err(self.err(start, format!("`\\{c}` is not an escape Java knows")));
            }
            c => Some(c),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Severity;
    use crate::validate::Format;
    use serde_json::json;

    fn ok(p: &str) -> bool {
        check_java_regex(p).is_ok()
    }

    #[test]
    fn valid_java_patterns() {
        for p in [
            "4\\d{2}",
            "5\\d{2}",
            "2\\d{2}|3\\d{2}",
            "",
            "default",
            "4..",
            "(4|5)\\d\\d",
            "[45]\\d{2}",
            "[^2]\\d{2}",
            "a{2,}",
            "a{2,5}?",
            "a*+",
            ".*Error.*",
            "(?i)error.*",
            "(?<code>4)\\d\\k<code>",
            "[]a]",
            "[a-z&&[^e]]",
            "\\Q{literal}\\E",
            "\\x41\\u0042\\x{1F600}",
            "\\p{Lu}\\pL\\P{IsAlphabetic}",
            "\\0101",
            "\\.\\-\\/",
            "^$",
            "(?:a|b)+",
            "(?=a)(?!b)(?<=c)(?<!d)",
            "[a-]",
            "[-a]",
            "\\cA",
            "\\Q unterminated",
            "$*",
        ] {
            assert!(ok(p), "{p}: {:?}", check_java_regex(p));
        }
    }

    #[test]
    fn invalid_java_patterns() {
        for (p, at) in [
            ("4\\d{2", 3),
            ("*", 0),
            ("a**", 2),
            ("(4", 0),
            ("4)", 1),
            ("[45", 0),
            ("a{3,1}", 1),
            ("${foo}", 1),
            ("a{x}", 1),
            ("\\y", 0),
            ("\\", 0),
            ("[z-a]", 2),
            ("\\x4", 0),
            ("\\u12", 0),
            ("(?<n>a)(?<n>b)", 7),
            ("\\k<m>", 0),
            ("(?y)", 0),
            ("\\0", 0),
            ("|+", 1),
            ("[]", 0),
            ("\\p", 0),
            ("(?<1>a)", 0),
        ] {
            let e = check_java_regex(p).expect_err(p);
            assert_eq!(e.index, at, "{p}: {e:?}");
        }
    }

    #[test]
    fn status_heuristic() {
        assert!(never_matches_status("4xx"));
        assert!(never_matches_status("2XX|3XX"));
        assert!(never_matches_status("default"));
        assert!(!never_matches_status("4\\d{2}"));
        assert!(!never_matches_status("404"));
    }

    #[test]
    fn invalid_selection_pattern_is_an_error_in_every_format() {
        let p = "/Resources/Get/Properties/Integration/IntegrationResponses/1/SelectionPattern";
        let bad = cfn(|d| *at(d, p) = json!("4\\d{2"));
        assert_eq!(
            only(Format::CloudFormation, &bad, SELECTION_PATTERN),
            vec![(p.to_string(), Severity::Error)]
        );
        assert!(only(Format::CloudFormation, &cfn(|_| {}), SELECTION_PATTERN).is_empty());

        let bad = oas(|d| {
            let r = at(
                d,
                "/paths/~1{folder}/get/x-amazon-apigateway-integration/responses",
            )
            .as_object_mut()
            .unwrap();
            r.insert("5**".into(), json!({"statusCode": "400"}));
        });
        assert_eq!(
            only(Format::OpenApi3, &bad, SELECTION_PATTERN),
            vec![(
                "/paths/~1{folder}/get/x-amazon-apigateway-integration/responses/5**".to_string(),
                Severity::Error
            )]
        );

        let bad = tf(|d| {
            at(d, "/resource/aws_api_gateway_integration_response/get_200")
                .as_object_mut()
                .unwrap()
                .insert("selection_pattern".into(), json!("(2\\d{2}"));
        });
        assert_eq!(
            only(Format::TerraformJson, &bad, SELECTION_PATTERN),
            vec![(
                "/resource/aws_api_gateway_integration_response/get_200/selection_pattern"
                    .to_string(),
                Severity::Error
            )]
        );
    }

    #[test]
    fn pattern_that_never_matches_a_status_is_a_warning() {
        let p = "/Resources/Get/Properties/Integration/IntegrationResponses/1/SelectionPattern";
        let bad = cfn(|d| *at(d, p) = json!("4xx"));
        assert_eq!(
            only(Format::CloudFormation, &bad, SELECTION_PATTERN_STATUS),
            vec![(p.to_string(), Severity::Warning)]
        );
    }
}
