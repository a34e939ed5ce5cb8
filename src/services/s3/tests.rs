//! Unit tests of the S3 operations against the seeds.

use super::*;
use crate::codes;
use crate::model::Pseudo;
use crate::model::{IntegrationParam, ParamIn, RequestParam, RequestSource, ResponseSource, Text};

fn p(s: &str) -> ApiPath {
    ApiPath::parse(s).unwrap()
}

fn rendered(t: &Text) -> String {
    t.render(
        |s| s.to_string(),
        |p| match p {
            Pseudo::Partition => "aws".into(),
            _ => "?".into(),
        },
    )
}

#[test]
fn get_object_matches_the_seed() {
    let m = ObjectOp::get_object(ObjectArgs::new("{folder}", "{item}"))
        .build(&p("/{folder}/{item}"), HttpMethod::Get)
        .unwrap();
    let i = &m.integration;
    assert_eq!(i.uri_suffix().to_string(), "s3:path/{bucket}/{object}");
    assert_eq!(
        i.request_parameters[&IntegrationParam::Path("bucket".into())].to_string(),
        "method.request.path.folder"
    );
    assert_eq!(
        i.request_parameters[&IntegrationParam::Path("object".into())].to_string(),
        "method.request.path.item"
    );
    assert_eq!(
        i.request_parameters[&IntegrationParam::Header("Accept".into())].to_string(),
        "method.request.header.Accept"
    );
    assert_eq!(i.permissions[0].actions, vec!["s3:GetObject"]);
    assert_eq!(rendered(&i.permissions[0].resources[0]), "arn:aws:s3:::*/*");
    assert_eq!(
        m.responses
            .iter()
            .map(|r| r.status.as_str())
            .collect::<Vec<_>>(),
        ["200", "400", "500"]
    );
    assert_eq!(
        i.responses[0].headers["Timestamp"],
        ResponseSource::Header("Date".into())
    );
}

#[test]
fn list_buckets_is_the_only_star_resource() {
    let m = ListBuckets {}.build(&p("/"), HttpMethod::Get).unwrap();
    assert_eq!(m.integration.uri_suffix().to_string(), "s3:path//");
    assert_eq!(
        m.integration.permissions[0].actions,
        vec!["s3:ListAllMyBuckets"]
    );
    assert_eq!(m.integration.permissions[0].resources, vec![Text::lit("*")]);
}

#[test]
fn allow_list_and_fixed_prefixes_narrow_the_policy() {
    let mut a = ObjectArgs::new("{folder}", "uploads/{item}");
    a.allowed_buckets = Some(vec!["photos".into(), "docs".into()]);
    let m = ObjectOp::get_object(a)
        .build(&p("/{folder}/{item}"), HttpMethod::Get)
        .unwrap();
    let res: Vec<String> = m.integration.permissions[0]
        .resources
        .iter()
        .map(rendered)
        .collect();
    assert_eq!(
        res,
        [
            "arn:aws:s3:::photos/uploads/*",
            "arn:aws:s3:::docs/uploads/*"
        ]
    );
    assert_eq!(
        m.integration.uri_suffix().to_string(),
        "s3:path/{bucket}/uploads/{item}"
    );
}

#[test]
fn seed_001_headers_and_acl_permission() {
    let c = CreateBucket {
        bucket: "{folder}".into(),
        allowed_buckets: None,
        acl: Some("authenticated-read".into()),
        expect_continue: true,
    };
    let m = c.build(&p("/{folder}"), HttpMethod::Put).unwrap();
    let rp = &m.integration.request_parameters;
    assert_eq!(
        rp[&IntegrationParam::Header("x-amz-acl".into())].to_string(),
        "'authenticated-read'"
    );
    assert_eq!(
        rp[&IntegrationParam::Header("Expect".into())].to_string(),
        "'100-continue'"
    );
    assert_eq!(
        rp[&IntegrationParam::Header("Content-Type".into())].to_string(),
        "method.request.header.Content-Type"
    );
    assert_eq!(
        m.integration.permissions[0].actions,
        ["s3:CreateBucket", "s3:PutBucketAcl"]
    );
    let bad = CreateBucket {
        acl: Some("everyone".into()),
        ..c
    };
    assert_eq!(
        bad.build(&p("/{folder}"), HttpMethod::Put)
            .unwrap_err()
            .field,
        Some("acl")
    );
}

#[test]
fn refuses_what_s3_or_iam_cannot_honour() {
    let path = p("/{folder}/{item}");
    let e = ObjectOp::get_object(ObjectArgs::new("My_Bucket", "{item}"))
        .build(&path, HttpMethod::Get)
        .unwrap_err();
    assert_eq!((e.code, e.field), (codes::ARGUMENT, Some("bucket")));
    let e = ObjectOp::get_object(ObjectArgs::new("{folder}", "a*{item}"))
        .build(&path, HttpMethod::Get)
        .unwrap_err();
    assert_eq!(e.field, Some("key"));
    let mut a = ObjectArgs::new("fixed-bucket", "{item}");
    a.allowed_buckets = Some(vec!["x-bucket".into()]);
    let e = ObjectOp::get_object(a)
        .build(&path, HttpMethod::Get)
        .unwrap_err();
    assert_eq!(e.field, Some("allowed_buckets"));
    let e = ObjectOp::get_object(ObjectArgs::new("{folder}", "{fodler}"))
        .build(&path, HttpMethod::Get)
        .unwrap_err();
    assert_eq!((e.code, e.field), (codes::UNKNOWN_PATH_PARAM, Some("key")));
    let e = ObjectOp::get_object(ObjectArgs::new("{key}", "x"))
        .build(&p("/{key+}"), HttpMethod::Get)
        .unwrap_err();
    assert_eq!((e.code, e.field), (codes::ARGUMENT, Some("bucket")));
    let e = ObjectOp::get_object(ObjectArgs::new("{a}", "x/{bucket}"))
        .build(&p("/{a}/{bucket}"), HttpMethod::Get)
        .unwrap_err();
    assert_eq!(e.field, Some("key"));
}

