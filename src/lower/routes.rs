//! The routes of a blueprint: each route key parsed, its operation built, its authorization
//! and overrides applied. A problem in one route never hides a problem in another, and a
//! route goes on past a bad authorization or override so its other settings are checked too.

use super::{At, operation, overrides};
use crate::blueprint::{Blueprint, Route};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::check::did_you_mean;
use crate::model::function::Function;
use crate::model::integration::Target;
use crate::model::{ApiPath, Authorization, HttpMethod, Method, Operation, RestApiBuilder};
use crate::services::s3::ListBuckets;
use crate::source::Source;
use std::collections::{BTreeMap, BTreeSet};

/// A route that made it into the model: its blueprint key and spec, and whether its
/// authorization could be lowered (when not, findings about it are left out: the error
/// already reported says what is wrong).
pub(super) struct Lowered<'b> {
    /// The route key as written (`GET /{folder}`).
    pub key: &'b str,
    /// The route's spec.
    pub route: &'b Route,
    /// The operation key it names (`s3.get_object`).
    pub operation: &'b str,
    /// The route's authorization failed to lower.
    pub auth_failed: bool,
}

/// The routes added to `b`, by verb and path.
pub(super) type Index<'b> = BTreeMap<(HttpMethod, ApiPath), Lowered<'b>>;

/// Adds every route of `bp` that can be built to `b`; reports every problem in `diags`.
pub(super) fn routes<'b>(
    bp: &'b Blueprint,
    src: &Source,
    mut b: RestApiBuilder,
    broken_authorizers: &BTreeSet<&str>,
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> (RestApiBuilder, Index<'b>) {
    let mut index = Index::new();
    let mut seen: BTreeMap<(HttpMethod, ApiPath), &str> = BTreeMap::new();
    let mut functions: BTreeMap<String, (Function, ApiPath)> = BTreeMap::new();
    let mut variables: BTreeMap<String, (String, &str)> = BTreeMap::new();
    let api_auth = bp.auth.as_deref().unwrap_or("aws_iam");
    let api_auth_ok = match authorization(api_auth, bp) {
        Ok(_) => true,
        Err(d) => {
            diags.push(d.at(at(&["auth"])));
            false
        }
    };
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
        if let Some(d) = sibling_variable(&path, key, &mut variables) {
            diags.push(d.at(at(&["routes", key])));
        }
        if let Some(first) = seen.insert((verb, path.clone()), key) {
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
        let built = operation::read(key, route, src, at).and_then(|(name, op)| {
            op.build_in(&path, verb, b.owned())
                .map(|m| (name, m))
                .map_err(|e| {
                    let mut keys = vec!["routes", key.as_str(), name];
                    keys.extend(e.field);
                    e.into_diagnostic().at(at(&keys))
                })
        });
        let (operation, mut method) = match built {
            Ok(built) => built,
            Err(d) => {
                diags.push(d);
                // The route's own settings are still checked, on a stand-in method; what
                // depends on the operation (the parameters it declares) is left out.
                if let Ok(mut stand_in) = (ListBuckets {}).build(&path, verb) {
                    for (keys, d) in overrides::apply(route, &mut stand_in, b.owned()) {
                        if d.code != codes::UNDECLARED_PARAM {
                            diags.push(d.at(at(&route_keys(key, &keys))));
                        }
                    }
                }
                continue;
            }
        };
        distinct_function(&mut method, &mut functions);
        let auth = route.auth.as_deref().unwrap_or(api_auth);
        let mut auth_failed = broken_authorizers.contains(auth);
        method.authorization = match authorization(auth, bp) {
            Ok(a) => a,
            Err(d) => {
                if route.auth.is_some() {
                    diags.push(d.at(at(&["routes", key.as_str(), "auth"])));
                }
                auth_failed = true;
                Authorization::AwsIam
            }
        };
        auth_failed |= route.auth.is_none() && !api_auth_ok;
        method.settings.scopes = route.scopes.clone();
        method.settings.cors = route.cors.unwrap_or(bp.cors.is_some());
        for (keys, d) in overrides::apply(route, &mut method, b.owned()) {
            diags.push(d.at(at(&route_keys(key, &keys))));
        }
        for (keys, d) in super::stage::cache_keys(route, &mut method) {
            diags.push(d.at(at(&route_keys(key, &keys))));
        }
        b = b.method(method);
        index.insert(
            (verb, path),
            Lowered {
                key,
                route,
                operation,
                auth_failed,
            },
        );
    }
    (b, index)
}

/// `routes`, the route key, then `keys` under the route.
fn route_keys<'a>(route: &'a str, keys: &'a [String]) -> Vec<&'a str> {
    let mut out = vec!["routes", route];
    out.extend(keys.iter().map(String::as_str));
    out
}

/// `none`, `aws_iam`, or an authorizer's name, as the model's authorization.
/// API Gateway gives a resource one variable child at most: `/{folder}` and `/{bucket}` (or
/// `/{item}` and `/{item+}`) cannot both exist. `variables` holds the variable part met under
/// each parent path so far, and the route key that brought it.
fn sibling_variable<'b>(
    path: &ApiPath,
    key: &'b str,
    variables: &mut BTreeMap<String, (String, &'b str)>,
) -> Option<Diagnostic> {
    let text = path.to_string();
    let parts: Vec<&str> = text.split('/').filter(|p| !p.is_empty()).collect();
    for (i, part) in parts.iter().enumerate() {
        if !part.starts_with('{') {
            continue;
        }
        let parent = format!("/{}", parts[..i].join("/"));
        let (first, first_key) = variables
            .entry(parent.clone())
            .or_insert_with(|| (part.to_string(), key));
        if first != part {
            return Some(
                Diagnostic::error(
                    codes::PATH,
                    format!(
                        "`{part}` and `{first}` (of route `{first_key}`) are both variables under `{parent}`; API Gateway allows one variable path part per parent"
                    ),
                )
                .help(format!("name the variable `{first}` in this route too")),
            );
        }
    }
    None
}

/// Routes whose operations generate a function share it when they generate the same one
/// (the steps of one multipart upload); a route that generates a different function under a
/// name already taken (a second presigned route on the same bucket) gets a name of its own,
/// made from its method and path. Routes on the same path are left to share one name.
fn distinct_function(method: &mut Method, functions: &mut BTreeMap<String, (Function, ApiPath)>) {
    let Target::Lambda(f) = &mut method.integration.target else {
        return;
    };
    // Routes on one path are steps of one pattern (a multipart upload): they must agree, and
    // the model's check says so when they do not.
    if functions
        .get(&f.name)
        .is_some_and(|(g, path)| g != &**f && *path != method.path)
    {
        let route = format!("{} {}", method.verb, method.path).to_ascii_lowercase();
        let words = crate::model::names::owned_name(&route)
            .snake
            .replace('_', "-");
        f.name = format!("{}-{words}", f.name);
    }
    let path = method.path.clone();
    functions
        .entry(f.name.clone())
        .or_insert_with(|| ((**f).clone(), path));
}

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
                let known = ["none", "aws_iam"]
                    .into_iter()
                    .chain(bp.authorizers.keys().map(String::as_str));
                Err(Diagnostic::error(
                    codes::SETTING,
                    format!("`auth: {name}` is not `none`, `aws_iam` or an authorizer"),
                )
                .help(format!(
                    "{}declare authorizers under `authorizers:`",
                    did_you_mean(name, known)
                )))
            }
        },
    }
}
