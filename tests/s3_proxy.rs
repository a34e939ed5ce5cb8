//! The generated S3 proxy (seeds 000 + 001), checked the way a reviewer would read
//! `out/s3-proxy/`: the eight methods, their responses and mappings, and a role that allows
//! exactly what the integrations call.

use serde_json::Value;
use std::collections::BTreeSet;
use std::path::PathBuf;

fn out(file: &str) -> Value {
    let p = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("out/s3-proxy")
        .join(file);
    serde_json::from_str(
        &std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display())),
    )
    .unwrap()
}

fn of_type<'a>(t: &'a Value, ty: &str) -> Vec<(&'a String, &'a Value)> {
    t["Resources"]
        .as_object()
        .unwrap()
        .iter()
        .filter(|(_, r)| r["Type"] == ty)
        .collect()
}

/// `(verb, path)` of every method, path rebuilt from the resource tree.
fn method_routes(t: &Value) -> BTreeSet<(String, String)> {
    let path_of = |res: &Value| -> String {
        let mut parts = Vec::new();
        let mut cur = res.clone();
        while let Some(id) = cur.get("Ref").and_then(Value::as_str) {
            let r = &t["Resources"][id]["Properties"];
            parts.push(r["PathPart"].as_str().unwrap().to_string());
            cur = r["ParentId"].clone();
        }
        assert_eq!(
            cur,
            serde_json::json!({ "Fn::GetAtt": ["RestApi", "RootResourceId"] })
        );
        parts.reverse();
        format!("/{}", parts.join("/"))
    };
    of_type(t, "AWS::ApiGateway::Method")
        .into_iter()
        .map(|(_, m)| {
            (
                m["Properties"]["HttpMethod"].as_str().unwrap().to_string(),
                path_of(&m["Properties"]["ResourceId"]),
            )
        })
        .collect()
}

fn method<'a>(t: &'a Value, verb: &str, path: &str) -> &'a Value {
    let routes = method_routes(t);
    assert!(routes.contains(&(verb.to_string(), path.to_string())));
    let id = match (verb, path) {
        ("GET", "/") => "MethodRootGet".to_string(),
        (v, "/{folder}") => format!("MethodFolder{}{}", &v[..1], v[1..].to_lowercase()),
        (v, _) => format!("MethodFolderItem{}{}", &v[..1], v[1..].to_lowercase()),
    };
    &t["Resources"][id]["Properties"]
}

#[test]
fn has_the_eight_methods_of_the_seeds_all_behind_aws_iam() {
    let t = out("cloudformation.json");
    let expected: BTreeSet<(String, String)> = [
        ("GET", "/"),
        ("GET", "/{folder}"),
        ("PUT", "/{folder}"),
        ("DELETE", "/{folder}"),
        ("GET", "/{folder}/{item}"),
        ("PUT", "/{folder}/{item}"),
        ("DELETE", "/{folder}/{item}"),
        ("HEAD", "/{folder}/{item}"),
    ]
    .iter()
    .map(|(a, b)| (a.to_string(), b.to_string()))
    .collect();
    assert_eq!(method_routes(&t), expected);
    for (_, m) in of_type(&t, "AWS::ApiGateway::Method") {
        assert_eq!(m["Properties"]["AuthorizationType"], "AWS_IAM");
        assert_eq!(m["Properties"]["Integration"]["Type"], "AWS");
        assert_eq!(
            m["Properties"]["Integration"]["Credentials"],
            serde_json::json!({ "Fn::GetAtt": ["ExecutionRole", "Arn"] })
        );
    }
    assert_eq!(
        t["Resources"]["RestApi"]["Properties"]["BinaryMediaTypes"],
        serde_json::json!(["*/*"])
    );
}

#[test]
fn responses_and_mappings_follow_seed_000() {
    let t = out("cloudformation.json");
    for (_, m) in of_type(&t, "AWS::ApiGateway::Method") {
        let p = &m["Properties"];
        let statuses: Vec<&str> = p["MethodResponses"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["StatusCode"].as_str().unwrap())
            .collect();
        assert_eq!(statuses, ["200", "400", "500"]);
        let headers: BTreeSet<&str> = p["MethodResponses"][0]["ResponseParameters"]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(
            headers,
            [
                "method.response.header.Content-Length",
                "method.response.header.Content-Type",
                "method.response.header.Timestamp"
            ]
            .into()
        );
        let ir = p["Integration"]["IntegrationResponses"].as_array().unwrap();
        assert_eq!(
            ir[0].get("SelectionPattern"),
            None,
            "the first rule is the default"
        );
        assert_eq!(ir[0]["StatusCode"], "200");
        assert_eq!(
            ir[0]["ResponseParameters"]["method.response.header.Timestamp"],
            "integration.response.header.Date"
        );
        assert_eq!(
            ir[0]["ResponseParameters"]["method.response.header.Content-Type"],
            "integration.response.header.Content-Type"
        );
        assert_eq!(
            (
                ir[1]["SelectionPattern"].as_str(),
                ir[1]["StatusCode"].as_str()
            ),
            (Some(r"4\d{2}"), Some("400"))
        );
        assert_eq!(
            (
                ir[2]["SelectionPattern"].as_str(),
                ir[2]["StatusCode"].as_str()
            ),
            (Some(r"5\d{2}"), Some("500"))
        );
    }
    let get = method(&t, "GET", "/{folder}/{item}");
    assert_eq!(
        get["Integration"]["Uri"]["Fn::Sub"],
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:s3:path/{bucket}/{object}"
    );
    assert_eq!(get["Integration"]["IntegrationHttpMethod"], "GET");
    let rp = &get["Integration"]["RequestParameters"];
    assert_eq!(
        rp["integration.request.path.bucket"],
        "method.request.path.folder"
    );
    assert_eq!(
        rp["integration.request.path.object"],
        "method.request.path.item"
    );
    assert_eq!(
        rp["integration.request.header.Accept"],
        "method.request.header.Accept"
    );
    assert_eq!(get["RequestParameters"]["method.request.path.folder"], true);
    assert_eq!(get["RequestParameters"]["method.request.path.item"], true);

    let put = method(&t, "PUT", "/{folder}/{item}");
    assert_eq!(
        put["Integration"]["RequestParameters"]["integration.request.header.Content-Type"],
        "method.request.header.Content-Type"
    );
    assert_eq!(put["Integration"]["PassthroughBehavior"], "WHEN_NO_MATCH");
    let create = method(&t, "PUT", "/{folder}");
    assert_eq!(
        create["Integration"]["RequestParameters"]["integration.request.header.Content-Type"],
        "method.request.header.Content-Type"
    );
    assert_eq!(
        create["Integration"]["RequestParameters"].get("integration.request.header.Expect"),
        None
    );
    let root = method(&t, "GET", "/");
    assert_eq!(
        root["Integration"]["Uri"]["Fn::Sub"],
        "arn:${AWS::Partition}:apigateway:${AWS::Region}:s3:path//"
    );
}

