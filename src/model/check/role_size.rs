//! The execution roles' policies within IAM's quotas
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>): an API
//! whose grants need more than the 20 managed policies a role may have gets more than one
//! role (see [`crate::model::role_groups`]); it is refused when one method's own grants do
//! not fit a role, or when `env.execution_role_arn` names one role for all. One role that
//! needs more than the default 10 managed policies is warned about (the quota must be
//! raised first).

use super::{Finding, MethodPart};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::limits::{DEFAULT_ROLE_MANAGED_POLICIES, MAX_ROLE_MANAGED_POLICIES};
use crate::model::api::RestApi;
use crate::model::role_groups::Refused;

/// The execution roles' grants fit IAM's policy sizes.
pub(super) fn check_role_size(api: &RestApi) -> Vec<Finding> {
    if !api.needs_role() {
        return Vec::new();
    }
    let groups = api.role_groups();
    let found = match (&groups.refused, groups.roles.as_slice()) {
        (Some(Refused::Method { verb, path, chars }), _) => Diagnostic::error(
            codes::ROLE_POLICY_SIZE,
            format!(
                "the grants of `{verb} {path}` alone take {chars} characters, more than IAM allows one role: 10,240 inline and {MAX_ROLE_MANAGED_POLICIES} managed policies of 6,144"
            ),
        )
        .help("give the route fewer distinct resources (a path parameter for the S3 key, such as `key: \"{key}\"` on `/files/{key}`, grants one prefix instead of one ARN per key), or split it into several routes"),
        (None, [one]) if one.managed.len() > DEFAULT_ROLE_MANAGED_POLICIES => Diagnostic::warning(
            codes::ROLE_POLICY_SIZE,
            format!(
                "the execution role's grants need {} customer-managed policies beside its inline policy; IAM attaches at most {DEFAULT_ROLE_MANAGED_POLICIES} to a role unless the account's quota is raised (to at most {MAX_ROLE_MANAGED_POLICIES})",
                one.managed.len()
            ),
        )
        .help("ask for the IAM quota `Managed policies per role` to be raised before deploying, or give routes fewer distinct resources (a path parameter for the S3 key grants one prefix instead of one ARN per key)"),
        (None, roles) if roles.len() > 1 && api.env.execution_role_arn.is_some() => Diagnostic::error(
            codes::ROLE_POLICY_SIZE,
            format!(
                "the routes' grants need {} execution roles, but `env.execution_role_arn` names one existing role for every route",
                roles.len()
            ),
        )
        .help("remove `env.execution_role_arn` so that the outputs create the roles (each route's integration then names its own), or give routes fewer distinct resources (a path parameter for the S3 key grants one prefix instead of one ARN per key)"),
        _ => return Vec::new(),
    };
    if let Some(Refused::Method { verb, path, .. }) = &groups.refused
        && let Some(m) = api
            .methods
            .iter()
            .find(|m| m.verb == *verb && &m.path == path)
    {
        return vec![Finding::method(m, MethodPart::Operation, found)];
    }
    let at: &[&str] = if api.env.execution_role_arn.is_some() && groups.roles.len() > 1 {
        &["env", "execution_role_arn"]
    } else {
        &["routes"]
    };
    vec![Finding::setting(at, found)]
}
