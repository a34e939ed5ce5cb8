//! Methods of strings, lists and maps that templates call, with Java's meaning (string
//! indices count UTF-16 units, regular expressions as `java.util.regex` reads them).

use super::value::{MapRef, Value, map_get, map_put};

/// Methods of `String` the engine runs.
pub const STRING_METHODS: &[&str] = &[
    "length",
    "substring",
    "indexOf",
    "lastIndexOf",
    "replace",
    "replaceAll",
    "replaceFirst",
    "split",
    "toLowerCase",
    "toUpperCase",
    "trim",
    "startsWith",
    "endsWith",
    "contains",
    "equals",
    "equalsIgnoreCase",
    "isEmpty",
    "matches",
    "charAt",
    "concat",
    "toString",
];

/// Methods of lists the engine runs.
pub const LIST_METHODS: &[&str] = &[
    "size", "get", "isEmpty", "contains", "add", "indexOf", "toString",
];

/// Whether `name` is a method the Java class of `v` does not have at all (a map's `keySet`
/// asked of a list, a list's `add` of a map): Velocity, as API Gateway runs it, gives null
/// for such a call (so `#foreach` over it runs no iteration) instead of failing.
pub fn absent_from_java_type(v: &Value, name: &str) -> bool {
    match v {
        Value::List(_) => matches!(
            name,
            "keySet" | "values" | "entrySet" | "containsKey" | "containsValue" | "put"
        ),
        Value::Map(_) => matches!(name, "add" | "indexOf"),
        _ => false,
    }
}

/// Methods of maps the engine runs.
pub const MAP_METHODS: &[&str] = &[
    "get",
    "put",
    "keySet",
    "values",
    "size",
    "isEmpty",
    "containsKey",
    "remove",
    "toString",
];

/// Calls `name(args)` on `recv`. `Ok(None)`: no such method (the caller names what exists).
pub fn call(recv: &Value, name: &str, args: &[Value]) -> Result<Option<Value>, String> {
    match recv {
        Value::Str(s) => string(s, name, args),
        Value::List(l) => {
            let arg = |k: usize| args.get(k).cloned().unwrap_or(Value::Null);
            Ok(Some(match (name, args.len()) {
                ("size", 0) => Value::Int(l.borrow().len() as i64),
                ("isEmpty", 0) => Value::Bool(l.borrow().is_empty()),
                ("get", 1) => {
                    let i = int(&arg(0))?;
                    let b = l.borrow();
                    usize::try_from(i)
                        .ok()
                        .and_then(|i| b.get(i).cloned())
                        .ok_or_else(|| format!("index {i} is out of a list of {}", b.len()))?
                }
                ("contains", 1) => Value::Bool(l.borrow().iter().any(|v| v.equals(&arg(0)))),
                ("indexOf", 1) => Value::Int(
                    l.borrow()
                        .iter()
                        .position(|v| v.equals(&arg(0)))
                        .map_or(-1, |p| p as i64),
                ),
                ("add", 1) => {
                    l.borrow_mut().push(arg(0));
                    Value::Bool(true)
                }
                ("toString", 0) => Value::str(recv.render()),
                _ => return Ok(None),
            }))
        }
        Value::Map(m) => map(m, recv, name, args),
        Value::Int(_) | Value::Float(_) | Value::Bool(_) => Ok(match (name, args.len()) {
            ("toString", 0) => Some(Value::str(recv.render())),
            ("equals", 1) => Some(Value::Bool(recv.equals(&args[0]))),
            _ => None,
        }),
        _ => Ok(None),
    }
}

fn map(m: &MapRef, recv: &Value, name: &str, args: &[Value]) -> Result<Option<Value>, String> {
    let key = |k: usize| args.get(k).and_then(Value::as_string).unwrap_or_default();
    Ok(Some(match (name, args.len()) {
        ("get", 1) => map_get(m, &key(0)),
        ("put", 2) => map_put(m, key(0), args[1].clone()),
        ("keySet", 0) => Value::list(m.borrow().iter().map(|(k, _)| Value::str(k)).collect()),
        ("values", 0) => Value::list(m.borrow().iter().map(|(_, v)| v.clone()).collect()),
        ("size", 0) => Value::Int(m.borrow().len() as i64),
        ("isEmpty", 0) => Value::Bool(m.borrow().is_empty()),
        ("containsKey", 1) => Value::Bool(m.borrow().iter().any(|(k, _)| *k == key(0))),
        ("remove", 1) => {
            let mut b = m.borrow_mut();
            match b.iter().position(|(k, _)| *k == key(0)) {
                Some(p) => b.remove(p).1,
                None => Value::Null,
            }
        }
        ("toString", 0) => Value::str(recv.render()),
        _ => return Ok(None),
    }))
}

fn int(v: &Value) -> Result<i64, String> {
    match v {
        Value::Int(i) => Ok(*i),
        other => Err(format!("expected an integer, got a {}", other.kind())),
    }
}

fn text(v: Option<&Value>) -> Result<String, String> {
    v.and_then(Value::as_string)
        .ok_or_else(|| "expected a string argument, got null".to_string())
}

