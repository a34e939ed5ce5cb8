//! The execution roles and their customer-managed policies. An API whose grants do not fit
//! one role's inline policy gets managed policies (see [`crate::model::policy_size`]): one
//! `AWS::IAM::ManagedPolicy` each, attached to its role through its `Roles`; one whose grants
//! do not fit one role at all gets more roles (`ExecutionRole2`, ..., see
//! [`crate::model::role_groups`]).

use super::refs::{reference, text};
use crate::emit::policy;
use crate::emit::sub::execution_role;
use crate::model::RestApi;
use serde_json::{Map, Value, json};

/// Logical id of the `n`th managed policy (from 1) of execution role `role` (from 0).
pub fn policy_id(role: usize, n: usize) -> String {
    format!("{}Policy{n}", execution_role(role))
}

/// Logical ids of the execution roles' managed policies: the Deployment depends on them, so
/// no method goes live before the grants it needs are attached.
pub(super) fn ids(api: &RestApi) -> Vec<String> {
    if !api.needs_role() {
        return Vec::new();
    }
    let groups = api.role_groups();
    groups
        .roles
        .iter()
        .enumerate()
        .flat_map(|(k, p)| (1..=p.managed.len()).map(move |n| policy_id(k, n)))
        .collect()
}

/// Adds the execution roles (`ExecutionRole`, then `ExecutionRole2`, ... when there are more).
pub(super) fn insert_roles(api: &RestApi, resources: &mut Map<String, Value>) {
    for (k, r) in api.execution_roles().iter().enumerate() {
        resources.insert(execution_role(k), super::role(r));
    }
}

/// Adds the execution roles' managed policies, if their grants need any.
pub(super) fn insert(api: &RestApi, resources: &mut Map<String, Value>) {
    if !api.needs_role() {
        return;
    }
    let groups = api.role_groups();
    let roles = groups.roles.len();
    for (k, p) in groups.roles.iter().enumerate() {
        let managed = p.managed_documents();
        let total = managed.len();
        let of = if roles > 1 {
            format!(" (role {} of {roles})", k + 1)
        } else {
            String::new()
        };
        for (i, doc) in managed.iter().enumerate() {
            resources.insert(
                policy_id(k, i + 1),
                json!({
                    "Type": "AWS::IAM::ManagedPolicy",
                    "Properties": {
                        "Description": format!("Part {} of {total} of what API Gateway may call behind {}{of}", i + 1, api.name).chars().take(crate::limits::MAX_IAM_DESCRIPTION).collect::<String>(),
                        "PolicyDocument": policy::document(doc, &mut text),
                        "Roles": [reference(&execution_role(k))],
                    }
                }),
            );
        }
    }
}
