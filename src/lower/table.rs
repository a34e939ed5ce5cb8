//! `owns: { tables: ... }` as model tables: key types, indexes, billing and protection
//! settings carried over; a KMS key given as text is read for references.

use super::At;
use crate::blueprint::table::{
    BillingSpec, CapacitySpec, IndexSpec, KeySpec, KeyTypeSpec, ProjectionKind, ProjectionSpec,
    TableSpec,
};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::Owned;
use crate::model::owned::{
    Billing, Capacity, Index, KeyAttr, KeySchema, KeyType, Projection, Table,
};
use crate::model::reference::{self, Place};

fn key(k: &KeySpec) -> KeyAttr {
    let ty = match k.ty {
        KeyTypeSpec::S => KeyType::S,
        KeyTypeSpec::N => KeyType::N,
        KeyTypeSpec::B => KeyType::B,
    };
    KeyAttr::new(k.name.clone(), ty)
}

fn capacity(c: &CapacitySpec) -> Capacity {
    Capacity {
        read: c.read,
        write: c.write,
    }
}

fn index(i: &IndexSpec) -> Index {
    Index {
        key: KeySchema {
            partition: key(&i.partition_key),
            sort: i.sort_key.as_ref().map(key),
        },
        projection: match &i.projection {
            None | Some(ProjectionSpec::Kind(ProjectionKind::All)) => Projection::All,
            Some(ProjectionSpec::Kind(ProjectionKind::KeysOnly)) => Projection::KeysOnly,
            Some(ProjectionSpec::Include(attrs)) => Projection::Include(attrs.clone()),
        },
        capacity: i.capacity.as_ref().map(capacity),
    }
}

/// The table of `spec` (named `name` in the blueprint); capacity given where billing does not
/// use it, or missing where it does, is reported at the setting.
pub(super) fn table(name: &str, spec: &TableSpec, at: At, diags: &mut Vec<Diagnostic>) -> Table {
    match (spec.billing, &spec.capacity) {
        (BillingSpec::OnDemand, Some(_)) => diags.push(
            Diagnostic::error(
                codes::SETTING,
                format!("table `{name}` is billed on demand, which has no capacity to set"),
            )
            .at(at(&["owns", "tables", name, "capacity"]))
            .help("add `billing: provisioned`, or remove `capacity`"),
        ),
        (BillingSpec::Provisioned, None) => diags.push(
            Diagnostic::error(
                codes::SETTING,
                format!("table `{name}` has provisioned billing but no capacity"),
            )
            .at(at(&["owns", "tables", name, "billing"]))
            .help("add `capacity: { read: 5, write: 5 }`, or leave billing on demand"),
        ),
        _ => {}
    }
    let kms_key = spec.kms_key.as_deref().and_then(|raw| {
        reference::parse(raw, Place::Arn, &Owned::default())
            .map_err(|e| {
                diags.push(
                    e.into_diagnostic()
                        .at(at(&["owns", "tables", name, "kms_key"])),
                )
            })
            .ok()
    });
    Table {
        name: spec.name.clone(),
        key: KeySchema {
            partition: key(&spec.partition_key),
            sort: spec.sort_key.as_ref().map(key),
        },
        indexes: spec
            .indexes
            .iter()
            .map(|(n, i)| (n.clone(), index(i)))
            .collect(),
        billing: match spec.billing {
            BillingSpec::OnDemand => Billing::OnDemand,
            BillingSpec::Provisioned => Billing::Provisioned(
                spec.capacity
                    .as_ref()
                    .map(capacity)
                    .unwrap_or(Capacity { read: 0, write: 0 }),
            ),
        },
        point_in_time_recovery: spec.point_in_time_recovery.unwrap_or(true),
        kms_key,
        ttl_attribute: spec.ttl_attribute.clone(),
    }
}
