//! AWS services API Gateway can call directly. One file per service holds everything about
//! it: operations, their blueprint arguments, URIs, headers, default mappings and IAM.

pub mod args;
pub mod aws;
pub mod bedrock;
pub mod catalog;
pub mod cloudfront;
pub mod common;
pub mod dynamodb;
pub mod eventbridge;
pub mod firehose;
pub mod grant;
pub mod kinesis;
pub mod records;
pub mod rekognition;
pub mod s3;
pub mod s3_presign;
pub mod sns;
pub mod sqs;
pub mod stepfunctions;
pub mod vtl;

/// The one resource a path call to `service` addresses by its path (an SQS queue by
/// `/{account}/{queue}`), as an ARN, where the service's paths name one; `None` otherwise.
/// The importer grants a generic call on it instead of on every resource.
pub fn resource_of_path(service: &str, path: &str) -> Option<String> {
    match service {
        "sqs" => sqs::queue_arn_of_path(path),
        _ => None,
    }
}
