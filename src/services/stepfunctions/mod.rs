//! AWS Step Functions through API Gateway's `states:action/<Action>` integration: start an
//! execution (or run an EXPRESS machine synchronously and answer with its output), describe
//! or stop an execution, and report a waiting task's outcome with its task token. Each
//! operation names an owned state machine or one by ARN, and the execution role may do its
//! one action on exactly that machine (or its executions).

mod args;
mod executions;
mod start;
mod tasks;
#[cfg(test)]
mod tests;

pub use executions::{DescribeExecution, StopExecution};
pub use start::{StartExecution, StartSyncExecution};
pub use tasks::{SendTaskFailure, SendTaskSuccess};

use super::{common, vtl};
use crate::codes;
use crate::model::{
    ApiPath, Attr, HttpMethod, Integration, IntegrationResponse, Method, MethodResponse, OpError,
    Owned, OwnedKind, Passthrough, Permission, Pseudo, Target, Text,
};
use std::collections::BTreeMap;

/// A state machine an operation works on.
pub(crate) struct Machine {
    /// Its ARN.
    arn: Text,
    /// The start of the ARN of its executions: `arn:<partition>:states:<region>:<account>:execution:<machine name>:`.
    executions: Text,
    /// EXPRESS or not, when the blueprint owns it.
    express: Option<bool>,
}

/// The machine named by `state_machine` (owned) or `state_machine_arn`.
pub(crate) fn machine(
    name: Option<&str>,
    arn: Option<&str>,
    owned: &Owned,
) -> Result<Machine, OpError> {
    match (name, arn) {
        (Some(n), None) => {
            let r = |attr| crate::model::owned::text_ref(OwnedKind::StateMachine, n, attr);
            let mut executions = Text::lit("arn:");
            executions
                .push(Pseudo::Partition)
                .push_str(":states:")
                .push(Pseudo::Region)
                .push_str(":")
                .push(Pseudo::AccountId)
                .push_str(":execution:")
                .append(&r(Attr::Name))
                .push_str(":");
            Ok(Machine {
                arn: r(Attr::Arn),
                executions,
                express: owned.state_machines.get(n).map(|m| m.express),
            })
        }
        (None, Some(a)) => {
            let bad = || {
                OpError::field(
                    codes::ARGUMENT,
                    "state_machine_arn",
                    format!("`{a}` is not a state machine ARN"),
                )
                .help("write arn:aws:states:<region>:<account>:stateMachine:<name>; `${AWS::Region}` and `${AWS::AccountId}` are the deployment's own")
            };
            let Some((text, f)) = common::arn_fields(a, "state_machine_arn", owned)? else {
                return Err(bad());
            };
            let machine_name = f[5]
                .as_literal()
                .and_then(|r| r.strip_prefix("stateMachine:").map(str::to_string))
                .filter(|n| !n.is_empty() && !n.contains(':'))
                .ok_or_else(bad)?;
            if f[2].as_literal().as_deref() != Some("states") {
                return Err(bad());
            }
            let mut executions = Text::lit("arn:");
            executions
                .append(&f[1])
                .push_str(":states:")
                .append(&f[3])
                .push_str(":")
                .append(&f[4])
                .push_str(&format!(":execution:{machine_name}:"));
            Ok(Machine {
                arn: text,
                executions,
                express: None,
            })
        }
        _ => Err(OpError::field(
            codes::ARGUMENT,
            "state_machine",
            "name the state machine with exactly one of `state_machine` (owned) or `state_machine_arn`",
        )
        .help("declare it under `owns: { state_machines: ... }` and write `state_machine: <name>`")),
    }
}

impl Machine {
    /// Every execution of the machine: `...:execution:<machine name>:*`.
    fn all_executions(&self) -> Text {
        let mut t = self.executions.clone();
        t.push_str("*");
        t
    }

    /// Refuses an owned machine of the wrong type for `action`.
    fn require(&self, express: bool, action: &str) -> Result<(), OpError> {
        match self.express {
            Some(e) if e != express => Err(OpError::field(
                codes::ARGUMENT,
                "state_machine",
                format!(
                    "{action} works on {} state machines only, and this one is {}",
                    if express { "EXPRESS" } else { "STANDARD" },
                    if e { "EXPRESS" } else { "STANDARD" }
                ),
            )
            .help(if express {
                "set `type: EXPRESS` on the machine, or call `stepfunctions.start_execution`"
            } else {
                "EXPRESS executions are not kept for describing or stopping: use a STANDARD machine"
            })),
            _ => Ok(()),
        }
    }
}

/// A JSON string of VTL expression `expr` (which yields any text), escaped as JSON needs.
/// `escapeJavaScript` writes `'` as `\'`, which JSON does not know; it is put back.
pub(crate) fn json_string(expr: &str) -> String {
    format!("\"$util.escapeJavaScript({expr}).replaceAll(\"\\\\'\",\"'\")\"")
}

