//! Deploy-time values in an OpenAPI document.
//!
//! An OpenAPI document cannot refer to the stack that deploys it, so every deploy-time value
//! becomes a concrete string: the blueprint's `env` when it names one, else a placeholder in
//! CloudFormation `Fn::Sub` syntax that names the generated template's own parameters and
//! execution role (logical id `ExecutionRole`).

pub use crate::emit::deploy::Deploy;
use crate::emit::sub::{self, EXECUTION_ROLE};
use crate::model::{Attr, Env, OwnedKind, Part, Pseudo, ResourceRef, RestApi, Text};
use serde_json::{Value, json};

impl Deploy for Env {
    fn text(&self, t: &Text) -> Value {
        json!(render(self, t))
    }

    fn execution_role_arn(&self, role: usize) -> Value {
        if role == 0 || self.execution_role_arn.is_some() {
            json!(concrete(self, Slot::ExecutionRoleArn))
        } else {
            json!(format!("${{{}.Arn}}", sub::execution_role(role)))
        }
    }
}

/// A value the deployment supplies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    Partition,
    /// The region the API is deployed to.
    Region,
    /// The account the API is deployed to.
    AccountId,
    /// The partition's endpoint domain suffix.
    UrlSuffix,
    /// The role API Gateway assumes to call the services.
    ExecutionRoleArn,
}

impl From<&Pseudo> for Slot {
    fn from(p: &Pseudo) -> Slot {
        match p {
            Pseudo::Partition => Slot::Partition,
            Pseudo::Region => Slot::Region,
            Pseudo::AccountId => Slot::AccountId,
            Pseudo::UrlSuffix => Slot::UrlSuffix,
        }
    }
}

/// The partition a region belongs to.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The concrete value of `slot` for `env`, or its `${...}` placeholder when `env` lacks it.
pub fn concrete(env: &Env, slot: Slot) -> String {
    let region = env.region.as_deref();
    match slot {
        Slot::Partition => region
            .map_or(sub::pseudo(&Pseudo::Partition), partition_of)
            .to_string(),
        Slot::Region => region.unwrap_or(sub::pseudo(&Pseudo::Region)).to_string(),
        Slot::AccountId => env
            .account_id
            .clone()
            .unwrap_or_else(|| sub::pseudo(&Pseudo::AccountId).to_string()),
        Slot::UrlSuffix => region
            .map_or(sub::pseudo(&Pseudo::UrlSuffix), |r| {
                if partition_of(r) == "aws-cn" {
                    "amazonaws.com.cn"
                } else {
                    "amazonaws.com"
                }
            })
            .to_string(),
        Slot::ExecutionRoleArn => env
            .execution_role_arn
            .clone()
            .unwrap_or_else(|| format!("${{{EXECUTION_ROLE}.Arn}}")),
    }
}

/// `text` with each deploy-time value made concrete. An owned resource whose real name
/// `env.resources` gives is written with its ARN, URL or domain built from that name; other
/// owned and generated resources (a function, an authorizer) become placeholders naming the
/// CloudFormation template's resource (`${TopicAlerts}`).
pub fn render(env: &Env, text: &Text) -> String {
    text.render_all(
        |s| s.to_string(),
        |p| match p {
            Part::Pseudo(p) => concrete(env, Slot::from(p)),
            Part::Ref(r) => owned(env, r).unwrap_or_else(|| sub::part(p)),
            other => sub::part(other),
        },
    )
}

/// The attribute of an owned resource whose real name `env` gives, as AWS forms it.
fn owned(env: &Env, r: &ResourceRef) -> Option<String> {
    let name = env.resources.get(&r.name)?;
    let v = |s| concrete(env, s);
    let (p, region, account, suffix) = (
        v(Slot::Partition),
        v(Slot::Region),
        v(Slot::AccountId),
        v(Slot::UrlSuffix),
    );
    Some(match (r.kind, r.attr) {
        (_, Attr::Name) if r.kind != OwnedKind::Distribution => name.clone(),
        (OwnedKind::Queue, Attr::Arn) => format!("arn:{p}:sqs:{region}:{account}:{name}"),
        (OwnedKind::Queue, Attr::Url) => format!("https://sqs.{region}.{suffix}/{account}/{name}"),
        (OwnedKind::Topic, _) => format!("arn:{p}:sns:{region}:{account}:{name}"),
        (OwnedKind::Bucket, Attr::Arn) => format!("arn:{p}:s3:::{name}"),
        (OwnedKind::Bucket, Attr::Url) => format!("{name}.s3.{region}.{suffix}"),
        (OwnedKind::Table, _) => format!("arn:{p}:dynamodb:{region}:{account}:table/{name}"),
        (OwnedKind::StateMachine, _) => {
            format!("arn:{p}:states:{region}:{account}:stateMachine:{name}")
        }
        (OwnedKind::EventBus, _) => format!("arn:{p}:events:{region}:{account}:event-bus/{name}"),
        (OwnedKind::Function, Attr::Arn) => {
            format!("arn:{p}:lambda:{region}:{account}:function:{name}")
        }
        (OwnedKind::Stream, Attr::Arn) => {
            format!("arn:{p}:kinesis:{region}:{account}:stream/{name}")
        }
        (OwnedKind::DeliveryStream, Attr::Arn) => {
            format!("arn:{p}:firehose:{region}:{account}:deliverystream/{name}")
        }
        // A distribution's id and domain are CloudFront's choice, and a function's URL is
        // its invoke ARN; none follows from a name.
        _ => return None,
    })
}

