//! Stage and method settings: `stage:` as a name or a mapping, route `method_settings:`,
//! what each format writes, and located diagnostics for what AWS would refuse.

mod common;

use common::lowering::lower;

use gatewright::Diagnostic;
use gatewright::model::LoggingLevel;
use gatewright::source::Source;
use gatewright::synth;
use serde_json::Value;

fn errors(text: &str) -> Vec<(String, usize, usize)> {
    lower(text)
        .expect_err("should fail")
        .into_iter()
        .map(|d| {
            let l = d.location.expect("located");
            (format!("{}: {}", d.code, d.message), l.line, l.column)
        })
        .collect()
}

fn file(text: &str, name: &str) -> Value {
    let b = synth::synth("bp", &Source::new("bp.yaml", text)).expect("synthesizes");
    serde_json::from_str(b.text(name).expect("file written")).expect("JSON")
}

const ROUTES: &str =
    "routes:\n  GET /items/{id}: { s3.get_object: { bucket: bkt, key: \"{id}\" } }\n";

#[test]
fn a_stage_name_stays_a_name_and_turns_only_tracing_on() {
    let api = lower(&format!(
        "api: X\nstage: dev\nstage_variables: {{ a: b }}\n{ROUTES}"
    ))
    .unwrap();
    assert_eq!(api.stage.name, "dev");
    assert_eq!(api.stage.variables["a"], "b");
    assert_eq!(api.stage.settings, Default::default());
    // X-Ray tracing is the one setting on by default (sampled, cheap, what a security
    // reviewer asks for); everything that costs or needs the account's role stays off.
    assert!(api.stage.settings.tracing);
    let cfn = file(
        &format!("api: X\nstage: dev\n{ROUTES}"),
        "cloudformation.json",
    );
    let props = &cfn["Resources"]["Stage"]["Properties"];
    assert_eq!(props["TracingEnabled"], true, "{props}");
    for k in ["AccessLogSetting", "CacheClusterEnabled", "MethodSettings"] {
        assert!(
            props.get(k).is_none(),
            "{k} set without being asked: {props}"
        );
    }
    let tf = file(&format!("api: X\n{ROUTES}"), "main.tf.json");
    assert_eq!(
        tf["resource"]["aws_api_gateway_stage"]["api"]["xray_tracing_enabled"],
        true
    );
    assert!(
        tf["resource"]
            .get("aws_api_gateway_method_settings")
            .is_none()
    );
    assert!(tf["resource"].get("aws_api_gateway_account").is_none());
}

#[test]
fn tracing_false_turns_tracing_off() {
    let bp = format!("api: X\nstage: {{ name: dev, tracing: false }}\n{ROUTES}");
    assert!(!lower(&bp).unwrap().stage.settings.tracing);
    let cfn = file(&bp, "cloudformation.json");
    let stage = &cfn["Resources"]["Stage"];
    assert!(
        stage["Properties"].get("TracingEnabled").is_none(),
        "{stage}"
    );
    let skips = stage["Metadata"]["checkov"]["skip"].to_string();
    assert!(
        skips.contains("CKV_AWS_73"),
        "the choice is explained: {skips}"
    );
    let tf = file(&bp, "main.tf.json");
    assert!(
        tf["resource"]["aws_api_gateway_stage"]["api"]
            .get("xray_tracing_enabled")
            .is_none()
    );
}

const FULL: &str = r#"api: X
stage:
  name: prod
  variables: { v: "1" }
  tracing: true
  access_log: { retention_days: 7, format: '$context.requestId $context.status' }
  cache_cluster_size: "1.6"
  account_logging_role: true
  method_settings:
    logging: info
    metrics: true
    data_trace: false
    throttle: { rate_limit: 10, burst_limit: 20 }
routes:
  GET /items/{id}:
    s3.get_object: { bucket: bkt, key: "{id}" }
    request_parameters: { querystring.v: false }
    method_settings:
      cache: { ttl: 120, key_parameters: [path.id, querystring.v] }
  GET /:
    s3.list_buckets: {}
    method_settings: { logging: "off", throttle: { rate_limit: 1, burst_limit: 2 } }
"#;

