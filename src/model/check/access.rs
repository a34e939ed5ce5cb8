//! Checks of who may call the API: authorizers, the usage plan, the resource policy, and the
//! authorization of each method.

use super::{Finding, MethodPart, RouteName, did_you_mean};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::limits::MAX_AUTHORIZER_TTL_S;
use crate::model::api::{EndpointType, RestApi};
use crate::model::auth::AuthorizerKind;
use crate::model::method::Authorization;
use crate::model::text::Pseudo;

fn error(message: String, help: &str) -> Diagnostic {
    Diagnostic::error(codes::SETTING, message).help(help.to_string())
}

/// Letters, digits, `-` and `_`, at least one.
fn usable(name: &str) -> bool {
    !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Authorizers, usage plan and resource policy hold values API Gateway accepts, and every
/// method names an authorizer that exists, of the right kind.
pub(super) fn check_access(api: &RestApi) -> Vec<Finding> {
    let mut out = authorizers(api);
    out.extend(method_auth(api));
    out.extend(usage_plan(api));
    out.extend(resource_policy(api));
    out
}

/// A region as AWS writes it in ARNs: `us-east-1`, `us-gov-west-1`, `eusc-de-east-1`.
fn region_ok(r: &str) -> bool {
    let r = r.strip_prefix("eusc-").unwrap_or(r);
    let w: Vec<&str> = r.split('-').collect();
    let letters = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase());
    let digit = |s: &str| s.len() == 1 && s.bytes().all(|b| b.is_ascii_digit());
    let area = |s: &str| {
        s == "gov"
            || s.strip_prefix("iso")
                .is_some_and(|x| x.len() <= 1 && (x.is_empty() || letters(x)))
    };
    match w.as_slice() {
        [c, p, n] => c.len() == 2 && letters(c) && letters(p) && digit(n),
        [c, a, p, n] => c.len() == 2 && letters(c) && area(a) && letters(p) && digit(n),
        _ => false,
    }
}

/// A Lambda function ARN as CloudFormation and API Gateway take it:
/// `arn:<partition>:lambda:<region>:<12 digits>:function:<name>[:<version or alias>]`.
fn lambda_function_arn(arn: &str) -> bool {
    let p: Vec<&str> = arn.split(':').collect();
    let word = |s: &str| {
        !s.is_empty()
            && s.len() <= 64
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    };
    let partition = |s: &str| {
        s.strip_prefix("aws")
            .is_some_and(|x| x.chars().all(|c| c.is_ascii_alphabetic() || c == '-'))
    };
    let head = p.len() >= 7
        && p[0] == "arn"
        && partition(p[1])
        && p[2] == "lambda"
        && region_ok(p[3])
        && p[4].len() == 12
        && p[4].bytes().all(|b| b.is_ascii_digit())
        && p[5] == "function"
        && word(p[6]);
    match p.get(7) {
        _ if !head || p.len() > 8 => false,
        None => true,
        Some(q) => *q == "$LATEST" || word(q),
    }
}

fn authorizers(api: &RestApi) -> Vec<Finding> {
    let mut out = Vec::new();
    for (name, a) in &api.authorizers {
        let at = |field: &str, d| Finding::setting(&["authorizers", name, field], d);
        if !usable(name) {
            out.push(Finding::setting(
                &["authorizers", name],
                error(
                    format!("authorizer name `{name}` is not usable"),
                    "use letters, digits, `-` or `_`",
                ),
            ));
        }
        if a.ttl_seconds.is_some_and(|t| t > MAX_AUTHORIZER_TTL_S) {
            out.push(at(
                "ttl_seconds",
                error(
                    format!("authorizer `{name}`: ttl over {MAX_AUTHORIZER_TTL_S} s"),
                    &format!("API Gateway caches decisions 0 to {MAX_AUTHORIZER_TTL_S} s"),
                ),
            ));
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
                    out.push(at(
                        "cognito_user_pools",
                        error(
                            format!("authorizer `{name}` needs Cognito user pool ARNs"),
                            "write arn:aws:cognito-idp:<region>:<account>:userpool/<id>",
                        ),
                    ));
                }
            }
            AuthorizerKind::Token { function_arn } | AuthorizerKind::Request { function_arn } => {
                // The deployment's own region and account stand in as values of their shape.
                let shape = function_arn.render(
                    |s| s.to_string(),
                    |p| {
                        match p {
                            Pseudo::Partition => "aws",
                            Pseudo::Region => "us-east-1",
                            Pseudo::AccountId => "123456789012",
                            Pseudo::UrlSuffix => "amazonaws.com",
                        }
                        .to_string()
                    },
                );
                if function_arn.refs().next().is_some() || !lambda_function_arn(&shape) {
                    let field = match a.kind {
                        AuthorizerKind::Token { .. } => "lambda_token",
                        _ => "lambda_request",
                    };
                    out.push(at(
                        field,
                        error(
                            format!(
                                "authorizer `{name}`: `{function_arn}` is not a Lambda function ARN"
                            ),
                            "write arn:aws:lambda:<region>:<12-digit account>:function:<name>, the name of letters, digits, `-` and `_` (and `:<version or alias>` if any)",
                        ),
                    ));
                }
            }
        }
        if !a.identity_source.split(',').all(|s| {
            let s = s.trim();
            s.starts_with("method.request.")
                || s.starts_with("context.")
                || s.starts_with("stageVariables.")
        }) {
            out.push(at(
                "identity_source",
                error(
                    format!(
                        "authorizer `{name}`: identity source `{}` is not a request parameter",
                        a.identity_source
                    ),
                    "write method.request.header.Authorization",
                ),
            ));
        }
    }
    out
}

