//! Amazon SNS `Publish` through API Gateway's `sns:action/Publish` integration (seed 004).
//!
//! Two forms from the seed: the message from a query string parameter (querystring
//! mappings), or the message from the request body through a form-encoded mapping template.
//! Either way the topic is fixed by the API (an owned topic or an ARN), never by the client,
//! and the execution role may publish to that topic only.

use super::common::{self, Named};
use super::vtl::{self, RequestValue};
use crate::codes;
use crate::model::VecMap;
use crate::model::{
    ApiPath, HttpMethod, Integration, IntegrationParam, Method, OpError, Operation, OwnedKind,
    ParamIn, Passthrough, Permission, RequestParam, RequestSource, Target,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;
use std::collections::BTreeMap;

/// `sns.publish`: publish a message to one topic.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Publish {
    /// A topic the blueprint owns (`owns: { topics: { alerts: {} } }`).
    #[serde(default)]
    pub topic: Option<String>,
    /// Or any topic, by ARN (`arn:aws:sns:us-east-1:123456789012:alerts`; region and account
    /// may be `${AWS::Region}` and `${AWS::AccountId}`, the deployment's own).
    #[serde(default)]
    pub topic_arn: Option<String>,
    /// Where the message comes from: `$body` (default: the whole request body, through a
    /// mapping template) or `querystring.<name>` (the seed's query string form).
    #[serde(default)]
    pub message: Option<String>,
    /// Optional subject: `header.<name>`, `querystring.<name>`, `{param}` or a fixed text.
    #[serde(default)]
    pub subject: Option<String>,
    /// FIFO topics: the message group (`header.<name>`, `{param}` or fixed).
    #[serde(default)]
    pub message_group_id: Option<String>,
    /// FIFO topics: the deduplication id (`header.<name>`, `{param}` or fixed).
    #[serde(default)]
    pub deduplication_id: Option<String>,
    /// String message attributes: attribute name -> `header.<name>`, `{param}` or fixed text.
    #[serde(default)]
    pub message_attributes: BTreeMap<String, String>,
}

impl Publish {
    /// Publish the request body to the owned topic `topic`.
    pub fn to_topic(topic: impl Into<String>) -> Publish {
        Publish {
            topic: Some(topic.into()),
            ..Publish::default()
        }
    }
}

/// `application/x-www-form-urlencoded` encoding of a fixed name, done at synth time.
fn form_encode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'*' => {
                (b as char).to_string()
            }
            b' ' => "+".to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// What SNS requires of a publish to a FIFO topic (an owned `fifo: true` topic or an ARN
/// ending in `.fifo`): a message group, always; and a deduplication id for an owned FIFO
/// topic, which gatewright creates without content-based deduplication. Returns whether the
/// deduplication id is required of every request.
fn check_fifo(op: &Publish, topic: &Named, owned: &crate::model::Owned) -> Result<bool, OpError> {
    let (fifo, owned_fifo) = match topic {
        Named::Owned(n) => {
            let fifo = owned.topics.get(n).is_some_and(|t| t.fifo);
            (fifo, fifo)
        }
        Named::Arn(a) => (
            a.to_string()
                .rsplit(':')
                .next()
                .is_some_and(|n| n.ends_with(".fifo")),
            false,
        ),
    };
    let known = match topic {
        Named::Owned(n) => owned.topics.contains_key(n),
        Named::Arn(_) => true,
    };
    if known && !fifo && op.message_group_id.is_some() {
        return Err(OpError::field(
            codes::ARGUMENT,
            "message_group_id",
            "message groups are for FIFO topics; this topic is a standard one",
        )
        .help("remove `message_group_id`, or publish to a FIFO topic (`fifo: true`, or an ARN ending in `.fifo`)"));
    }
    if fifo && op.message_group_id.is_none() {
        return Err(OpError::field(
            codes::ARGUMENT,
            "message_group_id",
            "SNS refuses every publish to a FIFO topic without a message group",
        )
        .help("give `message_group_id` (`header.X-Group`, `{param}` or fixed)"));
    }
    if owned_fifo && op.deduplication_id.is_none() {
        return Err(OpError::field(
            codes::ARGUMENT,
            "deduplication_id",
            "an owned FIFO topic has no content-based deduplication, so SNS refuses every publish without `deduplication_id`",
        )
        .help("give `deduplication_id` (`header.X-Dedup-Id`, `{param}` or fixed)"));
    }
    Ok(owned_fifo)
}

