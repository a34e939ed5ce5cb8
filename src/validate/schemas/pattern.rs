//! The `pattern` keyword, with its regular expression compiled the first time a string
//! reaches it instead of when the schema is compiled.
//!
//! The CloudFormation resource provider schemas hold about a hundred patterns, most of them on
//! properties a template never sets, and Unicode classes (`\p{L}`, `[\u0001-\uFFFF]`) make
//! them costly to compile: compiling them when the schema was built was a fifth of the time of
//! synthesizing the bundled blueprints. The pattern is translated from ECMA-262 and compiled
//! exactly as `jsonschema`'s own keyword does (`jsonschema_regex::to_rust_regex`, then
//! `fancy_regex` with its default limits), and the same literal patterns skip the regex
//! engine, so a string matches here exactly when it matched there.

use super::class_run::ClassRun;
use jsonschema::paths::Location;
use jsonschema::{Keyword, ValidationError};
use jsonschema_regex::PatternAnalysis;
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

/// The message prefix of a mismatch; [`mismatch`] reads the pattern back out of it.
const MISMATCH: &str = "does not match the pattern ";

/// How a string is tested against one pattern.
enum Test {
    /// `^prefix`.
    Prefix(String),
    /// `^exact$`.
    Exact(String),
    /// `^(a|b|c)$`.
    Alternation(Vec<String>),
    /// `^\S*$`.
    NoWhitespace,
    /// Anything else: the regex, compiled on first use (`None` when it cannot be).
    Regex(OnceLock<Option<Arc<Compiled>>>),
}

/// A pattern made ready on first use.
#[derive(Debug)]
enum Compiled {
    /// One class repeated over the whole string, tested without an automaton.
    Run(ClassRun),
    Regex(fancy_regex::Regex),
}

impl Compiled {
    /// Whether `text` matches; a match the engine gives up on (its backtracking limit) is
    /// not reported: the schema could not decide, and synth refuses output on an error.
    fn is_match(&self, text: &str) -> bool {
        match self {
            Compiled::Run(run) => run.matches(text),
            Compiled::Regex(regex) => regex.is_match(text).unwrap_or(true),
        }
    }
}

/// One `pattern` of a schema.
struct Pattern {
    source: String,
    test: Test,
}

/// The keyword's factory, for [`jsonschema::ValidationOptions::with_keyword`].
pub(super) fn factory<'a>(
    _: &'a Map<String, Value>,
    value: &'a Value,
    _: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    let source = value
        .as_str()
        .ok_or_else(|| ValidationError::schema("pattern must be a string"))?;
    let test = match jsonschema_regex::analyze_pattern(source) {
        Some(PatternAnalysis::Prefix(p)) => Test::Prefix(p.into_owned()),
        Some(PatternAnalysis::Exact(e)) => Test::Exact(e.into_owned()),
        Some(PatternAnalysis::Alternation(list)) => Test::Alternation(list),
        Some(PatternAnalysis::NoWhitespace) => Test::NoWhitespace,
        None => Test::Regex(OnceLock::new()),
    };
    Ok(Box::new(Pattern {
        source: source.to_string(),
        test,
    }))
}

/// The regex of ECMA-262 pattern `source`, compiled once per process whichever schema holds
/// it; `None` when it cannot be translated or compiled.
fn compiled(source: &str) -> Option<Arc<Compiled>> {
    static CACHE: Mutex<Option<HashMap<String, Option<Arc<Compiled>>>>> = Mutex::new(None);
    if let Ok(cache) = CACHE.lock()
        && let Some(found) = cache.as_ref().and_then(|c| c.get(source))
    {
        return found.clone();
    }
    let regex = compile(source).map(Arc::new);
    if let Ok(mut cache) = CACHE.lock() {
        cache
            .get_or_insert_with(HashMap::new)
            .insert(source.to_string(), regex.clone());
    }
    regex
}

/// Translates `source` as `jsonschema` does, then reads it as a class run or compiles it as
/// `jsonschema` does.
fn compile(source: &str) -> Option<Compiled> {
    let translated = jsonschema_regex::to_rust_regex(source).ok()?;
    match ClassRun::of(&translated) {
        Some(run) => Some(Compiled::Run(run)),
        None => fancy_regex::Regex::new(&translated)
            .ok()
            .map(Compiled::Regex),
    }
}

/// What a failed match reports: the pattern, or that it could not be compiled.
enum Outcome {
    Matches,
    Mismatch,
    Unusable,
}

impl Pattern {
    fn outcome(&self, text: &str) -> Outcome {
        let matches = match &self.test {
            Test::Prefix(p) => text.starts_with(p.as_str()),
            Test::Exact(e) => text == e,
            Test::Alternation(list) => list.iter().any(|a| a == text),
            Test::NoWhitespace => !jsonschema_regex::contains_ecma_whitespace(text),
            Test::Regex(cell) => match cell.get_or_init(|| compiled(&self.source)) {
                Some(compiled) => compiled.is_match(text),
                None => return Outcome::Unusable,
            },
        };
        if matches {
            Outcome::Matches
        } else {
            Outcome::Mismatch
        }
    }
}

impl<'i> Keyword<'i> for Pattern {
    fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
        let Some(text) = instance.as_str() else {
            return Ok(());
        };
        match self.outcome(text) {
            Outcome::Matches => Ok(()),
            Outcome::Mismatch => Err(ValidationError::custom(format!(
                "{MISMATCH}{}",
                self.source
            ))),
            Outcome::Unusable => Err(ValidationError::custom(format!(
                "the schema's pattern `{}` cannot be compiled",
                self.source
            ))),
        }
    }

    fn is_valid(&self, instance: &'i Value) -> bool {
        instance
            .as_str()
            .is_none_or(|text| matches!(self.outcome(text), Outcome::Matches))
    }
}

