//! Unit tests of the model checks: every finding at once, each tied to its subject.

use super::*;
use crate::model::auth::{Authorizer, AuthorizerKind, Quota, UsagePlan};
use crate::model::method::Authorization;
use crate::model::owned::{Queue, Topic};
use crate::model::{Method, Operation};
use crate::services::{s3, sns};

fn get(path: &str) -> Method {
    s3::ListBuckets {}
        .build(&ApiPath::parse(path).unwrap(), HttpMethod::Get)
        .unwrap()
}

fn subjects(findings: &[Finding]) -> Vec<&Subject> {
    findings.iter().map(|f| &f.subject).collect()
}

fn setting(keys: &[&str]) -> Subject {
    Subject::Setting(keys.iter().map(|k| k.to_string()).collect())
}

fn method(verb: HttpMethod, path: &str, part: MethodPart) -> Subject {
    Subject::Method {
        verb,
        path: ApiPath::parse(path).unwrap(),
        part,
    }
}

#[test]
fn a_sound_api_has_no_findings() {
    let (_, findings) = RestApi::builder("X").method(get("/")).finish();
    assert_eq!(findings, []);
}

#[test]
fn every_problem_is_found_not_just_the_first() {
    let mut slow = get("/slow");
    slow.integration.timeout_ms = Some(30_000);
    let mut keyed = get("/keyed");
    keyed.settings.api_key_required = true;
    let mut guarded = get("/guarded");
    guarded.authorization = Authorization::Custom("partner-tokne".into());
    let mut api = RestApi::builder("X")
        .stage("no spaces")
        .own(
            "jobs",
            Queue {
                visibility_timeout: Some(50_000),
                ..Queue::default()
            },
        )
        .authorizer(
            "partner-token",
            Authorizer {
                kind: AuthorizerKind::Token {
                    function_arn: crate::model::Text::lit(
                        "arn:aws:lambda:us-east-1:123456789012:function:f",
                    ),
                },
                identity_source: "method.request.header.Authorization".into(),
                ttl_seconds: None,
            },
        );
    for m in [slow, keyed, guarded] {
        api = api.method(m);
    }
    let (_, findings) = api.finish();
    assert_eq!(
        subjects(&findings),
        [
            &setting(&["stage"]),
            &setting(&["owns", "queues", "jobs", "visibility_timeout"]),
            &method(HttpMethod::Get, "/guarded", MethodPart::Option("auth")),
            &method(HttpMethod::Get, "/keyed", MethodPart::Option("api_key")),
            &method(HttpMethod::Get, "/slow", MethodPart::Option("timeout_ms")),
        ],
        "{findings:#?}"
    );
    let auth = &findings[2].diagnostic;
    assert!(
        auth.help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `partner-token`?"),
        "{auth:?}"
    );
    assert_eq!(
        findings[4].diagnostic.message,
        "`GET /slow`: integration timeout 30000 ms is outside 50..29000"
    );
}

#[test]
fn duplicates_are_found_among_many_routes_in_n_log_n() {
    let mut api = RestApi::builder("X");
    for i in (0..20_000).rev() {
        api = api.method(get(&format!("/r{i}")));
    }
    let api = api.method(get("/r7")).method(get("/r19999"));
    let started = std::time::Instant::now();
    let (_, findings) = api.finish();
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let dups: Vec<&Subject> = findings
        .iter()
        .filter(|f| f.diagnostic.code == codes::DUPLICATE_ROUTE)
        .map(|f| &f.subject)
        .collect();
    assert_eq!(
        dups,
        [
            &method(HttpMethod::Get, "/r19999", MethodPart::Route),
            &method(HttpMethod::Get, "/r7", MethodPart::Route),
        ]
    );
}

