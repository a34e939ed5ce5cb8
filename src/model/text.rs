//! Strings that hold values only known at deploy time (partition, region, account, ARNs of
//! resources in the same template).
//!
//! Emitters render a [`Text`] in their own reference syntax: CloudFormation `Fn::Sub`,
//! Terraform `${...}` interpolation, OpenAPI concrete values from the blueprint's `env`.
//! Nothing is patched into strings after the fact.

use super::owned::{Attr, ResourceRef};
use serde::Serialize;
use std::fmt;

/// A value the deployment environment supplies.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Pseudo {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    Partition,
    /// The region the stack or Terraform provider deploys to.
    Region,
    /// The account id the stack or Terraform provider deploys to.
    AccountId,
    /// The domain suffix of the partition's endpoints (`amazonaws.com`, `amazonaws.com.cn`).
    UrlSuffix,
}

impl Pseudo {
    /// Every pseudo parameter with its CloudFormation name, as blueprints write it
    /// (`${AWS::AccountId}`).
    pub const ALL: [(Pseudo, &'static str); 4] = [
        (Pseudo::AccountId, "AWS::AccountId"),
        (Pseudo::Region, "AWS::Region"),
        (Pseudo::Partition, "AWS::Partition"),
        (Pseudo::UrlSuffix, "AWS::URLSuffix"),
    ];

    /// The CloudFormation name (`AWS::Region`).
    pub fn name(&self) -> &'static str {
        Pseudo::ALL
            .iter()
            .find(|(p, _)| p == self)
            .map_or("", |(_, n)| n)
    }
}

/// One piece of a [`Text`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Part {
    /// Literal characters, emitted as they are (emitters escape their own syntax).
    Lit(String),
    /// A value of the deployment environment.
    Pseudo(Pseudo),
    /// An attribute of a resource the blueprint owns (a topic's ARN, a queue's name).
    Ref(ResourceRef),
    /// A value of a resource generated for the API itself (its execution ARN, an authorizer).
    Api(Generated),
}

/// A value of a resource every format generates for the API (not one the blueprint owns).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Generated {
    /// The API's execution ARN, `arn:{partition}:execute-api:{region}:{account}:{api id}`,
    /// which method and authorizer paths follow.
    ExecuteApiArn,
    /// The id of the authorizer of this name.
    AuthorizerId(String),
    /// The ARN covering every log stream of the log group of the generated function of this
    /// name (what `logs:PutLogEvents` is granted on).
    LogStreams(String),
}

/// A string made of literal pieces and deploy-time values.
#[derive(Debug, Clone, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Text(pub Vec<Part>);

impl Text {
    /// A text with no deploy-time values.
    pub fn lit(s: impl Into<String>) -> Text {
        Text(vec![Part::Lit(s.into())])
    }

    /// Appends literal characters, merging with a literal before them.
    pub fn push_str(&mut self, s: &str) -> &mut Self {
        if s.is_empty() {
            return self;
        }
        if let Some(Part::Lit(last)) = self.0.last_mut() {
            last.push_str(s);
        } else {
            self.0.push(Part::Lit(s.to_string()));
        }
        self
    }

    /// Appends a deploy-time value.
    pub fn push(&mut self, p: Pseudo) -> &mut Self {
        self.0.push(Part::Pseudo(p));
        self
    }

    /// Appends an attribute of an owned resource.
    pub fn push_ref(&mut self, r: ResourceRef) -> &mut Self {
        self.0.push(Part::Ref(r));
        self
    }

    /// Appends a value of a resource generated for the API.
    pub fn push_api(&mut self, g: Generated) -> &mut Self {
        self.0.push(Part::Api(g));
        self
    }

    /// Appends another text.
    pub fn append(&mut self, other: &Text) -> &mut Self {
        for p in &other.0 {
            match p {
                Part::Lit(s) => {
                    self.push_str(s);
                }
                other => self.0.push(other.clone()),
            }
        }
        self
    }

