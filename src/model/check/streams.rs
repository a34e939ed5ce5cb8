//! Checks of owned Kinesis streams and Firehose delivery streams: names and ranges AWS
//! accepts, and delivery into a bucket the blueprint owns, under folder prefixes the
//! delivery role can be scoped to.

use super::{Finding, did_you_mean};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::owned::Owned;

/// Kinesis refuses shorter retention; 8760 hours (365 days) is its maximum.
const RETENTION_HOURS: std::ops::RangeInclusive<u32> = 24..=8760;
/// Firehose's buffering size range, in MiB.
const BUFFER_MB: std::ops::RangeInclusive<u32> = 1..=128;
/// Firehose's buffering interval range, in seconds.
const BUFFER_S: std::ops::RangeInclusive<u32> = 0..=900;

fn error(keys: &[&str], message: String, help: &str) -> Finding {
    Finding::setting(
        keys,
        Diagnostic::error(codes::SETTING, message).help(help.to_string()),
    )
}

/// A name Kinesis or Firehose accepts: 1 to `max` letters, digits, `_`, `.` or `-`.
fn aws_name_ok(n: &str, max: usize) -> bool {
    !n.is_empty()
        && n.len() <= max
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'))
}

/// A fixed folder prefix: ends in `/`, no Firehose `!{...}` expressions, no wildcards (the
/// delivery role's grant is scoped to it).
fn prefix_ok(p: &str) -> bool {
    p.len() > 1
        && p.ends_with('/')
        && !p.starts_with('/')
        && !p.contains("!{")
        && !p.contains(['*', '?', '$', '\\'])
}

