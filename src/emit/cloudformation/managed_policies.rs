//! Customer-managed policies of the execution role, for an API whose grants do not fit the
//! role's inline policy (see [`crate::model::policy_size`]): one `AWS::IAM::ManagedPolicy`
//! each, attached to the role through its `Roles`.

use super::EXECUTION_ROLE;
use super::refs::{reference, text};
use crate::emit::policy;
use crate::model::RestApi;
use serde_json::{Map, Value, json};

/// Logical id of the `n`th managed policy of the execution role (from 1).
pub fn policy_id(n: usize) -> String {
    format!("{EXECUTION_ROLE}Policy{n}")
}

/// Logical ids of the execution role's managed policies: the Deployment depends on them, so no
/// method goes live before the grants it needs are attached.
pub(super) fn ids(api: &RestApi) -> Vec<String> {
    if !api.needs_role() {
        return Vec::new();
    }
    (1..=api.execution_policies().managed_documents().len())
        .map(policy_id)
        .collect()
}

/// Adds the execution role's managed policies, if its grants need any.
pub(super) fn insert(api: &RestApi, resources: &mut Map<String, Value>) {
    if !api.needs_role() {
        return;
    }
    let managed = api.execution_policies().managed_documents();
    let total = managed.len();
    for (i, doc) in managed.iter().enumerate() {
        resources.insert(
            policy_id(i + 1),
            json!({
                "Type": "AWS::IAM::ManagedPolicy",
                "Properties": {
                    "Description": format!("Part {} of {total} of what API Gateway may call behind {}", i + 1, api.name).chars().take(crate::limits::MAX_IAM_DESCRIPTION).collect::<String>(),
                    "PolicyDocument": policy::document(doc, &mut text),
                    "Roles": [reference(EXECUTION_ROLE)],
                }
            }),
        );
    }
}
