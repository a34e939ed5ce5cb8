//! `start_execution` and `start_sync_execution`: the request body (or a template) becomes
//! the execution's input; the synchronous run answers with the execution's output itself.

use super::args::machine_args;
use super::{Call, json_string, states_method};
use crate::codes;
use crate::model::reference::{self, Place};
use crate::model::{ApiPath, HttpMethod, Method, OpError, Operation, Owned, Text};
use crate::services::vtl::{self, RequestValue};

machine_args! {
    /// `stepfunctions.start_execution`: start an execution with the request body as input;
    /// answers `{ executionArn, startDate }`.
    pub struct StartExecution {
        /// A state machine the blueprint owns (`owns: { state_machines: { approvals: ... } }`).
        state_machine,
        /// Or any state machine, by ARN (`arn:aws:states:<region>:<account>:stateMachine:<name>`).
        state_machine_arn,
        /// The execution's input as a mapping template that writes JSON (default: the request
        /// body, `$input.json('$')`).
        #[serde(default)]
        pub input: Option<String>,
        /// The execution's name (`header.<name>`, `{param}` or `querystring.<name>`): names are
        /// unique per machine, so a repeated name answers 409 (idempotent starts). Default: one
        /// Step Functions chooses.
        #[serde(default)]
        pub name: Option<String>,
    }
}

machine_args! {
    /// `stepfunctions.start_sync_execution`: run an EXPRESS machine with the request body as
    /// input and answer with its output; a failed execution answers 500 and a timed-out one
    /// 504, with its `error` and `cause`.
    pub struct StartSyncExecution {
        /// An EXPRESS state machine the blueprint owns.
        state_machine,
        /// Or any EXPRESS state machine, by ARN.
        state_machine_arn,
        /// The execution's input as a mapping template that writes JSON (default: the request
        /// body).
        #[serde(default)]
        pub input: Option<String>,
        /// The execution's name (`header.<name>`, `{param}` or `querystring.<name>`).
        #[serde(default)]
        pub name: Option<String>,
    }
}

impl StartExecution {
    /// Start executions of the owned machine `name` with the request body as input.
    pub fn of(name: impl Into<String>) -> StartExecution {
        StartExecution {
            state_machine: Some(name.into()),
            ..StartExecution::default()
        }
    }
}

impl StartSyncExecution {
    /// Run the owned EXPRESS machine `name` with the request body as input.
    pub fn of(name: impl Into<String>) -> StartSyncExecution {
        StartSyncExecution {
            state_machine: Some(name.into()),
            ..StartSyncExecution::default()
        }
    }
}

/// The request template: machine ARN, input, and the name if one is taken from the request.
fn request(
    arn: &Text,
    input: Option<&str>,
    name: Option<&str>,
    declared: &mut vtl::Declared,
    owned: &Owned,
) -> Result<Text, OpError> {
    let mut t = Text::default();
    let input_expr = match input {
        None => "$input.json('$')".to_string(),
        Some(tpl) => {
            let body = reference::parse(tpl, Place::Template, owned)
                .map_err(|e| e.into_op_error("input"))?;
            // A defined block passed to a method is no string in Velocity: it is rendered
            // into one first.
            t.push_str("#define($executionInput)");
            t.append(&body);
            t.push_str("#end\n#set($executionInputText = \"$executionInput\")\n");
            "$executionInputText".to_string()
        }
    };
    t.push_str("{\"stateMachineArn\": \"");
    t.append(arn);
    t.push_str(&format!("\", \"input\": {}", json_string(&input_expr)));
    if let Some(n) = name {
        let v = RequestValue::parse(n);
        if let RequestValue::Fixed(_) = v {
            return Err(OpError::field(
                codes::ARGUMENT,
                "name",
                "a fixed execution name lets the machine run once only",
            )
            .help("take the name from the request: `header.Idempotency-Key`, `{id}` or `querystring.name`"));
        }
        let expr = declared.declare(&v, true, "name")?;
        t.push_str(&format!(", \"name\": {}", json_string(&expr)));
    }
    t.push_str("}");
    Ok(t)
}

/// The method of a start: `call` on the machine ARN `arn`, with the request template of
/// `input` and `name`.
fn start(
    path: &ApiPath,
    verb: HttpMethod,
    owned: &Owned,
    arn: Text,
    (input, name): (Option<&str>, Option<&str>),
    call: Call,
) -> Result<Method, OpError> {
    let mut declared = vtl::Declared::new(path);
    let template = request(&arn, input, name, &mut declared, owned)?;
    Ok(states_method(path, verb, call, declared, template, arn))
}

impl Operation for StartExecution {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let m = self.machine(owned)?;
        let call = Call {
            errors: &[("ExecutionAlreadyExists", 409)],
            ..Call::new(
                "StartExecution",
                "Start an execution of the state machine with the request body as input",
            )
        };
        let args = (self.input.as_deref(), self.name.as_deref());
        start(path, verb, owned, m.arn, args, call)
    }
}

/// The answer of a synchronous run: the output when it succeeded, else its status, error and
/// cause, with 504 for a timeout and 500 for any other failure.
fn sync_output() -> Text {
    Text::lit(format!(
        "#set($status = \"$!input.path('$.status')\")\n\
         #if($status == 'SUCCEEDED')$input.path('$.output')#else\n\
         #if($status == 'TIMED_OUT')#set($context.responseOverride.status = 504)#else#set($context.responseOverride.status = 500)#end\n\
         {{\"status\": \"$status\", \"error\": {}, \"cause\": {}}}#end",
        json_string("\"$!input.path('$.error')\""),
        json_string("\"$!input.path('$.cause')\""),
    ))
}

impl Operation for StartSyncExecution {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let m = self.machine(owned)?;
        m.require(true, "StartSyncExecution")?;
        let call = Call {
            ok: Some(sync_output()),
            extra_statuses: &[504],
            ..Call::new(
                "StartSyncExecution",
                "Run the EXPRESS state machine with the request body as input and answer with its output",
            )
        };
        let args = (self.input.as_deref(), self.name.as_deref());
        start(path, verb, owned, m.arn, args, call)
    }
}
