//! Owned Step Functions state machines: STANDARD or EXPRESS, their definition (with
//! references to the stack and to other owned resources filled at deploy time), the role
//! Step Functions assumes to run them (the grants the blueprint declares, plus log delivery
//! and X-Ray), and their logging to a log group of their own.

use super::tags::no_tags;
use super::{Attr, KindFacts, Owned, OwnedKind, OwnedResource, TemplateAttr};
use crate::model::iam::{self, Permission};
use crate::model::policy::{PolicyStatement, Role, principal};
use crate::model::text::Text;
use serde::Serialize;
use std::collections::BTreeMap;

/// A state machine: `Ref` is its ARN.
pub(super) const FACTS: KindFacts = KindFacts {
    word: "machine",
    what: "state machine",
    section: "state_machines",
    logical_id_prefix: "StateMachine",
    arn: TemplateAttr::Ref,
    name: TemplateAttr::GetAtt("Name"),
    url: TemplateAttr::Ref,
    refs: &[("arn", Attr::Arn), ("name", Attr::Name)],
    names: |o| o.state_machines.keys().collect(),
    tags: no_tags,
};

/// Days the log group of a state machine keeps events unless the blueprint says otherwise.
pub const DEFAULT_LOG_RETENTION_DAYS: u32 = 365;

/// The actions Step Functions needs to deliver execution logs to CloudWatch Logs. AWS
/// defines no resource type for any of them, so they are granted on `*`.
pub const LOG_DELIVERY_ACTIONS: [&str; 8] = [
    "logs:CreateLogDelivery",
    "logs:DeleteLogDelivery",
    "logs:DescribeLogGroups",
    "logs:DescribeResourcePolicies",
    "logs:GetLogDelivery",
    "logs:ListLogDeliveries",
    "logs:PutResourcePolicy",
    "logs:UpdateLogDelivery",
];

/// The actions X-Ray tracing needs; they have no resource type either.
pub const TRACING_ACTIONS: [&str; 4] = [
    "xray:GetSamplingRules",
    "xray:GetSamplingTargets",
    "xray:PutTelemetryRecords",
    "xray:PutTraceSegments",
];

/// How much of each execution goes to the log group.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum LogLevel {
    /// Every event.
    All,
    /// Errors only (the default: cheap, and enough to see why an execution failed).
    #[default]
    Error,
    /// Fatal errors only.
    Fatal,
    /// Nothing (no log group is created).
    Off,
}

impl LogLevel {
    /// Step Functions' spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            LogLevel::All => "ALL",
            LogLevel::Error => "ERROR",
            LogLevel::Fatal => "FATAL",
            LogLevel::Off => "OFF",
        }
    }
}

/// A Step Functions state machine the blueprint owns.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct StateMachine {
    /// EXPRESS (short, high-volume, synchronous runs possible) rather than STANDARD.
    pub express: bool,
    /// The Amazon States Language definition as JSON text, with deploy-time values.
    pub definition: Text,
    /// What the machine's tasks may do, as the blueprint grants it.
    pub permissions: Vec<Permission>,
    /// How much of each execution is logged.
    pub log_level: LogLevel,
    /// Whether logs carry the execution's input and output (off: they may hold personal data).
    pub include_execution_data: bool,
    /// Days the log group keeps events.
    pub log_retention_days: u32,
    /// X-Ray tracing of executions.
    pub tracing: bool,
}

impl OwnedResource for StateMachine {
    const KIND: OwnedKind = OwnedKind::StateMachine;
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, StateMachine> {
        &mut owned.state_machines
    }
}

impl StateMachine {
    /// `EXPRESS` or `STANDARD`.
    pub fn type_word(&self) -> &'static str {
        if self.express { "EXPRESS" } else { "STANDARD" }
    }

    /// Whether the machine logs to a log group of its own.
    pub fn logs(&self) -> bool {
        self.log_level != LogLevel::Off
    }

    /// The name of the machine's log group, under `/aws/vendedlogs/` as AWS advises for
    /// vended logs (it keeps the log resource policy small); `scope` makes it unique per
    /// stack or configuration.
    pub fn log_group_name(&self, scope: &str, name: &str) -> String {
        format!("/aws/vendedlogs/states/{scope}-{name}")
    }

    /// The role Step Functions assumes to run the machine: its grants, then log delivery
    /// and tracing where those are on.
    pub fn role(&self, name: &str) -> Role {
        let mut policy = iam::document(&iam::statements(&self.permissions));
        let any = || vec![Text::lit("*")];
        if self.logs() {
            policy.statements.push(PolicyStatement::allow(
                LOG_DELIVERY_ACTIONS.map(String::from).to_vec(),
                any(),
            ));
        }
        if self.tracing {
            policy.statements.push(PolicyStatement::allow(
                TRACING_ACTIONS.map(String::from).to_vec(),
                any(),
            ));
        }
        Role {
            description: format!("Role of the {name} state machine"),
            service: principal::STATES,
            policy_name: "state-machine",
            policy,
        }
    }
}

impl StateMachine {
    /// Scanner checks the state machine does not meet, and why.
    pub fn scan_findings(&self) -> Vec<crate::model::scan::Explained> {
        use crate::model::scan::{Explained, Formats};
        let mut out = Vec::new();
        if !self.logs() {
            out.push(Explained::new(
                "CKV_AWS_285",
                Formats::Terraform,
                "execution logging is on by default (level ERROR) and was turned off by the blueprint (`logging: { level: OFF }`)",
            ));
        } else if !self.include_execution_data {
            out.push(Explained::new(
                "CKV_AWS_285",
                Formats::Terraform,
                "executions are logged, without their input and output by default: those may hold personal data, so logging them is the blueprint's choice (`include_execution_data: true`)",
            ));
        }
        if !self.tracing {
            out.push(Explained::new(
                "CKV_AWS_284",
                Formats::Terraform,
                "X-Ray tracing is on by default and was turned off by the blueprint (`tracing: false`)",
            ));
        }
        out
    }

    /// Scanner checks the machine's log group does not meet, and why.
    pub fn log_group_scan_findings(&self) -> Vec<crate::model::scan::Explained> {
        if !self.logs() {
            return Vec::new();
        }
        crate::model::scan::log_group_findings(
            self.log_retention_days,
            "the log group keeps a year of events by default; the blueprint chose a shorter retention (`logging: { retention_days }`)",
        )
    }
}
