//! Method and integration responses merged with the operation's defaults, response
//! templates and models, and gateway responses.

mod common;

use common::lowering::lower;

fn first_error(text: &str) -> (String, (usize, usize), String) {
    let d = lower(text).expect_err("should fail").remove(0);
    let l = d.location.as_ref().expect("located");
    (d.code.to_string(), (l.line, l.column), d.message.clone())
}

const SQS: &str = "api: X\nmodels:\n  Queued: { type: object }\nowns:\n  queues:\n    jobs: {}\nroutes:\n  POST /m:\n    sqs.send_message: { queue: jobs }\n";

#[test]
fn a_template_on_the_success_rule_keeps_the_error_rules_and_other_templates() {
    let plain = lower(SQS).unwrap();
    let before = &plain.methods[0].integration.responses;
    let api = lower(&format!(
        "{SQS}    integration_responses:\n      - status: 200\n        templates:\n          text/plain: 'sent $input.path(''$.SendMessageResponse.SendMessageResult.MessageId'')'\n"
    ))
    .unwrap();
    let after = &api.methods[0].integration.responses;
    assert_eq!(after.len(), before.len());
    let ok = after.iter().find(|r| r.status == "200").unwrap();
    let ok_before = before.iter().find(|r| r.status == "200").unwrap();
    // The operation's built-in JSON template is kept; the text one is added.
    assert_eq!(
        ok.templates["application/json"],
        ok_before.templates["application/json"]
    );
    assert!(
        ok.templates["text/plain"]
            .to_string()
            .starts_with("sent $input.path")
    );
    assert_eq!(ok.headers, ok_before.headers);
    for (a, b) in after.iter().zip(before).filter(|(a, _)| a.status != "200") {
        assert_eq!(a, b);
    }
}

#[test]
fn a_pattern_names_the_rule_it_retargets() {
    let api = lower(&format!(
        "{SQS}    method_responses: [{{ status: 404, models: {{ application/json: Queued }} }}]\n    integration_responses:\n      - {{ pattern: '4\\d{{2}}', status: 404, content_handling: convert_to_text }}\n      - {{ status: 201 }}\n"
    ))
    .unwrap();
    let m = &api.methods[0];
    let rules: Vec<(Option<&str>, &str)> = m
        .integration
        .responses
        .iter()
        .map(|r| (r.selection_pattern.as_deref(), r.status.as_str()))
        .collect();
    // `status: 201` without a pattern names the default rule, whose status it replaces.
    assert_eq!(
        rules,
        [
            (None, "201"),
            (Some("4\\d{2}"), "404"),
            (Some("5\\d{2}"), "500")
        ]
    );
    let not_found = m.responses.iter().find(|r| r.status == "404").unwrap();
    assert_eq!(not_found.models["application/json"], "Queued");
    // The new status is declared, with the header its rule maps.
    let created = m.responses.iter().find(|r| r.status == "201").unwrap();
    assert_eq!(created.headers, ["Content-Type"]);
}

#[test]
fn response_problems_are_located_at_the_entry() {
    let (code, at, msg) = first_error(&format!(
        "{SQS}    method_responses: [{{ status: 200, models: {{ application/json: Queud }} }}]\n"
    ));
    assert_eq!(code, "GW0209");
    assert_eq!(at, (10, 5));
    assert!(msg.contains("model `Queud`"), "{msg}");
    let (code, at, _) = first_error(&format!(
        "{SQS}    integration_responses:\n      - status: 200\n        headers: {{ X-A: nope }}\n"
    ));
    assert_eq!((code.as_str(), at), ("GW0208", (12, 20)));
}

#[test]
fn gateway_responses_take_status_headers_and_templates_and_merge_with_cors() {
    let api = lower(
        "api: X\ncors: {}\ngateway_responses:\n  DEFAULT_4XX:\n    headers: { X-Api: \"'x'\" }\n  MISSING_AUTHENTICATION_TOKEN:\n    status: 404\n    templates: { application/json: '{\"message\": \"no such route\", \"r\": \"$context.requestId\"}' }\nroutes:\n  GET /: { s3.list_buckets: {} }\n",
    )
    .unwrap();
    let g = api.gateway_responses();
    assert_eq!(
        g["DEFAULT_4XX"].headers["gatewayresponse.header.X-Api"],
        "'x'"
    );
    assert!(
        g["DEFAULT_4XX"]
            .headers
            .contains_key("gatewayresponse.header.Access-Control-Allow-Origin")
    );
    assert!(
        g["DEFAULT_5XX"]
            .headers
            .contains_key("gatewayresponse.header.Access-Control-Allow-Origin")
    );
    let nf = &g["MISSING_AUTHENTICATION_TOKEN"];
    assert_eq!(nf.status.as_deref(), Some("404"));
    assert!(
        nf.templates["application/json"]
            .to_string()
            .contains("$context.requestId")
    );
}

#[test]
fn bad_gateway_responses_are_refused_at_their_key() {
    let bp = |g: &str| {
        format!("api: X\ngateway_responses:\n{g}routes:\n  GET /: {{ s3.list_buckets: {{}} }}\n")
    };
    let (code, at, msg) = first_error(&bp("  DEFAULT_4xx: {}\n"));
    assert_eq!((code.as_str(), at), ("GW0209", (3, 3)));
    assert!(msg.contains("DEFAULT_4xx"));
    let d = lower(&bp("  DEFAULT_4xx: {}\n")).unwrap_err().remove(0);
    assert!(d.help.unwrap().contains("did you mean `DEFAULT_4XX`"));
    let (code, at, _) = first_error(&bp("  THROTTLED: { status: 42 }\n"));
    assert_eq!((code.as_str(), at), ("GW0209", (3, 16)));
    let (code, at, _) = first_error(&bp(
        "  THROTTLED: { headers: { Retry-After: integration.response.header.x } }\n",
    ));
    assert_eq!((code.as_str(), at), ("GW0208", (3, 27)));
    let (code, _, _) = first_error(&bp(
        "  THROTTLED: { templates: { application/json: '${nothing.arn}' } }\n",
    ));
    assert_eq!(code, "GW0215");
}
