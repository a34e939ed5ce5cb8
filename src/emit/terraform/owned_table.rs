//! Owned DynamoDB tables as `aws_dynamodb_table` resources: keys and their attributes,
//! indexes, billing, point-in-time recovery, KMS encryption and expiry. Terraform needs a
//! table name: the blueprint's, or the API's slug and the table's blueprint name.

use super::refs::Refs;
use crate::model::RestApi;
use crate::model::names::{api_slug, bounded, owned_name};
use crate::model::owned::{Billing, Projection};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// DynamoDB table names have at most 255 characters.
const MAX_TABLE_NAME: usize = 255;

/// Inserts every owned table into `r` (resource type -> name -> body).
pub fn insert(api: &RestApi, refs: &mut Refs, r: &mut BTreeMap<&str, Map<String, Value>>) {
    for (name, t) in &api.owned.tables {
        let mut o = Map::new();
        let table_name = t
            .name
            .clone()
            .unwrap_or_else(|| bounded(&format!("{}-{name}", api_slug(&api.name)), MAX_TABLE_NAME));
        o.insert("name".into(), json!(table_name));
        o.insert("billing_mode".into(), json!(t.billing.mode()));
        o.insert("hash_key".into(), json!(t.key.partition.name));
        if let Some(s) = &t.key.sort {
            o.insert("range_key".into(), json!(s.name));
        }
        if let Billing::Provisioned(c) = t.billing {
            o.insert("read_capacity".into(), json!(c.read));
            o.insert("write_capacity".into(), json!(c.write));
        }
        let attrs: Vec<Value> = t
            .attribute_definitions()
            .iter()
            .map(|a| json!({ "name": a.name, "type": a.ty.letter() }))
            .collect();
        o.insert("attribute".into(), json!(attrs));
        if !t.indexes.is_empty() {
            let gsis: Vec<Value> = t
                .indexes
                .iter()
                .map(|(iname, i)| {
                    let mut g = Map::new();
                    g.insert("name".into(), json!(iname));
                    g.insert("hash_key".into(), json!(i.key.partition.name));
                    if let Some(s) = &i.key.sort {
                        g.insert("range_key".into(), json!(s.name));
                    }
                    g.insert("projection_type".into(), json!(i.projection.type_name()));
                    if let Projection::Include(a) = &i.projection {
                        g.insert("non_key_attributes".into(), json!(a));
                    }
                    if let Billing::Provisioned(c) = t.billing {
                        let c = i.capacity.unwrap_or(c);
                        g.insert("read_capacity".into(), json!(c.read));
                        g.insert("write_capacity".into(), json!(c.write));
                    }
                    Value::Object(g)
                })
                .collect();
            o.insert("global_secondary_index".into(), json!(gsis));
        }
        o.insert(
            "point_in_time_recovery".into(),
            json!([{ "enabled": t.point_in_time_recovery }]),
        );
        let mut sse = Map::new();
        sse.insert("enabled".into(), json!(t.sse_kms()));
        if let Some(k) = &t.kms_key {
            sse.insert("kms_key_arn".into(), json!(refs.text(k)));
        }
        o.insert("server_side_encryption".into(), json!([Value::Object(sse)]));
        if let Some(a) = &t.ttl_attribute {
            o.insert(
                "ttl".into(),
                json!([{ "attribute_name": a, "enabled": true }]),
            );
        }
        r.entry("aws_dynamodb_table")
            .or_default()
            .insert(owned_name(name).snake, Value::Object(o));
    }
}
