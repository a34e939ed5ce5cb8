//! The size of a policy document of growing permissions, kept up to date as permissions are
//! added, so that grouping thousands of methods into roles (see [`super::role_groups`]) does
//! not merge and count the statements again for each method. It counts what
//! [`super::iam::statements`] would make of the same permissions: actions with the same
//! resource set (and effect and conditions) share a statement.

use super::iam::{Permission, Statement};
use super::policy::{Condition, Effect};
use super::policy_size::{json_string_chars, statement_chars, text_chars};
use super::text::Text;
use std::collections::hash_map::DefaultHasher;
use std::collections::{BTreeMap, HashSet};
use std::hash::{Hash, Hasher};

type Key = (Effect, Vec<Condition>);

/// The resources one action is granted so far.
#[derive(Default)]
struct ActionSet {
    resources: HashSet<Text>,
    /// Order-independent fingerprint of `resources`.
    print: u64,
    /// Characters of the resources, each as a JSON string.
    chars: usize,
}

/// The actions that share one resource set: one statement.
#[derive(Default)]
struct Shared {
    actions: usize,
    action_chars: usize,
    resources: usize,
    resource_chars: usize,
}

/// The running size of the statements of the permissions added so far.
#[derive(Default)]
pub struct Tally {
    actions: BTreeMap<(Key, String), ActionSet>,
    statements: BTreeMap<(Key, u64, usize), Shared>,
    /// Characters of a statement of each key without actions or resources.
    frames: BTreeMap<Key, usize>,
    /// Sum of the statements' characters.
    sum: usize,
    /// The longest statement frame and resource seen, for the room cutting takes.
    widest_frame: usize,
    widest_resource: usize,
}

fn print_of(t: &Text) -> u64 {
    let mut h = DefaultHasher::new();
    t.hash(&mut h);
    h.finish()
}

impl Shared {
    fn chars(&self, frame: usize) -> usize {
        frame
            + self.action_chars
            + self.actions.saturating_sub(1)
            + self.resource_chars
            + self.resources.saturating_sub(1)
    }
}

impl Tally {
    /// True when nothing was added.
    pub fn is_empty(&self) -> bool {
        self.statements.is_empty()
    }

    /// Characters of the statements inside a document's `Statement` list, commas included.
    pub fn inner_chars(&self) -> usize {
        self.sum + self.statements.len().saturating_sub(1)
    }

    /// The most characters one cut of a statement can leave unused in a policy and repeat in
    /// the next: its frame twice, one resource and the commas.
    pub fn cut_waste(&self) -> usize {
        2 * self.widest_frame + self.widest_resource + 8
    }

    /// Adds the grants of `p`.
    pub fn add(&mut self, p: &Permission) {
        let key: Key = (p.effect, p.conditions.clone());
        let frame = *self.frames.entry(key.clone()).or_insert_with(|| {
            statement_chars(&Statement {
                effect: p.effect,
                actions: Vec::new(),
                resources: Vec::new(),
                conditions: p.conditions.clone(),
            })
        });
        for a in &p.actions {
            let entry_key = (key.clone(), a.clone());
            let is_new = !self.actions.contains_key(&entry_key);
            let set = self.actions.entry(entry_key).or_default();
            let mut fresh: Vec<&Text> = Vec::new();
            for r in &p.resources {
                if !set.resources.contains(r) {
                    fresh.push(r);
                }
            }
            if fresh.is_empty() && !is_new {
                continue;
            }
            let a_chars = json_string_chars(a);
            let old = (key.clone(), set.print, set.resources.len());
            if !is_new {
                let s = self
                    .statements
                    .get_mut(&old)
                    .expect("an action is in its statement");
                self.sum -= s.chars(frame);
                s.actions -= 1;
                s.action_chars -= a_chars;
                if s.actions == 0 {
                    self.statements.remove(&old);
                } else {
                    self.sum += s.chars(frame);
                }
            }
            for r in fresh {
                if set.resources.insert(r.clone()) {
                    let c = text_chars(r);
                    set.print = set.print.wrapping_add(print_of(r));
                    set.chars += c;
                    self.widest_resource = self.widest_resource.max(c);
                }
            }
            let new = (key.clone(), set.print, set.resources.len());
            let (resources, resource_chars) = (set.resources.len(), set.chars);
            let s = self.statements.entry(new).or_insert_with(|| Shared {
                resources,
                resource_chars,
                ..Shared::default()
            });
            if s.actions > 0 {
                self.sum -= s.chars(frame);
            }
            s.actions += 1;
            s.action_chars += a_chars;
            let c = s.chars(frame);
            self.sum += c;
            self.widest_frame = self
                .widest_frame
                .max(frame + s.action_chars + s.actions.saturating_sub(1));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::iam;
    use crate::model::policy_size::document_chars;
    use crate::model::text::Pseudo;

    fn object(i: usize) -> Text {
        let mut arn = Text::lit("arn:");
        arn.push(Pseudo::Partition);
        arn.push_str(&format!(":s3:::b/k{i}"));
        arn
    }

    /// After every permission, the tally equals the count of the merged statements, also
    /// when a later grant makes two actions' resource sets equal (the document shrinks).
    #[test]
    fn follows_the_merged_statements() {
        let mut perms = Vec::new();
        for i in 0..40 {
            perms.push(Permission::allow(
                vec!["s3:GetObject".into()],
                vec![object(i)],
            ));
            perms.push(Permission::allow(
                vec!["s3:PutObject".into()],
                vec![object(i)],
            ));
            if i % 7 == 0 {
                perms.push(Permission::allow(
                    vec!["s3:DeleteObject".into(), "s3:GetObject".into()],
                    vec![object(i), object(i + 1)],
                ));
            }
        }
        let mut t = Tally::default();
        for (n, p) in perms.iter().enumerate() {
            t.add(p);
            let st = iam::statements(&perms[..=n]);
            assert_eq!(
                t.inner_chars() + document_chars(&[]),
                document_chars(&st),
                "after {n}"
            );
        }
    }
}
