//! The execution role's policies within IAM's quotas
//! (<https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>): an API
//! whose grants need more than the 20 managed policies a role may have is refused, and one
//! that needs more than the default 10 is warned about (the quota must be raised first).

use super::Finding;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::limits::{DEFAULT_ROLE_MANAGED_POLICIES, MAX_ROLE_MANAGED_POLICIES};
use crate::model::api::RestApi;
use crate::model::policy_size::spread;

/// The execution role's grants fit IAM's policy sizes.
pub(super) fn check_role_size(api: &RestApi) -> Vec<Finding> {
    if !api.needs_role() {
        return Vec::new();
    }
    let found = match spread(api.role_statements()) {
        Ok(p) if p.managed.len() > DEFAULT_ROLE_MANAGED_POLICIES => Diagnostic::warning(
            codes::ROLE_POLICY_SIZE,
            format!(
                "the execution role's grants need {} customer-managed policies beside its inline policy; IAM attaches at most {DEFAULT_ROLE_MANAGED_POLICIES} to a role unless the account's quota is raised (to at most {MAX_ROLE_MANAGED_POLICIES})",
                p.managed.len()
            ),
        )
        .help("ask for the IAM quota `Managed policies per role` to be raised before deploying, or give routes fewer distinct resources (a path parameter for the S3 key grants one prefix instead of one ARN per key)"),
        Ok(_) => return Vec::new(),
        Err(e) => Diagnostic::error(
            codes::ROLE_POLICY_SIZE,
            format!(
                "the execution role's grants take {} characters, more than IAM allows one role: 10,240 inline and {MAX_ROLE_MANAGED_POLICIES} managed policies of 6,144",
                e.chars
            ),
        )
        .help("give routes fewer distinct resources (a path parameter for the S3 key, such as `key: \"{key}\"` on `/files/{key}`, grants one prefix instead of one ARN per key), or split the API into several blueprints"),
    };
    vec![Finding::setting(&["routes"], found)]
}
