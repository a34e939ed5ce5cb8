//! Typed builders: the Rust way to describe an API. Blueprints go through the same calls.

use super::api::{EndpointType, Env, RestApi, Stage};
use super::integration::RequestSource;
use super::method::{Authorization, HttpMethod, Method, ParamIn, RequestParam};
use super::owned::{Owned, OwnedKind, Queue, Topic};
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
                },
                env: Env::default(),
                owned: Owned::default(),
                models: BTreeMap::new(),
                cors: None,
                authorizers: BTreeMap::new(),
                usage_plan: None,
                resource_policy: None,
            },
            authorization: Authorization::AwsIam,
        }
    }
}

impl RestApiBuilder {
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

    /// Concrete values for importable OpenAPI documents.
    pub fn env(mut self, env: Env) -> Self {
        self.api.env = env;
        self
    }

    /// Creates an SNS topic named `name` with the API (integrations refer to it by name).
    pub fn topic(mut self, name: impl Into<String>, topic: Topic) -> Self {
        self.api.owned.topics.insert(name.into(), topic);
        self
    }

    /// The resources the API owns so far (operations built next refer to them).
    pub fn owned(&self) -> &Owned {
        &self.api.owned
    }

    /// Creates an S3 bucket named `name` with the API (safe defaults; S3 operations name it).
    pub fn bucket(mut self, name: impl Into<String>, bucket: super::owned::Bucket) -> Self {
        self.api.owned.buckets.insert(name.into(), bucket);
        self
    }

    /// Creates a CloudFront upload distribution into an owned bucket.
    pub fn distribution(
        mut self,
        name: impl Into<String>,
        d: super::owned::UploadDistribution,
    ) -> Self {
        self.api.owned.distributions.insert(name.into(), d);
        self
    }

