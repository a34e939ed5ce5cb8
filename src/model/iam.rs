//! The execution role API Gateway assumes to call AWS services, and its policy, derived from
//! the integrations so that it allows exactly what they use.

use super::policy::{Condition, Effect, OneOrMany, PolicyDocument, PolicyStatement};
use super::text::Text;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What one integration needs: IAM actions on resources, allowed (or, from a blueprint's
/// generic grant, denied), under conditions if any.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Permission {
    /// Allow (what operations derive) or deny.
    pub effect: Effect,
    /// IAM actions, such as `s3:GetObject`.
    pub actions: Vec<String>,
    /// Resource ARNs the actions apply to; `*` only where the action has no resource type.
    pub resources: Vec<Text>,
    /// Conditions that must all hold for the grant to apply (none: always).
    pub conditions: Vec<Condition>,
}

impl Permission {
    /// `Allow` of `actions` on `resources`, with no conditions.
    pub fn allow(actions: Vec<String>, resources: Vec<Text>) -> Permission {
        Permission {
            actions,
            resources,
            ..Permission::default()
        }
    }
}

/// One statement of the role policy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Statement {
    /// Allow or deny.
    pub effect: Effect,
    /// Sorted, distinct actions.
    pub actions: Vec<String>,
    /// Sorted, distinct resources.
    pub resources: Vec<Text>,
    /// Conditions, as granted.
    pub conditions: Vec<Condition>,
}

/// Merges permissions into as few statements as keep each action on exactly the resources it
/// was granted: among permissions of the same effect and conditions, actions with the same
/// resource set share a statement. Order is deterministic.
pub fn statements<'a>(perms: impl IntoIterator<Item = &'a Permission>) -> Vec<Statement> {
    type Key<'a> = (Effect, &'a [Condition]);
    let mut by_action: BTreeMap<(Key<'a>, &'a str), BTreeSet<&'a Text>> = BTreeMap::new();
    for p in perms {
        for a in &p.actions {
            by_action
                .entry(((p.effect, &p.conditions), a))
                .or_default()
                .extend(p.resources.iter());
        }
    }
    let mut by_resources: BTreeMap<(Key, Vec<&Text>), Vec<String>> = BTreeMap::new();
    for ((key, action), resources) in by_action {
        by_resources
            .entry((key, resources.into_iter().collect()))
            .or_default()
            .push(action.to_string());
    }
    let mut out: Vec<Statement> = by_resources
        .into_iter()
        .map(|(((effect, conditions), resources), actions)| Statement {
            effect,
            actions,
            resources: resources.into_iter().cloned().collect(),
            conditions: conditions.to_vec(),
        })
        .collect();
    out.sort();
    out
}

/// A policy document of the derived statements, one policy statement each.
pub fn document(statements: &[Statement]) -> PolicyDocument {
    PolicyDocument {
        statements: statements
            .iter()
            .map(|s| PolicyStatement {
                effect: s.effect,
                conditions: s.conditions.clone(),
                actions: OneOrMany::Many(s.actions.clone()),
                ..PolicyStatement::allow(Vec::new(), s.resources.clone())
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_actions_by_resource_set() {
        let bucket = Text::lit("arn:aws:s3:::b");
        let objects = Text::lit("arn:aws:s3:::b/*");
        let perms = [
            Permission::allow(vec!["s3:GetObject".into()], vec![objects.clone()]),
            Permission::allow(vec!["s3:PutObject".into()], vec![objects.clone()]),
            Permission::allow(vec!["s3:ListBucket".into()], vec![bucket.clone()]),
            Permission::allow(vec!["s3:GetObject".into()], vec![objects.clone()]),
        ];
        let st = statements(&perms);
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].actions, vec!["s3:GetObject", "s3:PutObject"]);
        assert_eq!(st[0].resources, vec![objects]);
        assert_eq!(st[1].actions, vec!["s3:ListBucket"]);
        assert_eq!(st[1].resources, vec![bucket]);
    }
}
