//! Checks of owned DynamoDB tables: names DynamoDB accepts, one type per key attribute,
//! capacities that billing uses, and indexes within DynamoDB's limits.

use super::Finding;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::owned::{Billing, KeyType, Owned, Projection, Table};
use std::collections::BTreeMap;

/// DynamoDB allows at most this many global secondary indexes per table.
const MAX_INDEXES: usize = 20;

/// Table and index names: 3 to 255 of `a-z A-Z 0-9 _ - .`.
fn dynamodb_name_ok(n: &str) -> bool {
    (3..=255).contains(&n.len())
        && n.chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

fn err(keys: &[&str], message: String, help: &str) -> Finding {
    Finding::setting(keys, Diagnostic::error(codes::SETTING, message).help(help))
}

/// Every owned table is one DynamoDB would create.
pub(super) fn check_tables(owned: &Owned) -> Vec<Finding> {
    let mut out = Vec::new();
    for (n, t) in &owned.tables {
        check_table(n, t, &mut out);
    }
    out
}

fn check_table(n: &str, t: &Table, out: &mut Vec<Finding>) {
    let at = |rest: &[&str]| {
        let mut keys = vec!["owns", "tables", n];
        keys.extend_from_slice(rest);
        keys.iter().map(|s| s.to_string()).collect::<Vec<String>>()
    };
    let push = |out: &mut Vec<Finding>, rest: &[&str], message: String, help: &str| {
        let keys = at(rest);
        let keys: Vec<&str> = keys.iter().map(String::as_str).collect();
        out.push(err(&keys, message, help));
    };
    if let Some(name) = &t.name
        && !dynamodb_name_ok(name)
    {
        push(
            out,
            &["name"],
            format!("table `{n}`: `{name}` is not a DynamoDB table name"),
            "use 3 to 255 letters, digits, `_`, `-` or `.`",
        );
    }
    let mut types: BTreeMap<&str, KeyType> = BTreeMap::new();
    let keys =
        std::iter::once((None, &t.key)).chain(t.indexes.iter().map(|(i, x)| (Some(i), &x.key)));
    for (index, key) in keys {
        let place: Vec<&str> = match index {
            Some(i) => vec!["indexes", i.as_str()],
            None => vec![],
        };
        if key
            .sort
            .as_ref()
            .is_some_and(|s| s.name == key.partition.name)
        {
            let mut p = place.clone();
            p.push("sort_key");
            push(
                out,
                &p,
                format!(
                    "table `{n}`: the sort key `{}` is also the partition key",
                    key.partition.name
                ),
                "name a different attribute as the sort key, or drop it",
            );
        }
        for a in key.attrs() {
            if a.name.is_empty() || a.name.len() > 255 {
                push(
                    out,
                    &place,
                    format!("table `{n}`: a key attribute name must have 1 to 255 bytes"),
                    "name the attribute",
                );
                continue;
            }
            match types.get(a.name.as_str()) {
                Some(ty) if *ty != a.ty => push(
                    out,
                    &place,
                    format!(
                        "table `{n}`: key attribute `{}` is declared as both {} and {}",
                        a.name,
                        ty.letter(),
                        a.ty.letter()
                    ),
                    "an attribute has one type wherever a key names it",
                ),
                _ => {
                    types.insert(a.name.as_str(), a.ty);
                }
            }
        }
    }
    if t.indexes.len() > MAX_INDEXES {
        push(
            out,
            &["indexes"],
            format!(
                "table `{n}` has {} indexes; DynamoDB allows {MAX_INDEXES}",
                t.indexes.len()
            ),
            "drop or merge indexes",
        );
    }
    if let Billing::Provisioned(c) = t.billing
        && (c.read == 0 || c.write == 0)
    {
        push(
            out,
            &["capacity"],
            format!("table `{n}`: provisioned read and write capacity must be at least 1"),
            "give `capacity: { read: 5, write: 5 }` or more",
        );
    }
    for (i, x) in &t.indexes {
        if !dynamodb_name_ok(i) {
            push(
                out,
                &["indexes", i],
                format!("table `{n}`: `{i}` is not a DynamoDB index name"),
                "use 3 to 255 letters, digits, `_`, `-` or `.`",
            );
        }
        match (t.billing, x.capacity) {
            (Billing::OnDemand, Some(_)) => push(
                out,
                &["indexes", i, "capacity"],
                format!("table `{n}` is billed on demand, so index `{i}` has no capacity to set"),
                "remove the index's `capacity`, or make the table `billing: provisioned`",
            ),
            (Billing::Provisioned(_), Some(c)) if c.read == 0 || c.write == 0 => push(
                out,
                &["indexes", i, "capacity"],
                format!("table `{n}`: index `{i}` needs read and write capacity of at least 1"),
                "give `capacity: { read: 5, write: 5 }` or more",
            ),
            _ => {}
        }
        if let Projection::Include(attrs) = &x.projection
            && (attrs.is_empty() || attrs.len() > 100 || attrs.iter().any(|a| a.is_empty()))
        {
            push(
                out,
                &["indexes", i, "projection"],
                format!("table `{n}`: index `{i}` must copy 1 to 100 named attributes"),
                "list the attributes the index copies besides the keys, or write `all` or `keys_only`",
            );
        }
    }
    if let Some(ttl) = &t.ttl_attribute
        && (ttl.is_empty() || types.get(ttl.as_str()).is_some_and(|ty| *ty != KeyType::N))
    {
        push(
            out,
            &["ttl_attribute"],
            format!("table `{n}`: the expiry attribute must be a number of epoch seconds"),
            "name a number attribute (not a string or binary key) as `ttl_attribute`",
        );
    }
}
