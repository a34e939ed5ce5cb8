//! The API-wide part of a blueprint: settings, authorizers, usage plan and resource policy,
//! added to the builder (owned resources are in `owns.rs`). What the model checks itself is left to it; this
//! reports only what the model cannot hold.

use super::At;
use crate::blueprint::{Blueprint, Endpoint};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::reference::{self, Place};
use crate::model::{
    ApiPath, Authorizer, AuthorizerKind, Cors, EndpointType, Env, HttpMethod, MethodThrottle,
    Quota, ResourcePolicy, RestApi, RestApiBuilder, Throttle, UsagePlan,
};
use crate::model::{Owned, Text};
use std::collections::BTreeSet;

/// The builder with the blueprint's API-wide settings (name, endpoint, media types, stage,
/// env, CORS, models).
pub(super) fn settings(bp: &Blueprint, at: At, diags: &mut Vec<Diagnostic>) -> RestApiBuilder {
    let mut b =
        RestApi::builder(&bp.api).endpoint(match bp.endpoint.unwrap_or(Endpoint::Regional) {
            Endpoint::Edge => EndpointType::Edge,
            Endpoint::Regional => EndpointType::Regional,
            Endpoint::Private => EndpointType::Private,
        });
    if let Some(d) = &bp.description {
        b = b.description(d);
    }
    b = b.tags(bp.tags.clone());
    for t in &bp.binary_media_types {
        let media_type = t.split_once('/').is_some_and(|(a, b)| {
            let word = |w: &str| {
                !w.is_empty() && !w.contains(['/', ' ']) && !w.contains(char::is_whitespace)
            };
            word(a) && word(b)
        });
        if !media_type {
            diags.push(
                Diagnostic::error(
                    codes::SETTING,
                    format!("binary media type `{t}` is not `type/subtype` (one `/`, no spaces)"),
                )
                .at(at(&["binary_media_types"]))
                .help(
                    "write a media type such as `image/png`, `application/octet-stream` or `*/*`",
                ),
            );
        }
        b = b.binary_media_type(t);
    }
    b = super::stage::stage(bp, b);
    b = b.shape(super::output::shape(bp));
    if let Some(env) = &bp.env {
        if let Some(r) = env
            .region
            .as_deref()
            .filter(|r| !super::overrides::is_region(r))
        {
            diags.push(
                Diagnostic::error(codes::SETTING, format!("`{r}` is not an AWS region name"))
                    .at(at(&["env", "region"]))
                    .help("write a region such as `us-east-1` or `eu-west-2`"),
            );
        }
        if let Some(a) = env.execution_role_arn.as_deref().filter(|a| !role_arn(a)) {
            diags.push(
                Diagnostic::error(codes::SETTING, format!("`{a}` is not an IAM role ARN"))
                    .at(at(&["env", "execution_role_arn"]))
                    .help("write arn:aws:iam::<12-digit account>:role/<name>"),
            );
        }
        b = b.env(Env {
            region: env.region.clone(),
            execution_role_arn: env.execution_role_arn.clone(),
            account_id: env.account_id.clone(),
            resources: env.resources.clone(),
        });
    }
    let route_wants_cors = bp.routes.0.iter().any(|(_, r)| r.cors == Some(true));
    if bp.cors.is_some() || route_wants_cors {
        let mut c = Cors::default();
        if let Some(spec) = &bp.cors {
            if let Some(o) = &spec.allow_origin {
                c.allow_origin = o.clone();
            }
            if let Some(h) = &spec.allow_headers {
                c.allow_headers = h.clone();
            }
            c.max_age = spec.max_age;
            c.allow_credentials = spec.allow_credentials;
        }
        b = b.cors(c);
    }
    for (name, schema) in &bp.models {
        b = b.model(name, schema.clone());
    }
    b
}

/// `arn:<partition>:iam::<12 digits>:role/<path and name>`, as API Gateway takes credentials.
fn role_arn(a: &str) -> bool {
    let f: Vec<&str> = a.splitn(6, ':').collect();
    let name_char = |c: char| c.is_ascii_alphanumeric() || "+=,.@_-/".contains(c);
    f.len() == 6
        && f[0] == "arn"
        && (f[1] == "aws" || f[1].starts_with("aws-"))
        && f[1].chars().all(|c| c.is_ascii_lowercase() || c == '-')
        && f[2] == "iam"
        && f[3].is_empty()
        && f[4].len() == 12
        && f[4].bytes().all(|b| b.is_ascii_digit())
        && f[5].strip_prefix("role/").is_some_and(|n| {
            !n.is_empty() && !n.starts_with('/') && !n.ends_with('/') && n.chars().all(name_char)
        })
}

