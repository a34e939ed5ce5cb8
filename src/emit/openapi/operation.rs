//! Operations and the `paths` object: parameters, responses, security and the integration.
//! 2.0 and 3.0 differ here only in how a parameter or header says "string".

use super::common::API_KEY;
use super::integration::integration;
use super::values::Deploy;
use crate::emit::json::{Writer, put_list, put_map};
use crate::model::role_groups::RoleGroups;
use crate::model::{Authorization, HttpMethod, Method, ParamIn, RestApi};
use crate::par;
use serde_json::{Map, Value, json};
use std::collections::HashMap;

/// The name of the security scheme for SigV4-signed callers.
pub const SIGV4: &str = "sigv4";

/// Which OpenAPI version a document follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    /// Swagger 2.0: `"type": "string"` inline.
    V2,
    /// OpenAPI 3.0: `"schema": {"type": "string"}`.
    V3,
}

impl Dialect {
    /// Declares a string value on a parameter or header object.
    fn string(self, o: &mut Map<String, Value>) {
        match self {
            Dialect::V2 => o.insert("type".into(), json!("string")),
            Dialect::V3 => o.insert("schema".into(), json!({ "type": "string" })),
        };
    }
}

/// The security scheme API Gateway reads as AWS_IAM authorization.
pub fn sigv4_scheme() -> Value {
    json!({
        "type": "apiKey",
        "name": "Authorization",
        "in": "header",
        "x-amazon-apigateway-authtype": "awsSigv4",
    })
}

/// True when some method needs SigV4-signed callers.
pub fn uses_iam(api: &RestApi) -> bool {
    api.methods
        .iter()
        .any(|m| m.authorization == Authorization::AwsIam)
}

/// The key of a method in its path item (`get`, `x-amazon-apigateway-any-method`).
pub fn operation_key(verb: HttpMethod) -> String {
    match verb {
        HttpMethod::Any => "x-amazon-apigateway-any-method".into(),
        v => v.as_str().to_ascii_lowercase(),
    }
}

/// The `paths` object: one path item per resource with methods, in model order. A large
/// API's paths are built in parts on several threads and joined in order, so the document is
/// the one a single thread writes.
pub fn paths(api: &RestApi, d: Dialect, values: &dyn Deploy) -> Value {
    let (ids, roles) = (api.operation_ids(), api.role_groups());
    let groups = path_groups(api);
    let parts = par::map(&parts(api, &groups), |part| {
        path_items(api, &ids, &roles, part, d, values).collect::<Vec<_>>()
    });
    Value::Object(
        parts
            .into_iter()
            .flatten()
            .map(|(path, item)| (path.to_string(), item))
            .collect(),
    )
}

/// [`paths`] as compact text written by `w`: each part's path items are written and freed on
/// the thread that built them, so a large API's `paths` is never held whole as a tree (for
/// the Terraform body that tree was most of the memory and of the time of its build).
pub fn paths_text(api: &RestApi, d: Dialect, values: &dyn Deploy, w: &dyn Writer) -> Vec<u8> {
    let (ids, roles) = (api.operation_ids(), api.role_groups());
    let groups = path_groups(api);
    let texts = par::map(&parts(api, &groups), |part| {
        let mut out = Vec::new();
        for (n, (path, item)) in path_items(api, &ids, &roles, part, d, values).enumerate() {
            if n > 0 {
                out.push(b',');
            }
            w.key(path, &mut out);
            out.push(b':');
            w.value(&item, &mut out);
        }
        out
    });
    let mut out = Vec::with_capacity(texts.iter().map(|t| t.len() + 1).sum::<usize>() + 2);
    out.push(b'{');
    for (n, t) in texts.iter().enumerate() {
        if n > 0 {
            out.push(b',');
        }
        out.extend_from_slice(t);
    }
    out.push(b'}');
    out
}

/// A path and the indices of its methods in model order.
type PathGroup = (String, Vec<usize>);

/// Each path with its methods, the paths in the order of their first method.
fn path_groups(api: &RestApi) -> Vec<PathGroup> {
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut groups: Vec<PathGroup> = Vec::new();
    for (i, m) in api.methods.iter().enumerate() {
        let key = m.path.to_string();
        match at.get(&key) {
            Some(&g) => groups[g].1.push(i),
            None => {
                at.insert(key.clone(), groups.len());
                groups.push((key, vec![i]));
            }
        }
    }
    groups
}

/// At most this many methods' path items are built (and, as text, written and freed) at a
/// time.
const PART: usize = 256;

/// `groups` cut into parts of whole paths for the threads: one part below
/// [`par::PARALLEL_METHODS`] methods, else parts of about [`PART`] methods and at least two
/// per thread.
fn parts<'g>(api: &RestApi, groups: &'g [PathGroup]) -> Vec<&'g [PathGroup]> {
    let methods = api.methods.len();
    let size = if methods < par::PARALLEL_METHODS {
        usize::MAX
    } else {
        PART.min(methods.div_ceil(2 * par::threads()))
    };
    let mut parts = Vec::new();
    let (mut start, mut taken) = (0, 0);
    for (n, (_, group)) in groups.iter().enumerate() {
        taken += group.len();
        if taken >= size {
            parts.push(&groups[start..=n]);
            (start, taken) = (n + 1, 0);
        }
    }
    if start < groups.len() {
        parts.push(&groups[start..]);
    }
    parts
}

