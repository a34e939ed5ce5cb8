//! Owned topics, queues and the KMS keys created for them as CloudFormation resources, with
//! every subscription of the topics, the queue policies those need, and the permission SNS
//! needs to invoke a subscribed function.

use super::refs::{self, get_att, owned_id, reference};
use crate::emit::policy;
use crate::model::owned::{Subscription, Topic};
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};

/// The name CloudFormation gives a resource: the blueprint's choice, else for FIFO resources
/// (whose names must end in `.fifo`) one built from the stack, else CloudFormation's own.
fn name(chosen: &Option<String>, fifo: bool, blueprint_name: &str) -> Option<Value> {
    match chosen {
        Some(n) => Some(json!(n)),
        None => {
            fifo.then(|| json!({ "Fn::Sub": format!("${{AWS::StackName}}-{blueprint_name}.fifo") }))
        }
    }
}

fn topic(n: &str, t: &Topic) -> Value {
    let mut p = Map::new();
    if t.fifo {
        p.insert("FifoTopic".into(), json!(true));
    }
    if let Some(v) = name(&t.name, t.fifo, n) {
        p.insert("TopicName".into(), v);
    }
    if t.fifo && t.content_based_deduplication {
        p.insert("ContentBasedDeduplication".into(), json!(true));
    }
    if let Some(k) = &t.kms_key {
        p.insert("KmsMasterKeyId".into(), refs::text(&k.id()));
    }
    json!({ "Type": "AWS::SNS::Topic", "Properties": p })
}

/// Inserts every owned topic, queue and created key, the subscriptions and the policies.
pub fn insert(api: &RestApi, resources: &mut Map<String, Value>) {
    let owned = &api.owned;
    for (n, t) in &owned.topics {
        resources.insert(owned_id(OwnedKind::Topic, n), topic(n, t));
    }
    for (n, q) in &owned.queues {
        let mut p = Map::new();
        if q.fifo {
            p.insert("FifoQueue".into(), json!(true));
        }
        if let Some(v) = name(&q.name, q.fifo, n) {
            p.insert("QueueName".into(), v);
        }
        if q.fifo && q.content_based_deduplication {
            p.insert("ContentBasedDeduplication".into(), json!(true));
        }
        let numbers = [
            ("VisibilityTimeout", q.visibility_timeout),
            ("MessageRetentionPeriod", q.retention),
            ("DelaySeconds", q.delay),
            ("MaximumMessageSize", q.max_message_size),
        ];
        for (k, v) in numbers {
            if let Some(v) = v {
                p.insert(k.into(), json!(v));
            }
        }
        if let Some(d) = &q.dead_letter {
            p.insert(
                "RedrivePolicy".into(),
                json!({ "deadLetterTargetArn": refs::text(&d.arn()), "maxReceiveCount": d.max_receive_count }),
            );
        }
        match &q.kms_key {
            Some(k) => {
                p.insert("KmsMasterKeyId".into(), refs::text(&k.id()));
            }
            None => {
                p.insert("SqsManagedSseEnabled".into(), json!(q.managed_sse()));
            }
        }
        resources.insert(
            owned_id(OwnedKind::Queue, n),
            json!({ "Type": "AWS::SQS::Queue", "Properties": p }),
        );
    }
    for (n, k) in &owned.keys {
        resources.insert(
            owned_id(OwnedKind::Key, n),
            json!({
                "Type": "AWS::KMS::Key",
                "Properties": {
                    "Description": k.description,
                    "EnableKeyRotation": k.rotation(),
                    "KeyPolicy": policy::document(&owned.key_policy(n), &mut refs::text),
                }
            }),
        );
    }
    for (queue, doc) in owned.queue_policies() {
        resources.insert(
            format!("{}Policy", owned_id(OwnedKind::Queue, &queue)),
            json!({
                "Type": "AWS::SQS::QueuePolicy",
                "Properties": {
                    "Queues": [reference(&owned_id(OwnedKind::Queue, &queue))],
                    "PolicyDocument": policy::document(&doc, &mut refs::text),
                }
            }),
        );
    }
    for s in owned.subscriptions() {
        let t = owned_id(OwnedKind::Topic, s.topic);
        let id = subscription_id(&s);
        if let Some(f) = s.spec.and_then(|f| f.function()) {
            resources.insert(
                format!("{id}Invoke"),
                json!({
                    "Type": "AWS::Lambda::Permission",
                    "Properties": {
                        "Action": "lambda:InvokeFunction",
                        "FunctionName": refs::text(f),
                        "Principal": crate::model::policy::principal::SNS,
                        "SourceArn": reference(&t),
                    }
                }),
            );
        }
        resources.insert(id, subscription(&s));
    }
}

/// Logical id of a subscription: `TopicAlertsToQueueJobs` for a `subscribers` entry,
/// `TopicAlertsSubscription2` for the second of `subscriptions`.
fn subscription_id(s: &Subscription) -> String {
    let t = owned_id(OwnedKind::Topic, s.topic);
    match (s.index, s.owned_queue()) {
        (None, Some(q)) => format!("{t}To{}", owned_id(OwnedKind::Queue, q)),
        (i, _) => format!("{t}Subscription{}", i.unwrap_or(0)),
    }
}

fn subscription(s: &Subscription) -> Value {
    let mut p = Map::new();
    p.insert(
        "TopicArn".into(),
        reference(&owned_id(OwnedKind::Topic, s.topic)),
    );
    p.insert("Protocol".into(), json!(s.protocol.as_str()));
    let endpoint = match s.owned_queue() {
        Some(q) => get_att(&owned_id(OwnedKind::Queue, q), "Arn"),
        None => refs::text(&s.endpoint.text()),
    };
    p.insert("Endpoint".into(), endpoint);
    if let Some(raw) = s.raw_message_delivery {
        p.insert("RawMessageDelivery".into(), json!(raw));
    }
    if let Some(f) = s.spec {
        if let Some(policy) = &f.filter_policy {
            p.insert("FilterPolicy".into(), policy.clone());
        }
        if let Some(scope) = f.filter_scope {
            p.insert("FilterPolicyScope".into(), json!(scope.as_str()));
        }
    }
    json!({ "Type": "AWS::SNS::Subscription", "Properties": p })
}
