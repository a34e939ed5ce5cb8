//! More than one execution role when one cannot hold an API's grants (IAM quotas,
//! <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>: 10,240
//! characters of inline policy per role, 6,144 per managed policy, 10 managed policies per
//! role without a quota increase; whitespace not counted).
//!
//! Each output is read back as a deployer would: every role's policies are within IAM's sizes
//! (counted here, apart from `src/`), every integration's credentials name a role whose
//! grants cover exactly what its method calls, each role holds only the grants of the
//! methods that name it, and the Deployment waits for every policy. cfn-lint, the provider
//! schema and `terraform validate` judge a multi-role output in both shapes.

mod common;

use common::iam::{INLINE, MANAGED, Pairs, deployed, iam_chars, pairs, plain, s3_blueprint};
use gatewright::source::Source;
use gatewright::synth::{self, Bundle};
use gatewright::validate::terraform::{ProviderSchema, check};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

const TF_SCHEMA: &str = "../shared/schemas/terraform-providers-6.47.0-full.json";
const DEFAULT_MANAGED: usize = 10;

/// What one method calls: its HTTP method and its integration URI, as written.
type Call = (String, String);

/// `routes` generic SQS calls on paths `/q000`, `/q001`, ... (in route order), each granted `sqs:SendMessage` on its own
/// 60 queues: about 3,700 characters of grants per route.
fn queues_blueprint(routes: usize, extra: &str) -> String {
    let mut s = format!("api: Queues{routes}\nstage: test\n{extra}routes:\n");
    for i in 0..routes {
        let arns: Vec<String> = (0..60)
            .map(|j| {
                format!("\"arn:${{AWS::Partition}}:sqs:${{AWS::Region}}:${{AWS::AccountId}}:queue-{i}-{j}\"")
            })
            .collect();
        s.push_str(&format!(
            "  POST /q{i:03}:\n    aws:\n      service: sqs\n      path: /q{i:03}\n      http_method: POST\n      iam:\n        - actions: [sqs:SendMessage]\n          resources: [{}]\n",
            arns.join(", ")
        ));
    }
    s
}

fn synth(name: &str, text: String) -> Result<Bundle, Vec<gatewright::Diagnostic>> {
    synth::synth("roles", &Source::new(format!("{name}.yaml"), text))
}

fn json(b: &Bundle, name: &str) -> Value {
    serde_json::from_str(b.text(name).expect(name)).expect("JSON")
}

/// One role's policies: grants, and whether each is within IAM's sizes.
#[derive(Default, Debug)]
struct RoleSeen {
    inline_chars: usize,
    managed: usize,
    grants: Pairs,
}

/// Checks the roles against the methods: sizes, and each role's grants are exactly the union
/// of what its methods call (`grants` says what one call needs). Returns roles and managed
/// policies.
fn judge(
    roles: &BTreeMap<String, RoleSeen>,
    calls: &[(String, Call)],
    grants: &dyn Fn(&Call) -> Pairs,
) -> (usize, usize) {
    let mut needed: BTreeMap<&str, Pairs> = BTreeMap::new();
    for (role, call) in calls {
        let g = grants(call);
        let seen = &roles
            .get(role.as_str())
            .unwrap_or_else(|| panic!("no role {role}"))
            .grants;
        assert!(
            g.is_subset(seen),
            "{call:?} names {role}, which lacks some of {g:?}"
        );
        needed.entry(role).or_default().extend(g);
    }
    for (id, r) in roles {
        assert!(r.inline_chars <= INLINE, "{id}: inline {}", r.inline_chars);
        assert!(
            r.managed <= DEFAULT_MANAGED,
            "{id}: {} managed policies",
            r.managed
        );
        assert_eq!(
            needed.get(id.as_str()),
            Some(&r.grants),
            "{id} grants more or less than its methods call"
        );
    }
    (roles.len(), roles.values().map(|r| r.managed).sum())
}

