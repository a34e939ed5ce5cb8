//! `owns: { state_machines, event_buses }`: Step Functions state machines and EventBridge
//! buses with their rules, mirroring the YAML one to one.

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// STANDARD or EXPRESS.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize, JsonSchema)]
pub enum MachineType {
    /// Long-running, exactly-once executions, described and stopped by ARN (the default).
    #[default]
    #[serde(rename = "STANDARD")]
    Standard,
    /// Short (up to five minutes), high-volume executions; the only type
    /// `stepfunctions.start_sync_execution` can run.
    #[serde(rename = "EXPRESS")]
    Express,
}

/// How much of each execution is logged.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
pub enum LogLevelSpec {
    /// Every event.
    #[serde(rename = "ALL")]
    All,
    /// Errors only (the default).
    #[serde(rename = "ERROR")]
    Error,
    /// Fatal errors only.
    #[serde(rename = "FATAL")]
    Fatal,
    /// No logging, and no log group.
    #[serde(rename = "OFF")]
    Off,
}

/// Logging of a state machine's executions to a log group of its own.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MachineLoggingSpec {
    /// `ALL`, `ERROR` (default), `FATAL` or `OFF`.
    #[serde(default)]
    pub level: Option<LogLevelSpec>,
    /// Also log each execution's input and output (off by default: they may hold personal
    /// data).
    #[serde(default)]
    pub include_execution_data: bool,
    /// Days the log group keeps events (default 365; one of CloudWatch Logs' values).
    #[serde(default)]
    pub retention_days: Option<u32>,
}

/// What the state machine's tasks may do: exact actions on resource ARNs (which may be
/// owned resources' `${orders.arn}` or hold `${AWS::Region}`-style stack values).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MachineGrantSpec {
    /// Exact IAM actions (`sqs:SendMessage`); wildcards are refused.
    pub actions: Vec<String>,
    /// Resource ARNs.
    pub resources: Vec<String>,
}

/// A Step Functions state machine.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StateMachineSpec {
    /// `STANDARD` (default) or `EXPRESS`.
    #[serde(default, rename = "type")]
    pub machine_type: MachineType,
    /// The Amazon States Language definition as a mapping (`StartAt`, `States`); strings may
    /// hold `${AWS::Region}`-style stack values and owned resources' `${jobs.arn}`.
    #[serde(default)]
    pub definition: Option<serde_json::Value>,
    /// Or a JSON or YAML file holding the definition, relative to the blueprint.
    #[serde(default)]
    pub definition_file: Option<String>,
    /// What the machine's tasks may do; its role grants exactly these (plus log delivery
    /// and X-Ray when those are on).
    #[serde(default)]
    pub grants: Vec<MachineGrantSpec>,
    /// Execution logging (default: errors, without execution data, kept 365 days).
    #[serde(default)]
    pub logging: Option<MachineLoggingSpec>,
    /// X-Ray tracing of executions (default on).
    #[serde(default)]
    pub tracing: Option<bool>,
}

/// Where a rule delivers matching events: exactly one owned resource.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleTargetSpec {
    /// An owned queue; its queue policy lets EventBridge send for this rule only.
    #[serde(default)]
    pub queue: Option<String>,
    /// An owned state machine, started with the event as input through a role allowed
    /// `states:StartExecution` on it only.
    #[serde(default)]
    pub state_machine: Option<String>,
}

/// A rule of an event bus.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RuleSpec {
    /// The event pattern, as a mapping (`{ source: [orders], detail-type: [Shipped] }`).
    pub pattern: serde_json::Value,
    /// Where matching events go (up to five targets).
    pub targets: Vec<RuleTargetSpec>,
}

/// An EventBridge event bus; `${orders.arn}` and `${orders.name}` refer to it, and each rule
/// is owned as `<bus>-<rule>` (`${orders-shipped.arn}`).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct EventBusSpec {
    /// Rules by name.
    #[serde(default)]
    pub rules: BTreeMap<String, RuleSpec>,
}
