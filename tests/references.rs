//! `${...}` references in blueprints: resolved where a deploy-time value can go, left as they
//! are where API Gateway or IAM resolve them, and refused, located, everywhere else.

mod common;

use common::lowering::lower;

use gatewright::model::policy::Effect;
use gatewright::synth;

fn errors(text: &str) -> Vec<(String, (usize, usize), String)> {
    lower(text)
        .expect_err("should fail")
        .into_iter()
        .map(|d| {
            let l = d.location.as_ref().expect("located");
            (d.code.to_string(), (l.line, l.column), d.message.clone())
        })
        .collect()
}

const QUEUE: &str = "api: X\nowns:\n  queues:\n    jobs: {}\nroutes:\n";

fn generic(route: &str) -> String {
    format!("{QUEUE}  POST /m:\n    aws:\n      service: sqs\n      http_method: POST\n{route}")
}

const GRANT: &str =
    "      iam:\n        - actions: [sqs:SendMessage]\n          resources: [\"${jobs.arn}\"]\n";

#[test]
fn generic_path_template_and_iam_take_stack_and_owned_references() {
    let api = lower(&generic(&format!(
        "      path: /${{AWS::AccountId}}/${{jobs.name}}\n      headers: {{ X-Queue: \"'${{jobs.url}}'\" }}\n      request_templates:\n        application/json: 'Action=SendMessage&QueueUrl=${{jobs.url}}&R=${{AWS::Region}}&B=$input.body'\n{GRANT}"
    )))
    .unwrap();
    let i = &api.methods[0].integration;
    assert_eq!(
        i.uri().to_string(),
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/${jobs.name}"
    );
    assert_eq!(
        i.request_templates["application/json"].to_string(),
        "Action=SendMessage&QueueUrl=${jobs.url}&R=${AWS::Region}&B=$input.body"
    );
    let header = i.request_parameters.values().next().unwrap().expr();
    assert_eq!(header.to_string(), "'${jobs.url}'");
    let role = api.execution_role().unwrap();
    let st = &role.policy.statements[0];
    assert_eq!(
        st.resources.as_ref().unwrap().items()[0].to_string(),
        "${jobs.arn}"
    );
}

#[test]
fn vtl_formal_references_and_template_variables_stay_as_written() {
    let tpl = "#set($body = $input.body)\\n{\\\"b\\\": \\\"${body}\\\", \\\"s\\\": \\\"${stageVariables.env}\\\", \\\"i\\\": \\\"${input.params('x')}\\\", \\\"lit\\\": \\\"$${notvtl}\\\"}";
    let api = lower(&generic(&format!(
        "      path: /a\n      request_templates:\n        application/json: \"{tpl}\"\n{GRANT}"
    )))
    .unwrap();
    let t = &api.methods[0].integration.request_templates["application/json"];
    let out = t.to_string();
    assert!(out.contains("\"${body}\""), "{out}");
    assert!(out.contains("${stageVariables.env}"), "{out}");
    assert!(out.contains("${input.params('x')}"), "{out}");
    assert!(out.contains("\"${notvtl}\""), "{out}");
    assert_eq!(t.as_literal().as_deref(), Some(out.as_str()));
}

#[test]
fn an_unknown_reference_is_located_at_its_value_with_a_suggestion() {
    let bp = generic(&format!(
        "      path: /a\n      request_templates:\n        application/json: 'Q=${{jbos.url}}'\n{GRANT}"
    ));
    let e = errors(&bp);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].0, "GW0215");
    assert!(e[0].2.contains("${jbos.url}"), "{e:?}");
    let d = lower(&bp).unwrap_err().remove(0);
    assert!(d.help.unwrap().contains("did you mean `${jobs.url}`"));

    // In a route's own template: located at the content type's key.
    let bp = format!(
        "{QUEUE}  POST /m:\n    sqs.send_message: {{ queue: jobs }}\n    request_templates:\n      text/plain: 'x=${{AWS::Acount}}'\n"
    );
    let e = errors(&bp);
    assert_eq!(
        e,
        vec![("GW0215".to_string(), (9, 7), e[0].2.clone())],
        "{e:?}"
    );
    assert!(e[0].2.contains("AWS::Acount"));
}

