//! Identifiers derived from content: CloudFormation logical ids (PascalCase, alphanumeric)
//! and Terraform resource names (snake_case). Every format uses the same derivation, so a
//! method is `MethodFolderItemGet` in CloudFormation and `folder_item_get` in Terraform.

use super::RestApi;
use super::hash;
use super::method::{HttpMethod, Method};
use super::path::{ApiPath, Segment};
use std::borrow::Cow;
use std::collections::BTreeMap;

/// The API's name in lower-case words joined by `-` (`s3-presigned-upload`): the first part
/// of the physical names generated resources get.
pub fn api_slug(api_name: &str) -> String {
    owned_name(api_name).snake.replace('_', "-")
}

/// `name` if it has at most `max` bytes (ASCII names); else its first bytes, a `-` and eight
/// hex digits of its hash, `max` bytes in all, so names AWS caps (64 for Lambda functions and
/// CloudFront stores) stay distinct and within the cap.
pub fn bounded(name: &str, max: usize) -> String {
    if name.len() <= max {
        return name.to_string();
    }
    let mut cut = max.saturating_sub(9);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    format!(
        "{}-{}",
        name[..cut].trim_end_matches('-'),
        super::hash::short(name, 8)
    )
}

/// The two spellings of one derived name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    /// PascalCase, `[A-Za-z0-9]` only (CloudFormation logical id fragment).
    pub pascal: String,
    /// snake_case, `[a-z0-9_]` only (Terraform name).
    pub snake: String,
}

fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if !c.is_ascii_alphanumeric() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            out.push(std::mem::take(&mut cur));
        }
        prev_lower = c.is_ascii_lowercase() || c.is_ascii_digit();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

fn from_words(ws: &[String]) -> Name {
    let pascal = ws
        .iter()
        .map(|w| {
            let mut c = w.chars();
            match c.next() {
                Some(f) => f.to_ascii_uppercase().to_string() + c.as_str(),
                None => String::new(),
            }
        })
        .collect();
    Name {
        pascal,
        snake: ws.join("_"),
    }
}

fn path_words(path: &ApiPath) -> Vec<String> {
    if path.is_root() {
        return vec!["root".into()];
    }
    let mut ws = Vec::new();
    for seg in path.segments() {
        match seg {
            Segment::Literal(s) => ws.extend(words(s)),
            Segment::Param { name, greedy } => {
                ws.extend(words(name));
                if *greedy {
                    ws.push("proxy".into());
                }
            }
        }
    }
    if ws.is_empty() || ws[0].starts_with(|c: char| c.is_ascii_digit()) {
        ws.insert(0, "r".into());
    }
    ws
}

impl RestApi {
    /// [`resource_names`] of every resource path of the API (the root included); remembered
    /// once [`RestApi::remember_derived`] was called.
    pub fn resource_names(&self) -> Cow<'_, BTreeMap<ApiPath, Name>> {
        match self.memo.resource_names.get() {
            Some(n) => Cow::Borrowed(n),
            None => Cow::Owned(resource_names(&self.resource_paths())),
        }
    }

    /// [`method_names`] of every method of the API; remembered once
    /// [`RestApi::remember_derived`] was called.
    pub fn method_names(&self) -> Cow<'_, BTreeMap<(ApiPath, HttpMethod), Name>> {
        match self.memo.method_names.get() {
            Some(n) => Cow::Borrowed(n),
            None => Cow::Owned(method_names(&self.methods, &self.resource_names())),
        }
    }
}

/// Names for every resource path: readable, and unique (colliding names get a content hash).
pub fn resource_names(paths: &[ApiPath]) -> BTreeMap<ApiPath, Name> {
    let mut by_pascal: BTreeMap<String, Vec<&ApiPath>> = BTreeMap::new();
    let mut base = BTreeMap::new();
    let root = ApiPath::root();
    for p in paths.iter().chain(std::iter::once(&root)) {
        let ws = path_words(p);
        by_pascal.entry(from_words(&ws).pascal).or_default().push(p);
        base.insert(p.clone(), ws);
    }
    base.into_iter()
        .map(|(p, mut ws)| {
            if by_pascal[&from_words(&ws).pascal].len() > 1 {
                ws.push(hash::short(&p.to_string(), 8));
            }
            (p, from_words(&ws))
        })
        .collect()
}

/// The name of an owned resource (topic, queue) from the name the blueprint gives it.
pub fn owned_name(name: &str) -> Name {
    let mut ws = words(name);
    if ws.is_empty() || ws[0].starts_with(|c: char| c.is_ascii_digit()) {
        ws.insert(0, "r".into());
    }
    from_words(&ws)
}

/// The name of `verb` on a resource named `resource`.
pub fn method_name(resource: &Name, verb: HttpMethod) -> Name {
    let mut ws: Vec<String> = resource.snake.split('_').map(str::to_string).collect();
    ws.push(verb.as_str().to_ascii_lowercase());
    from_words(&ws)
}

/// Names for the API's methods, keyed by (path, verb).
pub fn method_names<'a>(
    methods: impl IntoIterator<Item = &'a Method>,
    resources: &BTreeMap<ApiPath, Name>,
) -> BTreeMap<(ApiPath, HttpMethod), Name> {
    methods
        .into_iter()
        .map(|m| {
            let r = &resources[&m.path];
            ((m.path.clone(), m.verb), method_name(r, m.verb))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bounded_names_keep_short_ones_and_cut_long_ones_distinctly() {
        assert_eq!(bounded("s3-upload-dev", 40), "s3-upload-dev");
        let a = bounded(&format!("{}-dev", "a".repeat(100)), 40);
        let b = bounded(&format!("{}-prod", "a".repeat(100)), 40);
        assert_eq!(a.len(), 40);
        assert_ne!(a, b);
        assert!(a.starts_with("aaaa") && a[31..].starts_with('-'), "{a}");
        assert!(bounded("x-".repeat(40).as_str(), 20).len() <= 20);
    }

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    #[test]
    fn readable_names() {
        let n = resource_names(&[
            p("/{folder}"),
            p("/{folder}/{item}"),
            p("/files/{key+}"),
            p("/v1.0/myThing"),
        ]);
        assert_eq!(n[&p("/")].pascal, "Root");
        assert_eq!(n[&p("/{folder}/{item}")].pascal, "FolderItem");
        assert_eq!(n[&p("/{folder}/{item}")].snake, "folder_item");
        assert_eq!(n[&p("/files/{key+}")].snake, "files_key_proxy");
        assert_eq!(n[&p("/v1.0/myThing")].pascal, "V10MyThing");
        assert_eq!(method_name(&n[&p("/")], HttpMethod::Get).pascal, "RootGet");
        let m = method_name(&n[&p("/{folder}/{item}")], HttpMethod::Delete);
        assert_eq!(
            (m.pascal.as_str(), m.snake.as_str()),
            ("FolderItemDelete", "folder_item_delete")
        );
    }

    #[test]
    fn collisions_get_distinct_hashed_names() {
        let n = resource_names(&[p("/a-b"), p("/a_b"), p("/c")]);
        assert_ne!(n[&p("/a-b")].pascal, n[&p("/a_b")].pascal);
        assert!(n[&p("/a-b")].pascal.starts_with("AB"));
        assert_eq!(n[&p("/c")].pascal, "C");
    }
}
