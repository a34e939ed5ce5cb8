//! The REST API as a whole: settings, methods, stage and deployment environment.

use super::hash::Fnv64;
use super::iam::{self, Statement};
use super::method::Method;
use super::owned::Owned;
use super::path::ApiPath;
use super::policy::{Role, principal};
use serde::Serialize;
use std::collections::BTreeMap;

pub use crate::limits::MAX_PAYLOAD_MB;

/// The content type request models describe.
pub const MODEL_CONTENT_TYPE: &str = "application/json";

/// Where API Gateway serves the API from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum EndpointType {
    /// Through a CloudFront distribution that API Gateway manages.
    Edge,
    /// In the API's region (the usual choice for clients in or near that region).
    Regional,
    /// Only from VPCs through an interface endpoint.
    Private,
}

impl EndpointType {
    /// CloudFormation/Terraform spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            EndpointType::Edge => "EDGE",
            EndpointType::Regional => "REGIONAL",
            EndpointType::Private => "PRIVATE",
        }
    }
}

/// The stage clients call (`https://{id}.execute-api.{region}.amazonaws.com/{stage}/`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Stage {
    /// Stage name, the first segment of the invoke URL.
    pub name: String,
    /// Stage variables.
    pub variables: BTreeMap<String, String>,
    /// Tracing, access logs, cache cluster and method settings (all off by default).
    pub settings: super::stage::StageSettings,
}

/// Concrete deployment values for documents that cannot refer to the deploying stack
/// (OpenAPI for `aws apigateway import-rest-api`). CloudFormation and Terraform ignore them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Env {
    /// Region the imported API will call services in.
    pub region: Option<String>,
    /// ARN of an existing execution role for imported APIs.
    pub execution_role_arn: Option<String>,
    /// The account the imported API calls services in.
    pub account_id: Option<String>,
    /// Real names of owned resources, by blueprint name.
    pub resources: BTreeMap<String, String>,
}

/// A REST API whose methods call AWS services directly.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RestApi {
    /// API name shown in the console.
    pub name: String,
    /// What the API is for.
    pub description: Option<String>,
    /// Edge, regional or private.
    pub endpoint: EndpointType,
    /// Content types API Gateway treats as binary.
    pub binary_media_types: Vec<String>,
    /// Methods, sorted by path then HTTP method.
    pub methods: Vec<Method>,
    /// The stage that serves the deployment.
    pub stage: Stage,
    /// Concrete values for importable OpenAPI documents.
    pub env: Env,
    /// Topics and queues created with the API.
    pub owned: Owned,
    /// Request models (JSON Schema draft 4) by name.
    pub models: BTreeMap<String, serde_json::Value>,
    /// CORS settings for the methods that enable CORS.
    pub cors: Option<super::cors::Cors>,
    /// Cognito and Lambda authorizers by name.
    pub authorizers: BTreeMap<String, super::auth::Authorizer>,
    /// API keys and their usage plan.
    pub usage_plan: Option<super::auth::UsagePlan>,
    /// Who may reach the API at all.
    pub resource_policy: Option<super::auth::ResourcePolicy>,
    /// Gateway responses the blueprint customizes, by response type (CORS headers are added
    /// by [`RestApi::gateway_responses`]).
    pub gateway: BTreeMap<String, super::gateway::GatewayResponse>,
    /// Tags on every taggable resource the API creates (owned resources merge their own over
    /// them).
    pub tags: BTreeMap<String, String>,
    /// How CloudFormation and Terraform lay the API out (resources, or the OpenAPI body).
    pub shape: super::shape::Shape,
    /// The shape of the Terraform output when it is not `shape`: an `auto` API whose
    /// resources-shape template passes CloudFormation's quotas, and whose document cannot be
    /// imported from beside the template, stays in the resources shape for CloudFormation
    /// (with its quota warnings), while Terraform, which has no such quota, takes the body.
    /// Set when the shape is decided; `None` means `shape`.
    #[serde(skip)]
    pub terraform_shape: Option<super::shape::Shape>,
    /// Values derived from the whole API, computed once per run (see [`super::memo`]).
    #[serde(skip)]
    pub memo: super::memo::Memo,
}

