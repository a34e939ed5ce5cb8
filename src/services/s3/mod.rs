//! Amazon S3 through API Gateway's `s3:path/...` integration (seeds 000 and 001).
//!
//! Everything gatewright knows about S3 is here: the blueprint arguments and operations
//! (this file), the calls with their IAM actions and headers (`call.rs`), how a request is
//! built into a method (`request.rs`), and bucket names and the narrowest ARNs (`arns.rs`).

mod arns;
mod call;
mod request;
mod source;
#[cfg(test)]
mod tests;

pub(crate) use arns::check_bucket_name;
pub use arns::object_arns;

use crate::codes;
use crate::model::api::MAX_PAYLOAD_MB;
use crate::model::{ApiPath, HttpMethod, Method, OpError, Operation, Owned};
use call::Call;
use request::{Request, build};
use schemars::JsonSchema;
use serde::Deserialize;

/// `GET /` on S3: the buckets of the account (`ListBuckets`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListBuckets {}

/// A bucket, named by a route path parameter (`"{folder}"`), a request value
/// (`"{query.bucket}"`, `"{header.x-bucket}"`, `"{stageVariables.bucket}"`) or fixed (`"photos"`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BucketArgs {
    /// The bucket: `"{param}"` takes it from the route, `"{query.NAME}"`, `"{header.NAME}"`
    /// or `"{stageVariables.NAME}"` from the request or stage, anything else is a fixed name.
    pub bucket: String,
    /// When `bucket` comes from the request: the only buckets the API may touch, by name or
    /// pattern (`team-*`). The execution role is limited to them, so S3 refuses any other
    /// (answered as 400). Required for a query string, header or stage variable bucket.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_buckets: Option<Vec<String>>,
}

/// `PUT /{bucket}` on S3 (`CreateBucket`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBucket {
    /// The bucket: `"{param}"` from the route, `"{query.NAME}"`, `"{header.NAME}"`,
    /// `"{stageVariables.NAME}"`, or a fixed name.
    pub bucket: String,
    /// Only these buckets (names or patterns such as `team-*`) may be created when `bucket`
    /// comes from the request; required unless it comes from the route's path.
    #[serde(default)]
    pub allowed_buckets: Option<Vec<String>>,
    /// `x-amz-acl`: a canned ACL, or `client` to pass the caller's header through. Buckets
    /// created since April 2023 have ACLs disabled (Object Ownership `BucketOwnerEnforced`):
    /// S3 then refuses any ACL but `private` and `bucket-owner-full-control`.
    #[serde(default)]
    pub acl: Option<String>,
    /// Send `Expect: 100-continue` (seed 001). API Gateway reserves this header for itself on
    /// AWS integrations; LocalStack refuses the mapping with a 500, so leave it off unless
    /// your setup is known to accept it.
    #[serde(default)]
    pub expect_continue: bool,
}

/// An object: bucket and key, each fixed, taken from the route's path, or from a query
/// string, header or stage variable.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectArgs {
    /// The bucket: `"{param}"` from the route, `"{query.NAME}"`, `"{header.NAME}"`,
    /// `"{stageVariables.NAME}"`, or a fixed name.
    pub bucket: String,
    /// The object key: `"{item}"`, `"{key}"` of a greedy `{key+}` route (keeps `/`),
    /// `"uploads/{item}"`, `"{query.NAME}"`, `"{header.NAME}"`, `"{stageVariables.NAME}"` or fixed.
    pub key: String,
    /// Only these buckets (names or patterns such as `team-*`) may be used when `bucket`
    /// comes from the request; required unless it comes from the route's path.
    #[serde(default)]
    pub allowed_buckets: Option<Vec<String>>,
}

