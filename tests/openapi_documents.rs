//! What a user checks in the S3 proxy's OpenAPI documents.

use gatewright::emit::openapi::{openapi3, swagger2};
use gatewright::model::{Authorization, Env, HttpMethod, RestApi};
use gatewright::services::s3;
use serde_json::Value;
use std::collections::BTreeSet;

/// The S3 proxy of seed 000: the console tutorial's API.
fn s3_proxy(env: Env) -> RestApi {
    RestApi::builder("MyS3")
        .description("Amazon S3 proxy")
        .binary_media_type("*/*")
        .stage("S3")
        .env(env)
        .route(HttpMethod::Get, "/", &s3::ListBuckets {})
        .unwrap()
        .route(
            HttpMethod::Get,
            "/{folder}",
            &s3::BucketOp::list_objects(s3::BucketArgs::new("{folder}")),
        )
        .unwrap()
        .route(
            HttpMethod::Put,
            "/{folder}",
            &s3::CreateBucket {
                bucket: "{folder}".into(),
                allowed_buckets: None,
                acl: Some("authenticated-read".into()),
                expect_continue: true,
            },
        )
        .unwrap()
        .route(
            HttpMethod::Delete,
            "/{folder}",
            &s3::BucketOp::delete_bucket(s3::BucketArgs::new("{folder}")),
        )
        .unwrap()
        .route(
            HttpMethod::Get,
            "/{folder}/{item}",
            &s3::ObjectOp::get_object(s3::ObjectArgs::new("{folder}", "{item}")),
        )
        .unwrap()
        .route(
            HttpMethod::Put,
            "/{folder}/{item}",
            &s3::PutObject {
                bucket: "{folder}".into(),
                key: "{item}".into(),
                allowed_buckets: None,
                acl: None,
                expect_continue: false,
                max_upload_mb: None,
            },
        )
        .unwrap()
        .route(
            HttpMethod::Head,
            "/{folder}/{item}",
            &s3::ObjectOp::head_object(s3::ObjectArgs::new("{folder}", "{item}")),
        )
        .unwrap()
        .route(
            HttpMethod::Delete,
            "/{folder}/{item}",
            &s3::ObjectOp::delete_object(s3::ObjectArgs::new("{folder}", "{item}")),
        )
        .unwrap()
        .default_authorization(Authorization::None)
        .route(
            HttpMethod::Get,
            "/public/{key+}",
            &s3::ObjectOp::get_object(s3::ObjectArgs::new("photos", "{key+}")),
        )
        .unwrap()
        .build()
        .unwrap()
}

fn us_west_2() -> Env {
    Env {
        region: Some("us-west-2".into()),
        execution_role_arn: Some("arn:aws:iam::123456789012:role/apigAwsProxyRole".into()),
        ..Env::default()
    }
}

fn both(api: &RestApi) -> [Value; 2] {
    [openapi3(api), swagger2(api)]
}

#[test]
fn get_object_integration_matches_the_seed() {
    for doc in both(&s3_proxy(us_west_2())) {
        let i = &doc["paths"]["/{folder}/{item}"]["get"]["x-amazon-apigateway-integration"];
        assert_eq!(i["type"], "aws");
        assert_eq!(i["httpMethod"], "GET");
        assert_eq!(
            i["uri"],
            "arn:aws:apigateway:us-west-2:s3:path/{bucket}/{object}"
        );
        assert_eq!(
            i["credentials"],
            "arn:aws:iam::123456789012:role/apigAwsProxyRole"
        );
        let rp = &i["requestParameters"];
        assert_eq!(
            rp["integration.request.path.bucket"],
            "method.request.path.folder"
        );
        assert_eq!(
            rp["integration.request.path.object"],
            "method.request.path.item"
        );
        assert_eq!(i["passthroughBehavior"], "when_no_match");
        let default = &i["responses"]["default"];
        assert_eq!(default["statusCode"], "200");
        assert_eq!(
            default["responseParameters"]["method.response.header.Timestamp"],
            "integration.response.header.Date"
        );
        assert_eq!(i["responses"][r"4\d{2}"]["statusCode"], "400");
        assert_eq!(i["responses"][r"5\d{2}"]["statusCode"], "500");
    }
}

#[test]
fn static_headers_are_quoted() {
    let doc = openapi3(&s3_proxy(us_west_2()));
    let rp =
        &doc["paths"]["/{folder}"]["put"]["x-amazon-apigateway-integration"]["requestParameters"];
    assert_eq!(
        rp["integration.request.header.x-amz-acl"],
        "'authenticated-read'"
    );
    assert_eq!(rp["integration.request.header.Expect"], "'100-continue'");
}

#[test]
fn aws_iam_methods_carry_sigv4() {
    let api = s3_proxy(Env::default());
    let [v3, v2] = both(&api);
    for doc in [&v3, &v2] {
        let get = &doc["paths"]["/{folder}/{item}"]["get"];
        assert_eq!(get["security"], serde_json::json!([{ "sigv4": [] }]));
        let public = &doc["paths"]["/public/{key+}"]["get"];
        assert!(public.get("security").is_none());
    }
    let scheme = serde_json::json!({
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "x-amazon-apigateway-authtype": "awsSigv4",
    });
    assert_eq!(v3["components"]["securitySchemes"]["sigv4"], scheme);
    assert_eq!(v2["securityDefinitions"]["sigv4"], scheme);

    let open = RestApi::builder("Open")
        .default_authorization(Authorization::None)
        .route(HttpMethod::Get, "/", &s3::ListBuckets {})
        .unwrap()
        .build()
        .unwrap();
    let [v3, v2] = both(&open);
    assert!(v3.get("components").is_none());
    assert!(v2.get("securityDefinitions").is_none());
}

