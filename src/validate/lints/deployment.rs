//! Deployments, which cfn-lint does not judge: a deployment must come after every method (and,
//! in Terraform, every integration) of its API, or it is created for an incomplete API; and it
//! must be replaced when the API changes, or the stage keeps serving the old one.
//! CloudFormation replaces a Deployment only when its logical id changes (gatewright, CDK and
//! SAM put a content hash in it); Terraform needs `triggers`.

use super::fast::{FastMap, FastSet};
use super::terraform::TfBlock;
use super::{DEPLOYMENT_DEPENDS_ON, DEPLOYMENT_STATIC, Sink, ptr};
use serde_json::{Map, Value};

const DEPLOYMENT: &str = "AWS::ApiGateway::Deployment";

/// Lists at most five names, then how many more.
fn listing(names: &[String]) -> String {
    let mut s = names
        .iter()
        .take(5)
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > 5 {
        s.push_str(&format!(" and {} more", names.len() - 5));
    }
    s
}

/// True when `id` ends in a run of at least 8 hex digits holding a digit (a content hash).
fn hash_suffixed(id: &str) -> bool {
    let tail: Vec<char> = id
        .chars()
        .rev()
        .take_while(char::is_ascii_hexdigit)
        .collect();
    tail.len() >= 8 && tail.iter().any(char::is_ascii_digit)
}

/// Logical ids `v` refers to through `Ref`, `Fn::GetAtt` and `Fn::Sub`.
fn cfn_refs<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::Object(o) => {
            for (k, arg) in o {
                match (k.as_str(), arg) {
                    ("Ref", Value::String(id)) => out.push(id),
                    ("Fn::GetAtt", Value::Array(a)) => {
                        if let Some(id) = a.first().and_then(Value::as_str) {
                            out.push(id);
                        }
                    }
                    ("Fn::GetAtt", Value::String(s)) => {
                        out.push(s.split('.').next().unwrap_or(s));
                    }
                    ("Fn::Sub", _) => {
                        let template = match arg {
                            Value::String(s) => Some(s.as_str()),
                            Value::Array(a) => a.first().and_then(Value::as_str),
                            _ => None,
                        };
                        for e in super::text::sub_names(template.unwrap_or("")) {
                            out.push(e.split('.').next().unwrap_or(e));
                        }
                    }
                    _ => {}
                }
                cfn_refs(arg, out);
            }
        }
        Value::Array(a) => a.iter().for_each(|x| cfn_refs(x, out)),
        _ => {}
    }
}

/// Everything `start` depends on, directly or not.
fn cfn_closure<'a>(resources: &'a Map<String, Value>, start: &'a str) -> FastSet<&'a str> {
    let mut seen = FastSet::default();
    let mut stack = vec![start];
    let mut next = Vec::new();
    while let Some(id) = stack.pop() {
        let Some(r) = resources.get(id) else {
            continue;
        };
        match r.get("DependsOn") {
            Some(Value::String(d)) => next.push(d.as_str()),
            Some(Value::Array(a)) => next.extend(a.iter().filter_map(Value::as_str)),
            _ => {}
        }
        if let Some(p) = r.get("Properties") {
            cfn_refs(p, &mut next);
        }
        for n in next.drain(..) {
            if resources.contains_key(n) && seen.insert(n) {
                stack.push(n);
            }
        }
    }
    seen
}

pub(super) fn check_cloudformation(resources: &Map<String, Value>, sink: &mut Sink) {
    let type_of = |id: &str| {
        resources
            .get(id)
            .and_then(|r| r.get("Type"))
            .and_then(Value::as_str)
    };
    fn api_of(r: &Value) -> Option<&str> {
        super::cloudformation::ref_name(r.get("Properties").and_then(|p| p.get("RestApiId")))
    }
    for (id, r) in resources {
        let p = || ptr("/Resources", id);
        match r.get("Type").and_then(Value::as_str) {
            Some(DEPLOYMENT) => {
                let p = p();
                let Some(api) = api_of(r) else { continue };
                let methods: Vec<&String> = resources
                    .iter()
                    .filter(|(_, m)| {
                        m.get("Type").and_then(Value::as_str) == Some("AWS::ApiGateway::Method")
                    })
                    .filter(|(_, m)| api_of(m) == Some(api))
                    .map(|(mid, _)| mid)
                    .collect();
                let deps = cfn_closure(resources, id);
                let missing: Vec<String> = methods
                    .into_iter()
                    .filter(|m| !deps.contains(m.as_str()))
                    .cloned()
                    .collect();
                if !missing.is_empty() {
                    let at = if r.get("DependsOn").is_some() {
                        ptr(&p, "DependsOn")
                    } else {
                        p.clone()
                    };
                    sink.warning(
                        DEPLOYMENT_DEPENDS_ON,
                        &at,
                        format!(
                            "Deployment `{id}` does not depend on {} of `{api}`'s methods ({}): the deployment may be created before them",
                            missing.len(),
                            listing(&missing)
                        ),
                        "add every method of the API to the Deployment's DependsOn; otherwise creation can \
                         fail (\"The REST API doesn't contain any methods\") or deploy an API without them",
                    );
                }
                if let Some(props) = r.get("Properties")
                    && props.get("StageName").is_some()
                    && !hash_suffixed(id)
                {
                    sink.warning(
                        DEPLOYMENT_STATIC,
                        &ptr(&ptr(&p, "Properties"), "StageName"),
                        format!("Deployment `{id}` creates its stage but its logical id never changes: later API changes are not deployed"),
                        STATIC_HELP,
                    );
                }
            }
            Some("AWS::ApiGateway::Stage") => {
                let p = p();
                let Some(props) = r.get("Properties") else {
                    continue;
                };
                let Some(d) = super::cloudformation::ref_name(props.get("DeploymentId")) else {
                    continue;
                };
                if type_of(d) == Some(DEPLOYMENT) && !hash_suffixed(d) {
                    sink.warning(
                        DEPLOYMENT_STATIC,
                        &ptr(&ptr(&p, "Properties"), "DeploymentId"),
                        format!(
                            "Stage `{id}` uses Deployment `{d}`, whose logical id never changes: later changes to the API's methods are not deployed to the stage"
                        ),
                        STATIC_HELP,
                    );
                }
            }
            _ => {}
        }
    }
}

