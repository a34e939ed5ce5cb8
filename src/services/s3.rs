//! Amazon S3 through API Gateway's `s3:path/...` integration (seeds 000 and 001).
//!
//! Everything gatewright knows about S3 is here: the path override for each operation, the
//! headers it passes, the default responses of the seed tutorial, and the exact IAM actions
//! and narrowest resources each call needs.

use super::args::PathTemplate;
use crate::codes;
use crate::model::api::MAX_PAYLOAD_MB;
use crate::model::{
    ApiPath, Attr, HttpMethod, Integration, IntegrationParam, IntegrationResponse, Method,
    MethodResponse, OpError, Operation, Owned, OwnedKind, ParamIn, Passthrough, Permission,
    RequestParam, RequestSource, ResourceRef, ResponseSource, Target, Text,
};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Canned ACLs S3 accepts in `x-amz-acl`.
const CANNED_ACLS: [&str; 8] = [
    "private",
    "public-read",
    "public-read-write",
    "authenticated-read",
    "aws-exec-read",
    "bucket-owner-read",
    "bucket-owner-full-control",
    "log-delivery-write",
];

/// `GET /` on S3: the buckets of the account (`ListBuckets`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ListBuckets {}

/// A bucket, named by a route path parameter (`"{folder}"`) or fixed (`"photos"`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct BucketArgs {
    /// The bucket: `"{param}"` takes it from the route, anything else is a fixed bucket name.
    pub bucket: String,
    /// When `bucket` comes from the route: the only buckets the API may touch. The execution
    /// role is limited to them, so S3 refuses any other (answered as 400).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_buckets: Option<Vec<String>>,
}

/// `PUT /{bucket}` on S3 (`CreateBucket`).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateBucket {
    /// The bucket: `"{param}"` from the route or a fixed name.
    pub bucket: String,
    /// Only these buckets may be created when `bucket` comes from the route.
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

/// An object: bucket and key, each fixed or taken from the route.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ObjectArgs {
    /// The bucket: `"{param}"` from the route or a fixed name.
    pub bucket: String,
    /// The object key: `"{item}"`, `"{key+}"` (greedy, keeps `/`), `"uploads/{item}"` or fixed.
    pub key: String,
    /// Only these buckets may be used when `bucket` comes from the route.
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
    /// The bucket: `"{param}"` from the route or a fixed name.
    pub bucket: String,
    /// The object key: `"{item}"`, `"{key+}"`, `"uploads/{item}"` or fixed.
    pub key: String,
    /// Only these buckets may be written when `bucket` comes from the route.
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

/// Which S3 call an operation makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Call {
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
    fn operation_id(self) -> &'static str {
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

    fn summary(self) -> &'static str {
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

    fn http_method(self) -> HttpMethod {
        match self {
            Call::ListBuckets | Call::ListObjects | Call::GetObject => HttpMethod::Get,
            Call::CreateBucket | Call::PutObject => HttpMethod::Put,
            Call::DeleteBucket | Call::DeleteObject => HttpMethod::Delete,
            Call::HeadObject => HttpMethod::Head,
        }
    }

    /// The IAM action the call needs (HEAD Object is authorized as `s3:GetObject`).
    fn action(self) -> &'static str {
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
    fn acl_action(self) -> &'static str {
        match self {
            Call::CreateBucket => "s3:PutBucketAcl",
            _ => "s3:PutObjectAcl",
        }
    }

    /// Writes pass the client's Content-Type through; reads pass Accept.
    fn passed_header(self) -> Option<&'static str> {
        match self {
            Call::CreateBucket | Call::PutObject => Some("Content-Type"),
            Call::ListBuckets | Call::ListObjects | Call::GetObject | Call::HeadObject => {
                Some("Accept")
            }
            Call::DeleteBucket | Call::DeleteObject => None,
        }
    }
}