#[test]
fn misspelt_owned_names_get_a_suggestion_once_per_name() {
    let publish = sns::Publish::to_topic("alerst");
    let m = publish
        .build(&ApiPath::parse("/a").unwrap(), HttpMethod::Post)
        .unwrap();
    let (_, findings) = RestApi::builder("X")
        .own(
            "alerts",
            Topic {
                fifo: false,
                subscribers: vec!["audti".into()],
                ..Topic::default()
            },
        )
        .own("audit", Queue::default())
        .method(m)
        .finish();
    let helps: Vec<(&Subject, &str)> = findings
        .iter()
        .map(|f| (&f.subject, f.diagnostic.help.as_deref().unwrap()))
        .collect();
    assert_eq!(helps.len(), 2, "{findings:#?}");
    assert_eq!(
        helps[0].0,
        &setting(&["owns", "topics", "alerts", "subscribers"])
    );
    assert!(helps[0].1.starts_with("did you mean `audit`?"), "{helps:?}");
    assert_eq!(
        helps[1].0,
        &method(HttpMethod::Post, "/a", MethodPart::Operation)
    );
    assert!(
        helps[1].1.starts_with("did you mean `alerts`?"),
        "{helps:?}"
    );
}

#[test]
fn responses_report_each_problem() {
    let mut m = get("/");
    m.responses.push(m.responses[0].clone());
    m.responses.push(crate::model::MethodResponse::new("600"));
    m.integration
        .responses
        .push(crate::model::IntegrationResponse::new(Some("404"), "404"));
    let (_, findings) = RestApi::builder("X").method(m).finish();
    let messages: Vec<&str> = findings
        .iter()
        .map(|f| f.diagnostic.message.as_str())
        .collect();
    assert_eq!(
        messages,
        [
            "`GET /`: status 200 is declared twice",
            "`GET /`: `600` is not an HTTP status code",
            "`GET /`: an integration response selects status 404, which no method response declares",
        ]
    );
}

#[test]
fn quota_periods_suggest_the_right_case() {
    let plan = UsagePlan {
        throttle: None,
        quota: Some(Quota {
            limit: 5,
            period: "month".into(),
        }),
        api_keys: vec!["ok".into(), "not ok".into()],
        method_throttles: Vec::new(),
    };
    let (_, findings) = RestApi::builder("X")
        .usage_plan(plan)
        .method(get("/"))
        .finish();
    assert_eq!(
        subjects(&findings),
        [
            &setting(&["usage_plan", "quota", "period"]),
            &setting(&["usage_plan", "api_keys"]),
        ]
    );
    assert!(
        findings[0]
            .diagnostic
            .help
            .as_deref()
            .unwrap()
            .starts_with("did you mean `MONTH`?")
    );
}

#[test]
fn build_returns_the_first_problem_and_build_all_every_one() {
    let builder = || {
        let mut slow = get("/");
        slow.integration.timeout_ms = Some(10);
        RestApi::builder("").method(slow)
    };
    let first = builder().build().unwrap_err();
    assert_eq!(first.message, "the API name must have 1 to 1024 characters");
    let all = builder().build_all().unwrap_err();
    assert_eq!(all.len(), 2);
    assert_eq!(all[0], first);
}

#[test]
fn descriptions_cloudformation_refuses_or_misreads() {
    let limit = crate::limits::MAX_TEMPLATE_DESCRIPTION_BYTES;
    let note = " (generated by gatewright)".len();
    // "X: " + description + note is exactly the limit: accepted; one byte more is not.
    let fits = "d".repeat(limit - note - 3);
    let (_, findings) = RestApi::builder("X")
        .description(fits.clone())
        .method(get("/"))
        .finish();
    assert_eq!(findings, []);
    let (_, findings) = RestApi::builder("X")
        .description(format!("{fits}d"))
        .method(get("/"))
        .finish();
    assert_eq!(subjects(&findings), [&setting(&["description"])]);
    assert!(findings[0].diagnostic.message.contains("1025 bytes"));
    let (_, findings) = RestApi::builder("X")
        .description("costs ${AWS::Region}")
        .method(get("/"))
        .finish();
    assert_eq!(subjects(&findings), [&setting(&["description"])]);
    let (_, findings) = RestApi::builder("X${Y}").method(get("/")).finish();
    assert_eq!(subjects(&findings), [&setting(&["api"])]);
}
