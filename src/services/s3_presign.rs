//! The presigned-URL upload pattern (seed 002): a route answers with a SigV4-signed S3 URL
//! made by a small generated Lambda function, so files up to 5 GB go straight to S3 instead
//! of through API Gateway's 10 MB payload limit. Registered as `s3.presign_upload` and
//! `s3.presign_download` by the S3 service.

use super::args::{PathTemplate, Piece};
use super::vtl;
use crate::codes;
use crate::model::VecMap;
use crate::model::{
    ApiPath, Attr, Function, HttpMethod, Integration, Method, MethodResponse, OpError, Operation,
    Owned, OwnedKind, Passthrough, Permission, ResourceRef, Target, Text,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// Longest object key S3 accepts, in bytes.
const MAX_KEY: usize = 1024;
/// Longest validity of a SigV4 presigned URL: 7 days.
const MAX_EXPIRES: u32 = 604_800;

/// `s3.presign_upload` / `s3.presign_download`: answer with a presigned URL for one object.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Presign {
    /// The bucket: one the blueprint owns (`uploads`) or a fixed bucket name.
    pub bucket: String,
    /// The object key from the route: `"{object}"`, `"{key+}"` or `"incoming/{object}"`.
    pub key: String,
    /// Seconds the URL stays valid (default 300, at most 604800).
    #[serde(default)]
    pub expires_seconds: Option<u32>,
    /// Uploads: the content types a client may ask for (`?contentType=`); empty allows any.
    #[serde(default)]
    pub content_types: Vec<String>,
    /// Whether the URL uploads (PUT) or downloads (GET); set by the operation name.
    #[serde(skip)]
    pub upload: bool,
    /// Multipart upload (objects over 5 GB): one function answers POST (start), GET (part
    /// URLs), PUT (complete) and DELETE (abort); set by the operation name.
    #[serde(skip)]
    pub multipart: bool,
}

impl Presign {
    fn parts(&self, path: &ApiPath) -> Result<(String, String), OpError> {
        let t = PathTemplate::parse(&self.key, "key", path)?;
        match t.pieces.as_slice() {
            [Piece::Param(p)] => Ok((String::new(), p.clone())),
            [Piece::Lit(prefix), Piece::Param(p)] if !prefix.contains(['*', '?']) => {
                Ok((prefix.clone(), p.clone()))
            }
            _ => Err(OpError::field(
                codes::ARGUMENT,
                "key",
                "`key` is a route parameter, optionally after a fixed prefix",
            )
            .help("write `{object}` or `incoming/{object}`")),
        }
    }
}

impl Operation for Presign {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let (prefix, param) = self.parts(path)?;
        let expires = self.expires_seconds.unwrap_or(300);
        if !(1..=MAX_EXPIRES).contains(&expires) {
            return Err(OpError::field(
                codes::ARGUMENT,
                "expires_seconds",
                "expires_seconds must be 1 to 604800 (7 days)",
            ));
        }
        if !self.upload && !self.content_types.is_empty() {
            return Err(OpError::field(
                codes::ARGUMENT,
                "content_types",
                "content_types applies to uploads only",
            ));
        }
        if self.multipart && !self.content_types.is_empty() {
            return Err(OpError::field(
                codes::ARGUMENT,
                "content_types",
                "content_types applies to single-PUT uploads only",
            ));
        }
        if self.multipart
            && !matches!(
                verb,
                HttpMethod::Post | HttpMethod::Get | HttpMethod::Put | HttpMethod::Delete
            )
        {
            return Err(OpError::field(codes::ARGUMENT, "key", "multipart routes answer POST, GET, PUT and DELETE")
                .help("mount s3.presign_multipart on POST (start), GET (part URLs), PUT (complete) and DELETE (abort)"));
        }
        let (bucket_name, mut object_arn) = if owned.buckets.contains_key(&self.bucket) {
            let r = |attr| ResourceRef {
                kind: OwnedKind::Bucket,
                name: self.bucket.clone(),
                attr,
            };
            let mut name = Text::default();
            name.push_ref(r(Attr::Name));
            let mut arn = Text::default();
            arn.push_ref(r(Attr::Arn));
            (name, arn)
        } else {
            super::s3::check_bucket_name(&self.bucket).map_err(|m| {
                OpError::field(codes::ARGUMENT, "bucket", m).help(
                    "name a bucket declared under `owns: { buckets: ... }` or an existing bucket",
                )
            })?;
            (
                Text::lit(self.bucket.clone()),
                Text::arn("s3", false, false, &self.bucket),
            )
        };
        object_arn.push_str(&format!("/{prefix}*"));
        let (actions, mode): (Vec<String>, &str) = match (self.multipart, self.upload) {
            (true, _) => (
                vec!["s3:PutObject".into(), "s3:AbortMultipartUpload".into()],
                "multipart",
            ),
            (false, true) => (vec!["s3:PutObject".into()], "put"),
            (false, false) => (vec!["s3:GetObject".into()], "get"),
        };
        let fname = format!(
            "presign-{mode}-{}",
            crate::model::names::owned_name(&self.bucket)
                .snake
                .replace('_', "-")
        );
        let what = if self.upload { "upload" } else { "download" };
        let code = vtl::render_plain(
            if self.multipart {
                "presign_multipart"
            } else {
                "presign"
            },
            &json!({
                "method_upper": if self.upload { "PUT" } else { "GET" },
                "route": if self.multipart { path.to_string() } else { format!("{verb} {path}") },
                "expires": expires,
                "content_types": py_list(&self.content_types),
                "prefix": py_str(&prefix),
                "max_key": MAX_KEY,
                "key_param": py_str(&param),
                "upload": self.upload,
            }),
        );
        let mut environment = BTreeMap::new();
        environment.insert("BUCKET".to_string(), bucket_name);
        let function = Function {
            name: fname,
            description: if self.multipart {
                format!("Presigned S3 multipart uploads for {path}")
            } else {
                format!("Presigned S3 {what} URLs for {verb} {path}")
            },
            runtime: "python3.12".into(),
            code,
            environment,
            permissions: vec![Permission::allow(actions, vec![object_arn])],
            timeout_seconds: 10,
            memory_mb: 128,
            log_retention_days: 30,
        };
        let param = |location, n: &str| crate::model::RequestParam::new(location, n);
        let (path_in, query_in) = (crate::model::ParamIn::Path, crate::model::ParamIn::Query);
        let mut request_parameters = VecMap::new();
        for (n, _) in path.params() {
            request_parameters.insert(param(path_in, n), true);
        }
        match (self.multipart, verb) {
            (false, _) if self.upload => {
                request_parameters.insert(param(query_in, "contentType"), false);
            }
            (true, HttpMethod::Get) => {
                request_parameters.insert(param(query_in, "uploadId"), true);
                request_parameters.insert(param(query_in, "parts"), true);
                request_parameters.insert(param(query_in, "from"), false);
            }
            (true, HttpMethod::Delete) => {
                request_parameters.insert(param(query_in, "uploadId"), true);
            }
            _ => {}
        }
        let operation_id = match (self.multipart, verb) {
            (true, HttpMethod::Post) => "StartMultipartUpload",
            (true, HttpMethod::Get) => "PresignUploadParts",
            (true, HttpMethod::Put) => "CompleteMultipartUpload",
            (true, _) => "AbortMultipartUpload",
            (false, _) if self.upload => "PresignUpload",
            (false, _) => "PresignDownload",
        };
        Ok(Method {
            path: path.clone(),
            verb,
            operation_id: operation_id.into(),
            summary: Some(if self.multipart {
                "A step of a presigned S3 multipart upload".to_string()
            } else {
                format!("A presigned S3 {what} URL for the object")
            }),
            authorization: crate::model::Authorization::AwsIam,
            request_parameters,
            responses: vec![MethodResponse::new("200"), MethodResponse::new("400")],
            integration: Integration {
                service: "lambda".into(),
                subdomain: None,
                region: None,
                target: Target::Lambda(Box::new(function)),
                http_method: HttpMethod::Post,
                request_parameters: VecMap::new(),
                request_templates: BTreeMap::new(),
                passthrough: Passthrough::WhenNoMatch,
                content_handling: None,
                timeout_ms: None,
                responses: Vec::new(),
                permissions: Vec::new(),
            },
            settings: Default::default(),
        })
    }
}

