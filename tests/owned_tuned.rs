//! Owned resources named and tuned: chosen names, tags, queue limits, dead-letter queues, KMS
//! keys, topic subscriptions and per-method throttles in usage plans, what each format
//! writes, and located diagnostics for what AWS would refuse. A template using every setting
//! is judged by cfn-lint when it is installed.

mod common;

use common::lowering::lower;

use gatewright::source::Source;
use gatewright::synth;
use serde_json::{Value, json};
use std::process::Command;

/// Each error as `code: message` with its line.
fn errors(text: &str) -> Vec<(String, usize)> {
    lower(text)
        .expect_err("should fail")
        .into_iter()
        .map(|d| {
            let l = d.location.expect("located");
            (format!("{}: {}", d.code, d.message), l.line)
        })
        .collect()
}

fn files(text: &str) -> Vec<(String, String)> {
    synth::synth("bp", &Source::new("bp.yaml", text))
        .expect("synthesizes")
        .files
        .into_iter()
        .map(|f| (f.name.to_string(), f.contents.clone()))
        .collect()
}

fn file(text: &str, name: &str) -> Value {
    let all = files(text);
    let (_, contents) = all.iter().find(|(n, _)| n == name).expect("file written");
    serde_json::from_str(contents).expect("JSON")
}

const ROUTES: &str = "routes:\n  POST /jobs: { sqs.send_message: { queue: jobs } }\n  POST /events: { sns.publish: { topic: events } }\n";

/// A blueprint with every setting of this part.
const FULL: &str = r#"api: Tuned
tags: { team: orders, env: prod }
usage_plan:
  api_keys: [partner]
  routes:
    POST /jobs: { throttle: { rate_limit: 5, burst_limit: 10 } }
    GET /: { throttle: { rate_limit: 1, burst_limit: 2 } }
owns:
  buckets:
    files: { name: tuned-files-0123, tags: { data: pii } }
  queues:
    jobs:
      name: tuned-jobs
      retention: 86400
      delay: 5
      max_message_size: 2048
      visibility_timeout: 60
      kms_key: owned
      dead_letter: { queue: failed, max_receive_count: 4 }
      tags: { tier: critical, team: jobs }
    failed: { name: tuned-failed }
    byalias:
      kms_key: "arn:${AWS::Partition}:kms:${AWS::Region}:${AWS::AccountId}:alias/orders"
      dead_letter: { arn: "arn:aws:sqs:eu-west-1:123456789012:elsewhere", max_receive_count: 9 }
    ordered: { name: tuned-ordered.fifo, fifo: true, content_based_deduplication: true }
  topics:
    events:
      name: tuned-events
      kms_key: arn:aws:kms:eu-west-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab
      subscriptions:
        - { protocol: sqs, queue: jobs, filter_policy: { priority: [high] } }
        - { protocol: lambda, endpoint: "arn:aws:lambda:eu-west-1:123456789012:function:audit" }
        - { protocol: https, endpoint: "https://hooks.example.com/orders", raw_delivery: true }
        - protocol: email
          endpoint: ops@example.com
          filter_policy_scope: MessageBody
          filter_policy: { kind: [escalation] }
        - { protocol: sqs, endpoint: "arn:aws:sqs:eu-west-1:123456789012:other", raw_delivery: false }
    ordered: { fifo: true, content_based_deduplication: true, subscribers: [ordered] }
routes:
  GET /: { s3.list_objects: { bucket: files } }
  POST /jobs: { sqs.send_message: { queue: jobs } }
  POST /byalias: { sqs.send_message: { queue: byalias } }
  POST /events: { sns.publish: { topic: events } }
"#;

