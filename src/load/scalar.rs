//! What a plain (unquoted) YAML scalar means: null, a boolean, an integer, a float, or else
//! the string it is written as. Blueprints are read under the YAML 1.2 core schema; documents
//! for CloudFormation under the YAML 1.1 rules CloudFormation follows (`yes`/`no`/`on`/`off`
//! are booleans, `017` is octal, `0o17` is text), as cfn-lint's decoder (PyYAML) reads them.

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

/// Whether `text` starts with `-`, and the text after its sign.
fn split_sign(text: &str) -> Option<(bool, &str)> {
    Some(match text.as_bytes().first()? {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    })
}

fn int(text: &str) -> Option<Plain> {
    let (negative, digits) = split_sign(text)?;
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

/// `.inf`, `-.inf`, `.nan` and their capitalized forms, which YAML 1.1 and 1.2 share.
fn special_float(text: &str) -> Option<f64> {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    match unsigned {
        ".inf" | ".Inf" | ".INF" if text.starts_with('-') => Some(f64::NEG_INFINITY),
        ".inf" | ".Inf" | ".INF" => Some(f64::INFINITY),
        ".nan" | ".NaN" | ".NAN" if unsigned.len() == text.len() => Some(f64::NAN),
        _ => None,
    }
}

fn float(text: &str) -> Option<f64> {
    if let Some(v) = special_float(text) {
        return Some(v);
    }
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
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

/// Which rules resolve plain scalars.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Scalars {
    /// YAML 1.2 core schema (blueprints).
    #[default]
    Core,
    /// YAML 1.1 as CloudFormation reads templates: the booleans `yes`, `no`, `on`, `off` (in
    /// three capitalisations), integers in binary (`0b`), octal (a leading `0`), hex and base
    /// 60 (`1:30`), `_` between digits, and floats only with a `.`.
    Yaml11,
}

/// Reads a plain scalar's text under the YAML 1.1 rules of [`Scalars::Yaml11`].
pub fn resolve_yaml11(text: &str) -> Plain {
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Plain::Null,
        "yes" | "Yes" | "YES" | "true" | "True" | "TRUE" | "on" | "On" | "ON" => {
            return Plain::Bool(true);
        }
        "no" | "No" | "NO" | "false" | "False" | "FALSE" | "off" | "Off" | "OFF" => {
            return Plain::Bool(false);
        }
        _ => {}
    }
    if let Some(n) = int11(text) {
        return n;
    }
    float11(text).map_or(Plain::Str, Plain::Float)
}

/// An integer by YAML 1.1's rules, or `None` when the text is not one.
fn int11(text: &str) -> Option<Plain> {
    let (negative, body) = split_sign(text)?;
    let digits_of = |s: &str, radix: u32| {
        !s.is_empty()
            && s.chars().all(|c| c == '_' || c.is_digit(radix))
            && s.chars().any(|c| c != '_')
    };
    let magnitude: Option<u128> = if let Some(b) = body.strip_prefix("0b") {
        digits_of(b, 2).then(|| u128::from_str_radix(&b.replace('_', ""), 2).ok())?
    } else if let Some(h) = body.strip_prefix("0x") {
        digits_of(h, 16).then(|| u128::from_str_radix(&h.replace('_', ""), 16).ok())?
    } else if body.contains(':') {
        sexagesimal(body)?
    } else if body == "0" {
        Some(0)
    } else if let Some(o) = body.strip_prefix('0') {
        digits_of(o, 8).then(|| u128::from_str_radix(&o.replace('_', ""), 8).ok())?
    } else if body.starts_with(|c: char| c.is_ascii_digit()) {
        digits_of(body, 10).then(|| body.replace('_', "").parse::<u128>().ok())?
    } else {
        return None;
    };
    let Some(magnitude) = magnitude else {
        return Some(Plain::Big(if negative { i128::MIN } else { i128::MAX }));
    };
    Some(signed(negative, magnitude))
}

/// The base-60 value of an integer written with `:` (`1:30:05`; the first part starts with
/// 1-9, each later one is 0-59); `Some(None)` when too large for 128 bits.
fn sexagesimal(body: &str) -> Option<Option<u128>> {
    let mut parts = body.split(':');
    let first = parts.next()?;
    if !first.starts_with(|c: char| ('1'..='9').contains(&c))
        || !first.chars().all(|c| c == '_' || c.is_ascii_digit())
    {
        return None;
    }
    let mut value: Option<u128> = first.replace('_', "").parse().ok();
    for p in parts {
        if p.is_empty() || p.len() > 2 || !p.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let n: u128 = p.parse().ok()?;
        if n > 59 {
            return None;
        }
        value = value.and_then(|v| v.checked_mul(60)?.checked_add(n));
    }
    Some(value)
}

