//! More than one execution role, for an API whose grants do not fit one role's policies
//! (an inline policy of 10,240 characters and at most 20 managed policies of 6,144, see
//! [`super::policy_size`]).
//!
//! The methods are split into groups in route order, each served by its own role with exactly
//! the grants of its own methods. A group takes the methods of one path after another while
//! its statements still fit a role with its inline policy and the 10 managed policies IAM
//! attaches without a quota increase (room is kept for where statements are cut between
//! policies); the methods of one path stay together unless they alone are too many. Each
//! decision depends only on the methods before it, so a route added at the end never moves an
//! earlier method to another role. An API whose grants fit one role keeps exactly one.

use super::api::RestApi;
use super::iam::{self, Permission, Statement};
use super::method::{HttpMethod, Method};
use super::path::ApiPath;
use super::policy_size::{self, RolePolicies};
use super::policy_tally::Tally;
use crate::limits::{
    DEFAULT_ROLE_MANAGED_POLICIES, MAX_MANAGED_POLICY_CHARS, MAX_ROLE_INLINE_POLICY_CHARS,
};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The execution roles of an API and which role each method's integration assumes.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RoleGroups {
    /// Each role's policies, in route order of the methods they serve (empty when no
    /// integration needs a role).
    pub roles: Vec<RolePolicies>,
    /// The role of each method that needs one, when there is more than one role, by path
    /// (so a method's role is found without copying its path) and verb.
    of_method: BTreeMap<ApiPath, Vec<(HttpMethod, usize)>>,
    /// Why the grants could not be given at all (then `roles` holds one role with
    /// everything, so that nothing is lost; the API's check refuses it).
    pub refused: Option<Refused>,
}

/// Why the grants cannot be spread over roles.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// One method's own grants exceed what a role can hold.
    Method {
        /// Its HTTP method.
        verb: HttpMethod,
        /// Its path.
        path: ApiPath,
        /// Characters of its statements, as IAM counts them.
        chars: usize,
    },
}

impl RoleGroups {
    /// The index of the role `m` assumes (0 with one role).
    pub fn role_of(&self, m: &Method) -> usize {
        self.of_method
            .get(&m.path)
            .and_then(|verbs| verbs.iter().find(|(verb, _)| *verb == m.verb))
            .map_or(0, |(_, k)| *k)
    }
}

/// The statements of the methods' own grants, with what owned keys they use need.
fn statements_of<'a>(
    api: &RestApi,
    methods: impl Iterator<Item = &'a Method> + Clone,
) -> Vec<Statement> {
    let used = methods.flat_map(|m| m.integration.permissions.iter());
    let kms = api.owned.kms_permissions(used.clone());
    iam::statements(used.chain(kms.iter()))
}

/// Characters a role's policies hold for statements when the statements of `t` are spread
/// over its inline policy and the default number of managed policies, less what cutting
/// statements between policies can waste.
fn fits(t: &Tally) -> bool {
    let frame = policy_size::document_chars(&[]);
    let bins = 1 + DEFAULT_ROLE_MANAGED_POLICIES;
    let room = (MAX_ROLE_INLINE_POLICY_CHARS - frame)
        + DEFAULT_ROLE_MANAGED_POLICIES * (MAX_MANAGED_POLICY_CHARS - frame);
    t.inner_chars() + bins * t.cut_waste() <= room
}

/// A group being filled.
#[derive(Default)]
struct Filling {
    tally: Tally,
    methods: Vec<usize>,
}

impl Filling {
    fn add(&mut self, api: &RestApi, indices: &[usize]) {
        let perms: Vec<&Permission> = indices
            .iter()
            .flat_map(|&i| api.methods[i].integration.permissions.iter())
            .collect();
        for p in &perms {
            self.tally.add(p);
        }
        for p in api.owned.kms_permissions(perms.iter().copied()) {
            self.tally.add(&p);
        }
        self.methods.extend_from_slice(indices);
    }
}

/// Splits the methods of `api` into groups, each within one role.
fn split(api: &RestApi) -> Result<Vec<Vec<usize>>, Refused> {
    let needing: Vec<usize> = (0..api.methods.len())
        .filter(|&i| api.methods[i].integration.uses_role())
        .collect();
    // Units: the methods of one path (methods are sorted by path).
    let mut units: Vec<Vec<usize>> = Vec::new();
    for i in needing {
        match units.last_mut() {
            Some(u) if api.methods[u[0]].path == api.methods[i].path => u.push(i),
            _ => units.push(vec![i]),
        }
    }
    let mut groups: Vec<Vec<usize>> = Vec::new();
    let mut current = Filling::default();
    for unit in units {
        let alone = {
            let mut f = Filling::default();
            f.add(api, &unit);
            fits(&f.tally)
        };
        // A path whose methods together are too many for one role goes method by method.
        let pieces: Vec<Vec<usize>> = if alone {
            vec![unit]
        } else {
            unit.into_iter().map(|i| vec![i]).collect()
        };
        for piece in pieces {
            current.add(api, &piece);
            if fits(&current.tally) {
                continue;
            }
            let mut before = std::mem::take(&mut current);
            before.methods.truncate(before.methods.len() - piece.len());
            if !before.methods.is_empty() {
                groups.push(before.methods);
            }
            current.add(api, &piece);
            if !fits(&current.tally) {
                let m = &api.methods[piece[0]];
                return Err(Refused::Method {
                    verb: m.verb,
                    path: m.path.clone(),
                    chars: policy_size::document_chars(&statements_of(api, std::iter::once(m))),
                });
            }
        }
    }
    if !current.methods.is_empty() {
        groups.push(current.methods);
    }
    Ok(groups)
}

/// The roles of `api`: one with all grants when they fit, else one per group of methods.
pub fn derive(api: &RestApi) -> RoleGroups {
    if !api.needs_role() {
        return RoleGroups::default();
    }
    let all = api.role_statements();
    let one = |refused| RoleGroups {
        roles: vec![RolePolicies {
            inline: all.clone(),
            managed: Vec::new(),
        }],
        of_method: BTreeMap::new(),
        refused,
    };
    if let Ok(p) = policy_size::spread(all.clone()) {
        return RoleGroups {
            roles: vec![p],
            of_method: BTreeMap::new(),
            refused: None,
        };
    }
    let groups = match split(api) {
        Ok(g) => g,
        Err(e) => return one(Some(e)),
    };
    let mut roles = Vec::with_capacity(groups.len());
    let mut of_method = BTreeMap::new();
    for (k, g) in groups.iter().enumerate() {
        let statements = statements_of(api, g.iter().map(|&i| &api.methods[i]));
        match policy_size::spread(statements) {
            Ok(p) => roles.push(p),
            Err(e) => {
                let m = &api.methods[g[0]];
                return one(Some(Refused::Method {
                    verb: m.verb,
                    path: m.path.clone(),
                    chars: e.chars,
                }));
            }
        }
        for &i in g {
            let m = &api.methods[i];
            of_method
                .entry(m.path.clone())
                .or_insert_with(Vec::new)
                .push((m.verb, k));
        }
    }
    RoleGroups {
        roles,
        of_method,
        refused: None,
    }
}

impl RestApi {
    /// The execution roles and which one each method assumes (see [`crate::model::role_groups`]); remembered once
    /// [`RestApi::remember_derived`] was called.
    pub fn role_groups(&self) -> Cow<'_, RoleGroups> {
        match self.memo.roles.get() {
            Some(g) => Cow::Borrowed(g),
            None => Cow::Owned(derive(self)),
        }
    }
}
