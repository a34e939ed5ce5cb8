use super::*;
use crate::model::Operation;
use crate::model::owned::StateMachine;

fn p(s: &str) -> ApiPath {
    ApiPath::parse(s).unwrap()
}

fn owned(express: bool) -> Owned {
    let mut o = Owned::default();
    o.state_machines.insert(
        "flow".into(),
        StateMachine {
            express,
            ..Default::default()
        },
    );
    o
}

#[test]
fn start_execution_passes_the_body_and_grants_the_machine_only() {
    let m = StartExecution::of("flow")
        .build_in(&p("/flows"), HttpMethod::Post, &owned(false))
        .unwrap();
    let i = &m.integration;
    assert_eq!(
        i.uri().to_string(),
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:states:action/StartExecution"
    );
    assert_eq!(
        i.request_templates["application/json"].to_string(),
        r#"{"stateMachineArn": "${flow.arn}", "input": "$util.escapeJavaScript($input.json('$')).replaceAll("\\'","'")"}"#
    );
    assert_eq!(i.permissions[0].actions, ["states:StartExecution"]);
    assert_eq!(i.permissions[0].resources[0].to_string(), "${flow.arn}");
    assert!(m.responses.iter().any(|r| r.status == "409"));
}

#[test]
fn an_input_template_is_rendered_to_a_string_before_it_is_escaped() {
    let op = StartExecution {
        input: Some("{\"order\": $input.json('$.order'), \"at\": \"${AWS::Region}\"}".into()),
        ..StartExecution::of("flow")
    };
    let m = op.build(&p("/f"), HttpMethod::Post).unwrap();
    let t = m.integration.request_templates["application/json"].to_string();
    assert!(
        t.starts_with("#define($executionInput){\"order\": $input.json('$.order'), \"at\": \"${AWS::Region}\"}#end\n#set($executionInputText = \"$executionInput\")\n"),
        "{t}"
    );
    assert!(
        t.contains("\"input\": \"$util.escapeJavaScript($executionInputText)"),
        "{t}"
    );
}

#[test]
fn a_fixed_execution_name_is_refused() {
    let op = StartExecution {
        name: Some("once".into()),
        ..StartExecution::of("flow")
    };
    let e = op.build(&p("/f"), HttpMethod::Post).unwrap_err();
    assert_eq!(e.field, Some("name"));
}

#[test]
fn sync_runs_need_an_express_machine_and_unwrap_the_output() {
    let e = StartSyncExecution::of("flow")
        .build_in(&p("/run"), HttpMethod::Post, &owned(false))
        .unwrap_err();
    assert_eq!(e.field, Some("state_machine"));
    assert!(e.message.contains("EXPRESS"), "{}", e.message);
    let m = StartSyncExecution::of("flow")
        .build_in(&p("/run"), HttpMethod::Post, &owned(true))
        .unwrap();
    let ok = m.integration.responses[0].templates["application/json"].to_string();
    assert!(
        ok.contains("#if($status == 'SUCCEEDED')$input.path('$.output')"),
        "{ok}"
    );
    assert!(ok.contains("responseOverride.status = 504"), "{ok}");
    assert_eq!(
        m.integration.permissions[0].actions,
        ["states:StartSyncExecution"]
    );
    assert!(m.responses.iter().any(|r| r.status == "504"));
}

#[test]
fn describe_builds_the_execution_arn_and_grants_its_executions() {
    let op = DescribeExecution {
        state_machine: Some("flow".into()),
        state_machine_arn: None,
        execution_id: "{id}".into(),
    };
    let m = op
        .build_in(&p("/flows/{id}"), HttpMethod::Get, &owned(false))
        .unwrap();
    let t = m.integration.request_templates["application/json"].to_string();
    assert!(
        t.starts_with("{\"executionArn\": \"arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${flow.name}:$util.escapeJavaScript($input.params().path.get('id'))"),
        "{t}"
    );
    assert_eq!(
        m.integration.permissions[0].resources[0].to_string(),
        "arn:${AWS::Partition}:states:${AWS::Region}:${AWS::AccountId}:execution:${flow.name}:*"
    );
    assert!(m.responses.iter().any(|r| r.status == "404"));
    let e = op
        .build_in(&p("/flows/{id}"), HttpMethod::Get, &owned(true))
        .unwrap_err();
    assert_eq!(e.field, Some("state_machine"));
    let e = op.build(&p("/flows"), HttpMethod::Get).unwrap_err();
    assert_eq!(e.field, Some("execution_id"));
}

#[test]
fn machines_by_arn_give_their_executions() {
    let op = StopExecution {
        state_machine: None,
        state_machine_arn: Some("arn:aws:states:eu-west-1:123456789012:stateMachine:orders".into()),
        execution_id: "header.X-Execution".into(),
    };
    let m = op.build(&p("/stop"), HttpMethod::Post).unwrap();
    assert_eq!(
        m.integration.permissions[0].resources[0].to_string(),
        "arn:aws:states:eu-west-1:123456789012:execution:orders:*"
    );
    assert_eq!(
        m.integration.permissions[0].actions,
        ["states:StopExecution"]
    );
    let bad = StopExecution {
        state_machine_arn: Some("arn:aws:sqs:eu-west-1:123456789012:orders".into()),
        ..op
    };
    assert_eq!(
        bad.build(&p("/stop"), HttpMethod::Post).unwrap_err().field,
        Some("state_machine_arn")
    );
}

#[test]
fn task_tokens_from_the_body_or_the_request() {
    let m = SendTaskSuccess {
        state_machine: Some("flow".into()),
        ..Default::default()
    }
    .build(&p("/approve"), HttpMethod::Post)
    .unwrap();
    let t = m.integration.request_templates["application/json"].to_string();
    assert!(t.contains("$input.path('$.taskToken')"), "{t}");
    assert!(t.contains("$input.json('$.output')"), "{t}");
    assert_eq!(
        m.integration.permissions[0].actions,
        ["states:SendTaskSuccess"]
    );
    assert_eq!(
        m.integration.permissions[0].resources[0].to_string(),
        "${flow.arn}"
    );
    let m = SendTaskFailure {
        state_machine: Some("flow".into()),
        task_token: Some("{token}".into()),
        ..Default::default()
    }
    .build(&p("/reject/{token}"), HttpMethod::Post)
    .unwrap();
    let t = m.integration.request_templates["application/json"].to_string();
    assert!(t.contains("$input.params().path.get('token')"), "{t}");
    assert_eq!(
        m.integration.permissions[0].actions,
        ["states:SendTaskFailure"]
    );
    assert!(m.responses.iter().any(|r| r.status == "410"));
}
