//! CloudFront upload distributions: the KeyValueStore holding the token secret (filled after
//! deployment, never in the template), the viewer-request function, Origin Access Control,
//! and the distribution with the owned bucket as its origin.

use super::refs::{get_att, owned_id};
use crate::model::{OwnedKind, RestApi};
use serde_json::{Map, Value, json};

/// Inserts every upload distribution, and an output with its upload URL and the command that
/// puts the secret into its KeyValueStore.
pub fn insert(api: &RestApi, resources: &mut Map<String, Value>, outputs: &mut Map<String, Value>) {
    for (name, d) in &api.owned.distributions {
        let id = owned_id(OwnedKind::Distribution, name);
        let kvs = format!("{id}Secrets");
        let function = format!("{id}Auth");
        let oac = format!("{id}Oac");
        let bucket = owned_id(OwnedKind::Bucket, &d.bucket);
        resources.insert(
            kvs.clone(),
            json!({
                "Type": "AWS::CloudFront::KeyValueStore",
                "Properties": {
                    "Name": { "Fn::Sub": format!("${{AWS::StackName}}-{name}") },
                    "Comment": d.store_comment,
                }
            }),
        );
        resources.insert(
            function.clone(),
            json!({
                "Type": "AWS::CloudFront::Function",
                "Properties": {
                    "Name": { "Fn::Sub": format!("${{AWS::StackName}}-{name}-auth") },
                    "AutoPublish": true,
                    "FunctionCode": d.function_code,
                    "FunctionConfig": {
                        "Comment": d.function_comment,
                        "Runtime": d.function_runtime,
                        "KeyValueStoreAssociations": [{ "KeyValueStoreARN": get_att(&kvs, "Arn") }],
                    },
                }
            }),
        );
        resources.insert(
            oac.clone(),
            json!({
                "Type": "AWS::CloudFront::OriginAccessControl",
                "Properties": {
                    "OriginAccessControlConfig": {
                        "Name": { "Fn::Sub": format!("${{AWS::StackName}}-{name}") },
                        "OriginAccessControlOriginType": d.origin_type,
                        "SigningBehavior": d.signing.0,
                        "SigningProtocol": d.signing.1,
                    }
                }
            }),
        );
        resources.insert(
            id.clone(),
            json!({
                "Type": "AWS::CloudFront::Distribution",
                "Properties": {
                    "DistributionConfig": {
                        "Comment": d.comment,
                        "Enabled": true,
                        "HttpVersion": d.http_version,
                        "Origins": [{
                            "Id": d.origin_id,
                            "DomainName": get_att(&bucket, "RegionalDomainName"),
                            "OriginAccessControlId": get_att(&oac, "Id"),
                            "S3OriginConfig": { "OriginAccessIdentity": "" },
                        }],
                        "DefaultCacheBehavior": {
                            "TargetOriginId": d.origin_id,
                            "ViewerProtocolPolicy": d.viewer_protocol_policy,
                            "AllowedMethods": d.allowed_methods,
                            "CachedMethods": d.cached_methods,
                            "CachePolicyId": d.cache_policy_id,
                            "OriginRequestPolicyId": d.origin_request_policy_id,
                            "Compress": d.compress,
                            "FunctionAssociations": [{
                                "EventType": d.function_event,
                                "FunctionARN": get_att(&function, "FunctionMetadata.FunctionARN"),
                            }],
                        },
                    }
                }
            }),
        );
        outputs.insert(
            format!("{id}UploadUrl"),
            json!({
                "Description": d.upload_hint,
                "Value": { "Fn::Sub": format!("https://${{{id}.DomainName}}/{}", d.path_prefix) },
            }),
        );
        outputs.insert(
            format!("{kvs}Arn"),
            json!({
                "Description": d.secret_hint,
                "Value": get_att(&kvs, "Arn"),
            }),
        );
    }
}
