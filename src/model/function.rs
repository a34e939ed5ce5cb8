//! Lambda functions an integration needs (the presigned-URL pattern): their code, rendered
//! at synth time, their settings, and exactly the permissions the code uses.

use super::iam::{self, Permission};
use super::owned::{Attr, KindFacts, TemplateAttr, no_tags};
use super::policy::{PolicyStatement, Role, principal};
use super::scan::{Explained, Formats, reasons};
use super::text::{Generated, Text};
use serde::Serialize;
use std::collections::BTreeMap;

/// A Lambda function created with the API, invoked through a Lambda proxy integration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Function {
    /// Name within the API (`presign-put-uploads`): names its resources in every format.
    pub name: String,
    /// What it does.
    pub description: String,
    /// Runtime (`python3.12`).
    pub runtime: String,
    /// Source of `index.py`, the whole program.
    pub code: String,
    /// Environment variables; values may be deploy-time values (a bucket's name).
    pub environment: BTreeMap<String, Text>,
    /// What its role must allow besides writing its own logs.
    pub permissions: Vec<Permission>,
    /// Seconds before Lambda stops it.
    pub timeout_seconds: u32,
    /// Memory in MB.
    pub memory_mb: u32,
    /// Days its log group keeps logs.
    pub log_retention_days: u32,
}

impl Function {
    /// The handler entry point in `index.py`.
    pub const HANDLER: &'static str = "index.handler";
    /// The file name of the code in the deployment package.
    pub const FILE: &'static str = "index.py";
}

/// A generated function: `Ref` is its name. Functions are declared by their integrations, so
/// `owns:` has no key for them.
pub(super) const FACTS: KindFacts = KindFacts {
    word: "function",
    what: "function",
    section: "functions",
    logical_id_prefix: "Function",
    arn: TemplateAttr::GetAtt("Arn"),
    name: TemplateAttr::Ref,
    url: TemplateAttr::Ref,
    refs: &[("arn", Attr::Arn), ("name", Attr::Name)],
    names: |_| Vec::new(),
    tags: no_tags,
};

/// What a function's role allows on its own log group.
pub const LOG_ACTIONS: [&str; 2] = ["logs:CreateLogStream", "logs:PutLogEvents"];

/// The log group a function writes to, with one physical name in every format.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LogGroup {
    /// `/gatewright/{api}-{stage}/{function}`.
    pub name: String,
    /// Days it keeps logs.
    pub retention_days: u32,
}

impl Function {
    /// The function's physical name within `scope` (the API's [`RestApi::scope`]), where a
    /// format names it.
    ///
    /// [`RestApi::scope`]: super::RestApi::scope
    pub fn physical_name(&self, scope: &str) -> String {
        super::names::bounded(
            &format!("{scope}-{}", self.name),
            crate::limits::MAX_FUNCTION_NAME,
        )
    }

    /// Its log group within `scope` (the API's [`RestApi::scope`]).
    ///
    /// [`RestApi::scope`]: super::RestApi::scope
    pub fn log_group(&self, scope: &str) -> LogGroup {
        LogGroup {
            name: format!("/gatewright/{scope}/{}", self.name),
            retention_days: self.log_retention_days,
        }
    }

    /// Its role: assumed by Lambda only, allowed exactly what the code does plus writing its
    /// own log group.
    pub fn role(&self) -> Role {
        let mut policy = iam::document(&iam::statements(&self.permissions));
        let mut streams = Text::default();
        streams.push_api(Generated::LogStreams(self.name.clone()));
        policy.statements.push(PolicyStatement::allow(
            LOG_ACTIONS.map(String::from).to_vec(),
            vec![streams],
        ));
        Role {
            description: format!("Role of the {} function", self.name),
            service: principal::LAMBDA,
            policy_name: "function",
            policy,
        }
    }
}

impl Function {
    /// Scanner checks the function does not meet, and why (see [`super::scan`]).
    pub fn scan_findings(&self) -> Vec<Explained> {
        vec![
            Explained::new(
                "CKV_AWS_115",
                Formats::Both,
                "reserved concurrency would take capacity from the account's shared pool for a small function; the stage's throttling limits how often API Gateway calls it",
            ),
            Explained::new(
                "CKV_AWS_116",
                Formats::Both,
                "API Gateway invokes the function synchronously and answers the caller with its errors; a dead-letter queue only ever receives failed asynchronous invocations",
            ),
            Explained::new(
                "CKV_AWS_117",
                Formats::Both,
                "the function calls AWS APIs only, over their endpoints with SigV4; putting it in a VPC (subnets, NAT or VPC endpoints) is the account's network design, not the API's",
            ),
            Explained::new(
                "CKV_AWS_173",
                Formats::Both,
                "its environment variables hold names and settings, no secrets, and Lambda encrypts them at rest with its own key; a customer-managed key adds a key policy for no gain",
            ),
            Explained::new(
                "CKV_AWS_272",
                Formats::Terraform,
                "the code is generated by gatewright and shipped in this file, reviewed with it; code signing needs an AWS Signer profile the account owns",
            ),
            Explained::new(
                "CKV_AWS_50",
                Formats::Terraform,
                "X-Ray tracing of a function needs `xray:PutTraceSegments` on `*` (X-Ray has no resource-level permissions), which least privilege keeps out of the function's role; the stage's X-Ray trace shows the call to the function",
            ),
        ]
    }

    /// Scanner checks the function's log group does not meet, and why.
    pub fn log_group_scan_findings(&self) -> Vec<Explained> {
        super::scan::log_group_findings(self.log_retention_days, reasons::LOGS_RETENTION)
    }
}
