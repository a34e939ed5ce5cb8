//! Amazon Kinesis Data Streams `PutRecord` and `PutRecords` through API Gateway's
//! `kinesis:action/<Action>` integration (JSON protocol).
//!
//! The stream is fixed by the API (an owned stream or an ARN), never chosen by the client.
//! A single record's data is the request body, base64-encoded in the mapping template as
//! Kinesis wants; a batch takes its records from a JSON array in the body. The execution role
//! may put records on that stream only (and generate data keys with its customer KMS key,
//! when it has one).

use super::common::{self, Named};
use super::records;
use super::vtl::{self, Declared};
use crate::codes;
use crate::model::policy::{Condition, OneOrMany};
use crate::model::{
    ApiPath, Attr, HttpMethod, Method, OpError, Operation, Owned, OwnedKind, Permission, Pseudo,
    Text,
};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

/// The `X-Amz-Target` prefix of Kinesis Data Streams actions.
const TARGET: &str = "Kinesis_20131202";

/// The status a batch answers when some of its records failed.
pub const PARTIAL_FAILURE_STATUS: u16 = 500;

/// `kinesis.put_record`: put the request body on a stream as one record.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutRecord {
    /// A stream the blueprint owns (`owns: { streams: { clicks: {} } }`).
    #[serde(default)]
    pub stream: Option<String>,
    /// Or any stream, by ARN (`arn:aws:kinesis:us-east-1:123456789012:stream/clicks`; region
    /// and account may be `${AWS::Region}` and `${AWS::AccountId}`).
    #[serde(default)]
    pub stream_arn: Option<String>,
    /// The partition key: `header.<name>`, `querystring.<name>`, `{param}`, `body.<field>`
    /// (a field of the JSON body), `$request_id` (default: API Gateway's request id, which
    /// spreads records evenly over the shards) or a fixed text.
    #[serde(default)]
    pub partition_key: Option<String>,
    /// With `stream_arn`: the customer KMS key the stream is encrypted with (key ARN), so
    /// the role may generate data keys with it. Owned streams know their key.
    #[serde(default)]
    pub kms_key_arn: Option<String>,
}

/// `kinesis.put_records`: put each element of a JSON array in the body on a stream.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutRecords {
    /// A stream the blueprint owns.
    #[serde(default)]
    pub stream: Option<String>,
    /// Or any stream, by ARN.
    #[serde(default)]
    pub stream_arn: Option<String>,
    /// Where the records are in the JSON body: `$.records` (default) or `$` (the body is
    /// the array). 1 to 500 records a request, as Kinesis takes.
    #[serde(default)]
    pub records: Option<String>,
    /// The field of each record whose JSON becomes the record's data (default `data`), or
    /// `$` for the whole record.
    #[serde(default)]
    pub data: Option<String>,
    /// Each record's partition key: `record.<field>` (default `record.partition_key`), or one
    /// key for all the records (`header.<name>`, `{param}`, `$request_id`, fixed text).
    #[serde(default)]
    pub partition_key: Option<String>,
    /// With `stream_arn`: the customer KMS key the stream is encrypted with (key ARN).
    #[serde(default)]
    pub kms_key_arn: Option<String>,
}

impl PutRecord {
    /// Put the request body on the owned stream `stream`.
    pub fn to_stream(stream: impl Into<String>) -> PutRecord {
        PutRecord {
            stream: Some(stream.into()),
            ..PutRecord::default()
        }
    }
}

impl PutRecords {
    /// Put the records of the body's `records` array on the owned stream `stream`.
    pub fn to_stream(stream: impl Into<String>) -> PutRecords {
        PutRecords {
            stream: Some(stream.into()),
            ..PutRecords::default()
        }
    }
}

/// The stream a call names: the request field and value that name it, and what the role
/// must be allowed.
struct StreamAt {
    field: &'static str,
    value: Text,
    permissions: Vec<Permission>,
}

/// An ARN of a KMS key in the deployment's account and region: `arn:...:kms:...:<what>`.
fn kms_arn(what: &str) -> Text {
    let mut t = Text::lit("arn:");
    t.push(Pseudo::Partition)
        .push_str(":kms:")
        .push(Pseudo::Region)
        .push_str(":")
        .push(Pseudo::AccountId)
        .push_str(&format!(":{what}"));
    t
}

