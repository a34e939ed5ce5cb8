//! Terraform JSON (`main.tf.json`) for the hashicorp/aws provider (5.100 and later, and 6.x).
//!
//! Projects the model: `aws_api_gateway_*` resources, the execution role and its policy,
//! a deployment re-created on every change (`triggers` holds the content hash, with
//! `create_before_destroy`), the stage, and outputs. Names come from `model::names`.

mod access;
mod body;
mod cdn;
mod functions;
mod managed_policies;
mod messaging;
mod owned;
mod owned_kinds;
mod owned_table;
mod refs;
pub mod scan;
mod stage;
mod streams;
mod tags;
mod workflows;

use crate::emit::json::{put_list, put_map};
use crate::emit::outputs::Output;
use crate::model::api::MODEL_CONTENT_TYPE;
use crate::model::names::{Name, owned_name};
use crate::model::{ApiPath, Method, RestApi, Role, Shape};
pub use body::{Interpolations, body_main_tf};
use refs::Refs;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Terraform name of the API, deployment and stage.
pub(crate) const API: &str = "api";
/// Terraform name of the execution role and its policy.
pub(crate) const ROLE: &str = "execution";
/// The hashicorp/aws versions the output is written for: every resource and attribute it uses
/// is current (not deprecated) in 5.100 and in 6.x, so teams on either major can apply it.
const AWS_PROVIDER_VERSION: &str = ">= 5.100, < 7.0";

/// The configuration in the resources shape, as a JSON value: one block per API Gateway
/// resource, method, integration and response (the body shape is [`body_main_tf`]).
pub fn main_tf(api: &RestApi) -> Value {
    let mut refs = Refs::default();
    let resource_paths = api.resource_paths();
    let res_names = api.resource_names();
    let method_names = api.method_names();
    let mut r: BTreeMap<&str, Map<String, Value>> = BTreeMap::new();
    let rest_api_id = format!("${{aws_api_gateway_rest_api.{API}.id}}");

    let rest = rest_api(api, Shape::Resources);
    r.entry("aws_api_gateway_rest_api")
        .or_default()
        .insert(API.into(), Value::Object(rest));

    managed_policies::insert_roles(api, &mut refs, &mut r);
    managed_policies::insert(api, &mut refs, &mut r);
    owned_kinds::insert(api, &mut refs, &mut r);
    for (name, schema) in &api.models {
        r.entry("aws_api_gateway_model").or_default().insert(
            owned_name(name).snake,
            json!({
                "rest_api_id": rest_api_id,
                "name": name,
                "content_type": MODEL_CONTENT_TYPE,
                "schema": refs::escape(&schema.to_string()),
            }),
        );
    }
    for (kind, g) in api.gateway_responses() {
        let mut o = Map::new();
        o.insert("rest_api_id".into(), json!(rest_api_id));
        o.insert("response_type".into(), json!(kind));
        if let Some(s) = &g.status {
            o.insert("status_code".into(), json!(s));
        }
        put_map(
            &mut o,
            "response_parameters",
            g.headers
                .iter()
                .map(|(k, v)| (k.clone(), json!(refs::escape(v)))),
        );
        put_map(
            &mut o,
            "response_templates",
            g.templates
                .iter()
                .map(|(k, v)| (k.clone(), json!(refs.text(v)))),
        );
        r.entry("aws_api_gateway_gateway_response")
            .or_default()
            .insert(kind.to_ascii_lowercase(), Value::Object(o));
    }
    for v in api.validators() {
        r.entry("aws_api_gateway_request_validator")
            .or_default()
            .insert(
                owned_name(v.name()).snake,
                json!({
                    "rest_api_id": rest_api_id,
                    "name": v.name(),
                    "validate_request_body": v.body(),
                    "validate_request_parameters": v.parameters(),
                }),
            );
    }

    for path in &resource_paths {
        let parent = path.parent_or_root();
        let last = path.last_part();
        r.entry("aws_api_gateway_resource").or_default().insert(
            res_names[path].snake.clone(),
            json!({
                "rest_api_id": rest_api_id,
                "parent_id": resource_id(&parent, &res_names),
                "path_part": last,
            }),
        );
    }

    let mut deps = Vec::new();
    let roles = api.role_groups();
    for m in &api.methods {
        let name = &method_names[&(m.path.clone(), m.verb)];
        let role = roles.role_of(m);
        method(&mut r, &mut refs, (m, role), name, &res_names, &mut deps);
    }
    deps.extend(managed_policies::attachments(api));

    r.entry("aws_api_gateway_deployment").or_default().insert(
        API.into(),
        json!({
            "rest_api_id": rest_api_id,
            "description": format!("Content hash {}", api.deployment_hash()),
            "triggers": { "redeployment": api.deployment_hash() },
            "lifecycle": { "create_before_destroy": true },
            "depends_on": deps,
        }),
    );
    finish(api, refs, r, &method_names, Shape::Resources)
}

