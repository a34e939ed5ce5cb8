//! Tags on what the API owns: the blueprint's tags on every taggable resource, an owned
//! resource's own tags merged over them.

use super::{Owned, OwnedKind};
use std::collections::BTreeMap;

/// Tags by key.
pub type Tags = BTreeMap<String, String>;

impl Owned {
    /// The tags owned resource `name` of `kind` declares itself (none for kinds without tags).
    pub fn own_tags(&self, kind: OwnedKind, name: &str) -> Option<&Tags> {
        (kind.facts().tags)(self, name)
    }
}

/// The tags of a kind that takes none, for its [`KindFacts`](super::KindFacts).
pub fn no_tags<'a>(_: &'a Owned, _: &str) -> Option<&'a Tags> {
    None
}

/// `base` with `over` merged over it (a key in both takes `over`'s value).
pub fn merged(base: &Tags, over: Option<&Tags>) -> Tags {
    let mut out = base.clone();
    if let Some(o) = over {
        out.extend(o.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    out
}