/// The roles of a CloudFormation template, and each integration's role and call (resources
/// or body shape).
fn template_roles(t: &Value) -> (BTreeMap<String, RoleSeen>, Vec<(String, Call)>) {
    let res = t["Resources"].as_object().unwrap();
    let mut roles: BTreeMap<String, RoleSeen> = BTreeMap::new();
    let mut calls = Vec::new();
    let role_of = |c: &Value| {
        c["Fn::GetAtt"][0]
            .as_str()
            .expect("GetAtt role")
            .to_string()
    };
    for (id, r) in res {
        match r["Type"].as_str().unwrap() {
            "AWS::IAM::Role" if id.starts_with("ExecutionRole") => {
                let e = roles.entry(id.clone()).or_default();
                for p in r["Properties"]["Policies"].as_array().unwrap() {
                    e.inline_chars += iam_chars(&p["PolicyDocument"]);
                    pairs(&p["PolicyDocument"], &mut e.grants);
                }
            }
            "AWS::IAM::ManagedPolicy" => {
                let d = &r["Properties"]["PolicyDocument"];
                assert!(iam_chars(d) <= MANAGED, "{id}");
                let role = r["Properties"]["Roles"][0]["Ref"].as_str().unwrap();
                let e = roles.entry(role.to_string()).or_default();
                e.managed += 1;
                pairs(d, &mut e.grants);
                let waits = res.values().any(|d| {
                    d["Type"] == "AWS::ApiGateway::Deployment"
                        && d["DependsOn"]
                            .as_array()
                            .is_some_and(|a| a.iter().any(|x| x == id.as_str()))
                });
                assert!(waits, "the Deployment does not depend on {id}");
            }
            "AWS::ApiGateway::Method" => {
                let i = &r["Properties"]["Integration"];
                calls.push((
                    role_of(&i["Credentials"]),
                    (
                        r["Properties"]["HttpMethod"].as_str().unwrap().to_string(),
                        deployed(&plain(&i["Uri"])),
                    ),
                ));
            }
            "AWS::ApiGateway::RestApi" => {
                if let Some(body) = r["Properties"].get("Body") {
                    for (verb, i) in operations(body) {
                        calls.push((
                            role_of(&i["credentials"]),
                            (verb, deployed(&plain(&i["uri"]))),
                        ));
                    }
                }
            }
            _ => {}
        }
    }
    (roles, calls)
}

/// Each operation's verb and integration in an OpenAPI document.
fn operations(doc: &Value) -> Vec<(String, Value)> {
    let mut out = Vec::new();
    for item in doc["paths"].as_object().unwrap().values() {
        for (verb, op) in item.as_object().unwrap() {
            if let Some(i) = op.get("x-amazon-apigateway-integration") {
                out.push((verb.to_ascii_uppercase(), i.clone()));
            }
        }
    }
    out
}

/// The same for a Terraform configuration.
fn terraform_roles(tf: &Value) -> (BTreeMap<String, RoleSeen>, Vec<(String, Call)>) {
    let r = &tf["resource"];
    let empty = serde_json::Map::new();
    let obj = |k: &str| r[k].as_object().unwrap_or(&empty).clone();
    let mut roles: BTreeMap<String, RoleSeen> = BTreeMap::new();
    let role_in = |s: &str, attr: &str| -> String {
        s.strip_prefix("${aws_iam_role.")
            .and_then(|s| s.strip_suffix(&format!(".{attr}}}")))
            .unwrap_or_else(|| panic!("{s} names no role"))
            .to_string()
    };
    for name in obj("aws_iam_role").keys() {
        roles.insert(name.clone(), RoleSeen::default());
    }
    let deployment = obj("aws_api_gateway_deployment");
    let depends: BTreeSet<String> = deployment
        .values()
        .flat_map(|d| d["depends_on"].as_array().cloned().unwrap_or_default())
        .map(|x| x.as_str().unwrap().to_string())
        .collect();
    for (name, p) in obj("aws_iam_role_policy") {
        let d: Value = serde_json::from_str(p["policy"].as_str().unwrap()).unwrap();
        let e = roles
            .get_mut(&role_in(p["role"].as_str().unwrap(), "id"))
            .unwrap();
        e.inline_chars += iam_chars(&d);
        pairs(&d, &mut e.grants);
        if obj("aws_iam_role").len() > 1 {
            assert!(
                depends.contains(&format!("aws_iam_role_policy.{name}")),
                "{name}"
            );
        }
    }
    let attached = obj("aws_iam_role_policy_attachment");
    for (name, p) in obj("aws_iam_policy") {
        let d: Value = serde_json::from_str(p["policy"].as_str().unwrap()).unwrap();
        assert!(iam_chars(&d) <= MANAGED, "{name}");
        let a = &attached[&name];
        assert_eq!(a["policy_arn"], format!("${{aws_iam_policy.{name}.arn}}"));
        let e = roles
            .get_mut(&role_in(a["role"].as_str().unwrap(), "name"))
            .unwrap();
        e.managed += 1;
        pairs(&d, &mut e.grants);
        assert!(
            depends.contains(&format!("aws_iam_role_policy_attachment.{name}")),
            "{name}"
        );
    }
    let mut calls = Vec::new();
    let methods = obj("aws_api_gateway_method");
    for i in obj("aws_api_gateway_integration").values() {
        let verb = i["http_method"].as_str().unwrap();
        let verb = match verb.strip_prefix("${aws_api_gateway_method.") {
            Some(rest) => methods[rest.strip_suffix(".http_method}").unwrap()]["http_method"]
                .as_str()
                .unwrap(),
            None => verb,
        };
        calls.push((
            role_in(i["credentials"].as_str().unwrap(), "arn"),
            (verb.to_string(), deployed(i["uri"].as_str().unwrap())),
        ));
    }
    for api in obj("aws_api_gateway_rest_api").values() {
        if let Some(body) = api.get("body") {
            let doc: Value =
                serde_json::from_str(&body.as_str().unwrap().replace("$${", "${")).unwrap();
            for (verb, i) in operations(&doc) {
                calls.push((
                    role_in(i["credentials"].as_str().unwrap(), "arn"),
                    (verb, deployed(i["uri"].as_str().unwrap())),
                ));
            }
        }
    }
    (roles, calls)
}