/// The API's name, description and endpoint, and in the resources shape its binary media
/// types (the body shape's document holds them).
fn rest_api(api: &RestApi, shape: Shape) -> Map<String, Value> {
    let mut rest = Map::new();
    rest.insert("name".into(), json!(refs::escape(&api.name)));
    if let Some(d) = &api.description {
        rest.insert("description".into(), json!(refs::escape(d)));
    }
    if shape == Shape::Resources && !api.binary_media_types.is_empty() {
        rest.insert("binary_media_types".into(), json!(api.binary_media_types));
    }
    rest.insert(
        "endpoint_configuration".into(),
        json!({ "types": [api.endpoint.as_str()] }),
    );
    rest
}

/// The stage on the deployment, its settings, authorizers, usage plan, distributions,
/// functions, outputs, providers and data sources: what every shape has.
fn finish(
    api: &RestApi,
    mut refs: Refs,
    mut r: BTreeMap<&str, Map<String, Value>>,
    method_names: &BTreeMap<(ApiPath, crate::model::HttpMethod), Name>,
    shape: Shape,
) -> Value {
    let rest_api_id = format!("${{aws_api_gateway_rest_api.{API}.id}}");
    let mut stage = Map::new();
    stage.insert("rest_api_id".into(), json!(rest_api_id));
    stage.insert(
        "deployment_id".into(),
        json!(format!("${{aws_api_gateway_deployment.{API}.id}}")),
    );
    stage.insert("stage_name".into(), json!(api.stage.name));
    put_map(
        &mut stage,
        "variables",
        api.stage
            .variables
            .iter()
            .map(|(k, v)| (k.clone(), json!(refs::escape(v)))),
    );
    stage::insert(api, &mut refs, &mut stage, &mut r);
    r.entry("aws_api_gateway_stage")
        .or_default()
        .insert(API.into(), Value::Object(stage));

    let mut outputs = Map::new();
    for o in Output::of(api) {
        let (name, value) = match o {
            Output::ApiId => ("api_id".to_string(), rest_api_id.clone()),
            Output::RootUrl => (
                "root_url".to_string(),
                format!("${{aws_api_gateway_stage.{API}.invoke_url}}/"),
            ),
            Output::ExecutionRoleArn { role, .. } => {
                let name = managed_policies::role_name(role);
                (
                    format!("{name}_role_arn"),
                    format!("${{aws_iam_role.{name}.arn}}"),
                )
            }
        };
        outputs.insert(
            name,
            json!({ "description": o.description(), "value": value }),
        );
    }

    access::insert(api, &mut refs, &mut r, &mut outputs, shape);
    cdn::insert(api, &mut r, &mut outputs);

    let mut archives = Map::new();
    functions::insert(api, method_names, &mut refs, &mut r, &mut archives);
    tags::apply(api, &mut r);

    let mut providers = Map::new();
    providers.insert(
        "aws".into(),
        json!({ "source": "hashicorp/aws", "version": AWS_PROVIDER_VERSION }),
    );
    if !archives.is_empty() {
        providers.insert(
            "archive".into(),
            json!({ "source": "hashicorp/archive", "version": ">= 2.4" }),
        );
    }
    let mut doc = Map::new();
    doc.insert(
        "terraform".into(),
        json!({ "required_providers": providers }),
    );
    let mut data = refs.data_sources();
    if let Value::Object(d) = &mut data {
        d.extend(archives);
    }
    if data.as_object().is_some_and(|o| !o.is_empty()) {
        doc.insert("data".into(), data);
    }
    scan::insert(api, method_names, &mut r);
    let resources: Map<String, Value> = r
        .into_iter()
        .map(|(k, v)| (k.to_string(), Value::Object(v)))
        .collect();
    doc.insert("resource".into(), Value::Object(resources));
    doc.insert("output".into(), Value::Object(outputs));
    Value::Object(doc)
}