/// A fixed subject SNS takes: 1 to 100 printable ASCII characters; in the query form, where
/// it is a static mapping value between single quotes, no `'` either.
fn check_fixed_subject(text: &str, query_form: bool) -> Result<(), OpError> {
    let printable = text.bytes().all(|b| (b' '..=b'~').contains(&b));
    if text.is_empty() || text.len() > 100 || !printable || (query_form && text.contains('\'')) {
        return Err(OpError::field(
            codes::ARGUMENT,
            "subject",
            format!(
                "SNS refuses the subject `{text}`: it takes 1 to 100 printable ASCII characters{}",
                if query_form {
                    ", and the query form cannot hold `'`"
                } else {
                    ""
                }
            ),
        )
        .help("shorten the subject, or take it from the request (`header.X-Subject`)"));
    }
    Ok(())
}

impl Operation for Publish {
    fn build_in(
        &self,
        path: &ApiPath,
        verb: HttpMethod,
        owned: &crate::model::Owned,
    ) -> Result<Method, OpError> {
        let topic = Named::from_args(
            self.topic.as_deref(),
            self.topic_arn.as_deref(),
            "topic",
            "topic_arn",
            "sns",
            owned,
        )?;
        let dedup_required = check_fifo(self, &topic, owned)?;
        if let Some(RequestValue::Fixed(text)) = self.subject.as_deref().map(RequestValue::parse) {
            check_fixed_subject(&text, self.message.as_deref().unwrap_or("$body") != "$body")?;
        }
        let arn = topic.arn(OwnedKind::Topic);
        let mut declared = vtl::Declared::new(path);
        let mut mappings = VecMap::new();
        let mut templates = BTreeMap::new();
        let mut declare = |v: &RequestValue, required: bool, field: &'static str| {
            declared.declare(v, required, field)
        };
        let mut passthrough = Passthrough::WhenNoMatch;
        match self.message.as_deref().unwrap_or("$body") {
            "$body" => {
                let subject = self.subject.as_deref().map(RequestValue::parse);
                let group = self.message_group_id.as_deref().map(RequestValue::parse);
                let dedup = self.deduplication_id.as_deref().map(RequestValue::parse);
                let mut optional = Vec::new();
                if let Some(v) = &subject {
                    optional.push(json!({ "var": "subject", "key": "Subject", "expr": declare(v, false, "subject")? }));
                }
                if let Some(v) = &dedup {
                    optional.push(json!({
                        "var": "dedup", "key": "MessageDeduplicationId", "expr": declare(v, dedup_required, "deduplication_id")?,
                    }));
                }
                let attributes = self
                    .message_attributes
                    .iter()
                    .enumerate()
                    .map(|(i, (name, src))| {
                        Ok(json!({
                            "var": format!("attr{}", i + 1),
                            "name": form_encode(name),
                            "expr": declare(&RequestValue::parse(src), false, "message_attributes")?,
                        }))
                    })
                    .collect::<Result<Vec<_>, OpError>>()?;
                let data = json!({
                    "topic_arn": vtl::slot(0),
                    "group_id": group.as_ref().map(|v| declare(v, true, "message_group_id")).transpose()?,
                    "optional": optional,
                    "attributes": attributes,
                });
                let body = vtl::render("sns_publish", &data, std::slice::from_ref(&arn));
                for ct in ["application/json", "text/plain"] {
                    templates.insert(ct.to_string(), body.clone());
                }
                mappings.insert(
                    IntegrationParam::Header("Content-Type".into()),
                    RequestSource::fixed("application/x-www-form-urlencoded"),
                );
                passthrough = Passthrough::Never;
            }
            other => {
                let Some(q) = other
                    .strip_prefix("querystring.")
                    .or_else(|| other.strip_prefix("query."))
                else {
                    return Err(OpError::field(
                        codes::ARGUMENT,
                        "message",
                        format!("`{other}` is not a message source"),
                    )
                    .help("use `$body` (the request body) or `querystring.<name>`"));
                };
                if self.message_group_id.is_some()
                    || self.deduplication_id.is_some()
                    || !self.message_attributes.is_empty()
                {
                    return Err(OpError::field(
                        codes::ARGUMENT,
                        "message",
                        "message group, deduplication id and attributes need the body form (`message: $body`)",
                    ));
                }
                let p = RequestParam::new(ParamIn::Query, q);
                declared.params.insert(p.clone(), true);
                if let Some(subject) = &self.subject {
                    // The query form passes the subject as Publish's `Subject` parameter.
                    let v = RequestValue::parse(subject);
                    declared.declare(&v, false, "subject")?;
                    let source = match v.param() {
                        Some(sp) => RequestSource::Method(sp),
                        None => RequestSource::fixed(subject.clone()),
                    };
                    mappings.insert(IntegrationParam::Query("Subject".into()), source);
                }
                mappings.insert(
                    IntegrationParam::Query("Message".into()),
                    RequestSource::Method(p),
                );
                mappings.insert(
                    IntegrationParam::Query("TopicArn".into()),
                    RequestSource::Static(arn.clone()),
                );
            }
        }
        mappings.insert(
            IntegrationParam::Header("Accept".into()),
            RequestSource::fixed("application/json"),
        );
        let ok = vtl::render(
            "json_message_id",
            &json!({ "response": "PublishResponse", "result": "PublishResult" }),
            &[],
        );
        let permission = Permission::allow(vec!["sns:Publish".into()], vec![arn]);
        let target = Target::Action("Publish".into());
        let integration = Integration {
            request_parameters: mappings,
            request_templates: templates,
            passthrough,
            ..common::integration("sns", target, HttpMethod::Post, Some(ok), vec![permission])
        };
        let summary = "Publish a message to the topic";
        let params = declared.params;
        Ok(common::method(
            path,
            verb,
            "Publish",
            summary,
            params,
            integration,
        ))
    }
}

