//! Issue 16, item 2: what the output checks would refuse (GW0301), the blueprint checks refuse
//! first, at the line that causes it; and what AWS accepts is not refused. One test per cause
//! the fuzzer found.

use gatewright::Diagnostic;
use gatewright::source::Source;
use gatewright::synth;

/// The errors synth reports for `text`, as (code, line, column, message); none when it synthesizes.
fn refused(text: &str) -> Vec<(&'static str, usize, usize, String)> {
    match synth::synth("t", &Source::new("t.yaml", text)) {
        Ok(_) => Vec::new(),
        Err(diags) => diags
            .iter()
            .filter(|d| Diagnostic::is_error(d))
            .map(|d| {
                let l = d.location.as_ref().expect("located");
                (d.code, l.line, l.column, d.message.clone())
            })
            .collect(),
    }
}

/// `text` is refused with one error, `code` at `line:col`, whose message holds `words`.
fn refused_at(text: &str, code: &str, at: (usize, usize), words: &str) {
    let found = refused(text);
    assert_eq!(found.len(), 1, "{found:#?}");
    let (c, line, col, msg) = &found[0];
    assert_eq!((*c, (*line, *col)), (code, at), "{msg}");
    assert!(msg.contains(words), "{msg}");
}

fn accepted(text: &str) -> gatewright::synth::Bundle {
    synth::synth("t", &Source::new("t.yaml", text)).unwrap_or_else(|d| panic!("refused: {d:#?}"))
}

const QUEUE: &str = "owns: { queues: { jobs: {} } }\n";

fn with_model(model: &str) -> String {
    format!(
        "api: A\n{QUEUE}models:\n  Order: {model}\nroutes:\n  POST /o: {{ sqs.send_message: {{ queue: jobs }}, request_model: Order, validate: body }}\n"
    )
}

#[test]
fn a_model_with_keywords_openapi_cannot_hold_is_refused_at_the_keyword() {
    refused_at(
        &with_model("{ type: object, definitions: { x: { type: string } } }"),
        "GW0209",
        (4, 26),
        "`definitions`",
    );
    refused_at(
        &with_model("{ type: object, properties: { a: { type: [string, \"null\"] } } }"),
        "GW0209",
        (4, 45),
        "`type`",
    );
    refused_at(
        &with_model("{ anyOf: [ { type: string } ] }"),
        "GW0209",
        (4, 12),
        "`anyOf`",
    );
    refused_at(
        &with_model("{ type: array, items: [ { type: string } ] }"),
        "GW0209",
        (4, 25),
        "`items` as a list",
    );
    // What both formats hold is taken, `$schema` included (the documents drop it).
    accepted(&with_model(
        "{ $schema: \"http://json-schema.org/draft-04/schema#\", title: O, type: object, required: [id], properties: { id: { type: string, pattern: \"^[a-z]+$\" }, n: { type: array, items: { type: integer, minimum: 1 } } }, additionalProperties: false }",
    ));
}

#[test]
fn a_model_default_or_example_its_schema_refuses_is_refused_at_the_value() {
    // openapi-spec-validator checks defaults against their schema, formats included.
    refused_at(
        &with_model(
            "{ type: object, properties: { to: { type: string, format: email, default: x } } }",
        ),
        "GW0209",
        (4, 75),
        "`default` \"x\"",
    );
    refused_at(
        &with_model("{ type: integer, minimum: 1, example: 0 }"),
        "GW0209",
        (4, 39),
        "`example` 0",
    );
    accepted(&with_model(
        "{ type: object, properties: { to: { type: string, format: email, default: a@example.com, example: b@example.com } } }",
    ));
}

#[test]
fn a_model_that_is_not_an_object_is_refused() {
    refused_at(&with_model("false"), "GW0209", (4, 3), "is `false`");
}

#[test]
fn a_colon_in_a_path_part_is_refused_at_the_route() {
    refused_at(
        "api: A\nroutes:\n  GET /a:b: { s3.list_buckets: {} }\n",
        "GW0202",
        (3, 3),
        "segment `a:b`",
    );
}

