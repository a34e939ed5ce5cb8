//! Lambda functions an integration needs (the presigned-URL pattern): their code, rendered
//! at synth time, their settings, and exactly the permissions the code uses.

use super::iam::Permission;
use super::text::Text;
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
