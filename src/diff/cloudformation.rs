//! Reading a CloudFormation template into an [`ApiView`]: methods (their paths found through
//! the `AWS::ApiGateway::Resource` tree), an API defined by an OpenAPI `Body`, IAM grants of
//! roles and policies, API Gateway settings, and every other resource.

use super::plain::{plain, text};
use super::{ApiView, Grant, openapi};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Resource types read as routes or settings rather than listed as resources.
const API_TYPES: &[&str] = &[
    "AWS::ApiGateway::Resource",
    "AWS::ApiGateway::Method",
    "AWS::ApiGateway::Deployment",
    "AWS::ApiGateway::RequestValidator",
];

/// The view of the template `doc`.
pub fn view(doc: &Value) -> ApiView {
    let empty = Map::new();
    let resources = doc
        .get("Resources")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let mut v = ApiView::default();
    for (id, r) in resources {
        let ty = r.get("Type").and_then(Value::as_str).unwrap_or("");
        let props = r.get("Properties").cloned().unwrap_or(Value::Null);
        match ty {
            "AWS::ApiGateway::Method" => {
                if let Some((key, aspects)) = method(resources, &props) {
                    v.routes.insert(key, aspects);
                }
            }
            "AWS::ApiGateway::RestApi" => rest_api(&mut v, &props),
            "AWS::ApiGateway::Stage" => {
                settings(&mut v, "stage", &props, &["RestApiId", "DeploymentId"])
            }
            "AWS::ApiGateway::GatewayResponse" => {
                let kind = props.get("ResponseType").map(text).unwrap_or_default();
                settings(
                    &mut v,
                    &format!("gateway_response.{kind}"),
                    &props,
                    &["RestApiId", "ResponseType"],
                );
            }
            "AWS::ApiGateway::Authorizer" => {
                let name = props.get("Name").map(text).unwrap_or_else(|| id.clone());
                settings(
                    &mut v,
                    &format!("authorizer.{name}"),
                    &props,
                    &["RestApiId", "Name"],
                );
            }
            "AWS::ApiGateway::Model" => {
                let name = props.get("Name").map(text).unwrap_or_else(|| id.clone());
                if let Some(schema) = props.get("Schema") {
                    v.settings.insert(format!("model.{name}"), plain(schema));
                }
            }
            "AWS::ApiGateway::UsagePlan"
            | "AWS::ApiGateway::Account"
            | "AWS::ApiGateway::ApiKey"
            | "AWS::ApiGateway::UsagePlanKey" => {
                let short = ty.rsplit("::").next().unwrap_or(ty);
                settings(&mut v, &format!("{short}.{id}"), &props, &["RestApiId"]);
            }
            "AWS::IAM::Role" => role(&mut v, id, &props),
            "AWS::IAM::Policy" | "AWS::IAM::ManagedPolicy" => policy(&mut v, id, &props),
            t if API_TYPES.contains(&t) => {}
            _ => {
                v.resources.insert(format!("{id} ({ty})"), plain(&props));
            }
        }
    }
    v
}

fn settings(v: &mut ApiView, prefix: &str, props: &Value, skip: &[&str]) {
    if let Some(m) = props.as_object() {
        for (k, val) in m.iter().filter(|(k, _)| !skip.contains(&k.as_str())) {
            v.settings.insert(format!("{prefix}.{k}"), plain(val));
        }
    }
}

fn rest_api(v: &mut ApiView, props: &Value) {
    settings(v, "api", props, &["Body", "BodyS3Location"]);
    if let Some(body) = props.get("Body") {
        let inner = openapi::view(&plain(body));
        v.routes.extend(inner.routes);
        v.settings.extend(inner.settings);
    }
    if let Some(loc) = props.get("BodyS3Location") {
        v.settings.insert("api.BodyS3Location".into(), plain(loc));
    }
}

