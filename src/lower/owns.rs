//! What the blueprint owns (`owns:`) as model resources: one conversion per kind, from its
//! spec to its model value, and one generic loop that adds each kind to the builder. The
//! model checks names and references between owned resources itself.

use super::{At, tuned};
use crate::blueprint::Blueprint;
use crate::blueprint::owns::{BucketSpec, QueueSpec, TopicSpec, UploadDistributionSpec};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::check::did_you_mean;
use crate::model::owned::{
    Bucket, Key, KmsKey, OwnedResource, Queue, Tags, Topic, UploadDistribution,
};
use crate::model::{OwnedKind, RestApiBuilder};
use std::collections::BTreeMap;

/// Adds every owned resource of the blueprint to the builder.
pub(super) fn owned(
    bp: &Blueprint,
    mut b: RestApiBuilder,
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> RestApiBuilder {
    let Some(owns) = &bp.owns else { return b };
    let mut keys = Keys {
        api: &bp.api,
        created: Vec::new(),
    };
    b = own_each(b, &owns.topics, |name, s| {
        topic(name, s, at, diags, &mut keys)
    });
    b = own_each(b, &owns.buckets, |_, s| bucket(s));
    b = own_each(b, &owns.upload_distributions, |name, s| {
        distribution(name, s, at, diags)
    });
    b = own_each(b, &owns.queues, |name, s| {
        queue(name, s, at, diags, &mut keys)
    });
    for (name, key) in keys.created {
        b = b.own(name, key);
    }
    b = own_each(b, &owns.streams, |_, s| super::streams::stream(s));
    b = own_each(b, &owns.delivery_streams, |_, s| {
        super::streams::delivery_stream(s)
    });
    b = own_each(b, &owns.tables, |name, s| {
        super::table::table(name, s, at, diags)
    });
    b
}

/// The KMS keys of the owned topics and queues: each names one, or has one created for it.
struct Keys<'a> {
    /// The API's name, which a created key's description gives.
    api: &'a str,
    /// The keys created so far, by name, to be owned too.
    created: Vec<(String, Key)>,
}

impl Keys<'_> {
    /// The key of owned `word` `name` (under `owns.<section>`) from its `kms_key` setting;
    /// a key created for it carries the owner's `tags` and is kept in `created`.
    fn of(
        &mut self,
        raw: Option<&str>,
        (word, section, name): (&str, &str, &str),
        tags: &Tags,
        at: At,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<KmsKey> {
        let (k, created) = tuned::kms_key(
            raw?,
            (word, name),
            self.api,
            &["owns", section, name, "kms_key"],
            at,
            diags,
        );
        self.created.extend(created.map(|(n, key)| {
            let tags = tags.clone();
            (n, Key { tags, ..key })
        }));
        k
    }
}

/// Adds the resource `convert` makes of each spec, under the spec's name.
fn own_each<S, R: OwnedResource>(
    mut b: RestApiBuilder,
    specs: &BTreeMap<String, S>,
    mut convert: impl FnMut(&str, &S) -> R,
) -> RestApiBuilder {
    for (name, spec) in specs {
        b = b.own(name, convert(name, spec));
    }
    b
}

fn topic(name: &str, s: &TopicSpec, at: At, diags: &mut Vec<Diagnostic>, keys: &mut Keys) -> Topic {
    let owner = ("topic", "topics", name);
    let kms_key = keys.of(s.kms_key.as_deref(), owner, &s.tags, at, diags);
    let subscriptions = s
        .subscriptions
        .iter()
        .enumerate()
        .filter_map(|(i, sub)| {
            let i = i.to_string();
            tuned::subscription(
                sub,
                &["owns", "topics", name, "subscriptions", &i],
                at,
                diags,
            )
        })
        .collect();
    Topic {
        fifo: s.fifo,
        subscribers: s.subscribers.clone(),
        name: s.name.clone(),
        content_based_deduplication: s.content_based_deduplication,
        kms_key,
        subscriptions,
        tags: s.tags.clone(),
    }
}

fn queue(name: &str, s: &QueueSpec, at: At, diags: &mut Vec<Diagnostic>, keys: &mut Keys) -> Queue {
    let owner = ("queue", "queues", name);
    let kms_key = keys.of(s.kms_key.as_deref(), owner, &s.tags, at, diags);
    let dead_letter = s
        .dead_letter
        .as_ref()
        .and_then(|d| tuned::dead_letter(d, &["owns", "queues", name, "dead_letter"], at, diags));
    Queue {
        fifo: s.fifo,
        content_based_deduplication: s.content_based_deduplication,
        visibility_timeout: s.visibility_timeout,
        name: s.name.clone(),
        retention: s.retention,
        delay: s.delay,
        max_message_size: s.max_message_size,
        dead_letter,
        kms_key,
        tags: s.tags.clone(),
    }
}

fn bucket(s: &BucketSpec) -> Bucket {
    Bucket {
        versioning: s.versioning,
        expire_after_days: s.expire_after_days,
        abort_incomplete_uploads_after_days: s.abort_incomplete_uploads_after_days,
        name: s.name.clone(),
        tags: s.tags.clone(),
    }
}

/// The distribution the cloudfront service builds; a `path_prefix` that is not a folder is
/// reported where the blueprint gives it.
fn distribution(
    name: &str,
    spec: &UploadDistributionSpec,
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> UploadDistribution {
    let prefix = spec
        .path_prefix
        .clone()
        .unwrap_or_else(|| "incoming/".into());
    if prefix.is_empty() || !prefix.ends_with('/') || prefix.contains(['*', '?', '\\']) {
        diags.push(
            Diagnostic::error(
                codes::SETTING,
                format!("path_prefix `{prefix}` must be a folder ending in `/`"),
            )
            .at(at(&["owns", "upload_distributions", name, "path_prefix"]))
            .help("write a prefix such as `incoming/`"),
        );
    }
    crate::services::cloudfront::upload_distribution(
        &spec.bucket,
        &prefix,
        spec.token_issuer.as_deref(),
    )
}

/// Checks `env`'s values for the OpenAPI documents: a 12-digit account, and real names only
/// for resources the blueprint owns.
pub(super) fn env(bp: &Blueprint, b: &RestApiBuilder, at: At, diags: &mut Vec<Diagnostic>) {
    let Some(env) = &bp.env else { return };
    if let Some(a) = &env.account_id
        && !(a.len() == 12 && a.chars().all(|c| c.is_ascii_digit()))
    {
        diags.push(
            Diagnostic::error(
                codes::SETTING,
                format!("`{a}` is not a 12-digit AWS account id"),
            )
            .at(at(&["env", "account_id"]))
            .help("quote it so YAML keeps leading zeros: `account_id: \"012345678901\"`"),
        );
    }
    let owned = b.owned();
    let names: Vec<&String> = OwnedKind::ALL
        .into_iter()
        .flat_map(|k| owned.names(k))
        .collect();
    for (name, real) in &env.resources {
        if !names.contains(&name) {
            diags.push(
                Diagnostic::error(
                    codes::SETTING,
                    format!("`env.resources` names `{name}`, which the blueprint does not own"),
                )
                .at(at(&["env", "resources", name]))
                .help(format!(
                    "{}give the real names of resources under `owns:`",
                    did_you_mean(name, names.iter().map(|s| s.as_str()))
                )),
            );
        } else if real.trim().is_empty() || real.contains(char::is_whitespace) {
            diags.push(
                Diagnostic::error(codes::SETTING, format!("`{real}` is not a resource name"))
                    .at(at(&["env", "resources", name]))
                    .help("give the name the resource has in AWS"),
            );
        }
    }
}
