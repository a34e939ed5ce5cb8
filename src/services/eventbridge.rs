//! Amazon EventBridge `PutEvents` through API Gateway's `events:action/PutEvents`
//! integration: the request body becomes an event's detail (or, in batch mode, each element
//! of a JSON array body one event), on an owned bus, the account's default bus or a bus by
//! ARN. An answer with failed entries is an error; the role may put events on that bus only.

use super::common;
use super::stepfunctions::json_string;
use super::vtl::{self, RequestValue};
use crate::codes;
use crate::model::VecMap;
use crate::model::reference::{self, Place};
use crate::model::{
    ApiPath, Attr, HttpMethod, Integration, IntegrationParam, Method, OpError, Operation, Owned,
    OwnedKind, Passthrough, Permission, Pseudo, RequestSource, Target, Text,
};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Most entries one `PutEvents` call takes.
pub const MAX_ENTRIES: usize = 10;

/// `eventbridge.put_events`: put the request body on an event bus as an event's detail.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutEvents {
    /// An event bus the blueprint owns, or `default` (the account's default bus). Default
    /// `default`.
    #[serde(default)]
    pub bus: Option<String>,
    /// Or any bus, by ARN (`arn:aws:events:<region>:<account>:event-bus/<name>`).
    #[serde(default)]
    pub bus_arn: Option<String>,
    /// The event's source: fixed (`com.example.orders`), `header.<name>`, `{param}` or
    /// `querystring.<name>`.
    pub source: String,
    /// The event's detail type, fixed or from the request as `source` is.
    pub detail_type: String,
    /// The detail as a mapping template that writes JSON (default: the request body).
    #[serde(default)]
    pub detail: Option<String>,
    /// The body is a JSON array, each element the detail of one event (up to 10).
    #[serde(default)]
    pub batch: bool,
}

impl PutEvents {
    /// Put the request body on the owned bus `bus` with this source and detail type.
    pub fn on(bus: impl Into<String>, source: &str, detail_type: &str) -> PutEvents {
        PutEvents {
            bus: Some(bus.into()),
            source: source.into(),
            detail_type: detail_type.into(),
            ..PutEvents::default()
        }
    }
}

/// The bus's name (as entries give it) and ARN (as the role grants it).
fn bus(op: &PutEvents, owned: &Owned) -> Result<(Text, Text), OpError> {
    match (op.bus.as_deref(), op.bus_arn.as_deref()) {
        (None | Some("default"), None) => {
            let mut arn = Text::lit("arn:");
            arn.push(Pseudo::Partition)
                .push_str(":events:")
                .push(Pseudo::Region)
                .push_str(":")
                .push(Pseudo::AccountId)
                .push_str(":event-bus/default");
            Ok((Text::lit("default"), arn))
        }
        (Some(name), None) => Ok((
            crate::model::owned::text_ref(OwnedKind::EventBus, name, Attr::Name),
            crate::model::owned::text_ref(OwnedKind::EventBus, name, Attr::Arn),
        )),
        (None, Some(a)) => {
            let bad = || {
                OpError::field(
                    codes::ARGUMENT,
                    "bus_arn",
                    format!("`{a}` is not an event bus ARN"),
                )
                .help("write arn:aws:events:<region>:<account>:event-bus/<name>")
            };
            let Some((text, f)) = common::arn_fields(a, "bus_arn", owned)? else {
                return Err(bad());
            };
            let is_bus = f[5]
                .as_literal()
                .is_some_and(|r| r.strip_prefix("event-bus/").is_some_and(|n| !n.is_empty()));
            if f[2].as_literal().as_deref() != Some("events") || !is_bus {
                return Err(bad());
            }
            Ok((text.clone(), text))
        }
        (Some(_), Some(_)) => Err(OpError::field(
            codes::ARGUMENT,
            "bus",
            "name the bus with one of `bus` (owned, or `default`) or `bus_arn`",
        )),
    }
}

/// The answer: EventBridge's, with 500 when any entry failed.
fn answer() -> Text {
    Text::lit(
        "#set($failed = $input.path('$.FailedEntryCount'))\n\
         #if($failed && $failed > 0)#set($context.responseOverride.status = 500)#end\n\
         $input.json('$')",
    )
}