/// `kms:GenerateDataKey` on the customer key `key` (an ARN, a key id, or an alias: IAM
/// matches keys, not aliases, so an alias is granted on keys of the account that carry it).
fn kms_permission(key: &str) -> Permission {
    let action = vec!["kms:GenerateDataKey".to_string()];
    if key.starts_with("arn:") && !key.contains(":alias/") {
        return Permission::allow(action, vec![Text::lit(key)]);
    }
    if let Some(alias) = key
        .strip_prefix("alias/")
        .map(|a| format!("alias/{a}"))
        .or_else(|| key.split_once(":alias/").map(|(_, a)| format!("alias/{a}")))
    {
        let mut p = Permission::allow(action, vec![kms_arn("key/*")]);
        p.conditions.push(Condition {
            operator: "ForAnyValue:StringEquals".into(),
            key: "kms:ResourceAliases".into(),
            values: OneOrMany::One(Text::lit(alias)),
        });
        return p;
    }
    Permission::allow(action, vec![kms_arn(&format!("key/{key}"))])
}

fn stream_at(
    stream: Option<&str>,
    stream_arn: Option<&str>,
    kms_key_arn: Option<&str>,
    action: &str,
    owned: &Owned,
) -> Result<StreamAt, OpError> {
    let named = Named::from_args(stream, stream_arn, "stream", "stream_arn", "kinesis", owned)?;
    let (field, value, key) = match &named {
        Named::Owned(n) => {
            if kms_key_arn.is_some() {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "kms_key_arn",
                    "an owned stream knows its key; `kms_key_arn` is for streams named by ARN",
                )
                .help("set `kms_key` on the stream under `owns: { streams: ... }` instead"));
            }
            let key = owned
                .streams
                .get(n)
                .and_then(|s| s.customer_key())
                .map(str::to_string);
            (
                "StreamName",
                crate::model::owned::text_ref(OwnedKind::Stream, n, Attr::Name),
                key,
            )
        }
        Named::Arn(a) => {
            if !a.to_string().contains(":stream/") {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "stream_arn",
                    format!("`{a}` is not a Kinesis stream ARN"),
                )
                .help("write arn:aws:kinesis:<region>:<account>:stream/<name>"));
            }
            if let Some(k) = kms_key_arn
                && !(k.starts_with("arn:") && k.contains(":kms:"))
            {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "kms_key_arn",
                    format!("`{k}` is not a KMS key ARN"),
                ));
            }
            ("StreamARN", a.clone(), kms_key_arn.map(str::to_string))
        }
    };
    let mut permissions = vec![Permission::allow(
        vec![format!("kinesis:{action}")],
        vec![named.arn(OwnedKind::Stream)],
    )];
    permissions.extend(key.as_deref().map(kms_permission));
    Ok(StreamAt {
        field,
        value,
        permissions,
    })
}

impl Operation for PutRecord {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let at = stream_at(
            self.stream.as_deref(),
            self.stream_arn.as_deref(),
            self.kms_key_arn.as_deref(),
            "PutRecord",
            owned,
        )?;
        let mut declared = Declared::new(path);
        let key = records::request_value(
            self.partition_key.as_deref().unwrap_or("$request_id"),
            &mut declared,
            "partition_key",
        )?;
        let data = json!({ "stream_field": at.field, "stream": vtl::slot(0), "key": key });
        let template = vtl::render("kinesis_put_record", &data, &[at.value]);
        let ok = vtl::render("kinesis_put_record_ok", &json!({}), &[]);
        let integration =
            records::integration("kinesis", TARGET, "PutRecord", template, ok, at.permissions);
        Ok(common::method(
            path,
            verb,
            "PutRecord",
            "Put the request body on the stream as one record",
            declared.params,
            integration,
        ))
    }
}

