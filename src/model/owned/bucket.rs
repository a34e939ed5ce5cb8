//! Owned S3 buckets and their hardening: public access blocked, encrypted at rest, reachable
//! over TLS only, incomplete uploads aborted. Decided here once; each format writes the same
//! settings in its own resources.

use super::{
    Attr, ENABLED, KindFacts, Owned, OwnedKind, OwnedResource, TemplateAttr, service_grant,
    text_ref,
};
use crate::model::policy::{
    Condition, Effect, OneOrMany, PolicyDocument, PolicyStatement, Principal, principal,
};
use crate::model::scan::{Explained, Formats};
use crate::model::text::Text;
use serde::Serialize;
use std::collections::BTreeMap;

/// A bucket: `Ref` is its name; clients reach it at its regional domain name.
pub(super) const FACTS: KindFacts = KindFacts {
    word: "bucket",
    what: "bucket",
    section: "buckets",
    logical_id_prefix: "Bucket",
    arn: TemplateAttr::GetAtt("Arn"),
    name: TemplateAttr::Ref,
    url: TemplateAttr::GetAtt("RegionalDomainName"),
    refs: &[
        ("arn", Attr::Arn),
        ("name", Attr::Name),
        ("domain", Attr::Url),
    ],
    names: |o| o.buckets.keys().collect(),
    tags: |o, n| o.buckets.get(n).map(|r| &r.tags),
};

/// Server-side encryption every owned bucket uses by default (SSE-S3).
pub const SSE_ALGORITHM: &str = "AES256";

/// An S3 bucket the blueprint owns, with safe defaults: public access blocked, encrypted at
/// rest (SSE-S3), reachable over TLS only, versioned (an overwritten or deleted object can be
/// recovered).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Bucket {
    /// Keep every version of every object (on by default).
    pub versioning: bool,
    /// Delete objects this many days after they were written.
    pub expire_after_days: Option<u32>,
    /// Abort multipart uploads left incomplete this many days (default 7).
    pub abort_incomplete_uploads_after_days: Option<u32>,
    /// Its name in AWS, when the blueprint chooses it (else derived from the stack or API).
    pub name: Option<String>,
    /// Tags of the bucket, over the API's.
    pub tags: BTreeMap<String, String>,
}

impl Default for Bucket {
    /// Versioned, nothing expired, incomplete uploads aborted after 7 days.
    fn default() -> Bucket {
        Bucket {
            versioning: true,
            expire_after_days: None,
            abort_incomplete_uploads_after_days: None,
            name: None,
            tags: BTreeMap::new(),
        }
    }
}

/// The four public access block settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PublicAccessBlock {
    /// Refuse requests that set public ACLs.
    pub block_public_acls: bool,
    /// Refuse bucket policies that grant public access.
    pub block_public_policy: bool,
    /// Ignore public ACLs already present.
    pub ignore_public_acls: bool,
    /// Limit a public policy's reach to AWS services and the owner.
    pub restrict_public_buckets: bool,
}

/// One lifecycle rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LifecycleRule {
    /// Rule id.
    pub id: &'static str,
    /// `Enabled`.
    pub status: &'static str,
    /// What it does.
    pub action: LifecycleAction,
}

/// What a lifecycle rule does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum LifecycleAction {
    /// Abort multipart uploads this many days after they started.
    AbortIncompleteUploads(u32),
    /// Delete objects this many days after they were written.
    Expire(u32),
    /// Delete old versions this many days after a newer version replaced them.
    ExpireNoncurrent(u32),
}

impl OwnedResource for Bucket {
    const KIND: OwnedKind = OwnedKind::Bucket;
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, Bucket> {
        &mut owned.buckets
    }
}