/// The pattern a string failed to match, when `keyword` and `message` are this keyword's
/// mismatch (so findings word it as they word the built-in keyword's).
pub(super) fn mismatch<'a>(keyword: &str, message: &'a str) -> Option<&'a str> {
    if keyword == "pattern" {
        message.strip_prefix(MISMATCH)
    } else {
        None
    }
}

/// The patterns of `schema` read as class runs that answer otherwise than their regex on
/// some of a set of texts (ASCII and Unicode letters, digits, spaces, line breaks, lengths
/// around common bounds).
#[cfg(test)]
pub(super) fn misread(schema: &Value) -> Vec<String> {
    let long = |n: usize| "a".repeat(n);
    let texts: Vec<String> = [
        "",
        "a",
        "Z9",
        "a b",
        "a\nb",
        "a\rb",
        "\u{2028}",
        "é",
        "日本",
        "١٢٣",
        "a_b-c.d/e:f@g+h=i",
        "#",
        "\t",
        "\u{a0}",
        "*",
        "arn:aws:s3:::b/k",
        "$LATEST",
    ]
    .iter()
    .map(|t| t.to_string())
    .chain([
        long(64),
        long(65),
        long(255),
        long(256),
        long(512),
        long(513),
        long(2048),
    ])
    .collect();
    patterns_where(schema, |p| {
        let Ok(translated) = jsonschema_regex::to_rust_regex(p) else {
            return false;
        };
        let (Some(run), Ok(regex)) = (
            ClassRun::of(&translated),
            fancy_regex::Regex::new(&translated),
        ) else {
            return false;
        };
        texts
            .iter()
            .any(|t| run.matches(t) != regex.is_match(t).unwrap_or(true))
    })
}

/// The patterns of `schema` (every string under a `pattern` key) that cannot be compiled:
/// with compiling left to first use, the schemas' tests look for them instead.
#[cfg(test)]
pub(super) fn unusable(schema: &Value) -> Vec<String> {
    patterns_where(schema, |p| {
        jsonschema_regex::analyze_pattern(p).is_none() && compile(p).is_none()
    })
}

/// The patterns of `schema` (every string under a `pattern` key) for which `keep` holds.
#[cfg(test)]
fn patterns_where(schema: &Value, keep: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![schema];
    while let Some(v) = stack.pop() {
        match v {
            Value::Object(m) => {
                if let Some(Value::String(p)) = m.get("pattern")
                    && keep(p)
                {
                    found.push(p.clone());
                }
                stack.extend(m.values());
            }
            Value::Array(a) => stack.extend(a),
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn both(schema: Value) -> (jsonschema::Validator, jsonschema::Validator) {
        let ours = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .with_keyword("pattern", factory)
            .build(&schema)
            .unwrap();
        let theirs = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft7)
            .build(&schema)
            .unwrap();
        (ours, theirs)
    }

    /// ECMA-262 classes (`\d`, `\w` ASCII; `\s` Unicode), literal shapes, anchors and Unicode
    /// text: the lazy keyword answers as the built-in one does.
    #[test]
    fn matches_what_the_built_in_keyword_matches() {
        let patterns = [
            r"^[a-zA-Z0-9-]+$",
            r"^\d{3}$",
            r"^\w+$",
            r"\s",
            r"^\S*$",
            r"^arn:",
            r"^exact$",
            r"^(GET|PUT|POST)$",
            r"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$",
            r"^[\u0009\u000A\u000D\u0020-\u00FF]+$",
            r"[\u0001-\uFFFF]",
            r"^(?!aws:).*",
            r"abc",
            r"^.*$",
            r"^.{2,3}$",
            r"^[.\-_/#A-Za-z0-9]{1,5}$",
            r"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$",
            r"^[^\s]+$",
            r"^[^/\s]+/[^/\s]+$",
        ];
        let texts = [
            "",
            "abc",
            "ABC-1",
            "123",
            "١٢٣",
            "é",
            "a b",
            "a\u{a0}b",
            "arn:aws",
            "exact",
            "GET",
            "get",
            "aws:x",
            "x_y",
            "日本",
            "tab\there",
            "a\nb",
            "a\u{2028}b",
            "abcdef",
            "a/b",
        ];
        for p in patterns {
            let (ours, theirs) = both(json!({ "pattern": p }));
            for t in texts {
                let v = json!(t);
                assert_eq!(ours.is_valid(&v), theirs.is_valid(&v), "{p} on {t:?}");
                assert_eq!(
                    ours.validate(&v).is_ok(),
                    theirs.is_valid(&v),
                    "{p} on {t:?}"
                );
            }
            assert!(ours.is_valid(&json!(5)), "{p}: only strings are tested");
        }
    }

    #[test]
    fn a_mismatch_names_the_pattern() {
        let (ours, _) = both(json!({ "pattern": "^[a-z]+$" }));
        let v = json!("A1");
        let err = ours.validate(&v).unwrap_err();
        let jsonschema::error::ValidationErrorKind::Custom { keyword, message } = err.kind() else {
            panic!("{err:?}");
        };
        assert_eq!(mismatch(keyword, message), Some("^[a-z]+$"));
    }

    #[test]
    fn an_unusable_pattern_is_reported_when_reached() {
        let (ours, _) = (
            jsonschema::options()
                .with_keyword("pattern", factory)
                .build(&json!({ "pattern": "(" }))
                .unwrap(),
            (),
        );
        assert!(!ours.is_valid(&json!("x")));
        assert!(
            ours.validate(&json!("x"))
                .unwrap_err()
                .to_string()
                .contains("cannot be compiled")
        );
    }
}
