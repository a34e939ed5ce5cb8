//! KMS keys that encrypt owned queues and topics: a key given by ARN, or one created with the
//! resource; the key policy of a created key; and the `kms:` grants a role needs to send to
//! or publish on an encrypted resource.

use super::{Attr, KindFacts, Owned, OwnedKind, OwnedResource, TemplateAttr, text_ref};
use crate::model::iam::Permission;
use crate::model::policy::{
    Condition, Effect, OneOrMany, PolicyDocument, PolicyStatement, Principal, principal,
};
use crate::model::text::{Part, Text};
use serde::Serialize;
use std::collections::BTreeMap;

/// A created KMS key: `Ref` is its key id, `Arn` its ARN.
pub(super) const FACTS: KindFacts = KindFacts {
    word: "key",
    what: "KMS key",
    section: "keys",
    logical_id_prefix: "Key",
    arn: TemplateAttr::GetAtt("Arn"),
    name: TemplateAttr::Ref,
    url: TemplateAttr::GetAtt("Arn"),
    refs: &[("arn", Attr::Arn)],
    names: |o| o.keys.keys().collect(),
    tags: |o, n| o.keys.get(n).map(|r| &r.tags),
};

/// What a role needs on a key to send or publish to a resource the key encrypts.
pub const USE_ACTIONS: [&str; 2] = ["kms:Decrypt", "kms:GenerateDataKey"];

/// What the deploying account may do with a created key (through its IAM policies): manage it,
/// and use it. Listed action by action, no wildcard; `kms:PutKeyPolicy` keeps the account
/// able to change the policy, so the key can never become unmanageable.
pub const ACCOUNT_ACTIONS: [&str; 24] = [
    "kms:CancelKeyDeletion",
    "kms:CreateAlias",
    "kms:CreateGrant",
    "kms:Decrypt",
    "kms:DeleteAlias",
    "kms:DescribeKey",
    "kms:DisableKey",
    "kms:DisableKeyRotation",
    "kms:EnableKey",
    "kms:EnableKeyRotation",
    "kms:Encrypt",
    "kms:GenerateDataKey",
    "kms:GetKeyPolicy",
    "kms:GetKeyRotationStatus",
    "kms:ListGrants",
    "kms:ListResourceTags",
    "kms:PutKeyPolicy",
    "kms:RetireGrant",
    "kms:RevokeGrant",
    "kms:ScheduleKeyDeletion",
    "kms:TagResource",
    "kms:UntagResource",
    "kms:UpdateAlias",
    "kms:UpdateKeyDescription",
];

/// The key that encrypts a queue or topic.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum KmsKey {
    /// A key the deployment already has, by key ARN or alias ARN.
    Arn(Text),
    /// A key the API creates, by its name among the owned keys.
    Owned(String),
}

impl KmsKey {
    /// The value SQS and SNS take as `KmsMasterKeyId`: the given ARN, or the created key's ARN.
    pub fn id(&self) -> Text {
        match self {
            KmsKey::Arn(t) => t.clone(),
            KmsKey::Owned(name) => text_ref(OwnedKind::Key, name, Attr::Arn),
        }
    }

    /// The alias name (`alias/orders`) when the key is given by alias ARN.
    pub fn alias(&self) -> Option<String> {
        let KmsKey::Arn(t) = self else { return None };
        let Some(Part::Lit(last)) = t.0.last() else {
            return None;
        };
        last.rfind(":alias/").map(|i| last[i + 1..].to_string())
    }

    /// What a role needs to send or publish to a resource this key encrypts: the two use
    /// actions on the key's ARN, or, for an alias (which IAM cannot name as a resource), on the
    /// account's keys that carry that alias.
    pub fn use_permission(&self) -> Permission {
        let actions = USE_ACTIONS.iter().map(|a| a.to_string()).collect();
        match (self, self.alias()) {
            (KmsKey::Arn(t), Some(alias)) => {
                let Some(Part::Lit(last)) = t.0.last() else {
                    return Permission::allow(actions, vec![t.clone()]);
                };
                let mut keys = Text(t.0[..t.0.len() - 1].to_vec());
                keys.push_str(&last[..last.rfind(":alias/").unwrap_or(last.len())]);
                keys.push_str(":key/*");
                Permission {
                    conditions: vec![Condition {
                        operator: "ForAnyValue:StringEquals".into(),
                        key: "kms:ResourceAliases".into(),
                        values: OneOrMany::One(Text::lit(alias)),
                    }],
                    ..Permission::allow(actions, vec![keys])
                }
            }
            _ => Permission::allow(actions, vec![self.id()]),
        }
    }
}

