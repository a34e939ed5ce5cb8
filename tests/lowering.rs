//! Blueprint -> model: defaults, overrides of a route, and located errors for what cannot be
//! built.

mod common;

use common::lowering::{at, err, lower};

use gatewright::model::{Authorization, ContentHandling, IntegrationParam, Passthrough};
use gatewright::source::Source;
use gatewright::synth;

#[test]
fn route_overrides_merge_with_the_operation_defaults() {
    let api = lower(
        r#"api: X
routes:
  PUT /files/{name}:
    s3.put_object: { bucket: uploads-bucket, key: "in/{name}" }
    auth: none
    summary: Upload a file
    region: eu-west-1
    timeout_ms: 10000
    passthrough: never
    content_handling: convert_to_binary
    request_parameters: { header.x-acl: false }
    integration_parameters: { header.x-amz-acl: method.request.header.x-acl, header.x-amz-meta-src: "'api'" }
    method_responses: [{ status: 200 }, { status: 403 }]
    integration_responses: [{ status: 200 }, { pattern: "403", status: 403 }]
"#,
    )
    .unwrap();
    let m = &api.methods[0];
    assert_eq!(m.authorization, Authorization::None);
    assert_eq!(m.summary.as_deref(), Some("Upload a file"));
    let i = &m.integration;
    assert_eq!(i.region.as_deref(), Some("eu-west-1"));
    assert_eq!(
        i.uri().to_string(),
        "arn:${AWS::Partition}:apigateway:eu-west-1:s3:path/uploads-bucket/in/{name}"
    );
    assert_eq!(i.timeout_ms, Some(10000));
    assert_eq!(i.passthrough, Passthrough::Never);
    assert_eq!(i.content_handling, Some(ContentHandling::ConvertToBinary));
    assert_eq!(
        i.request_parameters[&IntegrationParam::Header("x-amz-acl".into())].to_string(),
        "method.request.header.x-acl"
    );
    assert_eq!(
        i.request_parameters[&IntegrationParam::Header("x-amz-meta-src".into())].to_string(),
        "'api'"
    );
    assert_eq!(
        m.responses
            .iter()
            .map(|r| r.status.as_str())
            .collect::<Vec<_>>(),
        // The operation's responses are kept; 403 is added.
        ["200", "400", "500", "403"]
    );
    let rules: Vec<(Option<&str>, &str)> = i
        .responses
        .iter()
        .map(|r| (r.selection_pattern.as_deref(), r.status.as_str()))
        .collect();
    assert_eq!(
        rules,
        [
            (None, "200"),
            (Some("4\\d{2}"), "400"),
            (Some("5\\d{2}"), "500"),
            (Some("403"), "403")
        ]
    );
    assert_eq!(
        i.permissions[0].resources[0].to_string(),
        "arn:${AWS::Partition}:s3:::uploads-bucket/in/*"
    );
}

#[test]
fn api_defaults_are_secure() {
    let api = lower("api: X\nroutes:\n  GET /: { s3.list_buckets: {} }\n").unwrap();
    assert_eq!(api.methods[0].authorization, Authorization::AwsIam);
    assert_eq!(api.stage.name, "dev");
    assert_eq!(api.endpoint.as_str(), "REGIONAL");
}

#[test]
fn errors_are_located_and_coded() {
    let d = err("api: X\nroutes:\n  FETCH /: { s3.list_buckets: {} }\n");
    assert_eq!((d.code, at(&d)), ("GW0201", (3, 3)));

    let d = err("api: X\nroutes:\n  GET /a//b: { s3.list_buckets: {} }\n");
    assert_eq!((d.code, at(&d)), ("GW0202", (3, 3)));

    let d = err("api: X\nroutes:\n  GET /{f}:\n    s3.list_objects: { bucket: \"{g}\" }\n");
    assert_eq!((d.code, at(&d)), ("GW0205", (4, 24)));
    assert!(d.help.unwrap().contains("{f}"));

    let d = err("api: X\nroutes:\n  GET /:\n    s3.list_buckets: {}\n    timeout_ms: 40000\n");
    assert_eq!((d.code, at(&d)), ("GW0209", (5, 5)));

    let d = err(
        "api: X\nroutes:\n  GET /:\n    s3.list_buckets: {}\n    integration_parameters: { header.a: method.request.header.b }\n",
    );
    // At the mapping's own key.
    assert_eq!((d.code, at(&d)), ("GW0207", (5, 31)));

    let d = err("api: X\nroutes:\n  GET /:\n    s3.list_buckets: {}\n    region: mars\n");
    assert_eq!(d.code, "GW0209");

    let d = err(
        "api: X\nroutes:\n  GET /{f}:\n    s3.list_objects: { bucket: \"{f}\", allowed_buckets: [Bad_Name] }\n",
    );
    assert_eq!(d.code, "GW0206");

    let d = err(
        "api: X\nroutes:\n  GET /:\n    s3.list_buckets: {}\n    method_responses: [{ status: 404, models: { application/json: M } }]\n",
    );
    assert_eq!((d.code, at(&d)), ("GW0209", (5, 5)));

    let d = err(
        "api: X\nroutes:\n  GET /a: { s3.list_buckets: {} }\n  GET /a/: { s3.list_buckets: {} }\n",
    );
    assert_eq!(d.code, "GW0203");

    let d = err("api: X\nstage: 'no spaces'\nroutes:\n  GET /: { s3.list_buckets: {} }\n");
    assert_eq!(d.code, "GW0209");
}

