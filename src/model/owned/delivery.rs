//! Owned Firehose delivery streams: records put directly (DirectPut) delivered into an owned
//! bucket under a prefix, encrypted at rest with an AWS owned key, through a role that may
//! write under that prefix of that bucket and nothing else.

use super::tags::no_tags;
use super::{Attr, KindFacts, Owned, OwnedKind, OwnedResource, TemplateAttr, text_ref};
use crate::model::policy::{PolicyDocument, PolicyStatement, Role};
use serde::Serialize;
use std::collections::BTreeMap;

/// A delivery stream: `Ref` is its name.
pub(super) const FACTS: KindFacts = KindFacts {
    word: "delivery stream",
    what: "delivery stream",
    section: "delivery_streams",
    logical_id_prefix: "DeliveryStream",
    arn: TemplateAttr::GetAtt("Arn"),
    name: TemplateAttr::Ref,
    url: TemplateAttr::GetAtt("Arn"),
    refs: &[("arn", Attr::Arn), ("name", Attr::Name)],
    names: |o| o.delivery_streams.keys().collect(),
    tags: no_tags,
};

/// The service that assumes a delivery stream's role.
pub const FIREHOSE: &str = "firehose.amazonaws.com";

/// Key prefix of delivered objects unless told.
pub const DEFAULT_PREFIX: &str = "records/";

/// Key prefix of records Firehose could not deliver.
pub const DEFAULT_ERROR_PREFIX: &str = "errors/";

/// How a delivery stream compresses the objects it writes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Compression {
    /// As received (the default).
    #[default]
    Uncompressed,
    /// GZIP.
    Gzip,
    /// ZIP.
    Zip,
    /// Snappy.
    Snappy,
    /// Hadoop-compatible Snappy.
    HadoopSnappy,
}

impl Compression {
    /// The spelling both CloudFormation and Terraform use.
    pub fn as_str(self) -> &'static str {
        match self {
            Compression::Uncompressed => "UNCOMPRESSED",
            Compression::Gzip => "GZIP",
            Compression::Zip => "ZIP",
            Compression::Snappy => "Snappy",
            Compression::HadoopSnappy => "HADOOP_SNAPPY",
        }
    }
}

/// A Firehose delivery stream into an owned bucket.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct DeliveryStream {
    /// Its name in AWS; `None` lets CloudFormation choose one.
    pub name: Option<String>,
    /// The owned bucket records are delivered into.
    pub bucket: String,
    /// Key prefix of delivered objects (a folder ending in `/`).
    pub prefix: String,
    /// Key prefix of records that could not be delivered.
    pub error_prefix: String,
    /// Deliver once this many MiB are buffered (1 to 128).
    pub buffer_size_mb: Option<u32>,
    /// Deliver at least every this many seconds (0 to 900).
    pub buffer_interval_s: Option<u32>,
    /// Compression of delivered objects.
    pub compression: Compression,
}

impl OwnedResource for DeliveryStream {
    const KIND: OwnedKind = OwnedKind::DeliveryStream;
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, DeliveryStream> {
        &mut owned.delivery_streams
    }
}

impl DeliveryStream {
    /// The encryption key type of records at rest in the stream.
    pub fn key_type(&self) -> &'static str {
        "AWS_OWNED_CMK"
    }

    /// The role Firehose assumes to deliver into the bucket: the bucket-level reads S3
    /// delivery needs on the bucket, and object writes under the two prefixes only.
    pub fn role(&self, name: &str) -> Role {
        let bucket = text_ref(OwnedKind::Bucket, &self.bucket, Attr::Arn);
        let under = |prefix: &str| {
            let mut t = bucket.clone();
            t.push_str(&format!("/{prefix}*"));
            t
        };
        let statements = vec![
            PolicyStatement::allow(
                vec![
                    "s3:GetBucketLocation".into(),
                    "s3:ListBucket".into(),
                    "s3:ListBucketMultipartUploads".into(),
                ],
                vec![bucket.clone()],
            ),
            PolicyStatement::allow(
                vec![
                    "s3:AbortMultipartUpload".into(),
                    "s3:GetObject".into(),
                    "s3:PutObject".into(),
                ],
                vec![under(&self.prefix), under(&self.error_prefix)],
            ),
        ];
        Role {
            description: format!("Lets Firehose deliver the records of {name} into its bucket"),
            service: FIREHOSE,
            policy_name: "deliver-to-bucket",
            policy: PolicyDocument { statements },
        }
    }
}

impl DeliveryStream {
    /// Scanner checks the delivery stream does not meet, and why.
    pub fn scan_findings(&self) -> Vec<crate::model::scan::Explained> {
        vec![crate::model::scan::Explained::new(
            "CKV_AWS_241",
            crate::model::scan::Formats::Terraform,
            "records are encrypted at rest with a key AWS owns (server-side encryption is on); a customer-managed KMS key (its key policy, a monthly cost) is the account's choice",
        )]
    }
}
