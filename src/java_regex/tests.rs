//! The checker's own cases (positions included); `tests/java_regex.rs` holds Java's verdicts
//! on several hundred more.

use super::check;

fn ok(p: &str) -> bool {
    check(p).is_ok()
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
        assert!(ok(p), "{p}: {:?}", check(p));
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
        let e = check(p).expect_err(p);
        assert_eq!(e.index, at, "{p}: {e:?}");
    }
}

/// Java compiles these; the checker used to refuse them (blocking synth).
#[test]
fn patterns_java_accepts_that_were_refused() {
    for p in [
        "a{2}{3}",
        "a*{2}",
        "{2}",
        "x|{2}",
        "\\b{2}",
        "[\\d-z]",
        "[a&&]",
        "(?<=a+)b",
        "(?<=a{2,})b",
        "(?x)a # {",
        "a\\Q\\E{2}",
        "(?<n>\\k<n>)",
        "[\\Q]\\E]",
    ] {
        assert!(ok(p), "{p}: {:?}", check(p));
    }
}

/// Java refuses these; the checker used to accept them (failing at deploy).
#[test]
fn patterns_java_refuses_that_were_accepted() {
    for (p, at) in [
        ("[a-\\d]", 2),
        ("[a-\\w]", 2),
        ("[a-\\s]", 2),
        ("[a-\\p{L}]", 2),
        ("[a-\\v]", 2),
        ("a{2}*", 4),
        ("\\E", 0),
        ("\\b{gx", 0),
        ("[\\b]", 1),
        ("[\\R]", 1),
        ("\\p{Foo}", 0),
        ("\\p{InLatin}", 0),
        ("\\x{110000}", 0),
        ("(?<=(?:ab)*)c", 0),
        ("(?<=x(a)*)b", 0),
        ("(?<=(a)\\1)b", 0),
        ("(?x)[ ]", 4),
        ("(?x)a{ 2 }", 5),
        ("(?<n_1>a)", 0),
        ("(?$a)", 0),
        ("\\Qa\\E\\", 5),
        ("\\08", 0),
    ] {
        let e = check(p).expect_err(p);
        assert_eq!(e.index, at, "{p}: {e:?}");
    }
}

#[test]
fn errors_point_into_the_pattern_as_written() {
    // After a quoted run, positions still count the characters the user wrote.
    let e = check("\\Q(((\\E[z-a]").expect_err("range");
    assert_eq!(e.index, 9);
    let e = check("abc\\").expect_err("trailing");
    assert_eq!(e.index, 3);
}