#[test]
fn every_route_error_is_reported_not_just_the_first() {
    let diags = lower(
        "api: X\nroutes:\n  GET /{a}: { s3.list_objects: { bucket: \"{b}\" } }\n  PUT /{c}: { s3.create_bucket: { bucket: \"{d}\" } }\n",
    )
    .unwrap_err();
    // `/{a}` and `/{c}` are also two variables under `/`, which API Gateway refuses (GW0202,
    // reported at the second route since the blueprint check catches it).
    assert_eq!(
        diags.iter().map(|d| d.code).collect::<Vec<_>>(),
        ["GW0205", "GW0202", "GW0205"]
    );
    assert_eq!(at(&diags[1]), (4, 3));
    assert_eq!(at(&diags[2]).0, 4);
}

#[test]
fn yaml_and_shape_errors_carry_codes() {
    let d = err("api: X\nroutes:\n  GET /: { s3.list_buckets: {}\n");
    assert_eq!(d.code, "GW0101");
    let d = err("api: X\nroutes:\n  GET /: { s3.list_buckets: {} }\nroutes: {}\n");
    assert!(d.code == "GW0103" || d.code == "GW0102", "{d}");
    let d = err(
        "api: X\nroutes:\n  GET /: { s3.list_buckets: {} }\n  GET /: { s3.list_buckets: {} }\n",
    );
    assert!(
        d.message.contains("twice") || d.message.contains("duplicate"),
        "{d}"
    );
    let d = err("");
    assert_eq!(d.code, "GW0102");
    let d = err("api: X\nroutes:\n  GET /: {}\n");
    assert!(d.message.contains("names no operation"), "{d}");
    let d =
        err("api: X\nroutes:\n  GET /: { s3.list_buckets: {}, s3.list_objects: { bucket: b } }\n");
    assert!(d.message.contains("one operation"), "{d}");
    let d = err("api: X\nroutes:\n  GET /: { s3.list_buckets: {}, timout_ms: 5 }\n");
    assert!(d.message.contains("did you mean `timeout_ms`"), "{d}");
}

#[test]
fn two_path_variables_under_one_parent_are_refused_at_the_route() {
    // API Gateway refuses two different path variables at the same level (`/{a}` and `/{b}`).
    // The output lint (GW0347) would catch it too, but the blueprint check comes first and
    // points at the route (the output refusal itself is tested in src/synth.rs).
    let text = "api: X\nroutes:\n  GET /{a}: { s3.list_objects: { bucket: \"{a}\" } }\n  PUT /{b}: { s3.create_bucket: { bucket: \"{b}\" } }\n";
    let diags = synth::synth("x", &Source::new("bp.yaml", text)).expect_err("refused");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!((diags[0].code, at(&diags[0])), ("GW0202", (4, 3)));
    assert!(diags[0].message.contains("`{b}` and `{a}`"), "{}", diags[0]);
    assert!(
        synth::synth(
            "x",
            &Source::new(
                "bp.yaml",
                "api: X\nroutes:\n  GET /: { s3.list_buckets: {} }\n"
            )
        )
        .is_ok()
    );
}

#[test]
fn a_bad_selection_pattern_is_located_in_the_blueprint() {
    let d = err(
        "api: X\nroutes:\n  GET /:\n    s3.list_buckets: {}\n    integration_responses: [{ status: 200 }, { pattern: '4\\d{2', status: 200 }]\n",
    );
    // At the pattern itself, not just the route option.
    assert_eq!((d.code, at(&d)), ("GW0208", (5, 48)));
}

