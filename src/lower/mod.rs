//! Blueprint -> model. Resolves defaults, builds each route through its service, applies the
//! route's overrides, and reports every problem located in the blueprint.

mod overrides;

use crate::blueprint::{Auth, Blueprint, Endpoint};
use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::model::builder::{check_models, check_refs};
use crate::model::{
    ApiPath, Authorization, EndpointType, Env, HttpMethod, Owned, Queue, RestApi, RestApiBuilder,
    Topic,
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
    for (name, schema) in &bp.models {
        b = b.model(name, schema.clone());
    }
    let mut owned = Owned::default();
    if let Some(owns) = &bp.owns {
        for (name, t) in &owns.topics {
            let topic = Topic {
                fifo: t.fifo,
                subscribers: t.subscribers.clone(),
            };
            owned.topics.insert(name.clone(), topic.clone());
            b = b.topic(name, topic);
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
            owned.queues.insert(name.clone(), queue.clone());
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
        let mut method = match route.operation.build_in(&path, verb, &owned) {
            Ok(m) => m,
            Err(e) => {
                let mut keys = vec!["routes", key.as_str(), route.operation_name.as_str()];
                keys.extend(e.field);
                diags.push(e.into_diagnostic().at(at(&keys)));
                continue;
            }
        };
        method.authorization = authorization(route.auth.or(bp.auth).unwrap_or(Auth::AwsIam));
        if let Err((field, d)) = overrides::apply(route, &mut method) {
            diags.push(d.at(at(&["routes", key.as_str(), field])));
            continue;
        }
        if let Err(d) = check_models(&method, &bp.models) {
            diags.push(d.at(at(&["routes", key.as_str()])));
            continue;
        }
        if let Err(d) = check_refs(&method, &owned) {
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

fn authorization(a: Auth) -> Authorization {
    match a {
        Auth::None => Authorization::None,
        Auth::AwsIam => Authorization::AwsIam,
    }
}
