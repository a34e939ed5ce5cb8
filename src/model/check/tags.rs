//! Checks of the tags the API and its owned resources carry: AWS's rules for keys and values,
//! and at most 50 tags on any one resource.

use super::Finding;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::api::RestApi;
use crate::model::owned::{OwnedKind, Tags, merged_tags};

/// Longest tag key.
pub const MAX_TAG_KEY: usize = 128;
/// Longest tag value.
pub const MAX_TAG_VALUE: usize = 256;
/// Most tags on one resource.
pub const MAX_TAGS: usize = 50;

/// Every tag follows AWS's rules, on the API and on each owned resource.
pub(super) fn check_tags(api: &RestApi) -> Vec<Finding> {
    let mut out = Vec::new();
    check_map(&api.tags, &["tags"], &mut out);
    if api.tags.len() > MAX_TAGS {
        out.push(too_many(&["tags"], api.tags.len()));
    }
    for kind in OwnedKind::ALL.into_iter().filter(|k| *k != OwnedKind::Key) {
        let (_, section) = kind.blueprint_words();
        for n in api.owned.names(kind) {
            let Some(own) = api.owned.own_tags(kind, n) else {
                continue;
            };
            check_map(own, &["owns", section, n, "tags"], &mut out);
            let all = merged_tags(&api.tags, Some(own)).len();
            if !own.is_empty() && all > MAX_TAGS {
                out.push(too_many(&["owns", section, n, "tags"], all));
            }
        }
    }
    out
}

fn too_many(keys: &[&str], n: usize) -> Finding {
    Finding::setting(
        keys,
        Diagnostic::error(
            codes::SETTING,
            format!("{n} tags on one resource; AWS allows at most {MAX_TAGS}"),
        )
        .help("keep the tags that matter for cost and ownership"),
    )
}

fn check_map(tags: &Tags, at: &[&str], out: &mut Vec<Finding>) {
    for (k, v) in tags {
        let mut keys = at.to_vec();
        keys.push(k);
        let problem = if k.is_empty() || k.chars().count() > MAX_TAG_KEY {
            Some(format!(
                "tag key `{k}` must have 1 to {MAX_TAG_KEY} characters"
            ))
        } else if k.to_ascii_lowercase().starts_with("aws:") {
            Some(format!("tag key `{k}`: the `aws:` prefix is AWS's own"))
        } else if v.chars().count() > MAX_TAG_VALUE {
            Some(format!(
                "the value of tag `{k}` is over {MAX_TAG_VALUE} characters"
            ))
        } else if !k.chars().chain(v.chars()).all(tag_char) {
            Some(format!("tag `{k}` uses characters AWS refuses in tags"))
        } else {
            None
        };
        if let Some(p) = problem {
            out.push(Finding::setting(
                &keys,
                Diagnostic::error(codes::SETTING, p).help(
                    "tags take letters, digits, spaces and `_ . : / = + - @`; keys up to 128 characters, values up to 256",
                ),
            ));
        }
    }
}

/// Characters every AWS service accepts in tags.
fn tag_char(c: char) -> bool {
    c.is_alphanumeric() || c == ' ' || "_.:/=+-@".contains(c)
}
