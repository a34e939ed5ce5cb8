//! Blueprint -> model. Resolves defaults, builds each route through its service, applies the
//! route's overrides, and reports every problem located in the blueprint.

mod overrides;

use crate::blueprint::{Blueprint, Endpoint};
use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::builder::{check_models, check_refs};
use crate::model::{
    ApiPath, Authorization, Authorizer, AuthorizerKind, Bucket, Cors, EndpointType, Env,
    HttpMethod, Queue, Quota, ResourcePolicy, RestApi, RestApiBuilder, Throttle, Topic, UsagePlan,
};
use crate::source::Source;

/// The model of `bp`, or every problem found, each located in `src`.
pub fn lower(bp: &Blueprint, src: &Source) -> Result<RestApi, Vec<Diagnostic>> {
    let at = |path: &[&str]| {
        let (line, column) = src.locate(path).unwrap_or((1, 1));
        Location::new(&src.file, line, column)
    };
    let mut diags = Vec::new();
    let mut b: RestApiBuilder =
        RestApi::builder(&bp.api).endpoint(match bp.endpoint.unwrap_or(Endpoint::Regional) {
            Endpoint::Edge => EndpointType::Edge,
            Endpoint::Regional => EndpointType::Regional,
            Endpoint::Private => EndpointType::Private,
        });
    if let Some(d) = &bp.description {
        b = b.description(d);
    }
    for t in &bp.binary_media_types {
        if !t.contains('/') {
            diags.push(
                Diagnostic::error(
                    codes::SETTING,
                    format!("binary media type `{t}` is not `type/subtype`"),
                )
                .at(at(&["binary_media_types"]))
                .help(
                    "write a media type such as `image/png`, `application/octet-stream` or `*/*`",
                ),
            );
        }
        b = b.binary_media_type(t);
    }
    if let Some(s) = &bp.stage {
        b = b.stage(s);
    }
    for (k, v) in &bp.stage_variables {
        b = b.stage_variable(k, v);
    }
    if let Some(env) = &bp.env {
        b = b.env(Env {
            region: env.region.clone(),
            execution_role_arn: env.execution_role_arn.clone(),
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
    let (next, access_diags) = access(bp, b, &at);
    b = next;
    diags.extend(access_diags);
    if let Some(owns) = &bp.owns {
        for (name, t) in &owns.topics {
            let topic = Topic {
                fifo: t.fifo,
                subscribers: t.subscribers.clone(),
            };
            b = b.topic(name, topic);
        }
        for (name, bk) in &owns.buckets {
            let bucket = Bucket {
                versioning: bk.versioning,
                expire_after_days: bk.expire_after_days,
                abort_incomplete_uploads_after_days: bk.abort_incomplete_uploads_after_days,
            };
            b = b.bucket(name, bucket);
        }
        for (name, spec) in &owns.upload_distributions {
            if !owns.buckets.contains_key(&spec.bucket) {
                diags.push(
                    Diagnostic::error(
                        codes::SETTING,
                        format!("upload distribution `{name}` writes to `{}`, which the blueprint does not own", spec.bucket),
                    )
                    .at(at(&["owns", "upload_distributions", name, "bucket"]))
                    .help("declare the bucket under `owns: { buckets: ... }`: the distribution needs its policy"),
                );
                continue;
            }
            let prefix = spec
                .path_prefix
                .clone()
                .unwrap_or_else(|| "incoming/".into());
            if prefix.is_empty() || !prefix.ends_with('/') || prefix.contains(['*', '?', '\\']) {
                diags.push(
                    Diagnostic::error(
                        codes::SETTING,
                        format!("path_prefix `{prefix}` must be a folder ending in `/`"),
                    )
                    .at(at(&["owns", "upload_distributions", name, "path_prefix"]))
                    .help("write a prefix such as `incoming/`"),
                );
                continue;
            }
            let d = crate::services::cloudfront::upload_distribution(
                &spec.bucket,
                &prefix,
                spec.token_issuer.as_deref(),
            );
            b = b.distribution(name, d);
        }
        for (name, q) in &owns.queues {
            if q.visibility_timeout.is_some_and(|v| v > 43_200) {
                diags.push(
                    Diagnostic::error(
                        codes::SETTING,
                        format!("queue `{name}`: visibility_timeout is over 43200 s"),
                    )
                    .at(at(&["owns", "queues", name, "visibility_timeout"]))
                    .help("SQS allows 0 to 43200 seconds (12 hours)"),
                );
            }
            let queue = Queue {
                fifo: q.fifo,
                content_based_deduplication: q.content_based_deduplication,
                visibility_timeout: q.visibility_timeout,
            };
            b = b.queue(name, queue);
        }
    }
    if bp.routes.0.is_empty() {
        diags.push(
            Diagnostic::error(codes::BLUEPRINT_SHAPE, "the blueprint has no routes")
                .at(at(&["routes"]))
                .help("add a route such as `GET /: { s3.list_buckets: {} }`"),
        );
    }
    if bp.api.trim().is_empty() || bp.api.len() > 1024 {
        diags.push(
            Diagnostic::error(
                codes::SETTING,
                "the API name must have 1 to 1024 characters",
            )
            .at(at(&["api"]))
            .help("give the API a short name, such as `MyS3`"),
        );
    }
    if let Some(stage) = &bp.stage
        && let Err(d) = crate::model::builder::check_stage_name(stage)
    {
        diags.push(d.at(at(&["stage"])));
    }
    let mut seen: std::collections::BTreeMap<(HttpMethod, ApiPath), &str> =
        std::collections::BTreeMap::new();
    for (key, route) in &bp.routes.0 {
        let Some((verb, path)) = key
            .split_once(' ')
            .and_then(|(v, p)| Some((HttpMethod::parse(v)?, p.trim())))
        else {
            diags.push(
                Diagnostic::error(codes::ROUTE_KEY, format!("route key `{key}` is not `METHOD /path`"))
                    .at(at(&["routes", key]))
                    .help("write it as `GET /{folder}`; methods are GET PUT POST DELETE HEAD OPTIONS PATCH ANY"),
            );
            continue;
        };
        let path = match ApiPath::parse(path) {
            Ok(p) => p,
            Err(e) => {
                diags.push(
                    Diagnostic::error(codes::PATH, e.0)
                        .at(at(&["routes", key]))
                        .help("paths look like `/`, `/{folder}`, `/files/{key+}`"),
                );
                continue;
            }
        };
        if let Some(first) = seen.insert((verb, path.clone()), key.as_str()) {
            diags.push(
                Diagnostic::error(
                    codes::DUPLICATE_ROUTE,
                    format!("route `{key}` is the same as `{first}`"),
                )
                .at(at(&["routes", key]))
                .help("keep one of the two routes (`/a` and `/a/` are the same path)"),
            );
            continue;
        }
        let mut method = match route.operation.build_in(&path, verb, b.owned()) {
            Ok(m) => m,
            Err(e) => {
                let mut keys = vec!["routes", key.as_str(), route.operation_name.as_str()];
                keys.extend(e.field);
                diags.push(e.into_diagnostic().at(at(&keys)));
                continue;
            }
        };
        let auth = route
            .auth
            .as_deref()
            .or(bp.auth.as_deref())
            .unwrap_or("aws_iam");
        method.authorization = match authorization(auth, bp) {
            Ok(a) => a,
            Err(d) => {
                let key = if route.auth.is_some() {
                    vec!["routes", key.as_str(), "auth"]
                } else {
                    vec!["auth"]
                };
                diags.push(d.at(at(&key)));
                continue;
            }
        };
        method.settings.scopes = route.scopes.clone();
        method.settings.cors = route.cors.unwrap_or(bp.cors.is_some());
        if let Err((field, d)) = overrides::apply(route, &mut method) {
            diags.push(d.at(at(&["routes", key.as_str(), field])));
            continue;
        }
        if let Err(d) = check_models(&method, &bp.models) {
            diags.push(d.at(at(&["routes", key.as_str()])));
            continue;
        }
        if let Err(d) = check_refs(&method, b.owned()) {
            diags.push(d.at(at(&["routes", key.as_str(), route.operation_name.as_str()])));
            continue;
        }
        b = b.method(method);
    }
    if !diags.is_empty() {
        return Err(diags);
    }
    b.build().map_err(|d| {
        let loc = at(&["routes"]);
        vec![d.at(loc)]
    })
}

/// `none`, `aws_iam`, or an authorizer's name, as the model's authorization.
fn authorization(a: &str, bp: &Blueprint) -> Result<Authorization, Diagnostic> {
    match a {
        "none" => Ok(Authorization::None),
        "aws_iam" => Ok(Authorization::AwsIam),
        name => match bp.authorizers.get(name) {
            Some(spec) if spec.cognito_user_pools.is_some() => {
                Ok(Authorization::Cognito(name.to_string()))
            }
            Some(_) => Ok(Authorization::Custom(name.to_string())),
            None => {
                let known: Vec<&str> = ["none", "aws_iam"]
                    .into_iter()
                    .chain(bp.authorizers.keys().map(String::as_str))
                    .collect();
                let hint = crate::suggest::closest(name, known.iter().copied())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                Err(Diagnostic::error(
                    codes::SETTING,
                    format!("`auth: {name}` is not `none`, `aws_iam` or an authorizer"),
                )
                .help(format!("{hint}declare authorizers under `authorizers:`")))
            }
        },
    }
}

/// The authorizers, usage plan and resource policy of the blueprint.
fn access(
    bp: &Blueprint,
    mut b: RestApiBuilder,
    at: &dyn Fn(&[&str]) -> Location,
) -> (RestApiBuilder, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    for (name, spec) in &bp.authorizers {
        let kinds = [
            spec.cognito_user_pools.is_some(),
            spec.lambda_token.is_some(),
            spec.lambda_request.is_some(),
        ];
        let kind = match (
            &spec.cognito_user_pools,
            &spec.lambda_token,
            &spec.lambda_request,
        ) {
            (Some(pools), None, None) => AuthorizerKind::Cognito {
                user_pool_arns: pools.clone(),
            },
            (None, Some(f), None) => AuthorizerKind::Token {
                function_arn: f.clone(),
            },
            (None, None, Some(f)) => AuthorizerKind::Request {
                function_arn: f.clone(),
            },
            _ => {
                let n = kinds.iter().filter(|k| **k).count();
                diags.push(
                    Diagnostic::error(
                        codes::SETTING,
                        format!("authorizer `{name}` names {n} kinds; it needs exactly one"),
                    )
                    .at(at(&["authorizers", name]))
                    .help("give one of `cognito_user_pools`, `lambda_token`, `lambda_request`"),
                );
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
        });
    }
    if let Some(p) = &bp.resource_policy {
        b = b.resource_policy(ResourcePolicy {
            allow_accounts: p.allow_accounts.clone(),
            allow_source_ips: p.allow_source_ips.clone(),
            allow_vpc_endpoints: p.allow_vpc_endpoints.clone(),
        });
    }
    (b, diags)
}
