//! `${...}` references in the strings blueprints write: values of the stack (account, region,
//! partition, URL suffix), attributes of owned resources (`${jobs.arn}`, `${jobs.url}`), and
//! what API Gateway or IAM resolve themselves (stage variables, VTL, IAM policy variables).
//!
//! One spelling everywhere: `${AWS::AccountId}`, `${AWS::Region}`, `${AWS::Partition}`,
//! `${AWS::URLSuffix}`; `${<owned name>.<attribute>}`; `$${` for a literal `${`. Which
//! references a string may hold depends on where it goes ([`Place`]); anything else is an
//! error, so no `${...}` reaches AWS as literal text by mistake.

use super::owned::{Owned, OwnedKind, ResourceRef};
use super::text::{Pseudo, Text};

/// Where a string goes, which decides what its references may be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// A mapping template (VTL): API Gateway's own `${input...}`, `${util...}`,
    /// `${context...}`, `${stageVariables...}` and the template's `#set`/`#foreach` variables
    /// stay as they are.
    Template,
    /// The action or path of an AWS integration URI: `${stageVariables.x}` stays for API
    /// Gateway to fill per stage.
    Uri,
    /// A fixed value API Gateway sends as it is (a quoted header or query value).
    Fixed,
    /// An IAM resource ARN or condition value: IAM policy variables (`${aws:username}`) stay
    /// for IAM to fill.
    Iam,
    /// An ARN or name fixed at deploy time (an authorizer's function, a typed argument).
    Arn,
}

/// Why a string's references cannot be read: message and help for a diagnostic.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefError {
    /// What is wrong, naming the reference.
    pub message: String,
    /// What to write instead.
    pub help: String,
}

impl RefError {
    /// The error as a GW0215 diagnostic (without location).
    pub fn into_diagnostic(self) -> crate::diagnostic::Diagnostic {
        crate::diagnostic::Diagnostic::error(crate::codes::REFERENCE, self.message).help(self.help)
    }

    /// The error as a GW0215 error of operation argument `field`.
    pub fn into_op_error(self, field: &'static str) -> super::OpError {
        super::OpError::field(crate::codes::REFERENCE, field, self.message).help(self.help)
    }
}

/// The text of `raw` with each reference resolved for `place`, or the first bad reference.
pub fn parse(raw: &str, place: Place, owned: &Owned) -> Result<Text, RefError> {
    let vtl_vars = if place == Place::Template {
        template_variables(raw)
    } else {
        Vec::new()
    };
    let mut t = Text::default();
    let mut rest = raw;
    while let Some(i) = rest.find("${") {
        if rest[..i].ends_with('$') {
            // `$${`: a literal `${`.
            t.push_str(&rest[..i]);
            t.push_str("{");
            rest = &rest[i + 2..];
            continue;
        }
        t.push_str(&rest[..i]);
        let after = &rest[i + 2..];
        let word_len = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
            .unwrap_or(after.len());
        let root = &after[..word_len];
        if place == Place::Template
            && (VTL_ROOTS.contains(&root) || vtl_vars.iter().any(|v| v == root))
        {
            // VTL: leave `${` and go on after it; the template engine reads the rest.
            t.push_str("${");
            rest = after;
            continue;
        }
        let end = after.find('}').ok_or_else(|| RefError {
            message: format!("`${{` without a closing `}}` in `{}`", clip(raw)),
            help: "close the reference, or write `$${` for a literal `${`".into(),
        })?;
        let inner = &after[..end];
        let whole = &rest[i..i + 2 + end + 1];
        resolve(inner, whole, place, owned, &mut t)?;
        rest = &after[end + 1..];
    }
    t.push_str(rest);
    Ok(t)
}

/// API Gateway's variables in mapping templates.
const VTL_ROOTS: [&str; 4] = ["input", "util", "context", "stageVariables"];

