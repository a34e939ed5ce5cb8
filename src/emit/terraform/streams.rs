//! Owned Kinesis streams and Firehose delivery streams (with the role each delivery stream
//! writes into its bucket with) as Terraform resources. Both resource types need a name, so
//! a stream the blueprint does not name is called `<api>-<name>`.

use super::insert_role;
use super::owned::owned_address;
use super::refs::Refs;
use crate::model::names::{api_slug, bounded, owned_name};
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The AWS name of an owned stream: the blueprint's, else `<api>-<name>` within `max` bytes.
fn aws_name(api: &RestApi, given: Option<&String>, name: &str, max: usize) -> String {
    given.cloned().unwrap_or_else(|| {
        bounded(
            &format!("{}-{}", api_slug(&api.name), owned_name(name).snake),
            max,
        )
    })
}

/// Inserts every owned stream and delivery stream into `r` (resource type -> name -> body).
pub fn insert(api: &RestApi, refs: &mut Refs, r: &mut BTreeMap<&str, Map<String, Value>>) {
    let owned = &api.owned;
    for (name, s) in &owned.streams {
        let mut o = Map::new();
        o.insert(
            "name".into(),
            json!(aws_name(api, s.name.as_ref(), name, 128)),
        );
        o.insert(
            "stream_mode_details".into(),
            json!({ "stream_mode": s.mode() }),
        );
        if let Some(c) = s.shard_count {
            o.insert("shard_count".into(), json!(c));
        }
        o.insert("retention_period".into(), json!(s.retention()));
        o.insert("encryption_type".into(), json!("KMS"));
        o.insert("kms_key_id".into(), json!(s.key()));
        r.entry("aws_kinesis_stream")
            .or_default()
            .insert(owned_name(name).snake, Value::Object(o));
    }
    for (name, d) in &owned.delivery_streams {
        let n = owned_name(name).snake;
        let role_name = format!("{n}_delivery");
        insert_role(r, refs, &role_name, &d.role(name));
        let mut s3 = Map::new();
        s3.insert(
            "bucket_arn".into(),
            json!(format!(
                "${{{}.arn}}",
                owned_address(OwnedKind::Bucket, &d.bucket)
            )),
        );
        s3.insert(
            "role_arn".into(),
            json!(format!("${{aws_iam_role.{role_name}.arn}}")),
        );
        s3.insert("prefix".into(), json!(d.prefix));
        s3.insert("error_output_prefix".into(), json!(d.error_prefix));
        s3.insert("compression_format".into(), json!(d.compression.as_str()));
        if let Some(mb) = d.buffer_size_mb {
            s3.insert("buffering_size".into(), json!(mb));
        }
        if let Some(s) = d.buffer_interval_s {
            s3.insert("buffering_interval".into(), json!(s));
        }
        r.entry("aws_kinesis_firehose_delivery_stream")
            .or_default()
            .insert(
                n,
                json!({
                    "name": aws_name(api, d.name.as_ref(), name, 64),
                    "destination": "extended_s3",
                    "server_side_encryption": { "enabled": true, "key_type": d.key_type() },
                    "extended_s3_configuration": s3,
                    // The role's policy must exist before Firehose checks it can deliver.
                    "depends_on": [format!("aws_iam_role_policy.{role_name}")],
                }),
            );
    }
}
