//! `gatewright diff`: what changed in an API between two versions, for reviewers. Each side
//! (a blueprint, an OpenAPI 3.0 or Swagger 2.0 document, a CloudFormation template, or a
//! blueprint at a git revision) is read into one [`ApiView`]: routes with their aspects
//! (integration, mappings, templates, responses, auth, validation), IAM grants, API settings
//! and the other resources the stack owns. Two views are compared into a [`Report`] whose
//! categories CI can fail on (`--fail-on iam-widened,route-removed`).

mod cloudformation;
mod named;
mod openapi;
mod plain;
mod report;
mod side;

pub use openapi::response_parts as openapi_response_parts;
pub use openapi::view as openapi_view;
pub use report::{AspectChange, Category, Report, RouteChange, SettingChange};
pub use side::load_side;

use serde::Serialize;
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};

/// One API as `diff` compares it: every field normalized so that spellings that mean the same
/// (a missing selection pattern and `default`, `when_no_match` and `WHEN_NO_MATCH`, a header
/// parameter in OpenAPI and in CloudFormation) compare equal.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiView {
    /// `METHOD /path` to aspect name to its normalized value.
    pub routes: BTreeMap<String, BTreeMap<&'static str, Value>>,
    /// What the roles of the stack may do, one action on one resource each.
    pub grants: BTreeSet<Grant>,
    /// API-wide settings (`stage.TracingEnabled`, `api.BinaryMediaTypes`, `model.Task`).
    pub settings: BTreeMap<String, Value>,
    /// Other resources of the stack (`QueueJobs (AWS::SQS::Queue)`) and their properties.
    pub resources: BTreeMap<String, Value>,
}

/// One IAM permission: a role may (or may not) do one action on one resource.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Grant {
    /// The role's logical id in the template.
    pub role: String,
    /// `Allow` or `Deny`.
    pub effect: String,
    /// One action (`sqs:SendMessage`); `NOT x` for a `NotAction` entry.
    pub action: String,
    /// One resource, intrinsics written as `${Logical.Attr}`.
    pub resource: String,
    /// The statement's condition as compact JSON, empty when there is none.
    pub condition: String,
}

impl Grant {
    /// Whether the grant allows (rather than denies).
    pub fn allows(&self) -> bool {
        self.effect == "Allow"
    }
}

impl std::fmt::Display for Grant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: {} {} on {}",
            self.role, self.effect, self.action, self.resource
        )?;
        if !self.condition.is_empty() {
            write!(f, " when {}", self.condition)?;
        }
        Ok(())
    }
}

/// Compares two views: routes added, removed and changed aspect by aspect, grants widened or
/// narrowed, settings and resources changed.
pub fn compare(old: &ApiView, new: &ApiView) -> Report {
    let mut r = Report::default();
    for (key, aspects) in &new.routes {
        match old.routes.get(key) {
            None => r.routes_added.push(key.clone()),
            Some(before) => {
                let changes = report::aspect_changes(before, aspects);
                if !changes.is_empty() {
                    r.routes_changed.push(RouteChange {
                        route: key.clone(),
                        changes,
                    });
                }
            }
        }
    }
    r.routes_removed = old
        .routes
        .keys()
        .filter(|k| !new.routes.contains_key(*k))
        .cloned()
        .collect();
    for g in new.grants.difference(&old.grants) {
        if g.allows() {
            r.iam_widened.push(g.clone());
        } else {
            r.iam_narrowed.push(g.clone());
        }
    }
    for g in old.grants.difference(&new.grants) {
        if g.allows() {
            r.iam_narrowed.push(g.clone());
        } else {
            r.iam_widened.push(g.clone());
        }
    }
    r.settings_changed = report::map_changes(&old.settings, &new.settings);
    for c in report::map_changes(&old.resources, &new.resources) {
        match (&c.old, &c.new) {
            (None, _) => r.resources_added.push(c.key),
            (_, None) => r.resources_removed.push(c.key),
            _ => r.resources_changed.push(c),
        }
    }
    r
}
