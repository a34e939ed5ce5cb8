//! The outputs a deployable format (CloudFormation, Terraform) exports for every API, with the
//! description both give them; each format names them and writes their values.

use crate::model::RestApi;

/// One output of the API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Output {
    /// The REST API id.
    ApiId,
    /// The invoke URL of the stage.
    RootUrl,
    /// The ARN of execution role `role` (from 0) of the API's `of` roles (when it has any).
    ExecutionRoleArn {
        /// Which role.
        role: usize,
        /// How many roles the API has.
        of: usize,
    },
}

impl Output {
    /// The outputs of `api`, in order.
    pub fn of(api: &RestApi) -> Vec<Output> {
        let mut out = vec![Output::ApiId, Output::RootUrl];
        if api.needs_role() {
            let of = api.role_groups().roles.len();
            out.extend((0..of).map(|role| Output::ExecutionRoleArn { role, of }));
        }
        out
    }

    /// What the output holds.
    pub fn description(self) -> String {
        match self {
            Output::ApiId => "REST API id".into(),
            Output::RootUrl => "Invoke URL of the stage".into(),
            Output::ExecutionRoleArn { of: 1, .. } => {
                "Role API Gateway assumes to call AWS services".into()
            }
            Output::ExecutionRoleArn { role, of } => format!(
                "Role {} of {of} API Gateway assumes to call AWS services, for its group of the routes in order (their grants do not fit one role)",
                role + 1
            ),
        }
    }
}
