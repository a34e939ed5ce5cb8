//! Dependency circles between resources and data sources: Terraform refuses to plan a
//! configuration whose blocks depend on each other in a circle ("Error: Cycle: ..."), whether
//! the links are references in arguments or `depends_on` entries.

use std::collections::BTreeMap;

use serde_json::Value;

use super::expr::{self, Traversal};
use super::schema::Kind;
use super::{At, Checker, Sections, TF016};
use crate::validate::graph;

impl<'a> Checker<'a> {
    /// Reports each circle of dependencies once, at the link leaving its first member.
    pub(super) fn check_cycles(&mut self, s: &Sections<'a>) {
        let mut edges: BTreeMap<String, Vec<(String, At)>> = BTreeMap::new();
        for (kind, items) in [(Kind::Managed, &s.resources), (Kind::Data, &s.data)] {
            for item in items {
                let from = super::address(kind, item.labels[0], item.labels[1]);
                let mut out = Vec::new();
                for (key, v) in item.body {
                    let at = item.at.key(key);
                    if key == "depends_on" {
                        if let Value::Array(list) = v {
                            for (i, x) in list.iter().enumerate() {
                                if let Some(t) = x.as_str().and_then(expr::parse_traversal) {
                                    self.link(&t, &at.index(i), &mut out);
                                }
                            }
                        }
                    } else if key != "lifecycle" && key != "provider" {
                        self.links_in(v, &at, &mut out, 0);
                    }
                }
                edges.entry(from).or_default().extend(out);
            }
        }
        let ids: Vec<&String> = edges.keys().collect();
        let names: Vec<&str> = ids.iter().map(|s| s.as_str()).collect();
        let succ = graph::successors(&names, |id| {
            edges[id].iter().map(|(to, _)| to.as_str()).collect()
        });
        let mut found = Vec::new();
        for component in graph::strongly_connected(&succ) {
            let first = component[0];
            if component.len() == 1 && !succ[first].contains(&first) {
                continue;
            }
            let path = graph::circle(first, &component, &succ);
            let next = path.get(1).copied().unwrap_or(first);
            let Some((_, at)) = edges[ids[first]]
                .iter()
                .find(|(to, _)| names[next] == to.as_str())
            else {
                continue;
            };
            let mut shown: Vec<&str> = path.iter().map(|n| ids[*n].as_str()).collect();
            shown.push(ids[first]);
            found.push((at.clone(), shown.join(" -> "), path.len()));
        }
        for (at, shown, members) in found {
            self.error(
                TF016,
                &at,
                format!(
                    "dependency cycle: {shown} ({members} member{}); Terraform cannot order these blocks",
                    if members == 1 { "" } else { "s" }
                ),
                "remove one link of the cycle (a reference or a `depends_on` entry)",
            );
        }
    }

    /// Links from every reference in the strings of `v`.
    fn links_in(&self, v: &Value, at: &At, out: &mut Vec<(String, At)>, depth: usize) {
        if depth > 128 {
            return;
        }
        match v {
            Value::String(s) if expr::has_template(s) => {
                for t in expr::scan_template(s).traversals {
                    self.link(&t, at, out);
                }
            }
            Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    self.links_in(x, &at.index(i), out, depth + 1);
                }
            }
            Value::Object(o) => {
                for (k, x) in o {
                    self.links_in(x, &at.key(k), out, depth + 1);
                }
            }
            _ => {}
        }
    }

    /// The declared resource or data source `t` names, as a link.
    fn link(&self, t: &Traversal, at: &At, out: &mut Vec<(String, At)>) {
        let (kind, ty, name) = if t.root == "data" {
            match (t.attr(0), t.attr(1)) {
                (Some(ty), Some(name)) => (Kind::Data, ty, name),
                _ => return,
            }
        } else {
            match t.attr(0) {
                Some(name) => (Kind::Managed, t.root.as_str(), name),
                None => return,
            }
        };
        let declared = match kind {
            Kind::Data => &self.data,
            _ => &self.managed,
        };
        if declared.get(ty).is_some_and(|d| d.names.contains(name)) {
            out.push((super::address(kind, ty, name), at.clone()));
        }
    }
}
