//! Issue 16, item 2: a seeded generator of *valid* blueprints, proving that synth never refuses
//! its own output (GW0301) and never refuses a valid blueprint.
//!
//! Each case draws API settings (name, including long and non-Latin ones, description,
//! endpoint, binary media types, stage and its variables, env, CORS, request models), access
//! (every authorizer kind, usage plan, resource policy), owned resources of every kind with
//! their settings, and routes of every operation in the services catalog with route options.
//! Every route has a path of its own (`/r<i>/...`), so routes never collide.
//!
//! `cargo test` runs `GATEWRIGHT_GENERATED_CASES` cases (default 300) through synth with our
//! own output checks (and the Terraform provider schema when it is beside the project): every
//! case must synthesize, with no error (warnings, such as a binary upload on an API without
//! binary media types, are counted and printed). A test also checks that the generator
//! reaches every operation of the catalog.
//!
//! The judged form (`GATEWRIGHT_GENERATED_OUT=<dir>`, used by `.ci/run`) also writes the
//! outputs of the first `GATEWRIGHT_GENERATED_SAMPLE` cases (default 30) into `<dir>/<case>/`,
//! for cfn-lint and openapi-spec-validator (`GATEWRIGHT_OUT_DIR=<dir> cargo test --test
//! judges`) and `terraform validate` (`GATEWRIGHT_OUT_DIR=<dir> scripts/terraform-judge.sh`).

mod common;

use gatewright::services::catalog;
use gatewright::source::Source;
use gatewright::synth;
use gatewright::validate::terraform::ProviderSchema;
use std::collections::BTreeSet;
use std::fmt::Write as _;
use std::path::PathBuf;

const SEED: u64 = 0x7661_6c69_6467_656e; // "validgen"
const CASES: usize = 300;
const SAMPLE: usize = 30;
const TF_SCHEMA: &str = "../shared/schemas/terraform-providers-6.47.0-full.json";

use common::rng::Rng;

#[path = "generated_blueprints/workflows.rs"]
mod workflows;

/// What the blueprint owns, as the routes may name it.
#[derive(Default)]
struct Owned {
    topics: Vec<(String, bool)>,
    queues: Vec<(String, bool, bool)>,
    buckets: Vec<String>,
    streams: Vec<String>,
    delivery_streams: Vec<String>,
    /// Tables: name, sort key type (if any), index sort key type (if it has an index; `""`
    /// for an index without one).
    tables: Vec<(String, Option<&'static str>, Option<&'static str>)>,
    workflows: workflows::Workflows,
}

/// The parts of a blueprint drawn so far that routes depend on.
struct Ctx {
    owned: Owned,
    authorizers: Vec<(String, &'static str)>,
    models: Vec<String>,
    binary: bool,
    binary_images: bool,
    api_keys: bool,
    cache_cluster: bool,
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).expect("string")
}

fn api_name(rng: &mut Rng) -> String {
    match rng.below(8) {
        0 => "Été 写真 API ✓".into(),
        1 => "A".repeat(rng.range(900, 980) as usize),
        2 => "my api (v2): the \"photos\" & more".into(),
        3 => "Ünïcödé-Ñame_01".into(),
        _ => format!("Gen{}", rng.below(10_000)),
    }
}

