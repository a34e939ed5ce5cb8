//! Amazon Data Firehose `PutRecord` and `PutRecordBatch` through API Gateway's
//! `firehose:action/<Action>` integration (JSON protocol).
//!
//! The delivery stream is fixed by the API (an owned delivery stream or an ARN). A record is
//! the request body (or, in a batch, the JSON of each element of an array in the body), with
//! a newline after it by default so the objects Firehose delivers hold one record a line,
//! base64-encoded in the mapping template. The execution role may put records into that
//! delivery stream only.

use super::common::{self, Named};
use super::records;
use super::vtl;
use crate::codes;
use crate::model::owned::text_ref;
use crate::model::{
    ApiPath, Attr, HttpMethod, Method, OpError, Operation, Owned, OwnedKind, Permission, Text,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

/// The `X-Amz-Target` prefix of Firehose actions.
const TARGET: &str = "Firehose_20150804";

/// The status a batch answers when some of its records failed.
pub const PARTIAL_FAILURE_STATUS: u16 = 500;

/// `firehose.put_record`: put the request body into a delivery stream as one record.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutRecord {
    /// A delivery stream the blueprint owns (`owns: { delivery_streams: { events: {...} } }`).
    #[serde(default)]
    pub delivery_stream: Option<String>,
    /// Or any delivery stream, by ARN
    /// (`arn:aws:firehose:us-east-1:123456789012:deliverystream/events`).
    #[serde(default)]
    pub delivery_stream_arn: Option<String>,
    /// Add a newline after the record (default true), so delivered objects hold one record
    /// a line.
    #[serde(default)]
    pub newline: Option<bool>,
}

/// `firehose.put_record_batch`: put each element of a JSON array in the body into a
/// delivery stream.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutRecordBatch {
    /// A delivery stream the blueprint owns.
    #[serde(default)]
    pub delivery_stream: Option<String>,
    /// Or any delivery stream, by ARN.
    #[serde(default)]
    pub delivery_stream_arn: Option<String>,
    /// Where the records are in the JSON body: `$.records` (default) or `$` (the body is
    /// the array). 1 to 500 records a request, as Firehose takes.
    #[serde(default)]
    pub records: Option<String>,
    /// The field of each record whose JSON is delivered, or `$` (default) for the whole
    /// record.
    #[serde(default)]
    pub data: Option<String>,
    /// Add a newline after each record (default true).
    #[serde(default)]
    pub newline: Option<bool>,
}

impl PutRecord {
    /// Put the request body into the owned delivery stream `name`.
    pub fn to_delivery_stream(name: impl Into<String>) -> PutRecord {
        PutRecord {
            delivery_stream: Some(name.into()),
            ..PutRecord::default()
        }
    }
}

impl PutRecordBatch {
    /// Put the records of the body's `records` array into the owned delivery stream `name`.
    pub fn to_delivery_stream(name: impl Into<String>) -> PutRecordBatch {
        PutRecordBatch {
            delivery_stream: Some(name.into()),
            ..PutRecordBatch::default()
        }
    }
}

/// The delivery stream's name for the request (`DeliveryStreamName`) and the permission to
/// do `action` on it.
fn target(
    name: Option<&str>,
    arn: Option<&str>,
    action: &str,
    owned: &Owned,
) -> Result<(Text, Vec<Permission>), OpError> {
    let named = Named::from_args(
        name,
        arn,
        "delivery_stream",
        "delivery_stream_arn",
        "firehose",
        owned,
    )?;
    let stream_name = match &named {
        Named::Owned(n) => text_ref(OwnedKind::DeliveryStream, n, Attr::Name),
        Named::Arn(a) => {
            // Firehose's requests name the stream; its ARN ends in `deliverystream/<name>`.
            let s = a.to_string();
            match s.rsplit_once(":deliverystream/") {
                Some((_, n)) if !n.is_empty() && !n.contains(['$', '/', ':']) => Text::lit(n),
                _ => {
                    return Err(OpError::field(
                        codes::ARGUMENT,
                        "delivery_stream_arn",
                        format!("`{s}` is not a Firehose delivery stream ARN"),
                    )
                    .help("write arn:aws:firehose:<region>:<account>:deliverystream/<name>"));
                }
            }
        }
    };
    let permission = Permission::allow(
        vec![format!("firehose:{action}")],
        vec![named.arn(OwnedKind::DeliveryStream)],
    );
    Ok((stream_name, vec![permission]))
}

/// The text after each record: a newline unless turned off.
fn separator(newline: Option<bool>) -> &'static str {
    if newline.unwrap_or(true) { "\n" } else { "" }
}

