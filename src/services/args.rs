//! Argument values that services share: templates such as `{folder}` or `uploads/{item}`
//! that take parts of the route's path.

use crate::codes;
use crate::model::{ApiPath, OpError};

/// Refuses a `field` value outside `range` ("`field` must be `start` to `end`").
pub fn check_range<T: PartialOrd + std::fmt::Display>(
    value: Option<T>,
    range: std::ops::RangeInclusive<T>,
    field: &'static str,
) -> Result<(), OpError> {
    match value {
        Some(v) if !range.contains(&v) => Err(OpError::field(
            codes::ARGUMENT,
            field,
            format!("{field} must be {} to {}", range.start(), range.end()),
        )),
        _ => Ok(()),
    }
}

/// A piece of an argument template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Fixed text.
    Lit(String),
    /// The value of route path parameter `name`.
    Param(String),
}

/// An argument such as `bucket: "{folder}"` or `key: "uploads/{item}"`, checked against the
/// route so every `{name}` is one of its path parameters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathTemplate {
    /// The pieces in order; adjacent literals are merged.
    pub pieces: Vec<Piece>,
}

impl PathTemplate {
    /// Parses `raw` for argument `field` of a route on `path`.
    pub fn parse(raw: &str, field: &'static str, path: &ApiPath) -> Result<PathTemplate, OpError> {
        let mut pieces = Vec::new();
        let mut rest = raw;
        while !rest.is_empty() {
            match rest.find('{') {
                Some(0) => {
                    let end = rest.find('}').ok_or_else(|| {
                        OpError::field(
                            codes::ARGUMENT,
                            field,
                            format!("`{raw}` has a `{{` without a closing `}}`"),
                        )
                    })?;
                    let inner = &rest[1..end];
                    let name = inner.trim_end_matches('+');
                    if !path.has_param(name) {
                        let known: Vec<String> =
                            path.params().map(|(n, _)| format!("{{{n}}}")).collect();
                        let help = if known.is_empty() {
                            format!(
                                "the route `{path}` has no path parameters; add one to the route, or write a fixed value"
                            )
                        } else {
                            format!("the route `{path}` has {}", known.join(", "))
                        };
                        return Err(OpError::field(
                            codes::UNKNOWN_PATH_PARAM,
                            field,
                            format!("`{field}: {raw}` names `{{{name}}}`, which is not a path parameter of the route"),
                        )
                        .help(help));
                    }
                    check_greedy(raw, inner, name, field, path)?;
                    pieces.push(Piece::Param(name.to_string()));
                    rest = &rest[end + 1..];
                }
                Some(i) => {
                    push_lit(&mut pieces, &rest[..i]);
                    rest = &rest[i..];
                }
                None => {
                    push_lit(&mut pieces, rest);
                    rest = "";
                }
            }
        }
        if pieces.is_empty() {
            return Err(OpError::field(
                codes::ARGUMENT,
                field,
                format!("`{field}` must not be empty"),
            ));
        }
        Ok(PathTemplate { pieces })
    }

    /// The parameter when the whole template is one `{name}`.
    pub fn single_param(&self) -> Option<&str> {
        match self.pieces.as_slice() {
            [Piece::Param(p)] => Some(p),
            _ => None,
        }
    }

    /// The literal when the template has no parameter.
    pub fn literal(&self) -> Option<&str> {
        match self.pieces.as_slice() {
            [Piece::Lit(s)] => Some(s),
            _ => None,
        }
    }

    /// The parameters it uses, in order.
    pub fn params(&self) -> impl Iterator<Item = &str> {
        self.pieces.iter().filter_map(|p| match p {
            Piece::Param(n) => Some(n.as_str()),
            Piece::Lit(_) => None,
        })
    }

