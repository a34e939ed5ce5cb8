//! What CloudFormation checks before it creates anything: every `Ref`, `Fn::GetAtt`,
//! `Fn::Sub` variable, `DependsOn` and condition name must exist in the template (or be a
//! pseudo parameter), and the resources must not depend on each other in a circle. A template
//! that fails any of these is refused as a whole ("Template format error: Unresolved resource
//! dependencies", "Circular dependency between resources").
//!
//! Templates with a `Transform` are left alone: a macro or SAM adds resources and parameters
//! the template does not show.

use super::text::sub_names;
use super::{CFN_CYCLE, CFN_PSEUDO_PARAMETER, CFN_REFERENCE, Sink, is_container, ptr, ptr_i};
use crate::validate::graph;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// The pseudo parameters CloudFormation defines.
pub(crate) const PSEUDO_PARAMETERS: [&str; 8] = [
    "AWS::AccountId",
    "AWS::NotificationARNs",
    "AWS::NoValue",
    "AWS::Partition",
    "AWS::Region",
    "AWS::StackId",
    "AWS::StackName",
    "AWS::URLSuffix",
];

/// The names a template declares.
struct Names<'a> {
    resources: &'a Map<String, Value>,
    parameters: Option<&'a Map<String, Value>>,
    conditions: Option<&'a Map<String, Value>>,
}

impl Names<'_> {
    fn is_resource(&self, id: &str) -> bool {
        self.resources.contains_key(id)
    }

    fn is_parameter(&self, id: &str) -> bool {
        self.parameters.is_some_and(|p| p.contains_key(id))
    }

    fn is_condition(&self, id: &str) -> bool {
        self.conditions.is_some_and(|c| c.contains_key(id))
    }

    /// The closest declared resource or parameter name, for a "did you mean".
    fn nearest(&self, id: &str, parameters_too: bool) -> Option<String> {
        let params = self
            .parameters
            .filter(|_| parameters_too)
            .into_iter()
            .flat_map(|p| p.keys());
        crate::suggest::closest(id, self.resources.keys().chain(params).map(String::as_str))
            .map(str::to_string)
    }
}

/// The walk over one template: findings go to `sink`, dependencies between resources to
/// `edges` (from the resource being read to the one it names).
struct Walk<'a, 'b> {
    names: Names<'a>,
    sink: &'b mut Sink,
    /// The resource whose body is being read, when it is one.
    from: Option<&'a str>,
    edges: BTreeMap<&'a str, Vec<(String, String)>>,
}

pub(super) fn check_cloudformation(doc: &Value, sink: &mut Sink) {
    if doc.get("Transform").is_some() {
        return;
    }
    let Some(resources) = doc.get("Resources").and_then(Value::as_object) else {
        return;
    };
    let mut w = Walk {
        names: Names {
            resources,
            parameters: doc.get("Parameters").and_then(Value::as_object),
            conditions: doc.get("Conditions").and_then(Value::as_object),
        },
        sink,
        from: None,
        edges: BTreeMap::new(),
    };
    for (id, r) in resources {
        let base = ptr("/Resources", id);
        w.from = Some(id.as_str());
        w.edges.entry(id.as_str()).or_default();
        if let Some(props) = r.get("Properties") {
            w.value(props, &ptr(&base, "Properties"));
        }
        if let Some(d) = r.get("DependsOn") {
            w.depends_on(d, &ptr(&base, "DependsOn"));
        }
        if let Some(Value::String(c)) = r.get("Condition") {
            w.condition(c, &ptr(&base, "Condition"));
        }
    }
    w.from = None;
    for section in ["Outputs", "Conditions"] {
        if let Some(v) = doc.get(section) {
            w.value(v, &ptr("", section));
        }
    }
    if let Some(Value::Object(outputs)) = doc.get("Outputs") {
        for (name, o) in outputs {
            if let Some(Value::String(c)) = o.get("Condition") {
                w.condition(c, &ptr(&ptr("/Outputs", name), "Condition"));
            }
        }
    }
    let Walk { edges, sink, .. } = w;
    cycles(&edges, sink);
}

