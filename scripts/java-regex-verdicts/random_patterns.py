#!/usr/bin/env python3
"""Seeded random patterns for a differential run of the Java-regex checker against a JDK.

    python3 random_patterns.py SEED COUNT > /tmp/patterns.txt
    java Verdicts.java /tmp/patterns.txt > /tmp/verdicts.tsv
    JAVA_REGEX_VERDICTS=/tmp/verdicts.tsv cargo test --test java_regex -- --ignored

Patterns are short strings of regex metacharacters and constructs (classes, escapes,
quantifiers, lookbehinds, inline flags, comments mode, quoting), the places where a checker and
java.util.regex are most likely to part ways. The committed table stays hand-written; this is
for finding rows worth adding to it.
"""
import random
import sys

TOKENS = list("ab()[]{}*+?|^$.\\-&,019<>=!:#xQEpPkuNc ") + [
    "(?<=", "(?<!", "(?:", "(?=", "(?>", "(?<n>", "\\k<n>", "(?x)", "(?i)", "(?iu)", "(?c)",
    "(?U)", "(?-i)", "\\p{L}", "\\pL", "\\p{IsLatin}", "\\p{InGreek}", "\\d", "\\w", "\\s",
    "\\h", "\\v", "\\b", "\\b{g}", "\\R", "\\X", "\\1", "\\0", "\\x41", "\\x{41}", "\\u0041",
    "\\cA", "\\Q", "\\E", "{2}", "{2,}", "{0,1}", "{1,3}", "{1073741824}", "[a-z]", "[^", "&&",
    "]]", "[[", "\\[", "\\]", "\u240a", "\u2409", "\u00e9", "\U0001F600",
]


def main():
    seed, count = int(sys.argv[1]), int(sys.argv[2])
    rng = random.Random(seed)
    out = set()
    while len(out) < count:
        p = "".join(rng.choice(TOKENS) for _ in range(rng.randint(1, 10)))
        if p.strip() and not p.startswith("## "):
            out.add(p)
    sys.stdout.write("".join(p + "\n" for p in sorted(out)))


if __name__ == "__main__":
    main()