/// A Python string literal.
fn py_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

/// A Python list of string literals.
fn py_list(items: &[String]) -> String {
    serde_json::to_string(items).unwrap_or_default()
}

/// `s3.presign_upload`
pub fn upload(mut p: Presign) -> Presign {
    p.upload = true;
    p
}

/// `s3.presign_download`
pub fn download(mut p: Presign) -> Presign {
    p.upload = false;
    p
}

/// `s3.presign_multipart`
pub fn multipart(mut p: Presign) -> Presign {
    p.upload = true;
    p.multipart = true;
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Bucket;

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    fn owned() -> Owned {
        let mut o = Owned::default();
        o.buckets.insert("uploads".into(), Bucket::default());
        o
    }

    fn op(key: &str) -> Presign {
        Presign {
            bucket: "uploads".into(),
            key: key.into(),
            expires_seconds: None,
            content_types: vec![],
            upload: false,
            multipart: false,
        }
    }

    #[test]
    fn each_pattern_gets_the_narrowest_role_and_fits_inline() {
        for (make, verb, actions) in [
            (
                upload as fn(Presign) -> Presign,
                HttpMethod::Get,
                vec!["s3:PutObject"],
            ),
            (download, HttpMethod::Get, vec!["s3:GetObject"]),
            (
                multipart,
                HttpMethod::Post,
                vec!["s3:PutObject", "s3:AbortMultipartUpload"],
            ),
        ] {
            let m = make(op("incoming/{object}"))
                .build_in(&p("/u/{object}"), verb, &owned())
                .unwrap();
            let f = m.integration.function().unwrap();
            assert_eq!(f.permissions[0].actions, actions);
            assert_eq!(
                f.permissions[0].resources[0].to_string(),
                "${uploads.arn}/incoming/*"
            );
            assert!(
                f.code.len() < 4096,
                "{}: {} characters, over CloudFormation's inline limit",
                f.name,
                f.code.len()
            );
            assert_eq!(m.integration.type_name(), "AWS_PROXY");
        }
    }

    #[test]
    fn multipart_routes_share_one_function_and_refuse_other_verbs() {
        let a = multipart(op("{object}"))
            .build_in(&p("/m/{object}"), HttpMethod::Post, &owned())
            .unwrap();
        let b = multipart(op("{object}"))
            .build_in(&p("/m/{object}"), HttpMethod::Delete, &owned())
            .unwrap();
        assert_eq!(a.integration.function(), b.integration.function());
        let e = multipart(op("{object}"))
            .build_in(&p("/m/{object}"), HttpMethod::Patch, &owned())
            .unwrap_err();
        assert_eq!(e.field, Some("key"));
        let e = upload(op("a*/{object}"))
            .build_in(&p("/m/{object}"), HttpMethod::Get, &owned())
            .unwrap_err();
        assert_eq!(e.field, Some("key"));
    }
}