#[test]
fn chosen_names_reach_every_format() {
    let cfn = file(FULL, "cloudformation.json");
    let r = &cfn["Resources"];
    assert_eq!(r["QueueJobs"]["Properties"]["QueueName"], "tuned-jobs");
    assert_eq!(r["TopicEvents"]["Properties"]["TopicName"], "tuned-events");
    assert_eq!(
        r["BucketFiles"]["Properties"]["BucketName"],
        "tuned-files-0123"
    );
    assert_eq!(
        r["QueueOrdered"]["Properties"]["QueueName"],
        "tuned-ordered.fifo"
    );
    // Without a name, CloudFormation names it (and a FIFO topic from the stack).
    assert!(r["QueueByalias"]["Properties"].get("QueueName").is_none());
    assert_eq!(
        r["TopicOrdered"]["Properties"]["TopicName"],
        json!({ "Fn::Sub": "${AWS::StackName}-ordered.fifo" })
    );
    let tf = file(FULL, "main.tf.json");
    let q = &tf["resource"]["aws_sqs_queue"];
    assert_eq!(q["jobs"]["name"], "tuned-jobs");
    assert!(q["jobs"].get("name_prefix").is_none());
    assert!(q["byalias"]["name_prefix"].is_string());
    assert_eq!(
        tf["resource"]["aws_s3_bucket"]["files"]["bucket"],
        "tuned-files-0123"
    );
    assert_eq!(
        tf["resource"]["aws_sns_topic"]["events"]["name"],
        "tuned-events"
    );
    // OpenAPI: the queue's path and the topic's ARN are built from the chosen names.
    let oas = serde_json::to_string(&file(FULL, "openapi.json")).unwrap();
    assert!(oas.contains("${AWS::AccountId}/tuned-jobs"), "{oas}");
    assert!(
        oas.contains(":sns:${AWS::Region}:${AWS::AccountId}:tuned-events"),
        "{oas}"
    );
    assert!(!oas.contains("${QueueJobs"), "{oas}");
}

#[test]
fn names_aws_refuses_are_reported_where_they_are() {
    let cases = [
        (
            "queues: { jobs: { name: \"has space\" } }",
            "letters, digits",
        ),
        (
            "queues: { jobs: { name: jobs, fifo: true } }",
            "must end in `.fifo`",
        ),
        ("queues: { jobs: { name: jobs.fifo } }", "only a FIFO queue"),
        ("buckets: { b: { name: 192.168.0.1 } }", "IP address"),
        ("buckets: { b: { name: Upper } }", "lower-case"),
        ("buckets: { b: { name: xn--abc } }", "`xn--`"),
        ("buckets: { b: { name: data-s3alias } }", "`-s3alias`"),
    ];
    for (owns, expect) in cases {
        let bp = format!("api: X\nowns:\n  {owns}\n  topics: {{ events: {{}} }}\n{ROUTES}");
        let bp = bp.replace("queues: { jobs: {} }", "");
        let bp = if owns.starts_with("buckets") {
            bp.replace("  topics:", "  queues: { jobs: {} }\n  topics:")
        } else {
            bp
        };
        let e = errors(&bp);
        assert!(
            e.iter().any(|(m, line)| m.contains(expect) && *line == 3),
            "{owns}: {e:?}"
        );
    }
    let e = errors(&format!(
        "api: X\nowns:\n  queues:\n    jobs: {{ name: same }}\n    other: {{ name: same }}\n  topics: {{ events: {{}} }}\n{ROUTES}"
    ));
    assert!(
        e.iter()
            .any(|(m, l)| m.contains("has the name `same`") && *l == 5),
        "{e:?}"
    );
}