/// The path of the resource `id` names (`Ref` to a Resource, or the root's GetAtt).
fn path_of(resources: &Map<String, Value>, id: &Value) -> Option<String> {
    let mut parts = Vec::new();
    let mut cur = id.clone();
    for _ in 0..=resources.len() {
        let Some(logical) = cur.get("Ref").and_then(Value::as_str) else {
            // `Fn::GetAtt [Api, RootResourceId]`, or a plain id: the root.
            parts.reverse();
            return Some(format!("/{}", parts.join("/")));
        };
        let props = resources.get(logical)?.get("Properties")?;
        parts.push(text(props.get("PathPart")?));
        cur = props.get("ParentId")?.clone();
    }
    None
}

fn method(
    resources: &Map<String, Value>,
    p: &Value,
) -> Option<(String, BTreeMap<&'static str, Value>)> {
    let verb = p.get("HttpMethod").map(text)?.to_ascii_uppercase();
    let path = path_of(resources, p.get("ResourceId")?)?;
    let mut a = BTreeMap::new();
    let named = |r: Option<&Value>| -> Value {
        match r.and_then(|r| r.get("Ref")).and_then(Value::as_str) {
            Some(l) => resources
                .get(l)
                .and_then(|r| r.get("Properties"))
                .and_then(|p| p.get("Name"))
                .map(|n| Value::String(text(n)))
                .unwrap_or_else(|| Value::String(l.to_string())),
            None => r.map(plain).unwrap_or(Value::Null),
        }
    };
    a.insert(
        "auth",
        json!({
            "type": p.get("AuthorizationType").map(text).unwrap_or_else(|| "NONE".into()),
            "authorizer": named(p.get("AuthorizerId")),
            "api_key_required": p.get("ApiKeyRequired").and_then(Value::as_bool).unwrap_or(false),
            "scopes": p.get("AuthorizationScopes").map(plain).unwrap_or(json!([])),
        }),
    );
    let params: Map<String, Value> = p
        .get("RequestParameters")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(k, v)| {
                    (
                        k.trim_start_matches("method.request.").to_string(),
                        plain(v),
                    )
                })
                .collect()
        })
        .unwrap_or_default();
    a.insert("request parameters", Value::Object(params));
    let validator = p
        .get("RequestValidatorId")
        .and_then(|r| r.get("Ref"))
        .and_then(Value::as_str)
        .and_then(|l| resources.get(l)?.get("Properties"))
        .map(|v| {
            json!({
                "body": v.get("ValidateRequestBody").and_then(Value::as_bool).unwrap_or(false),
                "parameters": v.get("ValidateRequestParameters").and_then(Value::as_bool).unwrap_or(false),
            })
        })
        .unwrap_or(Value::Null);
    let models: Map<String, Value> = p
        .get("RequestModels")
        .and_then(Value::as_object)
        .map(|m| {
            m.iter()
                .map(|(ct, r)| (ct.clone(), named(Some(r))))
                .collect()
        })
        .unwrap_or_default();
    a.insert(
        "validation",
        json!({"validator": validator, "models": models}),
    );
    let mut responses = Map::new();
    for r in p
        .get("MethodResponses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let status = r.get("StatusCode").map(text).unwrap_or_default();
        let headers: Vec<Value> = r
            .get("ResponseParameters")
            .and_then(Value::as_object)
            .map(|m| {
                m.keys()
                    .map(|k| {
                        Value::String(k.trim_start_matches("method.response.header.").to_string())
                    })
                    .collect()
            })
            .unwrap_or_default();
        let models: Map<String, Value> = r
            .get("ResponseModels")
            .and_then(Value::as_object)
            .map(|m| {
                m.iter()
                    .map(|(ct, r)| (ct.clone(), named(Some(r))))
                    .collect()
            })
            .unwrap_or_default();
        responses.insert(status, json!({"headers": headers, "models": models}));
    }
    a.insert("method responses", Value::Object(responses));
    if let Some(i) = p.get("Integration") {
        integration(&mut a, i);
    }
    Some((format!("{verb} {path}"), a))
}

