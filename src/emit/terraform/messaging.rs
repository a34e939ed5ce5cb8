//! Owned topics, queues and the KMS keys created for them as Terraform resources, with every
//! subscription of the topics, the queue policies those need, and the permission SNS needs
//! to invoke a subscribed function.

use super::owned::owned_address;
use super::refs::{Refs, escape};
use crate::model::names::owned_name;
use crate::model::owned::Subscription;
use crate::model::policy::principal;
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Inserts every owned topic, queue and created key, the subscriptions and the policies;
/// `prefix` gives the name prefix of a resource whose name the blueprint does not choose.
pub fn insert(
    api: &RestApi,
    refs: &mut Refs,
    r: &mut BTreeMap<&str, Map<String, Value>>,
    prefix: &dyn Fn(&str) -> String,
) {
    let owned = &api.owned;
    let named = |o: &mut Map<String, Value>, chosen: &Option<String>, n: &str| match chosen {
        Some(c) => o.insert("name".into(), json!(c)),
        None => o.insert("name_prefix".into(), json!(prefix(n))),
    };
    for (n, t) in &owned.topics {
        let mut o = Map::new();
        named(&mut o, &t.name, n);
        if t.fifo {
            o.insert("fifo_topic".into(), json!(true));
            if t.content_based_deduplication {
                o.insert("content_based_deduplication".into(), json!(true));
            }
        }
        if let Some(k) = &t.kms_key {
            o.insert("kms_master_key_id".into(), json!(refs.text(&k.id())));
        }
        r.entry("aws_sns_topic")
            .or_default()
            .insert(owned_name(n).snake, Value::Object(o));
    }
    for (n, q) in &owned.queues {
        let mut o = Map::new();
        named(&mut o, &q.name, n);
        if q.fifo {
            o.insert("fifo_queue".into(), json!(true));
            if q.content_based_deduplication {
                o.insert("content_based_deduplication".into(), json!(true));
            }
        }
        let numbers = [
            ("visibility_timeout_seconds", q.visibility_timeout),
            ("message_retention_seconds", q.retention),
            ("delay_seconds", q.delay),
            ("max_message_size", q.max_message_size),
        ];
        for (k, v) in numbers {
            if let Some(v) = v {
                o.insert(k.into(), json!(v));
            }
        }
        if let Some(d) = &q.dead_letter {
            let policy = json!({ "deadLetterTargetArn": refs.text(&d.arn()), "maxReceiveCount": d.max_receive_count });
            o.insert("redrive_policy".into(), json!(policy.to_string()));
        }
        match &q.kms_key {
            Some(k) => {
                o.insert("kms_master_key_id".into(), json!(refs.text(&k.id())));
            }
            None => {
                o.insert("sqs_managed_sse_enabled".into(), json!(q.managed_sse()));
            }
        }
        r.entry("aws_sqs_queue")
            .or_default()
            .insert(owned_name(n).snake, Value::Object(o));
    }
    for (n, k) in &owned.keys {
        let policy = refs.policy(&owned.key_policy(n));
        r.entry("aws_kms_key").or_default().insert(
            owned_name(n).snake,
            json!({
                "description": escape(&k.description),
                "enable_key_rotation": k.rotation(),
                "policy": policy,
            }),
        );
    }
    for (queue, doc) in owned.queue_policies() {
        let policy = refs.policy(&doc);
        r.entry("aws_sqs_queue_policy").or_default().insert(
            owned_name(&queue).snake,
            json!({
                "queue_url": format!("${{{}.id}}", owned_address(OwnedKind::Queue, &queue)),
                "policy": policy,
            }),
        );
    }
    for s in owned.subscriptions() {
        let topic_arn = format!("${{{}.arn}}", owned_address(OwnedKind::Topic, s.topic));
        let name = subscription_name(&s);
        if let Some(f) = s.spec.and_then(|f| f.function()) {
            r.entry("aws_lambda_permission").or_default().insert(
                format!("{name}_invoke"),
                json!({
                    "action": "lambda:InvokeFunction",
                    "function_name": refs.text(f),
                    "principal": principal::SNS,
                    "source_arn": topic_arn,
                }),
            );
        }
        let mut o = Map::new();
        o.insert("topic_arn".into(), json!(topic_arn));
        o.insert("protocol".into(), json!(s.protocol.as_str()));
        let endpoint = match s.owned_queue() {
            Some(q) => format!("${{{}.arn}}", owned_address(OwnedKind::Queue, q)),
            None => refs.text(&s.endpoint.text()),
        };
        o.insert("endpoint".into(), json!(endpoint));
        if let Some(raw) = s.raw_message_delivery {
            o.insert("raw_message_delivery".into(), json!(raw));
        }
        if let Some(f) = s.spec {
            if let Some(policy) = &f.filter_policy {
                o.insert("filter_policy".into(), json!(escape(&policy.to_string())));
            }
            if let Some(scope) = f.filter_scope {
                o.insert("filter_policy_scope".into(), json!(scope.as_str()));
            }
        }
        r.entry("aws_sns_topic_subscription")
            .or_default()
            .insert(name, Value::Object(o));
    }
}

/// Name of a subscription: `alerts_to_jobs` for a `subscribers` entry, `alerts_subscription_2`
/// for the second of `subscriptions`.
fn subscription_name(s: &Subscription) -> String {
    let t = owned_name(s.topic).snake;
    match (s.index, s.owned_queue()) {
        (None, Some(q)) => format!("{t}_to_{}", owned_name(q).snake),
        (i, _) => format!("{t}_subscription_{}", i.unwrap_or(0)),
    }
}
