//! Security scanner findings gatewright leaves on its outputs on purpose, each with the reason.
//!
//! Scanners such as checkov judge every resource against a fixed list of checks; some checks
//! cannot or should not be met by a generated API (a WAF, a VPC, a customer-managed KMS key
//! are choices of the account, not of one API). Each kind of resource states its own
//! remaining findings next to its settings (`scan_findings` in the kind's file); this module
//! only gathers them per resource, and emitters write them where each format lets a scanner or
//! a reader see them (CloudFormation `Metadata`, Terraform `//` comments, the README).

use super::api::RestApi;
use super::method::HttpMethod;
use super::owned::OwnedKind;
use super::path::ApiPath;
use super::stage::Scope;
use serde::Serialize;

/// Which output formats a scanner check reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Formats {
    /// CloudFormation and Terraform.
    Both,
    /// CloudFormation only.
    CloudFormation,
    /// Terraform only.
    Terraform,
}

/// One output format scanners read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Format {
    /// CloudFormation.
    CloudFormation,
    /// Terraform.
    Terraform,
}

impl Formats {
    /// True when the check reads `format`.
    pub fn includes(self, format: Format) -> bool {
        match format {
            Format::CloudFormation => matches!(self, Formats::Both | Formats::CloudFormation),
            Format::Terraform => matches!(self, Formats::Both | Formats::Terraform),
        }
    }
}

/// One scanner check a resource does not meet, and why that is right for it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Explained {
    /// The check's id (`CKV_AWS_18`).
    pub check: &'static str,
    /// The formats the check reads.
    pub formats: Formats,
    /// Why the resource does not meet it, for a reviewer.
    pub reason: String,
}

impl Explained {
    /// A finding in `formats` with `reason`.
    pub fn new(check: &'static str, formats: Formats, reason: impl Into<String>) -> Explained {
        Explained {
            check,
            formats,
            reason: reason.into(),
        }
    }
}

/// The resource a finding is on, in format-neutral words; each emitter knows its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Scanned {
    /// The REST API.
    RestApi,
    /// The stage.
    Stage,
    /// The stage's access log group.
    AccessLogGroup,
    /// The method settings of every method, or of one route.
    MethodSettings(Option<(ApiPath, HttpMethod)>),
    /// A method.
    Method(ApiPath, HttpMethod),
    /// An owned resource (a function too).
    Owned(OwnedKind, String),
    /// The log group of a function.
    FunctionLogGroup(String),
    /// The log group of an owned state machine.
    StateMachineLogGroup(String),
}

/// Every finding left on `api`'s outputs, per resource, in a stable order.
pub fn findings(api: &RestApi) -> Vec<(Scanned, Explained)> {
    let mut out = Vec::new();
    let mut add = |on: Scanned, list: Vec<Explained>| {
        out.extend(list.into_iter().map(|e| (on.clone(), e)));
    };
    add(Scanned::RestApi, api.scan_findings());
    let s = &api.stage.settings;
    add(
        Scanned::Stage,
        s.scan_findings(api.endpoint != super::EndpointType::Private),
    );
    if s.access_log.is_some() {
        add(Scanned::AccessLogGroup, s.access_log_scan_findings());
    }
    for (scope, t) in s.method_settings() {
        let on = match scope {
            Scope::All => None,
            Scope::Route(p, v) => Some((p.clone(), v)),
        };
        add(
            Scanned::MethodSettings(on),
            t.scan_findings(s.cache_cluster_size.is_some()),
        );
    }
    for m in &api.methods {
        add(Scanned::Method(m.path.clone(), m.verb), m.scan_findings());
    }
    for f in api.functions() {
        add(
            Scanned::Owned(OwnedKind::Function, f.name.clone()),
            f.scan_findings(),
        );
        add(
            Scanned::FunctionLogGroup(f.name.clone()),
            f.log_group_scan_findings(),
        );
    }
    let o = &api.owned;
    let owned = |kind, name: &String| Scanned::Owned(kind, name.clone());
    for (n, t) in &o.topics {
        add(owned(OwnedKind::Topic, n), t.scan_findings());
    }
    for (n, q) in &o.queues {
        add(owned(OwnedKind::Queue, n), q.scan_findings());
    }
    for (n, b) in &o.buckets {
        add(owned(OwnedKind::Bucket, n), b.scan_findings());
    }
    for (n, d) in &o.distributions {
        add(owned(OwnedKind::Distribution, n), d.scan_findings());
    }
    for (n, t) in &o.tables {
        add(owned(OwnedKind::Table, n), t.scan_findings());
    }
    for (n, d) in &o.delivery_streams {
        add(owned(OwnedKind::DeliveryStream, n), d.scan_findings());
    }
    for (n, m) in &o.state_machines {
        add(owned(OwnedKind::StateMachine, n), m.scan_findings());
        add(
            Scanned::StateMachineLogGroup(n.clone()),
            m.log_group_scan_findings(),
        );
    }
    out
}

/// The findings of [`findings`] that scanners see in `format`: those of checks that read it,
/// and none on methods when that format is in the body shape (its methods are then no
/// resources of the output; an `auto` shape that turns into a body is known only once the
/// shape is decided, so until then its methods keep theirs).
pub fn findings_in(api: &RestApi, format: Format) -> Vec<(Scanned, Explained)> {
    let shape = match format {
        Format::Terraform => api.terraform_shape.unwrap_or(api.shape),
        _ => api.shape,
    };
    let body = shape == super::Shape::Body;
    findings(api)
        .into_iter()
        .filter(|(on, e)| {
            e.formats.includes(format) && !(body && matches!(on, Scanned::Method(..)))
        })
        .collect()
}

/// The findings of a log group gatewright creates that keeps its events `retention_days`:
/// no customer-managed key, and under a year of retention for the reason `short_retention`.
pub fn log_group_findings(retention_days: u32, short_retention: &str) -> Vec<Explained> {
    let mut out = vec![Explained::new(
        "CKV_AWS_158",
        Formats::Both,
        reasons::LOGS_KMS,
    )];
    if retention_days < 365 {
        out.push(Explained::new(
            "CKV_AWS_338",
            Formats::Terraform,
            short_retention,
        ));
    }
    out
}

/// Reasons several kinds share.
pub mod reasons {
    /// A customer-managed KMS key for logs.
    pub const LOGS_KMS: &str = "CloudWatch Logs encrypts every log group at rest with keys it manages; a customer-managed KMS key (a key policy naming CloudWatch Logs, a monthly cost) is the account's choice, not one API's";
    /// Log retention shorter than a year.
    pub const LOGS_RETENTION: &str = "the blueprint chooses the retention (default 30 days, set by `retention_days`); a year of logs is a compliance choice that costs storage, not a default";
    /// Caching costs money by the hour.
    pub const CACHING: &str = "caching needs a stage cache cluster, which AWS bills by the hour whether used or not, and would serve stale answers from services whose state changes; turn it on with `stage.cache_cluster_size` and `method_settings.cache`";
}