impl Bucket {
    /// The default encryption algorithm.
    pub fn sse_algorithm(&self) -> &'static str {
        SSE_ALGORITHM
    }

    /// Public access: every block on.
    pub fn public_access_block(&self) -> PublicAccessBlock {
        PublicAccessBlock {
            block_public_acls: true,
            block_public_policy: true,
            ignore_public_acls: true,
            restrict_public_buckets: true,
        }
    }

    /// The versioning status, when versioning is on.
    pub fn versioning_status(&self) -> Option<&'static str> {
        self.versioning.then_some(ENABLED)
    }

    /// Lifecycle rules: incomplete uploads aborted (after 7 days unless told), objects
    /// expired when asked.
    pub fn lifecycle(&self) -> Vec<LifecycleRule> {
        let rule = |id, action| LifecycleRule {
            id,
            status: ENABLED,
            action,
        };
        let mut rules = vec![rule(
            "abort-incomplete-uploads",
            LifecycleAction::AbortIncompleteUploads(
                self.abort_incomplete_uploads_after_days.unwrap_or(7),
            ),
        )];
        if let Some(d) = self.expire_after_days {
            rules.push(rule("expire-objects", LifecycleAction::Expire(d)));
            // Expiring a versioned object only adds a delete marker: its versions would be
            // kept (and billed) for ever without this rule.
            if self.versioning {
                rules.push(rule(
                    "expire-old-versions",
                    LifecycleAction::ExpireNoncurrent(d),
                ));
            }
        }
        rules
    }
}

impl Owned {
    /// The policy of owned bucket `name`: requests over plain HTTP are denied, then each
    /// upload distribution of the bucket may put objects under its prefix, and nothing else.
    pub fn bucket_policy(&self, name: &str) -> PolicyDocument {
        let arn = text_ref(OwnedKind::Bucket, name, Attr::Arn);
        let mut objects = arn.clone();
        objects.push_str("/*");
        let mut statements = vec![PolicyStatement {
            sid: Some("DenyInsecureTransport"),
            effect: Effect::Deny,
            principal: Some(Principal::Anyone),
            actions: OneOrMany::Many(vec!["s3:*".into()]),
            resources: Some(OneOrMany::Many(vec![arn, objects])),
            conditions: vec![Condition {
                operator: "Bool".into(),
                key: "aws:SecureTransport".into(),
                values: OneOrMany::One(Text::lit("false")),
            }],
        }];
        for (dname, d) in self.distributions.iter().filter(|(_, d)| d.bucket == name) {
            let mut objects = text_ref(OwnedKind::Bucket, name, Attr::Arn);
            objects.push_str(&format!("/{}*", d.path_prefix));
            statements.push(service_grant(
                principal::CLOUDFRONT,
                &["s3:PutObject"],
                objects,
                vec![text_ref(OwnedKind::Distribution, dname, Attr::Arn)],
            ));
        }
        PolicyDocument { statements }
    }
}

impl Bucket {
    /// Scanner checks the bucket does not meet, and why (see [`crate::model::scan`]).
    pub fn scan_findings(&self) -> Vec<Explained> {
        let mut out = vec![Explained::new(
            "CKV_AWS_18",
            Formats::Both,
            "server access logs need a second bucket to receive them (itself unlogged); object-level auditing is CloudTrail data events, the account's choice",
        )];
        if !self.versioning {
            out.push(Explained::new(
                "CKV_AWS_21",
                Formats::Both,
                "the blueprint turns versioning off (`versioning: false`)",
            ));
        }
        out.extend([
            Explained::new(
                "CKV_AWS_144",
                Formats::Terraform,
                "cross-region replication needs a second bucket in another region and a role, and doubles storage: a disaster-recovery choice, not a default",
            ),
            Explained::new(
                "CKV_AWS_145",
                Formats::Terraform,
                "objects are encrypted at rest with SSE-S3 (AES-256, keys S3 manages); SSE-KMS would need every writer (the API's role, presigned URLs, CloudFront) granted a key and costs per request",
            ),
            Explained::new(
                "CKV2_AWS_62",
                Formats::Terraform,
                "nothing in the API consumes object events; notifications belong where a consumer exists",
            ),
        ]);
        out
    }
}
