//! Values derived from a whole API that several documents of one run need: the deployment
//! hash (CloudFormation, Terraform and both OpenAPI versions name or version the deployment
//! by it), the execution roles' policies (roles and managed policies in two formats), the
//! resources' and methods' names and the operation ids.
//! Computing them walks every method, so a run computes each once: [`Memo`] keeps them
//! once [`crate::model::RestApi::remember_derived`] was called, which synth does when the
//! model is final. Until then (builders, tests that change a model) each call computes
//! afresh, so a model changed before that call is never described by stale values.

use super::names::Name;
use super::role_groups::RoleGroups;
use super::{ApiPath, HttpMethod};
use std::collections::BTreeMap;
use std::sync::OnceLock;

/// The remembered values; empty until filled, and empty again in a clone (a clone may be
/// changed, the values would then be stale). Equal to every other memo: it holds nothing
/// the API's own fields do not decide.
#[derive(Default)]
pub struct Memo {
    pub(super) deployment_hash: OnceLock<String>,
    pub(super) roles: OnceLock<RoleGroups>,
    pub(super) resource_names: OnceLock<BTreeMap<ApiPath, Name>>,
    pub(super) method_names: OnceLock<BTreeMap<(ApiPath, HttpMethod), Name>>,
    pub(super) operation_ids: OnceLock<Vec<String>>,
}

impl Clone for Memo {
    fn clone(&self) -> Memo {
        Memo::default()
    }
}

impl PartialEq for Memo {
    fn eq(&self, _: &Memo) -> bool {
        true
    }
}

impl Eq for Memo {}

impl std::fmt::Debug for Memo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Memo")
    }
}
