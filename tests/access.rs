//! CORS, authorizers, API keys and resource policies: what the blueprint asks for is what
//! each format gets, and what API Gateway or browsers would refuse is refused at synth.

use gatewright::emit::{cloudformation, terraform};
use gatewright::model::{Authorization, HttpMethod, RestApi};
use gatewright::source::Source;
use gatewright::synth;
use serde_json::Value;

fn api(text: &str) -> RestApi {
    synth::model(&Source::new("bp.yaml", text)).unwrap_or_else(|d| panic!("{d:#?}"))
}

fn error(text: &str) -> String {
    let d = synth::model(&Source::new("bp.yaml", text)).expect_err("should fail");
    d.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join("\n")
}

const BASE: &str = "api: X\nroutes:\n  POST /items/{id}: { sqs.send_message: { queue_arn: 'arn:aws:sqs:us-east-1:123456789012:q' } }\n";

#[test]
fn cors_adds_a_preflight_and_the_origin_on_every_response() {
    let a = api(&format!(
        "{BASE}cors: {{ allow_origin: 'https://app.example.com', max_age: 60 }}\n"
    ));
    let pre = a
        .methods
        .iter()
        .find(|m| m.verb == HttpMethod::Options)
        .expect("preflight");
    assert_eq!(
        pre.authorization,
        Authorization::None,
        "browsers send preflights unsigned"
    );
    assert!(pre.integration.is_mock());
    let h = &pre.integration.responses[0].headers;
    assert_eq!(
        h["Access-Control-Allow-Methods"].to_string(),
        "'POST,OPTIONS'"
    );
    assert_eq!(
        h["Access-Control-Allow-Origin"].to_string(),
        "'https://app.example.com'"
    );
    assert_eq!(h["Access-Control-Max-Age"].to_string(), "'60'");
    let post = a
        .methods
        .iter()
        .find(|m| m.verb == HttpMethod::Post)
        .unwrap();
    for r in &post.responses {
        assert!(
            r.headers.iter().any(|h| h == "Access-Control-Allow-Origin"),
            "{}",
            r.status
        );
    }
    for r in &post.integration.responses {
        assert_eq!(
            r.headers["Access-Control-Allow-Origin"].to_string(),
            "'https://app.example.com'"
        );
    }
    let cfn = cloudformation::template(&a);
    let gr = &cfn["Resources"]["GatewayResponseDEFAULT4XX"]["Properties"];
    assert_eq!(
        gr["ResponseParameters"]["gatewayresponse.header.Access-Control-Allow-Origin"],
        "'https://app.example.com'"
    );
}

#[test]
fn cors_refusals() {
    let e = error(&format!("{BASE}cors: {{ allow_credentials: true }}\n"));
    assert!(e.contains("cannot allow every origin"), "{e}");
    let a = api(&format!("{BASE}cors: {{}}\n")
        .replace("queue: ", "queue: ")
        .replace("POST /items/{id}: {", "POST /items/{id}: { cors: false,"));
    assert!(
        a.methods.iter().all(|m| m.verb != HttpMethod::Options),
        "opted-out route gets no preflight"
    );
}

#[test]
fn authorizers_in_every_format() {
    let a = api(&format!(
        "{BASE}auth: users\nauthorizers:\n  users: {{ cognito_user_pools: ['arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_X'] }}\n  gate: {{ lambda_token: 'arn:aws:lambda:us-east-1:123456789012:function:gate' }}\n"
    )
    .replace("POST /items/{id}: {", "POST /items/{id}: { scopes: [items/write],")
    .replace("routes:\n", "routes:\n  GET /open: { s3.list_buckets: {}, auth: gate }\n"));
    let cfn = cloudformation::template(&a);
    let m = &cfn["Resources"]["MethodItemsIdPost"]["Properties"];
    assert_eq!(m["AuthorizationType"], "COGNITO_USER_POOLS");
    assert_eq!(m["AuthorizerId"]["Ref"], "AuthorizerUsers");
    assert_eq!(m["AuthorizationScopes"], serde_json::json!(["items/write"]));
    assert_eq!(
        cfn["Resources"]["MethodOpenGet"]["Properties"]["AuthorizationType"],
        "CUSTOM"
    );
    let perm = &cfn["Resources"]["AuthorizerGateInvoke"]["Properties"];
    assert_eq!(perm["Principal"], "apigateway.amazonaws.com");
    assert!(
        perm["SourceArn"]["Fn::Sub"]
            .as_str()
            .unwrap()
            .ends_with("${RestApi}/authorizers/${AuthorizerGate}")
    );
    let tf = terraform::main_tf(&a);
    assert_eq!(
        tf["resource"]["aws_api_gateway_authorizer"]["users"]["type"],
        "COGNITO_USER_POOLS"
    );
    assert_eq!(
        tf["resource"]["aws_api_gateway_method"]["items_id_post"]["authorizer_id"],
        "${aws_api_gateway_authorizer.users.id}"
    );
    let oas = gatewright::emit::openapi::openapi3(&a);
    let scheme = &oas["components"]["securitySchemes"]["users"];
    assert_eq!(scheme["x-amazon-apigateway-authtype"], "cognito_user_pools");
    assert_eq!(
        oas["paths"]["/items/{id}"]["post"]["security"],
        serde_json::json!([{ "users": ["items/write"] }])
    );
}

