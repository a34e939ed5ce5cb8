//! Customer-managed policies of the execution role, for an API whose grants do not fit the
//! role's inline policy (see [`crate::model::policy_size`]): one `aws_iam_policy` each and
//! an `aws_iam_role_policy_attachment` attaching it to the role.

use super::ROLE;
use super::refs::Refs;
use crate::model::RestApi;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Addresses of the attachments of the execution role's managed policies: the deployment
/// depends on them, so no method goes live before the grants it needs are attached.
pub(super) fn attachments(api: &RestApi) -> Vec<String> {
    if !api.needs_role() {
        return Vec::new();
    }
    (1..=api.execution_policies().managed_documents().len())
        .map(|i| format!("aws_iam_role_policy_attachment.{ROLE}_{i}"))
        .collect()
}

/// Adds the execution role's managed policies and their attachments, if its grants need any.
pub(super) fn insert(api: &RestApi, refs: &mut Refs, r: &mut BTreeMap<&str, Map<String, Value>>) {
    if !api.needs_role() {
        return;
    }
    let managed = api.execution_policies().managed_documents();
    let total = managed.len();
    for (i, doc) in managed.iter().enumerate() {
        let name = format!("{ROLE}_{}", i + 1);
        let policy = refs.policy(doc);
        r.entry("aws_iam_policy").or_default().insert(
            name.clone(),
            json!({
                "description": super::refs::escape(&format!("Part {} of {total} of what API Gateway may call behind {}", i + 1, api.name).chars().take(crate::limits::MAX_IAM_DESCRIPTION).collect::<String>()),
                "policy": policy,
            }),
        );
        r.entry("aws_iam_role_policy_attachment")
            .or_default()
            .insert(
                name.clone(),
                json!({
                    "role": format!("${{aws_iam_role.{ROLE}.name}}"),
                    "policy_arn": format!("${{aws_iam_policy.{name}.arn}}"),
                }),
            );
    }
}