    /// Creates an SQS queue named `name` with the API.
    pub fn queue(mut self, name: impl Into<String>, queue: Queue) -> Self {
        self.api.owned.queues.insert(name.into(), queue);
        self
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
    /// every integration mapping names a declared method parameter.
    pub fn build(mut self) -> Result<RestApi, Diagnostic> {
        check_api(&mut self.api)?;
        Ok(self.api)
    }
}

/// The checks every API passes, however it was built (builders or blueprint).
pub(crate) fn check_api(api: &mut RestApi) -> Result<(), Diagnostic> {
    if api.name.trim().is_empty() || api.name.len() > 1024 {
        return Err(Diagnostic::error(
            codes::SETTING,
            "the API name must have 1 to 1024 characters",
        )
        .help("give the API a short name, such as `MyS3`"));
    }
    check_stage_name(&api.stage.name)?;
    api.methods
        .sort_by(|a, b| (&a.path, a.verb).cmp(&(&b.path, b.verb)));
    for pair in api.methods.windows(2) {
        if pair[0].path == pair[1].path && pair[0].verb == pair[1].verb {
            return Err(Diagnostic::error(
                codes::DUPLICATE_ROUTE,
                format!("route `{} {}` is defined twice", pair[0].verb, pair[0].path),
            )
            .help("keep one of the two routes (`/a` and `/a/` are the same path)"));
        }
    }
    if let Some(c) = &api.cors {
        super::cors::check(c)?;
    }
    check_owned(&api.owned)?;
    check_model_defs(&api.models)?;
    check_auth(api)?;
    for m in &api.methods {
        check_refs(m, &api.owned)?;
    }
    check_functions(api)?;
    super::cors::apply(api);
    for m in &mut api.methods {
        for (name, _) in m.path.params() {
            m.request_parameters
                .insert(RequestParam::new(ParamIn::Path, name), true);
        }
        for (target, source) in &m.integration.request_parameters {
            if let RequestSource::Method(p) = source
                && !m.request_parameters.contains_key(p)
            {
                return Err(Diagnostic::error(
                    codes::UNDECLARED_PARAM,
                    format!(
                        "`{} {}` maps {target} from {p}, which the method does not declare",
                        m.verb, m.path
                    ),
                )
                .help("declare the parameter on the method, or map from a parameter it has"));
            }
        }
        check_responses(m)?;
        check_models(m, &api.models)?;
        check_binary(m, &api.binary_media_types)?;
        if let Some(t) = m.integration.timeout_ms
            && !(50..=29_000).contains(&t)
        {
            return Err(Diagnostic::error(
                codes::SETTING,
                format!(
                    "`{} {}`: integration timeout {t} ms is outside 50..29000",
                    m.verb, m.path
                ),
            )
            .help("API Gateway REST integrations time out between 50 ms and 29 s"));
        }
    }
    Ok(())
}

/// Responses both OpenAPI versions and API Gateway accept: at least one method response,
/// each status once, each selection pattern once (one default), every selected status declared.
fn check_responses(m: &Method) -> Result<(), Diagnostic> {
    let route = format!("`{} {}`", m.verb, m.path);
    let err = |msg: String| {
        Err(Diagnostic::error(codes::SETTING, format!("{route}: {msg}"))
            .help("adjust `method_responses` / `integration_responses` of the route"))
    };
    if m.responses.is_empty() {
        return err("the method declares no response".into());
    }
    for (i, r) in m.responses.iter().enumerate() {
        if m.responses[..i].iter().any(|x| x.status == r.status) {
            return err(format!("status {} is declared twice", r.status));
        }
        if r.status.len() != 3
            || !r.status.starts_with(['1', '2', '3', '4', '5'])
            || !r.status.chars().all(|c| c.is_ascii_digit())
        {
            return err(format!("`{}` is not an HTTP status code", r.status));
        }
    }
    for (i, ir) in m.integration.responses.iter().enumerate() {
        if m.integration.responses[..i]
            .iter()
            .any(|x| x.selection_pattern == ir.selection_pattern)
        {
            let p = ir.selection_pattern.as_deref().unwrap_or("default");
            return err(format!(
                "two integration responses use the selection pattern `{p}`"
            ));
        }
        if !m.responses.iter().any(|r| r.status == ir.status) {
            return err(format!(
                "an integration response selects {}, which no method response declares",
                ir.status
            ));
        }
    }
    Ok(())
}

/// Every request model a method names exists; a body validator has a model to check against.
pub(crate) fn check_models(
    m: &Method,
    models: &BTreeMap<String, serde_json::Value>,
) -> Result<(), Diagnostic> {
    for (ct, name) in &m.settings.request_models {
        if !models.contains_key(name) {
            return Err(Diagnostic::error(
                codes::SETTING,
                format!("`{} {}` validates `{ct}` against model `{name}`, which the API does not define", m.verb, m.path),
            )
            .help("define it under `models:`"));
        }
    }
    if m.settings.validation.is_some_and(|v| v.body()) && m.settings.request_models.is_empty() {
        return Err(Diagnostic::error(
            codes::SETTING,
            format!(
                "`{} {}` validates the body but names no request model",
                m.verb, m.path
            ),
        )
        .help("add `request_model: <name>`, or validate `parameters` only"));
    }
    Ok(())
}

/// Model names API Gateway accepts, and schemas that compile as JSON Schema draft 4.
fn check_model_defs(models: &BTreeMap<String, serde_json::Value>) -> Result<(), Diagnostic> {
    for (name, schema) in models {
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Err(Diagnostic::error(
                codes::SETTING,
                format!("model name `{name}` is not alphanumeric"),
            )
            .help("API Gateway model names use letters and digits only"));
        }
        let compiled = jsonschema::options()
            .with_draft(jsonschema::Draft::Draft4)
            .build(schema);
        if let Err(e) = compiled {
            return Err(Diagnostic::error(
                codes::SETTING,
                format!("model `{name}` is not a valid JSON Schema (draft 4): {e}"),
            )
            .help("API Gateway request models are JSON Schema draft 4"));
        }
    }
    Ok(())
}

