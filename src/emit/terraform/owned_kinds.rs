//! The one list of the emitters of owned resources: both configuration shapes insert every
//! kind through it, so a new kind's emitter file is registered here, once.

use super::refs::Refs;
use crate::model::RestApi;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Inserts the owned resources of every kind into `r` (resource type -> name -> body;
/// functions, declared by their integrations, are inserted with their methods' names).
pub fn insert(api: &RestApi, refs: &mut Refs, r: &mut BTreeMap<&str, Map<String, Value>>) {
    super::owned::insert(api, refs, r);
    super::streams::insert(api, refs, r);
    super::owned_table::insert(api, refs, r);
    super::workflows::insert(api, refs, r);
}