/// Appends what reference `inner` (the text between `${` and `}`) stands for.
fn resolve(
    inner: &str,
    whole: &str,
    place: Place,
    owned: &Owned,
    t: &mut Text,
) -> Result<(), RefError> {
    if let Some((p, _)) = Pseudo::ALL.iter().find(|(_, n)| *n == inner) {
        t.push(p.clone());
        return Ok(());
    }
    if inner.starts_with("AWS::") {
        return Err(RefError {
            message: format!("`{whole}` is not a stack value gatewright knows"),
            help: format!(
                "{}stack values are {}",
                suggestion(inner, Pseudo::ALL.iter().map(|(_, n)| *n)),
                pseudo_list()
            ),
        });
    }
    if let Some(var) = inner.strip_prefix("stageVariables.") {
        return match place {
            Place::Uri | Place::Template => {
                t.push_str(whole);
                Ok(())
            }
            _ => Err(RefError {
                message: format!(
                    "`{whole}`: a stage variable is only known when API Gateway handles a request"
                ),
                help: format!(
                    "stage variables can go in an integration's action or path, in mapping templates, \
                     or as a mapping source `stageVariables.{var}`; {}",
                    where_not(place)
                ),
            }),
        };
    }
    if is_policy_variable(inner) {
        return if place == Place::Iam {
            t.push_str(whole);
            Ok(())
        } else {
            Err(RefError {
                message: format!(
                    "`{whole}` is an IAM policy variable, which only IAM policies read"
                ),
                help: "use policy variables in `iam` resources and conditions only".into(),
            })
        };
    }
    if let Some((name, attr)) = inner.rsplit_once('.') {
        let kinds: Vec<OwnedKind> = OwnedKind::ALL
            .into_iter()
            .filter(|k| owned.has(*k, name))
            .collect();
        match kinds.as_slice() {
            [kind] => {
                let facts = kind.facts();
                let Some((_, a)) = facts.refs.iter().find(|(w, _)| *w == attr) else {
                    let words: Vec<&str> = facts.refs.iter().map(|(w, _)| *w).collect();
                    return Err(RefError {
                        message: format!("{} `{name}` has no attribute `{attr}`", facts.word),
                        help: format!(
                            "{}a {} offers {}",
                            suggestion(attr, words.iter().copied()),
                            facts.word,
                            words
                                .iter()
                                .map(|w| format!("`${{{name}.{w}}}`"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    });
                };
                t.push_ref(ResourceRef {
                    kind: *kind,
                    name: name.to_string(),
                    attr: *a,
                });
                return Ok(());
            }
            [] => {}
            several => {
                return Err(RefError {
                    message: format!(
                        "`{whole}` is ambiguous: the blueprint owns a {} and a {} named `{name}`",
                        several[0].word(),
                        several[1].word()
                    ),
                    help: "give the owned resources different names to refer to them".into(),
                });
            }
        }
    }
    Err(unknown(inner, whole, place, owned))
}

/// The error for a reference that names nothing: suggestions among the owned resources and
/// the stack values, and the escape.
fn unknown(inner: &str, whole: &str, place: Place, owned: &Owned) -> RefError {
    let mut candidates: Vec<String> = Pseudo::ALL.iter().map(|(_, n)| n.to_string()).collect();
    for kind in OwnedKind::ALL {
        for name in owned.names(kind) {
            for (w, _) in kind.facts().refs {
                candidates.push(format!("{name}.{w}"));
            }
        }
    }
    let hint = suggestion(inner, candidates.iter().map(String::as_str));
    let vtl = if place == Place::Template {
        "; a VTL variable is left as it is once the template sets it (`#set($x = ...)`)"
    } else {
        ""
    };
    RefError {
        message: format!("`{whole}` refers to nothing gatewright knows"),
        help: format!(
            "{hint}write a stack value ({}), an owned resource's attribute (`${{<name>.arn}}`), \
             or `$${{` for a literal `${{`{vtl}",
            pseudo_list()
        ),
    }
}

/// `did you mean `${x}`? ` for the closest candidate.
fn suggestion<'a>(got: &str, candidates: impl IntoIterator<Item = &'a str>) -> String {
    crate::suggest::closest(got, candidates)
        .map(|s| format!("did you mean `${{{s}}}`? "))
        .unwrap_or_default()
}

fn pseudo_list() -> String {
    Pseudo::ALL
        .iter()
        .map(|(_, n)| format!("`${{{n}}}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn where_not(place: Place) -> &'static str {
    match place {
        Place::Fixed => "a fixed value is sent as written",
        Place::Iam => "the role's policy is fixed at deploy time",
        Place::Arn => "this value is fixed at deploy time",
        Place::Uri | Place::Template => "",
    }
}

/// `aws:username`, `s3:prefix`, `dynamodb:LeadingKeys`: a service prefix, a colon, a key.
fn is_policy_variable(inner: &str) -> bool {
    let Some((svc, key)) = inner.split_once(':') else {
        return false;
    };
    !svc.is_empty()
        && svc
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '/' | ':'))
}

/// The variables a template defines itself: `#set($x = ...)`, `#foreach($x in ...)`.
fn template_variables(raw: &str) -> Vec<String> {
    let mut out = Vec::new();
    for directive in ["#set", "#foreach"] {
        let mut rest = raw;
        while let Some(i) = rest.find(directive) {
            rest = &rest[i + directive.len()..];
            let s = rest.trim_start().trim_start_matches('(').trim_start();
            let s = s.strip_prefix("$!").or_else(|| s.strip_prefix('$'));
            let Some(s) = s else { continue };
            let s = s.strip_prefix('{').unwrap_or(s);
            let name: String = s
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !name.is_empty() && !out.contains(&name) {
                out.push(name);
            }
        }
    }
    out
}

/// A long string cut for a message.
fn clip(s: &str) -> String {
    if s.chars().count() > 60 {
        format!("{}…", s.chars().take(60).collect::<String>())
    } else {
        s.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::owned::Queue;

    fn owned() -> Owned {
        let mut o = Owned::default();
        o.queues.insert("jobs".into(), Queue::default());
        o
    }

    fn ok(raw: &str, place: Place) -> String {
        parse(raw, place, &owned()).unwrap().to_string()
    }

    fn err(raw: &str, place: Place) -> RefError {
        parse(raw, place, &owned()).unwrap_err()
    }

    #[test]
    fn stack_values_and_owned_attributes() {
        assert_eq!(
            ok("/${AWS::AccountId}/${jobs.name}", Place::Uri),
            "/${AWS::AccountId}/${jobs.name}"
        );
        assert_eq!(ok("${jobs.url}", Place::Fixed), "${jobs.url}");
        assert_eq!(
            ok("arn:${AWS::Partition}:s3:::b", Place::Arn),
            "arn:${AWS::Partition}:s3:::b"
        );
        let t = parse("${jobs.arn}", Place::Iam, &owned()).unwrap();
        assert_eq!(t.refs().count(), 1);
    }

    #[test]
    fn vtl_stays_in_templates_only() {
        let tpl = "#set($b = $input.body)\n{\"q\":\"${jobs.url}\",\"b\":\"${b}\",\"i\":\"${input.path('$.a')}\",\"s\":\"${stageVariables.x}\"}";
        let out = ok(tpl, Place::Template);
        assert!(out.contains("${jobs.url}"), "{out}");
        assert!(out.contains("\"${b}\""), "{out}");
        assert!(out.contains("${input.path('$.a')}"), "{out}");
        assert!(out.contains("${stageVariables.x}"), "{out}");
        assert!(err("${b}", Place::Template).message.contains("`${b}`"));
        assert!(err("${input.body}", Place::Uri).message.contains("nothing"));
    }

    #[test]
    fn escapes_and_place_rules() {
        assert_eq!(ok("a$${x}b", Place::Template), "a${x}b");
        assert_eq!(ok("${stageVariables.q}", Place::Uri), "${stageVariables.q}");
        assert!(
            err("${stageVariables.q}", Place::Fixed)
                .help
                .contains("stageVariables.q")
        );
        assert_eq!(
            ok("arn:aws:s3:::b/${aws:username}/*", Place::Iam),
            "arn:aws:s3:::b/${aws:username}/*"
        );
        assert!(
            err("${aws:username}", Place::Arn)
                .message
                .contains("policy")
        );
    }

    #[test]
    fn errors_name_the_reference_and_suggest() {
        let e = err("${AWS::AcountId}", Place::Arn);
        assert!(e.help.contains("did you mean `${AWS::AccountId}`"), "{e:?}");
        let e = err("${jbos.arn}", Place::Arn);
        assert!(e.help.contains("did you mean `${jobs.arn}`"), "{e:?}");
        let e = err("${jobs.ar}", Place::Arn);
        assert!(e.message.contains("no attribute `ar`"), "{e:?}");
        assert!(e.help.contains("`${jobs.url}`"), "{e:?}");
        let e = err("x ${jobs.arn", Place::Arn);
        assert!(e.message.contains("without a closing"), "{e:?}");
    }
}
