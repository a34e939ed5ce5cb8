//! Terraform JSON adapter: `aws_api_gateway_*` resources joined into the common view (methods,
//! integrations and their responses meet on `rest_api_id`, `resource_id` and `http_method`,
//! references such as `${aws_api_gateway_method.x.http_method}` resolved first), IAM policy
//! JSON strings and `aws_iam_policy_document` data sources, block names and deployments.

use super::fast::{FastMap, FastSet};
use super::iam::{PolicyView, StatementView, policy_from_string};
use super::names::blocks;
use super::text::{Reference, Segment, Text, Yields, split_template};
use super::view::{
    ApiSet, ApiView, Field, Flavor, IntegrationResponseView, IntegrationView, MethodResponseView,
    MethodView, ResourceView, declared_headers, declared_keys, has_templates, join_path, mappings,
    millis,
};
use super::{Sink, deployment, iam, lint_api, names, ptr, ptr_i};
use serde_json::Value;
use std::borrow::Cow;

pub(super) fn lint(doc: &Value, sink: &mut Sink) {
    names::check_terraform(doc, sink);
    let tf = Tf::new(doc);
    for api in tf.apis() {
        lint_api(&api, sink);
    }
    deployment::check_terraform(&tf.resources, sink);
    for policy in tf.policies(sink) {
        iam::check(&policy, sink);
    }
}

/// One resource or data block: `type.name` and its body.
#[derive(Debug, Clone)]
pub(crate) struct TfBlock<'a> {
    pub ty: &'a str,
    pub name: &'a str,
    pub body: &'a Value,
    pub pointer: String,
}

impl<'a> TfBlock<'a> {
    /// `type.name`.
    pub fn address(&self) -> String {
        format!("{}.{}", self.ty, self.name)
    }

    fn str(&self, key: &str) -> Option<&'a str> {
        self.body.get(key)?.as_str()
    }
}

/// Every block of a `resource` or `data` section, in document order.
fn collect<'a>(section: Option<&'a Value>, base: &str) -> Vec<TfBlock<'a>> {
    let mut out = Vec::new();
    for (bp, block) in blocks(section, base) {
        let Some(types) = block.as_object() else {
            continue;
        };
        for (ty, named) in types {
            let Some(named) = named.as_object() else {
                continue;
            };
            for (name, body) in named {
                let p = ptr(&ptr(&bp, ty), name);
                match body {
                    Value::Array(items) => {
                        for (i, b) in items.iter().enumerate() {
                            out.push(TfBlock {
                                ty,
                                name,
                                body: b,
                                pointer: ptr_i(&p, i),
                            });
                        }
                    }
                    b => out.push(TfBlock {
                        ty,
                        name,
                        body: b,
                        pointer: p,
                    }),
                }
            }
        }
    }
    out
}

/// The parts of a string that is exactly one reference (`${a.b.c}` gives `[a, b, c]`), index
/// brackets dropped, borrowed from it.
pub(crate) fn traversal(s: &str) -> Option<Vec<&str>> {
    // One interpolation spans the whole string; most strings are plain text, told apart here
    // without splitting them.
    if !((s.starts_with("${") || s.starts_with("%{")) && s.ends_with('}')) || s.len() < 3 {
        return None;
    }
    // A brace inside is a second interpolation or an expression no traversal holds.
    let inner = &s[2..s.len() - 1];
    if inner.contains(['{', '}']) {
        return None;
    }
    traversal_expr(inner.trim())
}

fn traversal_expr(e: &str) -> Option<Vec<&str>> {
    let ok = e.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && e.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-.[]\"*".contains(c));
    ok.then(|| {
        e.split('.')
            .map(|p| p.split('[').next().unwrap_or(p))
            .collect()
    })
}

/// What a Terraform expression yields as integration credentials.
fn yields(e: &str) -> Yields {
    let Some(parts) = traversal_expr(e) else {
        return Yields::Unknown;
    };
    let (prefix, ty, name, attr) = match parts.as_slice() {
        ["data", ty, name, attr] => ("data.", *ty, *name, *attr),
        [ty, name, attr] => ("", *ty, *name, *attr),
        _ => return Yields::Unknown,
    };
    match (ty, attr) {
        ("aws_iam_role", "arn") => Yields::RoleArn,
        ("aws_iam_role", "name" | "id" | "unique_id") => Yields::not_role_arn(
            format!("the role's {attr}"),
            format!("`${{{prefix}aws_iam_role.{name}.arn}}`"),
        ),
        ("aws_iam_role", _) => Yields::Unknown,
        (ty, _) if ty.starts_with("aws_") && prefix.is_empty() => Yields::not_role_arn(
            format!("the {attr} of {ty}.{name}, which is not an IAM role"),
            "the `arn` of an `aws_iam_role`",
        ),
        _ => Yields::Unknown,
    }
}

