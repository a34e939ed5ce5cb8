//! Strings that hold values only known at deploy time (partition, region, account, ARNs of
//! resources in the same template).
//!
//! Emitters render a [`Text`] in their own reference syntax: CloudFormation `Fn::Sub`,
//! Terraform `${...}` interpolation, OpenAPI concrete values from the blueprint's `env`.
//! Nothing is patched into strings after the fact.

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
}

/// One piece of a [`Text`].
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub enum Part {
    /// Literal characters, emitted as they are (emitters escape their own syntax).
    Lit(String),
    /// A value of the deployment environment.
    Pseudo(Pseudo),
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

    /// The literal string when the text holds no deploy-time value.
    pub fn as_literal(&self) -> Option<String> {
        let mut out = String::new();
        for part in &self.0 {
            match part {
                Part::Lit(s) => out.push_str(s),
                Part::Pseudo(_) => return None,
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
        self.0
            .iter()
            .map(|p| match p {
                Part::Lit(s) => lit(s),
                Part::Pseudo(p) => pseudo(p),
            })
            .collect()
    }
}

impl fmt::Display for Text {
    /// A readable form with `${AWS::Region}`-style placeholders, for messages.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(
            |s| s.to_string(),
            |p| match p {
                Pseudo::Partition => "${AWS::Partition}".into(),
                Pseudo::Region => "${AWS::Region}".into(),
                Pseudo::AccountId => "${AWS::AccountId}".into(),
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
