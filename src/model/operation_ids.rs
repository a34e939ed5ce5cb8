//! Unique `operationId`s: the model's id where it is unique, else the id followed by the
//! resource name (`GetObjectFolderItem`), then by the method name, then by a counter. Both
//! OpenAPI documents and the Terraform body name operations by them, so a run derives them
//! once (see [`RestApi::remember_derived`]).

use crate::model::RestApi;
use crate::model::names::method_name;
use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

impl RestApi {
    /// One `operationId` per method, in the order of `methods`; remembered once
    /// [`RestApi::remember_derived`] was called.
    pub fn operation_ids(&self) -> Cow<'_, [String]> {
        match self.memo.operation_ids.get() {
            Some(ids) => Cow::Borrowed(ids),
            None => Cow::Owned(operation_ids(self)),
        }
    }
}

/// One `operationId` per method of `api`, in the order of `api.methods`.
pub(super) fn operation_ids(api: &RestApi) -> Vec<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &api.methods {
        *count.entry(m.operation_id.as_str()).or_default() += 1;
    }
    let resources = api.resource_names();
    // First choice per method; clashes among first choices fall back to the method name.
    let first: Vec<String> = api
        .methods
        .iter()
        .map(|m| {
            if count[m.operation_id.as_str()] == 1 {
                m.operation_id.clone()
            } else {
                format!("{}{}", m.operation_id, resources[&m.path].pascal)
            }
        })
        .collect();
    let mut first_count: BTreeMap<&str, usize> = BTreeMap::new();
    for id in &first {
        *first_count.entry(id.as_str()).or_default() += 1;
    }
    let mut taken = BTreeSet::new();
    api.methods
        .iter()
        .zip(&first)
        .map(|(m, id)| {
            let mut id = if first_count[id.as_str()] == 1 {
                id.clone()
            } else {
                let r = &resources[&m.path];
                format!("{}{}", m.operation_id, method_name(r, m.verb).pascal)
            };
            // A user id may already spell a derived one; number the later ones.
            if taken.contains(&id) {
                let base = id.clone();
                let mut n = 2;
                while taken.contains(&id) {
                    id = format!("{base}{n}");
                    n += 1;
                }
            }
            taken.insert(id.clone());
            id
        })
        .collect()
}
