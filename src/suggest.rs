//! "Did you mean" suggestions for misspelled names.

/// The candidate closest to `name`, if it is close enough to be a likely typo (at most a
/// third of the name's length, and at most 3 edits). Distance is by characters: insertions,
/// deletions, substitutions and swaps of two neighbours each cost 1 (optimal string
/// alignment), so `usres` is one edit from `users`.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let limit = (name.chars().count() / 3).clamp(1, 3);
    candidates
        .into_iter()
        .map(|c| (strsim::osa_distance(name, c), c))
        .filter(|(d, _)| *d <= limit)
        .min()
        .map(|(_, c)| c)
}

/// `value` with its leading dot-separated words replaced by the closest of `prefixes` when
/// they look like a typo of one (`heder.x-id` -> `header.x-id`, `method.requst.body` ->
/// `method.request.body`); `None` when no prefix is close, or the words are already right.
pub fn respell_prefix(value: &str, prefixes: &[&str]) -> Option<String> {
    let mut best: Option<(usize, String)> = None;
    for p in prefixes {
        let words = p.split('.').count();
        let mut parts = value.splitn(words + 1, '.');
        let head: Vec<&str> = parts.by_ref().take(words).collect();
        let head = head.join(".");
        let d = strsim::osa_distance(&head, p);
        let limit = (p.chars().count() / 3).clamp(1, 3);
        if d == 0 || d > limit || best.as_ref().is_some_and(|(b, _)| *b <= d) {
            continue;
        }
        let respelt = match parts.next() {
            Some(rest) => format!("{p}.{rest}"),
            None => p.to_string(),
        };
        best = Some((d, respelt));
    }
    best.map(|(_, s)| s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_close_names_only() {
        assert_eq!(strsim::osa_distance("kitten", "sitting"), 3);
        assert_eq!(strsim::osa_distance("usres", "users"), 1);
        assert_eq!(
            closest("s3.put_objcet", ["s3.put_object", "s3.get_object"]),
            Some("s3.put_object")
        );
        assert_eq!(
            closest("usres", ["none", "aws_iam", "users"]),
            Some("users")
        );
        assert_eq!(closest("sns.zap", ["s3.put_object"]), None);
    }

    #[test]
    fn respells_only_misspelt_prefixes() {
        let sources = ["method.request.header", "method.request.body", "context"];
        assert_eq!(
            respell_prefix("method.requst.header.X-Id", &sources).as_deref(),
            Some("method.request.header.X-Id")
        );
        assert_eq!(
            respell_prefix("method.reqest.body", &sources).as_deref(),
            Some("method.request.body")
        );
        assert_eq!(
            respell_prefix("contxt.requestId", &sources).as_deref(),
            Some("context.requestId")
        );
        assert_eq!(respell_prefix("context.requestId", &sources), None);
        assert_eq!(respell_prefix("stageVariables.x", &sources), None);
        assert_eq!(
            respell_prefix("heder.x-id", &["header", "querystring", "path"]).as_deref(),
            Some("header.x-id")
        );
    }
}