#[test]
fn references_are_refused_where_they_cannot_go() {
    // A stage variable in an IAM resource: the role is fixed at deploy time.
    let e = errors(&generic(
        "      path: /a\n      iam:\n        - actions: [sqs:SendMessage]\n          resources: [\"${stageVariables.q}\"]\n",
    ));
    assert_eq!(e[0].0, "GW0215", "{e:?}");
    // An IAM policy variable in a path.
    let e = errors(&generic(&format!(
        "      path: /${{aws:username}}\n{GRANT}"
    )));
    assert_eq!(e[0].0, "GW0215", "{e:?}");
    assert!(e[0].2.contains("policy variable"), "{e:?}");
    // A stage variable in a fixed header value: API Gateway sends it as written.
    let e = errors(&generic(&format!(
        "      path: /a\n      headers: {{ X-Q: \"'${{stageVariables.q}}'\" }}\n{GRANT}"
    )));
    assert_eq!(e[0].0, "GW0215", "{e:?}");
    // A characters a URI path cannot hold.
    let e = errors(&generic(&format!("      path: /a b\n{GRANT}")));
    assert_eq!(e[0].0, "GW0206", "{e:?}");
    assert!(e[0].2.contains("URI path"), "{e:?}");
}

#[test]
fn stage_variables_and_policy_variables_stay_where_aws_resolves_them() {
    let api = lower(&generic(
        "      path: /${stageVariables.account}/${jobs.name}\n      iam:\n        - actions: [sqs:SendMessage]\n          resources: [\"arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:${aws:username}-*\"]\n",
    ))
    .unwrap();
    let i = &api.methods[0].integration;
    assert!(
        i.uri()
            .to_string()
            .contains("path/${stageVariables.account}/${jobs.name}")
    );
    let r = &i.permissions[0].resources[0];
    assert!(r.to_string().ends_with(":${aws:username}-*"), "{r}");
    // The policy variable is literal text (emitters escape it for Fn::Sub and Terraform).
    assert!(
        r.0.iter()
            .any(|p| matches!(p, gatewright::model::Part::Lit(s) if s.contains("${aws:username}")))
    );
}

#[test]
fn grants_deny_and_carry_conditions_in_separate_statements() {
    let api = lower(&generic(
        "      path: /a\n      iam:\n        - actions: [sqs:SendMessage]\n          resources: [\"${jobs.arn}\"]\n          conditions: { StringEquals: { \"aws:RequestedRegion\": \"${AWS::Region}\" } }\n        - effect: deny\n          actions: [sqs:SendMessage]\n          resources: [\"${jobs.arn}\"]\n          conditions: { Bool: { \"aws:SecureTransport\": \"false\" } }\n",
    ))
    .unwrap();
    let role = api.execution_role().unwrap();
    let st = &role.policy.statements;
    assert_eq!(st.len(), 2);
    assert_eq!(st[0].effect, Effect::Allow);
    assert_eq!(st[0].conditions[0].operator, "StringEquals");
    assert_eq!(
        st[0].conditions[0].values.items()[0].to_string(),
        "${AWS::Region}"
    );
    assert_eq!(st[1].effect, Effect::Deny);
    assert_eq!(st[1].conditions[0].key, "aws:SecureTransport");
}

#[test]
fn bad_grants_are_refused() {
    for (grant, want) in [
        (
            "        - effect: deny\n          actions: [sqs:SendMessage]\n          resources: [\"*\"]\n",
            "declare the IAM actions",
        ),
        (
            "        - actions: [sqs:SendMessage]\n          resources: [\"*\"]\n          conditions: { StringEqual: { \"aws:x\": y } }\n",
            "not an IAM condition operator",
        ),
        (
            "        - actions: [sqs:SendMessage]\n          resources: [\"*\"]\n          conditions: { StringEquals: { nokey: y } }\n",
            "not an IAM condition key",
        ),
        (
            "        - actions: [sqs:SendMessage]\n          resources: [\"*\"]\n          conditions: { StringEquals: { \"aws:x\": [] } }\n",
            "has no values",
        ),
    ] {
        let e = errors(&generic(&format!("      path: /a\n      iam:\n{grant}")));
        assert!(e[0].2.contains(want), "{want}: {e:?}");
    }
}

#[test]
fn a_dotted_service_is_its_endpoint_subdomain() {
    let bp = |svc: &str, extra: &str| {
        format!(
            "api: X\nroutes:\n  POST /i:\n    aws:\n      service: {svc}\n{extra}      path: /endpoints/e/invocations\n      http_method: POST\n      iam: [{{ actions: [sagemaker:InvokeEndpoint], resources: [\"arn:${{AWS::Partition}}:sagemaker:${{AWS::Region}}:${{AWS::AccountId}}:endpoint/e\"] }}]\n"
        )
    };
    for (svc, extra) in [
        ("runtime.sagemaker", ""),
        ("sagemaker", "      subdomain: runtime\n"),
    ] {
        let api = lower(&bp(svc, extra)).unwrap();
        assert!(
            api.methods[0]
                .integration
                .uri()
                .to_string()
                .ends_with(":runtime.sagemaker:path/endpoints/e/invocations"),
            "{svc}"
        );
    }
    let e = errors(&bp("runtime.sagemaker", "      subdomain: runtime\n"));
    assert_eq!(e[0].0, "GW0206", "{e:?}");
    let e = errors(&bp("Runtime.SageMaker", ""));
    assert!(e[0].2.contains("endpoint prefix"), "{e:?}");
}

