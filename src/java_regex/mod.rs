//! Java regular expressions as API Gateway compiles them.
//!
//! API Gateway matches integration-response selection patterns with `java.util.regex`, at
//! deploy time. This module tells, at synth time and without a JVM, whether
//! `java.util.regex.Pattern.compile` (JDK 17) accepts a pattern, so a pattern Java refuses is
//! reported against the blueprint instead of failing a deployment, and one Java accepts is
//! never blocked. It follows Java's parser rule by rule (quoting, escapes, classes and ranges,
//! groups and inline flags, quantifiers, lookbehind lengths) and is tested against the verdicts
//! of a real JDK (`tests/java_regex.rs`, table written by `scripts/java-regex-verdicts`).
//!
//! Both lowering (blueprint overrides) and validation (the selection-pattern lint) use it.
//!
//! Known gap: `\N{NAME}` is accepted for any name of letters, digits, spaces and hyphens;
//! Java also checks the name against the Unicode character names.

mod class;
mod cursor;
mod escape;
mod parser;
mod property;
mod quote;
mod study;
#[cfg(test)]
mod tests;

/// Where and why Java would refuse a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegexError {
    /// 0-based index, in characters, of the construct at fault in the pattern as written.
    pub index: usize,
    /// What is wrong, in words a user can act on.
    pub message: String,
}

/// Checks `pattern` against the syntax `java.util.regex.Pattern` accepts (with no flags
/// passed to `compile`, as API Gateway does).
pub fn check(pattern: &str) -> Result<(), RegexError> {
    let original: Vec<char> = pattern.chars().collect();
    let unquoted = quote::unquote(&original);
    let cursor = cursor::Cursor::new(unquoted.chars, unquoted.origin, original.len());
    parser::Parser::new(cursor).pattern()
}
