//! JSON text as the project writes it, for every file it generates (outputs and the blueprint
//! schema alike): two-space indent, trailing newline.
//!
//! The text is exactly what `serde_json` writes (`to_string_pretty`, `to_string`: the same
//! escapes, number forms and layout; the tests compare the two), written by walking the
//! [`Value`] directly. Large APIs write megabytes of JSON per run, and the serializer's generic
//! machinery and byte-at-a-time escaping were a tenth of a run's instructions; here the search
//! for a byte that needs escaping looks at eight bytes at a time.

use serde_json::Value;

/// Where JSON text goes: a `String`, a byte vector, or a counter that keeps only the length.
trait Sink {
    fn put(&mut self, s: &str);
}

impl Sink for String {
    fn put(&mut self, s: &str) {
        self.push_str(s);
    }
}

impl Sink for Vec<u8> {
    fn put(&mut self, s: &str) {
        self.extend_from_slice(s.as_bytes());
    }
}

/// Counts the bytes written to it.
struct Count(usize);

impl Sink for Count {
    fn put(&mut self, s: &str) {
        self.0 += s.len();
    }
}

/// Text handed to an `io::Write` through a [`BufWriter`](std::io::BufWriter) of
/// [`Buffered::SIZE`] bytes: a large document is written to its file without ever being
/// whole in memory. The first error is kept and nothing more is written after it.
struct Buffered<'w> {
    out: std::io::BufWriter<&'w mut dyn std::io::Write>,
    err: Option<std::io::Error>,
}

impl Buffered<'_> {
    const SIZE: usize = 64 * 1024;
}

impl Sink for Buffered<'_> {
    fn put(&mut self, s: &str) {
        if self.err.is_none()
            && let Err(e) = std::io::Write::write_all(&mut self.out, s.as_bytes())
        {
            self.err = Some(e);
        }
    }
}

/// Writes [`pretty`]`(v)` to `out` without building the text.
pub fn pretty_to(out: &mut dyn std::io::Write, v: &Value) -> std::io::Result<()> {
    let mut b = Buffered {
        out: std::io::BufWriter::with_capacity(Buffered::SIZE, out),
        err: None,
    };
    write(&mut b, v, Some(0));
    b.put("\n");
    match b.err {
        // Dropped without flushing: nothing is written after an error.
        Some(e) => {
            let _ = b.out.into_parts();
            Err(e)
        }
        None => b.out.into_inner().map(|_| ()).map_err(|e| e.into_error()),
    }
}

/// `v` as two-space-indented JSON with a trailing newline.
pub fn pretty(v: &Value) -> String {
    let mut s = String::new();
    write(&mut s, v, Some(0));
    s.push('\n');
    s
}

/// The length in bytes of [`pretty`]`(v)`, counted without building the text, so a size check
/// (a template against CloudFormation's 1 MB) does not hold a second copy of a large document.
pub fn pretty_len(v: &Value) -> usize {
    let mut n = Count(0);
    write(&mut n, v, Some(0));
    n.0 + 1
}

/// `v` as compact JSON, as `serde_json::to_string` writes it.
pub fn compact(v: &Value) -> String {
    let mut s = String::new();
    write(&mut s, v, None);
    s
}

/// The length in bytes of [`compact`]`(v)`, counted without building the text.
pub fn compact_len(v: &Value) -> usize {
    let mut n = Count(0);
    write(&mut n, v, None);
    n.0
}

/// Whether [`compact_len`]`(v)` is at most `limit`, counted only until it is past it: a
/// large API's document is known to be too large for a template after its first few
/// hundred methods.
pub fn compact_len_at_most(v: &Value, limit: usize) -> bool {
    /// Takes the compact length of `v` from `left`; false once that runs out.
    fn take(v: &Value, left: &mut usize) -> bool {
        let mut spend = |n: usize| match left.checked_sub(n) {
            Some(rest) => {
                *left = rest;
                true
            }
            None => false,
        };
        match v {
            Value::Object(o) => {
                // Braces, and a comma between entries.
                if !spend(2 + o.len().saturating_sub(1)) {
                    return false;
                }
                o.iter().all(|(k, v)| {
                    let mut n = Count(1);
                    string(&mut n, k);
                    left.checked_sub(n.0).is_some_and(|rest| {
                        *left = rest;
                        take(v, left)
                    })
                })
            }
            Value::Array(a) => {
                spend(2 + a.len().saturating_sub(1)) && a.iter().all(|v| take(v, left))
            }
            scalar => spend(compact_len(scalar)),
        }
    }
    let mut left = limit;
    take(v, &mut left)
}

