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
}
