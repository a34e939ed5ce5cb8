//! Where an S3 bucket or key comes from: the route's path (`{folder}`, `uploads/{item}`), a
//! fixed name, or a request value API Gateway maps into the path override: a query string
//! (`{query.name}`), a header (`{header.x-key}`) or a stage variable (`{stageVariables.bucket}`).
//! The words are those of the mapping expressions (`model::mapping`), inside the braces that
//! already mean "taken from the request".

use crate::codes;
use crate::model::mapping::split_param;
use crate::model::{ApiPath, OpError, ParamIn, RequestParam, RequestSource};
use crate::services::args::{PathTemplate, Piece};

/// The words that name a request value inside braces.
const PREFIXES: [&str; 5] = ["path", "query", "querystring", "header", "stageVariables"];

/// A bucket or key argument.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Arg {
    /// Fixed text and route path parameters.
    Path(PathTemplate),
    /// A whole value from a query string, a header or a stage variable.
    Request(RequestSource),
}

impl Arg {
    /// The argument as a template for IAM patterns: a request value is one parameter (`*`).
    pub(super) fn template(&self) -> PathTemplate {
        match self {
            Arg::Path(t) => t.clone(),
            Arg::Request(s) => PathTemplate {
                pieces: vec![Piece::Param(s.to_string())],
            },
        }
    }

    /// The request value, when the argument is one.
    pub(super) fn request(&self) -> Option<&RequestSource> {
        match self {
            Arg::Request(s) => Some(s),
            Arg::Path(_) => None,
        }
    }
}

/// Parses argument `field` of a route on `path`. `${stageVariables.NAME}`, the spelling of a
/// stage variable in an `aws` path or a template, reads as `{stageVariables.NAME}`.
pub(super) fn parse(raw: &str, field: &'static str, path: &ApiPath) -> Result<Arg, OpError> {
    let raw = match raw.strip_prefix('$') {
        Some(rest) if rest.starts_with("{stageVariables.") && rest.ends_with('}') => rest,
        _ => raw,
    };
    if let Some(i) = raw.find("${") {
        let end = raw[i..].find('}').map_or(raw.len(), |e| i + e + 1);
        return Err(OpError::field(
            codes::REFERENCE,
            field,
            format!(
                "`{field}: {raw}`: `{}` cannot go in an S3 {field}; gatewright reads only route parameters, request values and fixed text there",
                &raw[i..end]
            ),
        )
        .help(if field == "bucket" {
            "own the bucket (`owns: { buckets: ... }`, then `bucket: <name>`), or take it from `{stageVariables.NAME}` with `allowed_buckets`"
        } else {
            "write the fixed text, or take the varying part from a `{param}` of the route, `{query.NAME}`, `{header.NAME}` or `{stageVariables.NAME}`"
        }));
    }
    let inners = braced(raw);
    let whole = inners.len() == 1 && raw.starts_with('{') && raw.ends_with('}');
    for inner in &inners {
        if path.has_param(inner.trim_end_matches('+')) || !inner.contains('.') {
            continue;
        }
        if !whole {
            return Err(OpError::field(
                codes::ARGUMENT,
                field,
                format!("`{field}: {raw}` mixes fixed text with `{{{inner}}}`; a query string, header or stage variable gives the whole {field}"),
            )
            .help(format!(
                "write `{field}: \"{{{inner}}}\"` and send the whole {field}, or take the varying part from a `{{param}}` of the route's path"
            )));
        }
        return request_value(raw, inner, field, path);
    }
    PathTemplate::parse(raw, field, path).map(Arg::Path)
}

/// The texts between `{` and `}` in `raw`.
fn braced(raw: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = raw;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            break;
        };
        out.push(&rest[start + 1..start + len]);
        rest = &rest[start + len + 1..];
    }
    out
}

