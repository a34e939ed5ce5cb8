//! `--var NAME=VALUE`: fills another tool's placeholders (`${sqs_arn}` of a Terraform
//! template, `.tftpl`) before the document is read, so a template can be imported as the
//! document it becomes. A value may itself be a blueprint reference (`${AWS::Region}`,
//! `${jobs.arn}`), which the import then reads as any other.

use serde_json::{Map, Value};

/// Replaces `${NAME}` by `VALUE` in every string and key of `doc`, for each pair of `vars`.
/// Returns the names that occur nowhere, for a finding (a mistyped name would otherwise
/// leave its placeholder unfilled without a word).
pub fn fill(doc: &mut Value, vars: &[(String, String)]) -> Vec<String> {
    let mut used = vec![false; vars.len()];
    walk(doc, vars, &mut used);
    vars.iter()
        .zip(used)
        .filter(|(_, u)| !u)
        .map(|((n, _), _)| n.clone())
        .collect()
}

fn walk(v: &mut Value, vars: &[(String, String)], used: &mut [bool]) {
    match v {
        Value::String(s) => {
            if let Some(t) = replace(s, vars, used) {
                *s = t;
            }
        }
        Value::Array(a) => a.iter_mut().for_each(|x| walk(x, vars, used)),
        Value::Object(m) => {
            let old = std::mem::take(m);
            let mut new = Map::new();
            for (k, mut x) in old {
                walk(&mut x, vars, used);
                let k = replace(&k, vars, used).unwrap_or(k);
                new.insert(k, x);
            }
            *m = new;
        }
        _ => {}
    }
}

/// `s` with every `${NAME}` of `vars` filled, or `None` when none occurs.
fn replace(s: &str, vars: &[(String, String)], used: &mut [bool]) -> Option<String> {
    if !s.contains("${") {
        return None;
    }
    let mut out = s.to_string();
    let mut changed = false;
    for (i, (name, value)) in vars.iter().enumerate() {
        let needle = format!("${{{name}}}");
        if out.contains(&needle) {
            out = out.replace(&needle, value);
            used[i] = true;
            changed = true;
        }
    }
    changed.then_some(out)
}

/// Reads `NAME=VALUE` (the command line's `--var`).
pub fn parse(arg: &str) -> Result<(String, String), String> {
    let (name, value) = arg
        .split_once('=')
        .ok_or_else(|| format!("`{arg}`: write NAME=VALUE"))?;
    let ok = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.');
    if !ok {
        return Err(format!(
            "`{name}`: a placeholder name is letters, digits, `_`, `-` and `.`"
        ));
    }
    Ok((name.to_string(), value.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fills_values_and_keys_and_names_the_unused() {
        let mut doc = json!({
            "uri": "${sqs_arn}",
            "t": "region ${region} and ${region}",
            "security": [{ "${cognito_key}": ["write"] }],
            "other": "${left}"
        });
        let vars = vec![
            ("sqs_arn".to_string(), "arn:x".to_string()),
            ("region".to_string(), "${AWS::Region}".to_string()),
            ("cognito_key".to_string(), "users".to_string()),
            ("typo".to_string(), "v".to_string()),
        ];
        let unused = fill(&mut doc, &vars);
        assert_eq!(unused, vec!["typo".to_string()]);
        assert_eq!(doc["uri"], "arn:x");
        assert_eq!(doc["t"], "region ${AWS::Region} and ${AWS::Region}");
        assert_eq!(doc["security"][0]["users"], json!(["write"]));
        assert_eq!(doc["other"], "${left}");
    }

    #[test]
    fn parse_needs_a_name_and_an_equals_sign() {
        assert_eq!(parse("a=b=c"), Ok(("a".into(), "b=c".into())));
        assert_eq!(parse("a="), Ok(("a".into(), String::new())));
        assert!(parse("novalue").is_err());
        assert!(parse("=x").is_err());
        assert!(parse("a b=x").is_err());
    }
}