fn settings(rng: &mut Rng, s: &mut String, ctx: &mut Ctx) {
    let _ = writeln!(s, "api: {}", quoted(&api_name(rng)));
    let name_len = s.len();
    if name_len < 900 && rng.chance(1, 2) {
        let d = rng.pick_cloned(&[
            "Generated API",
            "Uploads, listings & alerts — for the ünïcode team",
            "Costs $5: 100% \"quoted\"",
        ]);
        let _ = writeln!(s, "description: {}", quoted(d));
    }
    let endpoint = rng.pick_cloned(&["edge", "regional", "regional", "private"]);
    let _ = writeln!(s, "endpoint: {endpoint}");
    if rng.chance(1, 2) {
        ctx.binary = true;
        let n = 1 + rng.below(3);
        let types: Vec<String> = (0..n)
            .map(|_| {
                quoted(rng.pick_cloned(&[
                    "*/*",
                    "image/png",
                    "image/jpeg",
                    "application/octet-stream",
                    "application/pdf",
                    "multipart/form-data",
                ]))
            })
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        ctx.binary_images = types.iter().any(|t| t == "\"*/*\"")
            || (types.iter().any(|t| t == "\"image/png\"")
                && types.iter().any(|t| t == "\"image/jpeg\""));
        let _ = writeln!(s, "binary_media_types: [{}]", types.join(", "));
    }
    let stage_name = rng
        .chance(1, 2)
        .then(|| rng.pick_cloned(&["dev", "prod", "v1_2", "blue-green"]));
    if rng.chance(1, 4) {
        stage_settings(rng, s, ctx, stage_name);
    } else if let Some(n) = stage_name {
        let _ = writeln!(s, "stage: {n}");
    }
    if rng.chance(1, 4) {
        let _ = writeln!(
            s,
            "stage_variables: {{ table: orders, mode: \"fast lane\" }}"
        );
    }
    if rng.chance(1, 4) {
        let _ = writeln!(
            s,
            "env: {{ region: {}, execution_role_arn: \"arn:aws:iam::123456789012:role/{}\" }}",
            rng.pick_cloned(&["us-east-1", "eu-west-2", "ap-southeast-1"]),
            rng.pick_cloned(&["api", "teams/api-gw_role"])
        );
    }
    if rng.chance(1, 3) {
        let origin = rng.pick_cloned(&["\"*\"", "https://app.example.com"]);
        let _ = write!(s, "cors: {{ allow_origin: {origin}");
        if rng.chance(1, 2) {
            let _ = write!(s, ", max_age: {}", rng.range(0, 86_400));
        }
        if rng.chance(1, 2) {
            s.push_str(", allow_headers: [Content-Type, Authorization, X-Api-Key]");
        }
        if origin != "\"*\"" && rng.chance(1, 2) {
            s.push_str(", allow_credentials: true");
        }
        s.push_str(" }\n");
    }
    if endpoint == "private" || rng.chance(1, 4) {
        s.push_str("resource_policy:\n");
        if endpoint == "private" || rng.chance(1, 2) {
            s.push_str("  allow_vpc_endpoints: [vpce-0123456789abcdef0]\n");
        }
        if rng.chance(1, 2) {
            s.push_str("  allow_source_ips: [\"203.0.113.0/24\", \"198.51.100.7\"]\n");
        }
        if rng.chance(1, 2) {
            s.push_str("  allow_accounts: [\"123456789012\"]\n");
        }
    }
    if rng.chance(1, 3) {
        s.push_str("models:\n");
        s.push_str("  Task:\n    $schema: http://json-schema.org/draft-04/schema#\n    title: Task\n    type: object\n    required: [name]\n    properties:\n      name: { type: string, minLength: 1, maxLength: 200, pattern: \"^[a-z ]+$\" }\n      priority: { type: integer, minimum: 1, maximum: 5 }\n      tags: { type: array, items: { type: string, enum: [a, b] }, uniqueItems: true, maxItems: 3 }\n    additionalProperties: false\n");
        ctx.models.push("Task".into());
        if rng.chance(1, 2) {
            s.push_str("  Note: { type: object, properties: { text: { type: string, format: email, default: a@example.com } }, allOf: [ { required: [text] } ], minProperties: 1 }\n");
            ctx.models.push("Note".into());
        }
    }
    if rng.chance(1, 3) {
        s.push_str("gateway_responses:\n");
        let kinds = rng.pick_cloned(&[
            &["DEFAULT_4XX"][..],
            &["DEFAULT_5XX", "THROTTLED"][..],
            &["MISSING_AUTHENTICATION_TOKEN", "BAD_REQUEST_BODY"][..],
        ]);
        for k in kinds {
            let _ = write!(s, "  {k}: {{ ");
            if rng.chance(1, 2) {
                let _ = write!(s, "status: {}, ", rng.pick_cloned(&[400, 404, 429, 503]));
            }
            if rng.chance(1, 2) {
                s.push_str("headers: { X-Api: \"'generated'\", X-Req: context.requestId }, ");
            }
            s.push_str("templates: { application/json: '{\"error\": \"$context.error.messageString\", \"at\": \"${AWS::Region}\"}' } }\n");
        }
    }
}

fn access(rng: &mut Rng, s: &mut String, ctx: &mut Ctx) {
    if rng.chance(1, 2) {
        s.push_str("authorizers:\n");
        if rng.chance(1, 2) {
            s.push_str("  users: { cognito_user_pools: [\"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_EXAMPLE\"] }\n");
            ctx.authorizers.push(("users".into(), "cognito"));
        }
        if rng.chance(1, 2) {
            let _ = writeln!(
                s,
                "  partner: {{ lambda_token: \"arn:aws:lambda:us-east-1:123456789012:function:check-token\", ttl_seconds: {} }}",
                rng.range(0, 3600)
            );
            ctx.authorizers.push(("partner".into(), "token"));
        }
        if rng.chance(1, 2) || ctx.authorizers.is_empty() {
            s.push_str("  by-request: { lambda_request: \"arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:check:live\", identity_source: \"method.request.header.X-Key, context.sourceIp\" }\n");
            ctx.authorizers.push(("by-request".into(), "request"));
        }
    }
    if rng.chance(1, 3) {
        ctx.api_keys = true;
        let _ = writeln!(
            s,
            "usage_plan: {{ api_keys: [web, partner-1], throttle: {{ rate_limit: {}, burst_limit: {} }}, quota: {{ limit: {}, period: {} }} }}",
            rng.range(1, 1000),
            rng.range(1, 2000),
            rng.range(1, 1_000_000),
            rng.pick_cloned(&["DAY", "WEEK", "MONTH"])
        );
    }
    let auth = match rng.below(4) {
        0 => "none".to_string(),
        1 if !ctx.authorizers.is_empty() => {
            ctx.authorizers[rng.below(ctx.authorizers.len())].0.clone()
        }
        _ => "aws_iam".into(),
    };
    let _ = writeln!(s, "auth: {auth}");
}