/// A string template as text; each interpolation a reference.
fn text(s: &str) -> Text {
    let mut t = Text::default();
    for seg in split_template(s) {
        match seg {
            Segment::Lit(l) => t.push_lit(l),
            Segment::Expr(e) => t.push_ref(Reference {
                shown: format!("${{{e}}}"),
                yields: yields(&e),
            }),
        }
    }
    t
}

/// Types whose attributes a join key may reference.
const JOINABLE: &[&str] = &[
    "aws_api_gateway_method",
    "aws_api_gateway_method_response",
    "aws_api_gateway_integration",
    "aws_api_gateway_integration_response",
];

/// Whether `s` may be a reference to a joinable block: an interpolation whose first part is
/// one of [`JOINABLE`]. Most strings are not, and are told apart here without parsing them.
fn names_joinable(s: &str) -> bool {
    s.strip_prefix("${")
        .or_else(|| s.strip_prefix("%{"))
        .and_then(|rest| rest.split(['.', '[']).next())
        .is_some_and(|ty| JOINABLE.contains(&ty.trim()))
}

struct Tf<'a> {
    resources: Vec<TfBlock<'a>>,
    data: Vec<TfBlock<'a>>,
    /// Index into `resources` by `(type, name)`.
    by_name: FastMap<(&'a str, &'a str), usize>,
}

/// What methods, integrations and their responses are joined on: `rest_api_id`,
/// `resource_id` (references to joinable blocks resolved) and `http_method` in upper case.
type Key<'a> = (&'a str, &'a str, Cow<'a, str>);

impl<'a> Tf<'a> {
    fn new(doc: &'a Value) -> Self {
        let resources = collect(doc.get("resource"), "/resource");
        let mut by_name = FastMap::default();
        for (n, b) in resources.iter().enumerate() {
            by_name.entry((b.ty, b.name)).or_insert(n);
        }
        Tf {
            resources,
            data: collect(doc.get("data"), "/data"),
            by_name,
        }
    }