#[test]
fn tags_go_on_everything_and_owned_tags_merge_over_them() {
    let cfn = file(FULL, "cloudformation.json");
    let r = &cfn["Resources"];
    let base = json!([{ "Key": "env", "Value": "prod" }, { "Key": "team", "Value": "orders" }]);
    for id in [
        "RestApi",
        "Stage",
        "ExecutionRole",
        "UsagePlan",
        "ApiKeyPartner",
        "TopicEvents",
    ] {
        assert_eq!(r[id]["Properties"]["Tags"], base, "{id}");
    }
    let jobs = json!([
        { "Key": "env", "Value": "prod" },
        { "Key": "team", "Value": "jobs" },
        { "Key": "tier", "Value": "critical" },
    ]);
    assert_eq!(r["QueueJobs"]["Properties"]["Tags"], jobs);
    // The key created for a queue carries the queue's tags.
    assert_eq!(r["KeyQueueJobs"]["Properties"]["Tags"], jobs);
    // Untaggable resources get none.
    assert!(r["QueueJobsPolicy"]["Properties"].get("Tags").is_none());
    let tf = file(FULL, "main.tf.json");
    let res = &tf["resource"];
    assert_eq!(
        res["aws_api_gateway_rest_api"]["api"]["tags"],
        json!({ "env": "prod", "team": "orders" })
    );
    assert_eq!(res["aws_sqs_queue"]["jobs"]["tags"]["team"], "jobs");
    assert_eq!(res["aws_s3_bucket"]["files"]["tags"]["data"], "pii");
    assert_eq!(res["aws_kms_key"]["queue_jobs"]["tags"]["tier"], "critical");
    assert!(res["aws_sqs_queue_policy"]["jobs"].get("tags").is_none());
    // No tags: no Tags property anywhere.
    let plain = file(
        &format!(
            "api: X\nowns: {{ queues: {{ jobs: {{}} }}, topics: {{ events: {{}} }} }}\n{ROUTES}"
        ),
        "cloudformation.json",
    );
    assert!(!plain.to_string().contains("\"Tags\""));
}

#[test]
fn tags_aws_refuses_are_reported() {
    let e = errors(&format!(
        "api: X\ntags:\n  \"aws:owner\": me\nowns: {{ queues: {{ jobs: {{}} }}, topics: {{ events: {{}} }} }}\n{ROUTES}"
    ));
    assert!(
        e.iter()
            .any(|(m, l)| m.contains("`aws:` prefix") && *l == 3),
        "{e:?}"
    );
    let long = "v".repeat(257);
    let e = errors(&format!(
        "api: X\nowns:\n  queues:\n    jobs: {{ tags: {{ k: {long} }} }}\n  topics: {{ events: {{}} }}\n{ROUTES}"
    ));
    assert!(
        e.iter().any(|(m, l)| m.contains("over 256") && *l == 4),
        "{e:?}"
    );
    let many: Vec<String> = (0..51).map(|i| format!("k{i}: v")).collect();
    let e = errors(&format!(
        "api: X\ntags: {{ {} }}\nowns: {{ queues: {{ jobs: {{}} }}, topics: {{ events: {{}} }} }}\n{ROUTES}",
        many.join(", ")
    ));
    assert!(e.iter().any(|(m, _)| m.contains("51 tags")), "{e:?}");
}

#[test]
fn queue_settings_dead_letter_and_keys_in_every_format() {
    let cfn = file(FULL, "cloudformation.json");
    let r = &cfn["Resources"];
    let p = &r["QueueJobs"]["Properties"];
    assert_eq!(p["MessageRetentionPeriod"], 86400);
    assert_eq!(p["DelaySeconds"], 5);
    assert_eq!(p["MaximumMessageSize"], 2048);
    assert_eq!(p["VisibilityTimeout"], 60);
    assert_eq!(
        p["RedrivePolicy"],
        json!({ "deadLetterTargetArn": { "Fn::Sub": "${QueueFailed.Arn}" }, "maxReceiveCount": 4 })
    );
    assert_eq!(
        p["KmsMasterKeyId"],
        json!({ "Fn::Sub": "${KeyQueueJobs.Arn}" })
    );
    // A KMS key replaces SQS-managed encryption; without one it stays.
    assert!(p.get("SqsManagedSseEnabled").is_none());
    assert_eq!(r["QueueFailed"]["Properties"]["SqsManagedSseEnabled"], true);
    assert_eq!(
        r["QueueByalias"]["Properties"]["RedrivePolicy"]["deadLetterTargetArn"],
        "arn:aws:sqs:eu-west-1:123456789012:elsewhere"
    );
    let key = &r["KeyQueueJobs"];
    assert_eq!(key["Type"], "AWS::KMS::Key");
    assert_eq!(key["Properties"]["EnableKeyRotation"], true);
    let statements = key["Properties"]["KeyPolicy"]["Statement"]
        .as_array()
        .unwrap();
    for s in statements {
        for a in s["Action"].as_array().unwrap() {
            assert!(!a.as_str().unwrap().contains('*'), "wildcard action {a}");
        }
    }
    // SNS delivers from `events` to the encrypted queue `jobs`: the key lets it, only for that topic.
    let sns = statements
        .iter()
        .find(|s| s["Principal"] == json!({ "Service": "sns.amazonaws.com" }))
        .expect("SNS may use the key");
    assert_eq!(
        sns["Condition"]["ArnEquals"]["aws:SourceArn"],
        json!([{ "Fn::Sub": "${TopicEvents}" }])
    );
    let tf = file(FULL, "main.tf.json");
    let q = &tf["resource"]["aws_sqs_queue"]["jobs"];
    assert_eq!(q["message_retention_seconds"], 86400);
    assert_eq!(q["delay_seconds"], 5);
    assert_eq!(q["max_message_size"], 2048);
    assert_eq!(q["kms_master_key_id"], "${aws_kms_key.queue_jobs.arn}");
    let redrive: Value = serde_json::from_str(q["redrive_policy"].as_str().unwrap()).unwrap();
    assert_eq!(
        redrive,
        json!({ "deadLetterTargetArn": "${aws_sqs_queue.failed.arn}", "maxReceiveCount": 4 })
    );
    assert_eq!(
        tf["resource"]["aws_kms_key"]["queue_jobs"]["enable_key_rotation"],
        true
    );
}