fn owns(rng: &mut Rng, s: &mut String, ctx: &mut Ctx) {
    let mut body = String::new();
    let mut queues = String::new();
    for i in 0..rng.below(3) {
        let fifo = rng.chance(1, 2);
        let cbd = fifo && rng.chance(1, 2);
        let name = format!("queue-{i}");
        let _ = write!(queues, "    {name}: {{ fifo: {fifo}");
        if cbd {
            queues.push_str(", content_based_deduplication: true");
        }
        if rng.chance(1, 2) {
            let _ = write!(queues, ", visibility_timeout: {}", rng.range(0, 43_200));
        }
        queues.push_str(" }\n");
        ctx.owned.queues.push((name, fifo, cbd));
    }
    let mut topics = String::new();
    for i in 0..rng.below(3) {
        let fifo = rng.chance(1, 3);
        let name = format!("topic_{i}");
        let subs: Vec<&str> = ctx
            .owned
            .queues
            .iter()
            .filter(|q| q.1 == fifo && rng.chance(1, 2))
            .map(|q| q.0.as_str())
            .collect();
        let _ = writeln!(
            topics,
            "    {name}: {{ fifo: {fifo}, subscribers: [{}] }}",
            subs.join(", ")
        );
        ctx.owned.topics.push((name, fifo));
    }
    let mut buckets = String::new();
    let mut distributions = String::new();
    for i in 0..rng.below(3) {
        let name = format!("files{i}");
        let _ = write!(buckets, "    {name}: {{ versioning: {}", rng.chance(1, 2));
        if rng.chance(1, 2) {
            let _ = write!(buckets, ", expire_after_days: {}", rng.range(1, 3650));
        }
        if rng.chance(1, 2) {
            let _ = write!(
                buckets,
                ", abort_incomplete_uploads_after_days: {}",
                rng.range(1, 30)
            );
        }
        buckets.push_str(" }\n");
        if rng.chance(1, 4) {
            let _ = write!(distributions, "    edge{i}: {{ bucket: {name}");
            if rng.chance(1, 2) {
                distributions.push_str(", path_prefix: incoming/");
            }
            if rng.chance(1, 2) {
                distributions.push_str(", token_issuer: https://auth.example.com");
            }
            distributions.push_str(" }\n");
        }
        ctx.owned.buckets.push(name);
    }
    let (streams, delivery_streams) = owned_streams(rng, ctx);
    let mut tables = String::new();
    for i in 0..rng.below(3) {
        let name = format!("table{i}");
        let _ = write!(tables, "    {name}: {{ partition_key: {{ name: id }}");
        let sort = rng.chance(1, 2).then(|| rng.pick_cloned(&["S", "N"]));
        if let Some(t) = sort {
            let _ = write!(tables, ", sort_key: {{ name: sk, type: {t} }}");
        }
        let index = rng.chance(1, 2).then(|| rng.pick_cloned(&["", "S", "N"]));
        if let Some(t) = index {
            tables.push_str(", indexes: { by_owner: { partition_key: { name: owner }");
            if !t.is_empty() {
                let _ = write!(tables, ", sort_key: {{ name: at, type: {t} }}");
            }
            tables.push_str(&format!(
                ", projection: {} }} }}",
                rng.pick_cloned(&["all", "keys_only", "[total, note]"])
            ));
        }
        if rng.chance(1, 4) {
            let _ = write!(
                tables,
                ", billing: provisioned, capacity: {{ read: {}, write: {} }}",
                rng.range(1, 20),
                rng.range(1, 20)
            );
        }
        if rng.chance(1, 4) {
            tables.push_str(", point_in_time_recovery: false");
        }
        if rng.chance(1, 3) {
            tables.push_str(", ttl_attribute: expires");
        }
        tables.push_str(" }\n");
        ctx.owned.tables.push((name, sort, index));
    }
    let standard: Vec<String> = ctx
        .owned
        .queues
        .iter()
        .filter(|q| !q.1)
        .map(|q| q.0.clone())
        .collect();
    let more = workflows::owns(rng, &mut ctx.owned.workflows, &standard);
    for (key, text) in [
        ("tables", &tables),
        ("queues", &queues),
        ("topics", &topics),
        ("buckets", &buckets),
        ("upload_distributions", &distributions),
        ("streams", &streams),
        ("delivery_streams", &delivery_streams),
    ]
    .into_iter()
    .chain(more.iter().map(|(k, t)| (*k, t)))
    {
        if !text.is_empty() {
            let _ = write!(body, "  {key}:\n{text}");
        }
    }
    if !body.is_empty() {
        let _ = write!(s, "owns:\n{body}");
    }
}

/// Owned Kinesis streams and Firehose delivery streams (into owned buckets), as the YAML
/// of their two sections.
fn owned_streams(rng: &mut Rng, ctx: &mut Ctx) -> (String, String) {
    let mut streams = String::new();
    for i in 0..rng.below(3) {
        let name = format!("stream{i}");
        let _ = write!(streams, "    {name}: {{");
        let mut sep = " ";
        if rng.chance(1, 2) {
            let _ = write!(streams, "{sep}shard_count: {}", rng.range(1, 8));
            sep = ", ";
        }
        if rng.chance(1, 2) {
            let _ = write!(streams, "{sep}retention_hours: {}", rng.range(24, 8760));
            sep = ", ";
        }
        if rng.chance(1, 3) {
            let _ = write!(streams, "{sep}kms_key: alias/streams-{i}");
        }
        streams.push_str(" }\n");
        ctx.owned.streams.push(name);
    }
    let mut delivery = String::new();
    for (i, bucket) in ctx.owned.buckets.clone().iter().enumerate() {
        if !rng.chance(1, 2) {
            continue;
        }
        let name = format!("hose{i}");
        let _ = write!(delivery, "    {name}: {{ bucket: {bucket}");
        if rng.chance(1, 2) {
            delivery.push_str(", prefix: \"events/raw/\", error_prefix: failed/");
        }
        if rng.chance(1, 2) {
            let _ = write!(
                delivery,
                ", buffer_size_mb: {}, buffer_interval_seconds: {}",
                rng.range(1, 128),
                rng.range(0, 900)
            );
        }
        if rng.chance(1, 2) {
            let _ = write!(
                delivery,
                ", compression: {}",
                rng.pick(&["gzip", "snappy", "zip", "hadoop_snappy", "none"])
            );
        }
        delivery.push_str(" }\n");
        ctx.owned.delivery_streams.push(name);
    }
    (streams, delivery)
}

