//! `owns: { tables: ... }`: DynamoDB tables, mirroring their YAML one to one.

use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// The type of a key attribute.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
pub enum KeyTypeSpec {
    /// String (the default).
    #[default]
    S,
    /// Number.
    N,
    /// Binary (base64 in requests and answers).
    B,
}

/// A key attribute: `{ name: id, type: S }`.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct KeySpec {
    /// The attribute name.
    pub name: String,
    /// `S` (string, the default), `N` (number) or `B` (binary).
    #[serde(default, rename = "type")]
    pub ty: KeyTypeSpec,
}

/// Which attributes an index copies: `all` (default), `keys_only`, or a list of attribute
/// names copied besides the keys.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(untagged)]
pub enum ProjectionSpec {
    /// `all` or `keys_only`.
    Kind(ProjectionKind),
    /// The keys and these attributes.
    Include(Vec<String>),
}

/// `all` or `keys_only`.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProjectionKind {
    /// Every attribute.
    All,
    /// The keys only.
    KeysOnly,
}

/// Provisioned capacity: `{ read: 5, write: 5 }`.
#[derive(Debug, Clone, Copy, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CapacitySpec {
    /// Read capacity units (1 or more).
    pub read: u32,
    /// Write capacity units (1 or more).
    pub write: u32,
}

/// A global secondary index.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct IndexSpec {
    /// Its partition key.
    pub partition_key: KeySpec,
    /// Its sort key, if any.
    #[serde(default)]
    pub sort_key: Option<KeySpec>,
    /// What it copies: `all` (default), `keys_only`, or a list of attributes.
    #[serde(default)]
    pub projection: Option<ProjectionSpec>,
    /// Its capacity on a provisioned table (default: the table's).
    #[serde(default)]
    pub capacity: Option<CapacitySpec>,
}

/// How the table is billed: `on_demand` (default) or `provisioned` with `capacity`.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum BillingSpec {
    /// Pay per request.
    #[default]
    OnDemand,
    /// Provisioned capacity (give `capacity`).
    Provisioned,
}

/// A DynamoDB table. Point-in-time recovery is on and the table is encrypted with a KMS key
/// unless told otherwise.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TableSpec {
    /// An explicit table name (default: one derived from the stack or the API).
    #[serde(default)]
    pub name: Option<String>,
    /// The partition key: `{ name: id, type: S }`.
    pub partition_key: KeySpec,
    /// The sort key, if any.
    #[serde(default)]
    pub sort_key: Option<KeySpec>,
    /// Global secondary indexes by name, which `dynamodb.query` names as `index:`.
    #[serde(default)]
    pub indexes: BTreeMap<String, IndexSpec>,
    /// `on_demand` (default) or `provisioned`.
    #[serde(default)]
    pub billing: BillingSpec,
    /// With `billing: provisioned`: the table's capacity.
    #[serde(default)]
    pub capacity: Option<CapacitySpec>,
    /// Continuous backups (default true).
    #[serde(default)]
    pub point_in_time_recovery: Option<bool>,
    /// A KMS key ARN (or `${...}` reference) to encrypt with instead of AWS's managed
    /// `aws/dynamodb` key.
    #[serde(default)]
    pub kms_key: Option<String>,
    /// The attribute holding each item's expiry time in epoch seconds; DynamoDB deletes
    /// expired items.
    #[serde(default)]
    pub ttl_attribute: Option<String>,
}
