//! JSON building shared by the emitters.

use serde_json::{Map, Value};

/// How a document is written as text piece by piece, when it is written while built instead
/// of built whole first (a large API's OpenAPI body in Terraform): its object keys and its
/// values, each appended to `out`. Shared by the threads writing the pieces.
pub trait Writer: Sync {
    /// Appends object key `k`, quoted.
    fn key(&self, k: &str, out: &mut Vec<u8>);
    /// Appends value `v`.
    fn value(&self, v: &Value, out: &mut Vec<u8>);
}

/// Inserts `key` -> the object of `pairs` into `o`, unless there are none (every format
/// leaves an empty map out).
pub fn put_map(
    o: &mut Map<String, Value>,
    key: &str,
    pairs: impl IntoIterator<Item = (String, Value)>,
) {
    let m: Map<String, Value> = pairs.into_iter().collect();
    if !m.is_empty() {
        o.insert(key.into(), Value::Object(m));
    }
}

/// Inserts `key` -> the list of `items` as strings into `o`, unless there are none (every
/// format leaves an empty list out).
pub fn put_list<T: ToString>(o: &mut Map<String, Value>, key: &str, items: &[T]) {
    if !items.is_empty() {
        let list = items.iter().map(|i| Value::String(i.to_string())).collect();
        o.insert(key.into(), Value::Array(list));
    }
}
