//! Owned DynamoDB tables: their keys and the types of the key attributes (which mapping
//! templates need to type the values they send), global secondary indexes, billing, and the
//! protection every table gets by default: point-in-time recovery and encryption at rest with
//! a KMS key (AWS's `aws/dynamodb` key unless one is given). Decided here once; each format
//! writes the same settings in its own resource.

use super::tags::no_tags;
use super::{Attr, KindFacts, Owned, OwnedKind, OwnedResource, TemplateAttr, text_ref};
use crate::model::text::Text;
use serde::Serialize;
use std::collections::BTreeMap;

/// A table: `Ref` is its name.
pub(super) const FACTS: KindFacts = KindFacts {
    word: "table",
    what: "table",
    section: "tables",
    logical_id_prefix: "Table",
    arn: TemplateAttr::GetAtt("Arn"),
    name: TemplateAttr::Ref,
    url: TemplateAttr::GetAtt("Arn"),
    refs: &[("arn", Attr::Arn), ("name", Attr::Name)],
    names: |o| o.tables.keys().collect(),
    tags: no_tags,
};

/// The scalar types DynamoDB allows for key attributes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum KeyType {
    /// A string (`S`).
    #[default]
    S,
    /// A number (`N`), sent to DynamoDB as its decimal text.
    N,
    /// Binary (`B`), base64 in the JSON DynamoDB speaks.
    B,
}

impl KeyType {
    /// DynamoDB's letter for the type (`S`, `N`, `B`).
    pub fn letter(self) -> &'static str {
        match self {
            KeyType::S => "S",
            KeyType::N => "N",
            KeyType::B => "B",
        }
    }
}

/// A key attribute: its name and type.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeyAttr {
    /// The attribute name.
    pub name: String,
    /// Its type.
    pub ty: KeyType,
}

impl KeyAttr {
    /// Attribute `name` of type `ty`.
    pub fn new(name: impl Into<String>, ty: KeyType) -> KeyAttr {
        KeyAttr {
            name: name.into(),
            ty,
        }
    }
}

/// The primary key of a table or index: a partition key and an optional sort key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct KeySchema {
    /// The partition (hash) key.
    pub partition: KeyAttr,
    /// The sort (range) key, if any.
    pub sort: Option<KeyAttr>,
}

impl KeySchema {
    /// The key attributes in order: partition, then sort.
    pub fn attrs(&self) -> Vec<&KeyAttr> {
        std::iter::once(&self.partition)
            .chain(self.sort.as_ref())
            .collect()
    }
}

/// Which attributes an index copies from the table.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub enum Projection {
    /// Every attribute (the default).
    #[default]
    All,
    /// The table's and the index's keys only.
    KeysOnly,
    /// The keys and these attributes.
    Include(Vec<String>),
}

impl Projection {
    /// DynamoDB's projection type word.
    pub fn type_name(&self) -> &'static str {
        match self {
            Projection::All => "ALL",
            Projection::KeysOnly => "KEYS_ONLY",
            Projection::Include(_) => "INCLUDE",
        }
    }
}

/// Read and write capacity units of a provisioned table or index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Capacity {
    /// Read capacity units.
    pub read: u32,
    /// Write capacity units.
    pub write: u32,
}

/// A global secondary index.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Index {
    /// Its keys.
    pub key: KeySchema,
    /// The attributes it copies.
    pub projection: Projection,
    /// Its capacity, on a provisioned table (the table's own when not given).
    pub capacity: Option<Capacity>,
}

/// How the table is paid for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub enum Billing {
    /// Per request (on demand), the default: no capacity to plan.
    #[default]
    OnDemand,
    /// Provisioned capacity.
    Provisioned(Capacity),
}

impl Billing {
    /// The billing mode as CloudFormation and Terraform spell it.
    pub fn mode(&self) -> &'static str {
        match self {
            Billing::OnDemand => "PAY_PER_REQUEST",
            Billing::Provisioned(_) => "PROVISIONED",
        }
    }
}

/// A DynamoDB table the blueprint owns, with safe defaults: point-in-time recovery on,
/// encrypted with a KMS key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Table {
    /// An explicit table name; by default the stack (or the API, in Terraform) names it.
    pub name: Option<String>,
    /// The primary key.
    pub key: KeySchema,
    /// Global secondary indexes, by name.
    pub indexes: BTreeMap<String, Index>,
    /// Billing mode.
    pub billing: Billing,
    /// Continuous backups, restorable to any second of the last 35 days.
    pub point_in_time_recovery: bool,
    /// The KMS key encrypting the table (an ARN, alias ARN or reference); `None` uses AWS's
    /// managed `aws/dynamodb` key.
    pub kms_key: Option<Text>,
    /// The attribute holding each item's expiry time (epoch seconds), if items expire.
    pub ttl_attribute: Option<String>,
}

