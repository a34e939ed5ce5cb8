//! Amazon SQS `SendMessage` through API Gateway's `sqs:path/{account}/{queue}` integration.
//!
//! The request body becomes the message through a form-encoded mapping template (so
//! `& = + %` and non-ASCII text survive); FIFO queues take the message group and
//! deduplication id from a header, a path parameter or a fixed value. The execution role may
//! send to that queue only.

use super::common;
use super::vtl::{self, RequestValue};
use crate::codes;
use crate::model::Part;
use crate::model::VecMap;
use crate::model::{
    ApiPath, Attr, HttpMethod, Integration, IntegrationParam, Method, OpError, Operation, Owned,
    OwnedKind, Passthrough, Permission, Pseudo, RequestSource, ResourceRef, Target, Text,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// `sqs.send_message`: send the request body to one queue.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendMessage {
    /// A queue the blueprint owns (`owns: { queues: { jobs: {} } }`).
    #[serde(default)]
    pub queue: Option<String>,
    /// Or any queue, by ARN (`arn:aws:sqs:us-east-1:123456789012:jobs`; the region and account
    /// may be `${AWS::Region}` and `${AWS::AccountId}`, the deployment's own).
    #[serde(default)]
    pub queue_arn: Option<String>,
    /// Or any queue, by URL (`https://sqs.us-east-1.amazonaws.com/123456789012/jobs`).
    #[serde(default)]
    pub queue_url: Option<String>,
    /// FIFO queues: the message group (`header.<name>`, `{param}` or a fixed value). Required.
    #[serde(default)]
    pub message_group_id: Option<String>,
    /// FIFO queues: the deduplication id (`header.<name>`, `{param}` or fixed); without it the
    /// queue needs content-based deduplication.
    #[serde(default)]
    pub deduplication_id: Option<String>,
}

impl SendMessage {
    /// Send the request body to the owned queue `queue`.
    pub fn to_queue(queue: impl Into<String>) -> SendMessage {
        SendMessage {
            queue: Some(queue.into()),
            ..SendMessage::default()
        }
    }
}

/// Where the queue is: the path of its endpoint, its ARN, its region if fixed, FIFO or not,
/// and whether it deduplicates by content (known only for owned queues).
struct QueueAt {
    path: Text,
    arn: Text,
    region: Option<String>,
    fifo: Option<bool>,
    content_dedup: Option<bool>,
}

fn parse_queue(op: &SendMessage, owned: &Owned) -> Result<QueueAt, OpError> {
    let given = [
        op.queue.is_some(),
        op.queue_arn.is_some(),
        op.queue_url.is_some(),
    ];
    if given.iter().filter(|g| **g).count() != 1 {
        return Err(OpError::field(
            codes::ARGUMENT,
            "queue",
            "name the queue with exactly one of `queue` (owned), `queue_arn` or `queue_url`",
        )
        .help("declare it under `owns: { queues: ... }` and write `queue: <name>`"));
    }
    if let Some(name) = &op.queue {
        let r = |attr| ResourceRef {
            kind: OwnedKind::Queue,
            name: name.clone(),
            attr,
        };
        let mut path = Text::default();
        path.push(Pseudo::AccountId)
            .push_str("/")
            .push_ref(r(Attr::Name));
        let mut arn = Text::default();
        arn.push_ref(r(Attr::Arn));
        let queue = owned.queues.get(name);
        return Ok(QueueAt {
            path,
            arn,
            region: None,
            fifo: queue.map(|q| q.fifo),
            content_dedup: queue.map(|q| q.content_based_deduplication),
        });
    }
    if let Some(a) = &op.queue_arn {
        return queue_by_arn(a, owned);
    }
    let (region, account, name, field) = {
        let u = op.queue_url.as_deref().unwrap_or_default();
        let rest = u.strip_prefix("https://").unwrap_or("");
        let segs: Vec<&str> = rest.split('/').collect();
        let host: Vec<&str> = segs.first().copied().unwrap_or("").split('.').collect();
        if segs.len() != 3
            || host.len() < 4
            || host[0] != "sqs"
            || segs[1].is_empty()
            || segs[2].is_empty()
        {
            return Err(OpError::field(
                codes::ARGUMENT,
                "queue_url",
                format!("`{u}` is not an SQS queue URL"),
            )
            .help("write https://sqs.<region>.amazonaws.com/<account>/<queue>"));
        }
        (
            host[1].to_string(),
            segs[1].to_string(),
            segs[2].to_string(),
            "queue_url",
        )
    };
    if !account.chars().all(|c| c.is_ascii_digit()) || account.len() != 12 {
        return Err(OpError::field(
            codes::ARGUMENT,
            field,
            format!("`{account}` is not a 12-digit account id"),
        ));
    }
    let mut arn = Text::lit("arn:");
    arn.push(Pseudo::Partition)
        .push_str(&format!(":sqs:{region}:{account}:{name}"));
    Ok(QueueAt {
        path: Text::lit(format!("{account}/{name}")),
        arn,
        region: Some(region),
        fifo: Some(name.ends_with(".fifo")),
        content_dedup: None,
    })
}

