//! Patterns that are one character class repeated over the whole string (`^.*$`,
//! `^[.\-_/#A-Za-z0-9]{1,512}$`, `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$`), tested a character at a
//! time against the class's ranges instead of by a compiled automaton.
//!
//! Most patterns the provider schemas hold on properties a template sets have this shape, and
//! building an automaton for a Unicode class (or for a bounded repetition, one copy per
//! count) cost about a tenth of a millisecond each: a twentieth of synthesizing the bundled
//! blueprints. The class is read from the same translated pattern the regex would be built
//! from, by the parser the regex engine uses (`regex-syntax`, with the engine's defaults), so
//! it holds exactly the characters the regex's class holds.

use regex_syntax::hir::{Class, HirKind, Look};
use std::cmp::Ordering;

/// `^` class repeated `min` to `max` times `$`.
#[derive(Debug)]
pub(super) struct ClassRun {
    /// Sorted, disjoint, inclusive.
    ranges: Vec<(char, char)>,
    min: usize,
    /// `None`: no upper bound.
    max: Option<usize>,
}

impl ClassRun {
    /// The run `translated` (a pattern as the regex engine reads it) is, when it is one.
    pub(super) fn of(translated: &str) -> Option<ClassRun> {
        let hir = regex_syntax::Parser::new().parse(translated).ok()?;
        let HirKind::Concat(parts) = hir.kind() else {
            return None;
        };
        let [start, body, end] = parts.as_slice() else {
            return None;
        };
        if start.kind() != &HirKind::Look(Look::Start) || end.kind() != &HirKind::Look(Look::End) {
            return None;
        }
        let body = match body.kind() {
            HirKind::Capture(c) => &*c.sub,
            _ => body,
        };
        let HirKind::Repetition(rep) = body.kind() else {
            return None;
        };
        let HirKind::Class(Class::Unicode(class)) = rep.sub.kind() else {
            return None;
        };
        Some(ClassRun {
            ranges: class
                .ranges()
                .iter()
                .map(|r| (r.start(), r.end()))
                .collect(),
            min: usize::try_from(rep.min).ok()?,
            max: match rep.max {
                Some(m) => Some(usize::try_from(m).ok()?),
                None => None,
            },
        })
    }

    /// Whether all of `text` is the run.
    pub(super) fn matches(&self, text: &str) -> bool {
        let mut count = 0usize;
        for c in text.chars() {
            count += 1;
            if self.max.is_some_and(|max| count > max) || !self.holds(c) {
                return false;
            }
        }
        count >= self.min
    }

    fn holds(&self, c: char) -> bool {
        self.ranges
            .binary_search_by(|&(lo, hi)| {
                if hi < c {
                    Ordering::Less
                } else if lo > c {
                    Ordering::Greater
                } else {
                    Ordering::Equal
                }
            })
            .is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_only_whole_string_runs() {
        for (p, run) in [
            ("^.*$", true),
            ("^[a-z]{1,3}$", true),
            ("^([a-z]*)$", true),
            ("^[a-z]+", false),
            ("[a-z]+$", false),
            ("^[a-z]+x$", false),
            ("^(a|bc)*$", false),
        ] {
            assert_eq!(ClassRun::of(p).is_some(), run, "{p}");
        }
        let r = ClassRun::of("^[a-cé]{2,3}$").unwrap();
        assert!(r.matches("abé") && r.matches("cc"));
        assert!(!r.matches("a") && !r.matches("abca") && !r.matches("abd"));
        let any = ClassRun::of("^.*$").unwrap();
        assert!(any.matches("") && any.matches("日本 x") && !any.matches("a\nb"));
    }
}