impl Operation for PutRecords {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let at = stream_at(
            self.stream.as_deref(),
            self.stream_arn.as_deref(),
            self.kms_key_arn.as_deref(),
            "PutRecords",
            owned,
        )?;
        let records_at = records::records_path(self.records.as_deref())?;
        let data = records::record_field(self.data.as_deref().unwrap_or("data"), "data")?;
        let mut declared = Declared::new(path);
        let key_src = self
            .partition_key
            .as_deref()
            .unwrap_or("record.partition_key");
        let key = match key_src.strip_prefix("record.") {
            Some(f) => {
                let suffix = records::record_field(f, "partition_key")?;
                format!("$input.path(\"{records_at}[$i]{suffix}\")")
            }
            None => records::request_value(key_src, &mut declared, "partition_key")?,
        };
        let values = json!({
            "stream_field": at.field, "stream": vtl::slot(0), "records": records_at,
            "data": data, "key": key,
        });
        let template = vtl::render("kinesis_put_records", &values, &[at.value]);
        let ok = vtl::render(
            "kinesis_put_records_ok",
            &json!({ "status": PARTIAL_FAILURE_STATUS }),
            &[],
        );
        let integration = records::integration(
            "kinesis",
            TARGET,
            "PutRecords",
            template,
            ok,
            at.permissions,
        );
        Ok(common::method(
            path,
            verb,
            "PutRecords",
            "Put each record of the body on the stream",
            declared.params,
            integration,
        ))
    }
}