/// A queue by ARN, whose region and account may be the deployment's own
/// (`arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:legacy`).
fn queue_by_arn(a: &str, owned: &Owned) -> Result<QueueAt, OpError> {
    let bad = || {
        OpError::field(
            codes::ARGUMENT,
            "queue_arn",
            format!("`{a}` is not an SQS queue ARN"),
        )
        .help("write arn:aws:sqs:<region>:<account>:<queue>; `${AWS::Region}` and `${AWS::AccountId}` are the deployment's own")
    };
    let Some((_, f)) = common::arn_fields(a, "queue_arn", owned)? else {
        return Err(bad());
    };
    if f[2].as_literal().as_deref() != Some("sqs") {
        return Err(bad());
    }
    let name = f[5]
        .as_literal()
        .filter(|n| !n.contains(['/', ':']))
        .ok_or_else(bad)?;
    let region = match (f[3].as_literal(), f[3].0.as_slice()) {
        (Some(r), _) if !r.is_empty() => Some(r),
        (_, [Part::Pseudo(Pseudo::Region)]) => None,
        _ => return Err(bad()),
    };
    let account_ok = match (f[4].as_literal(), f[4].0.as_slice()) {
        (Some(acct), _) => acct.len() == 12 && acct.chars().all(|c| c.is_ascii_digit()),
        (_, [Part::Pseudo(Pseudo::AccountId)]) => true,
        _ => false,
    };
    if !account_ok {
        return Err(OpError::field(
            codes::ARGUMENT,
            "queue_arn",
            format!("`{a}` names no 12-digit account"),
        )
        .help("write the account id, or `${AWS::AccountId}` for the deploying account"));
    }
    let mut path = f[4].clone();
    path.push_str("/").push_str(&name);
    let mut arn = Text::lit("arn:");
    arn.push(Pseudo::Partition).push_str(":sqs:");
    arn.append(&f[3])
        .push_str(":")
        .append(&f[4])
        .push_str(":")
        .push_str(&name);
    Ok(QueueAt {
        path,
        arn,
        region,
        fifo: Some(name.ends_with(".fifo")),
        content_dedup: None,
    })
}