crate::service_operations! {
    "publish" => Publish => |a: Publish| a, example: ("POST /alerts", "{ topic: alerts, subject: header.X-Subject }"),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    #[test]
    fn body_form_fills_the_topic_at_deploy_time() {
        let m = Publish::to_topic("alerts")
            .build(&p("/alerts"), HttpMethod::Post)
            .unwrap();
        let i = &m.integration;
        assert_eq!(
            i.uri().to_string(),
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:sns:action/Publish"
        );
        assert_eq!(
            i.request_templates["application/json"].to_string(),
            "Action=Publish&TopicArn=$util.urlEncode('${alerts.arn}')&Message=$util.urlEncode($input.body)##"
        );
        assert_eq!(
            i.request_parameters[&IntegrationParam::Header("Content-Type".into())].to_string(),
            "'application/x-www-form-urlencoded'"
        );
        assert_eq!(i.permissions[0].actions, ["sns:Publish"]);
        assert_eq!(i.permissions[0].resources[0].to_string(), "${alerts.arn}");
        assert_eq!(i.passthrough, Passthrough::Never);
    }

    #[test]
    fn query_form_maps_the_message_and_fixes_the_topic() {
        let op = Publish {
            topic_arn: Some("arn:aws:sns:us-east-1:123456789012:test".into()),
            message: Some("querystring.message".into()),
            ..Publish::default()
        };
        let m = op.build(&p("/test"), HttpMethod::Post).unwrap();
        let rp = &m.integration.request_parameters;
        assert_eq!(
            rp[&IntegrationParam::Query("Message".into())].to_string(),
            "method.request.querystring.message"
        );
        assert_eq!(
            rp[&IntegrationParam::Query("TopicArn".into())].to_string(),
            "'arn:aws:sns:us-east-1:123456789012:test'"
        );
        assert!(m.request_parameters[&RequestParam::new(ParamIn::Query, "message")]);
        assert!(m.integration.request_templates.is_empty());
    }

    #[test]
    fn subject_group_and_attributes_come_from_the_request() {
        let mut attrs = BTreeMap::new();
        attrs.insert("source".to_string(), "header.X-Source".to_string());
        let op = Publish {
            subject: Some("header.X-Subject".into()),
            message_group_id: Some("{tenant}".into()),
            message_attributes: attrs,
            ..Publish::to_topic("orders")
        };
        let m = op.build(&p("/orders/{tenant}"), HttpMethod::Post).unwrap();
        let t = m.integration.request_templates["application/json"].to_string();
        assert!(
            t.starts_with(
                "#set($subject = $input.params().header.get('X-Subject'))Action=Publish&"
            ),
            "{t}"
        );
        assert!(
            t.contains(r#"#if("$!subject" != "")&Subject=$util.urlEncode($subject)#{end}"#),
            "{t}"
        );
        assert!(
            t.contains("&MessageGroupId=$util.urlEncode($input.params().path.get('tenant'))"),
            "{t}"
        );
        assert!(
            t.contains("#set($attr1 = $input.params().header.get('X-Source'))"),
            "{t}"
        );
        assert!(
            t.contains("&MessageAttributes.entry.${n}.Name=source&"),
            "{t}"
        );
        assert!(t.ends_with("##"));
        assert!(
            m.request_parameters
                .contains_key(&RequestParam::new(ParamIn::Header, "X-Subject"))
        );
    }

    #[test]
    fn fifo_topics_need_what_sns_requires() {
        let mut owned = crate::model::Owned::default();
        owned.topics.insert(
            "events".into(),
            crate::model::Topic {
                fifo: true,
                ..Default::default()
            },
        );
        let path = p("/events/{tenant}");
        let post = HttpMethod::Post;
        let e = Publish::to_topic("events")
            .build_in(&path, post, &owned)
            .unwrap_err();
        assert_eq!(e.field, Some("message_group_id"));
        let grouped = Publish {
            message_group_id: Some("{tenant}".into()),
            ..Publish::to_topic("events")
        };
        let e = grouped.build_in(&path, post, &owned).unwrap_err();
        assert_eq!(e.field, Some("deduplication_id"));
        let full = Publish {
            deduplication_id: Some("header.X-Dedup-Id".into()),
            ..grouped.clone()
        };
        let m = full.build_in(&path, post, &owned).unwrap();
        // Owned FIFO topics have no content-based deduplication: every request carries the id.
        assert!(m.request_parameters[&RequestParam::new(ParamIn::Header, "X-Dedup-Id")]);
        // A FIFO topic by ARN may deduplicate by content; the message group is still needed.
        let arn = Publish {
            topic_arn: Some("arn:aws:sns:us-east-1:123456789012:events.fifo".into()),
            ..Publish::default()
        };
        let e = arn.build(&path, post).unwrap_err();
        assert_eq!(e.field, Some("message_group_id"));
        let arn = Publish {
            message_group_id: Some("fixed".into()),
            deduplication_id: Some("header.X-Dedup-Id".into()),
            ..arn
        };
        let m = arn.build(&path, post).unwrap();
        assert!(!m.request_parameters[&RequestParam::new(ParamIn::Header, "X-Dedup-Id")]);
        let query = Publish {
            message: Some("querystring.m".into()),
            deduplication_id: Some("header.X-Dedup-Id".into()),
            ..Publish::to_topic("alerts")
        };
        assert_eq!(query.build(&path, post).unwrap_err().field, Some("message"));
    }

    #[test]
    fn refuses_ambiguous_or_bad_topics() {
        let both = Publish {
            topic: Some("a".into()),
            topic_arn: Some("arn:aws:sns:us-east-1:1:a".into()),
            ..Publish::default()
        };
        assert_eq!(
            both.build(&p("/x"), HttpMethod::Post).unwrap_err().field,
            Some("topic")
        );
        let bad = Publish {
            topic_arn: Some("arn:aws:sqs:us-east-1:1:a".into()),
            ..Publish::default()
        };
        assert_eq!(
            bad.build(&p("/x"), HttpMethod::Post).unwrap_err().field,
            Some("topic_arn")
        );
        let group = Publish {
            message_group_id: Some("{nope}".into()),
            ..Publish::to_topic("t")
        };
        assert_eq!(
            group.build(&p("/x"), HttpMethod::Post).unwrap_err().code,
            codes::UNKNOWN_PATH_PARAM
        );
    }
}
