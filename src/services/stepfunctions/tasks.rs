//! `send_task_success` and `send_task_failure`: report the outcome of a task waiting for a
//! callback (`.waitForTaskToken`, the human-approval pattern). The task token comes from
//! the path, a header or the query string, or else from the body's `taskToken`.

use super::args::machine_args;
use super::{Call, json_string, optional_string, states_method};
use crate::model::{ApiPath, HttpMethod, Method, OpError, Operation, Owned, Text};
use crate::services::vtl::{self, RequestValue};

/// Errors of a callback and the status each answers.
const TASK_ERRORS: [(&str, u16); 3] = [
    ("TaskDoesNotExist", 404),
    ("InvalidToken", 404),
    ("TaskTimedOut", 410),
];

machine_args! {
    /// `stepfunctions.send_task_success`: the waiting task succeeds with the request body as
    /// its output (or, when the token is in the body, with the body's `output`).
    pub struct SendTaskSuccess {
        /// The state machine the task belongs to, owned by the blueprint (the role may answer
        /// tasks of this machine only).
        state_machine,
        /// Or any state machine, by ARN.
        state_machine_arn,
        /// Where the task token is: `{token}`, `header.<name>` or `querystring.<name>`; default
        /// the body's `taskToken` (then the body's `output` is the task's output).
        #[serde(default)]
        pub task_token: Option<String>,
    }
}

machine_args! {
    /// `stepfunctions.send_task_failure`: the waiting task fails with the body's `error` and
    /// `cause`.
    pub struct SendTaskFailure {
        /// The state machine the task belongs to, owned by the blueprint.
        state_machine,
        /// Or any state machine, by ARN.
        state_machine_arn,
        /// Where the task token is: `{token}`, `header.<name>` or `querystring.<name>`; default
        /// the body's `taskToken`.
        #[serde(default)]
        pub task_token: Option<String>,
    }
}

/// The method of `call` on a task of machine `m`: the request `{"taskToken": "..."` (from
/// `src`, else the body's `taskToken`) with the members `more` writes after it, told whether
/// the token came from the body.
fn on_task(
    path: &ApiPath,
    verb: HttpMethod,
    m: super::Machine,
    src: Option<&str>,
    more: impl Fn(bool) -> String,
    call: Call,
) -> Result<Method, OpError> {
    let mut declared = vtl::Declared::new(path);
    let (expr, in_body) = match src {
        None => ("$input.path('$.taskToken')".to_string(), true),
        Some(s) => (
            declared.declare(&RequestValue::parse(s), true, "task_token")?,
            false,
        ),
    };
    let template = Text::lit(format!(
        "{{\"taskToken\": {}{}}}",
        json_string(&expr),
        more(in_body)
    ));
    Ok(states_method(path, verb, call, declared, template, m.arn))
}

impl Operation for SendTaskSuccess {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let output = |in_body: bool| {
            let output = if in_body {
                "$input.json('$.output')"
            } else {
                "$input.json('$')"
            };
            format!(", \"output\": {}", json_string(output))
        };
        let call = Call {
            errors: &TASK_ERRORS,
            ..Call::new("SendTaskSuccess", "Report that the waiting task succeeded")
        };
        let m = self.machine(owned)?;
        on_task(path, verb, m, self.task_token.as_deref(), output, call)
    }
}

impl Operation for SendTaskFailure {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let error_and_cause =
            |_: bool| format!("{}{}", optional_string("error"), optional_string("cause"));
        let call = Call {
            errors: &TASK_ERRORS,
            ..Call::new("SendTaskFailure", "Report that the waiting task failed")
        };
        let m = self.machine(owned)?;
        on_task(
            path,
            verb,
            m,
            self.task_token.as_deref(),
            error_and_cause,
            call,
        )
    }
}
