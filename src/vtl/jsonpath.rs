//! The JSONPath that `$input.path` and `$input.json` take: `$`, `.name`, `['name']`,
//! `[n]` (negative counts from the end), `[*]`, `.*` and `..name`. A path that uses
//! anything else (filters, slices, unions, functions) is refused by name, never guessed.

use serde_json::Value as J;

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
enum Step {
    Key(String),
    Index(i64),
    Wild,
    Deep(String),
}

/// A parsed path.
#[derive(Debug, Clone, PartialEq)]
pub struct JsonPath {
    steps: Vec<Step>,
}

impl JsonPath {
    /// Parses a path; `Err` says which part is outside the subset.
    pub fn parse(path: &str) -> Result<JsonPath, String> {
        let chars: Vec<char> = path.trim().chars().collect();
        if chars.first() != Some(&'$') {
            return Err(format!("the JSONPath `{path}` must start with `$`"));
        }
        let mut steps = Vec::new();
        let mut i = 1;
        let name_end = |mut k: usize| {
            while k < chars.len() && !matches!(chars[k], '.' | '[') {
                k += 1;
            }
            k
        };
        while i < chars.len() {
            match chars[i] {
                '.' if chars.get(i + 1) == Some(&'.') => {
                    let end = name_end(i + 2);
                    let name: String = chars[i + 2..end].iter().collect();
                    if name.is_empty() || name == "*" {
                        return Err(format!("`..` must be followed by a name in `{path}`"));
                    }
                    steps.push(Step::Deep(name));
                    i = end;
                }
                '.' => {
                    let end = name_end(i + 1);
                    let name: String = chars[i + 1..end].iter().collect();
                    if name.is_empty() {
                        return Err(format!("a `.` with no name after it in `{path}`"));
                    }
                    if name.ends_with(')') {
                        return Err(format!(
                            "the JSONPath function `{name}` in `{path}` is not supported"
                        ));
                    }
                    steps.push(if name == "*" {
                        Step::Wild
                    } else {
                        Step::Key(name)
                    });
                    i = end;
                }
                '[' => {
                    let close = chars[i..]
                        .iter()
                        .position(|c| *c == ']')
                        .map(|k| k + i)
                        .ok_or_else(|| format!("a `[` is never closed in `{path}`"))?;
                    let inner: String = chars[i + 1..close].iter().collect();
                    let inner = inner.trim();
                    let quoted = (inner.starts_with('\'') && inner.ends_with('\''))
                        || (inner.starts_with('"') && inner.ends_with('"'));
                    if quoted && inner.len() >= 2 {
                        steps.push(Step::Key(inner[1..inner.len() - 1].to_string()));
                    } else if inner == "*" {
                        steps.push(Step::Wild);
                    } else if let Ok(n) = inner.parse::<i64>() {
                        steps.push(Step::Index(n));
                    } else {
                        let what = if inner.starts_with('?') {
                            "a filter"
                        } else if inner.contains(':') {
                            "a slice"
                        } else if inner.contains(',') {
                            "a union"
                        } else {
                            "this selector"
                        };
                        return Err(format!(
                            "{what} (`[{inner}]`) in the JSONPath `{path}` is not supported; use `.name`, `['name']`, `[n]` or `[*]`"
                        ));
                    }
                    i = close + 1;
                }
                c => return Err(format!("unexpected `{c}` in the JSONPath `{path}`")),
            }
        }
        Ok(JsonPath { steps })
    }

    /// Whether the path may select several values (then it answers a list).
    fn indefinite(&self) -> bool {
        self.steps
            .iter()
            .any(|s| matches!(s, Step::Wild | Step::Deep(_)))
    }

    /// What the path selects in `root`: `None` when nothing is there.
    pub fn select(&self, root: &J) -> Option<J> {
        let mut current = vec![root.clone()];
        for step in &self.steps {
            let mut next = Vec::new();
            for v in &current {
                match (step, v) {
                    (Step::Key(k), J::Object(o)) => next.extend(o.get(k).cloned()),
                    (Step::Index(n), J::Array(a)) => {
                        let idx = if *n < 0 { a.len() as i64 + n } else { *n };
                        if idx >= 0 {
                            next.extend(a.get(idx as usize).cloned());
                        }
                    }
                    (Step::Wild, J::Array(a)) => next.extend(a.iter().cloned()),
                    (Step::Wild, J::Object(o)) => next.extend(o.values().cloned()),
                    (Step::Deep(k), v) => deep(v, k, &mut next),
                    _ => {}
                }
            }
            current = next;
        }
        if self.indefinite() {
            Some(J::Array(current))
        } else {
            current.into_iter().next()
        }
    }
}

fn deep(v: &J, key: &str, out: &mut Vec<J>) {
    match v {
        J::Object(o) => {
            if let Some(x) = o.get(key) {
                out.push(x.clone());
            }
            for x in o.values() {
                deep(x, key, out);
            }
        }
        J::Array(a) => a.iter().for_each(|x| deep(x, key, out)),
        _ => {}
    }
}
