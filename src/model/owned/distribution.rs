//! CloudFront upload distributions into owned buckets (their settings are decided by the
//! cloudfront service; the bucket policy grant is in `bucket.rs`).

use super::tags::no_tags;
use super::{Attr, KindFacts, Owned, OwnedKind, OwnedResource, TemplateAttr};
use crate::model::scan::{Explained, Formats};
use serde::Serialize;
use std::collections::BTreeMap;

/// A distribution: `Ref` is its id, and the resource type has no ARN attribute.
pub(super) const FACTS: KindFacts = KindFacts {
    word: "distribution",
    what: "upload distribution",
    section: "upload_distributions",
    logical_id_prefix: "Distribution",
    arn: TemplateAttr::GlobalArn {
        service: "cloudfront",
        resource: "distribution",
    },
    name: TemplateAttr::Ref,
    url: TemplateAttr::GetAtt("DomainName"),
    refs: &[
        ("arn", Attr::Arn),
        ("id", Attr::Name),
        ("domain", Attr::Url),
    ],
    names: |o| o.distributions.keys().collect(),
    tags: no_tags,
};

/// A CloudFront distribution that takes uploads straight into an owned bucket (the seed 002
/// alternative for large files): the bucket is its origin through Origin Access Control,
/// HTTPS only, nothing cached, and a viewer-request function checks each upload's token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UploadDistribution {
    /// The owned bucket that receives the uploads.
    pub bucket: String,
    /// Uploads go under this key prefix (`incoming/`); the distribution may write nowhere else.
    pub path_prefix: String,
    /// Code of the viewer-request CloudFront Function (cloudfront-js-2.0).
    pub function_code: String,
    /// The CloudFront cache policy (the managed CachingDisabled policy).
    pub cache_policy_id: String,
    /// The CloudFront origin request policy (forwards the viewer's Content-Type and the like).
    pub origin_request_policy_id: String,
    /// The KeyValueStore key that holds the token secret (put there after deployment).
    pub secret_key: String,
    /// Runtime of the viewer-request function (`cloudfront-js-2.0`).
    pub function_runtime: String,
    /// How viewers must connect (`https-only`).
    pub viewer_protocol_policy: String,
    /// Methods the distribution passes on (CloudFront takes PUT only with the full set).
    pub allowed_methods: Vec<String>,
    /// Methods whose answers CloudFront may cache (none are, with caching disabled).
    pub cached_methods: Vec<String>,
    /// Origin Access Control: when requests to S3 are signed (`always`) and how (`sigv4`).
    pub signing: (String, String),
    /// The id of the bucket origin within the distribution.
    pub origin_id: String,
    /// What the distribution is for.
    pub comment: String,
    /// HTTP versions viewers may use (`http2and3`).
    pub http_version: String,
    /// The origin's type for Origin Access Control (`s3`).
    pub origin_type: String,
    /// Whether CloudFront compresses answers (never: uploads only).
    pub compress: bool,
    /// When the function runs (`viewer-request`).
    pub function_event: String,
    /// What the function does.
    pub function_comment: String,
    /// What the KeyValueStore holds.
    pub store_comment: String,
    /// How clients use the upload URL.
    pub upload_hint: String,
    /// How to put the secret into the KeyValueStore after deployment.
    pub secret_hint: String,
}

impl OwnedResource for UploadDistribution {
    const KIND: OwnedKind = OwnedKind::Distribution;
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, UploadDistribution> {
        &mut owned.distributions
    }
}

impl UploadDistribution {
    /// Scanner checks the distribution does not meet, and why (see [`crate::model::scan`]).
    pub fn scan_findings(&self) -> Vec<Explained> {
        const CERT: &str = "the distribution is reached at its own `*.cloudfront.net` name with CloudFront's default certificate, whose TLS policy CloudFront fixes; a TLSv1.2 minimum needs a custom domain with an ACM certificate in us-east-1";
        const WAF: &str = "an AWS WAF web ACL is billed per ACL, rule and request and chosen per account or organisation; each upload is already checked at the edge against a signed token";
        vec![
            Explained::new("CKV_AWS_174", Formats::Both, CERT),
            Explained::new("CKV_AWS_68", Formats::Both, WAF),
            Explained::new(
                "CKV_AWS_86",
                Formats::Both,
                "standard logs need a bucket with ACLs enabled to receive them, which owned buckets refuse (ACLs disabled, public access blocked); log delivery is set up for the account outside the API",
            ),
            Explained::new(
                "CKV2_AWS_32",
                Formats::Terraform,
                "the distribution only takes uploads (PUT under its prefix) and serves no pages a browser renders, which security headers protect",
            ),
            Explained::new("CKV2_AWS_42", Formats::Terraform, CERT),
            Explained::new("CKV2_AWS_47", Formats::Terraform, WAF),
            Explained::new(
                "CKV_AWS_305",
                Formats::Terraform,
                "the distribution serves nothing at its root: it only takes uploads under its path prefix",
            ),
            Explained::new(
                "CKV_AWS_310",
                Formats::Terraform,
                "an upload has one destination bucket; failing over to another origin would scatter uploads",
            ),
            Explained::new(
                "CKV_AWS_374",
                Formats::Terraform,
                "uploads are authorized by a signed token checked at the edge; where callers are is not this API's access rule",
            ),
        ]
    }
}
