//! Names chosen for owned queues, topics and buckets, and AWS's rules for them: a chosen
//! name is the resource's real name, so OpenAPI documents can use it without `env`.

use super::{Owned, OwnedKind};
use crate::model::api::Env;

/// Longest SQS queue name, `.fifo` included.
pub const MAX_QUEUE_NAME: usize = 80;
/// Longest SNS topic name, `.fifo` included.
pub const MAX_TOPIC_NAME: usize = 256;
/// Shortest and longest S3 bucket name.
pub const BUCKET_NAME_LEN: (usize, usize) = (3, 63);

/// Prefixes S3 reserves: no bucket name may start with them.
const BUCKET_RESERVED_PREFIXES: [&str; 3] = ["xn--", "sthree-", "amzn-s3-demo-"];
/// Suffixes S3 reserves for access point, Object Lambda, Multi-Region, directory and table
/// bucket names.
const BUCKET_RESERVED_SUFFIXES: [&str; 5] =
    ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

impl Owned {
    /// The name owned resource `name` of `kind` has in AWS, when the blueprint chose it.
    pub fn chosen_name(&self, kind: OwnedKind, name: &str) -> Option<&str> {
        match kind {
            OwnedKind::Topic => self.topics.get(name)?.name.as_deref(),
            OwnedKind::Queue => self.queues.get(name)?.name.as_deref(),
            OwnedKind::Bucket => self.buckets.get(name)?.name.as_deref(),
            _ => None,
        }
    }

    /// Every chosen name, as (kind, blueprint name, AWS name).
    pub fn chosen_names(&self) -> Vec<(OwnedKind, &str, &str)> {
        OwnedKind::ALL
            .into_iter()
            .flat_map(|k| {
                self.names(k)
                    .into_iter()
                    .filter_map(move |n| self.chosen_name(k, n).map(|c| (k, n.as_str(), c)))
            })
            .collect()
    }

    /// Adds each chosen name to `env.resources` where `env` gives none, so OpenAPI documents
    /// build ARNs and URLs from it.
    pub fn fill_env(&self, env: &mut Env) {
        for (_, n, chosen) in self.chosen_names() {
            env.resources
                .entry(n.to_string())
                .or_insert_with(|| chosen.to_string());
        }
    }
}

/// What is wrong with `name` as an SQS queue name, if anything.
pub fn queue_name_problem(name: &str, fifo: bool) -> Option<String> {
    sqs_sns_problem(name, fifo, MAX_QUEUE_NAME, "queue")
}

/// What is wrong with `name` as an SNS topic name, if anything.
pub fn topic_name_problem(name: &str, fifo: bool) -> Option<String> {
    sqs_sns_problem(name, fifo, MAX_TOPIC_NAME, "topic")
}

fn sqs_sns_problem(name: &str, fifo: bool, max: usize, word: &str) -> Option<String> {
    let base = name.strip_suffix(".fifo");
    if name.is_empty() || name.len() > max {
        return Some(format!("a {word} name has 1 to {max} characters"));
    }
    if fifo && base.is_none() {
        return Some(format!("a FIFO {word}'s name must end in `.fifo`"));
    }
    if !fifo && base.is_some() {
        return Some(format!(
            "only a FIFO {word}'s name ends in `.fifo` (add `fifo: true`)"
        ));
    }
    let body = base.unwrap_or(name);
    if body.is_empty()
        || !body
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    {
        return Some(format!(
            "a {word} name uses letters, digits, `-` and `_` only{}",
            if fifo { " before `.fifo`" } else { "" }
        ));
    }
    None
}

/// What is wrong with `name` as an S3 general purpose bucket name, if anything.
pub fn bucket_name_problem(name: &str) -> Option<String> {
    let (min, max) = BUCKET_NAME_LEN;
    if name.len() < min || name.len() > max {
        return Some(format!("a bucket name has {min} to {max} characters"));
    }
    if !name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '.' || c == '-')
    {
        return Some("a bucket name uses lower-case letters, digits, `.` and `-` only".into());
    }
    let edge_ok = |c: Option<char>| c.is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if !edge_ok(name.chars().next()) || !edge_ok(name.chars().last()) {
        return Some("a bucket name begins and ends with a letter or digit".into());
    }
    if name.contains("..") {
        return Some("a bucket name has no two adjacent `.`".into());
    }
    let parts: Vec<&str> = name.split('.').collect();
    if parts.len() == 4 && parts.iter().all(|p| p.parse::<u8>().is_ok()) {
        return Some("a bucket name must not look like an IP address".into());
    }
    if let Some(p) = BUCKET_RESERVED_PREFIXES
        .iter()
        .find(|p| name.starts_with(*p))
    {
        return Some(format!("S3 reserves the prefix `{p}`"));
    }
    if let Some(s) = BUCKET_RESERVED_SUFFIXES.iter().find(|s| name.ends_with(*s)) {
        return Some(format!("S3 reserves the suffix `{s}`"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queue_and_topic_names() {
        assert_eq!(queue_name_problem("jobs", false), None);
        assert_eq!(queue_name_problem("jobs.fifo", true), None);
        assert!(queue_name_problem("jobs", true).unwrap().contains(".fifo"));
        assert!(queue_name_problem("jobs.fifo", false).is_some());
        assert!(queue_name_problem(&"q".repeat(81), false).is_some());
        assert_eq!(queue_name_problem(&"q".repeat(80), false), None);
        assert!(queue_name_problem("a.b", false).is_some());
        assert!(queue_name_problem(".fifo", true).is_some());
        assert_eq!(topic_name_problem(&"t".repeat(256), false), None);
        assert!(topic_name_problem(&"t".repeat(257), false).is_some());
        assert!(topic_name_problem("a b", false).is_some());
    }

    #[test]
    fn bucket_names() {
        for ok in ["abc", "my.bucket-1", "1bucket", &"b".repeat(63)] {
            assert_eq!(bucket_name_problem(ok), None, "{ok}");
        }
        for bad in [
            "ab",
            &"b".repeat(64),
            "My-bucket",
            "-bucket",
            "bucket-",
            "a..b",
            "192.168.5.4",
            "xn--bucket",
            "sthree-data",
            "amzn-s3-demo-x",
            "data-s3alias",
            "data--ol-s3",
            "data.mrap",
            "data--x-s3",
            "under_score",
        ] {
            assert!(bucket_name_problem(bad).is_some(), "{bad}");
        }
        assert_eq!(bucket_name_problem("192.168.5.four"), None);
    }
}
