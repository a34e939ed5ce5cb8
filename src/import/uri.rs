//! Integration URIs of imported documents: what they call (service, action or path, region),
//! the IAM prefix of a service, and a path override in the blueprint's words (each URI
//! variable written as the route parameter, fixed value or stage variable it is filled from).

use serde_json::{Map, Value};

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// What an integration URI calls.
pub struct Uri {
    pub region: Option<String>,
    pub service: String,
    pub target: Target,
}

pub enum Target {
    Action(String),
    Path(String),
}

/// `arn:PARTITION:apigateway:REGION:SERVICE:action/X` or `...:path/REST`; the region is `None`
/// when it is the stack's own (`${AWS::Region}`).
pub fn parse_uri(uri: &str) -> Option<Uri> {
    let rest = uri.strip_prefix("arn:")?;
    let (_, rest) = rest.split_once(":apigateway:")?;
    let (region, rest) = match rest.strip_prefix("${AWS::Region}:") {
        Some(r) => (None, r),
        None => {
            let (r, rest) = rest.split_once(':')?;
            (Some(r.to_string()), rest)
        }
    };
    let (service, target) = rest.split_once(':')?;
    let target = if let Some(a) = target.strip_prefix("action/") {
        Target::Action(a.to_string())
    } else {
        Target::Path(target.strip_prefix("path/")?.to_string())
    };
    if service.is_empty()
        || region
            .as_deref()
            .is_some_and(|r| r.contains('{') || r.contains('$'))
    {
        return None;
    }
    Some(Uri {
        region,
        service: service.to_string(),
        target,
    })
}

/// The IAM prefix of an endpoint prefix, where they differ.
pub fn iam_prefix(service: &str) -> &str {
    match service {
        "monitoring" => "cloudwatch",
        "email" => "ses",
        "runtime.sagemaker" => "sagemaker",
        "bedrock-runtime" => "bedrock",
        other => other,
    }
}

/// The `aws.path` of a path URI: each `{var}` of the URI written as the route parameter,
/// fixed value or stage variable its mapping reads (the mapping is then implied).
pub fn path_override(
    key: &str,
    route_path: &str,
    rest: &str,
    params: &mut Map<String, Value>,
) -> Result<String, String> {
    let mut out = String::from("/");
    let mut r = rest;
    while let Some(open) = r.find('{') {
        if r[..open].ends_with('$') {
            // A reference (`${AWS::AccountId}`), not a URI variable.
            let close = r[open..].find('}').map_or(r.len(), |c| c + open + 1);
            out.push_str(&r[..close]);
            r = &r[close..];
            continue;
        }
        out.push_str(&r[..open]);
        let close = r[open..]
            .find('}')
            .ok_or_else(|| format!("`{key}`: the URI has a `{{` without `}}`"))?
            + open;
        let var = &r[open + 1..close];
        let bare = var.trim_end_matches('+');
        let target = format!("integration.request.path.{bare}");
        let src = params.remove(&target).map(|v| text(&v));
        match src.as_deref() {
            Some(m) if m.starts_with("method.request.path.") => {
                let p = &m["method.request.path.".len()..];
                if route_path.contains(&format!("{{{p}+}}")) {
                    out.push_str(&format!("{{{p}+}}"));
                } else {
                    out.push_str(&format!("{{{p}}}"));
                }
            }
            Some(f) if f.len() >= 2 && f.starts_with('\'') && f.ends_with('\'') => {
                out.push_str(&f[1..f.len() - 1]);
            }
            Some(sv) if sv.starts_with("stageVariables.") => {
                out.push_str(&format!("${{{sv}}}"));
            }
            other => {
                return Err(format!(
                    "`{key}`: the URI's `{{{var}}}` is filled from {}, which a generic path cannot say, and no typed operation makes the same call: route left out",
                    other.map_or("nothing".to_string(), |o| format!("`{o}`"))
                ));
            }
        }
        r = &r[close + 1..];
    }
    out.push_str(r);
    if out == "//" {
        out.pop();
    }
    Ok(out)
}
