//! IAM policy documents of the model as policy JSON, shared by the formats: each format only
//! says how a deploy-time value is written (`Fn::Sub`, a Terraform interpolation).

use crate::model::Text;
use crate::model::policy::{OneOrMany, PolicyDocument, Principal, VERSION};
use serde_json::{Map, Value, json};

/// How a format writes a text.
pub type Render<'a> = dyn FnMut(&Text) -> Value + 'a;

fn texts(v: &OneOrMany<Text>, text: &mut Render) -> Value {
    match v {
        OneOrMany::One(t) => text(t),
        OneOrMany::Many(ts) => Value::Array(ts.iter().map(&mut *text).collect()),
    }
}

/// The policy document as JSON, keys in IAM's customary order.
pub fn document(doc: &PolicyDocument, text: &mut Render) -> Value {
    let statements: Vec<Value> = doc
        .statements
        .iter()
        .map(|s| {
            let mut o = Map::new();
            if let Some(sid) = s.sid {
                o.insert("Sid".into(), json!(sid));
            }
            o.insert("Effect".into(), json!(s.effect.as_str()));
            if let Some(p) = &s.principal {
                let p = match p {
                    Principal::Anyone => json!("*"),
                    Principal::Service(service) => json!({ "Service": service }),
                    Principal::Accounts(ids) => json!({ "AWS": ids }),
                    Principal::ThisAccount => {
                        json!({ "AWS": text(&Text::arn("iam", false, true, "root")) })
                    }
                };
                o.insert("Principal".into(), p);
            }
            let actions = match &s.actions {
                OneOrMany::One(a) => json!(a),
                OneOrMany::Many(a) => json!(a),
            };
            o.insert("Action".into(), actions);
            if let Some(r) = &s.resources {
                o.insert("Resource".into(), texts(r, text));
            }
            if !s.conditions.is_empty() {
                let mut by_operator: Map<String, Value> = Map::new();
                for c in &s.conditions {
                    let keys = by_operator
                        .entry(c.operator.clone())
                        .or_insert_with(|| json!({}));
                    if let Value::Object(keys) = keys {
                        keys.insert(c.key.clone(), texts(&c.values, text));
                    }
                }
                o.insert("Condition".into(), Value::Object(by_operator));
            }
            Value::Object(o)
        })
        .collect();
    json!({ "Version": VERSION, "Statement": statements })
}