/// A template for the 4xx answer of Step Functions: the error passed through, with the
/// status changed to the one each named error deserves. `__type` may carry a namespace
/// (`...#ExecutionDoesNotExist`), so the name is looked for inside it; with `replace`, which
/// Java's String and the engines that emulate VTL elsewhere (LocalStack's) both have.
pub(crate) fn error_template(statuses: &[(&str, u16)]) -> Text {
    let mut s = String::from("#set($type = \"$!input.path('$.__type')\")\n");
    for (error, status) in statuses {
        s.push_str(&format!(
            "#if($type.replace('{error}', '') != $type)#set($context.responseOverride.status = {status})#end\n"
        ));
    }
    s.push_str("$input.json('$')");
    Text::lit(s)
}

/// A JSON member `, "<field>": "<the body's field>"`, written only when the request body has
/// the string `field` (an execution's or task's `error` and `cause`).
pub(crate) fn optional_string(field: &str) -> String {
    format!(
        "#if(\"$!input.path('$.{field}')\" != \"\"), \"{field}\": {}#end",
        json_string(&format!("$input.path('$.{field}')"))
    )
}

/// What one Step Functions action answers, besides its request template: its name, the
/// method's summary, the success template (`None`: the answer passes through), the named
/// errors whose 4xx answers get a status of their own, and the further statuses the success
/// template may set.
pub(crate) struct Call {
    /// The action (`StartExecution`); the role may do `states:<action>`.
    pub action: &'static str,
    /// The method's summary.
    pub summary: &'static str,
    /// The success template.
    pub ok: Option<Text>,
    /// Named errors and the status each answers.
    pub errors: &'static [(&'static str, u16)],
    /// Statuses the success template may set.
    pub extra_statuses: &'static [u16],
}

impl Call {
    /// `action`, summed up as `summary`, whose answer passes through as it is.
    pub(crate) fn new(action: &'static str, summary: &'static str) -> Call {
        Call {
            action,
            summary,
            ok: None,
            errors: &[],
            extra_statuses: &[],
        }
    }
}

/// The method for one Step Functions call: request `template` for JSON bodies (others are
/// refused), the call's answers, its extra statuses declared as method responses, and the
/// role allowed `states:<action>` on `resource` only.
pub(crate) fn states_method(
    path: &ApiPath,
    verb: HttpMethod,
    call: Call,
    declared: vtl::Declared<'_>,
    template: Text,
    resource: Text,
) -> Method {
    let permission = Permission::allow(vec![format!("states:{}", call.action)], vec![resource]);
    let mut templates = BTreeMap::new();
    templates.insert("application/json".to_string(), template);
    let mut responses = common::integration_responses(call.ok);
    if !call.errors.is_empty()
        && let Some(r) = responses
            .iter_mut()
            .find(|r: &&mut IntegrationResponse| r.status == "400")
    {
        r.templates
            .insert("application/json".into(), error_template(call.errors));
    }
    let integration = Integration {
        request_templates: templates,
        passthrough: Passthrough::Never,
        responses,
        ..common::integration(
            "states",
            Target::Action(call.action.into()),
            HttpMethod::Post,
            None,
            vec![permission],
        )
    };
    let params = declared.params;
    let mut m = common::method(path, verb, call.action, call.summary, params, integration);
    let mut statuses: Vec<u16> = call.errors.iter().map(|(_, s)| *s).collect();
    statuses.extend_from_slice(call.extra_statuses);
    statuses.sort_unstable();
    statuses.dedup();
    for s in statuses {
        m.responses.push(MethodResponse::new(s.to_string()));
    }
    m
}

crate::service_operations! {
    "start_execution" => StartExecution => |a: StartExecution| a, example: ("POST /approvals", "{ state_machine: approvals }"),
    "start_sync_execution" => StartSyncExecution => |a: StartSyncExecution| a, example: ("POST /checkout", "{ state_machine: checkout }"),
    "describe_execution" => DescribeExecution => |a: DescribeExecution| a, example: ("GET /approvals/{id}", "{ state_machine: approvals, execution_id: \"{id}\" }"),
    "stop_execution" => StopExecution => |a: StopExecution| a, example: ("DELETE /approvals/{id}", "{ state_machine: approvals, execution_id: \"{id}\" }"),
    "send_task_success" => SendTaskSuccess => |a: SendTaskSuccess| a, example: ("POST /approvals/approve", "{ state_machine: approvals }"),
    "send_task_failure" => SendTaskFailure => |a: SendTaskFailure| a, example: ("POST /approvals/reject", "{ state_machine: approvals }"),
}