#[test]
fn fixed_key_text_is_percent_encoded_in_the_path_override() {
    let m = ObjectOp::get_object(ObjectArgs::new("my-notes", "notes #1/{item}"))
        .build(&p("/notes/{item}"), HttpMethod::Get)
        .unwrap();
    let i = &m.integration;
    // `#` would end the URI's path; S3 decodes `%23` back to the key's `#`.
    assert_eq!(
        i.uri_suffix().to_string(),
        "s3:path/my-notes/notes%20%231/{item}"
    );
    assert_eq!(
        rendered(&i.permissions[0].resources[0]),
        "arn:aws:s3:::my-notes/notes #1/*"
    );
}

fn resources(m: &Method) -> Vec<String> {
    m.integration.permissions[0]
        .resources
        .iter()
        .map(rendered)
        .collect()
}

#[test]
fn key_from_a_query_string_or_header_is_a_required_parameter_mapped_into_the_path() {
    for (raw, param, expr) in [
        (
            "{query.name}",
            RequestParam::new(ParamIn::Query, "name"),
            "method.request.querystring.name",
        ),
        (
            "{querystring.name}",
            RequestParam::new(ParamIn::Query, "name"),
            "method.request.querystring.name",
        ),
        (
            "{header.x-key}",
            RequestParam::new(ParamIn::Header, "x-key"),
            "method.request.header.x-key",
        ),
    ] {
        let m = ObjectOp::get_object(ObjectArgs::new("photos", raw))
            .build(&p("/objects"), HttpMethod::Get)
            .unwrap();
        assert_eq!(m.request_parameters.get(&param), Some(&true), "{raw}");
        let i = &m.integration;
        assert_eq!(i.uri_suffix().to_string(), "s3:path/photos/{object}");
        assert_eq!(
            i.request_parameters[&IntegrationParam::Path("object".into())].to_string(),
            expr
        );
        assert_eq!(resources(&m), ["arn:aws:s3:::photos/*"], "{raw}");
    }
}

#[test]
fn a_bucket_from_the_request_or_stage_is_granted_only_on_what_the_blueprint_names() {
    let path = p("/objects");
    for raw in [
        "{stageVariables.bucket}",
        "{query.bucket}",
        "{header.x-bucket}",
    ] {
        let e = ObjectOp::get_object(ObjectArgs::new(raw, "{query.key}"))
            .build(&path, HttpMethod::Get)
            .unwrap_err();
        assert_eq!(
            (e.code, e.field),
            (codes::ARGUMENT, Some("bucket")),
            "{raw}"
        );
        assert!(e.help.unwrap().contains("allowed_buckets: [photos, docs]"));
    }
    let mut a = ObjectArgs::new("{stageVariables.bucket}", "{query.key}");
    a.allowed_buckets = Some(vec!["team-*".into(), "docs".into()]);
    let m = ObjectOp::get_object(a.clone())
        .build(&path, HttpMethod::Get)
        .unwrap();
    assert_eq!(
        resources(&m),
        ["arn:aws:s3:::team-*/*", "arn:aws:s3:::docs/*"]
    );
    let i = &m.integration;
    assert_eq!(i.uri_suffix().to_string(), "s3:path/{bucket}/{object}");
    assert_eq!(
        i.request_parameters[&IntegrationParam::Path("bucket".into())],
        RequestSource::StageVariable("bucket".into())
    );
    // A stage variable is no method parameter.
    assert!(
        m.request_parameters
            .keys()
            .all(|k| k.location != ParamIn::Path)
    );
    let b = BucketOp::list_objects(BucketArgs {
        bucket: "{query.bucket}".into(),
        allowed_buckets: Some(vec!["logs-??".into()]),
    })
    .build(&path, HttpMethod::Get)
    .unwrap();
    assert_eq!(resources(&b), ["arn:aws:s3:::logs-??"]);
    assert_eq!(
        b.request_parameters
            .get(&RequestParam::new(ParamIn::Query, "bucket")),
        Some(&true)
    );
    for bad in ["*", "?*", "Team-*", "a/b*"] {
        a.allowed_buckets = Some(vec![bad.into()]);
        let e = ObjectOp::get_object(a.clone())
            .build(&path, HttpMethod::Get)
            .unwrap_err();
        assert_eq!(e.field, Some("allowed_buckets"), "{bad}");
    }
}

#[test]
fn greedy_keys_are_one_parameter_in_either_spelling() {
    let path = p("/{folder}/{key+}");
    for raw in ["{key}", "{key+}"] {
        let m = ObjectOp::get_object(ObjectArgs::new("{folder}", raw))
            .build(&path, HttpMethod::Get)
            .unwrap();
        assert_eq!(
            m.integration.request_parameters[&IntegrationParam::Path("object".into())].to_string(),
            "method.request.path.key"
        );
    }
    let e = ObjectOp::get_object(ObjectArgs::new("{folder}", "{item+}"))
        .build(&p("/{folder}/{item}"), HttpMethod::Get)
        .unwrap_err();
    assert_eq!((e.code, e.field), (codes::ARGUMENT, Some("key")));
}
