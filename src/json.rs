//! JSON text as the project writes it, for every file it generates (outputs and the blueprint
//! schema alike): two-space indent, trailing newline.

use serde_json::Value;

/// `v` as two-space-indented JSON with a trailing newline.
pub fn pretty(v: &Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// The length in bytes of [`pretty`]`(v)`, counted while serializing, so a size check (a
/// template against CloudFormation's 1 MB) does not hold a second copy of a large document.
pub fn pretty_len(v: &Value) -> usize {
    let mut counter = Counter(0);
    let _ = serde_json::to_writer_pretty(&mut counter, v);
    counter.0 + 1
}

/// The length in bytes of `v` as compact JSON (`serde_json::to_string`), counted without
/// building the text.
pub fn compact_len(v: &Value) -> usize {
    let mut counter = Counter(0);
    let _ = serde_json::to_writer(&mut counter, v);
    counter.0
}

/// An `io::Write` that only counts the bytes written to it.
struct Counter(usize);

impl std::io::Write for Counter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.len();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn lengths_match_the_written_text() {
        let v = json!({"a": [1, 2.5, "é\"\n", null], "b": {"c": true, "d": {}}, "e": []});
        assert_eq!(pretty_len(&v), pretty(&v).len());
        assert_eq!(compact_len(&v), serde_json::to_string(&v).unwrap().len());
        assert_eq!(pretty_len(&json!({})), 3);
    }
}
