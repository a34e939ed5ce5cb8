//! `--base BLUEPRINT`: an earlier blueprint of the same API supplies what an OpenAPI document
//! cannot carry: owned resources' settings, the stage's settings, the usage plan, tags, the
//! output shape, and the IAM of generic routes whose calls no typed operation makes.

use serde_json::{Map, Value};

/// Keys taken from the base blueprint as they are, when it has them.
const TAKEN: &[&str] = &["usage_plan", "tags", "output", "stage_variables", "env"];

/// Fills `bp` from `base`: each owned resource the document names gets the base's settings,
/// the stage its settings when the base's stage has the same name, and the keys above.
pub fn apply(base: &Value, bp: &mut Map<String, Value>) {
    if let Some(owns) = bp.get_mut("owns").and_then(Value::as_object_mut) {
        for (section, list) in owns.iter_mut() {
            for (name, spec) in list.as_object_mut().into_iter().flatten() {
                if let Some(b) = base.pointer(&format!("/owns/{section}/{name}")) {
                    *spec = b.clone();
                }
            }
        }
    }
    if let Some(b) = base.get("owns").and_then(Value::as_object) {
        // Resources the routes do not name (a subscription, a rule) come along too.
        let owns = bp
            .entry("owns")
            .or_insert_with(|| Value::Object(Map::new()));
        if let Some(owns) = owns.as_object_mut() {
            for (section, list) in b {
                let mine = owns
                    .entry(section.clone())
                    .or_insert_with(|| Value::Object(Map::new()));
                for (name, spec) in list.as_object().into_iter().flatten() {
                    if let Some(m) = mine.as_object_mut() {
                        m.entry(name.clone()).or_insert_with(|| spec.clone());
                    }
                }
            }
        }
    }
    let name = |v: &Value| match v {
        Value::String(s) => Some(s.clone()),
        Value::Object(m) => m.get("name").and_then(Value::as_str).map(str::to_string),
        _ => None,
    };
    if let (Some(b), Some(mine)) = (base.get("stage"), bp.get("stage").cloned())
        && name(b) == name(&mine)
    {
        bp.insert("stage".into(), b.clone());
    }
    for k in TAKEN {
        if let Some(v) = base.get(*k) {
            bp.insert((*k).to_string(), v.clone());
        }
    }
}

/// The `aws.iam` the base gives route `key`, if any.
pub fn iam(base: Option<&Value>, key: &str) -> Option<Vec<Value>> {
    let routes = base?.get("routes")?.as_object()?;
    routes.get(key)?.pointer("/aws/iam")?.as_array().cloned()
}

/// The typed operation and arguments the base gives route `key`, tried first.
pub fn typed(base: Option<&Value>, key: &str) -> Vec<(String, Map<String, Value>)> {
    let Some(route) = base
        .and_then(|b| b.get("routes"))
        .and_then(|r| r.get(key))
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    route
        .iter()
        .filter(|(k, _)| k.contains('.'))
        .filter_map(|(k, v)| Some((k.clone(), v.as_object()?.clone())))
        .collect()
}

/// Copies the base route's stage settings (`method_settings`), which OpenAPI does not carry.
pub fn route_extras(base: Option<&Value>, key: &str, route: &mut Map<String, Value>) {
    if let Some(m) = base
        .and_then(|b| b.get("routes"))
        .and_then(|r| r.get(key))
        .and_then(|r| r.get("method_settings"))
    {
        route.insert("method_settings".into(), m.clone());
    }
}
