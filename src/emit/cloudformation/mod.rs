//! CloudFormation: one template per API (`cloudformation.json`, `cloudformation.yaml`).
//!
//! Projects the model: RestApi, Resource per path, Method per route with its integration
//! inline, the execution role with the derived policy, a Deployment whose logical id carries
//! the content hash (so any change re-creates it), the Stage, and outputs.

mod access;
mod body;
mod cdn;
mod functions;
mod managed_policies;
mod messaging;
mod owned;
mod owned_kinds;
mod owned_table;
pub mod refs;
pub mod scan;
mod stage;
mod streams;
mod tags;
mod workflows;
mod yaml;

pub use body::{BODY_BUCKET, Intrinsics, beside_template, body_key, body_template};
pub use yaml::{to_yaml, to_yaml_to};

use crate::emit::json::{put_list, put_map};
use crate::emit::outputs::Output;
use crate::emit::policy;
pub use crate::emit::sub::{EXECUTION_ROLE, REST_API, STAGE};
use crate::model::api::MODEL_CONTENT_TYPE;
use crate::model::names::Name;
use crate::model::{ApiPath, Method, RestApi, Role, Shape, Validation};
use crate::par;
use refs::{get_att, reference, text};
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// The template in the resources shape, keys in CloudFormation's customary order: one
/// resource per API Gateway resource, method, model, validator and gateway response (the
/// body shape is [`body_template`]).
pub fn template(api: &RestApi) -> Value {
    let resource_paths = api.resource_paths();
    let res_names = api.resource_names();
    let method_names = api.method_names();
    let mut resources = Map::new();

    resources.insert(REST_API.into(), rest_api(api));
    managed_policies::insert_roles(api, &mut resources);
    managed_policies::insert(api, &mut resources);
    owned_kinds::insert(api, &mut resources);
    functions::insert(api, &method_names, &mut resources);
    for (name, schema) in &api.models {
        resources.insert(
            model_id(name),
            json!({
                "Type": "AWS::ApiGateway::Model",
                "Properties": {
                    "RestApiId": reference(REST_API),
                    "Name": name,
                    "ContentType": MODEL_CONTENT_TYPE,
                    "Schema": schema,
                }
            }),
        );
    }
    for (kind, g) in api.gateway_responses() {
        let mut p = Map::new();
        p.insert("RestApiId".into(), reference(REST_API));
        p.insert("ResponseType".into(), json!(kind));
        if let Some(s) = &g.status {
            p.insert("StatusCode".into(), json!(s));
        }
        put_map(
            &mut p,
            "ResponseParameters",
            g.headers.iter().map(|(k, v)| (k.clone(), json!(v))),
        );
        put_map(
            &mut p,
            "ResponseTemplates",
            g.templates.iter().map(|(k, v)| (k.clone(), text(v))),
        );
        resources.insert(
            format!("GatewayResponse{}", kind.replace('_', "")),
            typed("AWS::ApiGateway::GatewayResponse", p),
        );
    }
    for v in api.validators() {
        resources.insert(
            validator_id(v),
            json!({
                "Type": "AWS::ApiGateway::RequestValidator",
                "Properties": {
                    "RestApiId": reference(REST_API),
                    "Name": v.name(),
                    "ValidateRequestBody": v.body(),
                    "ValidateRequestParameters": v.parameters(),
                }
            }),
        );
    }
    for path in &resource_paths {
        let parent = path.parent_or_root();
        let last = path.last_part();
        resources.insert(
            resource_id(&res_names[path]),
            json!({
                "Type": "AWS::ApiGateway::Resource",
                "Properties": {
                    "ParentId": resource_ref(&parent, &res_names),
                    "PathPart": last,
                    "RestApiId": reference(REST_API),
                }
            }),
        );
    }
    let mut method_ids = Vec::new();
    let roles = api.role_groups();
    // A large API's methods are built in parts on every core, inserted in the methods' order.
    let built = par::parts(&api.methods, par::PARALLEL_METHODS, |part| {
        part.iter()
            .map(|m| {
                let id = method_id(&method_names[&(m.path.clone(), m.verb)]);
                (id, method(m, roles.role_of(m), &res_names))
            })
            .collect::<Vec<_>>()
    });
    for (id, m) in built.into_iter().flatten() {
        resources.insert(id.clone(), m);
        method_ids.push(id);
    }
    method_ids.extend(managed_policies::ids(api));
    let deployment = deployment_id(api);
    resources.insert(
        deployment.clone(),
        json!({
            "Type": "AWS::ApiGateway::Deployment",
            "DependsOn": method_ids,
            "Properties": {
                "Description": format!("Content hash {}: a new deployment whenever the API changes", api.deployment_hash()),
                "RestApiId": reference(REST_API),
            }
        }),
    );
    finish(api, &deployment, resources, Shape::Resources)
}