/// A DynamoDB route on an owned table (a generic DynamoDB call when the blueprint owns none).
fn dynamodb(rng: &mut Rng, p: String, op: &str, ctx: &Ctx) -> Vec<(String, String, String)> {
    if ctx.owned.tables.is_empty() {
        return vec![(
            "POST".into(),
            p,
            "aws: { service: dynamodb, action: Scan, http_method: POST, request_templates: { application/json: \"{\\\"TableName\\\": \\\"orders\\\"}\" }, iam: [ { actions: [dynamodb:Scan], resources: [\"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders\"] } ] }".into(),
        )];
    }
    let (table, sort, index) = rng.pick_cloned(&ctx.owned.tables);
    let item_path = match sort {
        Some(_) => format!("{p}/{{id}}/{{sk}}"),
        None => format!("{p}/{{id}}"),
    };
    let mut args = format!("table: {table}");
    let fields = |rng: &mut Rng, args: &mut String| {
        if rng.chance(1, 3) {
            args.push_str(", fields: [status, total, note]");
        }
    };
    let (verb, path) = match op {
        "dynamodb.put_item" => {
            if rng.chance(1, 2) {
                args.push_str(", create_only: true");
            }
            fields(rng, &mut args);
            ("PUT", item_path)
        }
        "dynamodb.get_item" => {
            if rng.chance(1, 2) {
                args.push_str(", consistent_read: true");
            }
            ("GET", item_path)
        }
        "dynamodb.update_item" => {
            if rng.chance(1, 2) {
                args.push_str(", must_exist: true");
            }
            fields(rng, &mut args);
            ("PATCH", item_path)
        }
        "dynamodb.delete_item" => ("DELETE", item_path),
        "dynamodb.query" => {
            let on_index = index.is_some() && rng.chance(1, 2);
            let (param, sort) = if on_index {
                args.push_str(", index: by_owner");
                ("owner", index.filter(|t| !t.is_empty()))
            } else {
                ("id", sort)
            };
            match sort {
                Some("S") if rng.chance(1, 2) => {
                    args.push_str(", sort: { begins_with: query.prefix }")
                }
                Some("N") if rng.chance(1, 2) => {
                    args.push_str(", sort: { between: [query.from, query.to] }")
                }
                Some(_) if rng.chance(1, 2) => args.push_str(", sort: { gt: header.X-After }"),
                _ => {}
            }
            if rng.chance(1, 2) {
                let _ = write!(args, ", limit: {}", rng.range(1, 1000));
            }
            if rng.chance(1, 3) {
                args.push_str(", descending: true");
            }
            ("GET", format!("{p}/{{{param}}}"))
        }
        _ => {
            if index.is_some() && rng.chance(1, 3) {
                args.push_str(", index: by_owner");
            }
            if rng.chance(1, 2) {
                let _ = write!(args, ", limit: {}, page_param: page", rng.range(1, 1000));
            }
            ("GET", p)
        }
    };
    vec![(verb.into(), path, format!("{op}: {{ {args} }}"))]
}

/// An existing bucket's name, or an owned one.
fn bucket(rng: &mut Rng, ctx: &Ctx) -> String {
    if !ctx.owned.buckets.is_empty() && rng.chance(1, 2) {
        return rng.pick_cloned(&ctx.owned.buckets);
    }
    rng.pick_cloned(&["photos-bucket", "my.team.data", "logs-2024"])
        .to_string()
}