impl RestApi {
    /// Every resource path the API needs besides the root, parents before children.
    pub fn resource_paths(&self) -> Vec<ApiPath> {
        let mut all: Vec<ApiPath> = self
            .methods
            .iter()
            .flat_map(|m| m.path.prefixes())
            .collect();
        all.sort();
        all.dedup();
        all
    }

    /// The methods on `path`.
    pub fn methods_on<'a>(&'a self, path: &'a ApiPath) -> impl Iterator<Item = &'a Method> + 'a {
        self.methods.iter().filter(move |m| &m.path == path)
    }

    /// The request validators the methods use, each once, in a fixed order.
    pub fn validators(&self) -> Vec<super::method::Validation> {
        let mut v: Vec<_> = self
            .methods
            .iter()
            .filter_map(|m| m.settings.validation)
            .collect();
        v.sort();
        v.dedup();
        v
    }

    /// The Lambda functions the integrations need, each once, by name.
    pub fn functions(&self) -> Vec<&super::function::Function> {
        let mut out: Vec<&super::function::Function> = Vec::new();
        for f in self.methods.iter().filter_map(|m| m.integration.function()) {
            if !out.iter().any(|o| o.name == f.name) {
                out.push(f);
            }
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        out
    }

    /// Gateway responses the API customizes, by response type: the blueprint's, with the CORS
    /// headers added to the default 4XX and 5XX responses (a header the blueprint sets wins).
    pub fn gateway_responses(&self) -> BTreeMap<String, super::gateway::GatewayResponse> {
        let mut out = self.gateway.clone();
        if let Some(cors) = &self.cors {
            for (kind, headers) in super::cors::gateway_responses(cors) {
                let r = out.entry(kind.to_string()).or_default();
                for (k, v) in headers {
                    r.headers.entry(k).or_insert(v);
                }
            }
        }
        out
    }

    /// `{api}-{stage}` (`s3-presigned-upload-dev`): names generated resources that have one
    /// physical name per API and stage, such as log groups and Lambda functions. A long one
    /// is cut and ends in a hash (see [`super::names::bounded`]).
    pub fn scope(&self) -> String {
        super::names::bounded(
            &format!("{}-{}", super::names::api_slug(&self.name), self.stage.name),
            crate::limits::MAX_SCOPE,
        )
    }

    /// The description of a stack template for this API: its name, its description and a
    /// note that gatewright wrote it. CloudFormation takes it as written (no functions), up to
    /// [`crate::limits::MAX_TEMPLATE_DESCRIPTION_BYTES`].
    pub fn template_description(&self) -> String {
        match &self.description {
            Some(d) => format!("{}: {d} (generated by gatewright)", self.name),
            None => format!("{} (generated by gatewright)", self.name),
        }
    }

    /// The role API Gateway assumes to call AWS services, when some integration needs one:
    /// trusted by API Gateway only, allowed exactly what the integrations use. With more
    /// than one role (see [`super::role_groups`]) this is the first.
    pub fn execution_role(&self) -> Option<Role> {
        self.execution_roles().into_iter().next()
    }

    /// The roles API Gateway assumes to call AWS services: one when the grants fit one role,
    /// else one per group of methods, each allowed exactly what its methods use.
    pub fn execution_roles(&self) -> Vec<Role> {
        let groups = self.role_groups();
        let n = groups.roles.len();
        groups
            .roles
            .iter()
            .enumerate()
            .map(|(k, p)| {
                let of = if n > 1 {
                    format!(" (role {} of {n}, for its routes in order)", k + 1)
                } else {
                    String::new()
                };
                Role {
                    description: iam_description(&format!(
                        "Lets API Gateway call the AWS services behind {}{of}",
                        self.name
                    )),
                    service: principal::API_GATEWAY,
                    policy_name: "service-integrations",
                    policy: p.inline_document(),
                }
            })
            .collect()
    }

    /// The execution role's statements spread over its inline policy and customer-managed
    /// policies within IAM's sizes (see [`super::policy_size`]); with more than one role, the
    /// first role's. When they cannot be given, [`super::check`] refuses the API; this then
    /// keeps every statement inline so that nothing is lost.
    pub fn execution_policies(&self) -> super::policy_size::RolePolicies {
        self.role_groups()
            .roles
            .first()
            .cloned()
            .unwrap_or_default()
    }

    /// The execution role policy: exactly what the integrations use.
    pub fn role_statements(&self) -> Vec<Statement> {
        let used = self
            .methods
            .iter()
            .flat_map(|m| m.integration.permissions.iter());
        let kms = self.owned.kms_permissions(used.clone());
        iam::statements(used.chain(kms.iter()))
    }

    /// True when some integration needs an execution role.
    pub fn needs_role(&self) -> bool {
        self.methods
            .iter()
            .any(|m| !m.integration.permissions.is_empty())
    }

    /// A hash of everything a deployment snapshots (the API, not the stage): it changes
    /// whenever a redeployment is needed, so the Deployment is re-created on every change.
    pub fn deployment_hash(&self) -> String {
        if let Some(h) = self.memo.deployment_hash.get() {
            return h.clone();
        }
        self.hash_snapshot()
    }

    /// Computes the values every document of a run needs once (the deployment hash, the
    /// execution roles and their policies, the resources' and methods' names, the operation
    /// ids) and keeps them: later calls return them without walking the methods again. For a
    /// model that no longer changes; synth calls it before emitting.
    pub fn remember_derived(&self) {
        self.memo
            .deployment_hash
            .get_or_init(|| self.hash_snapshot());
        self.memo
            .roles
            .get_or_init(|| super::role_groups::derive(self));
        self.memo
            .resource_names
            .get_or_init(|| super::names::resource_names(&self.resource_paths()));
        self.memo
            .method_names
            .get_or_init(|| super::names::method_names(&self.methods, &self.resource_names()));
        self.memo
            .operation_ids
            .get_or_init(|| super::operation_ids::operation_ids(self));
    }

    fn hash_snapshot(&self) -> String {
        let mut h = Fnv64::new();
        let snapshot = (
            &self.name,
            &self.description,
            &self.endpoint,
            &self.binary_media_types,
            &self.methods,
        );
        // Serialized straight into the hasher: the same bytes as `to_string`, without holding
        // the whole API as text. Plain data with string keys always serializes.
        let _ = serde_json::to_writer(&mut h, &snapshot);
        h.hex()
    }
}

