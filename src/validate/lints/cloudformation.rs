//! CloudFormation adapter: `AWS::ApiGateway::{RestApi, Resource, Method}` read into the common
//! view (an inline OpenAPI `Body` through the OpenAPI adapter), IAM policies of roles and
//! policy resources, and the template-only checks (logical ids, deployments).
//!
//! Intrinsics become [`Text`] with references: `Fn::Sub` and `Fn::Join` keep their literal
//! parts, `Ref` and `Fn::GetAtt` say what they yield when the template tells (a role's ARN or
//! its name), and every other function is an unknown piece.

use super::iam::{PolicyView, policy_from_json, policy_from_string};
use super::text::{Reference, Segment, Text, Yields, placeholders, split_sub};
use super::view::{
    ApiSet, ApiView, Field, Flavor, IntegrationResponseView, IntegrationView, MethodResponseView,
    MethodView, Ptr, ResourceView, declared_headers, declared_keys, has_templates, join_path,
    mappings, millis, status_string,
};
use super::{Member, Sink, deployment, iam, lint_api, names, openapi, openapi_refs, ptr, ptr_i};
use serde_json::{Map, Value};
use std::collections::HashMap;

const REST_API: &str = "AWS::ApiGateway::RestApi";
const RESOURCE: &str = "AWS::ApiGateway::Resource";
const METHOD: &str = "AWS::ApiGateway::Method";
const ROLE: &str = "AWS::IAM::Role";
/// Resource types whose `PolicyDocument` property is an identity policy.
const POLICY_TYPES: &[&str] = &[
    "AWS::IAM::Policy",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::RolePolicy",
    "AWS::IAM::UserPolicy",
    "AWS::IAM::GroupPolicy",
];

pub(super) fn lint(doc: &Value, sink: &mut Sink) {
    names::check_cloudformation(doc, sink);
    let Some(resources) = doc.member("Resources").and_then(Value::as_object) else {
        return;
    };
    let cfn = Cfn { resources };
    for api in cfn.apis(sink) {
        lint_api(&api, sink);
    }
    deployment::check_cloudformation(resources, sink);
    for policy in cfn.policies(sink) {
        iam::check(&policy, sink);
    }
}

/// The logical id a `{"Ref": id}` names.
pub(crate) fn ref_name(v: Option<&Value>) -> Option<&str> {
    v?.member("Ref")?.as_str()
}

/// `(id, attribute)` of `Fn::GetAtt`'s argument, `[id, attr]` or `"id.attr"`.
fn getatt_parts(arg: &Value) -> Option<(String, String)> {
    match arg {
        Value::Array(a) => match a.as_slice() {
            [Value::String(id), Value::String(attr)] => Some((id.clone(), attr.clone())),
            _ => None,
        },
        Value::String(s) => s
            .split_once('.')
            .map(|(a, b)| (a.to_string(), b.to_string())),
        _ => None,
    }
}

struct Cfn<'a> {
    resources: &'a Map<String, Value>,
}

