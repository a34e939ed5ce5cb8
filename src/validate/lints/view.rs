//! The format-neutral view of a REST API the lints read. Adapters fill it from CloudFormation,
//! OpenAPI and Terraform; `None` always means "could not tell" (an intrinsic, an unresolved
//! reference), never "absent", and lints stay silent about what they cannot tell.

use super::text::Text;
use super::{ptr, push_token};
use serde_json::Value;
use std::borrow::Cow;
use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

/// Which format a view came from; lints use it only to word their help.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    CloudFormation,
    OpenApi,
    Terraform,
}

/// Where a value of the view sits in its document: a pointer shared with the value around
/// it, and at most one fixed token under it, spelled out only when a finding is reported.
/// A large API's view holds some twenty pointers per method; spelling each out took most of
/// the memory its check needs on top of the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ptr {
    base: Arc<str>,
    /// Empty for `base` itself.
    token: &'static str,
}

impl Ptr {
    /// The pointer spelled `s`.
    pub fn new(s: impl Into<Arc<str>>) -> Self {
        Ptr {
            base: s.into(),
            token: "",
        }
    }

    /// This pointer extended by the fixed token `token`, sharing its text.
    pub fn under(&self, token: &'static str) -> Ptr {
        if self.token.is_empty() {
            Ptr {
                base: self.base.clone(),
                token,
            }
        } else {
            Ptr::new(self.spelled().into_owned()).under(token)
        }
    }

    /// This pointer extended by `token`, spelled out (for a value that others point under).
    pub fn join(&self, token: &str) -> Ptr {
        let mut s = self.spelled().into_owned();
        push_token(&mut s, token);
        Ptr::new(s)
    }

    /// The pointer as text.
    pub fn spelled(&self) -> Cow<'_, str> {
        if self.token.is_empty() {
            Cow::Borrowed(&self.base)
        } else {
            Cow::Owned(ptr(&self.base, self.token))
        }
    }
}

impl From<String> for Ptr {
    fn from(s: String) -> Self {
        Ptr::new(s)
    }
}

impl From<&str> for Ptr {
    fn from(s: &str) -> Self {
        Ptr::new(s)
    }
}

impl fmt::Display for Ptr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.spelled())
    }
}

/// Anything a finding can point at: a pointer's text, or a view's [`Ptr`].
pub(crate) trait Pointer {
    fn spelled(&self) -> Cow<'_, str>;
}

impl Pointer for str {
    fn spelled(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl Pointer for String {
    fn spelled(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl<T: Pointer + ?Sized> Pointer for &T {
    fn spelled(&self) -> Cow<'_, str> {
        (**self).spelled()
    }
}

impl Pointer for Ptr {
    fn spelled(&self) -> Cow<'_, str> {
        Ptr::spelled(self)
    }
}

/// A value and where it sits in the document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Field<T> {
    pub value: T,
    pub pointer: Ptr,
}

impl<T> Field<T> {
    pub fn new(value: T, pointer: impl Into<Ptr>) -> Self {
        Field {
            value,
            pointer: pointer.into(),
        }
    }
}

/// One REST API.
#[derive(Debug, Clone)]
pub(crate) struct ApiView {
    pub flavor: Flavor,
    /// Name for messages.
    pub name: String,
    /// Where findings about the whole API point.
    pub pointer: String,
    /// Whether the API declares binary media types (`None`: cannot tell).
    pub binary_media_types: Option<bool>,
    /// Resources (path nodes) the document declares; for OpenAPI, one per path.
    pub resources: Vec<ResourceView>,
    pub methods: Vec<MethodView>,
}

/// APIs keyed by how the document names them (a logical id, a reference), in first-seen order.
#[derive(Debug, Default)]
pub(crate) struct ApiSet {
    apis: Vec<ApiView>,
    index: HashMap<String, usize>,
}

impl ApiSet {
    /// The API named `key`, made by `make` the first time.
    pub fn entry(&mut self, key: &str, make: impl FnOnce() -> ApiView) -> &mut ApiView {
        let n = match self.index.get(key) {
            Some(n) => *n,
            None => {
                self.apis.push(make());
                self.index.insert(key.to_string(), self.apis.len() - 1);
                self.apis.len() - 1
            }
        };
        &mut self.apis[n]
    }