/// Every problem with the owned streams and delivery streams.
pub(super) fn check_streams(owned: &Owned) -> Vec<Finding> {
    let mut out = Vec::new();
    for (n, s) in &owned.streams {
        if let Some(name) = &s.name
            && !aws_name_ok(name, 128)
        {
            out.push(error(
                &["owns", "streams", n, "name"],
                format!("stream `{n}`: `{name}` is not a Kinesis stream name"),
                "use 1 to 128 letters, digits, `_`, `.` or `-`",
            ));
        }
        if s.shard_count == Some(0) {
            out.push(error(
                &["owns", "streams", n, "shard_count"],
                format!("stream `{n}`: a provisioned stream needs at least one shard"),
                "give 1 or more shards, or leave `shard_count` out for on-demand capacity",
            ));
        }
        if let Some(h) = s.retention_hours
            && !RETENTION_HOURS.contains(&h)
        {
            out.push(error(
                &["owns", "streams", n, "retention_hours"],
                format!("stream `{n}`: Kinesis keeps records 24 to 8760 hours, not {h}"),
                "give 24 (one day, the default) to 8760 (one year)",
            ));
        }
        if s.kms_key
            .as_deref()
            .is_some_and(|k| k.trim().is_empty() || k.contains(char::is_whitespace))
        {
            out.push(error(
                &["owns", "streams", n, "kms_key"],
                format!("stream `{n}`: `kms_key` is not a KMS key"),
                "give a key ARN, a key id or an alias (`alias/my-key`), or leave it out for `alias/aws/kinesis`",
            ));
        }
    }
    for (n, d) in &owned.delivery_streams {
        let at = |field| ["owns", "delivery_streams", n.as_str(), field];
        if let Some(name) = &d.name
            && !aws_name_ok(name, 64)
        {
            out.push(error(
                &at("name"),
                format!("delivery stream `{n}`: `{name}` is not a Firehose stream name"),
                "use 1 to 64 letters, digits, `_`, `.` or `-`",
            ));
        }
        if !owned.buckets.contains_key(&d.bucket) {
            out.push(error(
                &at("bucket"),
                format!(
                    "delivery stream `{n}` delivers into `{}`, which the blueprint does not own",
                    d.bucket
                ),
                &format!(
                    "{}declare the bucket under `owns: {{ buckets: ... }}`: the delivery role is scoped to it",
                    did_you_mean(&d.bucket, owned.buckets.keys().map(String::as_str))
                ),
            ));
        }
        for (field, p) in [("prefix", &d.prefix), ("error_prefix", &d.error_prefix)] {
            if !prefix_ok(p) {
                out.push(error(
                    &at(field),
                    format!(
                        "delivery stream `{n}`: {field} `{p}` must be a fixed folder ending in `/`"
                    ),
                    "write a prefix such as `records/`; Firehose adds `YYYY/MM/DD/HH/` after it",
                ));
            }
        }
        if d.prefix == d.error_prefix || d.error_prefix.starts_with(&d.prefix) {
            out.push(error(
                &at("error_prefix"),
                format!("delivery stream `{n}`: failed records would land among delivered ones"),
                "give `error_prefix` a folder outside `prefix` (default `errors/`)",
            ));
        }
        if let Some(mb) = d.buffer_size_mb
            && !BUFFER_MB.contains(&mb)
        {
            out.push(error(
                &at("buffer_size_mb"),
                format!("delivery stream `{n}`: Firehose buffers 1 to 128 MiB, not {mb}"),
                "give 1 to 128 (Firehose's default is 5)",
            ));
        }
        if let Some(s) = d.buffer_interval_s
            && !BUFFER_S.contains(&s)
        {
            out.push(error(
                &at("buffer_interval_seconds"),
                format!("delivery stream `{n}`: Firehose buffers 0 to 900 seconds, not {s}"),
                "give 0 to 900 (Firehose's default is 300)",
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::owned::{DeliveryStream, Stream};

    fn delivery(bucket: &str) -> DeliveryStream {
        DeliveryStream {
            bucket: bucket.into(),
            prefix: "records/".into(),
            error_prefix: "errors/".into(),
            ..DeliveryStream::default()
        }
    }

    fn settings(owned: &Owned) -> Vec<String> {
        check_streams(owned)
            .into_iter()
            .map(|f| match f.subject {
                super::super::Subject::Setting(keys) => keys.join("."),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn good_streams_pass() {
        let mut owned = Owned::default();
        owned.buckets.insert("archive".into(), Default::default());
        owned.streams.insert("clicks".into(), Stream::default());
        owned.streams.insert(
            "audit".into(),
            Stream {
                name: Some("audit.v1".into()),
                shard_count: Some(2),
                retention_hours: Some(8760),
                kms_key: Some("alias/audit".into()),
            },
        );
        owned
            .delivery_streams
            .insert("events".into(), delivery("archive"));
        assert!(check_streams(&owned).is_empty());
    }

    #[test]
    fn bad_settings_are_reported_where_they_are() {
        let mut owned = Owned::default();
        owned.streams.insert(
            "clicks".into(),
            Stream {
                name: Some("a b".into()),
                shard_count: Some(0),
                retention_hours: Some(12),
                kms_key: Some(" ".into()),
            },
        );
        owned.delivery_streams.insert(
            "events".into(),
            DeliveryStream {
                prefix: "records".into(),
                error_prefix: "records/errors/".into(),
                buffer_size_mb: Some(129),
                buffer_interval_s: Some(901),
                ..delivery("nope")
            },
        );
        assert_eq!(
            settings(&owned),
            [
                "owns.streams.clicks.name",
                "owns.streams.clicks.shard_count",
                "owns.streams.clicks.retention_hours",
                "owns.streams.clicks.kms_key",
                "owns.delivery_streams.events.bucket",
                "owns.delivery_streams.events.prefix",
                "owns.delivery_streams.events.error_prefix",
                "owns.delivery_streams.events.buffer_size_mb",
                "owns.delivery_streams.events.buffer_interval_seconds",
            ]
        );
        let mut expressions = Owned::default();
        expressions.buckets.insert("b".into(), Default::default());
        expressions.delivery_streams.insert(
            "e".into(),
            DeliveryStream {
                prefix: "year=!{timestamp:yyyy}/".into(),
                ..delivery("b")
            },
        );
        assert_eq!(settings(&expressions), ["owns.delivery_streams.e.prefix"]);
    }
}
