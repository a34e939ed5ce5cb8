//! Typed builders: the Rust way to describe an API. Blueprints go through the same calls.

use super::api::{EndpointType, Env, RestApi, Stage};
use super::check::{self, Finding};
use super::method::{Authorization, HttpMethod, Method};
use super::owned::{Owned, OwnedResource};
use super::path::ApiPath;
use crate::codes;
use crate::diagnostic::Diagnostic;
use std::collections::BTreeMap;

/// Why an operation could not be built for a route: the argument at fault, what is wrong,
/// and what to do. Lowering turns it into a located [`Diagnostic`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpError {
    /// Stable code (see [`crate::codes`]).
    pub code: &'static str,
    /// The operation argument at fault, when one is.
    pub field: Option<&'static str>,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub help: Option<String>,
}

impl OpError {
    /// An error about argument `field`.
    pub fn field(code: &'static str, field: &'static str, message: impl Into<String>) -> OpError {
        OpError {
            code,
            field: Some(field),
            message: message.into(),
            help: None,
        }
    }

    /// Adds a help line.
    pub fn help(mut self, help: impl Into<String>) -> OpError {
        self.help = Some(help.into());
        self
    }

    /// The error as a diagnostic without location.
    pub fn into_diagnostic(self) -> Diagnostic {
        let d = Diagnostic::error(self.code, self.message);
        match self.help {
            Some(h) => d.help(h),
            None => d,
        }
    }
}

/// A service operation that can sit behind a route: it builds the method, its integration,
/// the responses and the permissions the call needs. Each service implements it for its
/// operations, so everything about a service stays in that service's file.
pub trait Operation: std::fmt::Debug {
    /// Builds the method for `verb path`, knowing the resources the API owns (an owned bucket
    /// named by `bucket:`, a FIFO queue that needs a message group). Authorization is set by
    /// the caller.
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError>;

    /// Builds the method for an API that owns nothing.
    fn build(&self, path: &ApiPath, verb: HttpMethod) -> Result<Method, OpError> {
        self.build_in(path, verb, &Owned::default())
    }
}

/// Builds a [`RestApi`] route by route.
///
/// ```
/// use gatewright::model::{RestApi, HttpMethod};
/// use gatewright::services::s3;
///
/// let api = RestApi::builder("MyS3")
///     .binary_media_type("*/*")
///     .route(HttpMethod::Get, "/", &s3::ListBuckets {})?
///     .route(HttpMethod::Get, "/{folder}", &s3::ListObjects::new("{folder}"))?
///     .build()?;
/// assert_eq!(api.methods.len(), 2);
/// # Ok::<(), gatewright::Diagnostic>(())
/// ```
#[derive(Debug, Clone)]
pub struct RestApiBuilder {
    api: RestApi,
    authorization: Authorization,
}

impl RestApi {
    /// Starts an API named `name`: regional endpoint, stage `dev`, AWS_IAM on every method.
    pub fn builder(name: impl Into<String>) -> RestApiBuilder {
        RestApiBuilder {
            api: RestApi {
                name: name.into(),
                description: None,
                endpoint: EndpointType::Regional,
                binary_media_types: Vec::new(),
                methods: Vec::new(),
                stage: Stage {
                    name: "dev".into(),
                    variables: BTreeMap::new(),
                    settings: Default::default(),
                },
                env: Env::default(),
                owned: Owned::default(),
                models: BTreeMap::new(),
                cors: None,
                authorizers: BTreeMap::new(),
                usage_plan: None,
                resource_policy: None,
                gateway: BTreeMap::new(),
                tags: BTreeMap::new(),
                shape: Default::default(),
                terraform_shape: None,
                memo: Default::default(),
            },
            authorization: Authorization::AwsIam,
        }
    }
}

impl RestApiBuilder {
    /// How CloudFormation and Terraform lay the API out (default: [`crate::model::Shape::Auto`]).
    pub fn shape(mut self, s: crate::model::Shape) -> Self {
        self.api.shape = s;
        self
    }

    /// What the API is for.
    pub fn description(mut self, d: impl Into<String>) -> Self {
        self.api.description = Some(d.into());
        self
    }

    /// Edge, regional (default) or private.
    pub fn endpoint(mut self, e: EndpointType) -> Self {
        self.api.endpoint = e;
        self
    }

    /// Adds a content type API Gateway treats as binary (`*/*`, `image/png`).
    pub fn binary_media_type(mut self, t: impl Into<String>) -> Self {
        self.api.binary_media_types.push(t.into());
        self
    }

    /// Names the stage (default `dev`).
    pub fn stage(mut self, name: impl Into<String>) -> Self {
        self.api.stage.name = name.into();
        self
    }

    /// Sets a stage variable.
    pub fn stage_variable(mut self, k: impl Into<String>, v: impl Into<String>) -> Self {
        self.api.stage.variables.insert(k.into(), v.into());
        self
    }

    /// Stage settings: tracing, access logs, cache cluster, method settings.
    pub fn stage_settings(mut self, settings: super::stage::StageSettings) -> Self {
        self.api.stage.settings = settings;
        self
    }

    /// Adds method settings of single routes (over the API-wide ones).
    pub fn route_settings(
        mut self,
        routes: impl IntoIterator<Item = super::stage::RouteTuning>,
    ) -> Self {
        self.api.stage.settings.routes.extend(routes);
        self
    }

    /// Concrete values for importable OpenAPI documents.
    pub fn env(mut self, env: Env) -> Self {
        self.api.env = env;
        self
    }

    /// Tags on every taggable resource the API creates.
    pub fn tags(mut self, tags: BTreeMap<String, String>) -> Self {
        self.api.tags = tags;
        self
    }

