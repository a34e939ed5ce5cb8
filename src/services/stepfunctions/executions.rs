//! `describe_execution` and `stop_execution`: the execution is named by its id (a path
//! parameter, header or query value) and its ARN is built from the machine's, so clients
//! never handle ARNs and the role reaches that machine's executions only.

use super::args::machine_args;
use super::{Call, optional_string, states_method};
use crate::model::{ApiPath, HttpMethod, Method, OpError, Operation, Owned, Text};
use crate::services::vtl::{self, RequestValue};

machine_args! {
    /// `stepfunctions.describe_execution`: an execution of a STANDARD machine, with its input
    /// and output as JSON (not strings); 404 when there is no such execution.
    pub struct DescribeExecution {
        /// A STANDARD state machine the blueprint owns.
        state_machine,
        /// Or any STANDARD state machine, by ARN.
        state_machine_arn,
        /// The execution's name, the last part of its ARN: `{id}` (a path parameter),
        /// `header.<name>` or `querystring.<name>`.
        pub execution_id: String,
    }
}

machine_args! {
    /// `stepfunctions.stop_execution`: stop an execution of a STANDARD machine; the request
    /// body may give `error` and `cause`. 404 when there is no such execution.
    pub struct StopExecution {
        /// A STANDARD state machine the blueprint owns.
        state_machine,
        /// Or any STANDARD state machine, by ARN.
        state_machine_arn,
        /// The execution's name: `{id}`, `header.<name>` or `querystring.<name>`.
        pub execution_id: String,
    }
}

/// Errors of a call on one execution and the status each answers.
const EXECUTION_ERRORS: [(&str, u16); 1] = [("ExecutionDoesNotExist", 404)];

/// What a description answers: name, status, dates, input and output as JSON, and the
/// error and cause of a failed execution.
fn description() -> Text {
    let opt_json = |field: &str| {
        format!(
            "#if(\"$!input.path('$.{field}')\" != \"\")$input.path('$.{field}')#{{else}}null#end"
        )
    };
    let opt_number = |field: &str| {
        format!(
            "#if(\"$!input.path('$.{field}')\" != \"\"), \"{field}\": $input.path('$.{field}')#end"
        )
    };
    Text::lit(format!(
        "{{\"executionArn\": \"$input.path('$.executionArn')\", \"name\": \"$input.path('$.name')\", \"status\": \"$input.path('$.status')\", \"startDate\": $input.path('$.startDate'){}, \"input\": {}, \"output\": {}{}{}}}",
        opt_number("stopDate"),
        opt_json("input"),
        opt_json("output"),
        optional_string("error"),
        optional_string("cause"),
    ))
}

/// The method of `call` on the execution `id` of the machine the arguments name: the
/// request `{"executionArn": "<machine's executions>:<id>"` with `more` members after it.
fn on_execution(
    path: &ApiPath,
    verb: HttpMethod,
    m: super::Machine,
    id: &str,
    more: &str,
    call: Call,
) -> Result<Method, OpError> {
    m.require(false, call.action)?;
    let mut declared = vtl::Declared::new(path);
    let expr = declared.declare(&RequestValue::parse(id), true, "execution_id")?;
    let mut template = Text::lit("{\"executionArn\": \"");
    template.append(&m.executions);
    template.push_str(&format!(
        "$util.escapeJavaScript({expr}).replaceAll(\"\\\\'\",\"'\")\"{more}}}"
    ));
    Ok(states_method(
        path,
        verb,
        call,
        declared,
        template,
        m.all_executions(),
    ))
}

impl Operation for DescribeExecution {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let call = Call {
            ok: Some(description()),
            errors: &EXECUTION_ERRORS,
            ..Call::new(
                "DescribeExecution",
                "Describe an execution of the state machine",
            )
        };
        on_execution(
            path,
            verb,
            self.machine(owned)?,
            &self.execution_id,
            "",
            call,
        )
    }
}

impl Operation for StopExecution {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let more = format!("{}{}", optional_string("error"), optional_string("cause"));
        let call = Call {
            errors: &EXECUTION_ERRORS,
            ..Call::new("StopExecution", "Stop an execution of the state machine")
        };
        on_execution(
            path,
            verb,
            self.machine(owned)?,
            &self.execution_id,
            &more,
            call,
        )
    }
}
