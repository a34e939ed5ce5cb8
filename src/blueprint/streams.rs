//! `owns: { streams: ..., delivery_streams: ... }`: Kinesis data streams and Firehose
//! delivery streams, mirroring their YAML one to one.

use schemars::JsonSchema;
use serde::Deserialize;

/// A Kinesis data stream, encrypted at rest with KMS.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct StreamSpec {
    /// Its name in AWS (default: chosen by CloudFormation; `<api>-<name>` in Terraform).
    #[serde(default)]
    pub name: Option<String>,
    /// Provisioned capacity with this many shards (1 to 4096); without it the stream is
    /// on-demand.
    #[serde(default)]
    pub shard_count: Option<u32>,
    /// Hours records stay readable (24 to 8760; default 24).
    #[serde(default)]
    pub retention_hours: Option<u32>,
    /// A customer KMS key (ARN, key id or `alias/...`) instead of the AWS managed
    /// `alias/aws/kinesis`; writers are then granted `kms:GenerateDataKey` on it.
    #[serde(default)]
    pub kms_key: Option<String>,
}

/// How a delivery stream compresses the objects it writes.
#[derive(Debug, Clone, Copy, Default, Deserialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum CompressionSpec {
    /// As received (default).
    #[default]
    None,
    /// GZIP.
    Gzip,
    /// ZIP.
    Zip,
    /// Snappy.
    Snappy,
    /// Hadoop-compatible Snappy.
    HadoopSnappy,
}

/// A Firehose delivery stream that takes records put directly and delivers them into an
/// owned bucket, encrypted at rest, through a role that may write under its prefixes only.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeliveryStreamSpec {
    /// Its name in AWS (default: chosen by CloudFormation; `<api>-<name>` in Terraform).
    #[serde(default)]
    pub name: Option<String>,
    /// The owned bucket records are delivered into.
    pub bucket: String,
    /// Key prefix of delivered objects, a folder ending in `/` (default `records/`); Firehose
    /// adds `YYYY/MM/DD/HH/` after it.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Key prefix of records Firehose could not deliver (default `errors/`).
    #[serde(default)]
    pub error_prefix: Option<String>,
    /// Deliver once this many MiB are buffered (1 to 128; Firehose's default 5).
    #[serde(default)]
    pub buffer_size_mb: Option<u32>,
    /// Deliver at least every this many seconds (0 to 900; Firehose's default 300).
    #[serde(default)]
    pub buffer_interval_seconds: Option<u32>,
    /// Compression of delivered objects: `none` (default), `gzip`, `zip`, `snappy`,
    /// `hadoop_snappy`.
    #[serde(default)]
    pub compression: CompressionSpec,
}
