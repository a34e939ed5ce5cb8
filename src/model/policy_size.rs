//! The size of a role's policies as IAM counts it, and how the execution role's statements are
//! spread over its inline policy and customer-managed policies so that each stays within IAM's
//! quotas (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>):
//! 10,240 characters for all inline policies of a role together, 6,144 for a managed policy,
//! 10 managed policies per role by default and 20 at most; IAM does not count whitespace.
//!
//! A large API (thousands of S3 keys, say) needs more than one inline policy can hold. The
//! statements are never widened to fit: a statement's resources are cut into pieces that keep
//! its actions and conditions, so the grants (each action on each resource) stay exactly the
//! ones the integrations derived.

use super::iam::{self, Statement};
use super::policy::{PolicyDocument, VERSION};
use super::text::{Part, Pseudo, Text};
use crate::limits::{
    IAM_SIZE_ACCOUNT, IAM_SIZE_PARTITION, IAM_SIZE_REFERENCE, IAM_SIZE_REGION, IAM_SIZE_URL_SUFFIX,
    MAX_MANAGED_POLICY_CHARS, MAX_ROLE_INLINE_POLICY_CHARS, MAX_ROLE_MANAGED_POLICIES,
};

/// The execution role's statements spread over its inline policy and managed policies.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RolePolicies {
    /// What the role's inline policy holds (everything, when it fits).
    pub inline: Vec<Statement>,
    /// Customer-managed policies attached to the role, in order, each within IAM's size.
    pub managed: Vec<Vec<Statement>>,
}

impl RolePolicies {
    /// The inline policy as a document.
    pub fn inline_document(&self) -> PolicyDocument {
        iam::document(&self.inline)
    }

    /// The managed policies as documents.
    pub fn managed_documents(&self) -> Vec<PolicyDocument> {
        self.managed.iter().map(|s| iam::document(s)).collect()
    }
}

/// Why the statements do not fit one role: the characters they need and how many managed
/// policies that would take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge {
    /// Characters of all statements in one document, as IAM counts them.
    pub chars: usize,
    /// Managed policies needed beside the inline policy.
    pub policies: usize,
}

/// Characters of a deploy-time value at its longest (see [`crate::limits`]).
fn part_chars(p: &Part) -> usize {
    match p {
        Part::Lit(s) => json_string_chars(s) - 2,
        Part::Pseudo(Pseudo::Partition) => IAM_SIZE_PARTITION,
        Part::Pseudo(Pseudo::Region) => IAM_SIZE_REGION,
        Part::Pseudo(Pseudo::AccountId) => IAM_SIZE_ACCOUNT,
        Part::Pseudo(Pseudo::UrlSuffix) => IAM_SIZE_URL_SUFFIX,
        Part::Ref(_) | Part::Api(_) => IAM_SIZE_REFERENCE,
    }
}

/// Characters of `s` written as a JSON string with its quotes, whitespace not counted.
pub fn json_string_chars(s: &str) -> usize {
    2 + crate::limits::iam_text_chars(s)
}

/// Characters of a text in a policy once deployed, as a JSON string at its longest.
pub fn text_chars(t: &Text) -> usize {
    2 + t.0.iter().map(part_chars).sum::<usize>()
}

/// A list of `n` items of `items` characters together: brackets and commas.
fn list_chars(n: usize, items: usize) -> usize {
    2 + items + n.saturating_sub(1)
}

/// Characters of a statement without its resources, and with an empty resource list.
fn statement_frame(s: &Statement) -> usize {
    // {"Effect":"Allow","Action":[...],"Resource":[]}
    let effect = 9 + json_string_chars(s.effect.as_str());
    let actions: usize = s.actions.iter().map(|a| json_string_chars(a)).sum();
    let action = 9 + list_chars(s.actions.len(), actions);
    let resource = 11 + 2;
    let conditions = if s.conditions.is_empty() {
        0
    } else {
        let mut ops: Vec<&str> = s.conditions.iter().map(|c| c.operator.as_str()).collect();
        ops.sort_unstable();
        ops.dedup();
        let op_keys: usize = ops.iter().map(|o| json_string_chars(o) + 1 + 2).sum();
        let entries: usize = s
            .conditions
            .iter()
            .map(|c| {
                let values: Vec<usize> = c.values.items().iter().map(text_chars).collect();
                let v = match &c.values {
                    super::policy::OneOrMany::One(_) => values.iter().sum(),
                    super::policy::OneOrMany::Many(_) => {
                        list_chars(values.len(), values.iter().sum())
                    }
                };
                json_string_chars(&c.key) + 1 + v
            })
            .sum();
        // ,"Condition":{op:{key:value,...},...}
        1 + 12 + list_chars(ops.len(), op_keys) + entries + s.conditions.len() - ops.len()
    };
    2 + effect + 1 + action + 1 + resource + conditions
}

/// Characters of a statement as IAM counts them.
pub fn statement_chars(s: &Statement) -> usize {
    let resources: usize = s.resources.iter().map(text_chars).sum();
    statement_frame(s) + resources + s.resources.len().saturating_sub(1)
}

/// `{"Version":"2012-10-17","Statement":[]}` around the statements.
const DOCUMENT_FRAME: usize = 2 + 9 + 1 + VERSION.len() + 2 + 1 + 11 + 1 + 2;

/// Characters of a policy document of these statements as IAM counts them.
pub fn document_chars(statements: &[Statement]) -> usize {
    let inner: usize = statements.iter().map(statement_chars).sum();
    DOCUMENT_FRAME + inner + statements.len().saturating_sub(1)
}

/// Policies being filled, each up to its capacity.
struct Bins {
    done: Vec<Vec<Statement>>,
    current: Vec<Statement>,
    used: usize,
}

