//! The tuned settings of owned queues and topics as model values: KMS keys (given or created),
//! dead-letter queues, subscriptions. References in ARNs are read here and reported where the
//! blueprint writes them; the model checks the rest.

use super::At;
use crate::blueprint::subscription::{
    DeadLetterSpec, FilterScopeSpec, ProtocolSpec, SubscriptionSpec,
};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::Owned;
use crate::model::owned::{
    DeadLetter, DeadLetterTarget, Endpoint, FilterScope, Key, KmsKey, Protocol, TopicSubscription,
};
use crate::model::reference::{self, Place};
use crate::model::text::Text;

/// What `kms_key: owned` asks for.
pub(super) const OWNED_KEY: &str = "owned";

/// An ARN with its `${...}` references read, or `None` after reporting a bad one at `keys`.
fn arn(raw: &str, keys: &[&str], at: At, diags: &mut Vec<Diagnostic>) -> Option<Text> {
    match reference::parse(raw, Place::Arn, &Owned::default()) {
        Ok(t) => Some(t),
        Err(e) => {
            diags.push(e.into_diagnostic().at(at(keys)));
            None
        }
    }
}

/// The key a queue or topic names, and the key to create with it when it says `owned`
/// (named `<kind>-<name>`, such as `queue-jobs`). A value that is no KMS key or alias ARN is
/// reported at `keys`.
pub(super) fn kms_key(
    raw: &str,
    owner: (&str, &str),
    api: &str,
    keys: &[&str],
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> (Option<KmsKey>, Option<(String, Key)>) {
    let (word, name) = owner;
    if raw == OWNED_KEY {
        let key_name = format!("{word}-{name}");
        let key = Key {
            description: format!("Encrypts {word} {name} of {api}"),
            ..Key::default()
        };
        return (Some(KmsKey::Owned(key_name.clone())), Some((key_name, key)));
    }
    let Some(t) = arn(raw, keys, at, diags) else {
        return (None, None);
    };
    // Deploy-time values stand for one ARN field each (`${AWS::Region}` holds colons).
    let shown = t.render_all(|l| l.to_string(), |_| "x".into());
    let resource = shown.splitn(6, ':').collect::<Vec<_>>();
    let ok = resource.len() == 6
        && resource[0] == "arn"
        && resource[2] == "kms"
        && (resource[5].starts_with("key/") || resource[5].starts_with("alias/"))
        && resource[5]
            .split_once('/')
            .is_some_and(|(_, id)| !id.is_empty());
    if !ok {
        diags.push(
            Diagnostic::error(
                codes::SETTING,
                format!("kms_key `{raw}` is not a KMS key ARN or alias ARN"),
            )
            .at(at(keys))
            .help("write `arn:aws:kms:<region>:<account>:key/<id>`, `arn:aws:kms:<region>:<account>:alias/<name>`, or `owned` for a key created with the resource"),
        );
        return (None, None);
    }
    (Some(KmsKey::Arn(t)), None)
}

/// A queue's dead-letter queue: exactly one of `queue` and `arn`.
pub(super) fn dead_letter(
    spec: &DeadLetterSpec,
    keys: &[&str],
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> Option<DeadLetter> {
    let target = match (&spec.queue, &spec.arn) {
        (Some(q), None) => DeadLetterTarget::Owned(q.clone()),
        (None, Some(a)) => {
            let mut k = keys.to_vec();
            k.push("arn");
            DeadLetterTarget::Arn(arn(a, &k, at, diags)?)
        }
        _ => {
            diags.push(
                Diagnostic::error(
                    codes::SETTING,
                    "dead_letter names its queue with exactly one of `queue` (owned) or `arn`",
                )
                .at(at(keys))
                .help("write `dead_letter: { queue: <owned queue>, max_receive_count: 5 }`"),
            );
            return None;
        }
    };
    Some(DeadLetter {
        target,
        max_receive_count: spec.max_receive_count,
    })
}

/// One subscription of a topic; its endpoint as the protocol takes it.
pub(super) fn subscription(
    spec: &SubscriptionSpec,
    keys: &[&str],
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> Option<TopicSubscription> {
    let protocol = match spec.protocol {
        ProtocolSpec::Lambda => Protocol::Lambda,
        ProtocolSpec::Https => Protocol::Https,
        ProtocolSpec::Email => Protocol::Email,
        ProtocolSpec::Sqs => Protocol::Sqs,
    };
    let shape = |msg: &str, help: &str, diags: &mut Vec<Diagnostic>| {
        diags.push(
            Diagnostic::error(codes::SETTING, msg.to_string())
                .at(at(keys))
                .help(help.to_string()),
        );
    };
    let mut endpoint_keys = keys.to_vec();
    endpoint_keys.push("endpoint");
    let endpoint = match (protocol, &spec.endpoint, &spec.queue) {
        (Protocol::Sqs, None, Some(q)) => Endpoint::OwnedQueue(q.clone()),
        (Protocol::Sqs | Protocol::Lambda, Some(e), None) => {
            Endpoint::Arn(arn(e, &endpoint_keys, at, diags)?)
        }
        (Protocol::Https | Protocol::Email, Some(e), None) => Endpoint::Address(e.clone()),
        (Protocol::Sqs, _, _) => {
            shape(
                "an `sqs` subscription names exactly one of `queue` (owned) or `endpoint` (a queue ARN)",
                "write `queue: <owned queue>` or `endpoint: arn:aws:sqs:...`",
                diags,
            );
            return None;
        }
        (_, _, Some(_)) => {
            shape(
                "`queue` is for `sqs` subscriptions only",
                "give the subscriber as `endpoint`",
                diags,
            );
            return None;
        }
        (_, None, None) => {
            shape(
                &format!("a `{}` subscription needs an `endpoint`", protocol.as_str()),
                "give the function ARN, the HTTPS URL or the e-mail address as `endpoint`",
                diags,
            );
            return None;
        }
    };
    Some(TopicSubscription {
        protocol,
        endpoint,
        filter_policy: spec.filter_policy.clone(),
        filter_scope: spec.filter_policy_scope.map(|s| match s {
            FilterScopeSpec::MessageAttributes => FilterScope::MessageAttributes,
            FilterScopeSpec::MessageBody => FilterScope::MessageBody,
        }),
        raw: spec.raw_delivery,
    })
}