#[test]
fn the_role_allows_exactly_what_the_integrations_call() {
    let t = out("cloudformation.json");
    let role = &t["Resources"]["ExecutionRole"]["Properties"];
    assert_eq!(
        role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"]["Service"],
        "apigateway.amazonaws.com"
    );
    let policies = role["Policies"].as_array().unwrap();
    assert_eq!(policies.len(), 1);
    assert!(
        role.get("ManagedPolicyArns").is_none(),
        "no managed policies such as AmazonS3FullAccess"
    );
    let mut grants: Vec<(String, String)> = Vec::new();
    for st in policies[0]["PolicyDocument"]["Statement"]
        .as_array()
        .unwrap()
    {
        assert_eq!(st["Effect"], "Allow");
        for a in st["Action"].as_array().unwrap() {
            let a = a.as_str().unwrap();
            assert!(!a.contains('*'), "wildcard action {a}");
            for r in st["Resource"].as_array().unwrap() {
                let r = r.as_str().or_else(|| r["Fn::Sub"].as_str()).unwrap();
                grants.push((a.to_string(), r.to_string()));
            }
        }
    }
    grants.sort();
    let s3 = "arn:${AWS::Partition}:s3:::";
    let mut expected: Vec<(String, String)> = vec![
        ("s3:CreateBucket".into(), format!("{s3}*")),
        ("s3:DeleteBucket".into(), format!("{s3}*")),
        ("s3:DeleteObject".into(), format!("{s3}*/*")),
        ("s3:GetObject".into(), format!("{s3}*/*")),
        ("s3:ListAllMyBuckets".into(), "*".into()),
        ("s3:ListBucket".into(), format!("{s3}*")),
        ("s3:PutObject".into(), format!("{s3}*/*")),
    ];
    expected.sort();
    assert_eq!(grants, expected);
}

#[test]
fn deployment_is_recreated_on_change_and_the_stage_serves_it() {
    let t = out("cloudformation.json");
    let deployments = of_type(&t, "AWS::ApiGateway::Deployment");
    assert_eq!(deployments.len(), 1);
    let (id, d) = deployments[0];
    assert!(
        id.starts_with("Deployment") && id.len() > "Deployment".len() + 8,
        "{id} carries a content hash"
    );
    assert_eq!(d["DependsOn"].as_array().unwrap().len(), 8);
    let stage = &t["Resources"]["Stage"]["Properties"];
    assert_eq!(stage["DeploymentId"]["Ref"], id.as_str());
    assert_eq!(stage["StageName"], "dev");
    assert!(
        t["Outputs"]["RootUrl"]["Value"]["Fn::Sub"]
            .as_str()
            .unwrap()
            .contains("${RestApi}.execute-api.${AWS::Region}")
    );
    assert_eq!(t["Outputs"]["ApiId"]["Value"]["Ref"], "RestApi");

    let tf = out("main.tf.json");
    let dep = &tf["resource"]["aws_api_gateway_deployment"]["api"];
    assert_eq!(dep["lifecycle"]["create_before_destroy"], true);
    assert!(
        id.ends_with(&dep["triggers"]["redeployment"].as_str().unwrap()[..12]),
        "both formats hash the same content"
    );
}

#[test]
fn yaml_template_has_the_same_content_as_json() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("out/s3-proxy");
    let yaml = std::fs::read_to_string(dir.join("cloudformation.yaml")).unwrap();
    // Expand the short-form tags this project writes, then compare as data.
    let expanded = yaml
        .lines()
        .map(|l| {
            if let Some((head, rest)) = l.split_once(": !GetAtt ") {
                let (res, attr) = rest.split_once('.').unwrap();
                format!("{head}: {{ 'Fn::GetAtt': [{res}, {attr}] }}")
            } else if let Some((head, rest)) = l.split_once(": !Ref ") {
                format!("{head}: {{ Ref: {rest} }}")
            } else if let Some((head, rest)) = l.split_once(": !Sub ") {
                format!("{head}: {{ 'Fn::Sub': {rest} }}")
            } else if let Some((head, rest)) = l.split_once("- !Sub ") {
                format!("{head}- {{ 'Fn::Sub': {rest} }}")
            } else if let Some((head, rest)) = l.split_once("- !Ref ") {
                format!("{head}- {{ Ref: {rest} }}")
            } else {
                l.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n");
    let from_yaml: Value = serde_yaml::from_str(&expanded).unwrap();
    assert_eq!(from_yaml, out("cloudformation.json"));
}