/// One route at `/r<i>`: (verb, path, operation text), the operation from the catalog.
fn operation(rng: &mut Rng, i: usize, op: &str, ctx: &Ctx) -> Vec<(String, String, String)> {
    let p = format!("/r{i}");
    let one = |verb: &str, path: String, body: String| vec![(verb.to_string(), path, body)];
    match op {
        "s3.list_buckets" => one("GET", p, "s3.list_buckets: {}".into()),
        "s3.list_objects" | "s3.delete_bucket" | "s3.create_bucket" => {
            let verb = match op {
                "s3.list_objects" => "GET",
                "s3.delete_bucket" => "DELETE",
                _ => "PUT",
            };
            let mut args = String::new();
            let path = if rng.chance(1, 2) {
                let _ = write!(args, "bucket: \"{{folder}}\"");
                if rng.chance(1, 2) {
                    args.push_str(", allowed_buckets: [photos-bucket, logs-2024]");
                }
                format!("{p}/{{folder}}")
            } else {
                let _ = write!(args, "bucket: {}", bucket(rng, ctx));
                p
            };
            if op == "s3.create_bucket" && rng.chance(1, 3) {
                args.push_str(", acl: private");
            }
            one(verb, path, format!("{op}: {{ {args} }}"))
        }
        "s3.get_object" | "s3.put_object" | "s3.delete_object" | "s3.head_object" => {
            let verb = match op {
                "s3.get_object" => "GET",
                "s3.put_object" => "PUT",
                "s3.delete_object" => "DELETE",
                _ => "HEAD",
            };
            let (path, args) = match rng.below(4) {
                0 => (
                    format!("{p}/{{folder}}/{{item}}"),
                    "bucket: \"{folder}\", key: \"{item}\"".to_string(),
                ),
                // A greedy key, as `{key+}` or `{key}` (the same parameter).
                1 => (
                    format!("{p}/{{key+}}"),
                    format!(
                        "bucket: {}, key: \"{}\"",
                        bucket(rng, ctx),
                        rng.pick_cloned(&["{key+}", "{key}"])
                    ),
                ),
                2 => (
                    format!("{p}/{{name}}"),
                    format!(
                        "bucket: {}, key: \"uploads/{{name}}.bin\"",
                        bucket(rng, ctx)
                    ),
                ),
                _ => (
                    p,
                    format!(
                        "bucket: {}, key: {}",
                        bucket(rng, ctx),
                        quoted(rng.pick_cloned(&[
                            "a b.txt",
                            "reports/2024 #1.pdf",
                            "x+y=z&q.csv",
                            "ünï.txt"
                        ]))
                    ),
                ),
            };
            let mut args = args;
            if op == "s3.put_object" && rng.chance(1, 3) {
                let _ = write!(args, ", max_upload_mb: {}", rng.range(1, 10));
            }
            one(verb, path, format!("{op}: {{ {args} }}"))
        }
        "s3.presign_upload" | "s3.presign_download" => {
            let mut args = format!(
                "bucket: {}, key: \"{}{{object}}\", expires_seconds: {}",
                bucket(rng, ctx),
                rng.pick_cloned(&["", "incoming/", "a/b/"]),
                rng.range(1, 604_800)
            );
            if op == "s3.presign_upload" && rng.chance(1, 2) {
                args.push_str(", content_types: [image/png, application/pdf]");
            }
            one(
                "GET",
                format!("{p}/{{object}}"),
                format!("{op}: {{ {args} }}"),
            )
        }
        "s3.presign_multipart" => {
            let args = format!(
                "bucket: {}, key: \"up/{{object}}\", expires_seconds: {}",
                bucket(rng, ctx),
                rng.range(60, 86_400)
            );
            ["POST", "GET", "PUT", "DELETE"]
                .iter()
                .map(|v| {
                    (
                        v.to_string(),
                        format!("{p}/{{object}}"),
                        format!("{op}: {{ {args} }}"),
                    )
                })
                .collect()
        }
        "sns.publish" => {
            let (target, fifo) = if !ctx.owned.topics.is_empty() && rng.chance(2, 3) {
                let (t, fifo) = rng.pick_cloned(&ctx.owned.topics);
                (format!("topic: {t}"), fifo)
            } else if rng.chance(1, 2) {
                (
                    "topic_arn: \"arn:aws:sns:us-east-1:123456789012:events.fifo\"".into(),
                    true,
                )
            } else {
                (
                    "topic_arn: \"arn:aws:sns:eu-west-1:123456789012:events\"".into(),
                    false,
                )
            };
            let mut args = target;
            let owned_fifo = fifo && args.starts_with("topic:");
            if !fifo && rng.chance(1, 3) {
                args.push_str(", message: querystring.message");
                if rng.chance(1, 2) {
                    args.push_str(rng.pick_cloned(&[
                        ", subject: header.X-Subject",
                        ", subject: \"Alert: disk full\"",
                    ]));
                }
                return one("POST", p, format!("sns.publish: {{ {args} }}"));
            }
            if rng.chance(1, 2) {
                args.push_str(
                    rng.pick_cloned(&[", subject: header.X-Subject", ", subject: \"It's done\""]),
                );
            }
            if fifo {
                args.push_str(", message_group_id: \"{tenant}\"");
            }
            if owned_fifo || (fifo && rng.chance(1, 2)) {
                args.push_str(", deduplication_id: header.X-Dedup-Id");
            }
            if rng.chance(1, 3) {
                args.push_str(", message_attributes: { source: header.X-Source, kind: web }");
            }
            let path = if fifo { format!("{p}/{{tenant}}") } else { p };
            one("POST", path, format!("sns.publish: {{ {args} }}"))
        }
        "sqs.send_message" => {
            let (target, fifo, cbd) = if !ctx.owned.queues.is_empty() && rng.chance(2, 3) {
                let (q, fifo, cbd) = rng.pick_cloned(&ctx.owned.queues);
                (format!("queue: {q}"), fifo, cbd)
            } else if rng.chance(1, 2) {
                (
                    "queue_arn: \"arn:aws:sqs:us-east-1:123456789012:orders\"".into(),
                    false,
                    false,
                )
            } else {
                (
                    "queue_url: \"https://sqs.eu-west-1.amazonaws.com/123456789012/jobs.fifo\""
                        .into(),
                    true,
                    false,
                )
            };
            let mut args = target;
            let mut path = p;
            if fifo {
                args.push_str(", message_group_id: \"{group}\"");
                path.push_str("/{group}");
                if !cbd {
                    args.push_str(", deduplication_id: header.X-Dedup-Id");
                }
            }
            one("POST", path, format!("sqs.send_message: {{ {args} }}"))
        }
        "rekognition.detect_labels" => {
            let mut args = Vec::new();
            let mut path = p;
            // The image in the body needs its types among the binary media types.
            if !ctx.binary_images || rng.chance(1, 2) {
                args.push(format!("s3_bucket: {}", bucket(rng, ctx)));
                args.push("s3_key: \"photos/{name}\"".to_string());
                path.push_str("/{name}");
            }
            if rng.chance(1, 2) {
                args.push(format!("max_labels: {}", rng.range(1, 100)));
            }
            if rng.chance(1, 2) {
                args.push(format!("min_confidence: {}", rng.range(0, 100)));
            }
            let verb = if args.iter().any(|a| a.starts_with("s3_")) {
                "GET"
            } else {
                "POST"
            };
            one(
                verb,
                path,
                format!("rekognition.detect_labels: {{ {} }}", args.join(", ")),
            )
        }
        "rekognition.list_collections" => {
            let args = if rng.chance(1, 2) {
                format!("max_results: {}", rng.range(1, 4096))
            } else {
                String::new()
            };
            one(
                "GET",
                p,
                format!("rekognition.list_collections: {{ {args} }}"),
            )
        }
        "aws" if ctx.owned.queues.iter().any(|q| !q.1) && rng.chance(1, 3) => {
            // The generic call with references to an owned queue, a conditional grant and a
            // deny, and a response template.
            let standard: Vec<String> = ctx
                .owned
                .queues
                .iter()
                .filter(|q| !q.1)
                .map(|q| q.0.clone())
                .collect();
            let q = rng.pick_cloned(&standard);
            let body = format!(
                "aws: {{ service: sqs, path: \"/${{AWS::AccountId}}/${{{q}.name}}\", http_method: POST, headers: {{ Content-Type: \"'application/x-www-form-urlencoded'\", X-Queue: \"'${{{q}.url}}'\" }}, request_templates: {{ application/json: \"#set($b = $input.body)\\nAction=SendMessage&MessageBody=$util.urlEncode(${{b}})&Q=${{{q}.url}}&R=${{AWS::Region}}&L=$${{literal}}\" }}, iam: [ {{ actions: [sqs:SendMessage], resources: [\"${{{q}.arn}}\"], conditions: {{ StringEquals: {{ \"aws:RequestedRegion\": \"${{AWS::Region}}\" }} }} }}, {{ effect: deny, actions: [sqs:SendMessage], resources: [\"${{{q}.arn}}\"], conditions: {{ Bool: {{ \"aws:SecureTransport\": \"false\" }} }} }} ] }}\n    integration_responses: [ {{ status: 200, templates: {{ application/json: '{{\"queued\": \"$input.path(''$.SendMessageResponse.SendMessageResult.MessageId'')\", \"queue\": \"${{{q}.arn}}\"}}' }} }}, {{ pattern: '4\\d{{2}}', status: 404 }} ]"
            );
            one("POST", p, body)
        }
        "aws" => {
            let body = match rng.below(4) {
                3 => "aws: { service: s3, path: /home-bucket/home, http_method: GET, iam: [ { actions: [s3:GetObject], resources: [\"arn:aws:s3:::home-bucket/home/${aws:username}/*\"] } ] }".to_string(),
                0 => "aws: { service: kinesis, action: ListStreams, http_method: POST, headers: { Content-Type: \"'application/x-amz-json-1.1'\" }, request_templates: { application/json: \"{}\" }, iam: [ { actions: [kinesis:ListStreams], resources: [\"*\"] } ] }".to_string(),
                1 => "aws: { service: polly, path: /v1/lexicons, http_method: GET, iam: [ { actions: [polly:ListLexicons], resources: [\"*\"] } ] }".to_string(),
                _ => "aws: { service: dynamodb, action: GetItem, http_method: POST, request_templates: { application/json: \"{\\\"TableName\\\": \\\"orders\\\"}\" }, iam: [ { actions: [dynamodb:GetItem], resources: [\"arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders\"] } ] }".to_string(),
            };
            one(
                if body.contains("http_method: GET") {
                    "GET"
                } else {
                    "POST"
                },
                p,
                body,
            )
        }
        "kinesis.put_record" | "kinesis.put_records" => {
            let target = if !ctx.owned.streams.is_empty() && rng.chance(2, 3) {
                format!("stream: {}", rng.pick_cloned(&ctx.owned.streams))
            } else {
                "stream_arn: \"arn:${AWS::Partition}:kinesis:${AWS::Region}:${AWS::AccountId}:stream/legacy\"".into()
            };
            let mut args = target;
            if args.starts_with("stream_arn") && rng.chance(1, 3) {
                args.push_str(", kms_key_arn: \"arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab\"");
            }
            let mut path = p;
            if op == "kinesis.put_record" {
                match rng.below(4) {
                    0 => {
                        args.push_str(", partition_key: \"{user}\"");
                        path.push_str("/{user}");
                    }
                    1 => args.push_str(", partition_key: header.X-Tenant"),
                    2 => args.push_str(", partition_key: body.customer.id"),
                    _ => {}
                }
            } else {
                if rng.chance(1, 2) {
                    args.push_str(", records: \"$\", data: \"$\"");
                }
                if rng.chance(1, 2) {
                    args.push_str(
                        rng.pick_cloned(&[", partition_key: record.key", ", partition_key: $request_id"]),
                    );
                }
            }
            one("POST", path, format!("{op}: {{ {args} }}"))
        }
        "firehose.put_record" | "firehose.put_record_batch" => {
            let mut args = if !ctx.owned.delivery_streams.is_empty() && rng.chance(2, 3) {
                format!("delivery_stream: {}", rng.pick_cloned(&ctx.owned.delivery_streams))
            } else {
                "delivery_stream_arn: \"arn:aws:firehose:eu-west-1:123456789012:deliverystream/legacy\"".into()
            };
            if rng.chance(1, 3) {
                args.push_str(", newline: false");
            }
            if op == "firehose.put_record_batch" && rng.chance(1, 2) {
                args.push_str(", records: \"$.events\", data: payload");
            }
            one("POST", p, format!("{op}: {{ {args} }}"))
        }
        "bedrock.invoke_model" => match rng.below(4) {
            0 => one(
                "POST",
                format!("{p}/{{model}}"),
                "bedrock.invoke_model: { model: \"{model}\", allowed_models: [amazon.titan-text-express-v1, \"anthropic.claude-3-haiku-20240307-v1:0\"] }".into(),
            ),
            1 => one(
                "POST",
                p,
                "bedrock.invoke_model: { model: \"us.amazon.nova-lite-v1:0\", profile_regions: [us-east-1, us-west-2] }".into(),
            ),
            2 => one(
                "POST",
                p,
                "bedrock.invoke_model: { model: \"eu.anthropic.claude-3-haiku-20240307-v1:0\", accept: \"*/*\" }".into(),
            ),
            _ => one(
                "POST",
                p,
                "bedrock.invoke_model: { model: amazon.titan-text-express-v1, request_template: \"{\\\"inputText\\\": \\\"$util.escapeJavaScript($input.path('$.q'))\\\"}\" }".into(),
            ),
        },
        op if op.starts_with("dynamodb.") => dynamodb(rng, p, op, ctx),
        other => match workflows::operation(rng, &p, other, &ctx.owned.workflows) {
            Some(route) => vec![route],
            None => panic!("the generator does not know the operation `{other}`: teach it"),
        },
    }
}