impl Operation for SendMessage {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let q = parse_queue(self, owned)?;
        let mut declared = vtl::Declared::new(path);
        let mut declare = |src: &str, required: bool, field: &'static str| {
            declared.declare(&RequestValue::parse(src), required, field)
        };
        let group = self
            .message_group_id
            .as_deref()
            .map(|s| declare(s, true, "message_group_id"))
            .transpose()?;
        let dedup = self
            .deduplication_id
            .as_deref()
            .map(|s| declare(s, true, "deduplication_id"))
            .transpose()?;
        match (q.fifo, group.is_some()) {
            (Some(true), false) => {
                return Err(OpError::field(codes::ARGUMENT, "message_group_id", "a FIFO queue needs `message_group_id`")
                    .help("take it from a header (`header.X-Group`), a path parameter (`{tenant}`) or fix it"));
            }
            (Some(false), true) => {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "message_group_id",
                    "`message_group_id` applies to FIFO queues only",
                ));
            }
            _ => {}
        }
        if q.fifo == Some(true) && q.content_dedup == Some(false) && dedup.is_none() {
            // SQS refuses a FIFO message without a deduplication id unless the queue hashes
            // the body itself.
            return Err(OpError::field(
                codes::ARGUMENT,
                "deduplication_id",
                "this FIFO queue has no content-based deduplication, so SQS refuses every message sent without `deduplication_id`",
            )
            .help("give `deduplication_id` (`header.X-Dedup-Id`, `{param}` or fixed), or set `content_based_deduplication: true` on the queue"));
        }
        if q.fifo == Some(false) && dedup.is_some() {
            return Err(OpError::field(
                codes::ARGUMENT,
                "deduplication_id",
                "`deduplication_id` applies to FIFO queues only",
            ));
        }
        let body = vtl::render(
            "sqs_send_message",
            &json!({ "group_id": group, "dedup_id": dedup }),
            &[],
        );
        let mut templates = BTreeMap::new();
        for ct in ["application/json", "text/plain"] {
            templates.insert(ct.to_string(), body.clone());
        }
        let mut mappings = VecMap::new();
        mappings.insert(
            IntegrationParam::Header("Content-Type".into()),
            RequestSource::fixed("application/x-www-form-urlencoded"),
        );
        mappings.insert(
            IntegrationParam::Header("Accept".into()),
            RequestSource::fixed("application/json"),
        );
        let ok = vtl::render(
            "json_message_id",
            &json!({ "response": "SendMessageResponse", "result": "SendMessageResult" }),
            &[],
        );
        let permission = Permission::allow(vec!["sqs:SendMessage".into()], vec![q.arn]);
        let target = Target::Path(q.path);
        let integration = Integration {
            region: q.region,
            request_parameters: mappings,
            request_templates: templates,
            passthrough: Passthrough::Never,
            ..common::integration("sqs", target, HttpMethod::Post, Some(ok), vec![permission])
        };
        let summary = "Send the request body to the queue";
        let params = declared.params;
        Ok(common::method(
            path,
            verb,
            "SendMessage",
            summary,
            params,
            integration,
        ))
    }
}

crate::service_operations! {
    "send_message" => SendMessage => |a: SendMessage| a, example: ("POST /jobs", "{ queue: jobs }"),
}