/// `{query.name}`, `{header.x-key}`, `{stageVariables.bucket}` or `{path.folder}`.
fn request_value(
    raw: &str,
    inner: &str,
    field: &'static str,
    path: &ApiPath,
) -> Result<Arg, OpError> {
    if let Some(name) = inner.strip_prefix("stageVariables.") {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(OpError::field(
                codes::ARGUMENT,
                field,
                format!("`{name}` is not a stage variable name"),
            )
            .help("stage variable names use letters, digits and `_`"));
        }
        return Ok(Arg::Request(RequestSource::StageVariable(name.into())));
    }
    match split_param(inner) {
        Some((ParamIn::Path, name)) => {
            PathTemplate::parse(&format!("{{{name}}}"), field, path).map(Arg::Path)
        }
        Some((loc, name)) => Ok(Arg::Request(RequestSource::Method(RequestParam::new(
            loc, name,
        )))),
        None => {
            let hint = crate::suggest::respell_prefix(inner, &PREFIXES)
                .map(|s| format!("did you mean `{{{s}}}`? "))
                .unwrap_or_default();
            Err(OpError::field(
                codes::UNKNOWN_PATH_PARAM,
                field,
                format!("`{field}: {raw}` names `{{{inner}}}`, which is neither a path parameter of the route nor a request value"),
            )
            .help(format!(
                "{hint}write `{{param}}` for a path parameter of `{path}`, or `{{query.NAME}}`, `{{header.NAME}}` or `{{stageVariables.NAME}}`"
            )))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    #[test]
    fn request_values_are_read_in_the_mapping_words() {
        let path = p("/{folder}");
        let q = parse("{query.name}", "key", &path).unwrap();
        assert_eq!(
            q.request().unwrap().to_string(),
            "method.request.querystring.name"
        );
        let q2 = parse("{querystring.name}", "key", &path).unwrap();
        assert_eq!(q, q2);
        let h = parse("{header.x-key}", "key", &path).unwrap();
        assert_eq!(
            h.request().unwrap().to_string(),
            "method.request.header.x-key"
        );
        let s = parse("{stageVariables.bucket}", "bucket", &path).unwrap();
        assert_eq!(
            s,
            parse("${stageVariables.bucket}", "bucket", &path).unwrap()
        );
        assert_eq!(s.request().unwrap().to_string(), "stageVariables.bucket");
        assert_eq!(s.template().render(|_| "*".into()), "*");
        let f = parse("{path.folder}", "bucket", &path).unwrap();
        assert_eq!(f, parse("{folder}", "bucket", &path).unwrap());
        assert_eq!(
            parse("notes.txt", "key", &path).unwrap(),
            Arg::Path(PathTemplate {
                pieces: vec![Piece::Lit("notes.txt".into())]
            })
        );
    }

    #[test]
    fn a_dotted_path_parameter_stays_a_path_parameter() {
        let path = p("/{query.name}");
        assert!(matches!(
            parse("{query.name}", "key", &path).unwrap(),
            Arg::Path(_)
        ));
    }

    #[test]
    fn mixed_and_unknown_request_values_are_refused_with_the_right_form() {
        let path = p("/{folder}");
        let e = parse("uploads/{query.name}", "key", &path).unwrap_err();
        assert_eq!((e.code, e.field), (codes::ARGUMENT, Some("key")));
        assert!(e.help.unwrap().contains("`key: \"{query.name}\"`"));
        let e = parse("{heder.x-key}", "key", &path).unwrap_err();
        assert_eq!(e.code, codes::UNKNOWN_PATH_PARAM);
        assert!(
            e.help
                .unwrap()
                .starts_with("did you mean `{header.x-key}`?")
        );
        let e = parse("{stageVariables.a-b}", "bucket", &path).unwrap_err();
        assert_eq!(e.code, codes::ARGUMENT);
        let e = parse("{path.nope}", "bucket", &path).unwrap_err();
        assert_eq!(e.code, codes::UNKNOWN_PATH_PARAM);
    }
}