    pub fn into_vec(self) -> Vec<ApiView> {
        self.apis
    }
}

/// A resource with its full path (`/a/{b}`).
#[derive(Debug, Clone)]
pub(crate) struct ResourceView {
    pub path: String,
    pub pointer: Ptr,
    /// The path part when the resource is declared on its own (CloudFormation, Terraform), so
    /// two with the same path are two resources; `None` for OpenAPI path keys.
    pub part: Option<String>,
}

/// One method (an HTTP verb on a resource) and its integration.
#[derive(Debug, Clone)]
pub(crate) struct MethodView {
    pub pointer: Ptr,
    /// Name for messages when the route is unknown.
    pub name: String,
    /// Upper-case HTTP method (`ANY` included).
    pub http_method: Option<String>,
    /// Full resource path.
    pub path: Option<String>,
    /// Declared request parameters as `method.request.{path|querystring|header}.{name}`.
    pub declared_params: Option<Vec<String>>,
    /// Where a missing declaration would go.
    pub params_pointer: Ptr,
    /// The method responses, when known.
    pub method_responses: Option<Vec<MethodResponseView>>,
    pub integration: Option<IntegrationView>,
}

impl MethodView {
    /// `GET /a/{b}` when method and path are known, else the method's name.
    pub fn route(&self) -> String {
        match (&self.http_method, &self.path) {
            (Some(m), Some(p)) => format!("{m} {p}"),
            _ => self.name.clone(),
        }
    }
}

/// A method response: status code and declared headers (`None`: cannot tell).
#[derive(Debug, Clone)]
pub(crate) struct MethodResponseView {
    pub status: String,
    pub headers: Option<Vec<String>>,
}

/// An integration.
#[derive(Debug, Clone)]
pub(crate) struct IntegrationView {
    pub pointer: Ptr,
    /// Upper-case type (`AWS`, `AWS_PROXY`, `HTTP`, `HTTP_PROXY`, `MOCK`).
    pub kind: Option<String>,
    pub uri: Option<Field<Text>>,
    /// `None` when absent; the field's text may be all holes.
    pub credentials: Option<Field<Text>>,
    /// True when the document sets credentials to something we cannot read at all.
    pub credentials_opaque: bool,
    /// Upper-case integration HTTP method.
    pub http_method: Option<String>,
    pub request_parameters: Vec<Mapping>,
    pub has_request_templates: bool,
    pub timeout: Option<Field<i64>>,
    pub content_handling: Option<Field<String>>,
    pub responses: Vec<IntegrationResponseView>,
    /// An HTTP API first-class integration (`integrationSubtype`): not a REST integration.
    pub first_class: bool,
}

impl IntegrationView {
    /// True for `AWS` and `AWS_PROXY`.
    pub fn is_aws(&self) -> bool {
        matches!(self.kind.as_deref(), Some("AWS" | "AWS_PROXY")) && !self.first_class
    }

    /// The service part of a literal-enough URI (`s3`, `sqs`, `lambda`), when readable.
    pub fn service(&self) -> Option<String> {
        let uri = self.uri.as_ref()?.value.masked();
        let mut fields = uri.splitn(6, ':');
        let service = fields.nth(4)?;
        if service.contains(super::text::HOLE) {
            return None;
        }
        Some(service.rsplit('.').next().unwrap_or(service).to_string())
    }
}

/// One parameter mapping: `target <- source`.
#[derive(Debug, Clone)]
pub(crate) struct Mapping {
    pub target: String,
    pub source: String,
    /// The mapping object holding it.
    pub within: Ptr,
}

impl Mapping {
    /// Where the mapping sits.
    pub fn pointer(&self) -> String {
        ptr(&self.within.spelled(), &self.target)
    }
}

/// An integration response.
#[derive(Debug, Clone)]
pub(crate) struct IntegrationResponseView {
    pub pointer: Ptr,
    pub status: Option<Field<String>>,
    /// `None` for the default response.
    pub selection_pattern: Option<Field<String>>,
    pub response_parameters: Vec<Mapping>,
    pub content_handling: Option<Field<String>>,
}

/// The string-valued entries of a mapping object at `base` (intrinsic values are skipped).
pub(crate) fn mappings(v: Option<&Value>, base: impl FnOnce() -> Ptr) -> Vec<Mapping> {
    let Some(Value::Object(m)) = v else {
        return Vec::new();
    };
    let within = base();
    m.iter()
        .filter_map(|(k, v)| {
            Some(Mapping {
                target: k.clone(),
                source: v.as_str()?.to_string(),
                within: within.clone(),
            })
        })
        .collect()
}

/// A status code written as a string or a number.
pub(crate) fn status_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A timeout written as a number or a numeric string.
pub(crate) fn millis(v: &Value) -> Option<i64> {
    v.as_i64().or_else(|| v.as_str()?.trim().parse().ok())
}

/// True when a templates object is present and not empty (or not an object at all).
pub(crate) fn has_templates(v: Option<&Value>) -> bool {
    v.is_some_and(|t| !t.is_null() && t.as_object().is_none_or(|o| !o.is_empty()))
}

/// Header names of a `method.response.header.*` declaration map (`None`: cannot tell).
pub(crate) fn declared_headers(v: Option<&Value>) -> Option<Vec<String>> {
    match v {
        None => Some(Vec::new()),
        Some(Value::Object(m)) => Some(
            m.keys()
                .filter_map(|k| k.strip_prefix("method.response.header."))
                .map(str::to_string)
                .collect(),
        ),
        Some(_) => None,
    }
}

/// Keys of a request parameter declaration map (`None`: cannot tell).
pub(crate) fn declared_keys(v: Option<&Value>) -> Option<Vec<String>> {
    match v {
        None => Some(Vec::new()),
        Some(Value::Object(m)) => Some(m.keys().cloned().collect()),
        Some(_) => None,
    }
}

/// Path parameter names of a resource path: `{a}` and `{b+}` give `a` and `b`.
pub(crate) fn path_params(path: &str) -> Vec<String> {
    path.split('/')
        .filter_map(|seg| {
            let inner = seg.strip_prefix('{')?.strip_suffix('}')?;
            Some(inner.strip_suffix('+').unwrap_or(inner).to_string())
        })
        .collect()
}

/// Joins a parent path and a path part.
pub(crate) fn join_path(parent: &str, part: &str) -> String {
    if parent.ends_with('/') {
        format!("{parent}{part}")
    } else {
        format!("{parent}/{part}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_params_include_greedy_ones() {
        assert_eq!(path_params("/{a}/x/{b+}"), vec!["a", "b"]);
        assert!(path_params("/").is_empty());
        assert_eq!(join_path("/", "a"), "/a");
        assert_eq!(join_path("/a", "{b}"), "/a/{b}");
    }
}