/// The ARN of the queue a path call to SQS addresses (`/{account}/{queue}`, the queue URL's
/// path), for grants on exactly that queue: `arn:${AWS::Partition}:sqs:${AWS::Region}:...`.
pub fn queue_arn_of_path(path: &str) -> Option<String> {
    let mut parts = path.trim_start_matches('/').split('/');
    let (account, queue) = (parts.next()?, parts.next()?);
    let account_ok = account == "${AWS::AccountId}"
        || (account.len() == 12 && account.bytes().all(|b| b.is_ascii_digit()));
    let queue_ok = !queue.is_empty()
        && queue
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    (parts.next().is_none() && account_ok && queue_ok)
        .then(|| format!("arn:${{AWS::Partition}}:sqs:${{AWS::Region}}:{account}:{queue}"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ParamIn, RequestParam};

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    #[test]
    fn owned_queue_path_and_policy() {
        let m = SendMessage::to_queue("jobs")
            .build(&p("/jobs"), HttpMethod::Post)
            .unwrap();
        let i = &m.integration;
        assert_eq!(
            i.uri().to_string(),
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/${jobs.name}"
        );
        assert_eq!(
            i.request_templates["application/json"].to_string(),
            "Action=SendMessage&MessageBody=$util.urlEncode($input.body)##"
        );
        assert_eq!(i.permissions[0].actions, ["sqs:SendMessage"]);
        assert_eq!(i.permissions[0].resources[0].to_string(), "${jobs.arn}");
    }

    #[test]
    fn owned_fifo_queue_needs_a_group() {
        let mut owned = Owned::default();
        owned.queues.insert(
            "orders".into(),
            crate::model::Queue {
                fifo: true,
                ..Default::default()
            },
        );
        let e = SendMessage::to_queue("orders")
            .build_in(&p("/o"), HttpMethod::Post, &owned)
            .unwrap_err();
        assert_eq!(e.field, Some("message_group_id"));
    }

    #[test]
    fn owned_fifo_queue_without_content_deduplication_needs_an_id() {
        let mut owned = Owned::default();
        owned.queues.insert(
            "orders".into(),
            crate::model::Queue {
                fifo: true,
                ..Default::default()
            },
        );
        let op = SendMessage {
            message_group_id: Some("{customer}".into()),
            ..SendMessage::to_queue("orders")
        };
        let path = p("/o/{customer}");
        let e = op.build_in(&path, HttpMethod::Post, &owned).unwrap_err();
        assert_eq!(e.field, Some("deduplication_id"));
        assert!(
            e.message.contains("content-based deduplication"),
            "{}",
            e.message
        );
        let with_id = SendMessage {
            deduplication_id: Some("header.X-Dedup-Id".into()),
            ..op.clone()
        };
        let m = with_id.build_in(&path, HttpMethod::Post, &owned).unwrap();
        assert!(m.request_parameters[&RequestParam::new(ParamIn::Header, "X-Dedup-Id")]);
        owned
            .queues
            .get_mut("orders")
            .unwrap()
            .content_based_deduplication = true;
        assert!(op.build_in(&path, HttpMethod::Post, &owned).is_ok());
    }

    #[test]
    fn named_fifo_queue_needs_a_group() {
        let op = SendMessage {
            queue_url: Some("https://sqs.eu-west-1.amazonaws.com/123456789012/orders.fifo".into()),
            ..SendMessage::default()
        };
        let e = op.build(&p("/orders"), HttpMethod::Post).unwrap_err();
        assert_eq!(e.field, Some("message_group_id"));
        let op = SendMessage {
            message_group_id: Some("header.X-Group".into()),
            deduplication_id: Some("{id}".into()),
            ..op
        };
        let m = op.build(&p("/orders/{id}"), HttpMethod::Post).unwrap();
        assert_eq!(m.integration.region.as_deref(), Some("eu-west-1"));
        assert_eq!(
            m.integration.uri_suffix().to_string(),
            "sqs:path/123456789012/orders.fifo"
        );
        let t = m.integration.request_templates["text/plain"].to_string();
        assert!(
            t.contains("&MessageGroupId=$util.urlEncode($input.params().header.get('X-Group'))"),
            "{t}"
        );
        assert!(
            t.starts_with("#set($dedup = $input.params().path.get('id'))Action=SendMessage&"),
            "{t}"
        );
        assert!(
            t.contains(
                r#"#if("$!dedup" != "")&MessageDeduplicationId=$util.urlEncode($dedup)#{end}##"#
            ),
            "{t}"
        );
        assert!(m.request_parameters[&RequestParam::new(ParamIn::Header, "X-Group")]);
        assert_eq!(
            m.integration.permissions[0].resources[0].to_string(),
            "arn:${AWS::Partition}:sqs:eu-west-1:123456789012:orders.fifo"
        );
    }

    #[test]
    fn refuses_bad_queue_names() {
        let op = SendMessage {
            queue_arn: Some("arn:aws:sns:us-east-1:123456789012:x".into()),
            ..SendMessage::default()
        };
        assert_eq!(
            op.build(&p("/x"), HttpMethod::Post).unwrap_err().field,
            Some("queue_arn")
        );
        let op = SendMessage {
            queue_url: Some("http://example.com/x".into()),
            ..SendMessage::default()
        };
        assert_eq!(
            op.build(&p("/x"), HttpMethod::Post).unwrap_err().field,
            Some("queue_url")
        );
        let op = SendMessage::default();
        assert_eq!(
            op.build(&p("/x"), HttpMethod::Post).unwrap_err().field,
            Some("queue")
        );
        let standard = SendMessage {
            queue_arn: Some("arn:aws:sqs:us-east-1:123456789012:plain".into()),
            message_group_id: Some("g".into()),
            ..SendMessage::default()
        };
        assert_eq!(
            standard
                .build(&p("/x"), HttpMethod::Post)
                .unwrap_err()
                .field,
            Some("message_group_id")
        );
    }

    #[test]
    fn queue_arn_of_a_queue_path() {
        assert_eq!(
            queue_arn_of_path("/${AWS::AccountId}/inbox.fifo").as_deref(),
            Some("arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:inbox.fifo")
        );
        assert_eq!(
            queue_arn_of_path("/123456789012/jobs").as_deref(),
            Some("arn:${AWS::Partition}:sqs:${AWS::Region}:123456789012:jobs")
        );
        assert_eq!(queue_arn_of_path("/123456789012/jobs/x"), None);
        assert_eq!(queue_arn_of_path("/{account}/jobs"), None);
        assert_eq!(queue_arn_of_path("/123456789012"), None);
    }
}