impl Table {
    /// A table keyed by `partition`, on demand, with point-in-time recovery.
    pub fn new(partition: KeyAttr) -> Table {
        Table {
            name: None,
            key: KeySchema {
                partition,
                sort: None,
            },
            indexes: BTreeMap::new(),
            billing: Billing::OnDemand,
            point_in_time_recovery: true,
            kms_key: None,
            ttl_attribute: None,
        }
    }

    /// The same table with sort key `sort`.
    pub fn sort_key(mut self, sort: KeyAttr) -> Table {
        self.key.sort = Some(sort);
        self
    }

    /// Every attribute some key names (the table's or an index's), with its type, sorted by
    /// name: DynamoDB wants exactly these declared.
    pub fn attribute_definitions(&self) -> Vec<KeyAttr> {
        let mut defs: BTreeMap<&str, KeyType> = BTreeMap::new();
        let keys = std::iter::once(&self.key).chain(self.indexes.values().map(|i| &i.key));
        for k in keys {
            for a in k.attrs() {
                defs.entry(a.name.as_str()).or_insert(a.ty);
            }
        }
        defs.into_iter().map(|(n, t)| KeyAttr::new(n, t)).collect()
    }

    /// The declared type of attribute `name`, if some key names it.
    pub fn key_type(&self, name: &str) -> Option<KeyType> {
        self.attribute_definitions()
            .into_iter()
            .find(|a| a.name == name)
            .map(|a| a.ty)
    }

    /// Encryption at rest uses a KMS key (AWS-managed unless [`Table::kms_key`] is given).
    pub fn sse_kms(&self) -> bool {
        true
    }
}

impl OwnedResource for Table {
    const KIND: OwnedKind = OwnedKind::Table;
    fn all_in(owned: &mut Owned) -> &mut BTreeMap<String, Table> {
        &mut owned.tables
    }
}

/// The ARN of owned table `table` as a text (`${orders.arn}`).
pub fn table_arn(table: &str) -> Text {
    text_ref(OwnedKind::Table, table, Attr::Arn)
}

/// The ARN of index `index` of owned table `table` (`${orders.arn}/index/by_customer`).
pub fn index_arn(table: &str, index: &str) -> Text {
    let mut t = table_arn(table);
    t.push_str(&format!("/index/{index}"));
    t
}

impl Table {
    /// Scanner checks the table does not meet, and why.
    pub fn scan_findings(&self) -> Vec<crate::model::scan::Explained> {
        use crate::model::scan::{Explained, Formats};
        let mut out = Vec::new();
        if self.kms_key.is_none() {
            out.push(Explained::new(
                "CKV_AWS_119",
                Formats::Both,
                "the table is encrypted at rest with KMS under AWS's managed `aws/dynamodb` key; a customer-managed key (its key policy, a monthly cost) is the account's choice: set `kms_key` to use one",
            ));
        }
        if !self.point_in_time_recovery {
            out.push(Explained::new(
                "CKV_AWS_28",
                Formats::Both,
                "point-in-time recovery is on by default and was turned off by the blueprint (`point_in_time_recovery: false`), for data that can be rebuilt or is not worth the backup cost",
            ));
        }
        if matches!(self.billing, Billing::Provisioned(_)) {
            out.push(Explained::new(
                "CKV2_AWS_16",
                Formats::Terraform,
                "the blueprint provisions fixed read and write capacity (`billing: provisioned`); gatewright creates no Application Auto Scaling targets, and on-demand billing (the default) scales without them",
            ));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attribute_definitions_cover_table_and_index_keys_once() {
        let mut t =
            Table::new(KeyAttr::new("pk", KeyType::S)).sort_key(KeyAttr::new("sk", KeyType::N));
        t.indexes.insert(
            "by_customer".into(),
            Index {
                key: KeySchema {
                    partition: KeyAttr::new("customer", KeyType::S),
                    sort: Some(KeyAttr::new("sk", KeyType::N)),
                },
                projection: Projection::KeysOnly,
                capacity: None,
            },
        );
        let defs: Vec<(String, &str)> = t
            .attribute_definitions()
            .into_iter()
            .map(|a| (a.name, a.ty.letter()))
            .collect();
        assert_eq!(
            defs,
            [
                ("customer".to_string(), "S"),
                ("pk".to_string(), "S"),
                ("sk".to_string(), "N")
            ]
        );
        assert_eq!(t.key_type("customer"), Some(KeyType::S));
        assert_eq!(t.key_type("total"), None);
        assert_eq!(
            index_arn("orders", "by_customer").to_string(),
            "${orders.arn}/index/by_customer"
        );
    }
}
