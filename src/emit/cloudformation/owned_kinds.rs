//! The one list of the emitters of owned resources: both template shapes insert every kind
//! through it, so a new kind's emitter file is registered here, once.

use crate::model::RestApi;
use serde_json::{Map, Value};

/// Inserts the owned resources of every kind into `resources` (functions, declared by their
/// integrations, are inserted with their methods' names).
pub fn insert(api: &RestApi, resources: &mut Map<String, Value>) {
    super::owned::insert(api, resources);
    super::streams::insert(api, resources);
    super::owned_table::insert(api, resources);
    super::workflows::insert(api, resources);
}
