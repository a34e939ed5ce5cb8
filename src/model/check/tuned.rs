//! Checks of owned queues and topics tuned beyond the defaults: chosen names by AWS's rules,
//! queue limits, dead-letter queues, KMS keys, subscriptions, and the usage plan's
//! per-method throttles.

use super::{Finding, did_you_mean};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::api::RestApi;
use crate::model::owned::naming::{bucket_name_problem, queue_name_problem, topic_name_problem};
use crate::model::owned::{DeadLetterTarget, Endpoint, KmsKey, Owned, OwnedKind, Protocol};
use std::collections::BTreeMap;

/// Seconds SQS may keep a message: 60 s to 14 days.
pub const QUEUE_RETENTION_S: (u32, u32) = (60, 1_209_600);
/// Longest delivery delay, in seconds.
pub const MAX_QUEUE_DELAY_S: u32 = 900;
/// Smallest and largest maximum message size, in bytes.
pub const QUEUE_MESSAGE_SIZE: (u32, u32) = (1_024, 1_048_576);
/// Receives before a message moves to the dead-letter queue.
pub const MAX_RECEIVE_COUNT: (u32, u32) = (1, 1_000);

fn error(keys: &[&str], msg: String, help: impl Into<String>) -> Finding {
    Finding::setting(
        keys,
        Diagnostic::error(codes::SETTING, msg).help(help.into()),
    )
}

/// Tuned queues, topics and plan throttles are consistent and within AWS's limits.
pub(super) fn check_tuned(api: &RestApi) -> Vec<Finding> {
    let mut out = names(api);
    queues(&api.owned, &mut out);
    topics(&api.owned, &mut out);
    throttles(api, &mut out);
    out
}

fn names(api: &RestApi) -> Vec<Finding> {
    let owned = &api.owned;
    let mut out = Vec::new();
    let mut seen: BTreeMap<(OwnedKind, &str), &str> = BTreeMap::new();
    for (kind, n, chosen) in owned.chosen_names() {
        let (_, section) = kind.blueprint_words();
        let keys = ["owns", section, n, "name"];
        let problem = match kind {
            OwnedKind::Queue => queue_name_problem(chosen, owned.queues[n].fifo),
            OwnedKind::Topic => topic_name_problem(chosen, owned.topics[n].fifo),
            _ => bucket_name_problem(chosen),
        };
        if let Some(p) = problem {
            out.push(error(
                &keys,
                format!("`{chosen}` is not a usable {} name: {p}", kind.word()),
                "choose another name, or leave `name` out for one derived from the stack",
            ));
        }
        if let Some(first) = seen.insert((kind, chosen), n) {
            out.push(error(
                &keys,
                format!("{} `{n}` has the name `{chosen}` of `{first}`", kind.word()),
                "give each its own name",
            ));
        }
        if let Some(real) = api.env.resources.get(n)
            && real != chosen
        {
            out.push(error(
                &["env", "resources", n],
                format!(
                    "`env.resources` gives `{n}` the name `{real}`, but it is named `{chosen}`"
                ),
                "leave it out of `env.resources`: the chosen name is used",
            ));
        }
    }
    out
}

fn kms_owned(owned: &Owned, k: &Option<KmsKey>, keys: &[&str], out: &mut Vec<Finding>) {
    if let Some(KmsKey::Owned(name)) = k
        && !owned.keys.contains_key(name)
    {
        out.push(error(
            keys,
            format!("KMS key `{name}` is not created with the API"),
            "own the key too, or name a key by ARN",
        ));
    }
}

