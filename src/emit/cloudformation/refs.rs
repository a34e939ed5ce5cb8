//! CloudFormation references: `Ref`, `Fn::GetAtt`, and [`Text`] as a plain string or `Fn::Sub`.

use crate::model::names::owned_name;
use crate::model::{Attr, OwnedKind, Part, Pseudo, ResourceRef, Text};
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

/// Logical id of an owned resource: `TopicAlerts`, `QueueJobs`.
pub fn owned_id(kind: OwnedKind, name: &str) -> String {
    let prefix = match kind {
        OwnedKind::Topic => "Topic",
        OwnedKind::Queue => "Queue",
        OwnedKind::Bucket => "Bucket",
        OwnedKind::Function => "Function",
        OwnedKind::Distribution => "Distribution",
    };
    format!("{prefix}{}", owned_name(name).pascal)
}

/// An owned resource's attribute in `Fn::Sub` syntax: a topic's `Ref` is its ARN, a queue's
/// `Ref` is its URL.
pub fn sub_ref(r: &ResourceRef) -> String {
    let id = owned_id(r.kind, &r.name);
    match (r.kind, r.attr) {
        (OwnedKind::Topic, Attr::Arn) | (OwnedKind::Queue, Attr::Url) => format!("${{{id}}}"),
        (OwnedKind::Topic, Attr::Name) => format!("${{{id}.TopicName}}"),
        (OwnedKind::Topic, Attr::Url) => format!("${{{id}}}"),
        (OwnedKind::Queue, Attr::Arn) => format!("${{{id}.Arn}}"),
        (OwnedKind::Queue, Attr::Name) => format!("${{{id}.QueueName}}"),
        (OwnedKind::Bucket, Attr::Arn) => format!("${{{id}.Arn}}"),
        (OwnedKind::Bucket, Attr::Name) => format!("${{{id}}}"),
        (OwnedKind::Bucket, Attr::Url) => format!("${{{id}.RegionalDomainName}}"),
        (OwnedKind::Function, Attr::Arn) => format!("${{{id}.Arn}}"),
        (OwnedKind::Function, _) => format!("${{{id}}}"),
        // A distribution has no ARN attribute: build it from its id.
        (OwnedKind::Distribution, Attr::Arn) => {
            format!(
                "arn:${{AWS::Partition}}:cloudfront::${{AWS::AccountId}}:distribution/${{{id}}}"
            )
        }
        (OwnedKind::Distribution, Attr::Url) => format!("${{{id}.DomainName}}"),
        (OwnedKind::Distribution, Attr::Name) => format!("${{{id}}}"),
    }
}

/// A plain string when the text is literal, else `Fn::Sub` with pseudo parameters and
/// references to owned resources.
pub fn text(t: &Text) -> Value {
    if let Some(lit) = t.as_literal() {
        return json!(lit);
    }
    let s = t.render_all(escape_sub, |p| match p {
        Part::Pseudo(Pseudo::Partition) => "${AWS::Partition}".to_string(),
        Part::Pseudo(Pseudo::Region) => "${AWS::Region}".to_string(),
        Part::Pseudo(Pseudo::AccountId) => "${AWS::AccountId}".to_string(),
        Part::Ref(r) => sub_ref(r),
        Part::Lit(_) => String::new(),
    });
    json!({ "Fn::Sub": s })
}
