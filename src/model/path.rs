//! Resource paths of a REST API: `/`, `/{folder}`, `/{folder}/{item}`, `/files/{key+}`.

use serde::Serialize;
use std::fmt;

/// One segment of a resource path.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Segment {
    /// A fixed segment such as `upload`.
    Literal(String),
    /// A path parameter `{name}`, or a greedy `{name+}` that matches the rest of the path.
    Param {
        /// The parameter name, as it appears in `method.request.path.<name>`.
        name: String,
        /// `{name+}`: matches one or more segments; only allowed last.
        greedy: bool,
    },
}

impl Segment {
    /// The segment as API Gateway's `PathPart` spells it.
    pub fn path_part(&self) -> String {
        match self {
            Segment::Literal(s) => s.clone(),
            Segment::Param {
                name,
                greedy: false,
            } => format!("{{{name}}}"),
            Segment::Param { name, greedy: true } => format!("{{{name}+}}"),
        }
    }
}

/// A resource path, parsed and checked against API Gateway's rules.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct ApiPath {
    segments: Vec<Segment>,
}

/// Why a path was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PathError(pub String);

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

fn valid_literal(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
}

fn valid_param_name(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

impl ApiPath {
    /// The root resource `/`.
    pub fn root() -> ApiPath {
        ApiPath { segments: vec![] }
    }

    /// Parses `/a/{b}/{c+}`. Refuses empty segments, characters API Gateway does not allow,
    /// duplicate parameter names and a greedy parameter that is not last.
    pub fn parse(s: &str) -> Result<ApiPath, PathError> {
        let Some(rest) = s.strip_prefix('/') else {
            return Err(PathError(format!("path `{s}` must start with `/`")));
        };
        let mut segments = Vec::new();
        if rest.is_empty() {
            return Ok(ApiPath { segments });
        }
        let rest = rest.strip_suffix('/').unwrap_or(rest);
        for raw in rest.split('/') {
            if let Some(inner) = raw.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
                let (name, greedy) = match inner.strip_suffix('+') {
                    Some(n) => (n, true),
                    None => (inner, false),
                };
                if !valid_param_name(name) {
                    return Err(PathError(format!(
                        "path parameter `{raw}` in `{s}`: names use letters, digits, `_`, `-` and `.`"
                    )));
                }
                if segments
                    .iter()
                    .any(|seg| matches!(seg, Segment::Param { name: n, .. } if n == name))
                {
                    return Err(PathError(format!(
                        "path parameter `{{{name}}}` appears twice in `{s}`"
                    )));
                }
                segments.push(Segment::Param {
                    name: name.to_string(),
                    greedy,
                });
            } else if valid_literal(raw) {
                segments.push(Segment::Literal(raw.to_string()));
            } else {
                return Err(PathError(format!(
                    "segment `{raw}` in `{s}`: API Gateway allows letters, digits, `.`, `_` and `-`, or one `{{param}}`"
                )));
            }
        }
        if let Some(pos) = segments
            .iter()
            .position(|seg| matches!(seg, Segment::Param { greedy: true, .. }))
            && pos + 1 != segments.len()
        {
            return Err(PathError(format!(
                "greedy parameter `{}` in `{s}` must be the last segment",
                segments[pos].path_part()
            )));
        }
        Ok(ApiPath { segments })
    }

    /// The segments, root first.
    pub fn segments(&self) -> &[Segment] {
        &self.segments
    }

    /// True for `/`.
    pub fn is_root(&self) -> bool {
        self.segments.is_empty()
    }

    /// The path without its last segment; `None` for the root.
    pub fn parent(&self) -> Option<ApiPath> {
        if self.segments.is_empty() {
            return None;
        }
        Some(ApiPath {
            segments: self.segments[..self.segments.len() - 1].to_vec(),
        })
    }

    /// The resource this one hangs under: its parent, or the root for the root itself.
    pub fn parent_or_root(&self) -> ApiPath {
        self.parent().unwrap_or_else(ApiPath::root)
    }

    /// The last segment as API Gateway's `PathPart` (`{item}`, `{key+}`); empty for the root.
    pub fn last_part(&self) -> String {
        self.segments
            .last()
            .map(|s| s.path_part())
            .unwrap_or_default()
    }

    /// Every proper ancestor except the root, then the path itself (for a non-root path).
    pub fn prefixes(&self) -> impl Iterator<Item = ApiPath> + '_ {
        (1..=self.segments.len()).map(|n| ApiPath {
            segments: self.segments[..n].to_vec(),
        })
    }

    /// The path parameters, in order, with their greedy flag.
    pub fn params(&self) -> impl Iterator<Item = (&str, bool)> {
        self.segments.iter().filter_map(|s| match s {
            Segment::Param { name, greedy } => Some((name.as_str(), *greedy)),
            Segment::Literal(_) => None,
        })
    }

    /// True when the path declares parameter `name`.
    pub fn has_param(&self, name: &str) -> bool {
        self.params().any(|(n, _)| n == name)
    }
}

impl fmt::Display for ApiPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.segments.is_empty() {
            return f.write_str("/");
        }
        for s in &self.segments {
            write!(f, "/{}", s.path_part())?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_paths() {
        for p in [
            "/",
            "/{folder}",
            "/{folder}/{item}",
            "/files/{key+}",
            "/v1.0/a_b-c",
        ] {
            assert_eq!(ApiPath::parse(p).unwrap().to_string(), p);
        }
        assert_eq!(ApiPath::parse("/a/").unwrap().to_string(), "/a");
        let p = ApiPath::parse("/{folder}/{item}").unwrap();
        assert_eq!(
            p.params().collect::<Vec<_>>(),
            vec![("folder", false), ("item", false)]
        );
        assert_eq!(p.parent().unwrap().to_string(), "/{folder}");
        assert_eq!(
            p.prefixes().map(|p| p.to_string()).collect::<Vec<_>>(),
            vec!["/{folder}", "/{folder}/{item}"]
        );
    }

    #[test]
    fn refuses_bad_paths() {
        for p in [
            "", "a", "//", "/a//b", "/{x}/{x}", "/{a+}/b", "/{}", "/a b", "/{a",
        ] {
            assert!(ApiPath::parse(p).is_err(), "{p} should be refused");
        }
    }
}
