//! Choosing each imported route's operation by lowering: every typed operation of the
//! integration's service is tried with arguments taken from the route (its path parameters,
//! the owned resources the document names, the URI's own segments); the first whose lowered
//! route equals the imported one in every aspect `diff` compares (integration, mappings,
//! templates, responses, auth, validation) becomes the route's operation. The services keep
//! their knowledge to themselves: nothing here knows a template. Otherwise the route stays the
//! generic `aws` call, with the grants of a typed operation that makes the same call (same URI
//! and method), or of the action its URI names.

use super::route::Imported;
use super::{Cx, s};
use crate::codes::{IMPORT_GRANTS, IMPORT_UNREPRESENTABLE};
use crate::diagnostic::{Diagnostic, Location};
use crate::model::RestApi;
use crate::source::Source;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The catalog's operations (by name prefix) of each integration endpoint prefix.
const SERVICES: &[(&str, &str)] = &[
    ("s3", "s3."),
    // The presigned-URL routes call functions gatewright generates.
    ("lambda", "s3.presign_"),
    ("sns", "sns."),
    ("sqs", "sqs."),
    ("rekognition", "rekognition."),
    ("dynamodb", "dynamodb."),
    ("states", "stepfunctions."),
    ("events", "eventbridge."),
    ("kinesis", "kinesis."),
    ("firehose", "firehose."),
    ("bedrock-runtime", "bedrock."),
];

/// Arguments that name a resource the API may own.
const RESOURCE_ARGS: &[&str] = &[
    "topic",
    "queue",
    "bucket",
    "table",
    "stream",
    "delivery_stream",
    "state_machine",
    "bus",
    "event_bus",
];

/// The most argument sets tried per operation.
const MAX_TRIES: usize = 48;

/// Route options a typed route keeps besides its operation (the rest is the operation's).
const KEPT: &[&str] = &[
    "summary",
    "api_key",
    "scopes",
    "request_model",
    "request_models",
    "validate",
    "region",
];