/// The keys of the intrinsic functions [`Walk::intrinsic`] reads.
const INTRINSICS: [&str; 5] = ["Ref", "Fn::GetAtt", "Fn::Sub", "Fn::If", "Condition"];

impl<'a> Walk<'a, '_> {
    /// Every intrinsic function in `v`, at `at`.
    fn value(&mut self, v: &'a Value, at: &str) {
        match v {
            Value::Object(o) => {
                if o.len() == 1
                    && let Some((k, arg)) = o.iter().next()
                    && INTRINSICS.contains(&k.as_str())
                    && self.intrinsic(k, arg, &ptr(at, k))
                {
                    return;
                }
                // Plain strings and numbers hold no intrinsic: no pointer is made for them.
                for (k, x) in o {
                    if is_container(x) {
                        self.value(x, &ptr(at, k));
                    }
                }
            }
            Value::Array(a) => {
                for (n, x) in a.iter().enumerate() {
                    if is_container(x) {
                        self.value(x, &ptr_i(at, n));
                    }
                }
            }
            _ => {}
        }
    }

    /// Checks one intrinsic function; false when `key` is not one this walk reads (its
    /// argument is then walked as plain data).
    fn intrinsic(&mut self, key: &str, arg: &'a Value, at: &str) -> bool {
        match (key, arg) {
            ("Ref", Value::String(id)) => self.reference(id, at, "Ref"),
            ("Fn::GetAtt", _) => {
                let id = match arg {
                    Value::Array(a) => a.first().and_then(Value::as_str),
                    Value::String(s) => Some(s.split('.').next().unwrap_or(s)),
                    _ => None,
                };
                if let Some(id) = id {
                    self.getatt(id, at);
                }
                self.value(arg, at);
            }
            ("Fn::Sub", _) => self.sub(arg, at),
            ("Fn::If", Value::Array(a)) => {
                if let Some(Value::String(c)) = a.first() {
                    self.condition(c, &ptr_i(at, 0));
                }
                for (n, x) in a.iter().enumerate().skip(1) {
                    self.value(x, &ptr_i(at, n));
                }
            }
            ("Condition", Value::String(c)) => self.condition(c, at),
            _ => return false,
        }
        true
    }

    /// `Ref id` (or `${id}` in `Fn::Sub`): a pseudo parameter, a parameter or a resource.
    fn reference(&mut self, id: &str, at: &str, how: &str) {
        if id.starts_with("AWS::") {
            if !PSEUDO_PARAMETERS.contains(&id) {
                let hint = crate::suggest::closest(id, PSEUDO_PARAMETERS)
                    .map(|p| format!("did you mean `{p}`? "))
                    .unwrap_or_default();
                self.sink.error(
                    CFN_PSEUDO_PARAMETER,
                    at,
                    format!("{how} names `{id}`, which is not a CloudFormation pseudo parameter"),
                    format!(
                        "{hint}the pseudo parameters are {}",
                        PSEUDO_PARAMETERS.join(", ")
                    ),
                );
            }
            return;
        }
        if self.names.is_parameter(id) {
            return;
        }
        if self.names.is_resource(id) {
            self.edge(id, at);
            return;
        }
        let hint = self
            .names
            .nearest(id, true)
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        self.sink.error(
            CFN_REFERENCE,
            at,
            format!(
                "{how} names `{id}`, which is neither a resource nor a parameter of the template"
            ),
            format!("{hint}declare `{id}` under `Resources` or `Parameters`, or name one that is"),
        );
    }

    /// `Fn::GetAtt [id, ...]` (or `${id.attr}` in `Fn::Sub`): a resource.
    fn getatt(&mut self, id: &str, at: &str) {
        if self.names.is_resource(id) {
            self.edge(id, at);
            return;
        }
        let what = if self.names.is_parameter(id) {
            "a parameter, which has no attributes"
        } else {
            "not a resource of the template"
        };
        let hint = self
            .names
            .nearest(id, false)
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        self.sink.error(
            CFN_REFERENCE,
            at,
            format!("Fn::GetAtt names `{id}`, {what}"),
            format!("{hint}name a resource declared under `Resources`"),
        );
    }

    /// `Fn::Sub`: each `${...}` is a variable of its map, a pseudo parameter, a parameter,
    /// a resource or `resource.attribute`; `${!...}` is literal text.
    fn sub(&mut self, arg: &'a Value, at: &str) {
        let (template, vars) = match arg {
            Value::String(s) => (s.as_str(), None),
            Value::Array(a) => match a.as_slice() {
                [Value::String(s), Value::Object(m)] => {
                    self.value(&a[1], &ptr_i(at, 1));
                    (s.as_str(), Some(m))
                }
                _ => {
                    self.value(arg, at);
                    return;
                }
            },
            _ => return,
        };
        let template_at = if vars.is_some() {
            ptr_i(at, 0)
        } else {
            at.to_string()
        };
        for e in sub_names(template) {
            if vars.is_some_and(|m| m.contains_key(e)) {
                continue;
            }
            if e.is_empty() {
                self.sink.error(
                    CFN_REFERENCE,
                    &template_at,
                    "Fn::Sub has an empty variable `${}`",
                    "name a parameter, a resource or a variable of the Fn::Sub map, or write `${!}` for the literal text",
                );
                continue;
            }
            match e.split_once('.') {
                Some((id, _)) if !e.starts_with("AWS::") => {
                    if self.names.is_resource(id) {
                        self.edge(id, &template_at);
                    } else {
                        self.undefined_variable(e, &template_at, vars.is_some());
                    }
                }
                _ if e.starts_with("AWS::") => self.reference(e, &template_at, "Fn::Sub"),
                _ if self.names.is_parameter(e) => {}
                _ if self.names.is_resource(e) => self.edge(e, &template_at),
                _ => self.undefined_variable(e, &template_at, vars.is_some()),
            }
        }
    }

    fn undefined_variable(&mut self, var: &str, at: &str, has_map: bool) {
        let head = var.split('.').next().unwrap_or(var);
        let hint = self
            .names
            .nearest(head, true)
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        let map = if has_map {
            ", a variable of its map"
        } else {
            ""
        };
        self.sink.error(
            CFN_REFERENCE,
            at,
            format!("Fn::Sub uses `${{{var}}}`, which is not a parameter, a resource{map} or a pseudo parameter"),
            format!("{hint}declare it, or write `${{!{var}}}` for the literal text `${{{var}}}`"),
        );
    }

    /// `DependsOn`: one logical id or a list of them, each a resource.
    fn depends_on(&mut self, v: &'a Value, at: &str) {
        let one = |w: &mut Self, id: &str, at: &str| {
            if w.names.is_resource(id) {
                w.edge(id, at);
            } else {
                let hint = w
                    .names
                    .nearest(id, false)
                    .map(|n| format!("did you mean `{n}`? "))
                    .unwrap_or_default();
                w.sink.error(
                    CFN_REFERENCE,
                    at,
                    format!("DependsOn names `{id}`, which is not a resource of the template"),
                    format!("{hint}name a resource declared under `Resources`"),
                );
            }
        };
        match v {
            Value::String(id) => one(self, id, at),
            Value::Array(a) => {
                for (n, x) in a.iter().enumerate() {
                    if let Value::String(id) = x {
                        one(self, id, &ptr_i(at, n));
                    }
                }
            }
            _ => {}
        }
    }

    /// A condition name (`Condition:`, `Fn::If`, `{"Condition": name}`).
    fn condition(&mut self, name: &str, at: &str) {
        if self.names.is_condition(name) {
            return;
        }
        let hint = self
            .names
            .conditions
            .and_then(|c| crate::suggest::closest(name, c.keys().map(String::as_str)))
            .map(|n| format!("did you mean `{n}`? "))
            .unwrap_or_default();
        self.sink.error(
            CFN_REFERENCE,
            at,
            format!("the condition `{name}` is not declared under `Conditions`"),
            format!("{hint}declare it under `Conditions`, or name one that is"),
        );
    }

    /// Records that the resource being read depends on `to`.
    fn edge(&mut self, to: &str, at: &str) {
        if let Some(from) = self.from {
            self.edges
                .entry(from)
                .or_default()
                .push((to.to_string(), at.to_string()));
        }
    }
}