/// The number at the end of the integration URI's path (`.../p17.json`, `.../q17`).
fn index(uri: &str) -> usize {
    let last = uri.rsplit('/').next().unwrap();
    last.trim_start_matches(['p', 'q'])
        .trim_end_matches(".json")
        .parse()
        .unwrap()
}

fn s3_grants(c: &Call) -> Pairs {
    let action = match c.0.as_str() {
        "GET" => "s3:GetObject",
        "PUT" => "s3:PutObject",
        v => panic!("{v}"),
    };
    let i = index(&c.1);
    [(
        action.to_string(),
        format!("arn:aws-us-gov:s3:::gw-bench-data/p{i}.json"),
    )]
    .into()
}

fn queue_grants(c: &Call) -> Pairs {
    let i = index(&c.1);
    (0..60)
        .map(|j| {
            (
                "sqs:SendMessage".to_string(),
                format!("arn:aws-us-gov:sqs:ap-southeast-7:123456789012:queue-{i}-{j}"),
            )
        })
        .collect()
}

/// The OpenAPI document's credentials name, per method, the role the template gives it.
fn openapi_agrees(b: &Bundle, template: &[(String, Call)]) {
    let doc = json(b, "openapi.json");
    let want: BTreeSet<(String, usize, String)> = template
        .iter()
        .map(|(r, (v, u))| (v.clone(), index(u), format!("${{{r}.Arn}}")))
        .collect();
    let got: BTreeSet<(String, usize, String)> = operations(&doc)
        .into_iter()
        .map(|(v, i)| {
            (
                v,
                index(i["uri"].as_str().unwrap()),
                i["credentials"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(got, want);
}

fn provider_schema(main_tf: &Value) {
    let Some(path) = common::external_file(TF_SCHEMA) else {
        common::skip(&format!("{TF_SCHEMA} not found beside the project"));
        return;
    };
    let schema =
        ProviderSchema::from_json(&std::fs::read_to_string(&path).unwrap(), TF_SCHEMA).unwrap();
    let found = check(main_tf, &schema, "main.tf.json");
    assert!(found.is_empty(), "provider schema: {found:#?}");
}

#[test]
fn ten_thousand_s3_paths_get_several_roles_each_with_its_methods_grants() {
    let started = std::time::Instant::now();
    let b = synth("scale-10000", s3_blueprint(10_000)).unwrap_or_else(|e| panic!("{e:#?}"));
    let took = started.elapsed();
    let (roles, calls) = template_roles(&json(&b, "cloudformation.json"));
    assert_eq!(calls.len(), 20_000);
    let (n, managed) = judge(&roles, &calls, &s3_grants);
    assert!(n >= 4, "about 2,900 objects per role: {n} roles");
    openapi_agrees(&b, &calls);
    let tf = json(&b, "main.tf.json");
    let (tf_roles, tf_calls) = terraform_roles(&tf);
    assert_eq!(tf_calls.len(), 20_000);
    assert_eq!(judge(&tf_roles, &tf_calls, &s3_grants), (n, managed));
    provider_schema(&tf);
    let readme = b.text("README.md").unwrap();
    assert!(readme.contains(&format!("one of {n} roles")), "{readme}");
    let t = json(&b, "cloudformation.json");
    for k in 2..=n {
        assert!(t["Outputs"].get(format!("ExecutionRole{k}Arn")).is_some());
    }
    let placeholders: Vec<_> = b.warnings.iter().filter(|d| d.code == "GW0216").collect();
    assert!(!placeholders.is_empty(), "{:#?}", b.warnings);
    for d in placeholders {
        assert!(
            !d.help
                .as_deref()
                .unwrap_or_default()
                .contains("env.execution_role_arn"),
            "one existing role cannot stand in for several: {d:#?}"
        );
    }
    eprintln!("10,000 paths: {n} roles, {managed} managed policies, synth in {took:?}");
}

#[test]
fn a_route_added_at_the_end_moves_no_method_to_another_role() {
    let roles_of = |routes: usize| -> BTreeMap<String, String> {
        let b = synth("queues", queues_blueprint(routes, "")).unwrap();
        let (_, calls) = template_roles(&json(&b, "cloudformation.json"));
        calls.into_iter().map(|(r, (_, u))| (u, r)).collect()
    };
    let before = roles_of(40);
    let after = roles_of(41);
    assert!(before.values().collect::<BTreeSet<_>>().len() >= 3);
    for (uri, role) in &before {
        assert_eq!(&after[uri], role, "{uri}");
    }
}

fn cfn_lint(template: &Value, label: &str) {
    let Some(tool) = common::find_tool("cfn-lint") else {
        common::skip("cfn-lint not found");
        return;
    };
    let dir = std::env::temp_dir().join(format!("gw-roles-{}-{label}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("cloudformation.json");
    std::fs::write(&path, serde_json::to_string_pretty(template).unwrap()).unwrap();
    let out = Command::new(tool).arg("--").arg(&path).output().unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    assert!(
        out.status.success(),
        "cfn-lint ({label}):\n{}",
        String::from_utf8_lossy(&out.stdout)
    );
}

fn terraform_validate(main_tf: &Value, label: &str) {
    common::terraform_validate(label, &serde_json::to_string_pretty(main_tf).unwrap());
}

#[test]
fn several_roles_pass_the_judges_in_both_shapes() {
    for (label, extra) in [("resources", ""), ("body", "output: { shape: body }\n")] {
        let b = synth("queues", queues_blueprint(40, extra)).unwrap_or_else(|e| panic!("{e:#?}"));
        let t = json(&b, "cloudformation.json");
        let (roles, calls) = template_roles(&t);
        assert_eq!(calls.len(), 40, "{label}");
        let (n, _) = judge(&roles, &calls, &queue_grants);
        assert!(n >= 3, "{label}: {n} roles");
        openapi_agrees(&b, &calls);
        let tf = json(&b, "main.tf.json");
        let (tf_roles, tf_calls) = terraform_roles(&tf);
        assert_eq!(tf_calls.len(), 40, "{label}");
        assert_eq!(judge(&tf_roles, &tf_calls, &queue_grants).0, n);
        cfn_lint(&t, label);
        provider_schema(&tf);
        terraform_validate(&tf, label);
    }
}

#[test]
fn one_route_past_a_role_is_refused_at_that_route() {
    let mut text = queues_blueprint(3, "");
    let arns: Vec<String> = (0..2_500)
        .map(|j| {
            format!("\"arn:${{AWS::Partition}}:sqs:${{AWS::Region}}:${{AWS::AccountId}}:huge-{j}\"")
        })
        .collect();
    text.push_str(&format!(
        "  POST /zz:\n    aws:\n      service: sqs\n      path: /zz\n      http_method: POST\n      iam:\n        - actions: [sqs:SendMessage]\n          resources: [{}]\n",
        arns.join(", ")
    ));
    let line = text.lines().position(|l| l == "  POST /zz:").unwrap() + 1;
    let errors = synth("huge", text).expect_err("refused");
    let e = errors
        .iter()
        .find(|e| e.code == "GW0217")
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(e.is_error());
    assert!(e.message.contains("POST /zz"), "{}", e.message);
    // At the route, or at its operation on the next line.
    let at = e.location.as_ref().expect("located").to_string();
    assert!(
        at.starts_with(&format!("huge.yaml:{line}:"))
            || at.starts_with(&format!("huge.yaml:{}:", line + 1)),
        "{at}"
    );
}

#[test]
fn one_existing_role_for_grants_that_need_several_is_refused() {
    let env = "env:\n  execution_role_arn: arn:aws:iam::123456789012:role/api\n";
    let errors = synth("env", queues_blueprint(40, env)).expect_err("refused");
    let e = errors
        .iter()
        .find(|e| e.code == "GW0217")
        .unwrap_or_else(|| panic!("{errors:#?}"));
    assert!(e.is_error());
    assert!(e.message.contains("execution roles"), "{}", e.message);
    assert!(
        e.help
            .as_deref()
            .unwrap_or("")
            .contains("env.execution_role_arn")
    );
    let at = e.location.as_ref().expect("located").to_string();
    assert!(at.starts_with("env.yaml:4:"), "{at}");
}