/// Adds the authorizers, usage plan and resource policy; returns the builder and the names
/// of authorizers that could not be lowered (routes naming them are not checked further
/// for their authorization: the authorizer's own error says what is wrong).
pub(super) fn access<'b>(
    bp: &'b Blueprint,
    mut b: RestApiBuilder,
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> (RestApiBuilder, BTreeSet<&'b str>) {
    let mut broken = BTreeSet::new();
    for (name, spec) in &bp.authorizers {
        let kind = match (
            &spec.cognito_user_pools,
            &spec.lambda_token,
            &spec.lambda_request,
        ) {
            (Some(pools), None, None) => AuthorizerKind::Cognito {
                user_pool_arns: pools.clone(),
            },
            (None, Some(f), None) => {
                match function_arn(f, &["authorizers", name, "lambda_token"], at, diags) {
                    Some(function_arn) => AuthorizerKind::Token { function_arn },
                    None => {
                        broken.insert(name.as_str());
                        continue;
                    }
                }
            }
            (None, None, Some(f)) => {
                match function_arn(f, &["authorizers", name, "lambda_request"], at, diags) {
                    Some(function_arn) => AuthorizerKind::Request { function_arn },
                    None => {
                        broken.insert(name.as_str());
                        continue;
                    }
                }
            }
            (c, t, r) => {
                let n = [c.is_some(), t.is_some(), r.is_some()]
                    .iter()
                    .filter(|k| **k)
                    .count();
                diags.push(
                    Diagnostic::error(
                        codes::SETTING,
                        format!("authorizer `{name}` names {n} kinds; it needs exactly one"),
                    )
                    .at(at(&["authorizers", name]))
                    .help("give one of `cognito_user_pools`, `lambda_token`, `lambda_request`"),
                );
                broken.insert(name.as_str());
                continue;
            }
        };
        b = b.authorizer(
            name,
            Authorizer {
                kind,
                identity_source: spec
                    .identity_source
                    .clone()
                    .unwrap_or_else(|| "method.request.header.Authorization".into()),
                ttl_seconds: spec.ttl_seconds,
            },
        );
    }
    if let Some(u) = &bp.usage_plan {
        b = b.usage_plan(UsagePlan {
            throttle: u.throttle.as_ref().map(|t| Throttle {
                rate_limit: t.rate_limit,
                burst_limit: t.burst_limit,
            }),
            quota: u.quota.as_ref().map(|q| Quota {
                limit: q.limit,
                period: q.period.clone(),
            }),
            api_keys: u.api_keys.clone(),
            method_throttles: method_throttles(u, at, diags),
        });
    }
    if let Some(p) = &bp.resource_policy {
        b = b.resource_policy(ResourcePolicy {
            allow_accounts: p.allow_accounts.clone(),
            allow_source_ips: p.allow_source_ips.clone(),
            allow_vpc_endpoints: p.allow_vpc_endpoints.clone(),
        });
    }
    (b, broken)
}

/// A Lambda authorizer's function ARN with its `${...}` references read (the deployment's
/// partition, region and account); a bad reference is reported at `keys`.
fn function_arn(raw: &str, keys: &[&str], at: At, diags: &mut Vec<Diagnostic>) -> Option<Text> {
    match reference::parse(raw, Place::Arn, &Owned::default()) {
        Ok(t) => Some(t),
        Err(e) => {
            diags.push(e.into_diagnostic().at(at(keys)));
            None
        }
    }
}

/// The plan's per-route throttles; a key that is not `METHOD /path` is reported where it is.
fn method_throttles(
    u: &crate::blueprint::UsagePlanSpec,
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> Vec<MethodThrottle> {
    let mut out = Vec::new();
    for (key, r) in &u.routes {
        let parsed = key
            .split_once(' ')
            .and_then(|(v, p)| Some((HttpMethod::parse(v)?, ApiPath::parse(p.trim()).ok()?)));
        let Some((verb, path)) = parsed else {
            diags.push(
                Diagnostic::error(
                    codes::ROUTE_KEY,
                    format!("usage plan route `{key}` is not `METHOD /path`"),
                )
                .at(at(&["usage_plan", "routes", key]))
                .help("name a route of the blueprint as its key is written, such as `POST /jobs`"),
            );
            continue;
        };
        out.push(MethodThrottle {
            verb,
            path,
            throttle: Throttle {
                rate_limit: r.throttle.rate_limit,
                burst_limit: r.throttle.burst_limit,
            },
        });
    }
    out
}