/// An IAM role named `name` with its trust policy, and its inline policy.
pub(crate) fn insert_role(
    r: &mut BTreeMap<&str, Map<String, Value>>,
    refs: &mut Refs,
    name: &str,
    role: &Role,
) {
    let trust = refs.policy(&role.trust());
    r.entry("aws_iam_role").or_default().insert(
        name.into(),
        json!({ "description": refs::escape(&role.description), "assume_role_policy": trust }),
    );
    let policy = refs.policy(&role.policy);
    r.entry("aws_iam_role_policy").or_default().insert(
        name.into(),
        json!({
            "name": role.policy_name,
            "role": format!("${{aws_iam_role.{name}.id}}"),
            "policy": policy,
        }),
    );
}

fn resource_id(path: &ApiPath, res_names: &BTreeMap<ApiPath, Name>) -> String {
    if path.is_root() {
        format!("${{aws_api_gateway_rest_api.{API}.root_resource_id}}")
    } else {
        format!("${{aws_api_gateway_resource.{}.id}}", res_names[path].snake)
    }
}

fn method(
    r: &mut BTreeMap<&str, Map<String, Value>>,
    refs: &mut Refs,
    (m, role): (&Method, usize),
    name: &Name,
    res_names: &BTreeMap<ApiPath, Name>,
    deps: &mut Vec<String>,
) {
    let n = &name.snake;
    let rest_api_id = format!("${{aws_api_gateway_rest_api.{API}.id}}");
    let resource = resource_id(&m.path, res_names);
    let http_method = format!("${{aws_api_gateway_method.{n}.http_method}}");

    let mut mo = Map::new();
    mo.insert("rest_api_id".into(), json!(rest_api_id));
    mo.insert("resource_id".into(), json!(resource));
    mo.insert("http_method".into(), json!(m.verb.as_str()));
    mo.insert("authorization".into(), json!(m.authorization.as_str()));
    mo.insert("operation_name".into(), json!(m.operation_id));
    if m.settings.api_key_required {
        mo.insert("api_key_required".into(), json!(true));
    }
    if let Some(a) = m.authorization.authorizer() {
        mo.insert(
            "authorizer_id".into(),
            json!(format!(
                "${{aws_api_gateway_authorizer.{}.id}}",
                access::authorizer_name(a)
            )),
        );
    }
    if !m.settings.scopes.is_empty() {
        mo.insert("authorization_scopes".into(), json!(m.settings.scopes));
    }
    if let Some(v) = m.settings.validation {
        mo.insert(
            "request_validator_id".into(),
            json!(format!(
                "${{aws_api_gateway_request_validator.{}.id}}",
                owned_name(v.name()).snake
            )),
        );
    }
    put_map(
        &mut mo,
        "request_models",
        m.settings.request_models.iter().map(|(ct, name)| {
            (
                ct.clone(),
                json!(format!(
                    "${{aws_api_gateway_model.{}.name}}",
                    owned_name(name).snake
                )),
            )
        }),
    );
    put_map(
        &mut mo,
        "request_parameters",
        m.request_parameters
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v))),
    );
    r.entry("aws_api_gateway_method")
        .or_default()
        .insert(n.clone(), Value::Object(mo));
    deps.push(format!("aws_api_gateway_method.{n}"));

    let i = &m.integration;
    let mut io = Map::new();
    io.insert("rest_api_id".into(), json!(rest_api_id));
    io.insert("resource_id".into(), json!(resource));
    io.insert("http_method".into(), json!(http_method));
    io.insert("type".into(), json!(i.type_name()));
    if !i.is_mock() {
        io.insert(
            "integration_http_method".into(),
            json!(i.http_method.as_str()),
        );
        io.insert("uri".into(), json!(refs.text(&i.uri())));
    }
    if i.uses_role() {
        io.insert(
            "credentials".into(),
            json!(format!(
                "${{aws_iam_role.{}.arn}}",
                managed_policies::role_name(role)
            )),
        );
    }
    put_map(
        &mut io,
        "request_parameters",
        i.request_parameters
            .iter()
            .map(|(k, v)| (k.to_string(), json!(refs.text(&v.expr())))),
    );
    put_map(
        &mut io,
        "request_templates",
        i.request_templates
            .iter()
            .map(|(k, v)| (k.clone(), json!(refs.text(v)))),
    );
    io.insert("passthrough_behavior".into(), json!(i.passthrough.as_str()));
    if let Some(c) = i.content_handling {
        io.insert("content_handling".into(), json!(c.as_str()));
    }
    if let Some(t) = i.timeout_ms {
        io.insert("timeout_milliseconds".into(), json!(t));
    }
    put_list(
        &mut io,
        "cache_key_parameters",
        &m.settings.cache_key_parameters,
    );
    r.entry("aws_api_gateway_integration")
        .or_default()
        .insert(n.clone(), Value::Object(io));
    deps.push(format!("aws_api_gateway_integration.{n}"));

    for resp in &m.responses {
        let mut o = Map::new();
        o.insert("rest_api_id".into(), json!(rest_api_id));
        o.insert("resource_id".into(), json!(resource));
        o.insert("http_method".into(), json!(http_method));
        o.insert("status_code".into(), json!(resp.status));
        put_map(
            &mut o,
            "response_parameters",
            resp.parameters().into_iter().map(|(k, v)| (k, json!(v))),
        );
        put_map(
            &mut o,
            "response_models",
            resp.models.iter().map(|(ct, name)| {
                (
                    ct.clone(),
                    json!(format!(
                        "${{aws_api_gateway_model.{}.name}}",
                        owned_name(name).snake
                    )),
                )
            }),
        );
        r.entry("aws_api_gateway_method_response")
            .or_default()
            .insert(format!("{n}_{}", resp.status), Value::Object(o));
    }

    for (idx, ir) in i.responses.iter().enumerate() {
        let same_status = i.responses.iter().filter(|x| x.status == ir.status).count();
        let key = if same_status > 1 {
            format!("{n}_{}_{}", ir.status, idx + 1)
        } else {
            format!("{n}_{}", ir.status)
        };
        let mut o = Map::new();
        o.insert("rest_api_id".into(), json!(rest_api_id));
        o.insert("resource_id".into(), json!(resource));
        o.insert("http_method".into(), json!(http_method));
        o.insert(
            "status_code".into(),
            json!(format!(
                "${{aws_api_gateway_method_response.{n}_{}.status_code}}",
                ir.status
            )),
        );
        if let Some(p) = &ir.selection_pattern {
            o.insert("selection_pattern".into(), json!(refs::escape(p)));
        }
        put_map(
            &mut o,
            "response_parameters",
            ir.parameters()
                .into_iter()
                .map(|(k, v)| (k, json!(refs::escape(&v)))),
        );
        put_map(
            &mut o,
            "response_templates",
            ir.templates
                .iter()
                .map(|(k, v)| (k.clone(), json!(refs.text(v)))),
        );
        if let Some(c) = ir.content_handling {
            o.insert("content_handling".into(), json!(c.as_str()));
        }
        o.insert(
            "depends_on".into(),
            json!([format!("aws_api_gateway_integration.{n}")]),
        );
        r.entry("aws_api_gateway_integration_response")
            .or_default()
            .insert(key.clone(), Value::Object(o));
        deps.push(format!("aws_api_gateway_integration_response.{key}"));
    }
}