#[test]
fn queue_and_topic_arns_may_be_the_deployments_own() {
    let api = lower(
        "api: X\nroutes:\n  POST /q:\n    sqs.send_message: { queue_arn: \"arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:legacy\" }\n  POST /t:\n    sns.publish: { topic_arn: \"arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts\" }\n",
    )
    .unwrap();
    let q = &api
        .methods
        .iter()
        .find(|m| m.path.to_string() == "/q")
        .unwrap()
        .integration;
    assert_eq!(
        q.uri().to_string(),
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:sqs:path/${AWS::AccountId}/legacy"
    );
    assert_eq!(
        q.permissions[0].resources[0].to_string(),
        "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:legacy"
    );
    let t = &api
        .methods
        .iter()
        .find(|m| m.path.to_string() == "/t")
        .unwrap()
        .integration;
    assert_eq!(
        t.permissions[0].resources[0].to_string(),
        "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts"
    );
    // A fixed region and account still work; a bad account or service is refused.
    let e = errors(
        "api: X\nroutes:\n  POST /q:\n    sqs.send_message: { queue_arn: \"arn:aws:sqs:${AWS::Region}:12:legacy\" }\n",
    );
    assert!(e[0].2.contains("12-digit"), "{e:?}");
    let e = errors(
        "api: X\nroutes:\n  POST /t:\n    sns.publish: { topic_arn: \"arn:aws:sqs:${AWS::Region}:${AWS::AccountId}:alerts\" }\n",
    );
    assert!(e[0].2.contains("not an sns ARN"), "{e:?}");
    let e = errors(
        "api: X\nroutes:\n  POST /t:\n    sns.publish: { topic_arn: \"arn:aws:sns:${AWS::Regoin}:${AWS::AccountId}:alerts\" }\n",
    );
    assert_eq!(e[0].0, "GW0215", "{e:?}");
}

#[test]
fn an_authorizer_function_may_be_in_the_deployments_own_account_and_region() {
    let bp = |arn: &str| {
        format!(
            "api: X\nauthorizers:\n  partner:\n    lambda_token: \"{arn}\"\nauth: partner\nroutes:\n  GET /: {{ s3.list_buckets: {{}} }}\n"
        )
    };
    let src = gatewright::source::Source::new(
        "a.yaml",
        bp("arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:check-token"),
    );
    let b = synth::synth("a", &src).unwrap();
    let cfn = b.text("cloudformation.json").unwrap();
    assert!(
        cfn.contains("functions/arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:check-token/invocations"),
        "{cfn}"
    );
    let tf = b.text("main.tf.json").unwrap();
    assert!(tf.contains(":function:check-token"), "{tf}");
    assert!(
        tf.contains("${data.aws_caller_identity.current.account_id}:function:check-token"),
        "{tf}"
    );
    let e = errors(&bp("arn:aws:lambda:${AWS::Regin}:123456789012:function:f"));
    assert_eq!((e[0].0.as_str(), e[0].1), ("GW0215", (4, 5)), "{e:?}");
    let e = errors(&bp("arn:aws:lambda:${AWS::Region}:12:function:f"));
    assert_eq!(e[0].0, "GW0209", "{e:?}");
}

#[test]
fn a_stack_reference_in_an_s3_bucket_or_key_is_refused_with_what_to_write() {
    let e = errors(
        "api: X\nroutes:\n  GET /{item}:\n    s3.get_object: { bucket: \"logs-${AWS::AccountId}\", key: \"{item}\" }\n",
    );
    assert_eq!((e[0].0.as_str(), e[0].1), ("GW0215", (4, 22)), "{e:?}");
    assert!(e[0].2.contains("cannot go in an S3 bucket"), "{e:?}");
    let e = errors(
        "api: X\nroutes:\n  GET /{item}:\n    s3.get_object: { bucket: b-bucket, key: \"${AWS::Region}/{item}\" }\n",
    );
    assert!(e[0].2.contains("cannot go in an S3 key"), "{e:?}");
}