/// The path items of `part`; `ids` and `roles` are the API's operation ids and role groups.
fn path_items<'p>(
    api: &'p RestApi,
    ids: &'p [String],
    roles: &'p RoleGroups,
    part: &'p [PathGroup],
    d: Dialect,
    values: &'p dyn Deploy,
) -> impl Iterator<Item = (&'p str, Value)> + 'p {
    part.iter().map(move |(path, group)| {
        let mut item = Map::new();
        for &i in group {
            let m = &api.methods[i];
            item.insert(
                operation_key(m.verb),
                operation(m, roles.role_of(m), &ids[i], d, values),
            );
        }
        (path.as_str(), Value::Object(item))
    })
}

fn operation(m: &Method, role: usize, id: &str, d: Dialect, values: &dyn Deploy) -> Value {
    let mut o = Map::new();
    o.insert("operationId".into(), json!(id));
    if let Some(s) = &m.summary {
        o.insert("summary".into(), json!(s));
    }
    let mut params = parameters(m, d);
    let models = &m.settings.request_models;
    match d {
        Dialect::V2 => {
            // 2.0 has one body parameter; API Gateway reads its schema as the JSON model.
            let body = models
                .iter()
                .find(|(ct, _)| *ct == "application/json")
                .or_else(|| models.iter().next());
            if let Some((ct, name)) = body {
                params.push(json!({
                    "in": "body",
                    "name": name,
                    "required": true,
                    "schema": { "$ref": format!("#/definitions/{name}") },
                }));
                o.insert("consumes".into(), json!([ct]));
            }
        }
        Dialect::V3 if !models.is_empty() => {
            let content: Map<String, Value> = models
                .iter()
                .map(|(ct, name)| {
                    (
                        ct.clone(),
                        json!({ "schema": { "$ref": format!("#/components/schemas/{name}") } }),
                    )
                })
                .collect();
            o.insert(
                "requestBody".into(),
                json!({ "required": true, "content": content }),
            );
        }
        _ => {}
    }
    if !params.is_empty() {
        o.insert("parameters".into(), Value::Array(params));
    }
    o.insert("responses".into(), responses(m, d));
    let mut security = Map::new();
    if m.authorization == Authorization::AwsIam {
        security.insert(SIGV4.into(), json!([]));
    }
    if m.settings.api_key_required {
        security.insert(API_KEY.into(), json!([]));
    }
    if let Some(a) = m.authorization.authorizer() {
        security.insert(a.into(), json!(m.settings.scopes));
    }
    if !security.is_empty() {
        o.insert("security".into(), json!([security]));
    }
    if let Some(v) = m.settings.validation {
        o.insert(
            "x-amazon-apigateway-request-validator".into(),
            json!(v.name()),
        );
    }
    let mut i = integration(&m.integration, role, values);
    if let Some(i) = i.as_object_mut() {
        put_list(i, "cacheKeyParameters", &m.settings.cache_key_parameters);
    }
    o.insert("x-amazon-apigateway-integration".into(), i);
    Value::Object(o)
}

/// The method's parameters. A greedy path variable is named as the path template writes
/// it (`key+` for `/{key+}`): OpenAPI requires a path parameter's name to be the template
/// expression itself, and validators refuse the `key` that API Gateway's own exports write.
/// Mappings still say `method.request.path.key`, the name API Gateway gives the value.
fn parameters(m: &Method, d: Dialect) -> Vec<Value> {
    m.request_parameters
        .iter()
        .map(|(p, required)| {
            let mut o = Map::new();
            let greedy =
                p.location == ParamIn::Path && m.path.params().any(|(n, g)| g && n == p.name);
            let name = if greedy {
                format!("{}+", p.name)
            } else {
                p.name.clone()
            };
            o.insert("name".into(), json!(name));
            o.insert("in".into(), json!(p.location.openapi()));
            if *required || p.location == ParamIn::Path {
                o.insert("required".into(), json!(true));
            }
            d.string(&mut o);
            Value::Object(o)
        })
        .collect()
}

fn responses(m: &Method, d: Dialect) -> Value {
    let responses: Map<String, Value> = m
        .responses
        .iter()
        .map(|r| {
            let mut o = Map::new();
            o.insert(
                "description".into(),
                json!(format!("{} response", r.status)),
            );
            put_map(
                &mut o,
                "headers",
                r.headers.iter().map(|h| {
                    let mut ho = Map::new();
                    d.string(&mut ho);
                    (h.clone(), Value::Object(ho))
                }),
            );
            match d {
                // 2.0 has one response schema, which API Gateway reads as the JSON model.
                Dialect::V2 => {
                    let body = r
                        .models
                        .iter()
                        .find(|(ct, _)| *ct == "application/json")
                        .or_else(|| r.models.iter().next());
                    if let Some((_, name)) = body {
                        o.insert(
                            "schema".into(),
                            json!({ "$ref": format!("#/definitions/{name}") }),
                        );
                    }
                }
                Dialect::V3 => put_map(
                    &mut o,
                    "content",
                    r.models.iter().map(|(ct, name)| {
                        (
                            ct.clone(),
                            json!({ "schema": { "$ref": format!("#/components/schemas/{name}") } }),
                        )
                    }),
                ),
            }
            (r.status.clone(), Value::Object(o))
        })
        .collect();
    Value::Object(responses)
}