    fn find(&self, ty: &str, name: &str) -> Option<&TfBlock<'a>> {
        self.by_name.get(&(ty, name)).map(|n| &self.resources[*n])
    }

    /// Blocks of each joinable type by join key, in document order; and the join key of each
    /// joinable block, by its index in `resources`.
    #[allow(clippy::type_complexity)]
    fn joined(
        &self,
    ) -> (
        FastMap<(&'a str, Key<'a>), Vec<usize>>,
        Vec<Option<Key<'a>>>,
    ) {
        let mut out: FastMap<(&'a str, Key<'a>), Vec<usize>> = FastMap::default();
        let mut keys = Vec::with_capacity(self.resources.len());
        for (n, b) in self.resources.iter().enumerate() {
            if JOINABLE.contains(&b.ty) {
                let key = self.key(b);
                out.entry((b.ty, key.clone())).or_default().push(n);
                keys.push(Some(key));
            } else {
                keys.push(None);
            }
        }
        (out, keys)
    }

    fn of_type(&self, ty: &'static str) -> impl Iterator<Item = &TfBlock<'a>> {
        self.resources.iter().filter(move |b| b.ty == ty)
    }

    /// `s` with references to attributes of method/integration blocks replaced by their
    /// literal values.
    fn resolve<'s>(&self, s: &'s str, depth: usize) -> &'s str
    where
        'a: 's,
    {
        if depth < 8
            && names_joinable(s)
            && let Some(parts) = traversal(s)
            && let [ty, name, attr] = parts.as_slice()
            && JOINABLE.contains(ty)
            && let Some(v) = self.find(ty, name).and_then(|b| b.str(attr))
        {
            return self.resolve(v, depth + 1);
        }
        s
    }

    fn key(&self, b: &TfBlock<'a>) -> Key<'a> {
        let get = |k: &str| self.resolve(b.str(k).unwrap_or(""), 0);
        let method = get("http_method");
        let method = if method.bytes().any(|c| c.is_ascii_lowercase()) {
            Cow::Owned(method.to_ascii_uppercase())
        } else {
            Cow::Borrowed(method)
        };
        (get("rest_api_id"), get("resource_id"), method)
    }

    /// The path a `resource_id` stands for.
    fn path_of(&self, id: &str, depth: usize) -> Option<String> {
        if depth > 64 {
            return None;
        }
        let parts = traversal(self.resolve(id, 0))?;
        match parts.as_slice() {
            ["aws_api_gateway_rest_api", _, "root_resource_id"] => Some("/".into()),
            ["aws_api_gateway_resource", name, "id"] => {
                let b = self.find("aws_api_gateway_resource", name)?;
                let parent = self.path_of(b.str("parent_id")?, depth + 1)?;
                let part = b.str("path_part").filter(|p| !p.contains("${"))?;
                Some(join_path(&parent, part))
            }
            _ => None,
        }
    }

    fn apis(&self) -> Vec<ApiView> {
        let mut apis = ApiSet::default();
        for b in self.of_type("aws_api_gateway_rest_api") {
            let binary = if b.body.get("body").is_some() {
                None
            } else {
                match b.body.get("binary_media_types") {
                    None => Some(false),
                    Some(Value::Array(a)) => Some(!a.is_empty()),
                    Some(_) => None,
                }
            };
            apis.entry(
                &format!("${{aws_api_gateway_rest_api.{}.id}}", b.name),
                || ApiView {
                    flavor: Flavor::Terraform,
                    name: b.str("name").unwrap_or(b.name).to_string(),
                    pointer: b.pointer.clone(),
                    binary_media_types: binary,
                    resources: Vec::new(),
                    methods: Vec::new(),
                },
            );
        }
        let unknown_api = |key: &str, b: &TfBlock| ApiView {
            flavor: Flavor::Terraform,
            name: format!("the API `{key}`"),
            pointer: b.pointer.clone(),
            binary_media_types: None,
            resources: Vec::new(),
            methods: Vec::new(),
        };
        for b in self.of_type("aws_api_gateway_resource") {
            let id = format!("${{aws_api_gateway_resource.{}.id}}", b.name);
            let Some(path) = self.path_of(&id, 0) else {
                continue;
            };
            let key = self.resolve(b.str("rest_api_id").unwrap_or(""), 0);
            apis.entry(key, || unknown_api(key, b))
                .resources
                .push(ResourceView {
                    path,
                    pointer: b.pointer.clone().into(),
                    part: b.str("path_part").map(str::to_string),
                });
        }
        let (joined, keys) = self.joined();
        let of = |ty: &'static str, key: &Key<'a>| -> Vec<&TfBlock<'a>> {
            joined
                .get(&(ty, key.clone()))
                .map(|ns| ns.iter().map(|n| &self.resources[*n]).collect())
                .unwrap_or_default()
        };
        // Joinable blocks of type `ty` with their join keys, in document order.
        let keyed = |ty: &'static str| {
            self.resources
                .iter()
                .zip(&keys)
                .filter(move |(b, _)| b.ty == ty)
                .filter_map(|(b, k)| Some((b, k.as_ref()?)))
        };
        let mut methods_seen: FastSet<&Key<'a>> = FastSet::default();
        for (m, key) in keyed("aws_api_gateway_method") {
            methods_seen.insert(key);
            let method_responses = of("aws_api_gateway_method_response", key)
                .into_iter()
                .map(|r| {
                    Some(MethodResponseView {
                        status: self.resolve(r.str("status_code")?, 0).to_string(),
                        headers: declared_headers(r.body.get("response_parameters")),
                    })
                })
                .collect::<Option<Vec<_>>>();
            let responses = of("aws_api_gateway_integration_response", key);
            let view = MethodView {
                pointer: m.pointer.clone().into(),
                name: m.address(),
                http_method: Some(key.2.to_string()).filter(|h| !h.is_empty()),
                path: self.path_of(key.1, 0),
                declared_params: declared_keys(m.body.get("request_parameters")),
                params_pointer: if m.body.get("request_parameters").is_some() {
                    ptr(&m.pointer, "request_parameters").into()
                } else {
                    m.pointer.clone().into()
                },
                method_responses,
                integration: of("aws_api_gateway_integration", key)
                    .first()
                    .map(|b| self.integration(b, &responses)),
            };
            apis.entry(key.0, || unknown_api(key.0, m))
                .methods
                .push(view);
        }
        // Integrations whose method lives elsewhere still get their own checks.
        for (b, key) in keyed("aws_api_gateway_integration") {
            if methods_seen.contains(key) {
                continue;
            }
            let responses = of("aws_api_gateway_integration_response", key);
            let view = MethodView {
                pointer: b.pointer.clone().into(),
                name: b.address(),
                http_method: Some(key.2.to_string()).filter(|h| !h.is_empty() && !h.contains("${")),
                path: self.path_of(key.1, 0),
                declared_params: None,
                params_pointer: b.pointer.clone().into(),
                method_responses: None,
                integration: Some(self.integration(b, &responses)),
            };
            apis.entry(key.0, || unknown_api(key.0, b))
                .methods
                .push(view);
        }
        apis.into_vec()
    }

    fn integration(&self, b: &TfBlock, responses: &[&TfBlock]) -> IntegrationView {
        let p = &b.pointer;
        let responses = responses
            .iter()
            .map(|r| IntegrationResponseView {
                pointer: r.pointer.clone().into(),
                status: r.str("status_code").map(|s| {
                    Field::new(
                        self.resolve(s, 0).to_string(),
                        ptr(&r.pointer, "status_code"),
                    )
                }),
                selection_pattern: r
                    .str("selection_pattern")
                    .map(|s| Field::new(s.to_string(), ptr(&r.pointer, "selection_pattern"))),
                response_parameters: mappings(r.body.get("response_parameters"), || {
                    ptr(&r.pointer, "response_parameters").into()
                }),
                content_handling: r
                    .str("content_handling")
                    .map(|c| Field::new(c.to_string(), ptr(&r.pointer, "content_handling"))),
            })
            .collect();
        let credentials = b.body.get("credentials").filter(|c| !c.is_null());
        IntegrationView {
            pointer: p.clone().into(),
            kind: b.str("type").map(str::to_ascii_uppercase),
            uri: b.str("uri").map(|u| Field::new(text(u), ptr(p, "uri"))),
            credentials: credentials
                .and_then(Value::as_str)
                .map(|c| Field::new(text(c), ptr(p, "credentials"))),
            credentials_opaque: credentials.is_some_and(|c| !c.is_string()),
            http_method: b
                .str("integration_http_method")
                .map(|h| self.resolve(h, 0).to_ascii_uppercase()),
            request_parameters: mappings(b.body.get("request_parameters"), || {
                ptr(p, "request_parameters").into()
            }),
            has_request_templates: has_templates(b.body.get("request_templates")),
            timeout: b
                .body
                .get("timeout_milliseconds")
                .and_then(millis)
                .map(|t| Field::new(t, ptr(p, "timeout_milliseconds"))),
            content_handling: b
                .str("content_handling")
                .map(|c| Field::new(c.to_string(), ptr(p, "content_handling"))),
            responses,
            first_class: false,
        }
    }

    fn policies(&self, sink: &mut Sink) -> Vec<PolicyView> {
        let mut out = Vec::new();
        let mut from_string = |s: &str, p: String, sink: &mut Sink| {
            // A policy that is one interpolation (`${data.x.json}`, `${jsonencode(...)}`) is
            // judged where it is built.
            if !matches!(split_template(s).as_slice(), [Segment::Expr(_)])
                && let Some(v) = policy_from_string(s, &p, sink)
            {
                out.push(v);
            }
        };
        for b in &self.resources {
            match b.ty {
                "aws_iam_role_policy"
                | "aws_iam_policy"
                | "aws_iam_user_policy"
                | "aws_iam_group_policy" => {
                    if let Some(s) = b.str("policy") {
                        from_string(s, ptr(&b.pointer, "policy"), sink);
                    }
                }
                "aws_iam_role" => {
                    for (ip, inline) in blocks(
                        b.body.get("inline_policy"),
                        &ptr(&b.pointer, "inline_policy"),
                    ) {
                        if let Some(s) = inline.get("policy").and_then(Value::as_str) {
                            from_string(s, ptr(&ip, "policy"), sink);
                        }
                    }
                }
                _ => {}
            }
        }
        for d in self
            .data
            .iter()
            .filter(|d| d.ty == "aws_iam_policy_document")
        {
            out.push(policy_document(d));
        }
        out
    }
}