#[test]
fn uploads_over_the_payload_limit_name_the_patterns_that_handle_them() {
    let d = err(
        "api: X\nroutes:\n  PUT /u/{k}:\n    s3.put_object: { bucket: b-bucket, key: \"{k}\", max_upload_mb: 25 }\n",
    );
    assert_eq!(d.code, "GW0206");
    assert!(
        d.message.contains("25 MB") && d.message.contains("10 MB"),
        "{d}"
    );
    let help = d.help.unwrap();
    assert!(
        help.contains("presigned") && help.contains("CloudFront"),
        "{help}"
    );
    assert!(lower("api: X\nroutes:\n  PUT /u/{k}:\n    s3.put_object: { bucket: b-bucket, key: \"{k}\", max_upload_mb: 10 }\n").is_ok());
}

#[test]
fn owned_buckets_are_named_by_their_blueprint_name() {
    let api = lower(
        "api: X\nowns: { buckets: { uploads: {} } }\nroutes:\n  PUT /u/{k}: { s3.put_object: { bucket: uploads, key: \"in/{k}\" } }\n",
    )
    .unwrap();
    let i = &api.methods[0].integration;
    assert_eq!(
        i.uri().to_string(),
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:s3:path/${uploads.name}/in/{k}"
    );
    assert_eq!(
        i.permissions[0].resources[0].to_string(),
        "${uploads.arn}/in/*"
    );
    let d = err(
        "api: X\nroutes:\n  PUT /u/{k}: { s3.put_object: { bucket: Uploads, key: \"{k}\" } }\n",
    );
    assert_eq!(d.code, "GW0206", "an unknown, invalid bucket name: {d}");
}

#[test]
fn routes_sharing_a_function_name_must_share_the_function() {
    let d = err(
        "api: X\nowns: { buckets: { uploads: {} } }\nroutes:\n  POST /m/{o}: { s3.presign_multipart: { bucket: uploads, key: \"{o}\" } }\n  GET /m/{o}: { s3.presign_multipart: { bucket: uploads, key: \"{o}\", expires_seconds: 60 } }\n",
    );
    assert!(
        d.message
            .contains("different functions named `presign-multipart-uploads`"),
        "{d}"
    );
}

/// A blueprint of `n` paths `/items{i}/{id}` with a GET to S3 each, in `shape` (or the
/// default when `None`).
fn big_blueprint(n: usize, shape: Option<&str>) -> String {
    let mut text = String::from("api: Big\n");
    if let Some(s) = shape {
        text.push_str(&format!("output: {{ shape: {s} }}\n"));
    }
    text.push_str("routes:\n");
    for i in 0..n {
        text.push_str(&format!("  GET /items{i}/{{id}}: {{ s3.get_object: {{ bucket: big-bucket, key: \"{{id}}\" }} }}\n"));
    }
    text
}

#[test]
fn apis_past_the_cloudformation_quotas_are_warned_about_not_refused() {
    // The resources shape, asked for: a template CloudFormation refuses, warned about.
    let text = big_blueprint(400, Some("resources"));
    let bundle = synth::synth("big", &Source::new("big.yaml", text))
        .expect("Terraform and OpenAPI still work");
    let codes: Vec<&str> = bundle.warnings.iter().map(|d| d.code).collect();
    assert!(
        codes.contains(&"GW0349"),
        "over 500 stack resources: {codes:?}"
    );
    assert!(
        codes.contains(&"GW0352"),
        "over 300 API resources: {codes:?}"
    );
}