/// Each route with its final blueprint mapping; routes that do not lower are reported and
/// left out.
pub fn settle(
    cx: &mut Cx,
    skeleton: &Map<String, Value>,
    routes: Vec<Imported>,
) -> Vec<(Imported, Map<String, Value>)> {
    let original = crate::diff::openapi_view(cx.root());
    let owned = owned_names(skeleton);
    let mut out = Vec::new();
    for r in routes {
        let want = original.routes.get(&r.key).map(normalize);
        let mut base: Map<String, Value> = r
            .options
            .iter()
            .filter(|(k, _)| KEPT.contains(&k.as_str()))
            .map(|(k, v)| (k.clone(), v.clone()))
            .collect();
        base.insert("auth".into(), s(&r.auth));
        let mut fuller = base.clone();
        for k in ["request_parameters", "method_responses"] {
            if let Some(v) = r.options.get(k) {
                fuller.insert(k.into(), v.clone());
            }
        }
        let mut same_call: Option<Vec<Value>> = None;
        let mut chosen = None;
        let mut tries = super::base::typed(cx.opts.base.as_ref(), &r.key);
        tries.extend(candidates(&r, &owned));
        'ops: for (op, args) in tries {
            for opts in [&base, &fuller] {
                let mut route = opts.clone();
                route.insert(op.clone(), Value::Object(args.clone()));
                let Ok(api) = trial(cx, skeleton, &r.key, &route) else {
                    continue 'ops;
                };
                let got = aspects(&api, cx.v3, &r.key).map(|a| normalize(&a));
                if got.is_some() && got == want {
                    chosen = Some((op.clone(), route));
                    break 'ops;
                }
                if same_call.is_none()
                    && got
                        .as_ref()
                        .is_some_and(|g| same_integration(g, want.as_ref()))
                {
                    same_call = grants(&api, &r.key);
                }
            }
        }
        if let Some((op, mut route)) = chosen {
            route.remove("auth");
            super::base::route_extras(cx.opts.base.as_ref(), &r.key, &mut route);
            cx.typed.push(format!("{} -> {op}", r.key));
            out.push((r, route));
            continue;
        }
        if let Some((at, why)) = &r.blocked {
            cx.lost(at, why.clone());
            continue;
        }
        let action = r.action.clone().or_else(|| form_action(&r.call));
        let iam = match (same_call, &action) {
            (Some(g), _) => g,
            _ if super::base::iam(cx.opts.base.as_ref(), &r.key).is_some() => {
                super::base::iam(cx.opts.base.as_ref(), &r.key).unwrap_or_default()
            }
            (None, Some(action)) => {
                let named: Vec<String> = cx.refs_of(&r.key).into_iter().collect();
                let service = action.split(':').next().unwrap_or("");
                let mut arns = arns_in(&r.call, service);
                if arns.is_empty()
                    && let Some(arn) = r
                        .call
                        .get("path")
                        .and_then(Value::as_str)
                        .and_then(|p| crate::services::resource_of_path(service, p))
                {
                    arns.push(arn);
                }
                let (resource, why) = match (named.as_slice(), arns.as_slice()) {
                    ([one], _) => (
                        format!("${{{one}.arn}}"),
                        format!("on `{one}`, the one owned resource the integration names"),
                    ),
                    ([], [arn]) => (
                        arn.clone(),
                        format!("on `{arn}`, the one ARN of the service the integration names"),
                    ),
                    _ => (
                        "*".to_string(),
                        "on every resource (`*`): the document does not say which resource the call touches".to_string(),
                    ),
                };
                cx.findings.push(
                    Diagnostic::warning(IMPORT_GRANTS, format!("`{}`: `{action}` is granted {why}", r.key))
                        .at(Location::pointer(&cx.doc.file, format!("{}/x-amazon-apigateway-integration/uri", r.at)))
                        .help("check the route's `iam`, or import with `--base` naming the blueprint that had it"),
                );
                vec![json!({"actions": [action], "resources": [resource]})]
            }
            (None, None) => {
                cx.lost(
                    &format!("{}/x-amazon-apigateway-integration/uri", r.at),
                    format!("`{}`: no typed operation makes this call, so its IAM actions are unknown: route left out", r.key),
                );
                continue;
            }
        };
        let mut call = r.call.clone();
        call.insert("iam".into(), Value::Array(iam));
        let mut route = r.options.clone();
        route.insert("aws".into(), Value::Object(call));
        super::base::route_extras(cx.opts.base.as_ref(), &r.key, &mut route);
        let mut tried = route.clone();
        tried.insert("auth".into(), s(&r.auth));
        if let Err(diags) = trial(cx, skeleton, &r.key, &tried) {
            for d in diags {
                cx.findings.push(
                    Diagnostic::warning(
                        IMPORT_UNREPRESENTABLE,
                        format!(
                            "`{}` left out: as a blueprint route it fails: {}",
                            r.key, d.message
                        ),
                    )
                    .at(Location::pointer(&cx.doc.file, r.at.clone()))
                    .help(d.help.clone().unwrap_or_default()),
                );
            }
            continue;
        }
        cx.generic.push(r.key.clone());
        out.push((r, route));
    }
    out
}

/// Leaves out of the skeleton each owned resource that does not lower with the settings it
/// has (a table needs its keys, which OpenAPI does not carry), reporting it.
pub fn check_owns(cx: &mut Cx, skeleton: &mut Map<String, Value>) {
    let Some(owns) = skeleton.get("owns").and_then(Value::as_object).cloned() else {
        return;
    };
    // A route every API can have, so any error is the resources'.
    let probe = json!({"aws": {"service": "sts", "action": "GetCallerIdentity", "http_method": "POST",
        "iam": [{"actions": ["sts:GetCallerIdentity"], "resources": ["*"]}]}});
    let probe = probe.as_object().expect("object");
    if trial(cx, skeleton, "GET /", probe).is_ok() {
        return;
    }
    for (section, list) in &owns {
        for (name, spec) in list.as_object().into_iter().flatten() {
            let mut alone = skeleton.clone();
            alone.insert(
                "owns".into(),
                json!({ section.clone(): { name.clone(): spec.clone() } }),
            );
            let Err(diags) = trial(cx, &alone, "GET /", probe) else {
                continue;
            };
            let why = diags.first().map(|d| d.message.clone()).unwrap_or_default();
            cx.lost_help(
                "/paths",
                format!("owned {section} `{name}` cannot be declared from the document alone ({why}): left out, and the routes that use it with it"),
                "import with `--base BLUEPRINT` naming a blueprint that declares it, or add it under `owns:` and write its routes by hand",
            );
            if let Some(l) = skeleton
                .get_mut("owns")
                .and_then(|o| o.get_mut(section))
                .and_then(Value::as_object_mut)
            {
                l.remove(name);
            }
        }
    }
}