/// The parts of an S3 request that vary between operations.
struct Request<'a> {
    call: Call,
    owned: &'a Owned,
    bucket: Option<&'a str>,
    key: Option<&'a str>,
    allowed_buckets: Option<&'a [String]>,
    acl: Option<&'a str>,
    expect_continue: bool,
}

impl<'a> Request<'a> {
    /// A `call` with no bucket, key, allow-list or extra headers.
    fn new(call: Call, owned: &'a Owned) -> Request<'a> {
        Request {
            call,
            owned,
            bucket: None,
            key: None,
            allowed_buckets: None,
            acl: None,
            expect_continue: false,
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
        build(
            path,
            verb,
            &Request {
                bucket: Some(&self.args.bucket),
                allowed_buckets: self.args.allowed_buckets.as_deref(),
                ..Request::new(self.call, owned)
            },
        )
    }
}

impl Operation for ObjectOp {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        build(
            path,
            verb,
            &Request {
                bucket: Some(&self.args.bucket),
                key: Some(&self.args.key),
                allowed_buckets: self.args.allowed_buckets.as_deref(),
                ..Request::new(self.call, owned)
            },
        )
    }
}

impl Operation for CreateBucket {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        build(
            path,
            verb,
            &Request {
                bucket: Some(&self.bucket),
                allowed_buckets: self.allowed_buckets.as_deref(),
                acl: self.acl.as_deref(),
                expect_continue: self.expect_continue,
                ..Request::new(Call::CreateBucket, owned)
            },
        )
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
        build(
            path,
            verb,
            &Request {
                bucket: Some(&self.bucket),
                key: Some(&self.key),
                allowed_buckets: self.allowed_buckets.as_deref(),
                acl: self.acl.as_deref(),
                expect_continue: self.expect_continue,
                ..Request::new(Call::PutObject, owned)
            },
        )
    }
}

/// S3's rules for bucket names (general purpose buckets).
pub(crate) fn check_bucket_name(name: &str) -> Result<(), String> {
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-');
    let ends_ok = name.starts_with(|c: char| c.is_ascii_alphanumeric())
        && name.ends_with(|c: char| c.is_ascii_alphanumeric());
    if (3..=63).contains(&name.len()) && ok_chars && ends_ok && !name.contains("..") {
        Ok(())
    } else {
        Err(format!("`{name}` is not a valid S3 bucket name"))
    }
}

/// The method responses of seed 000: 200 with Content-Type, Content-Length and Timestamp; 400; 500.
fn method_responses() -> Vec<MethodResponse> {
    vec![
        MethodResponse::new("200")
            .header("Content-Type")
            .header("Content-Length")
            .header("Timestamp"),
        MethodResponse::new("400"),
        MethodResponse::new("500"),
    ]
}

/// The integration responses of seed 000: default -> 200 with the headers mapped (Timestamp
/// from S3's Date), `4\d{2}` -> 400, `5\d{2}` -> 500.
fn integration_responses() -> Vec<IntegrationResponse> {
    vec![
        IntegrationResponse::new(None, "200")
            .header(
                "Content-Type",
                ResponseSource::Header("Content-Type".into()),
            )
            .header(
                "Content-Length",
                ResponseSource::Header("Content-Length".into()),
            )
            .header("Timestamp", ResponseSource::Header("Date".into())),
        IntegrationResponse::new(Some(r"4\d{2}"), "400"),
        IntegrationResponse::new(Some(r"5\d{2}"), "500"),
    ]
}

