//! Owned Kinesis streams and Firehose delivery streams (with the role each delivery stream
//! writes into its bucket with) as CloudFormation resources.

use super::refs::{get_att, owned_id};
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};

/// Inserts every owned stream and delivery stream into `resources`.
pub fn insert(api: &RestApi, resources: &mut Map<String, Value>) {
    let owned = &api.owned;
    for (name, s) in &owned.streams {
        let mut p = Map::new();
        if let Some(n) = &s.name {
            p.insert("Name".into(), json!(n));
        }
        p.insert(
            "StreamModeDetails".into(),
            json!({ "StreamMode": s.mode() }),
        );
        if let Some(c) = s.shard_count {
            p.insert("ShardCount".into(), json!(c));
        }
        p.insert("RetentionPeriodHours".into(), json!(s.retention()));
        p.insert(
            "StreamEncryption".into(),
            json!({ "EncryptionType": "KMS", "KeyId": s.key() }),
        );
        resources.insert(
            owned_id(OwnedKind::Stream, name),
            json!({ "Type": "AWS::Kinesis::Stream", "Properties": p }),
        );
    }
    for (name, d) in &owned.delivery_streams {
        let id = owned_id(OwnedKind::DeliveryStream, name);
        let role_id = format!("{id}Role");
        resources.insert(role_id.clone(), super::role(&d.role(name)));
        let mut s3 = Map::new();
        s3.insert(
            "BucketARN".into(),
            get_att(&owned_id(OwnedKind::Bucket, &d.bucket), "Arn"),
        );
        s3.insert("RoleARN".into(), get_att(&role_id, "Arn"));
        s3.insert("Prefix".into(), json!(d.prefix));
        s3.insert("ErrorOutputPrefix".into(), json!(d.error_prefix));
        s3.insert("CompressionFormat".into(), json!(d.compression.as_str()));
        if d.buffer_size_mb.is_some() || d.buffer_interval_s.is_some() {
            let mut hints = Map::new();
            if let Some(mb) = d.buffer_size_mb {
                hints.insert("SizeInMBs".into(), json!(mb));
            }
            if let Some(s) = d.buffer_interval_s {
                hints.insert("IntervalInSeconds".into(), json!(s));
            }
            s3.insert("BufferingHints".into(), Value::Object(hints));
        }
        let mut p = Map::new();
        if let Some(n) = &d.name {
            p.insert("DeliveryStreamName".into(), json!(n));
        }
        p.insert("DeliveryStreamType".into(), json!("DirectPut"));
        p.insert(
            "DeliveryStreamEncryptionConfigurationInput".into(),
            json!({ "KeyType": d.key_type() }),
        );
        p.insert(
            "ExtendedS3DestinationConfiguration".into(),
            Value::Object(s3),
        );
        resources.insert(
            id,
            json!({
                "Type": "AWS::KinesisFirehose::DeliveryStream",
                "Properties": p,
            }),
        );
    }
}
