//! The model's explained scanner findings as CloudFormation resource metadata: checkov reads
//! `Metadata.checkov.skip` (each entry a check id and a comment) and reports those checks of
//! the resource as skipped, with the reason beside them.

use super::stage::ACCESS_LOGS;
use super::{REST_API, STAGE, method_id};
use crate::emit::sub::{log_group_id, owned_id};
use crate::model::names::Name;
use crate::model::scan::{self, Scanned};
use crate::model::{ApiPath, HttpMethod, RestApi};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The logical id of the resource `on` names (method settings are part of the stage).
pub fn logical_id(on: &Scanned, method_names: &BTreeMap<(ApiPath, HttpMethod), Name>) -> String {
    match on {
        Scanned::RestApi => REST_API.to_string(),
        Scanned::Stage | Scanned::MethodSettings(_) => STAGE.to_string(),
        Scanned::AccessLogGroup => ACCESS_LOGS.to_string(),
        Scanned::Method(p, v) => method_id(&method_names[&(p.clone(), *v)]),
        Scanned::Owned(kind, name) => owned_id(*kind, name),
        Scanned::FunctionLogGroup(f) => log_group_id(f),
        Scanned::StateMachineLogGroup(m) => {
            format!("{}Logs", owned_id(crate::model::OwnedKind::StateMachine, m))
        }
    }
}

/// Every explained finding that CloudFormation scanners read, by logical id, in order.
pub fn findings(
    api: &RestApi,
    method_names: &BTreeMap<(ApiPath, HttpMethod), Name>,
) -> Vec<(String, scan::Explained)> {
    scan::findings_in(api, scan::Format::CloudFormation)
        .into_iter()
        .map(|(on, e)| (logical_id(&on, method_names), e))
        .collect()
}

/// Adds `Metadata.checkov.skip` to each resource with explained findings.
pub fn insert(
    api: &RestApi,
    method_names: &BTreeMap<(ApiPath, HttpMethod), Name>,
    resources: &mut Map<String, Value>,
) {
    for (id, e) in findings(api, method_names) {
        let Some(Value::Object(resource)) = resources.get_mut(&id) else {
            continue;
        };
        let metadata = resource
            .entry("Metadata")
            .or_insert_with(|| json!({ "checkov": { "skip": [] } }));
        if let Some(Value::Array(skip)) = metadata.pointer_mut("/checkov/skip") {
            skip.push(json!({ "id": e.check, "comment": e.reason }));
        }
    }
}