#[test]
fn authorizer_mistakes_are_refused_with_suggestions() {
    let e = error(&format!(
        "{BASE}auth: usres\nauthorizers:\n  users: {{ cognito_user_pools: ['arn:aws:cognito-idp:us-east-1:1:userpool/x'] }}\n"
    ));
    assert!(e.contains("did you mean `users`?"), "{e}");
    let e = error(&format!(
        "{BASE}auth: gate\nauthorizers:\n  gate: {{ lambda_token: 'not-an-arn' }}\n"
    ));
    assert!(e.contains("not a Lambda function ARN"), "{e}");
    let e = error(&format!("{BASE}auth: gate\nauthorizers:\n  gate: {{}}\n"));
    assert!(e.contains("needs exactly one"), "{e}");
}

#[test]
fn api_keys_need_a_usage_plan_and_get_one_in_every_format() {
    let keyed = BASE.replace("POST /items/{id}: {", "POST /items/{id}: { api_key: true,");
    let e = error(&keyed);
    assert!(e.contains("no usage plan"), "{e}");
    let a = api(&format!(
        "{keyed}usage_plan: {{ throttle: {{ rate_limit: 5, burst_limit: 10 }}, quota: {{ limit: 100, period: DAY }}, api_keys: [web] }}\n"
    ));
    let cfn = cloudformation::template(&a);
    assert_eq!(
        cfn["Resources"]["MethodItemsIdPost"]["Properties"]["ApiKeyRequired"],
        true
    );
    let plan = &cfn["Resources"]["UsagePlan"]["Properties"];
    assert_eq!(plan["Throttle"]["RateLimit"], 5);
    assert_eq!(plan["Quota"]["Period"], "DAY");
    assert_eq!(
        cfn["Resources"]["ApiKeyWebInUsagePlan"]["Properties"]["KeyType"],
        "API_KEY"
    );
    let tf = terraform::main_tf(&a);
    assert_eq!(
        tf["resource"]["aws_api_gateway_usage_plan"]["api"]["quota_settings"]["limit"],
        100
    );
    let e = error(&format!(
        "{keyed}usage_plan: {{ quota: {{ limit: 1, period: YEAR }} }}\n"
    ));
    assert!(e.contains("DAY, WEEK or MONTH"), "{e}");
}

#[test]
fn resource_policy_and_private_endpoints() {
    let a = api(&format!(
        "{BASE}resource_policy: {{ allow_source_ips: ['10.0.0.0/8'], allow_accounts: ['123456789012'] }}\n"
    ));
    let cfn = cloudformation::template(&a);
    let st = &cfn["Resources"]["RestApi"]["Properties"]["Policy"]["Statement"];
    assert_eq!(
        st[0]["Principal"]["AWS"],
        serde_json::json!(["123456789012"])
    );
    assert_eq!(st[1]["Effect"], "Deny");
    assert_eq!(
        st[1]["Condition"]["NotIpAddress"]["aws:SourceIp"],
        serde_json::json!(["10.0.0.0/8"])
    );
    let tf = terraform::main_tf(&a);
    let policy: Value = serde_json::from_str(
        tf["resource"]["aws_api_gateway_rest_api_policy"]["api"]["policy"]
            .as_str()
            .unwrap(),
    )
    .unwrap();
    assert_eq!(policy["Statement"], *st);
    let e = error(&format!("{BASE}endpoint: private\n"));
    assert!(e.contains("private API needs a resource policy"), "{e}");
}