/// `stage:` as a mapping: the name, tracing, access logs, a cache cluster, the account
/// role and API-wide method settings, each drawn.
fn stage_settings(rng: &mut Rng, s: &mut String, ctx: &mut Ctx, name: Option<&str>) {
    s.push_str("stage:\n");
    if let Some(n) = name {
        let _ = writeln!(s, "  name: {n}");
    }
    if rng.chance(1, 2) {
        s.push_str("  tracing: true\n");
    }
    if rng.chance(1, 2) {
        let days = rng.pick(&[1, 30, 400, 3653]);
        let _ = write!(s, "  access_log: {{ retention_days: {days}");
        if rng.chance(1, 2) {
            s.push_str(", format: '$context.requestId $context.identity.sourceIp \"$context.httpMethod\" $context.status'");
        }
        s.push_str(" }\n");
    }
    if rng.chance(1, 2) {
        ctx.cache_cluster = true;
        let size = rng.pick(&["0.5", "6.1", "237"]);
        let _ = writeln!(s, "  cache_cluster_size: \"{size}\"");
    }
    let role = rng.chance(1, 2);
    if role {
        s.push_str("  account_logging_role: true\n");
    }
    s.push_str("  method_settings: { metrics: true");
    if role {
        let _ = write!(s, ", logging: {}", rng.pick(&["off", "error", "info"]));
        if rng.chance(1, 3) {
            s.push_str(", data_trace: true");
        }
    }
    if rng.chance(1, 2) {
        let rate = rng.range(1, 10_000);
        let _ = write!(
            s,
            ", throttle: {{ rate_limit: {rate}, burst_limit: {} }}",
            rate * 2
        );
    }
    if ctx.cache_cluster && rng.chance(1, 2) {
        let _ = write!(
            s,
            ", cache: {{ ttl: {}, encrypted: true }}",
            rng.range(0, 3600)
        );
    }
    s.push_str(" }\n");
}