/// `PUT /{bucket}/{key}` on S3 (`PutObject`): the request body becomes the object.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutObject {
    /// The largest upload the route must take, in MB. API Gateway refuses payloads over 10 MB
    /// (a hard limit), so a larger figure is refused here with the patterns that handle it.
    #[serde(default)]
    pub max_upload_mb: Option<u32>,
    /// The bucket: `"{param}"` from the route, `"{query.NAME}"`, `"{header.NAME}"`,
    /// `"{stageVariables.NAME}"`, or a fixed name.
    pub bucket: String,
    /// The object key: `"{item}"`, `"{key}"` of a greedy `{key+}` route, `"uploads/{item}"`,
    /// `"{query.NAME}"`, `"{header.NAME}"`, `"{stageVariables.NAME}"` or fixed.
    pub key: String,
    /// Only these buckets (names or patterns such as `team-*`) may be written when `bucket`
    /// comes from the request; required unless it comes from the route's path.
    #[serde(default)]
    pub allowed_buckets: Option<Vec<String>>,
    /// `x-amz-acl`: a canned ACL, or `client` to pass the caller's header through. Buckets
    /// created since April 2023 have ACLs disabled (Object Ownership `BucketOwnerEnforced`):
    /// S3 then refuses any ACL but `private` and `bucket-owner-full-control`.
    #[serde(default)]
    pub acl: Option<String>,
    /// Send `Expect: 100-continue`.
    #[serde(default)]
    pub expect_continue: bool,
}

/// `GET /{bucket}` on S3 (`ListObjectsV1`).
pub type ListObjects = BucketArgs;
/// `DELETE /{bucket}` on S3 (`DeleteBucket`).
pub type DeleteBucket = BucketArgs;
/// `GET /{bucket}/{key}` on S3 (`GetObject`).
pub type GetObject = ObjectArgs;
/// `DELETE /{bucket}/{key}` on S3 (`DeleteObject`).
pub type DeleteObject = ObjectArgs;
/// `HEAD /{bucket}/{key}` on S3 (`HeadObject`).
pub type HeadObject = ObjectArgs;

impl BucketArgs {
    /// A bucket from a template (`"{folder}"` or a fixed name).
    pub fn new(bucket: impl Into<String>) -> BucketArgs {
        BucketArgs {
            bucket: bucket.into(),
            allowed_buckets: None,
        }
    }
}

impl ObjectArgs {
    /// An object from bucket and key templates.
    pub fn new(bucket: impl Into<String>, key: impl Into<String>) -> ObjectArgs {
        ObjectArgs {
            bucket: bucket.into(),
            key: key.into(),
            allowed_buckets: None,
        }
    }
}

impl Operation for ListBuckets {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        build(path, verb, &Request::new(Call::ListBuckets, owned))
    }
}

/// The bucket operations that take only [`BucketArgs`].
#[derive(Debug, Clone)]
pub struct BucketOp {
    call: Call,
    /// The bucket and its allow-list.
    pub args: BucketArgs,
}

/// The object operations that take only [`ObjectArgs`].
#[derive(Debug, Clone)]
pub struct ObjectOp {
    call: Call,
    /// Bucket, key and allow-list.
    pub args: ObjectArgs,
}

impl BucketOp {
    /// `s3.list_objects`
    pub fn list_objects(args: BucketArgs) -> BucketOp {
        BucketOp {
            call: Call::ListObjects,
            args,
        }
    }
    /// `s3.delete_bucket`
    pub fn delete_bucket(args: BucketArgs) -> BucketOp {
        BucketOp {
            call: Call::DeleteBucket,
            args,
        }
    }
}

impl ObjectOp {
    /// `s3.get_object`
    pub fn get_object(args: ObjectArgs) -> ObjectOp {
        ObjectOp {
            call: Call::GetObject,
            args,
        }
    }
    /// `s3.delete_object`
    pub fn delete_object(args: ObjectArgs) -> ObjectOp {
        ObjectOp {
            call: Call::DeleteObject,
            args,
        }
    }
    /// `s3.head_object`
    pub fn head_object(args: ObjectArgs) -> ObjectOp {
        ObjectOp {
            call: Call::HeadObject,
            args,
        }
    }
}

