//! Who may call the API beyond AWS_IAM: Cognito user pool and Lambda authorizers, API keys
//! with a usage plan, and the API's resource policy.

use super::policy::{Condition, Effect, OneOrMany, PolicyDocument, PolicyStatement, Principal};
use super::text::{Pseudo, Text};
use serde::Serialize;

/// How an authorizer decides.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum AuthorizerKind {
    /// A Cognito user pool checks the caller's ID or access token.
    Cognito {
        /// ARNs of the user pools whose tokens are accepted.
        user_pool_arns: Vec<String>,
    },
    /// A Lambda function checks a bearer token (`TOKEN`).
    Token {
        /// ARN of the authorizer function (may hold the deployment's region and account).
        function_arn: Text,
    },
    /// A Lambda function checks request parameters (`REQUEST`).
    Request {
        /// ARN of the authorizer function (may hold the deployment's region and account).
        function_arn: Text,
    },
}

/// An authorizer of the API.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Authorizer {
    /// Cognito or Lambda.
    pub kind: AuthorizerKind,
    /// Where the token or parameters come from (`method.request.header.Authorization`).
    pub identity_source: String,
    /// Seconds API Gateway caches a decision (0 to 3600; `None` keeps 300).
    pub ttl_seconds: Option<u32>,
}

impl Authorizer {
    /// The `Type` API Gateway uses.
    pub fn type_name(&self) -> &'static str {
        match self.kind {
            AuthorizerKind::Cognito { .. } => "COGNITO_USER_POOLS",
            AuthorizerKind::Token { .. } => "TOKEN",
            AuthorizerKind::Request { .. } => "REQUEST",
        }
    }

    /// The Lambda function ARN, for Lambda authorizers.
    pub fn function_arn(&self) -> Option<&Text> {
        match &self.kind {
            AuthorizerKind::Token { function_arn } | AuthorizerKind::Request { function_arn } => {
                Some(function_arn)
            }
            AuthorizerKind::Cognito { .. } => None,
        }
    }

    /// The invocation URI of a Lambda authorizer
    /// (`arn:{partition}:apigateway:{region}:lambda:path/2015-03-31/functions/{arn}/invocations`).
    pub fn uri(&self) -> Option<Text> {
        let f = self.function_arn()?;
        let mut t = Text::lit("arn:");
        t.push(Pseudo::Partition)
            .push_str(":apigateway:")
            .push(Pseudo::Region)
            .push_str(":lambda:path/2015-03-31/functions/")
            .append(f)
            .push_str("/invocations");
        Some(t)
    }

    /// The header the token arrives in, when the identity source is one header.
    pub fn header(&self) -> Option<&str> {
        self.identity_source
            .strip_prefix("method.request.header.")
            .filter(|h| !h.contains(','))
    }
}

/// Requests per second and burst for a usage plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Throttle {
    /// Steady-state requests per second.
    pub rate_limit: u32,
    /// Largest burst.
    pub burst_limit: u32,
}

/// A usage plan's request quota.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Quota {
    /// Requests per period.
    pub limit: u32,
    /// `DAY`, `WEEK` or `MONTH`.
    pub period: String,
}

/// A usage plan for the stage and the API keys it admits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct UsagePlan {
    /// Throttling, if any.
    pub throttle: Option<Throttle>,
    /// Quota, if any.
    pub quota: Option<Quota>,
    /// Names of the API keys created with the plan.
    pub api_keys: Vec<String>,
    /// Per-method throttles under the plan, overriding its own.
    pub method_throttles: Vec<MethodThrottle>,
}

/// A usage plan's throttle for one method.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MethodThrottle {
    /// The method's verb.
    pub verb: super::method::HttpMethod,
    /// The method's path.
    pub path: super::path::ApiPath,
    /// Its throttle.
    pub throttle: Throttle,
}

impl MethodThrottle {
    /// The key API Gateway gives the throttle in a plan's stage: `/path/VERB` (`//GET` for
    /// the root).
    pub fn key(&self) -> String {
        format!("{}/{}", self.path, self.verb)
    }
}

impl UsagePlan {
    /// How the plan's keys are presented (`x-api-key` header).
    pub const KEY_TYPE: &'static str = "API_KEY";

    /// The plan's description.
    pub fn description(&self, api_name: &str) -> String {
        format!("Usage plan of {api_name}")
    }

    /// The description of API key `key`.
    pub fn key_description(&self, key: &str, api_name: &str) -> String {
        format!("API key {key} of {api_name}")
    }
}

/// Who may reach the API at all, whatever its method authorization.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ResourcePolicy {
    /// Only these accounts may invoke (12-digit ids).
    pub allow_accounts: Vec<String>,
    /// Only from these source IP ranges (CIDR).
    pub allow_source_ips: Vec<String>,
    /// Only through these VPC endpoints (`vpce-...`), for private APIs.
    pub allow_vpc_endpoints: Vec<String>,
}

impl ResourcePolicy {
    /// The policy: an allow of `execute-api:Invoke` for the accounts (or everyone), then a
    /// deny for requests from outside the IP ranges or VPC endpoints, as AWS's examples write
    /// it.
    pub fn document(&self) -> PolicyDocument {
        // IAM accepts a bare account id as an AWS principal, in every partition.
        let principal = if self.allow_accounts.is_empty() {
            Principal::Anyone
        } else {
            Principal::Accounts(self.allow_accounts.clone())
        };
        let mut statements = vec![invoke(Effect::Allow, principal, None)];
        let denies = [
            ("NotIpAddress", "aws:SourceIp", &self.allow_source_ips),
            (
                "StringNotEquals",
                "aws:SourceVpce",
                &self.allow_vpc_endpoints,
            ),
        ];
        for (operator, key, values) in denies {
            if !values.is_empty() {
                let condition = Condition {
                    operator: operator.into(),
                    key: key.into(),
                    values: OneOrMany::Many(values.iter().map(Text::lit).collect()),
                };
                statements.push(invoke(Effect::Deny, Principal::Anyone, Some(condition)));
            }
        }
        PolicyDocument { statements }
    }
}

/// A statement on invoking any method of the API.
fn invoke(effect: Effect, principal: Principal, condition: Option<Condition>) -> PolicyStatement {
    PolicyStatement {
        sid: None,
        effect,
        principal: Some(principal),
        actions: OneOrMany::One("execute-api:Invoke".into()),
        resources: Some(OneOrMany::One(Text::lit("execute-api:/*"))),
        conditions: condition.into_iter().collect(),
    }
}