/// Route options that fit the route.
fn options(rng: &mut Rng, verb: &str, op: &str, ctx: &Ctx, s: &mut String) {
    if rng.chance(1, 3) {
        let _ = writeln!(
            s,
            "    summary: {}",
            quoted(rng.pick_cloned(&["Does the thing", "Ünïcode: 写真", "50% off"]))
        );
    }
    let lambda = op.starts_with("s3.presign");
    if !lambda && rng.chance(1, 3) {
        let _ = writeln!(s, "    timeout_ms: {}", rng.range(50, 29_000));
    }
    if rng.chance(1, 3) {
        let mut auths = vec!["none".to_string(), "aws_iam".to_string()];
        auths.extend(ctx.authorizers.iter().map(|a| a.0.clone()));
        let a = rng.pick_cloned(&auths);
        let _ = writeln!(s, "    auth: {a}");
        if ctx.authorizers.iter().any(|x| x.0 == a && x.1 == "cognito") && rng.chance(1, 2) {
            s.push_str("    scopes: [photos/read, email]\n");
        }
    }
    if ctx.api_keys && rng.chance(1, 3) {
        s.push_str("    api_key: true\n");
    }
    if rng.chance(1, 6) {
        s.push_str("    cors: false\n");
    }
    if rng.chance(1, 6) {
        let _ = write!(
            s,
            "    method_settings: {{ throttle: {{ rate_limit: {}, burst_limit: 1 }}",
            rng.range(0, 1)
        );
        if ctx.cache_cluster && rng.chance(1, 2) {
            let _ = write!(s, ", cache: {{ ttl: {} }}", rng.range(0, 3600));
        }
        s.push_str(" }\n");
    }
    if !ctx.models.is_empty() && rng.chance(1, 6) {
        let _ = writeln!(
            s,
            "    method_responses: [{{ status: 200, models: {{ application/json: {} }} }}]",
            rng.pick_cloned(&ctx.models)
        );
    }
    let body_route = matches!(verb, "POST" | "PUT")
        && (op == "sqs.send_message" || op == "sns.publish" || op == "aws");
    if body_route
        && !ctx.models.is_empty()
        && rng.chance(1, 2)
        && !s.contains("querystring.message")
    {
        let _ = writeln!(s, "    request_model: {}", rng.pick_cloned(&ctx.models));
        let _ = writeln!(s, "    validate: {}", rng.pick_cloned(&["body", "all"]));
    }
}

