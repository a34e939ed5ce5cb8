//! The S3 calls the operations make: operation id, summary, HTTP method, the IAM action each
//! needs, and the headers it passes.

use crate::model::HttpMethod;

/// Canned ACLs S3 accepts in `x-amz-acl`.
pub(super) const CANNED_ACLS: [&str; 8] = [
    "private",
    "public-read",
    "public-read-write",
    "authenticated-read",
    "aws-exec-read",
    "bucket-owner-read",
    "bucket-owner-full-control",
    "log-delivery-write",
];

/// Which S3 call an operation makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Call {
    ListBuckets,
    ListObjects,
    CreateBucket,
    DeleteBucket,
    GetObject,
    PutObject,
    DeleteObject,
    HeadObject,
}

impl Call {
    pub(super) fn operation_id(self) -> &'static str {
        match self {
            Call::ListBuckets => "ListBuckets",
            Call::ListObjects => "ListObjects",
            Call::CreateBucket => "CreateBucket",
            Call::DeleteBucket => "DeleteBucket",
            Call::GetObject => "GetObject",
            Call::PutObject => "PutObject",
            Call::DeleteObject => "DeleteObject",
            Call::HeadObject => "HeadObject",
        }
    }

    pub(super) fn summary(self) -> &'static str {
        match self {
            Call::ListBuckets => "List the buckets of the account",
            Call::ListObjects => "List the objects of a bucket",
            Call::CreateBucket => "Create a bucket",
            Call::DeleteBucket => "Delete an empty bucket",
            Call::GetObject => "Download an object",
            Call::PutObject => "Upload an object (the request body)",
            Call::DeleteObject => "Delete an object",
            Call::HeadObject => "Read an object's metadata",
        }
    }

    pub(super) fn http_method(self) -> HttpMethod {
        match self {
            Call::ListBuckets | Call::ListObjects | Call::GetObject => HttpMethod::Get,
            Call::CreateBucket | Call::PutObject => HttpMethod::Put,
            Call::DeleteBucket | Call::DeleteObject => HttpMethod::Delete,
            Call::HeadObject => HttpMethod::Head,
        }
    }

    /// The IAM action the call needs (HEAD Object is authorized as `s3:GetObject`).
    pub(super) fn action(self) -> &'static str {
        match self {
            Call::ListBuckets => "s3:ListAllMyBuckets",
            Call::ListObjects => "s3:ListBucket",
            Call::CreateBucket => "s3:CreateBucket",
            Call::DeleteBucket => "s3:DeleteBucket",
            Call::GetObject | Call::HeadObject => "s3:GetObject",
            Call::PutObject => "s3:PutObject",
            Call::DeleteObject => "s3:DeleteObject",
        }
    }

    /// The extra action an `x-amz-acl` header needs.
    pub(super) fn acl_action(self) -> &'static str {
        match self {
            Call::CreateBucket => "s3:PutBucketAcl",
            _ => "s3:PutObjectAcl",
        }
    }

    /// Writes pass the client's Content-Type through; reads pass Accept.
    pub(super) fn passed_header(self) -> Option<&'static str> {
        match self {
            Call::CreateBucket | Call::PutObject => Some("Content-Type"),
            Call::ListBuckets | Call::ListObjects | Call::GetObject | Call::HeadObject => {
                Some("Accept")
            }
            Call::DeleteBucket | Call::DeleteObject => None,
        }
    }
}
