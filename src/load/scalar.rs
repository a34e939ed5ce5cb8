//! What a plain (unquoted) YAML scalar means under the YAML 1.2 core schema: null, a boolean,
//! an integer, a float, or else the string it is written as.

use serde_json::{Number, Value};

/// The meaning of a plain scalar.
#[derive(Debug, Clone, PartialEq)]
pub enum Plain {
    /// `~`, `null`, `Null`, `NULL` or nothing.
    Null,
    /// `true` or `false` (also capitalised or in capitals).
    Bool(bool),
    /// An integer that fits 64 bits, signed or not.
    Int(i64),
    /// A non-negative integer above `i64::MAX` that fits 64 bits.
    UInt(u64),
    /// An integer too large for 64 bits (kept exact for messages).
    Big(i128),
    /// A float (`.inf` and `.nan` included).
    Float(f64),
    /// Anything else: a string.
    Str,
}

/// Reads a plain scalar's text.
pub fn resolve(text: &str) -> Plain {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "true" | "True" | "TRUE" => return Plain::Bool(true),
        "false" | "False" | "FALSE" => return Plain::Bool(false),
        _ => {}
    }
    if let Some(n) = int(text) {
        return n;
    }
    float(text).map_or(Plain::Str, Plain::Float)
}

fn int(text: &str) -> Option<Plain> {
    let (negative, digits) = match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (radix, digits) = if let Some(hex) = digits.strip_prefix("0x") {
        (16, hex)
    } else if let Some(oct) = digits.strip_prefix("0o") {
        (8, oct)
    } else {
        (10, digits)
    };
    if radix != 10 && text.starts_with(['-', '+']) {
        return None;
    }
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    let magnitude = match u128::from_str_radix(digits, radix) {
        Ok(m) => m,
        Err(_) => return Some(Plain::Big(if negative { i128::MIN } else { i128::MAX })),
    };
    let value = if negative {
        0i128.checked_sub_unsigned(magnitude)
    } else {
        i128::try_from(magnitude).ok()
    };
    let Some(value) = value else {
        return Some(Plain::Big(if negative { i128::MIN } else { i128::MAX }));
    };
    Some(if let Ok(i) = i64::try_from(value) {
        Plain::Int(i)
    } else if let Ok(u) = u64::try_from(value) {
        Plain::UInt(u)
    } else {
        Plain::Big(value)
    })
}

fn float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let negative = text.starts_with('-');
    match unsigned {
        ".inf" | ".Inf" | ".INF" => {
            return Some(if negative {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            });
        }
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => return Some(f64::NAN),
        _ => {}
    }
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let mantissa_ok = digits(whole)
        && digits(fraction)
        && (!whole.is_empty() || !fraction.is_empty())
        && (mantissa.contains('.') || exponent.is_some());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    if !(mantissa_ok && exponent_ok) {
        return None;
    }
    text.parse().ok()
}

/// The JSON value of a plain scalar. Numbers JSON cannot hold (integers beyond 64 bits,
/// infinities, NaN) stay the text they are written as.
pub fn plain_value(text: &str) -> Value {
    match resolve(text) {
        Plain::Null => Value::Null,
        Plain::Bool(b) => Value::Bool(b),
        Plain::Int(i) => Value::Number(i.into()),
        Plain::UInt(u) => Value::Number(u.into()),
        Plain::Big(_) => Value::String(text.to_string()),
        Plain::Float(f) => {
            Number::from_f64(f).map_or_else(|| Value::String(text.to_string()), Value::Number)
        }
        Plain::Str => Value::String(text.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn core_schema() {
        assert_eq!(resolve("~"), Plain::Null);
        assert_eq!(resolve(""), Plain::Null);
        assert_eq!(resolve("True"), Plain::Bool(true));
        assert_eq!(resolve("yes"), Plain::Str);
        assert_eq!(resolve("200"), Plain::Int(200));
        assert_eq!(resolve("-5"), Plain::Int(-5));
        assert_eq!(resolve("0x1F"), Plain::Int(31));
        assert_eq!(resolve("0o17"), Plain::Int(15));
        assert_eq!(resolve("18446744073709551615"), Plain::UInt(u64::MAX));
        assert_eq!(
            resolve("123456789012345678901234567890"),
            Plain::Big(123_456_789_012_345_678_901_234_567_890)
        );
        assert_eq!(resolve("1.5"), Plain::Float(1.5));
        assert_eq!(resolve("1e3"), Plain::Float(1000.0));
        assert_eq!(resolve(".5"), Plain::Float(0.5));
        assert_eq!(resolve("-.inf"), Plain::Float(f64::NEG_INFINITY));
        assert_eq!(resolve("1.2.3"), Plain::Str);
        assert_eq!(resolve("e3"), Plain::Str);
        assert_eq!(resolve("2010-09-09"), Plain::Str);
        assert_eq!(resolve("inf"), Plain::Str);
        assert_eq!(plain_value("1e400"), Value::String("1e400".into()));
        assert_eq!(plain_value("1.0"), serde_json::json!(1.0));
    }
}
