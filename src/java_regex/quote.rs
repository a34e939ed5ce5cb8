//! `\Q...\E` quoting. Java rewrites quoted text into escaped characters before it parses the
//! pattern, so `[\Q]\E]` is a class holding `]` and `a\Q\E{2}` repeats `a`. Doing the same
//! rewrite here keeps every later rule identical to Java's; each rewritten character remembers
//! where it came from so that errors point into the text the user wrote.

/// The pattern after quoting is rewritten, and for each of its characters the index of the
/// character of the original pattern it stands for.
pub(super) struct Unquoted {
    pub chars: Vec<char>,
    pub origin: Vec<usize>,
}

/// Rewrites every `\Q...\E` (or `\Q...` up to the end) of `p` into escaped characters.
pub(super) fn unquote(p: &[char]) -> Unquoted {
    let mut out = Unquoted {
        chars: Vec::with_capacity(p.len()),
        origin: Vec::with_capacity(p.len()),
    };
    let push = |out: &mut Unquoted, c: char, from: usize| {
        out.chars.push(c);
        out.origin.push(from);
    };
    let mut i = 0;
    let mut quoting = false;
    // Right after `\Q` a digit is written as `\x3N`, so that it cannot extend an octal or
    // hexadecimal escape that ended just before the quote.
    let mut quote_start = false;
    while i < p.len() {
        let c = p[i];
        if !quoting {
            if c == '\\' && p.get(i + 1) == Some(&'Q') {
                quoting = true;
                quote_start = true;
                i += 2;
                continue;
            }
            push(&mut out, c, i);
            if c == '\\' && i + 1 < p.len() {
                push(&mut out, p[i + 1], i + 1);
                i += 1;
            }
            i += 1;
            continue;
        }
        if c == '\\' && p.get(i + 1) == Some(&'E') {
            quoting = false;
            i += 2;
            quote_start = false;
            continue;
        }
        if c.is_ascii_digit() {
            if quote_start {
                for x in ['\\', 'x', '3'] {
                    push(&mut out, x, i);
                }
            }
        } else if c.is_ascii() && !c.is_ascii_alphabetic() {
            push(&mut out, '\\', i);
        }
        push(&mut out, c, i);
        quote_start = false;
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(p: &str) -> String {
        unquote(&p.chars().collect::<Vec<_>>())
            .chars
            .iter()
            .collect()
    }

    #[test]
    fn quoted_text_becomes_escaped_characters() {
        assert_eq!(text("a\\Q.*\\E+"), "a\\.\\*+");
        assert_eq!(text("\\Q1\\E"), "\\x31");
        assert_eq!(text("\\Qa1\\E"), "a1");
        assert_eq!(text("\\Q\\"), "\\\\");
        assert_eq!(text("\\\\Q"), "\\\\Q");
        assert_eq!(text("[\\Q]\\E]"), "[\\]]");
        assert_eq!(text("\\Qé\\E"), "é");
    }

    #[test]
    fn characters_remember_their_origin() {
        let u = unquote(&"x\\Q.\\Ey".chars().collect::<Vec<_>>());
        assert_eq!(u.origin, vec![0, 3, 3, 6]);
    }
}
