//! Checks of what the API owns (topics, queues, buckets, upload distributions) and of its
//! request models.

use super::{Finding, did_you_mean};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::limits::{MAX_OWNED_NAME, MAX_VISIBILITY_TIMEOUT_S};
use crate::model::owned::{Owned, OwnedKind};
use std::collections::BTreeMap;

/// Owned resources are well named and consistent: names AWS accepts, FIFO queues where FIFO
/// settings are asked for, subscribers that exist and match the topic's kind, distributions
/// into owned buckets.
pub(super) fn check_owned(owned: &Owned) -> Vec<Finding> {
    let mut out = Vec::new();
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.len() <= MAX_OWNED_NAME
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    // Keys are named after the queue or topic they encrypt, whose name is checked.
    for kind in OwnedKind::ALL.into_iter().filter(|k| *k != OwnedKind::Key) {
        let (what, section) = kind.blueprint_words();
        for n in owned.names(kind).into_iter().filter(|n| !name_ok(n)) {
            out.push(Finding::setting(
                &["owns", section, n],
                Diagnostic::error(codes::SETTING, format!("`{n}` is not a usable {what} name"))
                    .help(format!(
                        "use up to {MAX_OWNED_NAME} letters, digits, `-` or `_`"
                    )),
            ));
        }
    }
    for (n, q) in &owned.queues {
        if q.content_based_deduplication && !q.fifo {
            out.push(Finding::setting(
                &["owns", "queues", n, "content_based_deduplication"],
                Diagnostic::error(
                    codes::SETTING,
                    format!("queue `{n}`: content-based deduplication needs a FIFO queue"),
                )
                .help("add `fifo: true` or remove `content_based_deduplication`"),
            ));
        }
        if q.visibility_timeout
            .is_some_and(|v| v > MAX_VISIBILITY_TIMEOUT_S)
        {
            out.push(Finding::setting(
                &["owns", "queues", n, "visibility_timeout"],
                Diagnostic::error(
                    codes::SETTING,
                    format!("queue `{n}`: visibility_timeout is over {MAX_VISIBILITY_TIMEOUT_S} s"),
                )
                .help(format!(
                    "SQS allows 0 to {MAX_VISIBILITY_TIMEOUT_S} seconds (12 hours)"
                )),
            ));
        }
    }
    for (t, topic) in &owned.topics {
        for s in &topic.subscribers {
            match owned.queues.get(s) {
                None => out.push(Finding::setting(
                    &["owns", "topics", t, "subscribers"],
                    Diagnostic::error(
                        codes::SETTING,
                        format!(
                            "topic `{t}` subscribes queue `{s}`, which the blueprint does not own"
                        ),
                    )
                    .help(format!(
                        "{}declare the queue under `owns: {{ queues: ... }}`",
                        did_you_mean(s, owned.queues.keys().map(String::as_str))
                    )),
                )),
                Some(q) if q.fifo != topic.fifo => out.push(Finding::setting(
                    &["owns", "topics", t, "subscribers"],
                    Diagnostic::error(
                        codes::SETTING,
                        format!("topic `{t}` and queue `{s}` must both be FIFO or both standard"),
                    )
                    .help("set `fifo:` the same way on both"),
                )),
                Some(_) => {}
            }
        }
    }
    for (name, d) in &owned.distributions {
        if !owned.buckets.contains_key(&d.bucket) {
            out.push(Finding::setting(
                &["owns", "upload_distributions", name, "bucket"],
                Diagnostic::error(
                    codes::SETTING,
                    format!(
                        "upload distribution `{name}` writes to `{}`, which the blueprint does not own",
                        d.bucket
                    ),
                )
                .help(format!(
                    "{}declare the bucket under `owns: {{ buckets: ... }}`: the distribution needs its policy",
                    did_you_mean(&d.bucket, owned.buckets.keys().map(String::as_str))
                )),
            ));
        }
    }
    out
}

/// Model names API Gateway accepts, and schemas that compile as JSON Schema draft 4.
pub(super) fn check_model_defs(models: &BTreeMap<String, serde_json::Value>) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, schema) in models {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            out.push(Finding::setting(
                &["models", name],
                Diagnostic::error(
                    codes::SETTING,
                    format!("model name `{name}` is not alphanumeric"),
                )
                .help("API Gateway model names use letters and digits only"),
            ));
        }
        let found = super::schema::problems(schema);
        for p in &found {
            let mut keys = vec!["models", name.as_str()];
            keys.extend(p.keys.iter().map(String::as_str));
            let at = if p.keys.is_empty() {
                format!("model `{name}`")
            } else {
                format!("model `{name}` at `{}`", p.keys.join("."))
            };
            out.push(Finding::setting(
                &keys,
                Diagnostic::error(codes::SETTING, format!("{at} {}", p.message)).help(
                    "write the model with the JSON Schema keywords both OpenAPI formats hold: type, properties, required, items, enum, allOf, additionalProperties, the size and number limits, pattern, format, title, description, default, example",
                ),
            ));
        }
        if !found.is_empty() {
            continue;
        }
        let compiled = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .build(schema);
        if compiled.is_ok() {
            for p in super::schema::bad_values(schema) {
                let mut keys = vec!["models", name.as_str()];
                keys.extend(p.keys.iter().map(String::as_str));
                out.push(Finding::setting(
                    &keys,
                    Diagnostic::error(
                        codes::SETTING,
                        format!("model `{name}` at `{}` {}", p.keys.join("."), p.message),
                    )
                    .help("give a value the schema accepts, or leave it out"),
                ));
            }
        }
        if let Err(e) = compiled {
            out.push(Finding::setting(
                &["models", name],
                Diagnostic::error(
                    codes::SETTING,
                    format!("model `{name}` is not a valid JSON Schema (draft 4): {e}"),
                )
                .help("API Gateway request models are JSON Schema draft 4"),
            ));
        }
    }
    out
}
