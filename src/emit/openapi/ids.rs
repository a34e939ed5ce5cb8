//! Unique `operationId`s: the model's id where it is unique, else the id followed by the
//! resource name (`GetObjectFolderItem`), then by the method name, then by a counter.

use crate::model::RestApi;
use crate::model::names::{self, method_name};
use std::collections::{BTreeMap, BTreeSet};

/// One `operationId` per method of `api`, in the order of `api.methods`.
pub fn operation_ids(api: &RestApi) -> Vec<String> {
    let mut count: BTreeMap<&str, usize> = BTreeMap::new();
    for m in &api.methods {
        *count.entry(m.operation_id.as_str()).or_default() += 1;
    }
    let resources = names::resource_names(&api.resource_paths());
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