/// `text` as IAM takes a role description: characters outside tab, line breaks, printable
/// ASCII and Latin-1 become `?`, and it is cut to IAM's 1,000 characters (an API name may
/// use any character and be much longer).
fn iam_description(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' | ' '..='~' | '\u{a1}'..='\u{ff}' => c,
            _ => '?',
        })
        .take(crate::limits::MAX_IAM_DESCRIPTION)
        .collect()
}

impl RestApi {
    /// Scanner checks the REST API does not meet, and why (see [`super::scan`]).
    pub fn scan_findings(&self) -> Vec<super::scan::Explained> {
        vec![super::scan::Explained::new(
            "CKV_AWS_237",
            super::scan::Formats::Terraform,
            "no change of the blueprint replaces the REST API (its arguments are updated in place); the deployment, replaced on every change, is created before the old one is destroyed",
        )]
    }
}

#[cfg(test)]
mod tests {
    use crate::model::{HttpMethod, RestApi};
    use crate::services::s3;

    #[test]
    fn deployment_hash_follows_every_change() {
        let a = RestApi::builder("A")
            .route(HttpMethod::Get, "/", &s3::ListBuckets {})
            .unwrap()
            .build()
            .unwrap();
        let b = RestApi::builder("A")
            .route(HttpMethod::Get, "/x", &s3::ListBuckets {})
            .unwrap()
            .build()
            .unwrap();
        let mut c = a.clone();
        c.methods[0].integration.timeout_ms = Some(1000);
        let mut d = a.clone();
        d.stage.name = "prod".into();
        assert!(serde_json::to_string(&a.methods).is_ok());
        assert_ne!(a.deployment_hash(), b.deployment_hash());
        assert_ne!(a.deployment_hash(), c.deployment_hash());
        assert_eq!(
            a.deployment_hash(),
            d.deployment_hash(),
            "the stage is not part of a deployment"
        );
    }
}
