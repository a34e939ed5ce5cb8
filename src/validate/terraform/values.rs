//! Values against cty types, with the conversions Terraform applies to JSON values.

use serde_json::Value;

use super::schema::Cty;
use super::{At, Checker, TF004, TF010, did_you_mean, expr};

/// The type as Terraform writes it (`list(string)`).
fn type_name(ty: &Cty) -> String {
    match ty {
        Cty::String => "string".into(),
        Cty::Number => "number".into(),
        Cty::Bool => "bool".into(),
        Cty::Dynamic => "any".into(),
        Cty::List(e) => format!("list({})", type_name(e)),
        Cty::Set(e) => format!("set({})", type_name(e)),
        Cty::Map(e) => format!("map({})", type_name(e)),
        Cty::Object { attrs, .. } => {
            let names: Vec<&str> = attrs.keys().map(String::as_str).collect();
            format!("object({{{}}})", names.join(", "))
        }
        Cty::Tuple(elems) => {
            let names: Vec<String> = elems.iter().map(type_name).collect();
            format!("tuple([{}])", names.join(", "))
        }
    }
}

/// What a JSON value is, for messages.
pub(super) fn json_kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A decimal number as a string, which Terraform converts to a number.
fn is_numeric(s: &str) -> bool {
    !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | '.' | 'e' | 'E'))
        && s.parse::<f64>().is_ok()
}

impl<'a> Checker<'a> {
    /// TF010 unless `value` converts to `ty`. Template strings are expressions and pass.
    pub(super) fn check_value(&mut self, value: &'a Value, ty: &Cty, at: &At, addr: &str) {
        if let Value::String(s) = value
            && expr::has_template(s)
        {
            return;
        }
        let ok = match (ty, value) {
            (Cty::Dynamic, _) | (_, Value::Null) => true,
            (Cty::String, Value::String(_) | Value::Number(_) | Value::Bool(_)) => true,
            (Cty::Number, Value::Number(_)) | (Cty::Bool, Value::Bool(_)) => true,
            (Cty::Number, Value::String(s)) => is_numeric(s),
            (Cty::Bool, Value::String(s)) => s == "true" || s == "false",
            (Cty::List(elem) | Cty::Set(elem), Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    self.check_value(item, elem, &at.index(i), addr);
                }
                true
            }
            (Cty::Map(elem), Value::Object(map)) => {
                for (k, v) in map {
                    self.check_value(v, elem, &at.key(k), addr);
                }
                true
            }
            (Cty::Object { attrs, optional }, Value::Object(map)) => {
                for (k, v) in map {
                    match attrs.get(k) {
                        Some(t) => self.check_value(v, t, &at.key(k), addr),
                        None => {
                            let help = did_you_mean(k, attrs.keys().map(String::as_str), || {
                                format!("remove it; the object takes {}", type_name(ty))
                            });
                            let msg =
                                format!("{addr}: object `{}` has no attribute `{k}`", at.path);
                            self.error(TF004, &at.key(k), msg, help);
                        }
                    }
                }
                for name in attrs.keys() {
                    if !map.contains_key(name) && !optional.contains(name) {
                        self.error(
                            TF010,
                            at,
                            format!("{addr}: object `{}` lacks attribute `{name}`", at.path),
                            format!("every attribute of {} must be set", type_name(ty)),
                        );
                    }
                }
                true
            }
            (Cty::Tuple(elems), Value::Array(items)) if elems.len() == items.len() => {
                for (i, (item, t)) in items.iter().zip(elems).enumerate() {
                    self.check_value(item, t, &at.index(i), addr);
                }
                true
            }
            _ => false,
        };
        if !ok {
            let expected = type_name(ty);
            let help = format!("write a value of type {expected}, or an expression in `${{...}}`");
            self.mismatch(TF010, at, addr, value, &expected, help);
        }
    }
}