#[test]
fn the_role_may_use_exactly_the_keys_of_what_it_sends_to() {
    let api = lower(FULL).unwrap();
    let statements = api.role_statements();
    let kms: Vec<_> = statements
        .iter()
        .filter(|s| s.actions.iter().any(|a| a.starts_with("kms:")))
        .collect();
    assert_eq!(kms.len(), 2, "{kms:#?}");
    for s in &kms {
        assert_eq!(s.actions, ["kms:Decrypt", "kms:GenerateDataKey"]);
    }
    let plain = kms.iter().find(|s| s.conditions.is_empty()).unwrap();
    let shown: Vec<String> = plain.resources.iter().map(|t| t.to_string()).collect();
    assert!(
        shown.iter().any(|r| r.contains("key/1234abcd")),
        "{shown:?}"
    );
    assert!(shown.iter().any(|r| r.contains("jobs")), "{shown:?}");
    assert_eq!(shown.len(), 2, "{shown:?}");
    // An alias is not a resource IAM can name: the account's keys carrying it.
    let alias = kms.iter().find(|s| !s.conditions.is_empty()).unwrap();
    assert_eq!(alias.conditions[0].key, "kms:ResourceAliases");
    assert!(
        alias.resources[0].to_string().ends_with(":key/*"),
        "{:?}",
        alias.resources
    );
    // No key, no kms grant.
    let none = lower(&format!(
        "api: X\nowns: {{ queues: {{ jobs: {{}} }}, topics: {{ events: {{}} }} }}\n{ROUTES}"
    ))
    .unwrap();
    assert!(
        !none
            .role_statements()
            .iter()
            .any(|s| s.actions.iter().any(|a| a.starts_with("kms:")))
    );
}