/// The placeholders `doc` (an OpenAPI document of `api`) still holds in its keys and
/// strings: values `env` does not give, which `import-rest-api` would take as text. Each
/// comes with the `env` key that gives it, or `None` when only a deployment of the generated
/// template creates it.
pub fn placeholders_in(api: &RestApi, doc: &Value) -> Vec<(String, Option<String>)> {
    // `$` is looked for first: a byte search, where most strings end.
    fn placeholder(s: &str) -> bool {
        s.contains('$') && s.contains("${")
    }
    // The strings holding a placeholder, each followed by NUL (which no placeholder holds):
    // one text to search per placeholder instead of one search per string.
    fn strings(v: &Value, out: &mut String) {
        match v {
            Value::String(s) if placeholder(s) => {
                out.push_str(s);
                out.push('\0');
            }
            Value::Array(a) => a.iter().for_each(|v| strings(v, out)),
            Value::Object(o) => {
                for (k, v) in o {
                    if placeholder(k) {
                        out.push_str(k);
                        out.push('\0');
                    }
                    strings(v, out);
                }
            }
            _ => {}
        }
    }
    let mut found = String::new();
    strings(doc, &mut found);
    placeholders_where(api, |c| found.contains(c))
}

/// Whether `doc` holds any of the placeholders [`placeholders_in`] lists: the document is
/// searched until the first string holding one, where a large API's is searched whole.
pub fn holds_placeholders(api: &RestApi, doc: &Value) -> bool {
    fn any(v: &Value, found: &dyn Fn(&str) -> bool) -> bool {
        match v {
            Value::String(s) => found(s),
            Value::Array(a) => a.iter().any(|v| any(v, found)),
            Value::Object(o) => o.iter().any(|(k, v)| found(k) || any(v, found)),
            _ => false,
        }
    }
    let candidates = placeholders_where(api, |_| true);
    if candidates.is_empty() {
        return false;
    }
    any(doc, &|s: &str| {
        s.contains('$')
            && s.contains("${")
            && candidates.iter().any(|(c, _)| s.contains(c.as_str()))
    })
}

/// The placeholders of `api` for which `present` holds.
fn placeholders_where(
    api: &RestApi,
    present: impl Fn(&str) -> bool,
) -> Vec<(String, Option<String>)> {
    let env = &api.env;
    let mut candidates: Vec<(String, Option<String>)> = Vec::new();
    for (p, _) in Pseudo::ALL {
        let key = match p {
            Pseudo::AccountId => "env.account_id",
            _ => "env.region",
        };
        candidates.push((concrete(env, Slot::from(&p)), Some(key.into())));
    }
    // One existing role can stand in for the execution role; several roles (grants that need
    // more than one) exist only once the template is deployed, so no `env` key gives them.
    let roles = api.role_groups().roles.len();
    candidates.push((
        concrete(env, Slot::ExecutionRoleArn),
        (roles <= 1).then(|| "env.execution_role_arn".into()),
    ));
    for k in 1..roles {
        candidates.push((
            env.execution_role_arn(k)
                .as_str()
                .unwrap_or_default()
                .to_string(),
            None,
        ));
    }
    for kind in OwnedKind::ALL {
        // A chosen name is known: what remains unknown is the region and account, listed above.
        for name in api
            .owned
            .names(kind)
            .into_iter()
            .filter(|n| api.owned.chosen_name(kind, n).is_none())
        {
            for attr in [Attr::Arn, Attr::Name, Attr::Url] {
                let r = ResourceRef {
                    kind,
                    name: name.clone(),
                    attr,
                };
                let hint =
                    (kind != OwnedKind::Distribution).then(|| format!("env.resources.{name}"));
                candidates.push((render(env, &Text(vec![Part::Ref(r)])), hint));
            }
        }
    }
    for f in api.functions() {
        candidates.push((
            sub::part(&Part::Ref(ResourceRef {
                kind: OwnedKind::Function,
                name: f.name.clone(),
                attr: Attr::Arn,
            })),
            None,
        ));
    }
    let mut out: Vec<(String, Option<String>)> = candidates
        .into_iter()
        .filter(|(c, _)| c.contains("${") && present(c))
        .collect();
    out.sort();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_values_or_placeholders() {
        let empty = Env::default();
        assert_eq!(concrete(&empty, Slot::Partition), "${AWS::Partition}");
        assert_eq!(concrete(&empty, Slot::Region), "${AWS::Region}");
        assert_eq!(concrete(&empty, Slot::AccountId), "${AWS::AccountId}");
        assert_eq!(
            concrete(&empty, Slot::ExecutionRoleArn),
            "${ExecutionRole.Arn}"
        );
        let env = Env {
            region: Some("cn-north-1".into()),
            execution_role_arn: Some("arn:aws-cn:iam::123456789012:role/r".into()),
            ..Env::default()
        };
        assert_eq!(concrete(&env, Slot::Partition), "aws-cn");
        assert_eq!(concrete(&env, Slot::Region), "cn-north-1");
        assert_eq!(concrete(&env, Slot::AccountId), "${AWS::AccountId}");
        assert_eq!(
            concrete(&env, Slot::ExecutionRoleArn),
            "arn:aws-cn:iam::123456789012:role/r"
        );
        assert_eq!(partition_of("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_of("eu-west-1"), "aws");
    }
}
