//! `send_task_success` and `send_task_failure`: report the outcome of a task waiting for a
//! callback (`.waitForTaskToken`, the human-approval pattern). The task token comes from
//! the path, a header or the query string, or else from the body's `taskToken`.

use super::{json_string, machine, states_method};
use crate::model::{ApiPath, HttpMethod, Method, OpError, Operation, Owned, Permission, Text};
use crate::services::vtl::{self, RequestValue};
use schemars::JsonSchema;
use serde::Deserialize;

/// Errors of a callback and the status each answers.
const TASK_ERRORS: [(&str, u16); 3] = [
    ("TaskDoesNotExist", 404),
    ("InvalidToken", 404),
    ("TaskTimedOut", 410),
];

/// `stepfunctions.send_task_success`: the waiting task succeeds with the request body as
/// its output (or, when the token is in the body, with the body's `output`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendTaskSuccess {
    /// The state machine the task belongs to, owned by the blueprint (the role may answer
    /// tasks of this machine only).
    #[serde(default)]
    pub state_machine: Option<String>,
    /// Or any state machine, by ARN.
    #[serde(default)]
    pub state_machine_arn: Option<String>,
    /// Where the task token is: `{token}`, `header.<name>` or `querystring.<name>`; default
    /// the body's `taskToken` (then the body's `output` is the task's output).
    #[serde(default)]
    pub task_token: Option<String>,
}

/// `stepfunctions.send_task_failure`: the waiting task fails with the body's `error` and
/// `cause`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SendTaskFailure {
    /// The state machine the task belongs to, owned by the blueprint.
    #[serde(default)]
    pub state_machine: Option<String>,
    /// Or any state machine, by ARN.
    #[serde(default)]
    pub state_machine_arn: Option<String>,
    /// Where the task token is: `{token}`, `header.<name>` or `querystring.<name>`; default
    /// the body's `taskToken`.
    #[serde(default)]
    pub task_token: Option<String>,
}

/// `{"taskToken": "..."` (left open) and whether the token came from the body.
fn token(src: Option<&str>, declared: &mut vtl::Declared) -> Result<(Text, bool), OpError> {
    let (expr, in_body) = match src {
        None => ("$input.path('$.taskToken')".to_string(), true),
        Some(s) => (
            declared.declare(&RequestValue::parse(s), true, "task_token")?,
            false,
        ),
    };
    Ok((
        Text::lit(format!("{{\"taskToken\": {}", json_string(&expr))),
        in_body,
    ))
}

impl Operation for SendTaskSuccess {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let m = machine(
            self.state_machine.as_deref(),
            self.state_machine_arn.as_deref(),
            owned,
        )?;
        let mut declared = vtl::Declared::new(path);
        let (mut template, in_body) = token(self.task_token.as_deref(), &mut declared)?;
        let output = if in_body {
            "$input.json('$.output')"
        } else {
            "$input.json('$')"
        };
        template.push_str(&format!(", \"output\": {}}}", json_string(output)));
        let permission = Permission::allow(vec!["states:SendTaskSuccess".into()], vec![m.arn]);
        Ok(states_method(
            path,
            verb,
            "SendTaskSuccess",
            "Report that the waiting task succeeded",
            declared.params,
            template,
            None,
            &TASK_ERRORS,
            &[],
            permission,
        ))
    }
}

impl Operation for SendTaskFailure {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let m = machine(
            self.state_machine.as_deref(),
            self.state_machine_arn.as_deref(),
            owned,
        )?;
        let mut declared = vtl::Declared::new(path);
        let (mut template, _) = token(self.task_token.as_deref(), &mut declared)?;
        for field in ["error", "cause"] {
            template.push_str(&format!(
                "#if(\"$!input.path('$.{field}')\" != \"\"), \"{field}\": {}#end",
                json_string(&format!("$input.path('$.{field}')"))
            ));
        }
        template.push_str("}");
        let permission = Permission::allow(vec!["states:SendTaskFailure".into()], vec![m.arn]);
        Ok(states_method(
            path,
            verb,
            "SendTaskFailure",
            "Report that the waiting task failed",
            declared.params,
            template,
            None,
            &TASK_ERRORS,
            &[],
            permission,
        ))
    }
}
