//! S3 bucket names and the narrowest IAM resources for a bucket and key.

use crate::codes;
use crate::model::owned::text_ref;
use crate::model::{ApiPath, Attr, OpError, Owned, OwnedKind, Text};
use crate::services::args::PathTemplate;

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

/// An `allowed_buckets` entry: a bucket name, or a pattern with IAM's `*` and `?` (`team-*`)
/// that still names something (a pattern of wildcards alone would be every bucket).
fn check_bucket_entry(entry: &str) -> Result<(), String> {
    if !entry.contains(['*', '?']) {
        return check_bucket_name(entry);
    }
    let ok_chars = entry.chars().all(|c| {
        c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '-' | '*' | '?')
    });
    if !ok_chars || entry.len() > 63 {
        return Err(format!(
            "`{entry}` is not a bucket name pattern (lowercase letters, digits, `.`, `-`, and `*` or `?`)"
        ));
    }
    if entry.chars().all(|c| matches!(c, '*' | '?')) {
        return Err(format!(
            "`{entry}` matches every bucket of every account; name the buckets, or give a pattern with fixed text such as `team-*`"
        ));
    }
    Ok(())
}

/// The object ARNs `s3:GetObject` needs for objects named by `bucket` and `key` templates of a
/// route on `path` (for services that read S3 objects with the API's role, like Rekognition).
/// A fixed bucket the blueprint owns (`owned`) is its real bucket, by its deploy-time ARN.
pub fn object_arns(
    bucket: &str,
    key: &str,
    path: &ApiPath,
    owned: &Owned,
) -> Result<Vec<Text>, OpError> {
    let b = PathTemplate::parse(bucket, "s3_bucket", path)?;
    let k = PathTemplate::parse(key, "s3_key", path)?;
    if let Some(lit) = b.literal() {
        if owned.buckets.contains_key(lit) {
            let mut arn = text_ref(OwnedKind::Bucket, lit, Attr::Arn);
            arn.push_str(&format!("/{}", star_pattern(&k)));
            return Ok(vec![arn]);
        }
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
pub(super) fn iam_resources(
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
pub(super) fn star_pattern(t: &PathTemplate) -> String {
    let s = t.render(|_| "*".into());
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if !(c == '*' && out.ends_with('*')) {
            out.push(c);
        }
    }
    out
}

/// Checks the bucket and key templates of a route on `path` and the bucket allow-list: a
/// bucket is one `{param}` (never greedy) or a valid fixed name (unless the blueprint owns
/// it, `owned`); fixed key text cannot widen the policy. Returns the allow-list to use.
pub(super) fn check_target<'a>(
    path: &ApiPath,
    bucket: Option<&PathTemplate>,
    key: Option<&PathTemplate>,
    owned: bool,
    allowed_buckets: Option<&'a [String]>,
) -> Result<Option<&'a [String]>, OpError> {
    if let Some(b) = bucket {
        if let Some(lit) = b.literal() {
            if !owned {
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
    if let Some(k) = key
        && k.pieces
            .iter()
            .any(|p| matches!(p, crate::services::args::Piece::Lit(s) if s.contains(['*', '?'])))
    {
        return Err(OpError::field(
            codes::ARGUMENT,
            "key",
            "fixed key text with `*` or `?` would widen the IAM policy",
        )
        .help("remove `*` and `?` from the fixed part of the key"));
    }
    Ok(match (allowed_buckets, bucket) {
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
                check_bucket_entry(name)
                    .map_err(|m| OpError::field(codes::ARGUMENT, "allowed_buckets", m))?;
            }
            Some(list)
        }
        _ => None,
    })
}
