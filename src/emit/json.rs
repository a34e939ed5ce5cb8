//! JSON building shared by the emitters.

use serde_json::{Map, Value};

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