/// A float by YAML 1.1's rules (a `.` is required; an exponent needs its sign).
fn float11(text: &str) -> Option<f64> {
    if let Some(v) = special_float(text) {
        return Some(v);
    }
    let negative = text.starts_with('-');
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let exponent_ok = exponent.is_none_or(|e| {
        e.starts_with(['-', '+']) && e.len() > 1 && e[1..].chars().all(|c| c.is_ascii_digit())
    });
    let (whole, fraction) = mantissa.split_once('.')?;
    let digits = |s: &str| s.chars().all(|c| c == '_' || c.is_ascii_digit());
    if !exponent_ok || !digits(fraction) {
        return None;
    }
    let fraction = fraction.replace('_', "");
    let value: f64 = if whole.is_empty() {
        // `.5`: no sign allowed, and a digit must follow the dot.
        if text.len() != unsigned.len() || !fraction.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        format!("0.{fraction}e{}", exponent.unwrap_or("0"))
            .parse()
            .ok()?
    } else if whole.contains(':') {
        if exponent.is_some() {
            return None;
        }
        let v = sexagesimal(whole)??;
        v as f64 + format!("0.{fraction}").parse::<f64>().ok()?
    } else if whole.starts_with(|c: char| c.is_ascii_digit()) && digits(whole) {
        format!(
            "{}.{fraction}0e{}",
            whole.replace('_', ""),
            exponent.unwrap_or("0")
        )
        .parse()
        .ok()?
    } else {
        return None;
    };
    Some(if negative { -value } else { value })
}

/// The integer `magnitude` with its sign, in the narrowest of [`Plain`]'s integer kinds.
fn signed(negative: bool, magnitude: u128) -> Plain {
    let value = if negative {
        0i128.checked_sub_unsigned(magnitude)
    } else {
        i128::try_from(magnitude).ok()
    };
    let Some(value) = value else {
        return Plain::Big(if negative { i128::MIN } else { i128::MAX });
    };
    if let Ok(i) = i64::try_from(value) {
        Plain::Int(i)
    } else if let Ok(u) = u64::try_from(value) {
        Plain::UInt(u)
    } else {
        Plain::Big(value)
    }
}

/// The JSON value of a plain scalar under `rules`.
pub fn plain_value_in(text: &str, rules: Scalars) -> Value {
    match rules {
        Scalars::Core => plain_value(text),
        Scalars::Yaml11 => to_value(text, resolve_yaml11(text)),
    }
}

/// The JSON value of a plain scalar. Numbers JSON cannot hold (integers beyond 64 bits,
/// infinities, NaN) stay the text they are written as.
pub fn plain_value(text: &str) -> Value {
    to_value(text, resolve(text))
}

/// The JSON value of `text` read as `plain`.
fn to_value(text: &str, plain: Plain) -> Value {
    match plain {
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

    #[test]
    fn yaml_1_1_as_cloudformation_reads_it() {
        use serde_json::json;
        let v = |t| plain_value_in(t, Scalars::Yaml11);
        for t in ["yes", "Yes", "YES", "on", "On", "ON", "true", "True"] {
            assert_eq!(v(t), json!(true), "{t}");
        }
        for t in ["no", "No", "NO", "off", "Off", "OFF", "false", "FALSE"] {
            assert_eq!(v(t), json!(false), "{t}");
        }
        // Not booleans in YAML 1.1 either (PyYAML, and so cfn-lint, keep them text).
        for t in [
            "y",
            "n",
            "yES",
            "oN",
            "0o17",
            "1e3",
            "0x",
            "0b",
            "2010-09-09",
            "inf",
            "09",
            "012345678901",
            "+.5",
        ] {
            assert_eq!(v(t), json!(t), "{t}");
        }
        assert_eq!(v("017"), json!(15));
        assert_eq!(v("-017"), json!(-15));
        assert_eq!(v("0"), json!(0));
        assert_eq!(v("0b1010"), json!(10));
        assert_eq!(v("0x1F"), json!(31));
        assert_eq!(v("-0x1F"), json!(-31));
        assert_eq!(v("1_000"), json!(1000));
        assert_eq!(v("1_"), json!(1));
        assert_eq!(v("1:30"), json!(90));
        assert_eq!(v("190:20:30"), json!(685_230));
        assert_eq!(v("1:60"), json!("1:60"));
        assert_eq!(v("1.5"), json!(1.5));
        assert_eq!(v("123.456"), json!(123.456));
        assert_eq!(v("1."), json!(1.0));
        assert_eq!(v("1.0e+3"), json!(1000.0));
        assert_eq!(v("1.0e3"), json!("1.0e3"));
        assert_eq!(v(".5"), json!(0.5));
        assert_eq!(v("-.5"), json!("-.5"));
        assert_eq!(v("1:30.5"), json!(90.5));
        assert_eq!(v("~"), Value::Null);
        assert_eq!(v("200"), json!(200));
        // The core schema is unchanged for blueprints.
        assert_eq!(plain_value("yes"), json!("yes"));
        assert_eq!(plain_value("0o17"), json!(15));
        assert_eq!(plain_value("017"), json!(17));
    }
}