/// Appends `s` as a quoted, escaped JSON string.
pub fn push_str(out: &mut String, s: &str) {
    string(out, s);
}

/// Appends `s` as a quoted, escaped JSON string to bytes being written.
pub fn push_str_bytes(out: &mut Vec<u8>, s: &str) {
    string(out, s);
}

/// Writes `v`; `level` is the indentation depth when pretty, `None` for compact text.
fn write<S: Sink>(out: &mut S, v: &Value, level: Option<usize>) {
    match v {
        Value::Null => out.put("null"),
        Value::Bool(b) => out.put(if *b { "true" } else { "false" }),
        Value::Number(n) => out.put(&n.to_string()),
        Value::String(s) => string(out, s),
        Value::Array(a) => {
            if a.is_empty() {
                return out.put("[]");
            }
            out.put("[");
            let inner = level.map(|l| l + 1);
            for (i, x) in a.iter().enumerate() {
                if i > 0 {
                    out.put(",");
                }
                newline(out, inner);
                write(out, x, inner);
            }
            newline(out, level);
            out.put("]");
        }
        Value::Object(m) => {
            if m.is_empty() {
                return out.put("{}");
            }
            out.put("{");
            let inner = level.map(|l| l + 1);
            for (i, (k, x)) in m.iter().enumerate() {
                if i > 0 {
                    out.put(",");
                }
                newline(out, inner);
                string(out, k);
                out.put(if level.is_some() { ": " } else { ":" });
                write(out, x, inner);
            }
            newline(out, level);
            out.put("}");
        }
    }
}

/// A line break and `level` indents of two spaces, when pretty.
fn newline<S: Sink>(out: &mut S, level: Option<usize>) {
    const SPACES: &str = "\n                                                                ";
    let Some(level) = level else { return };
    let mut width = 2 * level;
    out.put(&SPACES[..1 + width.min(SPACES.len() - 1)]);
    width = width.saturating_sub(SPACES.len() - 1);
    while width > 0 {
        let n = width.min(SPACES.len() - 1);
        out.put(&SPACES[1..=n]);
        width -= n;
    }
}

/// `s` quoted: runs without special bytes are written whole, the rest escaped as
/// `serde_json` escapes them.
fn string<S: Sink>(out: &mut S, s: &str) {
    out.put("\"");
    let bytes = s.as_bytes();
    let mut start = 0;
    loop {
        let i = next_special(bytes, start);
        if start < i {
            out.put(&s[start..i]);
        }
        let Some(&b) = bytes.get(i) else { break };
        out.put(escape(b));
        start = i + 1;
    }
    out.put("\"");
}

/// The index of the first byte at or after `from` that JSON must escape (a quote, a
/// backslash, a control byte), or `bytes.len()`. Eight bytes are tested at a time: a byte's
/// high bit is set in `found` where it is below 0x20 or equal to one of the two; borrows only
/// carry past a byte that matched, so the lowest flagged byte is the first match.
fn next_special(bytes: &[u8], from: usize) -> usize {
    const ONES: u64 = u64::from_le_bytes([1; 8]);
    const HIGH: u64 = u64::from_le_bytes([0x80; 8]);
    let zero_in = |x: u64| x.wrapping_sub(ONES) & !x;
    let mut i = from;
    while let Some(chunk) = bytes.get(i..i + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        let below = x.wrapping_sub(ONES * 0x20) & !x;
        let found = (below
            | zero_in(x ^ (ONES * u64::from(b'"')))
            | zero_in(x ^ (ONES * u64::from(b'\\'))))
            & HIGH;
        if found != 0 {
            return i + (found.trailing_zeros() / 8) as usize;
        }
        i += 8;
    }
    while i < bytes.len() && !(bytes[i] < 0x20 || bytes[i] == b'"' || bytes[i] == b'\\') {
        i += 1;
    }
    i
}