/// The stage on `deployment`, its settings, authorizers, usage plan, distributions and the
/// outputs: what every shape has. In the body shape the authorizers are in the document.
fn finish(
    api: &RestApi,
    deployment: &str,
    mut resources: Map<String, Value>,
    shape: Shape,
) -> Value {
    let mut stage = Map::new();
    stage.insert("RestApiId".into(), reference(REST_API));
    stage.insert("DeploymentId".into(), reference(deployment));
    stage.insert("StageName".into(), json!(api.stage.name));
    if !api.stage.variables.is_empty() {
        stage.insert("Variables".into(), json!(api.stage.variables));
    }
    let stage_depends = stage::insert(api, &mut stage, &mut resources);
    let mut stage_resource = typed("AWS::ApiGateway::Stage", stage);
    if !stage_depends.is_empty() {
        stage_resource["DependsOn"] = json!(stage_depends);
    }
    resources.insert(STAGE.into(), stage_resource);

    let mut outputs = Map::new();
    for o in Output::of(api) {
        let (name, value) = match o {
            Output::ApiId => ("ApiId".to_string(), reference(REST_API)),
            Output::RootUrl => (
                "RootUrl".to_string(),
                json!({ "Fn::Sub": format!("https://${{{REST_API}}}.execute-api.${{AWS::Region}}.${{AWS::URLSuffix}}/${{{STAGE}}}/") }),
            ),
            Output::ExecutionRoleArn { role, .. } => {
                let id = crate::emit::sub::execution_role(role);
                (format!("{id}Arn"), get_att(&id, "Arn"))
            }
        };
        outputs.insert(
            name,
            json!({ "Description": o.description(), "Value": value }),
        );
    }

    access::insert(api, &mut resources, &mut outputs, shape);
    cdn::insert(api, &mut resources, &mut outputs);
    tags::apply(api, &mut resources);
    let method_names = api.method_names();
    scan::insert(api, &method_names, &mut resources);

    // Built by moving the maps in: `json!` would copy every resource of the template.
    let mut template = Map::new();
    template.insert("AWSTemplateFormatVersion".into(), json!("2010-09-09"));
    template.insert("Description".into(), json!(api.template_description()));
    template.insert("Resources".into(), Value::Object(resources));
    template.insert("Outputs".into(), Value::Object(outputs));
    Value::Object(template)
}

/// A resource of type `ty` with `properties`, moved in (`json!` would copy them, and a
/// method's or a body-shape RestApi's properties are large).
fn typed(ty: &str, properties: Map<String, Value>) -> Value {
    let mut r = Map::new();
    r.insert("Type".into(), Value::String(ty.into()));
    r.insert("Properties".into(), Value::Object(properties));
    Value::Object(r)
}

/// Logical id of the resource for a path.
pub fn resource_id(n: &Name) -> String {
    format!("Resource{}", n.pascal)
}

/// Logical id of a method.
pub fn method_id(n: &Name) -> String {
    format!("Method{}", n.pascal)
}

/// Logical id of a request model.
pub fn model_id(name: &str) -> String {
    format!("Model{name}")
}

/// Logical id of a request validator.
pub fn validator_id(v: Validation) -> String {
    format!("Request{}", v.name())
}

/// Logical id of the deployment: changes with the API's content.
pub fn deployment_id(api: &RestApi) -> String {
    format!("Deployment{}", &api.deployment_hash()[..12])
}

fn resource_ref(path: &ApiPath, res_names: &BTreeMap<ApiPath, Name>) -> Value {
    if path.is_root() {
        get_att(REST_API, "RootResourceId")
    } else {
        reference(&resource_id(&res_names[path]))
    }
}

/// The RestApi's properties both template shapes give it: name, description and endpoint.
pub(super) fn rest_api_properties(api: &RestApi) -> Map<String, Value> {
    let mut p = Map::new();
    p.insert("Name".into(), json!(api.name));
    if let Some(d) = &api.description {
        p.insert("Description".into(), json!(d));
    }
    p.insert(
        "EndpointConfiguration".into(),
        json!({ "Types": [api.endpoint.as_str()] }),
    );
    p
}

fn rest_api(api: &RestApi) -> Value {
    let mut p = rest_api_properties(api);
    if !api.binary_media_types.is_empty() {
        p.insert("BinaryMediaTypes".into(), json!(api.binary_media_types));
    }
    if let Some(policy) = &api.resource_policy {
        p.insert(
            "Policy".into(),
            policy::document(&policy.document(), &mut text),
        );
    }
    typed("AWS::ApiGateway::RestApi", p)
}

