//! Amazon CloudFront as the upload path for large files (the seed 002 alternative): what a
//! distribution needs to take authorized PUTs straight into an S3 bucket. The managed policy
//! ids and the viewer-request function live here; emitters only project them.

use super::vtl;
use crate::model::UploadDistribution;
use serde_json::json;

/// CloudFront's managed cache policy `Managed-CachingDisabled`.
pub const CACHING_DISABLED: &str = "4135ea2d-6df8-44a3-9df3-4b5a84be39ad";
/// CloudFront's managed origin request policy `Managed-AllViewerExceptHostHeader`: the
/// viewer's headers (Content-Type among them) reach S3, the Host header is S3's own.
pub const ALL_VIEWER_EXCEPT_HOST: &str = "b689b0a8-53d0-40ab-baf2-68738e2966ac";
/// The KeyValueStore key that holds the token secret.
pub const SECRET_KEY: &str = "jwt-secret";

/// An upload distribution into owned bucket `bucket` under `path_prefix`, checking tokens
/// signed with the secret in its KeyValueStore (and issued by `issuer`, when given).
pub fn upload_distribution(
    bucket: &str,
    path_prefix: &str,
    issuer: Option<&str>,
) -> UploadDistribution {
    let prefix = path_prefix.trim_start_matches('/');
    let code = vtl::render_plain(
        "edge_auth",
        &json!({
            "secret_key": json!(SECRET_KEY).to_string(),
            "issuer": issuer.map_or("null".to_string(), |i| json!(i).to_string()),
            "path_prefix": json!(format!("/{prefix}")).to_string(),
        }),
    );
    UploadDistribution {
        bucket: bucket.to_string(),
        path_prefix: prefix.to_string(),
        function_code: code,
        cache_policy_id: CACHING_DISABLED.into(),
        origin_request_policy_id: ALL_VIEWER_EXCEPT_HOST.into(),
        secret_key: SECRET_KEY.into(),
        function_runtime: "cloudfront-js-2.0".into(),
        viewer_protocol_policy: "https-only".into(),
        allowed_methods: ["GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"]
            .map(String::from)
            .to_vec(),
        cached_methods: ["GET", "HEAD"].map(String::from).to_vec(),
        // `always` also replaces the viewer's bearer token: S3 never sees it.
        signing: ("always".into(), "sigv4".into()),
        origin_id: "uploads".into(),
    }
}
