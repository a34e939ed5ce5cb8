//! `$util`: the helper functions API Gateway gives templates, with the exact escaping of the
//! Java libraries behind them.

use super::value::Value;

/// The functions of `$util`, as API Gateway documents them.
pub const FUNCTIONS: [&str; 6] = [
    "escapeJavaScript",
    "parseJson",
    "urlEncode",
    "urlDecode",
    "base64Encode",
    "base64Decode",
];

/// Runs `$util.name(arg)`; `Err` holds why it failed.
pub fn call(name: &str, arg: &Value) -> Result<Value, String> {
    let Some(text) = arg.as_string() else {
        return Ok(Value::Null);
    };
    Ok(match name {
        "escapeJavaScript" => Value::str(escape_javascript(&text)),
        "urlEncode" => Value::str(url_encode(&text)),
        "urlDecode" => Value::str(url_decode(&text)?),
        "base64Encode" => Value::str(base64_encode(text.as_bytes())),
        "base64Decode" => {
            let bytes = base64_decode(&text)?;
            Value::str(String::from_utf8_lossy(&bytes))
        }
        "parseJson" => {
            let j: serde_json::Value = serde_json::from_str(&text)
                .map_err(|e| format!("`$util.parseJson` was given text that is not JSON: {e}"))?;
            Value::from_json(&j)
        }
        other => {
            return Err(format!(
                "`$util.{other}` is not one of API Gateway's functions ({})",
                FUNCTIONS.join(", ")
            ));
        }
    })
}

/// JavaScript string escaping as Apache Commons Lang 2 does it for API Gateway: `"`, `\`,
/// `/` and (unlike JSON) `'` get a backslash; control characters their short escapes or
/// `\u00XX`; every character above ASCII becomes `\uXXXX` (UTF-16, upper-case hex).
pub fn escape_javascript(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for unit in s.encode_utf16() {
        match unit {
            0x08 => out.push_str("\\b"),
            0x09 => out.push_str("\\t"),
            0x0A => out.push_str("\\n"),
            0x0C => out.push_str("\\f"),
            0x0D => out.push_str("\\r"),
            0x27 => out.push_str("\\'"),
            0x22 => out.push_str("\\\""),
            0x5C => out.push_str("\\\\"),
            0x2F => out.push_str("\\/"),
            u if !(0x20..=0x7F).contains(&u) => out.push_str(&format!("\\u{u:04X}")),
            u => out.push(char::from(u as u8)),
        }
    }
    out
}

/// `java.net.URLEncoder.encode(s, "UTF-8")`: letters, digits and `.-*_` stay, a space
/// becomes `+`, every other byte `%XX`.
pub fn url_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'.' | b'-' | b'*' | b'_' => {
                out.push(char::from(b));
            }
            b' ' => out.push('+'),
            b => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `java.net.URLDecoder.decode(s, "UTF-8")`: `+` is a space, `%XX` a byte.
pub fn url_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or_else(|| {
                        format!(
                            "`$util.urlDecode`: `%` at byte {i} is not followed by two hex digits"
                        )
                    })?;
                out.push(hex);
                i += 2;
            }
            b => out.push(b),
        }
        i += 1;
    }
    Ok(String::from_utf8_lossy(&out).into_owned())
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Standard base64 with padding.
pub fn base64_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |acc, (k, b)| acc | (u32::from(*b) << (16 - 8 * k)));
        for k in 0..4 {
            if k <= chunk.len() {
                out.push(char::from(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// Standard base64 (padding optional); refuses other characters.
pub fn base64_decode(s: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(s.len() / 4 * 3);
    let mut acc = 0u32;
    let mut bits = 0;
    for (k, c) in s.trim_end_matches('=').bytes().enumerate() {
        let v = ALPHABET.iter().position(|a| *a == c).ok_or_else(|| {
            format!(
                "`$util.base64Decode`: `{}` at {k} is not a base64 character",
                char::from(c)
            )
        })?;
        acc = (acc << 6) | v as u32;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}