/// By default an API past the stack quotas is written in the body shape: a handful of
/// resources, so no GW0349; the API itself still has 800 resources, which API Gateway's
/// default quota does not allow (GW0352, in every document that holds the API).
#[test]
fn apis_past_the_cloudformation_quotas_take_the_body_shape_by_default() {
    // The document goes beside the template (over 1 MB inside), so it needs `env`.
    let text = big_blueprint(400, None).replace(
        "routes:",
        "env: { region: us-east-1, account_id: \"123456789012\", execution_role_arn: \"arn:aws:iam::123456789012:role/big\" }\nroutes:",
    );
    let bundle =
        synth::synth("big", &Source::new("big.yaml", text)).expect("the body shape synthesizes");
    let codes: Vec<&str> = bundle.warnings.iter().map(|d| d.code).collect();
    assert!(!codes.contains(&"GW0349"), "{codes:?}");
    let files: Vec<&str> = bundle
        .warnings
        .iter()
        .filter(|d| d.code == "GW0352")
        .filter_map(|d| d.location.as_ref().map(|l| l.file.as_str()))
        .collect();
    // The template reads openapi.json from S3: the document's own warning is the one, and
    // synth reports a warning every document repeats once, at the first that shows it.
    assert_eq!(files, ["big/openapi.json"]);
    // The checks of the other documents find it too.
    for (name, format) in [
        ("swagger.json", gatewright::validate::Format::Swagger2),
        ("main.tf.json", gatewright::validate::Format::TerraformJson),
    ] {
        let doc: serde_json::Value = serde_json::from_str(bundle.text(name).unwrap()).unwrap();
        let found = gatewright::validate::check_document(format, &doc, name, None);
        assert!(found.iter().any(|d| d.code == "GW0352"), "GW0352 in {name}");
    }
    let t: serde_json::Value =
        serde_json::from_str(bundle.text("cloudformation.json").unwrap()).unwrap();
    assert!(t["Resources"]["RestApi"]["Properties"]["BodyS3Location"].is_object());
    let types: Vec<&str> = t["Resources"]
        .as_object()
        .unwrap()
        .values()
        .map(|r| r["Type"].as_str().unwrap())
        .collect();
    assert_eq!(
        types,
        [
            "AWS::ApiGateway::RestApi",
            "AWS::IAM::Role",
            "AWS::ApiGateway::Deployment",
            "AWS::ApiGateway::Stage"
        ]
    );
    // 100 paths (200 API resources, 100 methods) fit one stack: they keep the resources shape.
    let small = synth::synth("s", &Source::new("s.yaml", big_blueprint(100, None))).unwrap();
    let cfn = small.text("cloudformation.json").unwrap();
    assert!(
        cfn.contains("AWS::ApiGateway::Method"),
        "100 paths keep the resources shape"
    );
}

#[test]
fn a_route_goes_on_past_a_bad_setting_and_model_checks_point_at_the_option() {
    let diags = lower(
        "api: X\nmodels: { Order: { type: object } }\nroutes:\n  POST /o:\n    s3.list_buckets: {}\n    auth: nobody\n    timeout_ms: 5\n    request_model: Ordr\n    region: mars\n",
    )
    .unwrap_err();
    let got: Vec<(&str, (usize, usize))> = diags.iter().map(|d| (d.code, at(d))).collect();
    assert_eq!(
        got,
        [
            ("GW0209", (6, 5)),
            ("GW0209", (7, 5)),
            ("GW0209", (8, 5)),
            ("GW0209", (9, 5))
        ],
        "{diags:#?}"
    );
    assert!(
        diags[2]
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `Order`?")
    );
}

#[test]
fn a_bad_api_wide_auth_is_reported_once_and_a_broken_authorizer_not_again_per_route() {
    let diags = lower(
        "api: X\nauth: nobdy\nroutes:\n  GET /a: { s3.list_buckets: {} }\n  GET /b: { s3.list_buckets: {} }\n",
    )
    .unwrap_err();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert_eq!((diags[0].code, at(&diags[0])), ("GW0209", (2, 1)));

    let diags = lower(
        "api: X\nauthorizers:\n  both: { lambda_token: 'arn:aws:lambda:us-east-1:123456789012:function:f', cognito_user_pools: [] }\nroutes:\n  GET /a:\n    s3.list_buckets: {}\n    auth: both\n    scopes: [read]\n",
    )
    .unwrap_err();
    assert_eq!(diags.len(), 1, "{diags:#?}");
    assert!(diags[0].message.contains("names 2 kinds"), "{diags:#?}");
}