/// A Java regular expression, compiled.
fn regex(pattern: &str) -> Result<fancy_regex::Regex, String> {
    crate::java_regex::check(pattern).map_err(|e| {
        format!(
            "`{pattern}` is not a Java regular expression: {}",
            e.message
        )
    })?;
    fancy_regex::Regex::new(pattern)
        .map_err(|e| format!("the regular expression `{pattern}` is not supported here: {e}"))
}

/// A Java replacement string (`$1` groups, `\` escapes) in the regex crate's syntax.
fn replacement(r: &str) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = r.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('$') => out.push_str("$$"),
                Some(x) => out.push(x),
                None => return Err("a replacement ends with a lone `\\`".into()),
            },
            '$' => {
                let mut n = String::new();
                while let Some(d) = chars.peek().filter(|d| d.is_ascii_digit()) {
                    n.push(*d);
                    chars.next();
                }
                if n.is_empty() {
                    return Err(format!("`$` in the replacement `{r}` must name a group"));
                }
                out.push_str(&format!("${{{n}}}"));
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn utf16(s: &str) -> Vec<u16> {
    s.encode_utf16().collect()
}

fn from16(u: &[u16]) -> String {
    String::from_utf16_lossy(u)
}

fn index_of(hay: &[u16], needle: &[u16], from: usize) -> i64 {
    if needle.is_empty() {
        return from.min(hay.len()) as i64;
    }
    (from..=hay.len().saturating_sub(needle.len()))
        .find(|&i| i + needle.len() <= hay.len() && hay[i..i + needle.len()] == *needle)
        .map_or(-1, |i| i as i64)
}

fn string(s: &str, name: &str, args: &[Value]) -> Result<Option<Value>, String> {
    let a = |k: usize| text(args.get(k));
    let u = utf16(s);
    let bound = |v: &Value| -> Result<usize, String> {
        let i = int(v)?;
        usize::try_from(i)
            .ok()
            .filter(|i| *i <= u.len())
            .ok_or_else(|| format!("index {i} is outside a string of length {}", u.len()))
    };
    Ok(Some(match (name, args.len()) {
        ("length", 0) => Value::Int(u.len() as i64),
        ("isEmpty", 0) => Value::Bool(s.is_empty()),
        ("trim", 0) => Value::str(s.trim_matches(|c: char| c <= ' ')),
        ("toLowerCase", 0) => Value::str(s.to_lowercase()),
        ("toUpperCase", 0) => Value::str(s.to_uppercase()),
        ("toString", 0) => Value::str(s),
        ("substring", 1) => Value::str(from16(&u[bound(&args[0])?..])),
        ("substring", 2) => {
            let (b, e) = (bound(&args[0])?, bound(&args[1])?);
            if b > e {
                return Err(format!("substring({b}, {e}): the start is after the end"));
            }
            Value::str(from16(&u[b..e]))
        }
        ("charAt", 1) => {
            let i = bound(&args[0])?;
            Value::str(from16(&u[i..(i + 1).min(u.len())]))
        }
        ("indexOf", 1) => Value::Int(index_of(&u, &utf16(&a(0)?), 0)),
        ("indexOf", 2) => Value::Int(index_of(&u, &utf16(&a(0)?), int(&args[1])?.max(0) as usize)),
        ("lastIndexOf", 1) => Value::Int(
            s.rfind(&a(0)?)
                .map_or(-1, |b| s[..b].encode_utf16().count() as i64),
        ),
        ("startsWith", 1) => Value::Bool(s.starts_with(&a(0)?)),
        ("endsWith", 1) => Value::Bool(s.ends_with(&a(0)?)),
        ("contains", 1) => Value::Bool(s.contains(&a(0)?)),
        ("equals", 1) => Value::Bool(matches!(&args[0], Value::Str(o) if **o == *s)),
        ("equalsIgnoreCase", 1) => Value::Bool(
            args[0]
                .as_string()
                .is_some_and(|o| o.to_lowercase() == s.to_lowercase()),
        ),
        ("concat", 1) => Value::str(format!("{s}{}", a(0)?)),
        ("replace", 2) => Value::str(s.replace(&a(0)?, &a(1)?)),
        ("replaceAll", 2) => {
            let re = regex(&a(0)?)?;
            Value::str(re.replace_all(s, replacement(&a(1)?)?.as_str()))
        }
        ("replaceFirst", 2) => {
            let re = regex(&a(0)?)?;
            Value::str(re.replace(s, replacement(&a(1)?)?.as_str()))
        }
        ("matches", 1) => {
            let re = regex(&format!("^(?:{})$", a(0)?))?;
            Value::Bool(re.is_match(s).map_err(|e| e.to_string())?)
        }
        ("split", 1) => {
            let re = regex(&a(0)?)?;
            let mut parts: Vec<String> = Vec::new();
            let mut last = 0;
            for m in re.find_iter(s) {
                let m = m.map_err(|e| e.to_string())?;
                if m.end() == 0 {
                    continue;
                }
                parts.push(s[last..m.start()].to_string());
                last = m.end();
            }
            parts.push(s[last..].to_string());
            while parts.len() > 1 && parts.last().is_some_and(String::is_empty) {
                parts.pop();
            }
            if s.is_empty() {
                parts = vec![String::new()];
            }
            Value::list(parts.into_iter().map(Value::str).collect())
        }
        _ => return Ok(None),
    }))
}