impl Operation for PutRecord {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let (name, permissions) = target(
            self.delivery_stream.as_deref(),
            self.delivery_stream_arn.as_deref(),
            "PutRecord",
            owned,
        )?;
        let data = json!({ "stream": vtl::slot(0), "separator": separator(self.newline) });
        let template = vtl::render("firehose_put_record", &data, &[name]);
        let ok = vtl::render("firehose_put_record_ok", &json!({}), &[]);
        let integration =
            records::integration("firehose", TARGET, "PutRecord", template, ok, permissions);
        Ok(common::method(
            path,
            verb,
            "PutRecord",
            "Put the request body into the delivery stream as one record",
            Default::default(),
            integration,
        ))
    }
}

impl Operation for PutRecordBatch {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let (name, permissions) = target(
            self.delivery_stream.as_deref(),
            self.delivery_stream_arn.as_deref(),
            "PutRecordBatch",
            owned,
        )?;
        let records_at = records::records_path(self.records.as_deref())?;
        let field = records::record_field(self.data.as_deref().unwrap_or("$"), "data")?;
        let data = json!({
            "stream": vtl::slot(0), "records": records_at, "data": field,
            "separator": separator(self.newline),
        });
        let template = vtl::render("firehose_put_record_batch", &data, &[name]);
        let ok = vtl::render(
            "firehose_put_record_batch_ok",
            &json!({ "status": PARTIAL_FAILURE_STATUS }),
            &[],
        );
        let integration = records::integration(
            "firehose",
            TARGET,
            "PutRecordBatch",
            template,
            ok,
            permissions,
        );
        Ok(common::method(
            path,
            verb,
            "PutRecordBatch",
            "Put each record of the body into the delivery stream",
            Default::default(),
            integration,
        ))
    }
}

crate::service_operations! {
    "put_record" => PutRecord => |a: PutRecord| a, example: ("POST /events", "{ delivery_stream: events }"),
    "put_record_batch" => PutRecordBatch => |a: PutRecordBatch| a, example: ("POST /events/batch", "{ delivery_stream: events }"),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    #[test]
    fn put_record_sends_the_body_and_a_newline() {
        let m = PutRecord::to_delivery_stream("events")
            .build(&p("/events"), HttpMethod::Post)
            .unwrap();
        let i = &m.integration;
        assert_eq!(i.uri_suffix().to_string(), "firehose:action/PutRecord");
        assert_eq!(
            i.request_templates["application/json"].to_string(),
            "#set($data = \"$input.body\n\")\n{\"DeliveryStreamName\": \"${events.name}\", \"Record\": {\"Data\": \"$util.base64Encode($data)\"}}"
        );
        assert_eq!(i.permissions[0].actions, ["firehose:PutRecord"]);
        assert_eq!(i.permissions[0].resources[0].to_string(), "${events.arn}");
        let bare = PutRecord {
            newline: Some(false),
            ..PutRecord::to_delivery_stream("events")
        };
        let m = bare.build(&p("/events"), HttpMethod::Post).unwrap();
        assert!(
            m.integration.request_templates["text/plain"]
                .to_string()
                .starts_with("#set($data = \"$input.body\")")
        );
    }

    #[test]
    fn batch_by_arn_names_the_stream_and_reports_failures() {
        let op = PutRecordBatch {
            delivery_stream_arn: Some(
                "arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/legacy"
                    .into(),
            ),
            data: Some("event".into()),
            ..PutRecordBatch::default()
        };
        let m = op.build(&p("/batch"), HttpMethod::Post).unwrap();
        let t = m.integration.request_templates["application/json"].to_string();
        assert!(
            t.contains("{\"DeliveryStreamName\": \"legacy\", \"Records\": ["),
            "{t}"
        );
        assert!(t.contains("#set($d = \"$.records[$i].event\")"), "{t}");
        assert_eq!(
            m.integration.permissions[0].resources[0].to_string(),
            "arn:${AWS::Partition}:firehose:${AWS::Region}:${AWS::AccountId}:deliverystream/legacy"
        );
        assert_eq!(
            m.integration.permissions[0].actions,
            ["firehose:PutRecordBatch"]
        );
        let ok = m.integration.responses[0].templates["application/json"].to_string();
        assert!(ok.contains("$input.path('$.FailedPutCount')"), "{ok}");
        assert!(ok.contains("responseOverride.status = 500"), "{ok}");
    }

    #[test]
    fn refuses_bad_streams() {
        let field = |op: &dyn Operation| op.build(&p("/x"), HttpMethod::Post).unwrap_err().field;
        assert_eq!(field(&PutRecord::default()), Some("delivery_stream"));
        let stream_arn = PutRecord {
            delivery_stream_arn: Some("arn:aws:firehose:us-east-1:123456789012:stream/x".into()),
            ..PutRecord::default()
        };
        assert_eq!(field(&stream_arn), Some("delivery_stream_arn"));
        let bad_data = PutRecordBatch {
            data: Some("a b".into()),
            ..PutRecordBatch::to_delivery_stream("events")
        };
        assert_eq!(field(&bad_data), Some("data"));
    }
}