fn build(path: &ApiPath, verb: HttpMethod, req: &Request<'_>) -> Result<Method, OpError> {
    let bucket = req
        .bucket
        .map(|b| PathTemplate::parse(b, "bucket", path))
        .transpose()?;
    let key = req
        .key
        .map(|k| PathTemplate::parse(k, "key", path))
        .transpose()?;

    let owned_bucket = bucket
        .as_ref()
        .and_then(|b| b.literal())
        .filter(|name| req.owned.buckets.contains_key(*name));
    if let Some(b) = &bucket {
        if let Some(lit) = b.literal() {
            if owned_bucket.is_none() {
                check_bucket_name(lit).map_err(|m| OpError::field(codes::ARGUMENT, "bucket", m))?;
            }
        } else if b.single_param().is_none() {
            return Err(OpError::field(
                codes::ARGUMENT,
                "bucket",
                "`bucket` is either one `{param}` or a fixed bucket name",
            )
            .help(
                "S3 bucket names cannot be assembled from parts of the path; use `key` for that",
            ));
        }
        if path
            .params()
            .any(|(n, greedy)| greedy && b.params().any(|p| p == n))
        {
            return Err(OpError::field(
                codes::ARGUMENT,
                "bucket",
                "a greedy `{param+}` can hold `/`, which no bucket name has",
            )
            .help("take the bucket from a plain `{param}`"));
        }
    }
    if let Some(k) = &key
        && k.pieces
            .iter()
            .any(|p| matches!(p, super::args::Piece::Lit(s) if s.contains(['*', '?'])))
    {
        return Err(OpError::field(
            codes::ARGUMENT,
            "key",
            "fixed key text with `*` or `?` would widen the IAM policy",
        )
        .help("remove `*` and `?` from the fixed part of the key"));
    }
    let allowed = match (req.allowed_buckets, &bucket) {
        (Some(list), Some(b)) => {
            if b.single_param().is_none() {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "allowed_buckets",
                    "`allowed_buckets` applies only when `bucket` is a `{param}`",
                )
                .help("remove `allowed_buckets`: a fixed bucket is already the only one"));
            }
            if list.is_empty() {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "allowed_buckets",
                    "`allowed_buckets` is empty",
                )
                .help("name at least one bucket, or remove the list to allow any bucket"));
            }
            for name in list {
                check_bucket_name(name)
                    .map_err(|m| OpError::field(codes::ARGUMENT, "allowed_buckets", m))?;
            }
            Some(list)
        }
        _ => None,
    };

    // Integration path parameters: the seed's `bucket` and `object` when an argument is one
    // route parameter, the route parameter's own name inside mixed templates.
    let mut mappings: BTreeMap<IntegrationParam, RequestSource> = BTreeMap::new();
    let bucket_part = match (&bucket, owned_bucket) {
        (None, _) => None,
        (Some(_), Some(name)) => Some(owned_bucket_text(name, Attr::Name)),
        (Some(b), None) => Some(Text::lit(map_path(&mut mappings, b, "bucket")?)),
    };
    let uri_path = match (bucket_part, &key) {
        (None, _) => Text::lit("/"),
        (Some(b), None) => b,
        (Some(mut b), Some(k)) => {
            let k = map_path(&mut mappings, k, "object")?;
            b.push_str("/").push_str(&k);
            b
        }
    };

    let mut request_parameters = BTreeMap::new();
    if let Some(h) = req.call.passed_header() {
        let p = RequestParam::new(ParamIn::Header, h);
        request_parameters.insert(p.clone(), false);
        mappings.insert(IntegrationParam::Header(h.into()), RequestSource::Method(p));
    }
    let mut actions = vec![req.call.action().to_string()];
    if let Some(acl) = req.acl {
        if acl == "client" {
            let p = RequestParam::new(ParamIn::Header, "x-amz-acl");
            request_parameters.insert(p.clone(), false);
            mappings.insert(
                IntegrationParam::Header("x-amz-acl".into()),
                RequestSource::Method(p),
            );
        } else if CANNED_ACLS.contains(&acl) {
            mappings.insert(
                IntegrationParam::Header("x-amz-acl".into()),
                RequestSource::fixed(acl),
            );
        } else {
            return Err(OpError::field(
                codes::ARGUMENT,
                "acl",
                format!("`{acl}` is not a canned S3 ACL"),
            )
            .help(format!(
                "{}use one of {} or `client`",
                crate::model::check::did_you_mean(
                    acl,
                    CANNED_ACLS.iter().copied().chain(["client"])
                ),
                CANNED_ACLS.join(", ")
            )));
        }
        actions.push(req.call.acl_action().to_string());
    }
    if req.expect_continue {
        mappings.insert(
            IntegrationParam::Header("Expect".into()),
            RequestSource::fixed("100-continue"),
        );
    }

    let resources = match owned_bucket {
        Some(name) => {
            let mut arn = owned_bucket_text(name, Attr::Arn);
            if let Some(k) = &key {
                arn.push_str(&format!("/{}", star_pattern(k)));
            }
            vec![arn]
        }
        None => iam_resources(bucket.as_ref(), key.as_ref(), allowed),
    };
    Ok(Method {
        path: path.clone(),
        verb,
        operation_id: req.call.operation_id().to_string(),
        summary: Some(req.call.summary().to_string()),
        authorization: crate::model::Authorization::AwsIam,
        request_parameters,
        responses: method_responses(),
        integration: Integration {
            service: "s3".into(),
            subdomain: None,
            region: None,
            target: Target::Path(uri_path),
            http_method: req.call.http_method(),
            request_parameters: mappings,
            request_templates: BTreeMap::new(),
            passthrough: Passthrough::WhenNoMatch,
            content_handling: None,
            timeout_ms: None,
            responses: integration_responses(),
            permissions: vec![Permission { actions, resources }],
        },
        settings: Default::default(),
    })
}

