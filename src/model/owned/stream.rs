//! Owned Kinesis data streams: on-demand unless a shard count is given, encrypted at rest with
//! a KMS key (the AWS managed `alias/aws/kinesis` unless told), records kept 24 hours unless
//! told. Decided here once; each format writes the same settings.

use super::tags::no_tags;
use super::{Attr, KindFacts, Owned, OwnedKind, OwnedResource, TemplateAttr};
use serde::Serialize;
use std::collections::BTreeMap;

/// A stream: `Ref` is its name.
pub(super) const FACTS: KindFacts = KindFacts {
    word: "stream",
    what: "stream",
    section: "streams",
    logical_id_prefix: "Stream",
    arn: TemplateAttr::GetAtt("Arn"),
    name: TemplateAttr::Ref,
    url: TemplateAttr::GetAtt("Arn"),
    refs: &[("arn", Attr::Arn), ("name", Attr::Name)],
    names: |o| o.streams.keys().collect(),
    tags: no_tags,
};

/// The KMS key owned streams are encrypted with unless the blueprint names another.
pub const AWS_MANAGED_KEY: &str = "alias/aws/kinesis";

/// How long a stream keeps records unless told (Kinesis's own default and minimum).
pub const DEFAULT_RETENTION_HOURS: u32 = 24;

/// A Kinesis data stream the blueprint owns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Stream {
    /// Its name in AWS; `None` lets CloudFormation choose one (Terraform needs one, so it
    /// uses the API's name and the blueprint's).
    pub name: Option<String>,
    /// Provisioned with this many shards; `None` is on-demand capacity.
    pub shard_count: Option<u32>,
    /// Hours records stay readable (24 to 8760).
    pub retention_hours: Option<u32>,
    /// A customer KMS key (ARN, id or `alias/...`); `None` is the AWS managed key.
    pub kms_key: Option<String>,
}

impl OwnedResource for Stream {
    const KIND: OwnedKind = OwnedKind::Stream;
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, Stream> {
        &mut owned.streams
    }
}

impl Stream {
    /// `ON_DEMAND` or `PROVISIONED`, as both formats spell the capacity mode.
    pub fn mode(&self) -> &'static str {
        if self.shard_count.is_some() {
            "PROVISIONED"
        } else {
            "ON_DEMAND"
        }
    }

    /// Hours records are kept.
    pub fn retention(&self) -> u32 {
        self.retention_hours.unwrap_or(DEFAULT_RETENTION_HOURS)
    }

    /// The KMS key records are encrypted with.
    pub fn key(&self) -> &str {
        self.kms_key.as_deref().unwrap_or(AWS_MANAGED_KEY)
    }

    /// The customer key writers need `kms:GenerateDataKey` on, when the stream uses one (the
    /// AWS managed key needs no grant).
    pub fn customer_key(&self) -> Option<&str> {
        self.kms_key.as_deref().filter(|k| *k != AWS_MANAGED_KEY)
    }
}