fn integration(a: &mut BTreeMap<&'static str, Value>, i: &Value) {
    let field = |k: &str| i.get(k).map(plain);
    let upper = |k: &str| {
        i.get(k)
            .map(|v| Value::String(text(v).to_ascii_uppercase()))
    };
    a.insert(
        "integration",
        super::openapi::integration_core(
            upper("Type"),
            field("Uri"),
            upper("IntegrationHttpMethod"),
            field("Credentials"),
            upper("PassthroughBehavior"),
            field("ContentHandling"),
            field("TimeoutInMillis"),
            field("CacheKeyParameters"),
            field("ConnectionType"),
        ),
    );
    a.insert(
        "integration request parameters",
        field("RequestParameters").unwrap_or(json!({})),
    );
    a.insert(
        "request templates",
        field("RequestTemplates").unwrap_or(json!({})),
    );
    let mut responses = Map::new();
    for r in i
        .get("IntegrationResponses")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let pattern = match r.get("SelectionPattern").map(text) {
            Some(p) if !p.is_empty() => p,
            _ => "default".to_string(),
        };
        responses.insert(
            pattern,
            super::openapi::integration_response(
                r.get("StatusCode").map(text),
                r.get("ResponseParameters").map(plain),
                r.get("ResponseTemplates").map(plain),
                r.get("ContentHandling").map(plain),
            ),
        );
    }
    a.insert("integration responses", Value::Object(responses));
}

/// Statements of an inline or attached policy document, as grants of `role`.
fn statements(v: &mut ApiView, role: &str, doc: &Value) {
    let list = match doc.get("Statement") {
        Some(Value::Array(a)) => a.clone(),
        Some(one) => vec![one.clone()],
        None => return,
    };
    for s in &list {
        let effect = s.get("Effect").map(text).unwrap_or_else(|| "Allow".into());
        let condition = s
            .get("Condition")
            .map(|c| plain(c).to_string())
            .unwrap_or_default();
        let each = |k: &str| -> Vec<String> {
            match s.get(k) {
                Some(Value::Array(a)) => a.iter().map(text).collect(),
                Some(one) => vec![text(one)],
                None => vec![],
            }
        };
        let mut actions = each("Action");
        actions.extend(each("NotAction").into_iter().map(|a| format!("NOT {a}")));
        let mut resources = each("Resource");
        resources.extend(each("NotResource").into_iter().map(|r| format!("NOT {r}")));
        for action in &actions {
            for resource in &resources {
                v.grants.insert(Grant {
                    role: role.to_string(),
                    effect: effect.clone(),
                    action: action.clone(),
                    resource: resource.clone(),
                    condition: condition.clone(),
                });
            }
        }
    }
}

fn role(v: &mut ApiView, id: &str, p: &Value) {
    for pol in p
        .get("Policies")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(doc) = pol.get("PolicyDocument") {
            statements(v, id, doc);
        }
    }
    if let Some(trust) = p.get("AssumeRolePolicyDocument") {
        v.settings.insert(format!("role.{id}.trust"), plain(trust));
    }
    if let Some(managed) = p.get("ManagedPolicyArns") {
        v.settings
            .insert(format!("role.{id}.ManagedPolicyArns"), plain(managed));
    }
}

fn policy(v: &mut ApiView, id: &str, p: &Value) {
    let Some(doc) = p.get("PolicyDocument") else {
        return;
    };
    let roles: Vec<String> = p
        .get("Roles")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|r| {
                    text(r)
                        .trim_start_matches("${")
                        .trim_end_matches('}')
                        .to_string()
                })
                .collect()
        })
        .unwrap_or_default();
    if roles.is_empty() {
        statements(v, id, doc);
    }
    for r in roles {
        statements(v, &r, doc);
    }
}