/// The names of the owned resources the skeleton declares.
fn owned_names(skeleton: &Map<String, Value>) -> Vec<String> {
    skeleton
        .get("owns")
        .and_then(Value::as_object)
        .into_iter()
        .flat_map(|o| o.values())
        .filter_map(Value::as_object)
        .flat_map(|m| m.keys().cloned())
        .collect()
}

/// Typed operations to try, with their arguments.
fn candidates(r: &Imported, owned: &[String]) -> Vec<(String, Map<String, Value>)> {
    let service = r.call.get("service").and_then(Value::as_str).unwrap_or("");
    let Some((_, catalog)) = SERVICES.iter().find(|(p, _)| *p == service) else {
        return Vec::new();
    };
    let schema = &crate::lower::operations().schema;
    let Some(props) = schema
        .pointer("/$defs/Route/properties")
        .and_then(Value::as_object)
    else {
        return Vec::new();
    };
    let (_, path) = r.key.split_once(' ').unwrap_or(("", ""));
    let mut values: Vec<String> = path
        .split('/')
        .filter(|seg| seg.starts_with('{'))
        .map(|seg| seg.replace('+', ""))
        .collect();
    values.extend(owned.iter().cloned());
    for src in r.sources.iter() {
        if let Some(q) = src.strip_prefix("method.request.querystring.") {
            values.push(format!("{{query.{q}}}"));
        } else if let Some(h) = src.strip_prefix("method.request.header.") {
            values.push(format!("{{header.{h}}}"));
        }
    }
    if let Some(p) = r.call.get("path").and_then(Value::as_str) {
        values.extend(
            p.split('/')
                .filter(|seg| !seg.is_empty() && !seg.contains('{') && !seg.contains('$'))
                .map(str::to_string),
        );
    }
    values.sort();
    values.dedup();
    let mut out = Vec::new();
    for (name, sch) in props {
        if !name.starts_with(catalog) {
            continue;
        }
        let def = sch
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|p| p.strip_prefix('#'))
            .and_then(|p| schema.pointer(p))
            .unwrap_or(sch);
        let required: Vec<&str> = def
            .get("required")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .filter_map(Value::as_str)
            .collect();
        let args_props = def.get("properties").and_then(Value::as_object);
        let mut slots: Vec<(String, bool)> =
            required.iter().map(|a| (a.to_string(), true)).collect();
        for a in RESOURCE_ARGS {
            if args_props.is_some_and(|p| p.contains_key(*a)) && !required.contains(a) {
                slots.push((a.to_string(), false));
            }
        }
        let mut sets = vec![Map::new()];
        for (slot, needed) in &slots {
            let mut next = Vec::new();
            for set in &sets {
                if !needed {
                    next.push(set.clone());
                }
                for v in &values {
                    let mut m = set.clone();
                    m.insert(slot.clone(), s(v));
                    next.push(m);
                }
            }
            next.truncate(MAX_TRIES);
            sets = next;
        }
        out.extend(sets.into_iter().map(|a| (name.clone(), a)));
    }
    out
}

/// Lowers the skeleton with route `key` alone.
fn trial(
    cx: &Cx,
    skeleton: &Map<String, Value>,
    key: &str,
    route: &Map<String, Value>,
) -> Result<RestApi, Vec<Diagnostic>> {
    let mut bp = skeleton.clone();
    // The plan's per-route throttles name routes this trial does not have.
    if let Some(plan) = bp.get_mut("usage_plan").and_then(Value::as_object_mut) {
        plan.remove("routes");
    }
    let mut routes = Map::new();
    routes.insert(key.to_string(), Value::Object(route.clone()));
    bp.insert("routes".into(), Value::Object(routes));
    let text = serde_json::to_string(&Value::Object(bp)).unwrap_or_default();
    let name = cx
        .opts
        .base_file
        .clone()
        .unwrap_or_else(|| "import.yaml".into());
    crate::synth::model(&Source::new(name, text))
}

