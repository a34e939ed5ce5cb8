//! Deploy-time values in an OpenAPI document.
//!
//! An OpenAPI document cannot refer to the stack that deploys it, so every deploy-time value
//! becomes a concrete string: the blueprint's `env` when it names one, else a placeholder in
//! CloudFormation `Fn::Sub` syntax that names the generated template's own parameters and
//! execution role (logical id `ExecutionRole`).

use crate::emit::sub::{self, EXECUTION_ROLE};
use crate::model::{Env, Part, Pseudo, Text};

/// A value the deployment supplies.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// `aws`, `aws-cn`, `aws-us-gov`.
    Partition,
    /// The region the API is deployed to.
    Region,
    /// The account the API is deployed to.
    AccountId,
    /// The partition's endpoint domain suffix.
    UrlSuffix,
    /// The role API Gateway assumes to call the services.
    ExecutionRoleArn,
}

impl From<&Pseudo> for Slot {
    fn from(p: &Pseudo) -> Slot {
        match p {
            Pseudo::Partition => Slot::Partition,
            Pseudo::Region => Slot::Region,
            Pseudo::AccountId => Slot::AccountId,
            Pseudo::UrlSuffix => Slot::UrlSuffix,
        }
    }
}

/// The partition a region belongs to.
pub fn partition_of(region: &str) -> &'static str {
    if region.starts_with("cn-") {
        "aws-cn"
    } else if region.starts_with("us-gov-") {
        "aws-us-gov"
    } else {
        "aws"
    }
}

/// The concrete value of `slot` for `env`, or its `${...}` placeholder when `env` lacks it.
pub fn concrete(env: &Env, slot: Slot) -> String {
    let region = env.region.as_deref();
    match slot {
        Slot::Partition => region
            .map_or(sub::pseudo(&Pseudo::Partition), partition_of)
            .to_string(),
        Slot::Region => region.unwrap_or(sub::pseudo(&Pseudo::Region)).to_string(),
        Slot::AccountId => sub::pseudo(&Pseudo::AccountId).to_string(),
        Slot::UrlSuffix => region
            .map_or(sub::pseudo(&Pseudo::UrlSuffix), |r| {
                if partition_of(r) == "aws-cn" {
                    "amazonaws.com.cn"
                } else {
                    "amazonaws.com"
                }
            })
            .to_string(),
        Slot::ExecutionRoleArn => env
            .execution_role_arn
            .clone()
            .unwrap_or_else(|| format!("${{{EXECUTION_ROLE}.Arn}}")),
    }
}

/// `text` with each deploy-time value made concrete.
/// Owned and generated resources (topics, queues) have no value before deployment: they
/// become placeholders naming the CloudFormation template's resource (`${TopicAlerts}`).
pub fn render(env: &Env, text: &Text) -> String {
    text.render_all(
        |s| s.to_string(),
        |p| match p {
            Part::Pseudo(p) => concrete(env, Slot::from(p)),
            other => sub::part(other),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn env_values_or_placeholders() {
        let empty = Env::default();
        assert_eq!(concrete(&empty, Slot::Partition), "${AWS::Partition}");
        assert_eq!(concrete(&empty, Slot::Region), "${AWS::Region}");
        assert_eq!(concrete(&empty, Slot::AccountId), "${AWS::AccountId}");
        assert_eq!(
            concrete(&empty, Slot::ExecutionRoleArn),
            "${ExecutionRole.Arn}"
        );
        let env = Env {
            region: Some("cn-north-1".into()),
            execution_role_arn: Some("arn:aws-cn:iam::123456789012:role/r".into()),
        };
        assert_eq!(concrete(&env, Slot::Partition), "aws-cn");
        assert_eq!(concrete(&env, Slot::Region), "cn-north-1");
        assert_eq!(concrete(&env, Slot::AccountId), "${AWS::AccountId}");
        assert_eq!(
            concrete(&env, Slot::ExecutionRoleArn),
            "arn:aws-cn:iam::123456789012:role/r"
        );
        assert_eq!(partition_of("us-gov-west-1"), "aws-us-gov");
        assert_eq!(partition_of("eu-west-1"), "aws");
    }
}