/// A KMS key the API creates to encrypt one owned queue or topic, with automatic rotation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Key {
    /// What the key is for, as its description says.
    pub description: String,
    /// Tags of the key.
    pub tags: BTreeMap<String, String>,
}

impl OwnedResource for Key {
    const KIND: OwnedKind = OwnedKind::Key;
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, Key> {
        &mut owned.keys
    }
}

impl Key {
    /// Created keys rotate their key material every year.
    pub fn rotation(&self) -> bool {
        true
    }
}

impl Owned {
    /// The key policy of created key `name`: the account manages and uses it through IAM, and
    /// SNS may use it to deliver from owned topics to the queues it encrypts (only on behalf of
    /// those topics).
    pub fn key_policy(&self, name: &str) -> PolicyDocument {
        let mut statements = vec![PolicyStatement {
            sid: Some("AccountManagesAndUsesKey"),
            effect: Effect::Allow,
            principal: Some(Principal::ThisAccount),
            actions: OneOrMany::Many(ACCOUNT_ACTIONS.iter().map(|a| a.to_string()).collect()),
            resources: Some(OneOrMany::One(Text::lit("*"))),
            conditions: Vec::new(),
        }];
        let owned_by = |k: &Option<KmsKey>| matches!(k, Some(KmsKey::Owned(n)) if n == name);
        let mut topics: Vec<Text> = Vec::new();
        for s in self.subscriptions() {
            let encrypted = s
                .owned_queue()
                .and_then(|q| self.queues.get(q))
                .is_some_and(|q| owned_by(&q.kms_key));
            let t = text_ref(OwnedKind::Topic, s.topic, Attr::Arn);
            if encrypted && !topics.contains(&t) {
                topics.push(t);
            }
        }
        if !topics.is_empty() {
            statements.push(PolicyStatement {
                sid: Some("SnsDeliversToEncryptedQueues"),
                effect: Effect::Allow,
                principal: Some(Principal::Service(principal::SNS)),
                actions: OneOrMany::Many(USE_ACTIONS.iter().map(|a| a.to_string()).collect()),
                resources: Some(OneOrMany::One(Text::lit("*"))),
                conditions: vec![Condition {
                    operator: "ArnEquals".into(),
                    key: "aws:SourceArn".into(),
                    values: OneOrMany::Many(topics),
                }],
            });
        }
        PolicyDocument { statements }
    }

    /// The `kms:` grants a role needs besides `permissions`: for each owned queue it may send
    /// to, or owned topic it may publish on, that a KMS key encrypts, the use of that key.
    pub fn kms_permissions<'a>(
        &self,
        permissions: impl IntoIterator<Item = &'a Permission>,
    ) -> Vec<Permission> {
        let mut out: Vec<Permission> = Vec::new();
        for p in permissions {
            if p.effect != Effect::Allow {
                continue;
            }
            for r in p.resources.iter().flat_map(|t| t.refs()) {
                if r.attr != Attr::Arn {
                    continue;
                }
                let (key, action) = match r.kind {
                    OwnedKind::Queue => (
                        self.queues.get(&r.name).and_then(|q| q.kms_key.as_ref()),
                        "sqs:SendMessage",
                    ),
                    OwnedKind::Topic => (
                        self.topics.get(&r.name).and_then(|t| t.kms_key.as_ref()),
                        "sns:Publish",
                    ),
                    _ => (None, ""),
                };
                if let Some(key) = key
                    && p.actions.iter().any(|a| a == action)
                {
                    let grant = key.use_permission();
                    if !out.contains(&grant) {
                        out.push(grant);
                    }
                }
            }
        }
        out
    }
}