impl Operation for PutEvents {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let (bus_name, bus_arn) = bus(self, owned)?;
        let mut declared = vtl::Declared::new(path);
        let mut value = |src: &str, field: &'static str| -> Result<String, OpError> {
            if src.trim().is_empty() {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    field,
                    format!("`{field}` is empty"),
                ));
            }
            declared.declare(&RequestValue::parse(src), true, field)
        };
        let source = value(&self.source, "source")?;
        let detail_type = value(&self.detail_type, "detail_type")?;
        let mut t = Text::default();
        let detail_expr = match (&self.detail, self.batch) {
            (Some(_), true) => {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "detail",
                    "in batch mode each element of the body is one detail; `detail` cannot apply",
                )
                .help("remove `detail`, or `batch`"));
            }
            (Some(tpl), false) => {
                let body = reference::parse(tpl, Place::Template, owned)
                    .map_err(|e| e.into_op_error("detail"))?;
                // Rendered into a string before a method takes it, as Velocity needs.
                t.push_str("#define($eventDetail)");
                t.append(&body);
                t.push_str("#end\n#set($eventDetailText = \"$eventDetail\")\n");
                "$eventDetailText".to_string()
            }
            (None, false) => "$input.json('$')".to_string(),
            (None, true) => "$input.json(\"$[$foreach.index]\")".to_string(),
        };
        t.push_str("{\"Entries\": [");
        if self.batch {
            t.push_str("#foreach($entry in $input.path('$'))");
        }
        t.push_str("{\"EventBusName\": \"");
        t.append(&bus_name);
        t.push_str(&format!(
            "\", \"Source\": {}, \"DetailType\": {}, \"Detail\": {}}}",
            json_string(&source),
            json_string(&detail_type),
            json_string(&detail_expr)
        ));
        if self.batch {
            t.push_str("#if($foreach.hasNext), #end#end");
        }
        t.push_str("]}");
        let mut templates = BTreeMap::new();
        templates.insert("application/json".to_string(), t);
        let mut mappings = VecMap::new();
        mappings.insert(
            IntegrationParam::Header("X-Amz-Target".into()),
            RequestSource::fixed("AWSEvents.PutEvents"),
        );
        mappings.insert(
            IntegrationParam::Header("Content-Type".into()),
            RequestSource::fixed("application/x-amz-json-1.1"),
        );
        let permission = Permission::allow(vec!["events:PutEvents".into()], vec![bus_arn]);
        let integration = Integration {
            request_parameters: mappings,
            request_templates: templates,
            passthrough: Passthrough::Never,
            ..common::integration(
                "events",
                Target::Action("PutEvents".into()),
                HttpMethod::Post,
                Some(answer()),
                vec![permission],
            )
        };
        let summary = if self.batch {
            "Put each element of the body on the event bus as an event"
        } else {
            "Put the request body on the event bus as an event"
        };
        Ok(common::method(
            path,
            verb,
            "PutEvents",
            summary,
            declared.params,
            integration,
        ))
    }
}

crate::service_operations! {
    "put_events" => PutEvents => |a: PutEvents| a, example: ("POST /orders/events", "{ bus: orders, source: com.example.orders, detail_type: OrderPlaced }"),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    #[test]
    fn owned_bus_entry_and_exact_grant() {
        let m = PutEvents::on("orders", "com.example.orders", "header.X-Detail-Type")
            .build(&p("/events"), HttpMethod::Post)
            .unwrap();
        let i = &m.integration;
        assert_eq!(
            i.uri().to_string(),
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:events:action/PutEvents"
        );
        let t = i.request_templates["application/json"].to_string();
        assert!(
            t.starts_with("{\"Entries\": [{\"EventBusName\": \"${orders.name}\""),
            "{t}"
        );
        assert!(
            t.contains("\"Source\": \"$util.escapeJavaScript('com.example.orders')"),
            "{t}"
        );
        assert!(
            t.contains("$util.escapeJavaScript($input.params().header.get('X-Detail-Type'))"),
            "{t}"
        );
        assert_eq!(i.permissions[0].actions, ["events:PutEvents"]);
        assert_eq!(i.permissions[0].resources[0].to_string(), "${orders.arn}");
        let ok = i.responses[0].templates["application/json"].to_string();
        assert!(ok.contains("responseOverride.status = 500"), "{ok}");
    }

    #[test]
    fn default_bus_batches_and_refuses_bad_arguments() {
        let op = PutEvents {
            batch: true,
            ..PutEvents::on("default", "shop", "Placed")
        };
        let m = op.build(&p("/events"), HttpMethod::Post).unwrap();
        let t = m.integration.request_templates["application/json"].to_string();
        assert!(t.contains("#foreach($entry in $input.path('$'))"), "{t}");
        assert!(t.contains("\"EventBusName\": \"default\""), "{t}");
        assert_eq!(
            m.integration.permissions[0].resources[0].to_string(),
            "arn:${AWS::Partition}:events:${AWS::Region}:${AWS::AccountId}:event-bus/default"
        );
        let bad = PutEvents {
            detail: Some("{}".into()),
            ..op
        };
        assert_eq!(
            bad.build(&p("/e"), HttpMethod::Post).unwrap_err().field,
            Some("detail")
        );
        let bad = PutEvents {
            bus: None,
            bus_arn: Some("arn:aws:sqs:us-east-1:123456789012:q".into()),
            ..PutEvents::on("x", "s", "d")
        };
        assert_eq!(
            bad.build(&p("/e"), HttpMethod::Post).unwrap_err().field,
            Some("bus_arn")
        );
        let bad = PutEvents::on("orders", "s", "{missing}");
        assert!(bad.build(&p("/e"), HttpMethod::Post).is_err());
    }
}
