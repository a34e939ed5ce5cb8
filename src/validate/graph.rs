//! Dependency circles, for the checks of CloudFormation templates and Terraform
//! configurations: the strongly connected components of a graph, and one circle through a
//! member to show the user.

use std::collections::HashMap;

/// The strongly connected components of a graph (Tarjan's algorithm, iterative so that a
/// long chain cannot overflow the stack); each component's members sorted, components by
/// their first member.
pub(crate) fn strongly_connected(succ: &[Vec<usize>]) -> Vec<Vec<usize>> {
    let n = succ.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut next = 0;
    let mut out = Vec::new();
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut child)) = work.last_mut() {
            if let Some(&w) = succ[v].get(*child) {
                *child += 1;
                if index[w] == usize::MAX {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    work.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                component.sort_unstable();
                out.push(component);
            }
        }
    }
    out.sort();
    out
}

/// A circle through `start` inside `component`, as the members in dependency order
/// (breadth-first, so the shortest one).
pub(crate) fn circle(start: usize, component: &[usize], succ: &[Vec<usize>]) -> Vec<usize> {
    let mut came_from: HashMap<usize, usize> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for &w in &succ[v] {
            if w == start {
                let mut path = vec![v];
                let mut at = v;
                while at != start {
                    at = came_from[&at];
                    path.push(at);
                }
                path.reverse();
                return path;
            }
            if component.binary_search(&w).is_ok() && !came_from.contains_key(&w) {
                came_from.insert(w, v);
                queue.push_back(w);
            }
        }
    }
    component.to_vec()
}

/// The successors of each of `ids` by index, sorted and distinct: `targets(id)` names where
/// `id` leads; names that are not among `ids` are left out.
pub(crate) fn successors<'a>(
    ids: &[&'a str],
    mut targets: impl FnMut(&'a str) -> Vec<&'a str>,
) -> Vec<Vec<usize>> {
    let index: std::collections::HashMap<&str, usize> =
        ids.iter().enumerate().map(|(n, id)| (*id, n)).collect();
    ids.iter()
        .map(|id| {
            let mut s: Vec<usize> = targets(id)
                .into_iter()
                .filter_map(|to| index.get(to).copied())
                .collect();
            s.sort_unstable();
            s.dedup();
            s
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_and_circles() {
        // 0 -> 1 -> 2 -> 0, 3 -> 3, 4 -> 0.
        let succ = vec![vec![1], vec![2], vec![0], vec![3], vec![0]];
        let comps = strongly_connected(&succ);
        assert_eq!(comps, vec![vec![0, 1, 2], vec![3], vec![4]]);
        assert_eq!(circle(0, &comps[0], &succ), vec![0, 1, 2]);
        assert_eq!(circle(3, &comps[1], &succ), vec![3]);
    }
}