    /// The text wrapped in single quotes, as API Gateway writes fixed mapping values.
    pub fn quoted(&self) -> Text {
        let mut t = Text::lit("'");
        t.append(self);
        t.push_str("'");
        t
    }

    /// The literal string when the text holds no deploy-time value.
    pub fn as_literal(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Lit(s) => out.push_str(s),
                Part::Pseudo(_) | Part::Ref(_) | Part::Api(_) => return None,
            }
        }
        Some(out)
    }

    /// `arn:{partition}:{service}:{region}:{account}:{rest}` with each of region and account
    /// either the deployment's own (`true`) or empty (`false`), as the service's ARN format needs.
    pub fn arn(service: &str, region: bool, account: bool, rest: &str) -> Text {
        let mut t = Text::lit("arn:");
        t.push(Pseudo::Partition);
        t.push_str(&format!(":{service}:"));
        if region {
            t.push(Pseudo::Region);
        }
        t.push_str(":");
        if account {
            t.push(Pseudo::AccountId);
        }
        t.push_str(":");
        t.push_str(rest);
        t
    }

    /// Renders the text with a function for each deploy-time value and one that escapes literals.
    pub fn render(
        &self,
        lit: impl Fn(&str) -> String,
        mut pseudo: impl FnMut(&Pseudo) -> String,
    ) -> String {
        self.render_all(lit, |p| match p {
            Part::Pseudo(p) => pseudo(p),
            _ => String::new(),
        })
    }

    /// Renders the text: literals through `lit`, every other part through `value`.
    pub fn render_all(
        &self,
        lit: impl Fn(&str) -> String,
        mut value: impl FnMut(&Part) -> String,
    ) -> String {
        self.0
            .iter()
            .map(|p| match p {
                Part::Lit(s) => lit(s),
                other => value(other),
            })
            .collect()
    }

    /// The owned resources the text refers to.
    pub fn refs(&self) -> impl Iterator<Item = &ResourceRef> {
        self.0.iter().filter_map(|p| match p {
            Part::Ref(r) => Some(r),
            _ => None,
        })
    }
}

impl fmt::Display for Text {
    /// A readable form with `${AWS::Region}`-style placeholders, for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render_all(
            |s| s.to_string(),
            |p| match p {
                Part::Pseudo(p) => format!("${{{}}}", p.name()),
                // As blueprints write it (`${jobs.arn}`); generated functions, which blueprints
                // cannot name, with their kind.
                Part::Ref(r) => {
                    let attr = r
                        .kind
                        .facts()
                        .refs
                        .iter()
                        .find(|(_, a)| *a == r.attr)
                        .map_or(
                            match r.attr {
                                Attr::Arn => "arn",
                                Attr::Name => "name",
                                Attr::Url => "url",
                            },
                            |(w, _)| w,
                        );
                    match r.kind {
                        super::owned::OwnedKind::Function => {
                            format!("${{function:{}.{attr}}}", r.name)
                        }
                        _ => format!("${{{}.{attr}}}", r.name),
                    }
                }
                Part::Api(Generated::ExecuteApiArn) => "${api:execution_arn}".into(),
                Part::Api(Generated::AuthorizerId(n)) => format!("${{authorizer:{n}.id}}"),
                Part::Api(Generated::LogStreams(f)) => format!("${{function:{f}.log_streams}}"),
                Part::Lit(_) => String::new(),
            },
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arn_with_and_without_region_and_account() {
        assert_eq!(
            Text::arn("s3", false, false, "photos/*").to_string(),
            "arn:${AWS::Partition}:s3:::photos/*"
        );
        assert_eq!(
            Text::arn("sns", true, true, "alerts").to_string(),
            "arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:alerts"
        );
        assert_eq!(Text::lit("x").as_literal().as_deref(), Some("x"));
        assert_eq!(Text::arn("s3", false, false, "b").as_literal(), None);
    }
}
