//! `owns: { streams, delivery_streams }` as model resources; the model checks their ranges
//! and that each delivery stream's bucket is owned.

use crate::blueprint::streams::{CompressionSpec, DeliveryStreamSpec, StreamSpec};
use crate::model::owned::delivery::{DEFAULT_ERROR_PREFIX, DEFAULT_PREFIX};
use crate::model::owned::{Compression, DeliveryStream, Stream};

/// The Kinesis stream a spec describes.
pub(super) fn stream(s: &StreamSpec) -> Stream {
    Stream {
        name: s.name.clone(),
        shard_count: s.shard_count,
        retention_hours: s.retention_hours,
        kms_key: s.kms_key.clone(),
    }
}

/// The delivery stream a spec describes, with the default prefixes.
pub(super) fn delivery_stream(s: &DeliveryStreamSpec) -> DeliveryStream {
    DeliveryStream {
        name: s.name.clone(),
        bucket: s.bucket.clone(),
        prefix: s.prefix.clone().unwrap_or_else(|| DEFAULT_PREFIX.into()),
        error_prefix: s
            .error_prefix
            .clone()
            .unwrap_or_else(|| DEFAULT_ERROR_PREFIX.into()),
        buffer_size_mb: s.buffer_size_mb,
        buffer_interval_s: s.buffer_interval_seconds,
        compression: match s.compression {
            CompressionSpec::None => Compression::Uncompressed,
            CompressionSpec::Gzip => Compression::Gzip,
            CompressionSpec::Zip => Compression::Zip,
            CompressionSpec::Snappy => Compression::Snappy,
            CompressionSpec::HadoopSnappy => Compression::HadoopSnappy,
        },
    }
}
