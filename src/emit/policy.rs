//! Resource policies of owned resources as IAM policy JSON, shared by the formats: each format
//! only says how a deploy-time value is written (`Fn::Sub`, a Terraform interpolation).

use crate::model::owned::{DenyUnless, ServiceGrant};
use crate::model::{Owned, Text};
use serde_json::{Value, json};

fn deny(d: &DenyUnless, text: &mut dyn FnMut(&Text) -> Value) -> Value {
    json!({
        "Sid": d.sid,
        "Effect": "Deny",
        "Principal": "*",
        "Action": d.actions,
        "Resource": d.resources.iter().map(&mut *text).collect::<Vec<_>>(),
        "Condition": { d.condition.0: { d.condition.1: d.condition.2 } },
    })
}

fn grant(g: &ServiceGrant, text: &mut dyn FnMut(&Text) -> Value) -> Value {
    let sources: Vec<Value> = g.source_arns.iter().map(&mut *text).collect();
    json!({
        "Effect": "Allow",
        "Principal": { "Service": g.service },
        "Action": g.actions,
        "Resource": text(&g.resource),
        "Condition": { "ArnEquals": { "aws:SourceArn": sources } },
    })
}

fn document(statements: Vec<Value>) -> Value {
    json!({ "Version": "2012-10-17", "Statement": statements })
}

/// The policy of owned bucket `name`: plain HTTP denied, then what services may do.
pub fn bucket(owned: &Owned, name: &str, text: &mut dyn FnMut(&Text) -> Value) -> Value {
    let mut st: Vec<Value> = owned
        .bucket_policy(name)
        .iter()
        .map(|d| deny(d, text))
        .collect();
    st.extend(owned.bucket_grants(name).iter().map(|g| grant(g, text)));
    document(st)
}

/// The policy of a queue a service delivers to.
pub fn queue(g: &ServiceGrant, text: &mut dyn FnMut(&Text) -> Value) -> Value {
    document(vec![grant(g, text)])
}
