//! `${...}` in imported strings, turned into the blueprint's references: stack values
//! (`${AWS::Region}`) stay, a placeholder naming a resource of a gatewright template
//! (`${TopicAlerts}`, `${QueueJobs.QueueName}`) becomes a reference to an owned resource
//! (`${alerts.arn}`, `${jobs.name}`) that the blueprint then owns, API Gateway's own variables
//! (`${stageVariables.x}`, VTL) stay, and anything else is another tool's placeholder
//! (Terraform's `${sqs_arn}`), kept as literal text (`$${sqs_arn}`) and reported.

use crate::model::OwnedKind;
use crate::model::names::owned_name;
use crate::model::owned::TemplateAttr;
use std::collections::BTreeSet;

/// Stack values both formats spell the same.
const PSEUDO: &[&str] = &[
    "AWS::Region",
    "AWS::Partition",
    "AWS::AccountId",
    "AWS::URLSuffix",
];

/// Kinds gatewright creates for an operation or another resource, which `owns:` does not list.
const GENERATED: &[OwnedKind] = &[OwnedKind::Function, OwnedKind::Key, OwnedKind::EventRule];

/// Roots of API Gateway's template variables, which stay as they are in templates.
const VTL_ROOTS: &[&str] = &["input", "util", "context", "stageVariables", "method"];

/// What translating strings found: the owned resources they name and other tools'
/// placeholders.
#[derive(Debug, Default)]
pub struct Refs {
    /// Owned resources named, as (kind, blueprint name).
    pub owned: BTreeSet<(OwnedKind, String)>,
    /// Placeholders of other tools, as written (`${sqs_arn}`).
    pub placeholders: Vec<String>,
    /// The execution role of a gatewright template was named (`${ExecutionRole.Arn}`).
    pub execution_role: bool,
}

/// The owned resource and the blueprint word of its attribute a template placeholder names:
/// `TopicAlerts` -> (topic `alerts`, `arn`); `QueueJobs.QueueName` -> (queue `jobs`, `name`).
pub fn owned_placeholder(inner: &str) -> Option<(OwnedKind, String, &'static str)> {
    let (id, attr) = match inner.split_once('.') {
        Some((id, a)) => (id, Some(a)),
        None => (inner, None),
    };
    for kind in OwnedKind::ALL {
        let facts = kind.facts();
        let Some(rest) = id.strip_prefix(facts.logical_id_prefix) else {
            continue;
        };
        if rest.is_empty() || !rest.starts_with(|c: char| c.is_ascii_uppercase()) {
            continue;
        }
        let name = kebab(rest);
        if owned_name(&name).pascal != rest {
            continue;
        }
        let read = match attr {
            None => TemplateAttr::Ref,
            Some(a) => match facts
                .refs
                .iter()
                .map(|(_, at)| facts.template_attr(*at))
                .find(|t| matches!(t, TemplateAttr::GetAtt(x) if *x == a))
            {
                Some(t) => t,
                None => continue,
            },
        };
        if let Some((word, _)) = facts
            .refs
            .iter()
            .find(|(_, at)| facts.template_attr(*at) == read)
        {
            return Some((kind, name, word));
        }
    }
    None
}

/// `OrderEvents` -> `order-events`.
fn kebab(pascal: &str) -> String {
    let mut out = String::new();
    for (i, c) in pascal.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('-');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

impl Refs {
    /// `raw` in blueprint spelling. `template`: a mapping template, whose VTL `${...}`
    /// (and its `#set` variables) stay as they are.
    pub fn translate(&mut self, raw: &str, template: bool) -> String {
        let mut out = String::new();
        let mut rest = raw;
        while let Some(i) = rest.find("${") {
            out.push_str(&rest[..i]);
            let after = &rest[i + 2..];
            let Some(end) = after.find('}') else {
                out.push_str("$${");
                rest = after;
                continue;
            };
            let inner = &after[..end];
            let root = inner
                .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .next()
                .unwrap_or("");
            if PSEUDO.contains(&inner)
                || inner.starts_with("stageVariables.")
                || (template && (VTL_ROOTS.contains(&root) || is_vtl_var(raw, root)))
            {
                out.push_str(&format!("${{{inner}}}"));
            } else if inner == "ExecutionRole.Arn" {
                self.execution_role = true;
                out.push_str(&format!("$${{{inner}}}"));
            } else if let Some((kind, name, word)) = owned_placeholder(inner) {
                if GENERATED.contains(&kind) {
                    // Made by a typed operation (a presigning function, a queue's key): only
                    // that operation can name it.
                    out.push_str(&format!("$${{{inner}}}"));
                } else {
                    out.push_str(&format!("${{{name}.{word}}}"));
                    self.owned.insert((kind, name));
                }
            } else {
                self.placeholders.push(format!("${{{inner}}}"));
                out.push_str(&format!("$${{{inner}}}"));
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        out
    }
}

/// Whether `name` is a variable the template sets (`#set($name = ...)`, `#foreach($name in`).
fn is_vtl_var(text: &str, name: &str) -> bool {
    !name.is_empty()
        && (text.contains(&format!("#set(${name}"))
            || text.contains(&format!("#set( ${name}"))
            || text.contains(&format!("#foreach(${name}"))
            || text.contains(&format!("#foreach( ${name}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn template_placeholders_become_owned_references() {
        let mut r = Refs::default();
        assert_eq!(
            r.translate("Action=Publish&TopicArn=${TopicAlerts}", true),
            "Action=Publish&TopicArn=${alerts.arn}"
        );
        assert_eq!(r.translate("${QueueJobs.QueueName}", false), "${jobs.name}");
        assert!(r.owned.contains(&(OwnedKind::Topic, "alerts".into())));
        assert!(r.owned.contains(&(OwnedKind::Queue, "jobs".into())));
        assert!(r.placeholders.is_empty());
    }

    #[test]
    fn other_placeholders_are_kept_literal_and_reported() {
        let mut r = Refs::default();
        assert_eq!(r.translate("${sqs_arn}", false), "$${sqs_arn}");
        assert_eq!(r.placeholders, vec!["${sqs_arn}".to_string()]);
        assert_eq!(
            r.translate("${AWS::Region} $input.body ${input.params('a')}", true),
            "${AWS::Region} $input.body ${input.params('a')}"
        );
    }
}
