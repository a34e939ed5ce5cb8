//! The model's explained scanner findings in Terraform: checkov reads no suppressions from
//! Terraform JSON, so each resource carries its reasons as a `//` comment (which Terraform
//! ignores) for readers, and the README lists them for reviewers and the checkov test.

use super::API;
use super::owned::owned_address;
use super::stage::ACCESS_LOGS;
use crate::model::names::{Name, owned_name};
use crate::model::scan::{self, Scanned};
use crate::model::{ApiPath, HttpMethod, RestApi};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The address (`type.name`) of the resource `on` names.
pub fn address(on: &Scanned, method_names: &BTreeMap<(ApiPath, HttpMethod), Name>) -> String {
    match on {
        Scanned::RestApi => format!("aws_api_gateway_rest_api.{API}"),
        Scanned::Stage => format!("aws_api_gateway_stage.{API}"),
        Scanned::AccessLogGroup => format!("aws_cloudwatch_log_group.{ACCESS_LOGS}"),
        Scanned::MethodSettings(None) => "aws_api_gateway_method_settings.all".to_string(),
        Scanned::MethodSettings(Some((p, v))) => format!(
            "aws_api_gateway_method_settings.{}",
            method_names[&(p.clone(), *v)].snake
        ),
        Scanned::Method(p, v) => {
            format!(
                "aws_api_gateway_method.{}",
                method_names[&(p.clone(), *v)].snake
            )
        }
        Scanned::Owned(kind, name) => owned_address(*kind, name),
        Scanned::FunctionLogGroup(f) => {
            format!("aws_cloudwatch_log_group.{}", owned_name(f).snake)
        }
        Scanned::StateMachineLogGroup(m) => {
            format!("aws_cloudwatch_log_group.{}_machine", owned_name(m).snake)
        }
    }
}

/// Every explained finding that Terraform scanners read, by address, in order.
pub fn findings(
    api: &RestApi,
    method_names: &BTreeMap<(ApiPath, HttpMethod), Name>,
) -> Vec<(String, scan::Explained)> {
    scan::findings_in(api, scan::Format::Terraform)
        .into_iter()
        .map(|(on, e)| (address(&on, method_names), e))
        .collect()
}

/// Adds a `//` comment with the explained findings to each resource that has some.
pub fn insert(
    api: &RestApi,
    method_names: &BTreeMap<(ApiPath, HttpMethod), Name>,
    r: &mut BTreeMap<&str, Map<String, Value>>,
) {
    let mut by_address: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for (address, e) in findings(api, method_names) {
        by_address
            .entry(address)
            .or_default()
            .push(format!("{}: {}", e.check, e.reason));
    }
    for (address, lines) in by_address {
        let Some((ty, name)) = address.split_once('.') else {
            continue;
        };
        if let Some(Value::Object(body)) = r.get_mut(ty).and_then(|m| m.get_mut(name)) {
            body.insert(
                "//".into(),
                json!(format!(
                    "Security scanner findings left on purpose (see README.md). {}",
                    lines.join(" | ")
                )),
            );
        }
    }
}