/// Authorizers, usage plan and resource policy hold values API Gateway accepts, and every
/// route names an authorizer that exists, of the right kind.
pub(crate) fn check_auth(api: &RestApi) -> Result<(), Diagnostic> {
    use super::auth::AuthorizerKind;
    let err = |m: String, h: &str| Err(Diagnostic::error(codes::SETTING, m).help(h.to_string()));
    for (name, a) in &api.authorizers {
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        {
            return err(
                format!("authorizer name `{name}` is not usable"),
                "use letters, digits, `-` or `_`",
            );
        }
        if a.ttl_seconds.is_some_and(|t| t > 3600) {
            return err(
                format!("authorizer `{name}`: ttl over 3600 s"),
                "API Gateway caches decisions 0 to 3600 s",
            );
        }
        let arn_ok = |arn: &str, svc: &str| {
            let p: Vec<&str> = arn.split(':').collect();
            p.len() >= 6 && p[0] == "arn" && p[2] == svc
        };
        match &a.kind {
            AuthorizerKind::Cognito { user_pool_arns } => {
                if user_pool_arns.is_empty()
                    || !user_pool_arns.iter().all(|u| arn_ok(u, "cognito-idp"))
                {
                    return err(
                        format!("authorizer `{name}` needs Cognito user pool ARNs"),
                        "write arn:aws:cognito-idp:<region>:<account>:userpool/<id>",
                    );
                }
            }
            AuthorizerKind::Token { function_arn } | AuthorizerKind::Request { function_arn } => {
                if !arn_ok(function_arn, "lambda") {
                    return err(
                        format!(
                            "authorizer `{name}`: `{function_arn}` is not a Lambda function ARN"
                        ),
                        "write arn:aws:lambda:<region>:<account>:function:<name>",
                    );
                }
            }
        }
        if !a.identity_source.split(',').all(|s| {
            let s = s.trim();
            s.starts_with("method.request.")
                || s.starts_with("context.")
                || s.starts_with("stageVariables.")
        }) {
            return err(
                format!(
                    "authorizer `{name}`: identity source `{}` is not a request parameter",
                    a.identity_source
                ),
                "write method.request.header.Authorization",
            );
        }
    }
    for m in &api.methods {
        let Some(name) = m.authorization.authorizer() else {
            continue;
        };
        let Some(a) = api.authorizers.get(name) else {
            return err(
                format!(
                    "`{} {}` uses authorizer `{name}`, which the API does not define",
                    m.verb, m.path
                ),
                "define it under `authorizers:`",
            );
        };
        let cognito = matches!(a.kind, AuthorizerKind::Cognito { .. });
        if cognito != matches!(m.authorization, Authorization::Cognito(_)) {
            return err(
                format!(
                    "`{} {}`: authorizer `{name}` is of another kind",
                    m.verb, m.path
                ),
                "check `auth:`",
            );
        }
        if !m.settings.scopes.is_empty() && !cognito {
            return err(
                format!("`{} {}`: scopes need a Cognito authorizer", m.verb, m.path),
                "remove `scopes`",
            );
        }
    }
    if let Some(plan) = &api.usage_plan {
        if let Some(q) = &plan.quota
            && !matches!(q.period.as_str(), "DAY" | "WEEK" | "MONTH")
        {
            return err(
                format!("quota period `{}` is not DAY, WEEK or MONTH", q.period),
                "use DAY, WEEK or MONTH",
            );
        }
        if let Some(t) = &plan.throttle
            && (t.rate_limit == 0 || t.burst_limit == 0)
        {
            return err(
                "throttle limits must be positive".into(),
                "set rate_limit and burst_limit above 0",
            );
        }
        for k in &plan.api_keys {
            if k.is_empty()
                || !k
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            {
                return err(
                    format!("API key name `{k}` is not usable"),
                    "use letters, digits, `-` or `_`",
                );
            }
        }
    } else if api.methods.iter().any(|m| m.settings.api_key_required) {
        return err(
            "routes require API keys, but the API has no usage plan".into(),
            "add `usage_plan:` with at least one API key",
        );
    }
    if let Some(p) = &api.resource_policy {
        if p.allow_accounts
            .iter()
            .any(|a| a.len() != 12 || !a.chars().all(|c| c.is_ascii_digit()))
        {
            return err(
                "resource policy accounts must be 12-digit ids".into(),
                "write the account id, such as 123456789012",
            );
        }
        if p.allow_vpc_endpoints
            .iter()
            .any(|v| !v.starts_with("vpce-"))
        {
            return err(
                "VPC endpoint ids start with `vpce-`".into(),
                "write the endpoint id, such as vpce-0123456789abcdef0",
            );
        }
    } else if api.endpoint == super::api::EndpointType::Private {
        return err(
            "a private API needs a resource policy, or no one can call it".into(),
            "add `resource_policy: { allow_vpc_endpoints: [vpce-...] }`",
        );
    }
    Ok(())
}

/// Routes that share a Lambda function (by name) share it exactly: one function, one code.
fn check_functions(api: &RestApi) -> Result<(), Diagnostic> {
    let mut seen: BTreeMap<&str, &super::function::Function> = BTreeMap::new();
    for f in api.methods.iter().filter_map(|m| m.integration.function()) {
        match seen.get(f.name.as_str()) {
            Some(other) if *other != f => {
                return Err(Diagnostic::error(
                    codes::SETTING,
                    format!("two routes need different functions named `{}`", f.name),
                )
                .help(
                    "routes of one presigned pattern must name the same bucket, key and expiry",
                ));
            }
            _ => {
                seen.insert(&f.name, f);
            }
        }
    }
    Ok(())
}

/// True when binary media type `pattern` (`*/*`, `image/*`, `image/png`) covers `content_type`.
pub fn media_matches(pattern: &str, content_type: &str) -> bool {
    let (pt, ps) = pattern.split_once('/').unwrap_or((pattern, ""));
    let (ct, cs) = content_type.split_once('/').unwrap_or((content_type, ""));
    (pt == "*" || pt.eq_ignore_ascii_case(ct)) && (ps == "*" || ps.eq_ignore_ascii_case(cs))
}