crate::service_operations! {
    "put_record" => PutRecord => |a: PutRecord| a, example: ("POST /clicks/{user}", "{ stream: clicks, partition_key: \"{user}\" }"),
    "put_records" => PutRecords => |a: PutRecords| a, example: ("POST /clicks", "{ stream: clicks }"),
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{IntegrationParam, ParamIn, RequestParam, Stream};

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    #[test]
    fn put_record_sends_the_body_base64_to_the_owned_stream() {
        let op = PutRecord {
            partition_key: Some("{user}".into()),
            ..PutRecord::to_stream("clicks")
        };
        let m = op.build(&p("/clicks/{user}"), HttpMethod::Post).unwrap();
        let i = &m.integration;
        assert_eq!(
            i.uri().to_string(),
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:kinesis:action/PutRecord"
        );
        assert_eq!(
            i.request_parameters[&IntegrationParam::Header("X-Amz-Target".into())].to_string(),
            "'Kinesis_20131202.PutRecord'"
        );
        let t = i.request_templates["application/json"].to_string();
        assert_eq!(
            t,
            "#set($key = $input.params().path.get('user'))\n{\"StreamName\": \"${clicks.name}\", \"PartitionKey\": \"$util.escapeJavaScript($key).replaceAll(\"\\\\'\", \"'\")\", \"Data\": \"$util.base64Encode($input.body)\"}"
        );
        assert_eq!(i.permissions.len(), 1);
        assert_eq!(i.permissions[0].actions, ["kinesis:PutRecord"]);
        assert_eq!(i.permissions[0].resources[0].to_string(), "${clicks.arn}");
        assert!(m.request_parameters[&RequestParam::new(ParamIn::Path, "user")]);
    }

    #[test]
    fn default_partition_key_is_the_request_id() {
        let m = PutRecord::to_stream("clicks")
            .build(&p("/clicks"), HttpMethod::Post)
            .unwrap();
        let t = m.integration.request_templates["text/plain"].to_string();
        assert!(t.starts_with("#set($key = $context.requestId)"), "{t}");
        assert!(m.request_parameters.is_empty());
    }

    #[test]
    fn a_customer_key_is_granted_for_data_keys() {
        let mut owned = Owned::default();
        owned.streams.insert(
            "clicks".into(),
            Stream {
                kms_key: Some("alias/clicks".into()),
                ..Stream::default()
            },
        );
        let m = PutRecords::to_stream("clicks")
            .build_in(&p("/clicks"), HttpMethod::Post, &owned)
            .unwrap();
        let perms = &m.integration.permissions;
        assert_eq!(perms.len(), 2);
        assert_eq!(perms[1].actions, ["kms:GenerateDataKey"]);
        assert_eq!(
            perms[1].resources[0].to_string(),
            "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:key/*"
        );
        assert_eq!(perms[1].conditions[0].key, "kms:ResourceAliases");
        let by_arn = PutRecord {
            stream_arn: Some("arn:aws:kinesis:eu-west-1:123456789012:stream/legacy".into()),
            kms_key_arn: Some(
                "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
                    .into(),
            ),
            ..PutRecord::default()
        };
        let m = by_arn.build(&p("/x"), HttpMethod::Post).unwrap();
        let perms = &m.integration.permissions;
        assert_eq!(
            perms[0].resources[0].to_string(),
            "arn:aws:kinesis:eu-west-1:123456789012:stream/legacy"
        );
        assert_eq!(
            perms[1].resources[0].to_string(),
            "arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
        );
        assert!(
            m.integration.request_templates["application/json"]
                .to_string()
                .contains(
                    "\"StreamARN\": \"arn:aws:kinesis:eu-west-1:123456789012:stream/legacy\""
                )
        );
        // The AWS managed key needs no grant.
        assert!(
            kms_permission("key-id").resources[0]
                .to_string()
                .ends_with(":key/key-id")
        );
        owned.streams.get_mut("clicks").unwrap().kms_key = None;
        let m = PutRecord::to_stream("clicks")
            .build_in(&p("/c"), HttpMethod::Post, &owned)
            .unwrap();
        assert_eq!(m.integration.permissions.len(), 1);
    }

    #[test]
    fn put_records_reads_each_record_and_reports_failures() {
        let op = PutRecords {
            records: Some("$".into()),
            data: Some("payload".into()),
            partition_key: Some("record.user.id".into()),
            ..PutRecords::to_stream("clicks")
        };
        let m = op.build(&p("/clicks"), HttpMethod::Post).unwrap();
        let t = m.integration.request_templates["application/json"].to_string();
        assert!(t.contains("#set($n = $input.path('$').size())"), "{t}");
        assert!(t.contains("#set($d = \"$[$i].payload\")"), "{t}");
        assert!(
            t.contains("#set($key = $input.path(\"$[$i].user.id\"))"),
            "{t}"
        );
        assert!(
            t.contains("\"Data\": \"$util.base64Encode($input.json($d))\""),
            "{t}"
        );
        let ok = m.integration.responses[0].templates["application/json"].to_string();
        assert!(
            ok.contains("#if($failed > 0)#set($context.responseOverride.status = 500)#end"),
            "{ok}"
        );
        assert_eq!(m.integration.permissions[0].actions, ["kinesis:PutRecords"]);
        let fixed_key = PutRecords {
            partition_key: Some("header.X-Tenant".into()),
            ..PutRecords::to_stream("clicks")
        };
        let m = fixed_key.build(&p("/clicks"), HttpMethod::Post).unwrap();
        assert!(m.request_parameters[&RequestParam::new(ParamIn::Header, "X-Tenant")]);
    }

    #[test]
    fn refuses_bad_arguments() {
        let field = |op: &dyn Operation| op.build(&p("/x"), HttpMethod::Post).unwrap_err().field;
        assert_eq!(field(&PutRecord::default()), Some("stream"));
        let not_a_stream = PutRecord {
            stream_arn: Some("arn:aws:kinesis:us-east-1:123456789012:clicks".into()),
            ..PutRecord::default()
        };
        assert_eq!(field(&not_a_stream), Some("stream_arn"));
        let sqs = PutRecord {
            stream_arn: Some("arn:aws:sqs:us-east-1:123456789012:stream/x".into()),
            ..PutRecord::default()
        };
        assert_eq!(field(&sqs), Some("stream_arn"));
        let owned_key = PutRecord {
            kms_key_arn: Some("arn:aws:kms:us-east-1:123456789012:key/x".into()),
            ..PutRecord::to_stream("clicks")
        };
        assert_eq!(field(&owned_key), Some("kms_key_arn"));
        let bad_records = PutRecords {
            records: Some("records".into()),
            ..PutRecords::to_stream("clicks")
        };
        assert_eq!(field(&bad_records), Some("records"));
        let bad_key = PutRecords {
            partition_key: Some("record.".into()),
            ..PutRecords::to_stream("clicks")
        };
        assert_eq!(field(&bad_key), Some("partition_key"));
    }
}
