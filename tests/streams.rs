//! Kinesis, Firehose and Bedrock from a blueprint: owned streams referred to by operations
//! and references, and located diagnostics for what cannot be built.

mod common;

use common::lowering::{at, err, lower};

#[test]
fn owned_streams_are_used_by_operations_and_references() {
    let api = lower(
        "api: X\nowns:\n  buckets: { archive: {} }\n  streams: { clicks: { shard_count: 2 } }\n  delivery_streams: { events: { bucket: archive } }\nroutes:\n  POST /c: { kinesis.put_record: { stream: clicks } }\n  POST /e: { firehose.put_record: { delivery_stream: events } }\n  GET /s:\n    aws: { service: kinesis, action: DescribeStreamSummary, http_method: POST, request_templates: { application/json: '{\"StreamARN\": \"${clicks.arn}\"}' }, iam: [{ actions: [kinesis:DescribeStreamSummary], resources: [\"${clicks.arn}\"] }] }\n",
    )
    .unwrap();
    assert_eq!(api.owned.streams["clicks"].mode(), "PROVISIONED");
    assert_eq!(api.owned.delivery_streams["events"].prefix, "records/");
    let policy = serde_json::to_string(&api.execution_role().unwrap().policy).unwrap();
    for action in [
        "kinesis:PutRecord",
        "firehose:PutRecord",
        "kinesis:DescribeStreamSummary",
    ] {
        assert!(policy.contains(action), "{action}: {policy}");
    }
}

#[test]
fn streams_the_blueprint_does_not_own_are_refused_at_the_route() {
    let d = err("api: X\nroutes:\n  POST /c:\n    kinesis.put_record: { stream: clikcs }\n");
    assert_eq!(d.code, "GW0206");
    assert_eq!(at(&d).0, 4);
    assert!(d.message.contains("does not own"), "{}", d.message);
    let d = err(
        "api: X\nroutes:\n  POST /e:\n    firehose.put_record_batch: { delivery_stream: events }\n",
    );
    assert_eq!(d.code, "GW0206");
}

#[test]
fn bad_owned_settings_are_located() {
    let d = err(
        "api: X\nowns:\n  delivery_streams:\n    events: { bucket: nope }\nroutes:\n  POST /e: { firehose.put_record: { delivery_stream: events } }\n",
    );
    assert_eq!(d.code, "GW0209");
    assert_eq!(at(&d), (4, 15));
    let d = err(
        "api: X\nowns:\n  streams:\n    clicks: { retention_hours: 12 }\nroutes:\n  POST /c: { kinesis.put_record: { stream: clicks } }\n",
    );
    assert_eq!(d.code, "GW0209");
    assert_eq!(at(&d).0, 4);
}

#[test]
fn a_model_from_the_path_needs_its_list() {
    let d = err(
        "api: X\nroutes:\n  POST /m/{model}:\n    bedrock.invoke_model: { model: \"{model}\" }\n",
    );
    assert_eq!(d.code, "GW0206");
    assert!(d.message.contains("allowed_models"), "{}", d.message);
    assert!(
        lower("api: X\nroutes:\n  POST /m/{model}:\n    bedrock.invoke_model: { model: \"{model}\", allowed_models: [amazon.titan-text-lite-v1] }\n")
            .is_ok()
    );
}
