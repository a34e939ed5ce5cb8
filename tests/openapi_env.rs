//! OpenAPI documents import as they are when `env` gives every deploy-time value, and synth
//! says, per document, which placeholders remain when it does not.

use gatewright::source::Source;
use gatewright::synth;

const BP: &str = "api: Q\nowns:\n  queues:\n    jobs: {}\n  topics:\n    alerts: {}\nroutes:\n  POST /jobs: { sqs.send_message: { queue: jobs } }\n  POST /alerts: { sns.publish: { topic: alerts } }\n  GET /depth:\n    aws:\n      service: sqs\n      path: /\n      http_method: POST\n      request_templates: { application/json: '{\"QueueUrl\": \"${jobs.url}\"}' }\n      iam: [{ actions: [sqs:GetQueueAttributes], resources: [\"${jobs.arn}\"] }]\n";

const ENV: &str = "env:\n  region: eu-west-1\n  account_id: \"012345678901\"\n  execution_role_arn: arn:aws:iam::012345678901:role/apigw\n  resources: { jobs: prod-jobs, alerts: prod-alerts }\n";

fn doc(bundle: &synth::Bundle, name: &str) -> String {
    bundle.text(name).expect(name).to_string()
}

#[test]
fn with_env_every_value_is_concrete() {
    let b = synth::synth("q", &Source::new("q.yaml", format!("{BP}{ENV}"))).unwrap();
    assert!(b.warnings.is_empty(), "{:#?}", b.warnings);
    for name in ["openapi.json", "swagger.json"] {
        let d = doc(&b, name);
        assert!(!d.contains("${"), "{name} keeps a placeholder:\n{d}");
        assert!(
            d.contains("arn:aws:apigateway:eu-west-1:sqs:path/012345678901/prod-jobs"),
            "{d}"
        );
        assert!(
            d.contains("arn:aws:sns:eu-west-1:012345678901:prod-alerts"),
            "{d}"
        );
        assert!(
            d.contains("https://sqs.eu-west-1.amazonaws.com/012345678901/prod-jobs"),
            "{d}"
        );
        assert!(d.contains("arn:aws:iam::012345678901:role/apigw"), "{d}");
    }
}

#[test]
fn without_env_synth_names_each_placeholder_and_the_key_that_fills_it() {
    let b = synth::synth("q", &Source::new("q.yaml", BP)).unwrap();
    let w: Vec<String> = b
        .warnings
        .iter()
        .map(|d| {
            format!(
                "{} {} {}",
                d.code,
                d.message,
                d.help.clone().unwrap_or_default()
            )
        })
        .collect();
    assert_eq!(w.len(), 2, "{w:#?}");
    assert!(
        w[0].contains("q/openapi.json") && w[1].contains("q/swagger.json"),
        "{w:#?}"
    );
    for want in [
        "GW0216",
        "`${AWS::AccountId}`",
        "`${QueueJobs.QueueName}`",
        "`${QueueJobs}`",
        "`${TopicAlerts}`",
        "env.account_id",
        "env.resources.jobs",
        "env.resources.alerts",
        "env.execution_role_arn",
    ] {
        assert!(w[0].contains(want), "{want}: {}", w[0]);
    }
    // Half an env: only what is still missing is named.
    let half = "env:\n  region: eu-west-1\n  resources: { jobs: prod-jobs }\n";
    let b = synth::synth("q", &Source::new("q.yaml", format!("{BP}{half}"))).unwrap();
    let w = &b.warnings[0];
    assert!(!w.message.contains("QueueJobs"), "{}", w.message);
    assert!(
        w.message.contains("`${TopicAlerts}`") && w.message.contains("`${AWS::AccountId}`"),
        "{}",
        w.message
    );
    assert_eq!(w.location.as_ref().unwrap().line, 17);
}

#[test]
fn env_values_are_checked() {
    let bad = "env:\n  account_id: \"12345\"\n  resources: { jbos: x, alerts: \"two words\" }\n";
    let errs = synth::synth("q", &Source::new("q.yaml", format!("{BP}{bad}"))).unwrap_err();
    let got: Vec<(&str, usize)> = errs
        .iter()
        .map(|d| (d.code, d.location.as_ref().unwrap().line))
        .collect();
    assert_eq!(
        got,
        [("GW0209", 18), ("GW0209", 19), ("GW0209", 19)],
        "{errs:#?}"
    );
    assert!(errs.iter().any(|d| {
        d.help
            .as_deref()
            .unwrap_or("")
            .contains("did you mean `jobs`")
    }));
}