/// The escape of a byte JSON must escape (a quote, a backslash, a control byte).
fn escape(b: u8) -> &'static str {
    const CONTROL: [&str; 32] = [
        "\\u0000", "\\u0001", "\\u0002", "\\u0003", "\\u0004", "\\u0005", "\\u0006", "\\u0007",
        "\\b", "\\t", "\\n", "\\u000b", "\\f", "\\r", "\\u000e", "\\u000f", "\\u0010", "\\u0011",
        "\\u0012", "\\u0013", "\\u0014", "\\u0015", "\\u0016", "\\u0017", "\\u0018", "\\u0019",
        "\\u001a", "\\u001b", "\\u001c", "\\u001d", "\\u001e", "\\u001f",
    ];
    match b {
        b'"' => "\\\"",
        b'\\' => "\\\\",
        _ => CONTROL[usize::from(b & 0x1f)],
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// Strings that cross the eight-byte chunks at every offset, with every byte JSON escapes,
    /// multi-byte characters and bytes just above and below the escaped ones.
    fn awkward_strings() -> Vec<String> {
        let mut out = vec![
            String::new(),
            "é\"\n".into(),
            "\u{7f}\u{80}\u{2028}😀".into(),
        ];
        let specials: Vec<char> = (0u8..0x20)
            .map(char::from)
            .chain(['"', '\\', '!', '#', '[', ']', ' '])
            .collect();
        for c in &specials {
            for at in 0..17 {
                let mut s: String = "abcdefghijklmnopq".chars().take(at).collect();
                s.push(*c);
                s.push_str("ÿé-tail-0123456789");
                out.push(s);
            }
        }
        out.push(specials.iter().collect());
        out
    }

    /// A document whose text crosses the 64 KiB buffer many times, with a string longer than
    /// the buffer: written to a writer, it is the text `pretty` builds, byte for byte.
    #[test]
    fn text_written_to_a_writer_is_the_text_built() {
        let long = "x\"y".repeat(40_000);
        let mut items: Vec<Value> = awkward_strings().into_iter().map(Value::from).collect();
        items.push(json!({ "long": long, "n": [1, 2.5, null, true] }));
        let doc = json!({ "a": items.clone(), "b": items, "c": {} });
        let mut written = Vec::new();
        pretty_to(&mut written, &doc).unwrap();
        assert!(written.len() > 3 * Buffered::SIZE);
        assert_eq!(String::from_utf8(written).unwrap(), pretty(&doc));
    }

    /// A writer's error comes back, and nothing is written after it.
    #[test]
    fn a_failing_writer_is_reported() {
        struct Full(usize);
        impl std::io::Write for Full {
            fn write(&mut self, b: &[u8]) -> std::io::Result<usize> {
                self.0 += 1;
                Err(std::io::Error::other(format!(
                    "full after {} bytes",
                    b.len()
                )))
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let mut full = Full(0);
        let doc = json!({ "a": "y".repeat(200_000), "b": "z".repeat(10) });
        assert!(pretty_to(&mut full, &doc).is_err());
        assert_eq!(full.0, 1);
    }

    #[test]
    fn text_is_what_serde_json_writes() {
        let strings = awkward_strings();
        let v = json!({
            "a": [1, 2.5, -3, 1e300, 0.1, u64::MAX, i64::MIN, null, true, false],
            "b": {"c": {}, "d": [], "e": [[], {}], "f": {"g": {"h": [{"i": [1]}]}}},
            "strings": strings.clone(),
            "keys": strings.iter().map(|s| (s.clone(), json!(s))).collect::<serde_json::Map<_, _>>(),
        });
        assert_eq!(pretty(&v), serde_json::to_string_pretty(&v).unwrap() + "\n");
        assert_eq!(compact(&v), serde_json::to_string(&v).unwrap());
        for s in &strings {
            let mut out = String::new();
            push_str(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
        for v in [json!(null), json!(1), json!("x"), json!([]), json!({})] {
            assert_eq!(pretty(&v), serde_json::to_string_pretty(&v).unwrap() + "\n");
        }
    }

    #[test]
    fn deep_nesting_indents_past_the_prepared_spaces() {
        let mut v = json!(["leaf"]);
        for _ in 0..70 {
            v = json!({ "k": v });
        }
        assert_eq!(pretty(&v), serde_json::to_string_pretty(&v).unwrap() + "\n");
    }

    #[test]
    fn lengths_match_the_written_text() {
        let v = json!({"a": [1, 2.5, "é\"\n", null], "b": {"c": true, "d": {}}, "e": []});
        assert_eq!(pretty_len(&v), pretty(&v).len());
        assert_eq!(compact_len(&v), serde_json::to_string(&v).unwrap().len());
        assert_eq!(pretty_len(&json!({})), 3);
        let samples = [
            v,
            json!({}),
            json!([]),
            json!("x"),
            json!([{"k\u{1}": [[], {}]}, 7]),
        ];
        for s in &samples {
            let len = compact_len(s);
            assert!(compact_len_at_most(s, len), "{s}");
            assert!(compact_len_at_most(s, len + 1), "{s}");
            assert!(!compact_len_at_most(s, len - 1), "{s}");
        }
    }
}