const STATIC_HELP: &str = "CloudFormation creates a new deployment only when the Deployment resource is \
     replaced: end its logical id with a hash of the API's definition (as gatewright, CDK and SAM do), \
     or redeploy by hand after each change";

/// `type.name` addresses of resources named in `s` (interpolations, `depends_on` entries),
/// borrowed from `s`.
fn tf_addresses<'a>(s: &'a str, out: &mut Vec<&'a str>) {
    let b = s.as_bytes();
    let ident = |c: u8| c.is_ascii_alphanumeric() || c == b'_' || c == b'-';
    let mut i = 0;
    while let Some(at) = s[i..].find("aws_") {
        let start = i + at;
        i = start + 4;
        if start > 0 && (ident(b[start - 1]) || b[start - 1] == b'.') {
            continue;
        }
        let mut j = start;
        while j < b.len() && (b[j].is_ascii_lowercase() || b[j].is_ascii_digit() || b[j] == b'_') {
            j += 1;
        }
        if j >= b.len() || b[j] != b'.' {
            continue;
        }
        let mut k = j + 1;
        while k < b.len() && ident(b[k]) {
            k += 1;
        }
        if k > j + 1 {
            out.push(&s[start..k]);
            i = k;
        }
    }
}

fn tf_strings<'a>(v: &'a Value, out: &mut Vec<&'a str>) {
    match v {
        Value::String(s) => tf_addresses(s, out),
        Value::Array(a) => a.iter().for_each(|x| tf_strings(x, out)),
        Value::Object(o) => o.values().for_each(|x| tf_strings(x, out)),
        _ => {}
    }
}

/// `(type, name)` of an address `tf_addresses` found (its type has no dot, its name none).
fn split_address(a: &str) -> (&str, &str) {
    a.split_once('.').unwrap_or((a, ""))
}

