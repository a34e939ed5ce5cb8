//! `describe_execution` and `stop_execution`: the execution is named by its id (a path
//! parameter, header or query value) and its ARN is built from the machine's, so clients
//! never handle ARNs and the role reaches that machine's executions only.

use super::{json_string, machine, states_method};
use crate::model::{ApiPath, HttpMethod, Method, OpError, Operation, Owned, Permission, Text};
use crate::services::vtl::{self, RequestValue};
use schemars::JsonSchema;
use serde::Deserialize;

/// `stepfunctions.describe_execution`: an execution of a STANDARD machine, with its input
/// and output as JSON (not strings); 404 when there is no such execution.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DescribeExecution {
    /// A STANDARD state machine the blueprint owns.
    #[serde(default)]
    pub state_machine: Option<String>,
    /// Or any STANDARD state machine, by ARN.
    #[serde(default)]
    pub state_machine_arn: Option<String>,
    /// The execution's name, the last part of its ARN: `{id}` (a path parameter),
    /// `header.<name>` or `querystring.<name>`.
    pub execution_id: String,
}

/// `stepfunctions.stop_execution`: stop an execution of a STANDARD machine; the request
/// body may give `error` and `cause`. 404 when there is no such execution.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StopExecution {
    /// A STANDARD state machine the blueprint owns.
    #[serde(default)]
    pub state_machine: Option<String>,
    /// Or any STANDARD state machine, by ARN.
    #[serde(default)]
    pub state_machine_arn: Option<String>,
    /// The execution's name: `{id}`, `header.<name>` or `querystring.<name>`.
    pub execution_id: String,
}

/// `{"executionArn": "<machine's executions>:<id>"` (left open for more fields).
fn execution_arn(
    executions: &Text,
    id: &str,
    declared: &mut vtl::Declared,
) -> Result<Text, OpError> {
    let expr = declared.declare(&RequestValue::parse(id), true, "execution_id")?;
    let mut t = Text::lit("{\"executionArn\": \"");
    t.append(executions);
    t.push_str(&format!(
        "$util.escapeJavaScript({expr}).replaceAll(\"\\\\'\",\"'\")\""
    ));
    Ok(t)
}

/// What a description answers: name, status, dates, input and output as JSON, and the
/// error and cause of a failed execution.
fn description() -> Text {
    let opt_json = |field: &str| {
        format!(
            "#if(\"$!input.path('$.{field}')\" != \"\")$input.path('$.{field}')#{{else}}null#end"
        )
    };
    let opt_string = |field: &str| {
        format!(
            "#if(\"$!input.path('$.{field}')\" != \"\"), \"{field}\": {}#end",
            json_string(&format!("$input.path('$.{field}')"))
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
        opt_string("error"),
        opt_string("cause"),
    ))
}

impl Operation for DescribeExecution {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let m = machine(
            self.state_machine.as_deref(),
            self.state_machine_arn.as_deref(),
            owned,
        )?;
        m.require(false, "DescribeExecution")?;
        let mut declared = vtl::Declared::new(path);
        let mut template = execution_arn(&m.executions, &self.execution_id, &mut declared)?;
        template.push_str("}");
        let permission = Permission::allow(
            vec!["states:DescribeExecution".into()],
            vec![m.all_executions()],
        );
        Ok(states_method(
            path,
            verb,
            "DescribeExecution",
            "Describe an execution of the state machine",
            declared.params,
            template,
            Some(description()),
            &[("ExecutionDoesNotExist", 404)],
            &[],
            permission,
        ))
    }
}

impl Operation for StopExecution {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let m = machine(
            self.state_machine.as_deref(),
            self.state_machine_arn.as_deref(),
            owned,
        )?;
        m.require(false, "StopExecution")?;
        let mut declared = vtl::Declared::new(path);
        let mut template = execution_arn(&m.executions, &self.execution_id, &mut declared)?;
        for field in ["error", "cause"] {
            template.push_str(&format!(
                "#if(\"$!input.path('$.{field}')\" != \"\"), \"{field}\": {}#end",
                json_string(&format!("$input.path('$.{field}')"))
            ));
        }
        template.push_str("}");
        let permission = Permission::allow(
            vec!["states:StopExecution".into()],
            vec![m.all_executions()],
        );
        Ok(states_method(
            path,
            verb,
            "StopExecution",
            "Stop an execution of the state machine",
            declared.params,
            template,
            None,
            &[("ExecutionDoesNotExist", 404)],
            &[],
            permission,
        ))
    }
}