impl Operation for BucketArgs {
    /// A bare [`BucketArgs`] lists the bucket's objects (`s3.list_objects`).
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        BucketOp::list_objects(self.clone()).build_in(path, verb, owned)
    }
}

impl Operation for BucketOp {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let a = &self.args;
        let req = Request::at(
            self.call,
            owned,
            &a.bucket,
            None,
            a.allowed_buckets.as_deref(),
        );
        build(path, verb, &req)
    }
}

impl Operation for ObjectOp {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let a = &self.args;
        let req = Request::at(
            self.call,
            owned,
            &a.bucket,
            Some(&a.key),
            a.allowed_buckets.as_deref(),
        );
        build(path, verb, &req)
    }
}

impl Operation for CreateBucket {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let req = Request::at(
            Call::CreateBucket,
            owned,
            &self.bucket,
            None,
            self.allowed_buckets.as_deref(),
        )
        .headers(self.acl.as_deref(), self.expect_continue);
        build(path, verb, &req)
    }
}

impl PutObject {
    /// Refuses uploads larger than API Gateway takes.
    fn check_size(&self) -> Result<(), OpError> {
        match self.max_upload_mb {
            Some(mb) if mb > MAX_PAYLOAD_MB => Err(OpError::field(
                codes::ARGUMENT,
                "max_upload_mb",
                format!("uploads of {mb} MB cannot go through API Gateway, which refuses payloads over {MAX_PAYLOAD_MB} MB"),
            )
            .help(
                "use the presigned-URL pattern (a small Lambda hands out S3 upload URLs, up to 5 GB per PUT, \
                 multipart beyond) or the CloudFront pattern (uploads go to S3 through a distribution)",
            )),
            _ => Ok(()),
        }
    }
}

impl Operation for PutObject {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        self.check_size()?;
        let req = Request::at(
            Call::PutObject,
            owned,
            &self.bucket,
            Some(&self.key),
            self.allowed_buckets.as_deref(),
        )
        .headers(self.acl.as_deref(), self.expect_continue);
        build(path, verb, &req)
    }
}

crate::service_operations! {
    "list_buckets" => ListBuckets => |a: ListBuckets| a, example: ("GET /", "{}"),
    "list_objects" => BucketArgs => BucketOp::list_objects, example: ("GET /{folder}", "{ bucket: \"{folder}\" }"),
    "create_bucket" => CreateBucket => |a: CreateBucket| a, example: ("PUT /{folder}", "{ bucket: \"{folder}\", allowed_buckets: [team-reports] }"),
    "delete_bucket" => BucketArgs => BucketOp::delete_bucket, example: ("DELETE /{folder}", "{ bucket: \"{folder}\", allowed_buckets: [team-reports] }"),
    "get_object" => ObjectArgs => ObjectOp::get_object, example: ("GET /{folder}/{item}", "{ bucket: \"{folder}\", key: \"{item}\" }"),
    "put_object" => PutObject => |a: PutObject| a, example: ("PUT /files/{name}", "{ bucket: uploads, key: \"incoming/{name}\" }"),
    "delete_object" => ObjectArgs => ObjectOp::delete_object, example: ("DELETE /files/{name}", "{ bucket: uploads, key: \"incoming/{name}\" }"),
    "head_object" => ObjectArgs => ObjectOp::head_object, example: ("HEAD /files/{name}", "{ bucket: uploads, key: \"incoming/{name}\" }"),
    "presign_upload" => super::s3_presign::Presign => super::s3_presign::upload, example: ("GET /upload/{name}", "{ bucket: uploads, key: \"incoming/{name}\", expires_seconds: 300, content_types: [image/png] }"),
    "presign_download" => super::s3_presign::Presign => super::s3_presign::download, example: ("GET /download/{name}", "{ bucket: uploads, key: \"incoming/{name}\", expires_seconds: 60 }"),
    "presign_multipart" => super::s3_presign::Presign => super::s3_presign::multipart, example: ("POST /multipart/{name}", "{ bucket: uploads, key: \"incoming/{name}\", expires_seconds: 3600 }"),
}
