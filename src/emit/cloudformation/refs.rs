//! CloudFormation references: `Ref`, `Fn::GetAtt`, and [`Text`] as a plain string or `Fn::Sub`
//! (names and `Fn::Sub` syntax come from [`crate::emit::sub`]).

use crate::emit::sub;
use crate::model::Text;
use serde_json::{Value, json};

pub use sub::owned_id;

/// `{"Ref": id}`
pub fn reference(id: &str) -> Value {
    json!({ "Ref": id })
}

/// `{"Fn::GetAtt": [id, attr]}`
pub fn get_att(id: &str, attr: &str) -> Value {
    json!({ "Fn::GetAtt": [id, attr] })
}

/// A plain string when the text is literal, else `Fn::Sub` with pseudo parameters and
/// references to owned and generated resources.
pub fn text(t: &Text) -> Value {
    if let Some(lit) = t.as_literal() {
        return json!(lit);
    }
    json!({ "Fn::Sub": t.render_all(sub::escape, sub::part) })
}
