//! Owned DynamoDB tables as `AWS::DynamoDB::Table` resources: keys and their attribute
//! definitions, indexes, billing, point-in-time recovery, KMS encryption and expiry.

use super::refs::{self, owned_id};
use crate::model::owned::{Billing, Capacity, KeySchema, Projection, Table};
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};

fn key_schema(k: &KeySchema) -> Value {
    let mut v = vec![json!({ "AttributeName": k.partition.name, "KeyType": "HASH" })];
    if let Some(s) = &k.sort {
        v.push(json!({ "AttributeName": s.name, "KeyType": "RANGE" }));
    }
    json!(v)
}

fn throughput(c: Capacity) -> Value {
    json!({ "ReadCapacityUnits": c.read, "WriteCapacityUnits": c.write })
}

fn projection(p: &Projection) -> Value {
    match p {
        Projection::Include(attrs) => {
            json!({ "ProjectionType": p.type_name(), "NonKeyAttributes": attrs })
        }
        _ => json!({ "ProjectionType": p.type_name() }),
    }
}

fn properties(t: &Table) -> Map<String, Value> {
    let mut p = Map::new();
    if let Some(n) = &t.name {
        p.insert("TableName".into(), json!(n));
    }
    let defs: Vec<Value> = t
        .attribute_definitions()
        .iter()
        .map(|a| json!({ "AttributeName": a.name, "AttributeType": a.ty.letter() }))
        .collect();
    p.insert("AttributeDefinitions".into(), json!(defs));
    p.insert("KeySchema".into(), key_schema(&t.key));
    p.insert("BillingMode".into(), json!(t.billing.mode()));
    if let Billing::Provisioned(c) = t.billing {
        p.insert("ProvisionedThroughput".into(), throughput(c));
    }
    if !t.indexes.is_empty() {
        let gsis: Vec<Value> = t
            .indexes
            .iter()
            .map(|(name, i)| {
                let mut g = Map::new();
                g.insert("IndexName".into(), json!(name));
                g.insert("KeySchema".into(), key_schema(&i.key));
                g.insert("Projection".into(), projection(&i.projection));
                if let Billing::Provisioned(c) = t.billing {
                    g.insert(
                        "ProvisionedThroughput".into(),
                        throughput(i.capacity.unwrap_or(c)),
                    );
                }
                Value::Object(g)
            })
            .collect();
        p.insert("GlobalSecondaryIndexes".into(), json!(gsis));
    }
    p.insert(
        "PointInTimeRecoverySpecification".into(),
        json!({ "PointInTimeRecoveryEnabled": t.point_in_time_recovery }),
    );
    let mut sse = Map::new();
    sse.insert("SSEEnabled".into(), json!(t.sse_kms()));
    sse.insert("SSEType".into(), json!("KMS"));
    if let Some(k) = &t.kms_key {
        sse.insert("KMSMasterKeyId".into(), refs::text(k));
    }
    p.insert("SSESpecification".into(), Value::Object(sse));
    if let Some(a) = &t.ttl_attribute {
        p.insert(
            "TimeToLiveSpecification".into(),
            json!({ "AttributeName": a, "Enabled": true }),
        );
    }
    p
}

/// Inserts every owned table into `resources`.
pub fn insert(api: &RestApi, resources: &mut Map<String, Value>) {
    for (name, t) in &api.owned.tables {
        resources.insert(
            owned_id(OwnedKind::Table, name),
            json!({
                "Type": "AWS::DynamoDB::Table",
                "DeletionPolicy": "Retain",
                "UpdateReplacePolicy": "Retain",
                "Properties": properties(t),
            }),
        );
    }
}