impl<'a> Cfn<'a> {
    fn type_of(&self, id: &str) -> Option<&'a str> {
        self.resources.member(id)?.member("Type")?.as_str()
    }

    fn props(r: &Value) -> &Value {
        r.member("Properties").unwrap_or(&Value::Null)
    }

    /// What `Ref name` yields.
    fn ref_to(&self, name: &str) -> Reference {
        let shown = format!("${{{name}}}");
        match self.type_of(name) {
            Some(ROLE) => Reference {
                shown,
                yields: Yields::not_role_arn(
                    "the role's name",
                    format!(
                        "`Fn::GetAtt [{name}, Arn]` (YAML `!GetAtt {name}.Arn`, `${{{name}.Arn}}` in Fn::Sub)"
                    ),
                ),
            },
            _ => Reference::unknown(shown),
        }
    }

    /// What `Fn::GetAtt [id, attr]` yields.
    fn getatt(&self, id: &str, attr: &str) -> Reference {
        let shown = format!("${{{id}.{attr}}}");
        let yields = match self.type_of(id) {
            None => Yields::Unknown,
            Some(ROLE) if attr == "Arn" => Yields::RoleArn,
            Some(ROLE) => Yields::not_role_arn(
                format!("the role's {attr}"),
                format!("`Fn::GetAtt [{id}, Arn]`"),
            ),
            Some(t)
                if t == "AWS::CloudFormation::Stack"
                    || t == "AWS::CloudFormation::CustomResource"
                    || t.starts_with("Custom::")
                    || t.starts_with("AWS::Serverless::") =>
            {
                Yields::Unknown
            }
            Some(t) => Yields::not_role_arn(
                format!("the {attr} of `{id}`, a {t}"),
                "`Fn::GetAtt [RoleId, Arn]` of an AWS::IAM::Role",
            ),
        };
        Reference { shown, yields }
    }

    /// A value as text with references; `None` for values that are not strings at all.
    fn text(&self, v: &Value) -> Option<Text> {
        match v {
            Value::String(s) => Some(Text::lit(s.clone())),
            Value::Number(n) => Some(Text::lit(n.to_string())),
            Value::Object(o) if o.len() == 1 => {
                let (k, arg) = o.iter().next()?;
                match k.as_str() {
                    "Ref" => Some(Text::reference(self.ref_to(arg.as_str()?))),
                    "Fn::GetAtt" => {
                        let (id, attr) = getatt_parts(arg)?;
                        Some(Text::reference(self.getatt(&id, &attr)))
                    }
                    "Fn::Sub" => Some(self.sub(arg)),
                    "Fn::Join" => Some(self.join(arg)),
                    k if k.starts_with("Fn::") => {
                        Some(Text::reference(Reference::unknown(format!("${{{k}}}"))))
                    }
                    _ => None,
                }
            }
            _ => None,
        }
    }

    fn sub(&self, arg: &Value) -> Text {
        let (template, vars) = match arg {
            Value::String(s) => (s.as_str(), None),
            Value::Array(a) => match a.as_slice() {
                [Value::String(s), Value::Object(m)] => (s.as_str(), Some(m)),
                _ => return Text::reference(Reference::unknown("${Fn::Sub}")),
            },
            _ => return Text::reference(Reference::unknown("${Fn::Sub}")),
        };
        let mut t = Text::default();
        for seg in split_sub(template) {
            match seg {
                Segment::Lit(l) => t.push_lit(l),
                Segment::Expr(e) => {
                    if let Some(v) = vars.and_then(|m| m.member(&e)) {
                        match self.text(v) {
                            Some(x) => t.append(x),
                            None => t.push_ref(Reference::unknown(format!("${{{e}}}"))),
                        }
                    } else if let Some((id, attr)) = e.split_once('.') {
                        t.push_ref(self.getatt(id, attr));
                    } else {
                        t.push_ref(self.ref_to(&e));
                    }
                }
            }
        }
        t
    }

    fn join(&self, arg: &Value) -> Text {
        let unknown = || Text::reference(Reference::unknown("${Fn::Join}"));
        let Value::Array(a) = arg else {
            return unknown();
        };
        let [delim, Value::Array(items)] = a.as_slice() else {
            return unknown();
        };
        let delim = delim.as_str().unwrap_or("");
        let mut t = Text::default();
        for (n, item) in items.iter().enumerate() {
            if n > 0 {
                t.push_lit(delim);
            }
            match self.text(item) {
                Some(x) => t.append(x),
                None => t.push_ref(Reference::unknown("${...}")),
            }
        }
        t
    }

    /// The path a `ResourceId`/`ParentId` value stands for.
    fn path_of(&self, v: &Value, depth: usize) -> Option<String> {
        if depth > 64 {
            return None;
        }
        if let Some((id, attr)) = v.member("Fn::GetAtt").and_then(getatt_parts) {
            return (attr == "RootResourceId" && self.type_of(&id) == Some(REST_API))
                .then(|| "/".to_string());
        }
        let id = ref_name(Some(v))?;
        if self.type_of(id) != Some(RESOURCE) {
            return None;
        }
        let props = Self::props(self.resources.member(id)?);
        let parent = self.path_of(props.member("ParentId")?, depth + 1)?;
        let part = props.member("PathPart")?.as_str()?;
        Some(join_path(&parent, part))
    }

    /// Which API a `RestApiId` value names: the logical id, or the value itself.
    fn api_key(v: Option<&Value>) -> String {
        match ref_name(v) {
            Some(id) => id.to_string(),
            None => v.map(Value::to_string).unwrap_or_default(),
        }
    }

    fn apis(&self, sink: &mut Sink) -> Vec<ApiView> {
        let mut apis = ApiSet::default();
        for (id, r) in self.resources {
            if r.member("Type").and_then(Value::as_str) != Some(REST_API) {
                continue;
            }
            let p = ptr("/Resources", id);
            let props = Self::props(r);
            let own = match props.member("BinaryMediaTypes") {
                None => Some(false),
                Some(Value::Array(a)) => Some(!a.is_empty()),
                Some(_) => None,
            };
            let mut binary = own;
            if let Some(body) = props.member("Body").filter(|b| b.member("paths").is_some()) {
                let base = ptr(&ptr(&p, "Properties"), "Body");
                let text = |v: &Value| match v {
                    Value::String(s) => Some(placeholders(s)),
                    other => self.text(other),
                };
                let view = openapi::view(body, &base, &text, own);
                binary = view.binary_media_types;
                lint_api(&view, sink);
                names::check_operation_ids(body, &base, sink);
                openapi_refs::check(body, &base, sink);
            } else if props.member("Body").is_some() || props.member("BodyS3Location").is_some() {
                binary = binary.filter(|b| *b);
            }
            let name = props
                .member("Name")
                .and_then(Value::as_str)
                .unwrap_or(id)
                .to_string();
            apis.entry(id, || ApiView {
                flavor: Flavor::CloudFormation,
                name,
                pointer: p,
                binary_media_types: binary,
                resources: Vec::new(),
                methods: Vec::new(),
            });
        }
        let unknown_api = |id: &str| ApiView {
            flavor: Flavor::CloudFormation,
            name: format!("the API of {id}"),
            pointer: ptr("/Resources", id),
            binary_media_types: None,
            resources: Vec::new(),
            methods: Vec::new(),
        };
        // How many methods each API has, so that its view holds them without growing (a
        // large API's view is a fifth of the peak memory of its template's check).
        let mut methods_of: HashMap<String, usize> = HashMap::new();
        for r in self.resources.values() {
            if r.member("Type").and_then(Value::as_str) == Some(METHOD) {
                *methods_of
                    .entry(Self::api_key(Self::props(r).member("RestApiId")))
                    .or_default() += 1;
            }
        }
        for (id, r) in self.resources {
            let props = Self::props(r);
            match r.member("Type").and_then(Value::as_str) {
                Some(RESOURCE) => {
                    let Some(path) = self.path_of(&serde_json::json!({ "Ref": id }), 0) else {
                        continue;
                    };
                    let api = apis.entry(&Self::api_key(props.member("RestApiId")), || {
                        unknown_api(id)
                    });
                    api.resources.push(ResourceView {
                        path,
                        pointer: ptr("/Resources", id).into(),
                        part: props
                            .member("PathPart")
                            .and_then(Value::as_str)
                            .map(str::to_string),
                    });
                }
                Some(METHOD) => {
                    let m = self.method(id, props);
                    let key = Self::api_key(props.member("RestApiId"));
                    let api = apis.entry(&key, || unknown_api(id));
                    if api.methods.capacity() == 0 {
                        api.methods
                            .reserve_exact(methods_of.get(&key).copied().unwrap_or(1));
                    }
                    api.methods.push(m);
                }
                _ => {}
            }
        }
        apis.into_vec()
    }

    fn method(&self, id: &str, props: &Value) -> MethodView {
        let at = Ptr::new(ptr("/Resources", id));
        let pp = at.join("Properties");
        let method_responses = match props.member("MethodResponses") {
            None => Some(Vec::new()),
            Some(Value::Array(list)) => list
                .iter()
                .map(|mr| {
                    Some(MethodResponseView {
                        status: status_string(mr.member("StatusCode")?)?,
                        headers: declared_headers(mr.member("ResponseParameters")),
                    })
                })
                .collect(),
            Some(_) => None,
        };
        MethodView {
            pointer: at,
            name: id.to_string(),
            http_method: props
                .member("HttpMethod")
                .and_then(Value::as_str)
                .map(str::to_ascii_uppercase),
            path: props.member("ResourceId").and_then(|v| self.path_of(v, 0)),
            declared_params: declared_keys(props.member("RequestParameters")),
            params_pointer: if props.member("RequestParameters").is_some() {
                pp.under("RequestParameters")
            } else {
                pp.clone()
            },
            method_responses,
            integration: props
                .member("Integration")
                .filter(|i| i.is_object())
                .map(|i| self.integration(i, &pp.join("Integration"))),
        }
    }

    fn integration(&self, i: &Value, p: &Ptr) -> IntegrationView {
        let get_str = |k: &str| i.member(k).and_then(Value::as_str);
        let credentials = i.member("Credentials");
        let responses = match i.member("IntegrationResponses") {
            Some(Value::Array(list)) => list
                .iter()
                .enumerate()
                .filter(|(_, r)| r.is_object())
                .map(|(n, r)| {
                    let rp = Ptr::new(ptr_i(&p.under("IntegrationResponses").spelled(), n));
                    IntegrationResponseView {
                        status: r
                            .member("StatusCode")
                            .and_then(status_string)
                            .map(|s| Field::new(s, rp.under("StatusCode"))),
                        selection_pattern: r
                            .member("SelectionPattern")
                            .and_then(Value::as_str)
                            .map(|s| Field::new(s.to_string(), rp.under("SelectionPattern"))),
                        response_parameters: mappings(r.member("ResponseParameters"), || {
                            rp.join("ResponseParameters")
                        }),
                        content_handling: r
                            .member("ContentHandling")
                            .and_then(Value::as_str)
                            .map(|c| Field::new(c.to_string(), rp.under("ContentHandling"))),
                        pointer: rp,
                    }
                })
                .collect(),
            _ => Vec::new(),
        };
        IntegrationView {
            pointer: p.clone(),
            kind: get_str("Type").map(str::to_ascii_uppercase),
            uri: i
                .member("Uri")
                .and_then(|u| self.text(u))
                .map(|t| Field::new(t, p.under("Uri"))),
            credentials: credentials
                .and_then(|c| self.text(c))
                .map(|t| Field::new(t, p.under("Credentials"))),
            credentials_opaque: credentials.is_some_and(|c| self.text(c).is_none()),
            http_method: get_str("IntegrationHttpMethod").map(str::to_ascii_uppercase),
            request_parameters: mappings(i.member("RequestParameters"), || {
                p.join("RequestParameters")
            }),
            has_request_templates: has_templates(i.member("RequestTemplates")),
            timeout: i
                .member("TimeoutInMillis")
                .and_then(millis)
                .map(|t| Field::new(t, p.under("TimeoutInMillis"))),
            content_handling: get_str("ContentHandling")
                .map(|c| Field::new(c.to_string(), p.under("ContentHandling"))),
            responses,
            first_class: false,
        }
    }

    /// Inline policies of roles and the documents of policy resources.
    fn policies(&self, sink: &mut Sink) -> Vec<PolicyView> {
        let mut docs: Vec<(String, &Value)> = Vec::new();
        for (id, r) in self.resources {
            let pp = ptr(&ptr("/Resources", id), "Properties");
            let props = Self::props(r);
            match r.member("Type").and_then(Value::as_str) {
                Some(ROLE) => {
                    if let Some(Value::Array(list)) = props.member("Policies") {
                        for (n, pol) in list.iter().enumerate() {
                            if let Some(d) = pol.member("PolicyDocument") {
                                docs.push((
                                    ptr(&ptr_i(&ptr(&pp, "Policies"), n), "PolicyDocument"),
                                    d,
                                ));
                            }
                        }
                    }
                }
                Some(t) if POLICY_TYPES.contains(&t) => {
                    if let Some(d) = props.member("PolicyDocument") {
                        docs.push((ptr(&pp, "PolicyDocument"), d));
                    }
                }
                _ => {}
            }
        }
        docs.into_iter()
            .filter_map(|(p, d)| match d {
                Value::Object(_) => Some(policy_from_json(d, &p, false)),
                Value::String(s) => policy_from_string(s, &p, sink),
                _ => None,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::validate::Format;
    use serde_json::json;

    #[test]
    fn resource_paths_walk_parents() {
        let doc = cfn(|d| {
            at(d, "/Resources").as_object_mut().unwrap().insert(
                "Item".into(),
                json!({"Type": RESOURCE, "Properties": {"RestApiId": {"Ref": "Api"}, "ParentId": {"Ref": "Folder"}, "PathPart": "{item+}"}}),
            );
        });
        let cfn = Cfn {
            resources: doc["Resources"].as_object().unwrap(),
        };
        assert_eq!(
            cfn.path_of(&json!({"Ref": "Item"}), 0).as_deref(),
            Some("/{folder}/{item+}")
        );
        assert_eq!(cfn.path_of(&json!("Api.RootResourceId"), 0), None);
        assert_eq!(
            cfn.path_of(&json!({"Fn::GetAtt": "Api.RootResourceId"}), 0)
                .as_deref(),
            Some("/")
        );
        assert_eq!(cfn.path_of(&json!({"Fn::ImportValue": "x"}), 0), None);
    }

    #[test]
    fn intrinsics_become_texts() {
        let doc = cfn(|_| {});
        let cfn = Cfn {
            resources: doc["Resources"].as_object().unwrap(),
        };
        let t = cfn
            .text(&json!({"Fn::Sub": ["arn:${P}:x:${Role.Arn}:${!Lit}", {"P": "aws"}]}))
            .unwrap();
        assert_eq!(t.shown(), "arn:aws:x:${Role.Arn}:${Lit}");
        let t = cfn.text(&json!({"Fn::Join": ["", ["a", {"Ref": "AWS::Region"}, {"Fn::If": ["C", "x", "y"]}]]})).unwrap();
        assert_eq!(t.shown(), "a${AWS::Region}${Fn::If}");
        assert!(matches!(cfn.ref_to("Role").yields, Yields::NotRoleArn(_)));
        assert_eq!(cfn.getatt("Role", "Arn").yields, Yields::RoleArn);
    }

    #[test]
    fn inline_openapi_body_is_linted_in_place() {
        let body = oas(|d| {
            *at(
                d,
                "/paths/~1{folder}/get/x-amazon-apigateway-integration/credentials",
            ) = json!({"Ref": "Role"});
        });
        let doc = cfn(|d| {
            at(d, "/Resources/Api/Properties")
                .as_object_mut()
                .unwrap()
                .insert("Body".into(), body);
        });
        let found = only(Format::CloudFormation, &doc, super::super::CREDENTIALS);
        assert_eq!(found.len(), 1);
        assert_eq!(
            found[0].0,
            "/Resources/Api/Properties/Body/paths/~1{folder}/get/x-amazon-apigateway-integration/credentials"
        );
    }
}