/// An attribute of a bucket the blueprint owns.
fn owned_bucket_text(name: &str, attr: Attr) -> Text {
    let mut t = Text::default();
    t.push_ref(ResourceRef {
        kind: OwnedKind::Bucket,
        name: name.to_string(),
        attr,
    });
    t
}

/// Maps the route parameters of `template` into integration path parameters and returns the
/// template as it appears in the path override.
fn map_path(
    mappings: &mut BTreeMap<IntegrationParam, RequestSource>,
    template: &PathTemplate,
    whole: &'static str,
) -> Result<String, OpError> {
    let mut clash = None;
    let mut insert = |name: &str, param: &str| {
        let source = RequestSource::Method(RequestParam::new(ParamIn::Path, param));
        if let Some(old) = mappings.insert(IntegrationParam::Path(name.to_string()), source.clone())
            && old != source
        {
            clash = Some(name.to_string());
        }
        format!("{{{name}}}")
    };
    let rendered = match template.single_param() {
        Some(p) => insert(whole, p),
        None => template.render(|p| insert(p, p)),
    };
    match clash {
        Some(name) => Err(OpError::field(
            codes::ARGUMENT,
            "key",
            format!(
                "route parameter `{{{name}}}` clashes with the `{{{name}}}` of the S3 path override"
            ),
        )
        .help("rename the route parameter")),
        None => Ok(rendered),
    }
}

/// The object ARNs `s3:GetObject` needs for objects named by `bucket` and `key` templates of a
/// route on `path` (for services that read S3 objects with the API's role, like Rekognition).
pub fn object_arns(bucket: &str, key: &str, path: &ApiPath) -> Result<Vec<Text>, OpError> {
    let b = PathTemplate::parse(bucket, "s3_bucket", path)?;
    let k = PathTemplate::parse(key, "s3_key", path)?;
    if let Some(lit) = b.literal() {
        check_bucket_name(lit).map_err(|m| OpError::field(codes::ARGUMENT, "s3_bucket", m))?;
    } else if b.single_param().is_none() {
        return Err(OpError::field(
            codes::ARGUMENT,
            "s3_bucket",
            "the bucket is either one `{param}` or a fixed name",
        ));
    }
    Ok(iam_resources(Some(&b), Some(&k), None))
}