#[test]
fn subscriptions_of_every_protocol() {
    let cfn = file(FULL, "cloudformation.json");
    let r = &cfn["Resources"];
    let s1 = &r["TopicEventsSubscription1"]["Properties"];
    assert_eq!(
        s1["Endpoint"],
        json!({ "Fn::GetAtt": ["QueueJobs", "Arn"] })
    );
    assert_eq!(s1["RawMessageDelivery"], true);
    assert_eq!(s1["FilterPolicy"], json!({ "priority": ["high"] }));
    let lambda = &r["TopicEventsSubscription2Invoke"]["Properties"];
    assert_eq!(lambda["Principal"], "sns.amazonaws.com");
    assert_eq!(lambda["SourceArn"], json!({ "Ref": "TopicEvents" }));
    assert_eq!(
        lambda["FunctionName"],
        "arn:aws:lambda:eu-west-1:123456789012:function:audit"
    );
    assert!(
        r["TopicEventsSubscription2"]["Properties"]
            .get("RawMessageDelivery")
            .is_none()
    );
    assert_eq!(
        r["TopicEventsSubscription3"]["Properties"]["RawMessageDelivery"],
        true
    );
    let email = &r["TopicEventsSubscription4"]["Properties"];
    assert_eq!(email["Protocol"], "email");
    assert_eq!(email["FilterPolicyScope"], "MessageBody");
    assert_eq!(
        r["TopicEventsSubscription5"]["Properties"]["RawMessageDelivery"],
        false
    );
    // The owned queue's policy lets the topic send; the queue by ARN is not the stack's.
    assert!(r.get("QueueJobsPolicy").is_some());
    assert_eq!(
        r["TopicOrderedToQueueOrdered"]["Properties"]["RawMessageDelivery"],
        true
    );
    let tf = file(FULL, "main.tf.json");
    let subs = &tf["resource"]["aws_sns_topic_subscription"];
    assert_eq!(
        subs["events_subscription_1"]["filter_policy"],
        "{\"priority\":[\"high\"]}"
    );
    assert_eq!(
        subs["events_subscription_4"]["filter_policy_scope"],
        "MessageBody"
    );
    assert_eq!(
        tf["resource"]["aws_lambda_permission"]["events_subscription_2_invoke"]["source_arn"],
        "${aws_sns_topic.events.arn}"
    );
}

#[test]
fn subscriptions_sns_would_refuse_are_reported_where_they_are() {
    let cases = [
        (
            "{ protocol: https, endpoint: \"http://x.example.com\" }",
            "not an HTTPS URL",
        ),
        (
            "{ protocol: email, endpoint: nobody }",
            "not an e-mail address",
        ),
        (
            "{ protocol: email, endpoint: a@b.co, raw_delivery: true }",
            "raw messages",
        ),
        (
            "{ protocol: sqs, queue: jobs, filter_policy: [a] }",
            "filter policy is a non-empty mapping",
        ),
        ("{ protocol: sqs, queue: nope }", "does not own"),
        ("{ protocol: lambda }", "needs an `endpoint`"),
        (
            "{ protocol: sqs, queue: jobs, endpoint: \"arn:aws:sqs:eu-west-1:123456789012:q\" }",
            "exactly one of",
        ),
        (
            "{ protocol: email, endpoint: a@b.co, filter_policy_scope: MessageBody }",
            "scope without",
        ),
    ];
    for (sub, expect) in cases {
        let bp = format!(
            "api: X\nowns:\n  queues: {{ jobs: {{}} }}\n  topics:\n    events:\n      subscriptions:\n        - {sub}\n{ROUTES}"
        );
        let e = errors(&bp);
        assert!(
            e.iter().any(|(m, l)| m.contains(expect) && *l == 7),
            "{sub}: {e:?}"
        );
    }
    let e = errors(&format!(
        "api: X\nowns:\n  queues: {{ jobs: {{}} }}\n  topics:\n    events:\n      fifo: true\n      subscriptions:\n        - {{ protocol: email, endpoint: a@b.co }}\n{ROUTES}"
    ));
    assert!(
        e.iter()
            .any(|(m, _)| m.contains("delivers to SQS queues only")),
        "{e:?}"
    );
}