/// An `aws_iam_policy_document` data source's `statement` blocks.
fn policy_document(d: &TfBlock) -> PolicyView {
    let mut statements = Vec::new();
    for (sp, s) in blocks(d.body.get("statement"), &ptr(&d.pointer, "statement")) {
        let allow = s.get("effect").and_then(Value::as_str).unwrap_or("Allow") == "Allow";
        let list = |k: &str| -> Vec<(String, String)> {
            match s.get(k) {
                Some(Value::Array(a)) => a
                    .iter()
                    .enumerate()
                    .filter_map(|(i, v)| Some((v.as_str()?.to_string(), ptr_i(&ptr(&sp, k), i))))
                    .collect(),
                _ => Vec::new(),
            }
        };
        statements.push(StatementView {
            label: sp.clone(),
            allow,
            actions: list("actions")
                .into_iter()
                .enumerate()
                .map(|(i, (a, p))| (Field::new(a, p), format!("actions[{i}]")))
                .collect(),
            star_resource: list("resources")
                .into_iter()
                .find(|(r, _)| r == "*")
                .map(|(_, p)| p),
        });
    }
    PolicyView {
        embedded: false,
        statements,
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use serde_json::json;

    #[test]
    fn traversals_and_yields() {
        assert_eq!(
            traversal("${aws_iam_role.x.arn}").unwrap(),
            vec!["aws_iam_role", "x", "arn"]
        );
        assert_eq!(
            traversal("${aws_iam_role.x[0].arn}").unwrap(),
            vec!["aws_iam_role", "x", "arn"]
        );
        assert!(traversal("arn:${x}").is_none());
        assert!(traversal("${f(x)}").is_none());
        assert!(traversal("${a.b}${c.d}").is_none());
        assert!(traversal("${a[\"}\"]}").is_none());
        assert!(traversal("${}").is_none() && traversal("x").is_none());
        assert_eq!(traversal("${ a.b }").unwrap(), vec!["a", "b"]);
        assert_eq!(traversal("%{a}").unwrap(), vec!["a"]);
        assert_eq!(yields("data.aws_iam_role.r.arn"), Yields::RoleArn);
        assert!(matches!(
            yields("data.aws_iam_role.r.name"),
            Yields::NotRoleArn(_)
        ));
        assert!(matches!(
            yields("aws_lambda_function.f.arn"),
            Yields::NotRoleArn(_)
        ));
        assert_eq!(yields("var.role_arn"), Yields::Unknown);
        assert_eq!(yields("module.m.role_arn"), Yields::Unknown);
    }

    #[test]
    fn joins_resolve_references_and_literals() {
        let doc = tf(|d| {
            // The integration names its method by literal values instead of references.
            *at(d, "/resource/aws_api_gateway_integration/get/http_method") = json!("GET");
        });
        let tf = Tf::new(&doc);
        let apis = tf.apis();
        assert_eq!(apis.len(), 1);
        let m = &apis[0].methods[0];
        assert_eq!(m.route(), "GET /{folder}");
        let i = m.integration.as_ref().unwrap();
        assert_eq!(i.responses.len(), 1);
        assert_eq!(i.responses[0].status.as_ref().unwrap().value, "200");
        assert_eq!(m.method_responses.as_ref().unwrap().len(), 1);
    }

    #[test]
    fn orphan_integrations_are_still_checked() {
        let doc = tf(|d| {
            at(d, "/resource")
                .as_object_mut()
                .unwrap()
                .remove("aws_api_gateway_method");
            *at(d, "/resource/aws_api_gateway_integration/get/http_method") = json!("GET");
            *at(d, "/resource/aws_api_gateway_integration/get/uri") = json!("arn:aws:s3:::bucket");
        });
        assert_eq!(
            only(
                crate::validate::Format::TerraformJson,
                &doc,
                super::super::INTEGRATION_URI
            )[0]
            .0,
            "/resource/aws_api_gateway_integration/get/uri"
        );
    }
}
