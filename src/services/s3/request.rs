//! One S3 request built into a method: the path override and its parameter mappings, the
//! headers, the seed's default responses, and the permission of the call.

use super::arns::{check_target, iam_resources, star_pattern};
use super::call::{CANNED_ACLS, Call};
use super::source::{self, Arg};
use crate::codes;
use crate::model::VecMap;
use crate::model::owned::text_ref;
use crate::model::{
    ApiPath, Attr, HttpMethod, Integration, IntegrationParam, IntegrationResponse, Method,
    MethodResponse, OpError, Owned, OwnedKind, ParamIn, Permission, RequestParam, RequestSource,
    ResponseSource, Target, Text,
};
use crate::services::args::PathTemplate;
use crate::services::common;

/// The parts of an S3 request that vary between operations.
pub(super) struct Request<'a> {
    pub(super) call: Call,
    pub(super) owned: &'a Owned,
    pub(super) bucket: Option<&'a str>,
    pub(super) key: Option<&'a str>,
    pub(super) allowed_buckets: Option<&'a [String]>,
    pub(super) acl: Option<&'a str>,
    pub(super) expect_continue: bool,
}

impl<'a> Request<'a> {
    /// A `call` with no bucket, key, allow-list or extra headers.
    pub(super) fn new(call: Call, owned: &'a Owned) -> Request<'a> {
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

    /// A `call` on `bucket` (and `key`, for object calls), with the bucket allow-list.
    pub(super) fn at(
        call: Call,
        owned: &'a Owned,
        bucket: &'a str,
        key: Option<&'a str>,
        allowed_buckets: Option<&'a [String]>,
    ) -> Request<'a> {
        Request {
            bucket: Some(bucket),
            key,
            allowed_buckets,
            ..Request::new(call, owned)
        }
    }

    /// The request with the `x-amz-acl` and `Expect: 100-continue` headers of seed 001.
    pub(super) fn headers(self, acl: Option<&'a str>, expect_continue: bool) -> Request<'a> {
        Request {
            acl,
            expect_continue,
            ..self
        }
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

pub(super) fn build(
    path: &ApiPath,
    verb: HttpMethod,
    req: &Request<'_>,
) -> Result<Method, OpError> {
    let bucket_arg = req
        .bucket
        .map(|b| source::parse(b, "bucket", path))
        .transpose()?;
    let key_arg = req.key.map(|k| source::parse(k, "key", path)).transpose()?;
    let bucket = bucket_arg.as_ref().map(Arg::template);
    let key = key_arg.as_ref().map(Arg::template);

    let owned_bucket = match &bucket_arg {
        Some(Arg::Path(b)) => b.literal(),
        _ => None,
    }
    .filter(|name| req.owned.buckets.contains_key(*name));
    let allowed = check_target(
        path,
        bucket.as_ref(),
        key.as_ref(),
        owned_bucket.is_some(),
        req.allowed_buckets,
    )?;
    if let Some(src) = bucket_arg.as_ref().and_then(Arg::request)
        && allowed.is_none()
    {
        return Err(unknown_bucket(src));
    }

    // Integration path parameters: the seed's `bucket` and `object` when an argument is one
    // route parameter or a request value, the route parameter's own name inside mixed
    // templates. A query string or header value is a required method parameter.
    let mut mappings: VecMap<IntegrationParam, RequestSource> = VecMap::new();
    let mut request_parameters = VecMap::new();
    let mut map_arg = |mappings: &mut VecMap<IntegrationParam, RequestSource>,
                       arg: &Arg,
                       whole: &'static str|
     -> Result<String, OpError> {
        match arg {
            Arg::Path(t) => map_path(mappings, t, whole),
            Arg::Request(src) => {
                if let RequestSource::Method(p) = src {
                    request_parameters.insert(p.clone(), true);
                }
                mappings.insert(IntegrationParam::Path(whole.into()), src.clone());
                Ok(format!("{{{whole}}}"))
            }
        }
    };
    let bucket_part = match (&bucket_arg, owned_bucket) {
        (None, _) => None,
        (Some(_), Some(name)) => Some(text_ref(OwnedKind::Bucket, name, Attr::Name)),
        (Some(b), None) => Some(Text::lit(map_arg(&mut mappings, b, "bucket")?)),
    };
    let uri_path = match (bucket_part, &key_arg) {
        (None, _) => Text::lit("/"),
        (Some(b), None) => b,
        (Some(mut b), Some(k)) => {
            let k = map_arg(&mut mappings, k, "object")?;
            b.push_str("/").push_str(&k);
            b
        }
    };

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
            let mut arn = text_ref(OwnedKind::Bucket, name, Attr::Arn);
            if let Some(k) = &key {
                arn.push_str(&format!("/{}", star_pattern(k)));
            }
            vec![arn]
        }
        None => iam_resources(bucket.as_ref(), key.as_ref(), allowed),
    };
    let permission = Permission::allow(actions, resources);
    let target = Target::Path(uri_path);
    let integration = Integration {
        request_parameters: mappings,
        responses: integration_responses(),
        ..common::integration("s3", target, req.call.http_method(), None, vec![permission])
    };
    let (id, summary) = (req.call.operation_id(), req.call.summary());
    Ok(Method {
        responses: method_responses(),
        ..common::method(path, verb, id, summary, request_parameters, integration)
    })
}

/// A bucket from a query string, header or stage variable with no `allowed_buckets`: the
/// bucket is not known at synth time, and granting every bucket is not least privilege.
fn unknown_bucket(src: &RequestSource) -> OpError {
    OpError::field(
        codes::ARGUMENT,
        "bucket",
        format!("the bucket comes from `{src}`, so the execution role cannot be limited to it at synth time"),
    )
    .help(
        "name the buckets the role may use: `allowed_buckets: [photos, docs]`, or a pattern such as \
         `allowed_buckets: [\"team-*\"]`; S3 then refuses any other bucket",
    )
}

/// Maps the route parameters of `template` into integration path parameters and returns the
/// template as it appears in the path override.
fn map_path(
    mappings: &mut VecMap<IntegrationParam, RequestSource>,
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
        None => template.render_uri(|p| insert(p, p)),
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