#[test]
fn placeholders_when_env_is_empty() {
    for doc in both(&s3_proxy(Env::default())) {
        let i = &doc["paths"]["/{folder}/{item}"]["get"]["x-amazon-apigateway-integration"];
        assert_eq!(
            i["uri"],
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:s3:path/{bucket}/{object}"
        );
        assert_eq!(i["credentials"], "${ExecutionRole.Arn}");
    }
    let v3 = openapi3(&s3_proxy(Env::default()));
    assert_eq!(
        v3["servers"][0]["variables"]["region"]["default"],
        "us-east-1"
    );
}

#[test]
fn top_level_of_each_version() {
    let api = s3_proxy(us_west_2());
    let [v3, v2] = both(&api);
    assert_eq!(v3["openapi"], "3.0.1");
    assert_eq!(v2["swagger"], "2.0");
    for doc in [&v3, &v2] {
        assert_eq!(doc["info"]["title"], "MyS3");
        assert_eq!(doc["info"]["description"], "Amazon S3 proxy");
        assert_eq!(doc["info"]["version"], api.deployment_hash()[..12]);
        assert_eq!(
            doc["x-amazon-apigateway-binary-media-types"],
            serde_json::json!(["*/*"])
        );
    }
    assert!(v2.get("host").is_none());
    assert_eq!(v2["basePath"], "/S3");
    assert_eq!(v2["schemes"], serde_json::json!(["https"]));
    let vars = &v3["servers"][0]["variables"];
    assert_eq!(vars["basePath"]["default"], "S3");
    assert_eq!(vars["region"]["default"], "us-west-2");
    let keys: Vec<&str> = v3.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        [
            "openapi",
            "info",
            "servers",
            "paths",
            "components",
            "x-amazon-apigateway-binary-media-types"
        ]
    );
}

#[test]
fn declared_path_parameters_match_the_route() {
    let api = s3_proxy(us_west_2());
    for doc in both(&api) {
        for m in &api.methods {
            let op = &doc["paths"][m.path.to_string()][m.verb.as_str().to_ascii_lowercase()];
            let declared: BTreeSet<String> = op["parameters"]
                .as_array()
                .into_iter()
                .flatten()
                .filter(|p| p["in"] == "path")
                .inspect(|p| assert_eq!(p["required"], true))
                .map(|p| p["name"].as_str().unwrap().to_string())
                .collect();
            // Named as the path template writes them: OpenAPI requires `key+` for `{key+}`.
            let route: BTreeSet<String> = m
                .path
                .params()
                .map(|(n, greedy)| if greedy { format!("{n}+") } else { n.into() })
                .collect();
            assert_eq!(declared, route, "{} {}", m.verb, m.path);
        }
    }
    let v2 = swagger2(&api);
    let p = &v2["paths"]["/{folder}"]["get"]["parameters"][0];
    assert_eq!(p["type"], "string");
    assert!(p.get("schema").is_none());
    let v3 = openapi3(&api);
    let p = &v3["paths"]["/{folder}"]["get"]["parameters"][0];
    assert_eq!(p["schema"]["type"], "string");
    assert_eq!(
        v3["paths"]["/{folder}/{item}"]["get"]["responses"]["200"]["headers"]["Timestamp"]["schema"]
            ["type"],
        "string"
    );
}

#[test]
fn paths_and_verbs_in_model_order() {
    let doc = openapi3(&s3_proxy(us_west_2()));
    let paths: Vec<&str> = doc["paths"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        paths,
        ["/", "/public/{key+}", "/{folder}", "/{folder}/{item}"]
    );
    let verbs: Vec<&str> = doc["paths"]["/{folder}/{item}"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(verbs, ["get", "put", "delete", "head"]);
}

#[test]
fn duplicate_operation_ids_become_unique() {
    let api = RestApi::builder("Dup")
        .route(
            HttpMethod::Get,
            "/{folder}/{item}",
            &s3::ObjectOp::get_object(s3::ObjectArgs::new("{folder}", "{item}")),
        )
        .unwrap()
        .route(
            HttpMethod::Get,
            "/files/{key+}",
            &s3::ObjectOp::get_object(s3::ObjectArgs::new("photos", "{key+}")),
        )
        .unwrap()
        .route(
            HttpMethod::Any,
            "/files/{key+}",
            &s3::ObjectOp::get_object(s3::ObjectArgs::new("photos", "{key+}")),
        )
        .unwrap()
        .route(HttpMethod::Get, "/", &s3::ListBuckets {})
        .unwrap()
        .build()
        .unwrap();
    let ids = api.operation_ids();
    assert_eq!(
        *ids,
        [
            "ListBuckets",
            "GetObjectFilesKeyProxyGet",
            "GetObjectFilesKeyProxyAny",
            "GetObjectFolderItem"
        ]
    );
    let doc = openapi3(&api);
    assert_eq!(
        doc["paths"]["/files/{key+}"]["x-amazon-apigateway-any-method"]["operationId"],
        "GetObjectFilesKeyProxyAny"
    );
}

#[test]
fn deterministic() {
    let a = s3_proxy(us_west_2());
    assert_eq!(
        serde_json::to_string(&openapi3(&a)).unwrap(),
        serde_json::to_string(&openapi3(&a.clone())).unwrap()
    );
    assert_eq!(swagger2(&a), swagger2(&a));
}