#[test]
fn misspelt_values_with_a_known_set_get_a_suggestion() {
    let helps = |text: &str| -> Vec<String> {
        lower(text)
            .unwrap_err()
            .into_iter()
            .map(|d| d.help.unwrap_or_default())
            .collect()
    };
    let h = helps(
        "api: X\nroutes:\n  GET /:\n    s3.list_buckets: {}\n    request_parameters: { heder.x-id: true }\n    integration_parameters: { header.x-id: method.requst.header.x-id }\n    passthrough: whn_no_match\n",
    );
    assert!(h[0].starts_with("did you mean `header.x-id`?"), "{h:?}");
    assert!(
        h[1].starts_with("did you mean `method.request.header.x-id`?"),
        "{h:?}"
    );
    assert!(h[2].starts_with("did you mean `when_no_match`?"), "{h:?}");
    assert_eq!(h.len(), 3, "{h:?}");
    // A mapping from the parameter whose declaration was refused is no second error.
    let d = err(
        "api: X\nroutes:\n  GET /:\n    s3.list_buckets: {}\n    request_parameters: { heder.x-id: true }\n    integration_parameters: { header.x-id: method.request.header.x-id }\n",
    );
    assert_eq!((d.code, at(&d)), ("GW0208", (5, 5)));
    let h = helps(
        "api: X\nroutes:\n  PUT /{k}:\n    s3.put_object: { bucket: b-bucket, key: \"{k}\", acl: public-raed }\n",
    );
    assert!(h[0].starts_with("did you mean `public-read`?"), "{h:?}");
}

#[test]
fn a_route_whose_operation_fails_still_has_its_settings_checked() {
    let diags = lower(
        "api: X\nroutes:\n  GET /{f}:\n    s3.list_objects: { bucket: \"{g}\" }\n    timeout_ms: 5\n    passthrough: nevr\n    integration_parameters: { header.a: method.request.header.b }\n  GET /{f}/:\n    s3.list_buckets: {}\n",
    )
    .unwrap_err();
    let got: Vec<(&str, (usize, usize))> = diags.iter().map(|d| (d.code, at(d))).collect();
    assert_eq!(
        got,
        [
            ("GW0205", (4, 24)),
            ("GW0209", (5, 5)),
            ("GW0209", (6, 5)),
            ("GW0203", (8, 3))
        ],
        "{diags:#?}"
    );
}

#[test]
fn path_overrides_a_typed_operation_ignores_or_contradicts_are_refused_where_written() {
    // A fixed owned-free bucket: the URI has no `{bucket}` for the mapping to fill.
    let d = err(
        "api: X\nroutes:\n  GET /{item}:\n    s3.get_object: { bucket: photos, key: \"{item}\" }\n    integration_parameters: { path.bucket: stageVariables.bucket }\n",
    );
    assert_eq!((d.code, at(&d)), ("GW0210", (5, 31)));
    assert!(d.message.contains("has no `{bucket}`"), "{}", d.message);
    assert!(d.help.unwrap().contains("{stageVariables.NAME}"));
    // The operation fills `{bucket}` from the route: a stage variable would contradict it.
    let d = err(
        "api: X\nroutes:\n  GET /{folder}/{item}:\n    s3.get_object: { bucket: \"{folder}\", key: \"{item}\" }\n    integration_parameters: { path.bucket: stageVariables.bucket }\n",
    );
    assert_eq!((d.code, at(&d)), ("GW0210", (5, 31)));
    assert!(
        d.message.contains("method.request.path.folder"),
        "{}",
        d.message
    );
    // The same mapping the operation makes is no contradiction.
    lower(
        "api: X\nroutes:\n  GET /{folder}/{item}:\n    s3.get_object: { bucket: \"{folder}\", key: \"{item}\" }\n    integration_parameters: { path.bucket: method.request.path.folder }\n",
    )
    .unwrap();
}

#[test]
fn s3_arguments_from_anywhere_are_located_at_the_argument() {
    let api = lower(
        "api: X\nstage_variables: { bucket: photos-dev }\nroutes:\n  GET /objects:\n    s3.get_object: { bucket: \"{stageVariables.bucket}\", key: \"{query.key}\", allowed_buckets: [photos-dev] }\n",
    )
    .unwrap();
    let m = &api.methods[0];
    assert_eq!(
        m.integration.request_parameters[&IntegrationParam::Path("object".into())].to_string(),
        "method.request.querystring.key"
    );
    let d = err(
        "api: X\nroutes:\n  GET /objects:\n    s3.get_object: { bucket: \"{stageVariables.bucket}\", key: \"{query.key}\" }\n",
    );
    assert_eq!((d.code, at(&d)), ("GW0206", (4, 22)));
    let d = err(
        "api: X\nroutes:\n  GET /{folder}/{item}:\n    s3.get_object: { bucket: \"{folder}\", key: \"{item+}\" }\n",
    );
    assert_eq!((d.code, at(&d)), ("GW0206", (4, 42)));
    assert!(d.help.unwrap().starts_with("write `{item}`"));
}