    /// Creates owned resource `name` with the API: a [`Topic`], [`Queue`], [`Bucket`],
    /// [`UploadDistribution`] or any other [`OwnedResource`]; integrations refer to it by name.
    ///
    /// [`Topic`]: super::owned::Topic
    /// [`Queue`]: super::owned::Queue
    /// [`Bucket`]: super::owned::Bucket
    /// [`UploadDistribution`]: super::owned::UploadDistribution
    pub fn own<R: OwnedResource>(mut self, name: impl Into<String>, resource: R) -> Self {
        R::all_in(&mut self.api.owned).insert(name.into(), resource);
        self
    }

    /// The resources the API owns so far (operations built next refer to them).
    pub fn owned(&self) -> &Owned {
        &self.api.owned
    }

    /// Adds a request model (JSON Schema draft 4) named `name`.
    pub fn model(mut self, name: impl Into<String>, schema: serde_json::Value) -> Self {
        self.api.models.insert(name.into(), schema);
        self
    }

    /// CORS settings; routes added after this call allow browser callers on other origins.
    pub fn cors(mut self, cors: super::cors::Cors) -> Self {
        self.api.cors = Some(cors);
        self
    }

    /// Adds a Cognito or Lambda authorizer that routes name in [`Authorization`].
    pub fn authorizer(mut self, name: impl Into<String>, a: super::auth::Authorizer) -> Self {
        self.api.authorizers.insert(name.into(), a);
        self
    }

    /// API keys and the usage plan that admits them.
    pub fn usage_plan(mut self, plan: super::auth::UsagePlan) -> Self {
        self.api.usage_plan = Some(plan);
        self
    }

    /// Customizes the gateway response of `kind` (one of
    /// [`RESPONSE_TYPES`](super::gateway::RESPONSE_TYPES)).
    pub fn gateway_response(
        mut self,
        kind: impl Into<String>,
        r: super::gateway::GatewayResponse,
    ) -> Self {
        self.api.gateway.insert(kind.into(), r);
        self
    }

    /// Who may reach the API at all.
    pub fn resource_policy(mut self, policy: super::auth::ResourcePolicy) -> Self {
        self.api.resource_policy = Some(policy);
        self
    }

    /// Authorization for routes added after this call (default AWS_IAM).
    pub fn default_authorization(mut self, a: Authorization) -> Self {
        self.authorization = a;
        self
    }

    /// Adds `verb path` served by `op` with the default authorization.
    pub fn route(
        self,
        verb: HttpMethod,
        path: &str,
        op: &dyn Operation,
    ) -> Result<Self, Diagnostic> {
        self.route_with(verb, path, op, |_| Ok(()))
    }

    /// Adds `verb path` served by `op`, then lets `adjust` change the method (overrides of
    /// the operation's defaults); an error from `adjust` is returned as it is.
    pub fn route_with(
        mut self,
        verb: HttpMethod,
        path: &str,
        op: &dyn Operation,
        adjust: impl FnOnce(&mut Method) -> Result<(), Diagnostic>,
    ) -> Result<Self, Diagnostic> {
        let path = ApiPath::parse(path).map_err(|e| Diagnostic::error(codes::PATH, e.0))?;
        let mut method = op
            .build_in(&path, verb, &self.api.owned)
            .map_err(OpError::into_diagnostic)?;
        method.authorization = self.authorization.clone();
        method.settings.cors = self.api.cors.is_some();
        adjust(&mut method)?;
        self.api.methods.push(method);
        Ok(self)
    }

    /// Adds a method built elsewhere (lowering builds and adjusts methods itself so it can
    /// locate each problem in the blueprint). Checked by [`RestApiBuilder::build`].
    pub fn method(mut self, method: Method) -> Self {
        self.api.methods.push(method);
        self
    }

    /// Checks the whole API and returns it: no route twice, every path parameter declared,
    /// every integration mapping names a declared method parameter. On failure, the first
    /// problem; [`RestApiBuilder::build_all`] returns every one.
    pub fn build(self) -> Result<RestApi, Diagnostic> {
        self.build_all().map_err(|mut all| all.swap_remove(0))
    }

    /// Checks the whole API and returns it, or every problem found.
    pub fn build_all(self) -> Result<RestApi, Vec<Diagnostic>> {
        let (api, findings) = self.finish();
        if findings.is_empty() {
            Ok(api)
        } else {
            Err(findings.into_iter().map(|f| f.diagnostic).collect())
        }
    }

    /// The completed API (see [`check::normalise`]) and every problem with it, each tied to
    /// what it is about, so callers that know where each setting came from can say where.
    pub fn finish(self) -> (RestApi, Vec<Finding>) {
        self.finished(false)
    }

    /// [`finish`](Self::finish) for lowering, whose model is final once finished: the
    /// execution roles the checks derive from every method's grants (a large API's costliest
    /// derived value) are remembered, as [`RestApi::remember_derived`] would, instead of
    /// being derived once for the checks and again for the documents.
    pub(crate) fn finish_final(self) -> (RestApi, Vec<Finding>) {
        self.finished(true)
    }

    fn finished(self, remember_roles: bool) -> (RestApi, Vec<Finding>) {
        let mut api = self.api;
        check::normalise(&mut api);
        // Grown by doubling while routes were added: a large API's methods would hold a
        // third more memory than they fill for the rest of the run.
        api.methods.shrink_to_fit();
        if remember_roles {
            api.memo
                .roles
                .get_or_init(|| super::role_groups::derive(&api));
        }
        let findings = check::check(&api);
        (api, findings)
    }
}
