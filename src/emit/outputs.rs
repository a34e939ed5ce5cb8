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
    /// The execution role's ARN (when the API has one).
    ExecutionRoleArn,
}

impl Output {
    /// The outputs of `api`, in order.
    pub fn of(api: &RestApi) -> Vec<Output> {
        let mut out = vec![Output::ApiId, Output::RootUrl];
        if api.needs_role() {
            out.push(Output::ExecutionRoleArn);
        }
        out
    }

    /// What the output holds.
    pub fn description(self) -> &'static str {
        match self {
            Output::ApiId => "REST API id",
            Output::RootUrl => "Invoke URL of the stage",
            Output::ExecutionRoleArn => "Role API Gateway assumes to call AWS services",
        }
    }
}
