//! The execution roles and their customer-managed policies. An API whose grants do not fit
//! one role's inline policy gets managed policies (see [`crate::model::policy_size`]): one
//! `aws_iam_policy` each and an `aws_iam_role_policy_attachment` attaching it to its role;
//! one whose grants do not fit one role at all gets more roles (`execution2`, ..., see
//! [`crate::model::role_groups`]).

use super::ROLE;
use super::refs::Refs;
use crate::model::RestApi;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Terraform name of execution role `k` (from 0): `execution`, then `execution2`, ...
pub(crate) fn role_name(k: usize) -> String {
    if k == 0 {
        ROLE.to_string()
    } else {
        format!("{ROLE}{}", k + 1)
    }
}

/// Addresses the deployment depends on, so that no method goes live before the grants it
/// needs are attached: the attachments of the execution roles' managed policies, and with
/// more than one role each role's inline policy as well.
pub(super) fn attachments(api: &RestApi) -> Vec<String> {
    if !api.needs_role() {
        return Vec::new();
    }
    let groups = api.role_groups();
    let several = groups.roles.len() > 1;
    let mut out = Vec::new();
    for (k, p) in groups.roles.iter().enumerate() {
        let role = role_name(k);
        if several {
            out.push(format!("aws_iam_role_policy.{role}"));
        }
        out.extend(
            (1..=p.managed.len()).map(|i| format!("aws_iam_role_policy_attachment.{role}_{i}")),
        );
    }
    out
}

/// Adds the execution roles with their inline policies.
pub(super) fn insert_roles(
    api: &RestApi,
    refs: &mut Refs,
    r: &mut BTreeMap<&str, Map<String, Value>>,
) {
    for (k, role) in api.execution_roles().iter().enumerate() {
        super::insert_role(r, refs, &role_name(k), role);
    }
}

/// Adds the execution roles' managed policies and their attachments, if their grants need any.
pub(super) fn insert(api: &RestApi, refs: &mut Refs, r: &mut BTreeMap<&str, Map<String, Value>>) {
    if !api.needs_role() {
        return;
    }
    let groups = api.role_groups();
    let roles = groups.roles.len();
    for (k, p) in groups.roles.iter().enumerate() {
        let role = role_name(k);
        let of = if roles > 1 {
            format!(" (role {} of {roles})", k + 1)
        } else {
            String::new()
        };
        let managed = p.managed_documents();
        let total = managed.len();
        for (i, doc) in managed.iter().enumerate() {
            let name = format!("{role}_{}", i + 1);
            let policy = refs.policy(doc);
            r.entry("aws_iam_policy").or_default().insert(
                name.clone(),
                json!({
                    "description": super::refs::escape(&format!("Part {} of {total} of what API Gateway may call behind {}{of}", i + 1, api.name).chars().take(crate::limits::MAX_IAM_DESCRIPTION).collect::<String>()),
                    "policy": policy,
                }),
            );
            r.entry("aws_iam_role_policy_attachment")
                .or_default()
                .insert(
                    name.clone(),
                    json!({
                        "role": format!("${{aws_iam_role.{role}.name}}"),
                        "policy_arn": format!("${{aws_iam_policy.{name}.arn}}"),
                    }),
                );
        }
    }
}