fn method_auth(api: &RestApi) -> Vec<Finding> {
    let mut out = Vec::new();
    for m in &api.methods {
        let route = RouteName(m);
        let cognito = match m.authorization.authorizer() {
            None => false,
            Some(name) => match api.authorizers.get(name) {
                None => {
                    let hint = did_you_mean(name, api.authorizers.keys().map(String::as_str));
                    out.push(Finding::method(
                        m,
                        MethodPart::Option("auth"),
                        error(
                            format!(
                                "{route} uses authorizer `{name}`, which the API does not define"
                            ),
                            &format!("{hint}define it under `authorizers:`"),
                        ),
                    ));
                    continue;
                }
                Some(a) => {
                    let cognito = matches!(a.kind, AuthorizerKind::Cognito { .. });
                    if cognito != matches!(m.authorization, Authorization::Cognito(_)) {
                        out.push(Finding::method(
                            m,
                            MethodPart::Option("auth"),
                            error(
                                format!("{route}: authorizer `{name}` is of another kind"),
                                "check `auth:`",
                            ),
                        ));
                        continue;
                    }
                    cognito
                }
            },
        };
        if !m.settings.scopes.is_empty() && !cognito {
            out.push(Finding::method(
                m,
                MethodPart::Option("scopes"),
                error(
                    format!("{route}: scopes need a Cognito authorizer"),
                    "remove `scopes`",
                ),
            ));
        }
    }
    out
}

fn usage_plan(api: &RestApi) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(plan) = &api.usage_plan else {
        if let Some(m) = api.methods.iter().find(|m| m.settings.api_key_required) {
            out.push(Finding::method(
                m,
                MethodPart::Option("api_key"),
                error(
                    "routes require API keys, but the API has no usage plan".into(),
                    "add `usage_plan:` with at least one API key",
                ),
            ));
        }
        return out;
    };
    const PERIODS: [&str; 3] = ["DAY", "WEEK", "MONTH"];
    if let Some(q) = &plan.quota
        && !PERIODS.contains(&q.period.as_str())
    {
        let upper = q.period.to_ascii_uppercase();
        let hint = match PERIODS.iter().find(|p| **p == upper) {
            Some(p) => format!("did you mean `{p}`? "),
            None => did_you_mean(&upper, PERIODS),
        };
        out.push(Finding::setting(
            &["usage_plan", "quota", "period"],
            error(
                format!("quota period `{}` is not DAY, WEEK or MONTH", q.period),
                &format!("{hint}use DAY, WEEK or MONTH"),
            ),
        ));
    }
    if let Some(t) = &plan.throttle
        && (t.rate_limit == 0 || t.burst_limit == 0)
    {
        out.push(Finding::setting(
            &["usage_plan", "throttle"],
            error(
                "throttle limits must be positive".into(),
                "set rate_limit and burst_limit above 0",
            ),
        ));
    }
    for k in plan.api_keys.iter().filter(|k| !usable(k)) {
        out.push(Finding::setting(
            &["usage_plan", "api_keys"],
            error(
                format!("API key name `{k}` is not usable"),
                "use letters, digits, `-` or `_`",
            ),
        ));
    }
    out
}

fn resource_policy(api: &RestApi) -> Vec<Finding> {
    let mut out = Vec::new();
    let Some(p) = &api.resource_policy else {
        if api.endpoint == EndpointType::Private {
            out.push(Finding::setting(
                &["endpoint"],
                error(
                    "a private API needs a resource policy, or no one can call it".into(),
                    "add `resource_policy: { allow_vpc_endpoints: [vpce-...] }`",
                ),
            ));
        }
        return out;
    };
    for a in p
        .allow_accounts
        .iter()
        .filter(|a| a.len() != 12 || !a.chars().all(|c| c.is_ascii_digit()))
    {
        out.push(Finding::setting(
            &["resource_policy", "allow_accounts"],
            error(
                format!("resource policy account `{a}` is not a 12-digit id"),
                "write the account id, such as 123456789012",
            ),
        ));
    }
    for v in p
        .allow_vpc_endpoints
        .iter()
        .filter(|v| !v.starts_with("vpce-"))
    {
        out.push(Finding::setting(
            &["resource_policy", "allow_vpc_endpoints"],
            error(
                format!("VPC endpoint id `{v}` does not start with `vpce-`"),
                "write the endpoint id, such as vpce-0123456789abcdef0",
            ),
        ));
    }
    out
}