#[test]
fn a_long_or_non_latin_api_name_is_taken_and_the_role_description_fits_iam() {
    let text =
        |name: &str| format!("api: \"{name}\"\nroutes:\n  GET /: {{ s3.list_buckets: {{}} }}\n");
    for name in ["A".repeat(990), "Été 写真 API".to_string()] {
        let b = accepted(&text(&name));
        let cfn: serde_json::Value =
            serde_json::from_str(&b.files[0].contents).expect("cloudformation.json");
        let d = cfn["Resources"]["ExecutionRole"]["Properties"]["Description"]
            .as_str()
            .expect("role description");
        assert!(d.chars().count() <= 1000, "{}", d.len());
        assert!(
            d.chars()
                .all(|c| matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{a1}'..='\u{ff}')),
            "{d}"
        );
    }
}

#[test]
fn a_fixed_s3_key_with_a_space_is_written_encoded() {
    let b = accepted(
        "api: A\nroutes:\n  GET /f: { s3.get_object: { bucket: photos, key: \"a b.txt\" } }\n",
    );
    let cfn = &b.files[0].contents;
    assert!(cfn.contains("s3:path/photos/a%20b.txt"), "{cfn}");
}

#[test]
fn a_binary_media_type_with_whitespace_is_refused() {
    refused_at(
        "api: A\nbinary_media_types: [\"image/ png\"]\nroutes:\n  GET /: { s3.list_buckets: {} }\n",
        "GW0209",
        (2, 1),
        "`image/ png`",
    );
    accepted(
        "api: A\nbinary_media_types: [\"*/*\", image/png]\nroutes:\n  GET /: { s3.list_buckets: {} }\n",
    );
}

#[test]
fn a_malformed_authorizer_arn_is_refused_at_the_authorizer() {
    let text = |arn: &str| {
        format!(
            "api: A\nauth: p\nauthorizers:\n  p: {{ lambda_token: \"{arn}\" }}\nroutes:\n  GET /: {{ s3.list_buckets: {{}} }}\n"
        )
    };
    for bad in [
        "arn:aws:lambda:us-east-1:12:function:f",
        "arn:aws:lambda:us-east-50:123456789012:function:f",
        "arn:aws:lambda:us-east-1:123456789012:function:a.b",
        "arn:aws:lambda:us-east-1:123456789012:function:f:1:2",
    ] {
        refused_at(&text(bad), "GW0209", (4, 8), "is not a Lambda function ARN");
    }
    for good in [
        "arn:aws:lambda:us-east-1:123456789012:function:check-token",
        "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:f:live",
        "arn:aws:lambda:eu-west-2:123456789012:function:f:$LATEST",
    ] {
        accepted(&text(good));
    }
}

#[test]
fn env_values_the_documents_cannot_use_are_refused_at_the_key() {
    let text =
        |env: &str| format!("api: A\nenv: {env}\nroutes:\n  GET /: {{ s3.list_buckets: {{}} }}\n");
    refused_at(
        &text("{ region: us-east-1e400 }"),
        "GW0209",
        (2, 8),
        "region",
    );
    refused_at(
        &text("{ execution_role_arn: \"arn:aws:iam::599:role/api\" }"),
        "GW0209",
        (2, 8),
        "not an IAM role ARN",
    );
    accepted(&text(
        "{ region: eu-west-1, execution_role_arn: \"arn:aws:iam::123456789012:role/api\" }",
    ));
}

#[test]
fn two_presigned_routes_on_one_bucket_get_a_function_each() {
    let b = accepted(
        "api: A\nowns: { buckets: { up: {} } }\nroutes:\n  GET /a/{n}: { s3.presign_upload: { bucket: up, key: \"a/{n}\" } }\n  GET /b/{n}: { s3.presign_upload: { bucket: up, key: \"b/{n}\" } }\n  GET /c/{n}: { s3.presign_download: { bucket: photos, key: \"{n}\" } }\n  GET /d/{n}: { s3.presign_download: { bucket: photos, key: \"{n}\" } }\n",
    );
    let cfn: serde_json::Value = serde_json::from_str(&b.files[0].contents).unwrap();
    let functions: Vec<&String> = cfn["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == "AWS::Lambda::Function")
        .map(|(k, _)| k)
        .collect();
    assert_eq!(functions.len(), 4, "{functions:?}");
}

#[test]
fn two_path_variables_under_one_parent_are_refused_at_the_second_route() {
    refused_at(
        "api: A\nroutes:\n  GET /{folder}: { s3.list_objects: { bucket: \"{folder}\" } }\n  GET /{bucket}/x: { s3.list_objects: { bucket: \"{bucket}\" } }\n",
        "GW0202",
        (4, 3),
        "`{bucket}` and `{folder}`",
    );
    refused_at(
        "api: A\nroutes:\n  GET /f/{item}: { s3.list_buckets: {} }\n  GET /f/{item+}: { s3.list_buckets: {} }\n",
        "GW0202",
        (4, 3),
        "`{item+}` and `{item}`",
    );
    // A path parameter may be called `bucket`.
    accepted(
        "api: A\nroutes:\n  GET /{bucket}: { s3.list_objects: { bucket: \"{bucket}\" } }\n  GET /{bucket}/{key}: { s3.get_object: { bucket: \"{bucket}\", key: \"{key}\" } }\n",
    );
}

#[test]
fn sns_query_form_takes_a_subject() {
    let b = accepted(
        "api: A\nowns: { topics: { t: {} } }\nroutes:\n  POST /p: { sns.publish: { topic: t, message: querystring.m, subject: header.X-Subject } }\n  POST /q: { sns.publish: { topic: t, message: querystring.m, subject: Alert } }\n",
    );
    let oas = &b.files[2].contents;
    assert!(
        oas.contains(
            "\"integration.request.querystring.Subject\": \"method.request.header.X-Subject\""
        ) && oas.contains("\"integration.request.querystring.Subject\": \"'Alert'\""),
        "{oas}"
    );
    refused_at(
        "api: A\nowns: { topics: { t: {} } }\nroutes:\n  POST /q: { sns.publish: { topic: t, message: querystring.m, subject: \"it's\" } }\n",
        "GW0206",
        (4, 63),
        "SNS refuses the subject",
    );
}

#[test]
fn a_message_group_on_a_standard_topic_is_refused_at_the_key() {
    refused_at(
        "api: A\nowns: { topics: { t: {} } }\nroutes:\n  POST /p: { sns.publish: { topic: t, message_group_id: g } }\n",
        "GW0206",
        (4, 39),
        "message groups are for FIFO topics",
    );
    refused_at(
        "api: A\nroutes:\n  POST /p: { sns.publish: { topic_arn: \"arn:aws:sns:us-east-1:123456789012:t\", message_group_id: g } }\n",
        "GW0206",
        (3, 80),
        "message groups are for FIFO topics",
    );
    accepted(
        "api: A\nowns: { topics: { t: { fifo: true } } }\nroutes:\n  POST /p: { sns.publish: { topic: t, message_group_id: g, deduplication_id: header.X-Dedup } }\n",
    );
}

#[test]
fn names_made_from_a_long_api_name_stay_within_what_aws_allows() {
    let name = "A".repeat(900);
    let b = accepted(&format!(
        "api: {name}\nstage: a-very-long-stage-name-for-testing\nowns:\n  buckets: {{ My_Files: {{}} }}\n  queues: {{ jobs: {{}} }}\n  upload_distributions: {{ edge: {{ bucket: My_Files }} }}\nroutes:\n  GET /up/{{n}}: {{ s3.presign_upload: {{ bucket: My_Files, key: \"{{n}}\" }} }}\n"
    ));
    let tf: serde_json::Value = serde_json::from_str(&b.files[4].contents).expect("main.tf.json");
    let r = &tf["resource"];
    let prefix = r["aws_s3_bucket"]["my_files"]["bucket_prefix"]
        .as_str()
        .unwrap();
    assert!(prefix.len() <= 37, "{prefix}");
    assert!(
        prefix
            .bytes()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == b'-'),
        "{prefix}"
    );
    assert!(
        r["aws_sqs_queue"]["jobs"]["name_prefix"]
            .as_str()
            .unwrap()
            .len()
            <= 37
    );
    for (kind, attr) in [
        ("aws_lambda_function", "function_name"),
        ("aws_cloudfront_function", "name"),
        ("aws_cloudfront_key_value_store", "name"),
    ] {
        for (_, body) in r[kind].as_object().unwrap_or_else(|| panic!("{kind}")) {
            let n = body[attr].as_str().unwrap();
            assert!(n.len() <= 64, "{kind}: {n}");
        }
    }
}