    /// The template with each parameter written by `param` (for IAM patterns and JSON).
    pub fn render(&self, mut param: impl FnMut(&str) -> String) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => s.clone(),
                Piece::Param(n) => param(n),
            })
            .collect()
    }

    /// The template as part of a URI path, each parameter written by `param`: fixed text is
    /// percent-encoded except `/` and RFC 3986's unreserved characters, so a key such as
    /// `notes#1.txt` names that object instead of ending the path at a fragment.
    pub fn render_uri(&self, mut param: impl FnMut(&str) -> String) -> String {
        self.pieces
            .iter()
            .map(|p| match p {
                Piece::Lit(s) => percent_encode_path(s),
                Piece::Param(n) => param(n),
            })
            .collect()
    }
}

/// `{name}` and `{name+}` both name the route's `{name+}` (one parameter, whose value keeps
/// its `/`), but `{name+}` on a route whose `{name}` is not greedy asks for something the
/// route does not give: that is refused, saying which form is meant.
fn check_greedy(
    raw: &str,
    inner: &str,
    name: &str,
    field: &'static str,
    path: &ApiPath,
) -> Result<(), OpError> {
    let greedy_route = path.params().any(|(n, g)| n == name && g);
    if inner.ends_with('+') && !greedy_route {
        return Err(OpError::field(
            codes::ARGUMENT,
            field,
            format!(
                "`{field}: {raw}` asks for a greedy `{{{name}+}}`, but the route `{path}` has a plain `{{{name}}}`, which never holds `/`"
            ),
        )
        .help(format!(
            "write `{{{name}}}`, or make the route's parameter greedy: `{{{name}+}}` as its last part"
        )));
    }
    Ok(())
}

/// Percent-encodes every byte of `s` but `/` and the unreserved `A-Z a-z 0-9 - . _ ~`.
fn percent_encode_path(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

fn push_lit(pieces: &mut Vec<Piece>, s: &str) {
    if s.is_empty() {
        return;
    }
    if let Some(Piece::Lit(last)) = pieces.last_mut() {
        last.push_str(s);
    } else {
        pieces.push(Piece::Lit(s.to_string()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn templates_refer_to_route_params() {
        let path = ApiPath::parse("/{folder}/{item}").unwrap();
        let t = PathTemplate::parse("{folder}", "bucket", &path).unwrap();
        assert_eq!(t.single_param(), Some("folder"));
        let t = PathTemplate::parse("uploads/{item}.bin", "key", &path).unwrap();
        assert_eq!(t.render(|_| "*".into()), "uploads/*.bin");
        assert_eq!(
            PathTemplate::parse("photos", "bucket", &path)
                .unwrap()
                .literal(),
            Some("photos")
        );
        let e = PathTemplate::parse("{fodler}", "bucket", &path).unwrap_err();
        assert_eq!(e.code, codes::UNKNOWN_PATH_PARAM);
        assert!(e.help.unwrap().contains("{folder}"));
        assert!(PathTemplate::parse("{folder", "bucket", &path).is_err());
        let e = PathTemplate::parse("{item+}", "key", &path).unwrap_err();
        assert_eq!((e.code, e.field), (codes::ARGUMENT, Some("key")));
        assert!(e.message.contains("plain `{item}`"), "{}", e.message);
        assert!(e.help.unwrap().starts_with("write `{item}`"));
        assert!(PathTemplate::parse("", "bucket", &path).is_err());
    }

    #[test]
    fn both_spellings_name_a_greedy_parameter() {
        let path = ApiPath::parse("/{folder}/{key+}").unwrap();
        for raw in ["{key}", "{key+}"] {
            let t = PathTemplate::parse(raw, "key", &path).unwrap();
            assert_eq!(t.single_param(), Some("key"), "{raw}");
        }
    }

    #[test]
    fn fixed_text_is_percent_encoded_in_uris_only() {
        let path = ApiPath::parse("/{item}").unwrap();
        let t = PathTemplate::parse("notes #1/$x é+{item}", "key", &path).unwrap();
        assert_eq!(
            t.render_uri(|p| format!("{{{p}}}")),
            "notes%20%231/%24x%20%C3%A9%2B{item}"
        );
        assert_eq!(t.render(|_| "*".into()), "notes #1/$x é+*");
        let plain = PathTemplate::parse("a-b_c.d~e/f", "key", &path).unwrap();
        assert_eq!(plain.render_uri(|_| String::new()), "a-b_c.d~e/f");
    }
}