pub(super) fn check_terraform<'a>(resources: &[TfBlock<'a>], sink: &mut Sink) {
    let mut deployments = resources
        .iter()
        .filter(|b| b.ty == "aws_api_gateway_deployment")
        .peekable();
    if deployments.peek().is_none() {
        return;
    }
    let mut by_address: FastMap<(&str, &str), Vec<&TfBlock>> = FastMap::default();
    for b in resources {
        by_address.entry((b.ty, b.name)).or_default().push(b);
    }
    let api_of =
        |b: &TfBlock<'a>| -> Option<&'a str> { b.body.get("rest_api_id").and_then(Value::as_str) };
    for d in deployments {
        if d.body.get("triggers").is_none() {
            sink.warning(
                DEPLOYMENT_STATIC,
                &d.pointer,
                format!("{} has no triggers: later changes to the API's methods do not create a new deployment", d.address()),
                "add `triggers = { redeployment = sha1(jsonencode([...the API's methods and integrations...])) }` \
                 and `lifecycle { create_before_destroy = true }`",
            );
        }
        let Some(api) = api_of(d) else { continue };
        // Every block the deployment reaches through references, by `(type, name)`.
        let mut seen: FastSet<(&str, &str)> = FastSet::default();
        let mut stack = vec![(d.ty, d.name)];
        let mut next = Vec::new();
        while let Some(a) = stack.pop() {
            for b in by_address.get(&a).into_iter().flatten() {
                tf_strings(b.body, &mut next);
            }
            for n in next.drain(..) {
                let n = split_address(n);
                if seen.insert(n) {
                    stack.push(n);
                }
            }
        }
        let missing: Vec<String> = resources
            .iter()
            .filter(|b| {
                matches!(
                    b.ty,
                    "aws_api_gateway_method" | "aws_api_gateway_integration"
                )
            })
            .filter(|b| api_of(b) == Some(api) && !seen.contains(&(b.ty, b.name)))
            .map(TfBlock::address)
            .collect();
        if !missing.is_empty() {
            let at = if d.body.get("depends_on").is_some() {
                ptr(&d.pointer, "depends_on")
            } else {
                d.pointer.clone()
            };
            sink.warning(
                DEPLOYMENT_DEPENDS_ON,
                &at,
                format!(
                    "{} does not depend on {} of the API's methods and integrations ({}): it may be created before them",
                    d.address(),
                    missing.len(),
                    listing(&missing)
                ),
                "list them in depends_on (or reference them in triggers); otherwise creation can fail \
                 (\"No integration defined for method\") or deploy an API without them",
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Severity;
    use crate::validate::Format;
    use serde_json::json;

    #[test]
    fn hashes_and_addresses() {
        assert!(hash_suffixed("Deployment37cf6458f4ee"));
        assert!(hash_suffixed(
            "ApiDeploymentB17BE62D5a8e5d0e2c4f5c7fbb3b1a9e5e0c1d2f"
        ));
        assert!(!hash_suffixed("Deployment"));
        assert!(!hash_suffixed("ApiDeploymentV2"));
        let mut out = Vec::new();
        tf_addresses(
            "${sha1(jsonencode([aws_api_gateway_method.a.id, aws_api_gateway_integration.b]))}",
            &mut out,
        );
        tf_addresses("data.aws_region.current", &mut out);
        assert_eq!(
            out,
            vec!["aws_api_gateway_method.a", "aws_api_gateway_integration.b"]
        );
    }

    #[test]
    fn cloudformation_deployment_order_and_static_ids() {
        assert!(only(Format::CloudFormation, &cfn(|_| {}), DEPLOYMENT_DEPENDS_ON).is_empty());
        let bad = cfn(|d| {
            at(d, "/Resources/Deployment0123abcd")
                .as_object_mut()
                .unwrap()
                .remove("DependsOn");
        });
        assert_eq!(
            only(Format::CloudFormation, &bad, DEPLOYMENT_DEPENDS_ON),
            vec![(
                "/Resources/Deployment0123abcd".to_string(),
                Severity::Warning
            )]
        );
        // A dependency through another resource counts.
        let indirect = cfn(|d| {
            *at(d, "/Resources/Deployment0123abcd/DependsOn") = json!("Waiter");
            at(d, "/Resources").as_object_mut().unwrap().insert(
                "Waiter".into(),
                json!({"Type": "AWS::CloudFormation::WaitConditionHandle", "DependsOn": ["Get"]}),
            );
        });
        assert!(only(Format::CloudFormation, &indirect, DEPLOYMENT_DEPENDS_ON).is_empty());
        assert!(only(Format::CloudFormation, &cfn(|_| {}), DEPLOYMENT_STATIC).is_empty());
        let stat = cfn(|d| {
            let r = at(d, "/Resources").as_object_mut().unwrap();
            let dep = r.remove("Deployment0123abcd").unwrap();
            r.insert("Deployment".into(), dep);
            *at(d, "/Resources/Stage/Properties/DeploymentId") = json!({"Ref": "Deployment"});
        });
        assert_eq!(
            only(Format::CloudFormation, &stat, DEPLOYMENT_STATIC),
            vec![(
                "/Resources/Stage/Properties/DeploymentId".to_string(),
                Severity::Warning
            )]
        );
    }

    #[test]
    fn terraform_deployment_triggers_and_dependencies() {
        let with = |body: serde_json::Value| {
            tf(move |d| {
                at(d, "/resource")
                    .as_object_mut()
                    .unwrap()
                    .insert("aws_api_gateway_deployment".into(), json!({"api": body}));
            })
        };
        let good = with(json!({
            "rest_api_id": "${aws_api_gateway_rest_api.api.id}",
            "triggers": {"redeployment": "x"},
            "depends_on": ["aws_api_gateway_integration.get"]
        }));
        assert!(only(Format::TerraformJson, &good, DEPLOYMENT_DEPENDS_ON).is_empty());
        assert!(only(Format::TerraformJson, &good, DEPLOYMENT_STATIC).is_empty());
        let bad = with(json!({"rest_api_id": "${aws_api_gateway_rest_api.api.id}"}));
        assert_eq!(
            only(Format::TerraformJson, &bad, DEPLOYMENT_DEPENDS_ON),
            vec![(
                "/resource/aws_api_gateway_deployment/api".to_string(),
                Severity::Warning
            )]
        );
        assert_eq!(
            only(Format::TerraformJson, &bad, DEPLOYMENT_STATIC),
            vec![(
                "/resource/aws_api_gateway_deployment/api".to_string(),
                Severity::Warning
            )]
        );
    }
}