/// A method that converts a binary request to text for its templates only works when the API
/// treats those content types as binary; otherwise API Gateway reads the bytes as UTF-8 text.
fn check_binary(m: &Method, binary: &[String]) -> Result<(), Diagnostic> {
    if m.integration.content_handling != Some(super::integration::ContentHandling::ConvertToText) {
        return Ok(());
    }
    for ct in m.integration.request_templates.keys() {
        if !binary.iter().any(|b| media_matches(b, ct)) {
            return Err(Diagnostic::error(
                codes::SETTING,
                format!("`{} {}` takes `{ct}` bodies as binary, but the API does not list `{ct}` as a binary media type", m.verb, m.path),
            )
            .help(format!("add `{ct}` (or `*/*`) to `binary_media_types`")));
        }
    }
    Ok(())
}

/// Owned resources are well named and consistent: names AWS accepts, FIFO queues where
/// FIFO settings are asked for, subscribers that exist and match the topic's kind.
fn check_owned(owned: &Owned) -> Result<(), Diagnostic> {
    let name_ok = |n: &str| {
        !n.is_empty()
            && n.len() <= 64
            && n.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    for n in owned
        .topics
        .keys()
        .chain(owned.queues.keys())
        .chain(owned.buckets.keys())
    {
        if !name_ok(n) {
            return Err(Diagnostic::error(
                codes::SETTING,
                format!("`{n}` is not a usable topic or queue name"),
            )
            .help("use up to 64 letters, digits, `-` or `_`"));
        }
    }
    for (n, q) in &owned.queues {
        if q.content_based_deduplication && !q.fifo {
            return Err(Diagnostic::error(
                codes::SETTING,
                format!("queue `{n}`: content-based deduplication needs a FIFO queue"),
            )
            .help("add `fifo: true` or remove `content_based_deduplication`"));
        }
    }
    for (t, topic) in &owned.topics {
        for s in &topic.subscribers {
            match owned.queues.get(s) {
                None => {
                    return Err(Diagnostic::error(
                        codes::SETTING,
                        format!(
                            "topic `{t}` subscribes queue `{s}`, which the blueprint does not own"
                        ),
                    )
                    .help("declare the queue under `owns: { queues: ... }`"));
                }
                Some(q) if q.fifo != topic.fifo => {
                    return Err(Diagnostic::error(
                        codes::SETTING,
                        format!("topic `{t}` and queue `{s}` must both be FIFO or both standard"),
                    ));
                }
                _ => {}
            }
        }
    }
    Ok(())
}

/// Every owned resource a method refers to exists.
pub(crate) fn check_refs(m: &Method, owned: &Owned) -> Result<(), Diagnostic> {
    for r in m.refs() {
        if !owned.has(r.kind, &r.name) {
            let (what, key) = match r.kind {
                OwnedKind::Topic => ("topic", "topics"),
                OwnedKind::Queue => ("queue", "queues"),
                OwnedKind::Bucket => ("bucket", "buckets"),
                OwnedKind::Function => ("function", "functions"),
                OwnedKind::Distribution => ("upload distribution", "upload_distributions"),
            };
            let mut known: Vec<&String> = match r.kind {
                OwnedKind::Topic => owned.topics.keys().collect(),
                OwnedKind::Queue => owned.queues.keys().collect(),
                OwnedKind::Bucket => owned.buckets.keys().collect(),
                OwnedKind::Function => Vec::new(),
                OwnedKind::Distribution => owned.distributions.keys().collect(),
            };
            known.sort();
            let hint = crate::suggest::closest(&r.name, known.iter().map(|s| s.as_str()))
                .map(|s| format!("did you mean `{s}`? "))
                .unwrap_or_default();
            return Err(Diagnostic::error(
                codes::ARGUMENT,
                format!(
                    "`{} {}` uses the {what} `{}`, which the blueprint does not own",
                    m.verb, m.path, r.name
                ),
            )
            .help(format!(
                "{hint}declare it under `owns: {{ {key}: {{ {}: {{}} }} }}`",
                r.name
            )));
        }
    }
    Ok(())
}

pub(crate) fn check_stage_name(name: &str) -> Result<(), Diagnostic> {
    let ok = !name.is_empty()
        && name.len() <= 128
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if ok {
        Ok(())
    } else {
        Err(
            Diagnostic::error(codes::SETTING, format!("stage name `{name}` is not valid"))
                .help("use 1 to 128 letters, digits, `-` or `_`"),
        )
    }
}