/// The narrowest resources for the call: `*` only for ListAllMyBuckets (it has no resource
/// type); bucket ARNs for bucket calls; `bucket/key-pattern` for object calls.
fn iam_resources(
    bucket: Option<&PathTemplate>,
    key: Option<&PathTemplate>,
    allowed: Option<&[String]>,
) -> Vec<Text> {
    let Some(bucket) = bucket else {
        return vec![Text::lit("*")];
    };
    let buckets: Vec<String> = match (allowed, bucket.literal()) {
        (Some(list), _) => list.to_vec(),
        (None, Some(lit)) => vec![lit.to_string()],
        (None, None) => vec!["*".to_string()],
    };
    let suffix = key.map(|k| format!("/{}", star_pattern(k)));
    buckets
        .iter()
        .map(|b| {
            Text::arn(
                "s3",
                false,
                false,
                &format!("{b}{}", suffix.as_deref().unwrap_or("")),
            )
        })
        .collect()
}

/// The template as an IAM pattern: each parameter becomes `*`, runs of `*` collapse.
fn star_pattern(t: &PathTemplate) -> String {
    let s = t.render(|_| "*".into());
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == '*' && out.ends_with('*')) {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Pseudo;

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    fn rendered(t: &Text) -> String {
        t.render(
            |s| s.to_string(),
            |p| match p {
                Pseudo::Partition => "aws".into(),
                _ => "?".into(),
            },
        )
    }

    #[test]
    fn get_object_matches_the_seed() {
        let m = ObjectOp::get_object(ObjectArgs::new("{folder}", "{item}"))
            .build(&p("/{folder}/{item}"), HttpMethod::Get)
            .unwrap();
        let i = &m.integration;
        assert_eq!(i.uri_suffix().to_string(), "s3:path/{bucket}/{object}");
        assert_eq!(
            i.request_parameters[&IntegrationParam::Path("bucket".into())].to_string(),
            "method.request.path.folder"
        );
        assert_eq!(
            i.request_parameters[&IntegrationParam::Path("object".into())].to_string(),
            "method.request.path.item"
        );
        assert_eq!(
            i.request_parameters[&IntegrationParam::Header("Accept".into())].to_string(),
            "method.request.header.Accept"
        );
        assert_eq!(i.permissions[0].actions, vec!["s3:GetObject"]);
        assert_eq!(rendered(&i.permissions[0].resources[0]), "arn:aws:s3:::*/*");
        assert_eq!(
            m.responses
                .iter()
                .map(|r| r.status.as_str())
                .collect::<Vec<_>>(),
            ["200", "400", "500"]
        );
        assert_eq!(
            i.responses[0].headers["Timestamp"],
            ResponseSource::Header("Date".into())
        );
    }

    #[test]
    fn list_buckets_is_the_only_star_resource() {
        let m = ListBuckets {}.build(&p("/"), HttpMethod::Get).unwrap();
        assert_eq!(m.integration.uri_suffix().to_string(), "s3:path//");
        assert_eq!(
            m.integration.permissions[0].actions,
            vec!["s3:ListAllMyBuckets"]
        );
        assert_eq!(m.integration.permissions[0].resources, vec![Text::lit("*")]);
    }

    #[test]
    fn allow_list_and_fixed_prefixes_narrow_the_policy() {
        let mut a = ObjectArgs::new("{folder}", "uploads/{item}");
        a.allowed_buckets = Some(vec!["photos".into(), "docs".into()]);
        let m = ObjectOp::get_object(a)
            .build(&p("/{folder}/{item}"), HttpMethod::Get)
            .unwrap();
        let res: Vec<String> = m.integration.permissions[0]
            .resources
            .iter()
            .map(rendered)
            .collect();
        assert_eq!(
            res,
            [
                "arn:aws:s3:::photos/uploads/*",
                "arn:aws:s3:::docs/uploads/*"
            ]
        );
        assert_eq!(
            m.integration.uri_suffix().to_string(),
            "s3:path/{bucket}/uploads/{item}"
        );
    }

    #[test]
    fn seed_001_headers_and_acl_permission() {
        let c = CreateBucket {
            bucket: "{folder}".into(),
            allowed_buckets: None,
            acl: Some("authenticated-read".into()),
            expect_continue: true,
        };
        let m = c.build(&p("/{folder}"), HttpMethod::Put).unwrap();
        let rp = &m.integration.request_parameters;
        assert_eq!(
            rp[&IntegrationParam::Header("x-amz-acl".into())].to_string(),
            "'authenticated-read'"
        );
        assert_eq!(
            rp[&IntegrationParam::Header("Expect".into())].to_string(),
            "'100-continue'"
        );
        assert_eq!(
            rp[&IntegrationParam::Header("Content-Type".into())].to_string(),
            "method.request.header.Content-Type"
        );
        assert_eq!(
            m.integration.permissions[0].actions,
            ["s3:CreateBucket", "s3:PutBucketAcl"]
        );
        let bad = CreateBucket {
            acl: Some("everyone".into()),
            ..c
        };
        assert_eq!(
            bad.build(&p("/{folder}"), HttpMethod::Put)
                .unwrap_err()
                .field,
            Some("acl")
        );
    }

    #[test]
    fn refuses_what_s3_or_iam_cannot_honour() {
        let path = p("/{folder}/{item}");
        let e = ObjectOp::get_object(ObjectArgs::new("My_Bucket", "{item}"))
            .build(&path, HttpMethod::Get)
            .unwrap_err();
        assert_eq!((e.code, e.field), (codes::ARGUMENT, Some("bucket")));
        let e = ObjectOp::get_object(ObjectArgs::new("{folder}", "a*{item}"))
            .build(&path, HttpMethod::Get)
            .unwrap_err();
        assert_eq!(e.field, Some("key"));
        let mut a = ObjectArgs::new("fixed-bucket", "{item}");
        a.allowed_buckets = Some(vec!["x-bucket".into()]);
        let e = ObjectOp::get_object(a)
            .build(&path, HttpMethod::Get)
            .unwrap_err();
        assert_eq!(e.field, Some("allowed_buckets"));
        let e = ObjectOp::get_object(ObjectArgs::new("{folder}", "{fodler}"))
            .build(&path, HttpMethod::Get)
            .unwrap_err();
        assert_eq!((e.code, e.field), (codes::UNKNOWN_PATH_PARAM, Some("key")));
        let e = ObjectOp::get_object(ObjectArgs::new("{key}", "x"))
            .build(&p("/{key+}"), HttpMethod::Get)
            .unwrap_err();
        assert_eq!((e.code, e.field), (codes::ARGUMENT, Some("bucket")));
        let e = ObjectOp::get_object(ObjectArgs::new("{a}", "x/{bucket}"))
            .build(&p("/{a}/{bucket}"), HttpMethod::Get)
            .unwrap_err();
        assert_eq!(e.field, Some("key"));
    }
}

crate::service_operations! {
    "list_buckets" => ListBuckets => |a: ListBuckets| a,
    "list_objects" => BucketArgs => BucketOp::list_objects,
    "create_bucket" => CreateBucket => |a: CreateBucket| a,
    "delete_bucket" => BucketArgs => BucketOp::delete_bucket,
    "get_object" => ObjectArgs => ObjectOp::get_object,
    "put_object" => PutObject => |a: PutObject| a,
    "delete_object" => ObjectArgs => ObjectOp::delete_object,
    "head_object" => ObjectArgs => ObjectOp::head_object,
    "presign_upload" => super::s3_presign::Presign => super::s3_presign::upload,
    "presign_download" => super::s3_presign::Presign => super::s3_presign::download,
    "presign_multipart" => super::s3_presign::Presign => super::s3_presign::multipart,
}