fn queues(owned: &Owned, out: &mut Vec<Finding>) {
    for (n, q) in &owned.queues {
        let at = |k: &'static str| ["owns", "queues", n.as_str(), k];
        if let Some(r) = q.retention
            && !(QUEUE_RETENTION_S.0..=QUEUE_RETENTION_S.1).contains(&r)
        {
            out.push(error(
                &at("retention"),
                format!(
                    "queue `{n}`: retention {r} s is outside {} to {} s",
                    QUEUE_RETENTION_S.0, QUEUE_RETENTION_S.1
                ),
                "SQS keeps messages 60 seconds to 14 days (1209600 s)",
            ));
        }
        if let Some(d) = q.delay
            && d > MAX_QUEUE_DELAY_S
        {
            out.push(error(
                &at("delay"),
                format!("queue `{n}`: delay {d} s is over {MAX_QUEUE_DELAY_S} s"),
                "SQS delays messages 0 to 900 seconds (15 minutes)",
            ));
        }
        if let Some(s) = q.max_message_size
            && !(QUEUE_MESSAGE_SIZE.0..=QUEUE_MESSAGE_SIZE.1).contains(&s)
        {
            out.push(error(
                &at("max_message_size"),
                format!(
                    "queue `{n}`: max_message_size {s} is outside {} to {} bytes",
                    QUEUE_MESSAGE_SIZE.0, QUEUE_MESSAGE_SIZE.1
                ),
                "SQS messages are 1 KiB to 1 MiB",
            ));
        }
        kms_owned(owned, &q.kms_key, &at("kms_key"), out);
        let Some(d) = &q.dead_letter else { continue };
        if !(MAX_RECEIVE_COUNT.0..=MAX_RECEIVE_COUNT.1).contains(&d.max_receive_count) {
            out.push(error(
                &["owns", "queues", n, "dead_letter", "max_receive_count"],
                format!(
                    "queue `{n}`: max_receive_count {} is outside 1 to 1000",
                    d.max_receive_count
                ),
                "SQS moves a message after 1 to 1000 receives",
            ));
        }
        let DeadLetterTarget::Owned(target) = &d.target else {
            continue;
        };
        let keys = ["owns", "queues", n, "dead_letter", "queue"];
        match owned.queues.get(target) {
            None => out.push(error(
                &keys,
                format!("queue `{n}` sends failed messages to `{target}`, which the blueprint does not own"),
                format!(
                    "{}declare the dead-letter queue under `owns: {{ queues: ... }}`, or give its `arn`",
                    did_you_mean(target, owned.queues.keys().map(String::as_str))
                ),
            )),
            Some(_) if target == n => out.push(error(
                &keys,
                format!("queue `{n}` cannot be its own dead-letter queue"),
                "declare a second queue for failed messages",
            )),
            Some(t) if t.fifo != q.fifo => out.push(error(
                &keys,
                format!("queue `{n}` and its dead-letter queue `{target}` must both be FIFO or both standard"),
                "set `fifo:` the same way on both",
            )),
            Some(t) if t.dead_letter.is_some() => out.push(error(
                &keys,
                format!("dead-letter queue `{target}` has a dead-letter queue of its own"),
                "keep failed messages in one place: remove `dead_letter` from the dead-letter queue",
            )),
            Some(_) => {}
        }
    }
}

