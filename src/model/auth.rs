//! Who may call the API beyond AWS_IAM: Cognito user pool and Lambda authorizers, API keys
//! with a usage plan, and the API's resource policy.

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
        /// ARN of the authorizer function.
        function_arn: String,
    },
    /// A Lambda function checks request parameters (`REQUEST`).
    Request {
        /// ARN of the authorizer function.
        function_arn: String,
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
    pub fn function_arn(&self) -> Option<&str> {
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
            .push_str(&format!(
                ":lambda:path/2015-03-31/functions/{f}/invocations"
            ));
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
}

/// One statement of the API's resource policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PolicyStatement {
    /// `Allow` or `Deny`.
    pub effect: &'static str,
    /// `*` or AWS principals (account ids).
    pub principals: Vec<String>,
    /// The condition operator and key, and the values (`NotIpAddress`, `aws:SourceIp`).
    pub condition: Option<(&'static str, &'static str, Vec<String>)>,
}

impl PolicyStatement {
    /// The statement as an IAM policy JSON value, on `execute-api:/*`.
    pub fn to_json(&self) -> serde_json::Value {
        let principal = if self.principals == ["*"] {
            serde_json::json!("*")
        } else {
            serde_json::json!({ "AWS": self.principals })
        };
        let mut st = serde_json::json!({
            "Effect": self.effect,
            "Principal": principal,
            "Action": "execute-api:Invoke",
            "Resource": "execute-api:/*",
        });
        if let Some((op, key, values)) = &self.condition {
            st["Condition"] = serde_json::json!({ *op: { *key: values } });
        }
        st
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
    /// The statements: an allow for the accounts (or everyone), then a deny for requests from
    /// outside the IP ranges or VPC endpoints, as AWS's examples write them.
    pub fn statements(&self) -> Vec<PolicyStatement> {
        // IAM accepts a bare account id as an AWS principal, in every partition.
        let principals = if self.allow_accounts.is_empty() {
            vec!["*".to_string()]
        } else {
            self.allow_accounts.clone()
        };
        let mut out = vec![PolicyStatement {
            effect: "Allow",
            principals,
            condition: None,
        }];
        if !self.allow_source_ips.is_empty() {
            out.push(PolicyStatement {
                effect: "Deny",
                principals: vec!["*".into()],
                condition: Some((
                    "NotIpAddress",
                    "aws:SourceIp",
                    self.allow_source_ips.clone(),
                )),
            });
        }
        if !self.allow_vpc_endpoints.is_empty() {
            out.push(PolicyStatement {
                effect: "Deny",
                principals: vec!["*".into()],
                condition: Some((
                    "StringNotEquals",
                    "aws:SourceVpce",
                    self.allow_vpc_endpoints.clone(),
                )),
            });
        }
        out
    }

    /// The policy document.
    pub fn document(&self) -> serde_json::Value {
        let st: Vec<serde_json::Value> = self
            .statements()
            .iter()
            .map(PolicyStatement::to_json)
            .collect();
        serde_json::json!({ "Version": "2012-10-17", "Statement": st })
    }
}
