//! CloudFormation references: `Ref`, `Fn::GetAtt`, and [`Text`] as a plain string or `Fn::Sub`.

use crate::model::{Pseudo, Text};
use serde_json::{Value, json};

/// `{"Ref": id}`
pub fn reference(id: &str) -> Value {
    json!({ "Ref": id })
}

/// `{"Fn::GetAtt": [id, attr]}`
pub fn get_att(id: &str, attr: &str) -> Value {
    json!({ "Fn::GetAtt": [id, attr] })
}

/// Escapes `${` in literal text for `Fn::Sub` (`${!` is a literal `${`).
pub fn escape_sub(s: &str) -> String {
    s.replace("${", "${!")
}

/// A plain string when the text is literal, else `Fn::Sub` with pseudo parameters.
pub fn text(t: &Text) -> Value {
    if let Some(lit) = t.as_literal() {
        return json!(lit);
    }
    let s = t.render(escape_sub, |p| {
        match p {
            Pseudo::Partition => "${AWS::Partition}",
            Pseudo::Region => "${AWS::Region}",
            Pseudo::AccountId => "${AWS::AccountId}",
        }
        .to_string()
    });
    json!({ "Fn::Sub": s })
}