#[test]
fn a_stage_mapping_reaches_the_model() {
    let api = lower(FULL).unwrap();
    let s = &api.stage.settings;
    assert_eq!(api.stage.name, "prod");
    assert_eq!(api.stage.variables["v"], "1");
    assert!(s.tracing && s.account_logging_role);
    assert_eq!(s.cache_cluster_size.as_deref(), Some("1.6"));
    assert_eq!(s.access_log.as_ref().unwrap().retention_days, 7);
    assert_eq!(s.methods.logging, Some(LoggingLevel::Info));
    assert_eq!(s.routes.len(), 2);
    assert_eq!(s.routes[0].path.to_string(), "/");
    assert_eq!(s.routes[0].tuning.logging, Some(LoggingLevel::Off));
    let cached = &s.routes[1].tuning.cache.as_ref().unwrap();
    assert!(cached.enabled && !cached.encrypted);
    assert_eq!(cached.ttl_seconds, Some(120));
}

#[test]
fn cloudformation_writes_the_stage_settings() {
    let cfn = file(FULL, "cloudformation.json");
    let r = &cfn["Resources"];
    let stage = &r["Stage"];
    assert_eq!(stage["DependsOn"], serde_json::json!(["ApiGatewayAccount"]));
    let p = &stage["Properties"];
    assert_eq!(p["TracingEnabled"], true);
    assert_eq!(p["CacheClusterSize"], "1.6");
    assert_eq!(
        p["AccessLogSetting"]["Format"],
        "$context.requestId $context.status"
    );
    assert_eq!(
        p["AccessLogSetting"]["DestinationArn"]["Fn::GetAtt"][0],
        "AccessLogGroup"
    );
    assert_eq!(r["AccessLogGroup"]["Properties"]["RetentionInDays"], 7);
    let ms = p["MethodSettings"].as_array().unwrap();
    let paths: Vec<(&str, &str)> = ms
        .iter()
        .map(|m| {
            (
                m["ResourcePath"].as_str().unwrap(),
                m["HttpMethod"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        paths,
        [("/*", "*"), ("/", "GET"), ("/~1items~1{id}", "GET")]
    );
    assert_eq!(ms[0]["LoggingLevel"], "INFO");
    assert_eq!(ms[0]["DataTraceEnabled"], false);
    assert_eq!(ms[0]["ThrottlingRateLimit"], 10);
    assert_eq!(ms[2]["CachingEnabled"], true);
    assert_eq!(ms[2]["CacheTtlInSeconds"], 120);
    let method = &r["MethodItemsIdGet"]["Properties"]["Integration"];
    assert_eq!(
        method["CacheKeyParameters"],
        serde_json::json!(["method.request.path.id", "method.request.querystring.v"])
    );
    let role = &r["ApiGatewayCloudWatchRole"]["Properties"]["Policies"][0]["PolicyDocument"];
    let actions = role["Statement"][0]["Action"].as_array().unwrap();
    assert!(
        actions.iter().all(|a| !a.as_str().unwrap().contains('*')),
        "{actions:?}"
    );
}

#[test]
fn terraform_writes_the_stage_settings() {
    let tf = file(FULL, "main.tf.json");
    let r = &tf["resource"];
    let stage = &r["aws_api_gateway_stage"]["api"];
    assert_eq!(stage["xray_tracing_enabled"], true);
    assert_eq!(stage["cache_cluster_size"], "1.6");
    assert_eq!(
        stage["depends_on"],
        serde_json::json!(["aws_api_gateway_account.cloudwatch"])
    );
    let ms = r["aws_api_gateway_method_settings"].as_object().unwrap();
    let paths: Vec<&str> = ms
        .values()
        .map(|m| m["method_path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["*/*", "~1/GET", "~1items~1{id}/GET"]);
    assert_eq!(
        ms["items_id_get"]["settings"][0]["cache_ttl_in_seconds"],
        120
    );
    assert_eq!(ms["root_get"]["settings"][0]["logging_level"], "OFF");
    assert_eq!(
        r["aws_api_gateway_integration"]["items_id_get"]["cache_key_parameters"],
        serde_json::json!(["method.request.path.id", "method.request.querystring.v"])
    );
    assert_eq!(
        r["aws_cloudwatch_log_group"]["access_logs"]["retention_in_days"],
        7
    );
    let openapi = file(FULL, "openapi.json");
    assert_eq!(
        openapi["paths"]["/items/{id}"]["get"]["x-amazon-apigateway-integration"]["cacheKeyParameters"]
            [0],
        "method.request.path.id"
    );
}

#[test]
fn out_of_range_settings_are_refused_at_their_line() {
    let e = errors(
        "api: X\nstage:\n  cache_cluster_size: \"2\"\n  account_logging_role: true\n  access_log: { retention_days: 8, format: '$context.status' }\nroutes:\n  GET /: { s3.list_buckets: {}, method_settings: { cache: { ttl: 4000 } } }\n",
    );
    let codes: Vec<(&str, usize)> = e.iter().map(|(m, l, _)| (&m[..6], *l)).collect();
    assert_eq!(
        codes,
        [("GW0209", 3), ("GW0209", 5), ("GW0209", 5), ("GW0209", 7)],
        "{e:#?}"
    );
    assert!(e[0].0.contains("`2` is not a cache cluster size"), "{e:?}");
    assert!(e.iter().any(|(m, _, _)| m.contains("8 days")), "{e:?}");
    assert!(
        e.iter().any(|(m, _, _)| m.contains("$context.requestId")),
        "{e:?}"
    );
    assert!(e[3].0.contains("4000 s"), "{e:?}");
}

#[test]
fn caching_without_a_cluster_is_refused_at_the_route() {
    let e = errors(
        "api: X\nstage: dev\nroutes:\n  GET /:\n    s3.list_buckets: {}\n    method_settings: { cache: { ttl: 60 } }\n",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].0.contains("no cache cluster"), "{e:?}");
    assert_eq!((e[0].1, e[0].2), (6, 5));
}

#[test]
fn cache_key_parameters_must_be_request_parameters_of_the_route() {
    let e = errors(
        "api: X\nstage: { cache_cluster_size: \"0.5\" }\nroutes:\n  GET /:\n    s3.list_buckets: {}\n    method_settings: { cache: { key_parameters: [querystring.page] } }\n",
    );
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].0.starts_with("GW0207"), "{e:?}");
    assert_eq!(e[0].1, 6);
    let e = errors(&format!(
        "api: X\nstage:\n  cache_cluster_size: \"0.5\"\n  method_settings: {{ cache: {{ key_parameters: [path.id] }} }}\n{ROUTES}"
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(e[0].0.contains("belong to a route"), "{e:?}");
    assert_eq!(e[0].1, 4);
}

#[test]
fn a_misspelt_stage_key_is_refused_with_the_nearest() {
    let e = errors(&format!(
        "api: X\nstage:\n  name: dev\n  tracng: true\n{ROUTES}"
    ));
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].0.starts_with("GW0102") && e[0].0.contains("tracing"),
        "{e:?}"
    );
    assert_eq!(e[0].1, 4);
}

#[test]
fn logging_without_the_account_role_warns_at_the_setting() {
    let text = format!("api: X\nstage:\n  method_settings: {{ logging: error }}\n{ROUTES}");
    let b = synth::synth("bp", &Source::new("bp.yaml", &text)).expect("synthesizes");
    let w: Vec<&Diagnostic> = b.warnings.iter().filter(|d| d.code == "GW0209").collect();
    assert_eq!(w.len(), 1, "{:#?}", b.warnings);
    assert!(w[0].message.contains("CloudWatch role"), "{w:?}");
    assert_eq!(w[0].location.as_ref().unwrap().line, 3);
    let access = format!("api: X\nstage:\n  access_log: {{}}\n{ROUTES}");
    let b = synth::synth("bp", &Source::new("bp.yaml", &access)).expect("synthesizes");
    let w: Vec<&Diagnostic> = b.warnings.iter().filter(|d| d.code == "GW0209").collect();
    assert_eq!(w.len(), 1, "{:#?}", b.warnings);
    assert!(w[0].message.starts_with("access logging"), "{w:?}");
    assert_eq!(w[0].location.as_ref().unwrap().line, 3);
    let with_role = format!(
        "api: X\nstage:\n  account_logging_role: true\n  method_settings: {{ logging: error }}\n{ROUTES}"
    );
    let b = synth::synth("bp", &Source::new("bp.yaml", &with_role)).expect("synthesizes");
    assert!(
        b.warnings.iter().all(|d| d.code != "GW0209"),
        "{:#?}",
        b.warnings
    );
}
