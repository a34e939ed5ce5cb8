//! The execution role API Gateway assumes to call AWS services, and its policy, derived from
//! the integrations so that it allows exactly what they use.

use super::policy::{PolicyDocument, PolicyStatement};
use super::text::Text;
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

/// What one integration needs: IAM actions on resources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Permission {
    /// IAM actions, such as `s3:GetObject`.
    pub actions: Vec<String>,
    /// Resource ARNs the actions apply to; `*` only where the action has no resource type.
    pub resources: Vec<Text>,
}

/// One `Allow` statement of the role policy.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Statement {
    /// Sorted, distinct actions.
    pub actions: Vec<String>,
    /// Sorted, distinct resources.
    pub resources: Vec<Text>,
}

/// Merges permissions into as few statements as keep each action on exactly the resources it
/// was granted: actions with the same resource set share a statement. Order is deterministic.
pub fn statements<'a>(perms: impl IntoIterator<Item = &'a Permission>) -> Vec<Statement> {
    let mut by_action: BTreeMap<&str, BTreeSet<&Text>> = BTreeMap::new();
    for p in perms {
        for a in &p.actions {
            by_action.entry(a).or_default().extend(p.resources.iter());
        }
    }
    let mut by_resources: BTreeMap<Vec<&Text>, Vec<String>> = BTreeMap::new();
    for (action, resources) in by_action {
        by_resources
            .entry(resources.into_iter().collect())
            .or_default()
            .push(action.to_string());
    }
    let mut out: Vec<Statement> = by_resources
        .into_iter()
        .map(|(resources, actions)| Statement {
            actions,
            resources: resources.into_iter().cloned().collect(),
        })
        .collect();
    out.sort();
    out
}

/// A policy document of `Allow` statements, one per derived statement.
pub fn document(statements: &[Statement]) -> PolicyDocument {
    PolicyDocument {
        statements: statements
            .iter()
            .map(|s| PolicyStatement::allow(s.actions.clone(), s.resources.clone()))
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
            Permission {
                actions: vec!["s3:GetObject".into()],
                resources: vec![objects.clone()],
            },
            Permission {
                actions: vec!["s3:PutObject".into()],
                resources: vec![objects.clone()],
            },
            Permission {
                actions: vec!["s3:ListBucket".into()],
                resources: vec![bucket.clone()],
            },
            Permission {
                actions: vec!["s3:GetObject".into()],
                resources: vec![objects.clone()],
            },
        ];
        let st = statements(&perms);
        assert_eq!(st.len(), 2);
        assert_eq!(st[0].actions, vec!["s3:GetObject", "s3:PutObject"]);
        assert_eq!(st[0].resources, vec![objects]);
        assert_eq!(st[1].actions, vec!["s3:ListBucket"]);
        assert_eq!(st[1].resources, vec![bucket]);
    }
}