/// An IAM role with its trust policy and inline policy.
pub(crate) fn role(r: &Role) -> Value {
    json!({
        "Type": "AWS::IAM::Role",
        "Properties": {
            "Description": r.description,
            "AssumeRolePolicyDocument": policy::document(&r.trust(), &mut text),
            "Policies": [{
                "PolicyName": r.policy_name,
                "PolicyDocument": policy::document(&r.policy, &mut text),
            }],
        }
    })
}

fn method(m: &Method, role: usize, res_names: &BTreeMap<ApiPath, Name>) -> Value {
    let mut p = Map::new();
    p.insert("RestApiId".into(), reference(REST_API));
    p.insert("ResourceId".into(), resource_ref(&m.path, res_names));
    p.insert("HttpMethod".into(), json!(m.verb.as_str()));
    p.insert("AuthorizationType".into(), json!(m.authorization.as_str()));
    p.insert("OperationName".into(), json!(m.operation_id));
    if m.settings.api_key_required {
        p.insert("ApiKeyRequired".into(), json!(true));
    }
    if let Some(v) = m.settings.validation {
        p.insert("RequestValidatorId".into(), reference(&validator_id(v)));
    }
    if let Some(a) = m.authorization.authorizer() {
        p.insert(
            "AuthorizerId".into(),
            reference(&crate::emit::sub::authorizer_id(a)),
        );
    }
    if !m.settings.scopes.is_empty() {
        p.insert("AuthorizationScopes".into(), json!(m.settings.scopes));
    }
    put_map(
        &mut p,
        "RequestModels",
        m.settings
            .request_models
            .iter()
            .map(|(ct, name)| (ct.clone(), reference(&model_id(name)))),
    );
    put_map(
        &mut p,
        "RequestParameters",
        m.request_parameters
            .iter()
            .map(|(k, v)| (k.to_string(), json!(v))),
    );
    let responses: Vec<Value> = m
        .responses
        .iter()
        .map(|r| {
            let mut o = Map::new();
            o.insert("StatusCode".into(), json!(r.status));
            put_map(
                &mut o,
                "ResponseParameters",
                r.parameters().into_iter().map(|(k, v)| (k, json!(v))),
            );
            put_map(
                &mut o,
                "ResponseModels",
                r.models
                    .iter()
                    .map(|(ct, name)| (ct.clone(), reference(&model_id(name)))),
            );
            Value::Object(o)
        })
        .collect();
    p.insert("MethodResponses".into(), json!(responses));
    p.insert("Integration".into(), integration(m, role));
    typed("AWS::ApiGateway::Method", p)
}

/// The integration of `m`, which assumes execution role `role`.
fn integration(m: &Method, role: usize) -> Value {
    let i = &m.integration;
    let mut o = Map::new();
    o.insert("Type".into(), json!(i.type_name()));
    if !i.is_mock() {
        o.insert(
            "IntegrationHttpMethod".into(),
            json!(i.http_method.as_str()),
        );
        o.insert("Uri".into(), text(&i.uri()));
    }
    if i.uses_role() {
        o.insert(
            "Credentials".into(),
            get_att(&crate::emit::sub::execution_role(role), "Arn"),
        );
    }
    put_map(
        &mut o,
        "RequestParameters",
        i.request_parameters
            .iter()
            .map(|(k, v)| (k.to_string(), text(&v.expr()))),
    );
    put_map(
        &mut o,
        "RequestTemplates",
        i.request_templates
            .iter()
            .map(|(k, v)| (k.clone(), text(v))),
    );
    o.insert("PassthroughBehavior".into(), json!(i.passthrough.as_str()));
    if let Some(c) = i.content_handling {
        o.insert("ContentHandling".into(), json!(c.as_str()));
    }
    if let Some(t) = i.timeout_ms {
        o.insert("TimeoutInMillis".into(), json!(t));
    }
    put_list(
        &mut o,
        "CacheKeyParameters",
        &m.settings.cache_key_parameters,
    );
    let responses: Vec<Value> = i
        .responses
        .iter()
        .map(|r| {
            let mut ro = Map::new();
            if let Some(sp) = &r.selection_pattern {
                ro.insert("SelectionPattern".into(), json!(sp));
            }
            ro.insert("StatusCode".into(), json!(r.status));
            put_map(
                &mut ro,
                "ResponseParameters",
                r.parameters().into_iter().map(|(k, v)| (k, json!(v))),
            );
            put_map(
                &mut ro,
                "ResponseTemplates",
                r.templates.iter().map(|(k, v)| (k.clone(), text(v))),
            );
            if let Some(c) = r.content_handling {
                ro.insert("ContentHandling".into(), json!(c.as_str()));
            }
            Value::Object(ro)
        })
        .collect();
    if !responses.is_empty() {
        o.insert("IntegrationResponses".into(), json!(responses));
    }
    Value::Object(o)
}