/// Reports each circle of dependencies once, at its first member (in template order is not
/// kept by the map, so by name), with the members in the order they depend on each other.
fn cycles(edges: &BTreeMap<&str, Vec<(String, String)>>, sink: &mut Sink) {
    let ids: Vec<&str> = edges.keys().copied().collect();
    let succ = graph::successors(&ids, |id| {
        edges[id].iter().map(|(to, _)| to.as_str()).collect()
    });
    for component in graph::strongly_connected(&succ) {
        let first = component[0];
        let circular = component.len() > 1 || succ[first].contains(&first);
        if !circular {
            continue;
        }
        let path = graph::circle(first, &component, &succ);
        let names: Vec<&str> = path.iter().map(|n| ids[*n]).collect();
        let at = edges[ids[first]]
            .iter()
            .find(|(to, _)| {
                path.get(1)
                    .or(path.first())
                    .is_some_and(|n| ids[*n] == to.as_str())
            })
            .map_or_else(|| ptr("/Resources", ids[first]), |(_, at)| at.clone());
        let mut shown = names.join(" -> ");
        shown.push_str(" -> ");
        shown.push_str(names[0]);
        sink.error(
            CFN_CYCLE,
            &at,
            format!(
                "circular dependency between resources: {shown} ({} member{})",
                names.len(),
                if names.len() == 1 { "" } else { "s" }
            ),
            "CloudFormation refuses the template; break the circle by removing a Ref, Fn::GetAtt, Fn::Sub or DependsOn, or by moving the link to a separate resource (such as a policy)",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::validate::Format;
    use serde_json::json;

    fn found(doc: &Value, code: &str) -> Vec<String> {
        only(Format::CloudFormation, doc, code)
            .into_iter()
            .map(|(p, _)| p)
            .collect()
    }

    #[test]
    fn the_clean_template_has_no_findings() {
        let doc = cfn(|_| {});
        for code in [CFN_REFERENCE, CFN_PSEUDO_PARAMETER, CFN_CYCLE] {
            assert!(found(&doc, code).is_empty(), "{code}");
        }
    }

    #[test]
    fn missing_names_in_every_form_are_errors_at_the_reference() {
        let doc = cfn(|d| {
            *at(d, "/Resources/Get/Properties/RestApiId") = json!({"Ref": "Apii"});
            *at(d, "/Resources/Get/Properties/Integration/Credentials") =
                json!({"Fn::GetAtt": ["Rolle", "Arn"]});
            *at(d, "/Resources/Deployment0123abcd/DependsOn") = json!(["Get", "Gone"]);
            *at(d, "/Resources/Get/Properties/Integration/Uri") = json!({"Fn::Sub":
                "arn:${AWS::Partition}:apigateway:${Nowhere}:s3:path/${!Literal}/${Api.RootResourceId}"});
            *at(d, "/Resources/Folder/Properties/PathPart") =
                json!({"Fn::Sub": ["${a}-${b}-${Role.Arn}", {"a": "x"}]});
        });
        let mut got = found(&doc, CFN_REFERENCE);
        got.sort();
        assert_eq!(
            got,
            [
                "/Resources/Deployment0123abcd/DependsOn/1",
                "/Resources/Folder/Properties/PathPart/Fn::Sub/0",
                "/Resources/Get/Properties/Integration/Credentials/Fn::GetAtt",
                "/Resources/Get/Properties/Integration/Uri/Fn::Sub",
                "/Resources/Get/Properties/RestApiId/Ref",
            ]
        );
    }

    #[test]
    fn a_parameter_is_a_name_for_ref_and_sub_but_has_no_attributes() {
        let doc = cfn(|d| {
            d["Parameters"] = json!({"Env": {"Type": "String"}});
            *at(d, "/Resources/Stage/Properties/StageName") = json!({"Ref": "Env"});
            *at(d, "/Resources/Folder/Properties/PathPart") = json!({"Fn::Sub": "${Env}"});
            *at(d, "/Resources/Api/Properties/Name") = json!({"Fn::GetAtt": "Env.Arn"});
        });
        assert_eq!(
            found(&doc, CFN_REFERENCE),
            ["/Resources/Api/Properties/Name/Fn::GetAtt"]
        );
    }

    #[test]
    fn unknown_pseudo_parameters_are_errors_known_ones_are_not() {
        let doc = cfn(|d| {
            *at(d, "/Resources/Api/Properties/Name") = json!({"Ref": "AWS::Foo"});
            *at(d, "/Resources/Folder/Properties/PathPart") =
                json!({"Fn::Sub": "${AWS::Regoin}-${AWS::StackName}-${AWS::URLSuffix}"});
        });
        let got = super::super::check(Format::CloudFormation, &doc, "t.json");
        let pseudo: Vec<_> = got
            .iter()
            .filter(|d| d.code == CFN_PSEUDO_PARAMETER)
            .collect();
        assert_eq!(pseudo.len(), 2, "{pseudo:?}");
        assert!(pseudo[1].help.as_deref().unwrap().contains("AWS::Region"));
    }

    #[test]
    fn conditions_must_be_declared() {
        let doc = cfn(|d| {
            d["Conditions"] = json!({"IsProd": {"Fn::Equals": [{"Ref": "AWS::Region"}, "x"]}});
            at(d, "/Resources/Api")
                .as_object_mut()
                .unwrap()
                .insert("Condition".into(), json!("IsProdd"));
            *at(d, "/Resources/Api/Properties/Name") = json!({"Fn::If": ["IsProd", "a", "b"]});
        });
        assert_eq!(found(&doc, CFN_REFERENCE), ["/Resources/Api/Condition"]);
    }

    #[test]
    fn cycles_through_every_kind_of_link_name_their_members() {
        let doc = cfn(|d| {
            // Api -> Role (GetAtt), Role -> Folder (Sub), Folder -> Api (Ref, already there).
            *at(d, "/Resources/Api/Properties/Name") = json!({"Fn::GetAtt": ["Role", "Arn"]});
            at(d, "/Resources/Role/Properties")
                .as_object_mut()
                .unwrap()
                .insert("Path".into(), json!({"Fn::Sub": "/${Folder}/"}));
            // Stage <-> Deployment through DependsOn.
            at(d, "/Resources/Deployment0123abcd")
                .as_object_mut()
                .unwrap()
                .insert("DependsOn".into(), json!(["Get", "Stage"]));
        });
        let got: Vec<_> = super::super::check(Format::CloudFormation, &doc, "t.json")
            .into_iter()
            .filter(|d| d.code == CFN_CYCLE)
            .map(|d| d.message)
            .collect();
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(
            got.iter().any(
                |m| m.contains("Deployment0123abcd -> Stage -> Deployment0123abcd (2 members)")
            ),
            "{got:?}"
        );
        assert!(
            got.iter().any(|m| m.contains("(3 members)")
                && m.contains("Api")
                && m.contains("Role")
                && m.contains("Folder")),
            "{got:?}"
        );
    }

    #[test]
    fn a_resource_naming_itself_is_a_cycle_of_one() {
        let doc = cfn(|d| {
            *at(d, "/Resources/Api/Properties/Name") = json!({"Ref": "Api"});
        });
        assert_eq!(
            found(&doc, CFN_CYCLE),
            ["/Resources/Api/Properties/Name/Ref"]
        );
    }

    #[test]
    fn templates_with_a_transform_are_not_judged() {
        let doc = cfn(|d| {
            d["Transform"] = json!("AWS::Serverless-2016-10-31");
            *at(d, "/Resources/Get/Properties/RestApiId") = json!({"Ref": "ServerlessRestApi"});
        });
        assert!(found(&doc, CFN_REFERENCE).is_empty());
    }

    #[test]
    fn a_long_chain_is_not_a_cycle_and_does_not_overflow() {
        let doc = cfn(|d| {
            let r = at(d, "/Resources").as_object_mut().unwrap();
            for n in 0..5000 {
                r.insert(
                    format!("Q{n}"),
                    json!({"Type": "AWS::SQS::Queue", "DependsOn": format!("Q{}", n + 1)}),
                );
            }
            r.insert("Q5000".into(), json!({"Type": "AWS::SQS::Queue"}));
        });
        assert!(found(&doc, CFN_CYCLE).is_empty());
    }
}
