//! Values a template works with, and how Java (which API Gateway's engine runs on) prints
//! and compares them.

use std::cell::RefCell;
use std::rc::Rc;

/// A map as Java's `LinkedHashMap`: keys in insertion order.
pub type MapRef = Rc<RefCell<Vec<(String, Value)>>>;
/// A list, shared so `$list.add(x)` changes every name for it.
pub type ListRef = Rc<RefCell<Vec<Value>>>;

/// A value in a template.
#[derive(Debug, Clone)]
pub enum Value {
    /// Java `null`: what a missing key or JSON path gives.
    Null,
    /// A boolean.
    Bool(bool),
    /// An integer (Java `Integer`/`Long`).
    Int(i64),
    /// A decimal (Java `Double`).
    Float(f64),
    /// A string.
    Str(Rc<str>),
    /// A list.
    List(ListRef),
    /// A map.
    Map(MapRef),
    /// `$input`: the request (or response) body and parameters.
    Input,
    /// `$util`: API Gateway's helper functions.
    Util,
    /// `$foreach` inside a loop: `hasNext`, `count`, `index`, `first`, `last`.
    Loop {
        /// 0-based index of the current item.
        index: usize,
        /// Number of items iterated.
        len: usize,
    },
}

impl Value {
    /// A string value.
    pub fn str(s: impl AsRef<str>) -> Value {
        Value::Str(Rc::from(s.as_ref()))
    }

    /// A map value from pairs.
    pub fn map(pairs: Vec<(String, Value)>) -> Value {
        Value::Map(Rc::new(RefCell::new(pairs)))
    }

    /// A list value.
    pub fn list(items: Vec<Value>) -> Value {
        Value::List(Rc::new(RefCell::new(items)))
    }

    /// Whether it is Java `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The value as a Java class name, for messages.
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "Boolean",
            Value::Int(_) => "Integer",
            Value::Float(_) => "Double",
            Value::Str(_) => "String",
            Value::List(_) => "List",
            Value::Map(_) => "Map",
            Value::Input => "$input",
            Value::Util => "$util",
            Value::Loop { .. } => "$foreach",
        }
    }

    /// Velocity 1.7 truth: null and `false` are false, everything else is true.
    pub fn truthy(&self) -> bool {
        !matches!(self, Value::Null | Value::Bool(false))
    }

    /// The value as Java's `toString()` prints it (`{a=1, b=[x, y]}` for maps and lists);
    /// null prints as nothing.
    pub fn render(&self) -> String {
        let mut s = String::new();
        self.render_into(&mut s);
        s
    }

    fn render_into(&self, out: &mut String) {
        match self {
            Value::Null => out.push_str("null"),
            Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Value::Int(i) => out.push_str(&i.to_string()),
            Value::Float(f) => out.push_str(&java_double(*f)),
            Value::Str(s) => out.push_str(s),
            Value::List(l) => {
                out.push('[');
                for (k, v) in l.borrow().iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    v.render_into(out);
                }
                out.push(']');
            }
            Value::Map(m) => {
                out.push('{');
                for (k, (key, v)) in m.borrow().iter().enumerate() {
                    if k > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(key);
                    out.push('=');
                    v.render_into(out);
                }
                out.push('}');
            }
            Value::Input | Value::Util | Value::Loop { .. } => out.push_str(self.kind()),
        }
    }

    /// The value as JSON (for `$input.json`); maps keep their order.
    pub fn to_json(&self) -> serde_json::Value {
        use serde_json::Value as J;
        match self {
            Value::Null | Value::Input | Value::Util | Value::Loop { .. } => J::Null,
            Value::Bool(b) => J::Bool(*b),
            Value::Int(i) => J::from(*i),
            Value::Float(f) => serde_json::Number::from_f64(*f).map_or(J::Null, J::Number),
            Value::Str(s) => J::String(s.to_string()),
            Value::List(l) => J::Array(l.borrow().iter().map(Value::to_json).collect()),
            Value::Map(m) => J::Object(
                m.borrow()
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_json()))
                    .collect(),
            ),
        }
    }

    /// A JSON value as the template sees it (objects become maps, arrays lists).
    pub fn from_json(j: &serde_json::Value) -> Value {
        use serde_json::Value as J;
        match j {
            J::Null => Value::Null,
            J::Bool(b) => Value::Bool(*b),
            J::Number(n) => match n.as_i64() {
                Some(i) => Value::Int(i),
                None => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            J::String(s) => Value::str(s),
            J::Array(a) => Value::list(a.iter().map(Value::from_json).collect()),
            J::Object(o) => Value::map(
                o.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Velocity's `==`: numbers by value, same kinds by `equals`, other kinds by their
    /// printed forms.
    pub fn equals(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Null, Value::Null) => true,
            (Value::Null, _) | (_, Value::Null) => false,
            (Value::Int(a), Value::Int(b)) => a == b,
            (Value::Int(a), Value::Float(b)) | (Value::Float(b), Value::Int(a)) => {
                (*a as f64) == *b
            }
            (Value::Float(a), Value::Float(b)) => a == b,
            (Value::Str(a), Value::Str(b)) => a == b,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            _ => self.render() == other.render(),
        }
    }

    /// The value as a map key or string argument (Java's `toString()`).
    pub fn as_string(&self) -> Option<String> {
        match self {
            Value::Null => None,
            v => Some(v.render()),
        }
    }

    /// The value as a number, when it is one.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Int(i) => Some(*i as f64),
            Value::Float(f) => Some(*f),
            _ => None,
        }
    }
}

/// A map's value for `key`.
pub fn map_get(m: &MapRef, key: &str) -> Value {
    m.borrow()
        .iter()
        .find(|(k, _)| k == key)
        .map_or(Value::Null, |(_, v)| v.clone())
}

/// Puts `key` -> `value` in a map (replacing in place, or appending); returns the old value.
pub fn map_put(m: &MapRef, key: String, value: Value) -> Value {
    let mut b = m.borrow_mut();
    if let Some(slot) = b.iter_mut().find(|(k, _)| *k == key) {
        return std::mem::replace(&mut slot.1, value);
    }
    b.push((key, value));
    Value::Null
}

/// Java's `Double.toString`: `1.0`, `2.5`, `1.0E7`, `1.0E-4`.
pub fn java_double(f: f64) -> String {
    if f.is_nan() {
        return "NaN".into();
    }
    if f.is_infinite() {
        return if f > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    let a = f.abs();
    if a == 0.0 || (1e-3..1e7).contains(&a) {
        let s = format!("{f}");
        if s.contains('.') { s } else { format!("{s}.0") }
    } else {
        let s = format!("{f:e}");
        let (mant, exp) = s.split_once('e').unwrap_or((&s, "0"));
        let mant = if mant.contains('.') {
            mant.to_string()
        } else {
            format!("{mant}.0")
        };
        format!("{mant}E{exp}")
    }
}