/// Blueprint `index` of the run seeded `seed`; `ops` are the catalog's operations, of which
/// `first` is always used (so every operation is drawn over a run).
fn blueprint(seed: u64, index: usize, ops: &[String]) -> String {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut ctx = Ctx {
        owned: Owned::default(),
        authorizers: Vec::new(),
        models: Vec::new(),
        binary: false,
        binary_images: false,
        api_keys: false,
        cache_cluster: false,
    };
    let mut s = String::from("# generated\n");
    settings(&mut rng, &mut s, &mut ctx);
    access(&mut rng, &mut s, &mut ctx);
    owns(&mut rng, &mut s, &mut ctx);
    s.push_str("routes:\n");
    let n = 1 + rng.below(6);
    for i in 0..n {
        let op = if i == 0 {
            ops[index % ops.len()].clone()
        } else {
            rng.pick_cloned(ops)
        };
        for (verb, path, body) in operation(&mut rng, i, &op, &ctx) {
            let _ = writeln!(s, "  {verb} {path}:\n    {body}");
            let mut opts = String::new();
            options(&mut rng, &verb, &op, &ctx, &mut opts);
            if ctx.binary && op == "s3.put_object" && rng.chance(1, 2) {
                opts.push_str("    content_handling: convert_to_binary\n");
            }
            s.push_str(&opts);
        }
    }
    s
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn provider_schema() -> Option<ProviderSchema> {
    let path = common::external_file(TF_SCHEMA)?;
    let text = std::fs::read_to_string(&path).ok()?;
    ProviderSchema::from_json(&text, &path.display().to_string()).ok()
}

#[test]
fn the_generator_reaches_every_operation_of_the_catalog_and_its_settings() {
    let ops = catalog::operation_names();
    let mut seen = BTreeSet::new();
    for i in 0..ops.len() * 2 {
        let text = blueprint(SEED, i, &ops);
        for op in &ops {
            if text.contains(&format!("    {op}: ")) {
                seen.insert(op.clone());
            }
        }
    }
    let features = [
        "${aws:username}",
        "/${AWS::AccountId}/${",
        "effect: deny",
        "gateway_responses:",
        "$${literal}",
        "status: 404 }",
        "models: { application/json:",
        "lambda_request:",
        "cognito_user_pools:",
        "upload_distributions:",
        "content_based_deduplication: true",
        "subject: \"Alert: disk full\"",
        "s3.presign_multipart",
        "request_model:",
        "endpoint: private",
        "cors:",
        "cache_cluster_size:",
        "account_logging_role: true",
        "    method_settings: { throttle",
        "delivery_streams:",
        "kms_key: alias/",
        "profile_regions:",
        "partition_key: body.",
        "type: EXPRESS",
        "rules: { placed:",
        "{ state_machine: flow_",
        "batch: true",
        "task_token: \"{token}\"",
    ];
    let texts: Vec<String> = (0..400).map(|i| blueprint(SEED, i, &ops)).collect();
    for f in features {
        assert!(texts.iter().any(|t| t.contains(f)), "never generated: {f}");
    }
    let missing: Vec<&String> = ops.iter().filter(|o| !seen.contains(*o)).collect();
    assert!(missing.is_empty(), "never generated: {missing:?}");
}

#[test]
fn every_generated_blueprint_synthesizes_without_a_finding() {
    let ops = catalog::operation_names();
    let cases = env_number("GATEWRIGHT_GENERATED_CASES", CASES);
    let seed = std::env::var("GATEWRIGHT_GENERATED_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(SEED);
    let out = std::env::var_os("GATEWRIGHT_GENERATED_OUT").map(PathBuf::from);
    let sample = env_number("GATEWRIGHT_GENERATED_SAMPLE", SAMPLE);
    let schema = provider_schema();
    if schema.is_none() {
        common::skip(&format!(
            "{TF_SCHEMA} not found: generated Terraform checked without the provider schema"
        ));
    }
    let started = std::time::Instant::now();
    let mut failures = Vec::new();
    let mut written = 0;
    let mut warnings = std::collections::BTreeMap::<&str, usize>::new();
    for i in 0..cases {
        let text = blueprint(seed, i, &ops);
        let stem = format!("gen-{i:04}");
        let src = Source::new(format!("{stem}.yaml"), text.clone());
        match synth::synth_with(&stem, &src, schema.as_ref()) {
            Ok(bundle) => {
                for w in &bundle.warnings {
                    *warnings.entry(w.code).or_default() += 1;
                }
                if let Some(dir) = out.as_ref().filter(|_| i < sample) {
                    let d = dir.join(&stem);
                    std::fs::create_dir_all(&d).expect("create sample folder");
                    std::fs::write(d.join("blueprint.yaml.txt"), &text).expect("write");
                    for f in &bundle.files {
                        std::fs::write(d.join(f.name), &f.contents).expect("write output");
                    }
                    written += 1;
                }
            }
            Err(diags) => {
                let shown: Vec<String> = diags.iter().map(|d| d.to_string()).collect();
                failures.push((i, text, shown.join("\n")));
            }
        }
    }
    eprintln!(
        "generated {cases} valid blueprints (seed {seed:#x}) in {:.1?}: {} refused; warnings by code {warnings:?}{}",
        started.elapsed(),
        failures.len(),
        if written > 0 {
            format!("; {written} written for the judges")
        } else {
            String::new()
        }
    );
    if !failures.is_empty() {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("generated-failures");
        let _ = std::fs::remove_dir_all(&dir);
        let _ = std::fs::create_dir_all(&dir);
        let mut report = String::new();
        let mut kinds = std::collections::BTreeMap::<String, usize>::new();
        for (i, text, why) in &failures {
            let _ = std::fs::write(
                dir.join(format!("gen-{i:04}.yaml")),
                format!("{text}\n# {}\n", why.replace('\n', "\n# ")),
            );
            for line in why
                .lines()
                .filter(|l| l.contains("error[") || l.contains("warning["))
            {
                let kind = line.split_once(": ").map_or(line, |(_, k)| k);
                let kind: String = kind.chars().take(120).collect();
                *kinds.entry(kind).or_default() += 1;
            }
        }
        for (k, n) in &kinds {
            let _ = writeln!(report, "{n:4} {k}");
        }
        let _ = writeln!(report, "(inputs in {})", dir.display());
        for (i, text, why) in failures.iter().take(3) {
            let _ = writeln!(report, "--- case {i}:\n{text}\n=> {why}\n");
        }
        panic!(
            "{} of {cases} valid blueprints were refused:\n{report}",
            failures.len()
        );
    }
}