impl Bins {
    fn capacity(&self) -> usize {
        if self.done.is_empty() {
            MAX_ROLE_INLINE_POLICY_CHARS
        } else {
            MAX_MANAGED_POLICY_CHARS
        }
    }

    /// Characters left for one more statement (its comma included).
    fn room(&self) -> usize {
        let comma = usize::from(!self.current.is_empty());
        self.capacity().saturating_sub(self.used + comma)
    }

    fn put(&mut self, s: Statement, chars: usize) {
        self.used += chars + usize::from(!self.current.is_empty());
        self.current.push(s);
    }

    fn next(&mut self) {
        self.done.push(std::mem::take(&mut self.current));
        self.used = DOCUMENT_FRAME;
    }
}

/// Spreads the statements over the inline policy and as many managed policies as they need,
/// cutting a statement's resources where a policy is full. All of them stay in the inline
/// policy when they fit. Fails when more than [`MAX_ROLE_MANAGED_POLICIES`] would be needed.
pub fn spread(statements: Vec<Statement>) -> Result<RolePolicies, TooLarge> {
    let total = document_chars(&statements);
    if total <= MAX_ROLE_INLINE_POLICY_CHARS {
        return Ok(RolePolicies {
            inline: statements,
            managed: Vec::new(),
        });
    }
    let mut bins = Bins {
        done: Vec::new(),
        current: Vec::new(),
        used: DOCUMENT_FRAME,
    };
    for s in statements {
        let frame = statement_frame(&s);
        let mut rest = s.resources.iter().peekable();
        let mut piece: Vec<Text> = Vec::new();
        let mut chars = frame;
        // Fill the current policy with as many resources as fit, then open the next one.
        while let Some(r) = rest.peek() {
            let add = text_chars(r) + usize::from(!piece.is_empty());
            if chars + add <= bins.room() {
                chars += add;
                piece.push((*r).clone());
                rest.next();
                continue;
            }
            if piece.is_empty() && bins.current.is_empty() {
                // Not even one resource fits an empty policy.
                return Err(TooLarge {
                    chars: total,
                    policies: usize::MAX,
                });
            }
            if !piece.is_empty() {
                let cut = Statement {
                    resources: std::mem::take(&mut piece),
                    ..s.clone()
                };
                bins.put(cut, chars);
            }
            bins.next();
            chars = frame;
        }
        if !piece.is_empty() || s.resources.is_empty() {
            if chars > bins.room() {
                bins.next();
            }
            bins.put(
                Statement {
                    resources: piece,
                    ..s
                },
                chars,
            );
        }
    }
    bins.next();
    let mut done = bins.done.into_iter();
    let inline = done.next().unwrap_or_default();
    let managed: Vec<Vec<Statement>> = done.filter(|b| !b.is_empty()).collect();
    if managed.len() > MAX_ROLE_MANAGED_POLICIES {
        return Err(TooLarge {
            chars: total,
            policies: managed.len(),
        });
    }
    Ok(RolePolicies { inline, managed })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::iam::Permission;
    use std::collections::BTreeSet;

    fn keys(n: usize) -> Vec<Statement> {
        let perms: Vec<Permission> = (0..n)
            .map(|i| {
                let mut arn = Text::lit("arn:");
                arn.push(Pseudo::Partition);
                arn.push_str(&format!(":s3:::gw-bench-data/p{i}.json"));
                Permission::allow(
                    vec!["s3:GetObject".into(), "s3:PutObject".into()],
                    vec![arn],
                )
            })
            .collect();
        iam::statements(&perms)
    }

    fn pairs(statements: &[Statement]) -> BTreeSet<(String, Text)> {
        statements
            .iter()
            .flat_map(|s| {
                s.actions
                    .iter()
                    .flat_map(move |a| s.resources.iter().map(move |r| (a.clone(), r.clone())))
            })
            .collect()
    }

    /// The count agrees with the compact JSON of the same document, deploy-time values at
    /// their longest.
    #[test]
    fn counts_like_compact_json() {
        let st = keys(3);
        let doc = serde_json::json!({
            "Version": VERSION,
            "Statement": st.iter().map(|s| serde_json::json!({
                "Effect": "Allow",
                "Action": s.actions,
                "Resource": s.resources.iter().map(|r| r.render(|l| l.to_string(), |_| "x".repeat(IAM_SIZE_PARTITION))).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        });
        assert_eq!(
            document_chars(&st),
            serde_json::to_string(&doc).unwrap().len()
        );
    }

    #[test]
    fn small_policies_stay_inline() {
        let st = keys(10);
        let p = spread(st.clone()).unwrap();
        assert_eq!(p.inline, st);
        assert!(p.managed.is_empty());
    }

    #[test]
    fn large_policies_are_cut_without_widening() {
        let st = keys(2_000);
        let p = spread(st.clone()).unwrap();
        assert!(document_chars(&p.inline) <= MAX_ROLE_INLINE_POLICY_CHARS);
        assert!(!p.managed.is_empty() && p.managed.len() <= MAX_ROLE_MANAGED_POLICIES);
        for m in &p.managed {
            assert!(document_chars(m) <= MAX_MANAGED_POLICY_CHARS);
        }
        let mut after: Vec<Statement> = p.inline.clone();
        after.extend(p.managed.iter().flatten().cloned());
        assert_eq!(pairs(&after), pairs(&st));
    }

    #[test]
    fn past_twenty_managed_policies_is_refused() {
        let e = spread(keys(10_000)).unwrap_err();
        assert!(e.policies > MAX_ROLE_MANAGED_POLICIES);
        assert!(e.chars > 20 * MAX_MANAGED_POLICY_CHARS);
    }
}
