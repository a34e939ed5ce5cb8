//! The resource tree: path parts API Gateway accepts, greedy variables last, one variable per
//! set of siblings, and no resource or method twice.

use super::view::ApiView;
use super::{DUPLICATE_ROUTE, GREEDY_PATH, PATH_PART, SIBLING_PATH_VARIABLES, Sink};
use std::collections::{BTreeMap, HashSet};

pub(super) fn check(api: &ApiView, sink: &mut Sink) {
    // Every distinct path (ancestors included), with the pointer of the first place naming it
    // and whether its last part still needs checking (declared resources check their own part).
    let mut nodes: Vec<(String, String, bool)> = Vec::new();
    let mut known: HashSet<String> = HashSet::new();
    let mut seen_declared: HashSet<&str> = HashSet::new();
    for r in &api.resources {
        if let Some(part) = &r.part
            && !part_ok(part)
        {
            sink.error(
                PATH_PART,
                &r.pointer,
                format!("path part `{part}` has characters API Gateway refuses"),
                PART_HELP,
            );
        }
        if r.part.is_some() && !seen_declared.insert(&r.path) {
            sink.error(
                    DUPLICATE_ROUTE,
                    &r.pointer,
                    format!("two resources of {} have the path `{}`", api.name, r.path),
                    "API Gateway refuses a second resource with the same parent and path part; keep one",
                );
        }
        if r.path == "/" {
            continue;
        }
        let mut path = String::new();
        for seg in r.path.split('/').skip(1) {
            path.push('/');
            path.push_str(seg);
            if known.insert(path.clone()) {
                nodes.push((
                    path.clone(),
                    r.pointer.spelled().into_owned(),
                    r.part.is_none(),
                ));
            }
        }
    }
    let mut children: BTreeMap<&str, Vec<(&str, &str)>> = BTreeMap::new();
    for (path, pointer, unchecked) in &nodes {
        let (parent, part) = path.rsplit_once('/').unwrap_or(("", path));
        if *unchecked && !part_ok(part) {
            sink.error(
                PATH_PART,
                pointer,
                format!("path part `{part}` of `{path}` has characters API Gateway refuses"),
                PART_HELP,
            );
        }
        let parent = if parent.is_empty() { "/" } else { parent };
        children.entry(parent).or_default().push((part, pointer));
    }
    for (parent, kids) in &children {
        let last = parent.rsplit('/').next().unwrap_or("");
        if last.ends_with("+}") {
            let (part, pointer) = kids[0];
            sink.error(
                GREEDY_PATH,
                pointer,
                format!("`{parent}/{part}` continues after the greedy variable `{last}`"),
                "a greedy path variable `{name+}` must be the last part of a path",
            );
        }
        let vars: Vec<&(&str, &str)> = kids.iter().filter(|(p, _)| p.starts_with('{')).collect();
        if let Some((first, _)) = vars.first() {
            for (other, pointer) in vars.iter().skip(1) {
                sink.error(
                    SIBLING_PATH_VARIABLES,
                    pointer,
                    format!(
                        "`{}` has two variable children, `{first}` and `{other}`",
                        parent
                    ),
                    "API Gateway allows one variable path part per parent: use the same name in both routes",
                );
            }
        }
    }
    let mut routes: HashSet<String> = HashSet::new();
    for m in &api.methods {
        let (Some(_), Some(_)) = (&m.http_method, &m.path) else {
            continue;
        };
        let route = m.route();
        if routes.contains(&route) {
            sink.error(
                DUPLICATE_ROUTE,
                &m.pointer,
                format!("{route} is defined twice in {}", api.name),
                "a resource has one method per HTTP verb; remove or merge the second",
            );
        }
        routes.insert(route);
    }
}

const PART_HELP: &str =
    "a path part is letters, digits, `.`, `_` and `-`, or a variable `{name}` / `{name+}`";

/// `a-Z0-9._-`, or `{name}` / `{name+}` with such a name.
fn part_ok(part: &str) -> bool {
    let word = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
    };
    match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
        Some(inner) => word(inner.strip_suffix('+').unwrap_or(inner)),
        None => word(part),
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Severity;
    use crate::validate::Format;
    use serde_json::json;

    fn add_resource(d: &mut serde_json::Value, id: &str, parent: serde_json::Value, part: &str) {
        at(d, "/Resources").as_object_mut().unwrap().insert(
            id.into(),
            json!({"Type": "AWS::ApiGateway::Resource", "Properties": {"RestApiId": {"Ref": "Api"}, "ParentId": parent, "PathPart": part}}),
        );
    }

    #[test]
    fn path_parts() {
        assert!(part_ok("items"));
        assert!(part_ok("{stream-name}"));
        assert!(part_ok("{proxy+}"));
        assert!(!part_ok("a b"));
        assert!(!part_ok(""));
        assert!(!part_ok("{}"));
        assert!(!part_ok("items:search"));
        let bad = cfn(|d| add_resource(d, "Bad", json!({"Ref": "Folder"}), "a/b"));
        assert_eq!(
            only(Format::CloudFormation, &bad, PATH_PART),
            vec![("/Resources/Bad".to_string(), Severity::Error)]
        );
    }

    #[test]
    fn sibling_variables_and_greedy_parts() {
        let root = json!({"Fn::GetAtt": ["Api", "RootResourceId"]});
        let bad = cfn(|d| add_resource(d, "Other", root.clone(), "{name}"));
        assert_eq!(
            only(Format::CloudFormation, &bad, SIBLING_PATH_VARIABLES),
            vec![("/Resources/Other".to_string(), Severity::Error)]
        );
        let bad = cfn(|d| {
            add_resource(d, "Proxy", root.clone(), "{proxy+}");
            add_resource(d, "Under", json!({"Ref": "Proxy"}), "x");
        });
        assert_eq!(
            only(Format::CloudFormation, &bad, GREEDY_PATH),
            vec![("/Resources/Under".to_string(), Severity::Error)]
        );
        let bad = oas(|d| {
            let item = at(d, "/paths/~1{folder}").clone();
            at(d, "/paths")
                .as_object_mut()
                .unwrap()
                .insert("/{name}/x".into(), item);
        });
        assert_eq!(
            only(Format::OpenApi3, &bad, SIBLING_PATH_VARIABLES),
            vec![("/paths/~1{name}~1x".to_string(), Severity::Error)]
        );
    }

    #[test]
    fn duplicate_resources_and_methods() {
        let bad = cfn(|d| {
            add_resource(
                d,
                "Again",
                json!({"Fn::GetAtt": ["Api", "RootResourceId"]}),
                "{folder}",
            );
            let get = at(d, "/Resources/Get").clone();
            at(d, "/Resources")
                .as_object_mut()
                .unwrap()
                .insert("Get2".into(), get);
        });
        assert_eq!(
            only(Format::CloudFormation, &bad, DUPLICATE_ROUTE),
            vec![
                ("/Resources/Again".to_string(), Severity::Error),
                ("/Resources/Get2".to_string(), Severity::Error)
            ]
        );
    }
}