#[test]
fn queue_limits_and_dead_letter_mistakes_are_reported() {
    let cases = [
        ("jobs: { retention: 59 }", "retention 59"),
        ("jobs: { delay: 901 }", "delay 901"),
        ("jobs: { max_message_size: 1023 }", "max_message_size 1023"),
        (
            "jobs: { dead_letter: { queue: dlq, max_receive_count: 0 } }\n    dlq: {}",
            "max_receive_count 0",
        ),
        (
            "jobs: { dead_letter: { queue: dql, max_receive_count: 3 } }\n    dlq: {}",
            "`dql`, which the blueprint does not own",
        ),
        (
            "jobs: { dead_letter: { queue: jobs, max_receive_count: 3 } }",
            "its own dead-letter",
        ),
        (
            "jobs: { dead_letter: { max_receive_count: 3 } }",
            "exactly one of",
        ),
        (
            "jobs: { kms_key: \"arn:aws:s3:::bucket\" }",
            "not a KMS key ARN",
        ),
        (
            "jobs: { kms_key: \"arn:aws:kms:eu-west-1:123456789012:key/\" }",
            "not a KMS key ARN",
        ),
    ];
    for (q, expect) in cases {
        let bp =
            format!("api: X\nowns:\n  queues:\n    {q}\n  topics: {{ events: {{}} }}\n{ROUTES}");
        let e = errors(&bp);
        assert!(
            e.iter().any(|(m, l)| m.contains(expect) && *l == 4),
            "{q}: {e:?}"
        );
    }
    let e = errors(&format!(
        "api: X\nowns:\n  queues:\n    jobs: {{ dead_letter: {{ queue: dlq, max_receive_count: 3 }} }}\n    dlq: {{ fifo: true }}\n  topics: {{ events: {{}} }}\n{ROUTES}"
    ));
    assert!(e.iter().any(|(m, _)| m.contains("both be FIFO")), "{e:?}");
    let e = errors(&format!(
        "api: X\nowns:\n  queues: {{ jobs: {{}} }}\n  topics: {{ events: {{ content_based_deduplication: true }} }}\n{ROUTES}"
    ));
    assert!(
        e.iter().any(|(m, _)| m.contains("needs a FIFO topic")),
        "{e:?}"
    );
}

#[test]
fn per_method_throttles_in_the_usage_plan() {
    let cfn = file(FULL, "cloudformation.json");
    let stage = &cfn["Resources"]["UsagePlan"]["Properties"]["ApiStages"][0];
    assert_eq!(
        stage["Throttle"],
        json!({
            "//GET": { "BurstLimit": 2, "RateLimit": 1 },
            "/jobs/POST": { "BurstLimit": 10, "RateLimit": 5 },
        })
    );
    let tf = file(FULL, "main.tf.json");
    let t = &tf["resource"]["aws_api_gateway_usage_plan"]["api"]["api_stages"]["throttle"];
    assert_eq!(
        t,
        &json!([
            { "path": "//GET", "burst_limit": 2, "rate_limit": 1 },
            { "path": "/jobs/POST", "burst_limit": 10, "rate_limit": 5 },
        ])
    );
    let base = "api: X\nowns: { queues: { jobs: {} }, topics: { events: {} } }\n";
    let e = errors(&format!(
        "{base}usage_plan:\n  routes:\n    POST /job: {{ throttle: {{ rate_limit: 1, burst_limit: 1 }} }}\n{ROUTES}"
    ));
    assert!(
        e.iter()
            .any(|(m, l)| m.contains("not a route of the API") && *l == 5),
        "{e:?}"
    );
    let e = errors(&format!(
        "{base}usage_plan:\n  routes:\n    jobs: {{ throttle: {{ rate_limit: 1, burst_limit: 1 }} }}\n{ROUTES}"
    ));
    assert!(
        e.iter()
            .any(|(m, l)| m.contains("is not `METHOD /path`") && *l == 5),
        "{e:?}"
    );
    let e = errors(&format!(
        "{base}usage_plan:\n  routes:\n    POST /jobs: {{ throttle: {{ rate_limit: 0, burst_limit: 1 }} }}\n{ROUTES}"
    ));
    assert!(
        e.iter().any(|(m, _)| m.contains("must be positive")),
        "{e:?}"
    );
}

#[test]
fn cfn_lint_accepts_every_setting() {
    let Some(tool) = common::find_tool("cfn-lint") else {
        common::skip("cfn-lint is not installed");
        return;
    };
    let dir = std::env::temp_dir().join(format!("gatewright-tuned-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut paths = Vec::new();
    for (name, contents) in files(FULL) {
        if name.starts_with("cloudformation.") {
            let p = dir.join(&name);
            std::fs::write(&p, contents).unwrap();
            paths.push(p);
        }
    }
    let out = Command::new(tool).arg("--").args(&paths).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "cfn-lint: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn terraform_accepts_every_setting() {
    let (_, tf) = files(FULL)
        .into_iter()
        .find(|(n, _)| n == "main.tf.json")
        .unwrap();
    common::terraform_validate("tuned", &tf);
}