/// The aspects `diff` compares of route `key` in the OpenAPI document of `api`.
fn aspects(api: &RestApi, v3: bool, key: &str) -> Option<BTreeMap<&'static str, Value>> {
    let doc = if v3 {
        crate::emit::openapi::openapi3(api)
    } else {
        crate::emit::openapi::swagger2(api)
    };
    crate::diff::openapi_view(&doc).routes.remove(key)
}

/// Aspects with what an import does not carry over as such: the role (derived anew) and a
/// literal `aws` partition (the stack's own).
fn normalize(a: &BTreeMap<&'static str, Value>) -> BTreeMap<&'static str, Value> {
    let mut a = a.clone();
    if let Some(i) = a.get_mut("integration").and_then(Value::as_object_mut) {
        i.remove("credentials");
        if let Some(Value::String(u)) = i.get_mut("uri")
            && let Some(rest) = u.strip_prefix("arn:aws:")
        {
            *u = format!("arn:${{AWS::Partition}}:{rest}");
        }
    }
    a
}

/// Whether two routes make the same call: URI and method, each URI variable read from the
/// same request value.
fn same_integration(
    got: &BTreeMap<&'static str, Value>,
    want: Option<&BTreeMap<&'static str, Value>>,
) -> bool {
    let Some(want) = want else {
        return false;
    };
    let call = |a: &BTreeMap<&'static str, Value>| {
        let i = a.get("integration")?;
        let uri = i.get("uri")?.as_str()?.to_string();
        let params = a.get("integration request parameters")?.as_object()?;
        let mut filled = uri.clone();
        for (target, src) in params {
            if let Some(v) = target.strip_prefix("integration.request.path.") {
                filled = filled.replace(
                    &format!("{{{v}}}"),
                    &format!("<{}>", src.as_str().unwrap_or("")),
                );
            }
        }
        Some((filled, i.get("http_method").cloned()))
    };
    call(got).is_some() && call(got) == call(want)
}

/// The grants lowering gave route `key`, in blueprint form; `None` when one has a condition or
/// denies (then the call's grants are not simply borrowed).
fn grants(api: &RestApi, key: &str) -> Option<Vec<Value>> {
    let m = api
        .methods
        .iter()
        .find(|m| format!("{} {}", m.verb.as_str(), m.path) == key)?;
    let mut out = Vec::new();
    for p in &m.integration.permissions {
        if !p.conditions.is_empty() || p.effect != crate::model::policy::Effect::Allow {
            return None;
        }
        let resources: Vec<String> = p.resources.iter().map(ToString::to_string).collect();
        out.push(json!({"actions": p.actions, "resources": resources}));
    }
    (!out.is_empty()).then_some(out)
}

/// The distinct ARNs of IAM service `service` the call's templates and mappings write
/// (`arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:orders`).
/// The action a path call names in its form body (`Action=SendMessage&...`, the query
/// protocol's request as a mapping template writes it), as an IAM action of its service.
fn form_action(call: &Map<String, Value>) -> Option<String> {
    let service = call.get("service")?.as_str()?;
    let mut found = call
        .get("request_templates")?
        .as_object()?
        .values()
        .filter_map(Value::as_str)
        .filter_map(|t| {
            let rest = t.trim_start().strip_prefix("Action=")?;
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            (!name.is_empty()).then_some(name)
        });
    let first = found.next()?;
    // Templates that disagree name no one action.
    found
        .all(|a| a == first)
        .then(|| format!("{service}:{first}"))
}

fn arns_in(call: &Map<String, Value>, service: &str) -> Vec<String> {
    let mut texts = Vec::new();
    for k in ["request_templates", "headers", "query"] {
        for v in call.get(k).and_then(Value::as_object).into_iter().flatten() {
            texts.extend(v.1.as_str().map(str::to_string));
        }
    }
    let mut out: Vec<String> = Vec::new();
    for t in &texts {
        let mut rest = t.as_str();
        while let Some(i) = rest.find("arn:") {
            let tail = &rest[i..];
            let end = tail
                .find(|c: char| c.is_whitespace() || "'\"&,)".contains(c))
                .unwrap_or(tail.len());
            let arn = &tail[..end];
            let service_part = arn.splitn(3, ':').nth(2).unwrap_or("");
            if service_part == service && !out.iter().any(|a| a == arn) {
                out.push(arn.to_string());
            }
            rest = &tail[end.max(4)..];
        }
    }
    out
}