fn topics(owned: &Owned, out: &mut Vec<Finding>) {
    for (t, topic) in &owned.topics {
        if topic.content_based_deduplication && !topic.fifo {
            out.push(error(
                &["owns", "topics", t, "content_based_deduplication"],
                format!("topic `{t}`: content-based deduplication needs a FIFO topic"),
                "add `fifo: true` or remove `content_based_deduplication`",
            ));
        }
        kms_owned(
            owned,
            &topic.kms_key,
            &["owns", "topics", t, "kms_key"],
            out,
        );
        for (i, s) in topic.subscriptions.iter().enumerate() {
            let i = i.to_string();
            let at =
                |k: &'static str| ["owns", "topics", t.as_str(), "subscriptions", i.as_str(), k];
            let endpoint_problem = match &s.endpoint {
                Endpoint::OwnedQueue(q) => match owned.queues.get(q) {
                    None => Some((
                        at("queue"),
                        format!(
                            "topic `{t}` subscribes queue `{q}`, which the blueprint does not own"
                        ),
                        format!(
                            "{}declare the queue under `owns: {{ queues: ... }}`",
                            did_you_mean(q, owned.queues.keys().map(String::as_str))
                        ),
                    )),
                    Some(queue) if queue.fifo != topic.fifo => Some((
                        at("queue"),
                        format!("topic `{t}` and queue `{q}` must both be FIFO or both standard"),
                        "set `fifo:` the same way on both".into(),
                    )),
                    Some(_) if topic.subscribers.contains(q) => Some((
                        at("queue"),
                        format!("topic `{t}` subscribes queue `{q}` twice"),
                        "keep it under `subscribers` or under `subscriptions`, not both".into(),
                    )),
                    Some(_) => None,
                },
                Endpoint::Address(a) if s.protocol == Protocol::Https && !is_https_url(a) => {
                    Some((
                        at("endpoint"),
                        format!("`{a}` is not an HTTPS URL"),
                        "write `https://host/path`".into(),
                    ))
                }
                Endpoint::Address(a) if s.protocol == Protocol::Email && !is_email(a) => Some((
                    at("endpoint"),
                    format!("`{a}` is not an e-mail address"),
                    "write `name@example.com`".into(),
                )),
                _ => None,
            };
            if let Some((keys, msg, help)) = endpoint_problem {
                out.push(error(&keys, msg, help));
            }
            if topic.fifo && s.protocol != Protocol::Sqs {
                out.push(error(
                    &at("protocol"),
                    format!(
                        "FIFO topic `{t}` delivers to SQS queues only, not `{}`",
                        s.protocol.as_str()
                    ),
                    "subscribe a FIFO queue, or make the topic standard",
                ));
            }
            if let Some(p) = &s.filter_policy
                && p.as_object().is_none_or(|o| o.is_empty())
            {
                out.push(error(
                    &at("filter_policy"),
                    format!("topic `{t}`: a filter policy is a non-empty mapping of attribute or field names to the values they must match"),
                    "write `filter_policy: { kind: [order] }`",
                ));
            }
            if s.filter_scope.is_some() && s.filter_policy.is_none() {
                out.push(error(
                    &at("filter_policy_scope"),
                    format!("topic `{t}`: a filter policy scope without a filter policy"),
                    "add `filter_policy`, or remove `filter_policy_scope`",
                ));
            }
            if s.raw.is_some() && !s.protocol.takes_raw_delivery() {
                out.push(error(
                    &at("raw_delivery"),
                    format!(
                        "SNS delivers raw messages to `sqs` and `https` subscribers only, not `{}`",
                        s.protocol.as_str()
                    ),
                    "remove `raw_delivery`",
                ));
            }
        }
    }
}

fn is_https_url(a: &str) -> bool {
    a.strip_prefix("https://").is_some_and(|rest| {
        let host = rest.split(['/', '?', '#']).next().unwrap_or("");
        !host.is_empty() && !a.contains(char::is_whitespace)
    })
}

fn is_email(a: &str) -> bool {
    let Some((local, domain)) = a.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@')
        && !a.contains(char::is_whitespace)
}

fn throttles(api: &RestApi, out: &mut Vec<Finding>) {
    let Some(plan) = &api.usage_plan else { return };
    for t in &plan.method_throttles {
        let route = format!("{} {}", t.verb, t.path);
        let keys = ["usage_plan", "routes", route.as_str()];
        if !api
            .methods
            .iter()
            .any(|m| m.verb == t.verb && m.path == t.path)
        {
            out.push(error(
                &keys,
                format!("the usage plan throttles `{route}`, which is not a route of the API"),
                format!(
                    "{}name a route as the blueprint writes it",
                    did_you_mean(
                        &route,
                        api.methods
                            .iter()
                            .map(|m| format!("{} {}", m.verb, m.path))
                            .collect::<Vec<_>>()
                            .iter()
                            .map(String::as_str)
                    )
                ),
            ));
        }
        if t.throttle.rate_limit == 0 || t.throttle.burst_limit == 0 {
            out.push(error(
                &keys,
                format!("the throttle of `{route}` must be positive"),
                "set rate_limit and burst_limit above 0",
            ));
        }
    }
}
