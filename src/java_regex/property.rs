//! `\p{..}` and `\P{..}` properties: Java refuses a name it does not know (`\p{Foo}`), so the
//! checker knows Java's names: general categories, POSIX and `java.lang.Character` classes,
//! binary properties, and the Unicode blocks and scripts of `unicode_names.txt` (written from
//! a JDK by `scripts/java-regex-verdicts`).

use super::cursor::UNICODE_CHARACTER_CLASS;
use super::parser::{Parser, Res};

/// Block and script names, upper-cased, as the JDK lists them.
const UNICODE_NAMES: &str = include_str!("unicode_names.txt");

/// Names `forProperty` knows: general categories, POSIX classes, `java.lang.Character` ones.
const PROPERTIES: &[&str] = &[
    "Cn",
    "Lu",
    "Ll",
    "Lt",
    "Lm",
    "Lo",
    "Mn",
    "Me",
    "Mc",
    "Nd",
    "Nl",
    "No",
    "Zs",
    "Zl",
    "Zp",
    "Cc",
    "Cf",
    "Co",
    "Cs",
    "Pd",
    "Ps",
    "Pe",
    "Pc",
    "Po",
    "Sm",
    "Sc",
    "Sk",
    "So",
    "Pi",
    "Pf",
    "L",
    "M",
    "N",
    "Z",
    "C",
    "P",
    "S",
    "LC",
    "LD",
    "L1",
    "all",
    "ASCII",
    "Alnum",
    "Alpha",
    "Blank",
    "Cntrl",
    "Digit",
    "Graph",
    "Lower",
    "Print",
    "Punct",
    "Space",
    "Upper",
    "XDigit",
    "javaLowerCase",
    "javaUpperCase",
    "javaAlphabetic",
    "javaIdeographic",
    "javaTitleCase",
    "javaDigit",
    "javaDefined",
    "javaLetter",
    "javaLetterOrDigit",
    "javaJavaIdentifierStart",
    "javaJavaIdentifierPart",
    "javaUnicodeIdentifierStart",
    "javaUnicodeIdentifierPart",
    "javaIdentifierIgnorable",
    "javaSpaceChar",
    "javaWhitespace",
    "javaISOControl",
    "javaMirrored",
];

/// POSIX names under `(?U)` and after `Is`, upper-cased.
const POSIX: &[&str] = &[
    "ALPHA", "LOWER", "UPPER", "SPACE", "PUNCT", "XDIGIT", "ALNUM", "CNTRL", "DIGIT", "BLANK",
    "GRAPH", "PRINT",
];

/// Binary properties after `Is`, upper-cased (JDK 17 has no emoji properties).
const BINARY: &[&str] = &[
    "ALPHABETIC",
    "ASSIGNED",
    "CONTROL",
    "HEXDIGIT",
    "HEX_DIGIT",
    "IDEOGRAPHIC",
    "JOINCONTROL",
    "JOIN_CONTROL",
    "LETTER",
    "LOWERCASE",
    "NONCHARACTERCODEPOINT",
    "NONCHARACTER_CODE_POINT",
    "TITLECASE",
    "PUNCTUATION",
    "UPPERCASE",
    "WHITESPACE",
    "WHITE_SPACE",
    "WORD",
];

impl Parser {
    /// A property escape, with the cursor on its `p` or `P`: `\pL` or `\p{name}`.
    pub(super) fn property(&mut self, start: usize) -> Res<()> {
        let single_letter = self.c.next() != '{';
        if single_letter {
            self.c.unread();
        }
        self.c.next();
        let name = if single_letter {
            let c = self.c.at(self.c.i);
            self.c.read();
            c.to_string()
        } else {
            let from = self.c.i;
            self.c.set_mark('}');
            while self.c.read() != '}' {}
            self.c.set_mark('\0');
            let to = self.c.i;
            if to > self.c.len {
                return Err(self.c.err(start, "unclosed property `\\p{`"));
            }
            if from + 1 >= to {
                return Err(self.c.err(start, "empty property `\\p{}`"));
            }
            self.c.text(from, to - 1)
        };
        if known(&name, self.c.has(UNICODE_CHARACTER_CLASS)) {
            Ok(())
        } else {
            Err(self.c.err(
                start,
                format!(
                    "unknown property `{name}`: Java knows categories (`L`, `Lu`), POSIX names \
                     (`Alpha`), `java...` names, `IsX` (script or binary property), `InX` \
                     (block), `sc=`, `blk=`, `gc=`"
                ),
            ))
        }
    }
}

/// Whether Java knows property `name` (`posix_first`: under `(?U)`).
fn known(name: &str, posix_first: bool) -> bool {
    if let Some((key, value)) = name.split_once('=') {
        return match key.to_lowercase().as_str() {
            "sc" | "script" => unicode_name("script", value),
            "blk" | "block" => unicode_name("block", value),
            "gc" | "general_category" => PROPERTIES.contains(&value),
            _ => false,
        };
    }
    if let Some(block) = name.strip_prefix("In") {
        return unicode_name("block", block);
    }
    if let Some(short) = name.strip_prefix("Is") {
        let upper = short.to_uppercase();
        return BINARY.contains(&upper.as_str())
            || POSIX.contains(&upper.as_str())
            || PROPERTIES.contains(&short)
            || unicode_name("script", short);
    }
    posix_first && POSIX.contains(&name.to_uppercase().as_str()) || PROPERTIES.contains(&name)
}

/// Whether `name` is one of the block or script names (`kind`) Java accepts.
fn unicode_name(kind: &str, name: &str) -> bool {
    let upper = name.to_uppercase();
    UNICODE_NAMES
        .lines()
        .filter_map(|l| l.strip_prefix(kind)?.strip_prefix(' '))
        .any(|names| names.split('|').any(|n| n == upper))
}

#[cfg(test)]
mod tests {
    use super::known;

    #[test]
    fn java_property_names() {
        for name in [
            "L",
            "Lu",
            "IsLatin",
            "IsL",
            "Isalphabetic",
            "InGreek",
            "InBasic Latin",
            "InBASIC_LATIN",
            "sc=Latn",
            "blk=greek",
            "gc=Nd",
            "javaLowerCase",
            "IsPunct",
        ] {
            assert!(known(name, false), "{name}");
        }
        for name in [
            "Foo",
            "IsFoo",
            "InLatin",
            "lu",
            "sc=Nd",
            "x=L",
            "Alphabetic",
        ] {
            assert!(!known(name, false), "{name}");
        }
        assert!(known("alpha", true));
        assert!(!known("alpha", false));
    }
}
