//! Terraform references: [`Text`] as an interpolated string, literal escaping, and the data
//! sources (`aws_partition`, `aws_service`, `aws_caller_identity`) the rendered texts need.
//!
//! The region comes from `aws_service` (for API Gateway, in the provider's region) because its
//! `region` attribute is current in both hashicorp/aws 5.x and 6.x: `aws_region` offers `name`
//! in 5.x (deprecated in 6.x) and `region` only in 6.x, and its `id` is deprecated in 6.x.

use super::API;
use super::access::authorizer_name;
use super::owned::address;
use crate::emit::policy;
use crate::model::names::owned_name;
use crate::model::{Generated, Part, PolicyDocument, Pseudo, Text};
use serde_json::{Map, Value, json};
use std::collections::BTreeSet;

/// Escapes Terraform template sequences in literal text (`${` -> `$${`, `%{` -> `%%{`).
pub fn escape(s: &str) -> String {
    if !has_template_sequence(s.as_bytes()) {
        return s.to_owned();
    }
    s.replace("${", "$${").replace("%{", "%%{")
}

/// Whether `s` holds `${` or `%{`, which Terraform reads as the start of a template sequence
/// (one pass over the bytes: a large API's body has hundreds of thousands of strings).
pub fn has_template_sequence(s: &[u8]) -> bool {
    s.windows(2)
        .any(|w| w[1] == b'{' && matches!(w[0], b'$' | b'%'))
}

/// Renders texts and remembers which data sources they refer to.
#[derive(Debug, Default)]
pub struct Refs {
    used: BTreeSet<Pseudo>,
}

impl Refs {
    /// The text as a Terraform string with `${data.…}` and resource interpolations.
    pub fn text(&mut self, t: &Text) -> String {
        t.render_all(escape, |p| match p {
            Part::Pseudo(p) => {
                self.used.insert(p.clone());
                match p {
                    Pseudo::Partition => "${data.aws_partition.current.partition}",
                    Pseudo::Region => "${data.aws_service.current.region}",
                    Pseudo::AccountId => "${data.aws_caller_identity.current.account_id}",
                    Pseudo::UrlSuffix => "${data.aws_partition.current.dns_suffix}",
                }
                .to_string()
            }
            Part::Ref(r) => format!("${{{}}}", address(r)),
            Part::Api(Generated::ExecuteApiArn) => {
                format!("${{aws_api_gateway_rest_api.{API}.execution_arn}}")
            }
            Part::Api(Generated::AuthorizerId(n)) => {
                format!("${{aws_api_gateway_authorizer.{}.id}}", authorizer_name(n))
            }
            // A log group's `arn` lacks the `:*` that covers its streams.
            Part::Api(Generated::LogStreams(f)) => {
                format!(
                    "${{aws_cloudwatch_log_group.{}.arn}}:*",
                    owned_name(f).snake
                )
            }
            Part::Lit(_) => String::new(),
        })
    }

    /// A policy document as a JSON string with interpolated ARNs.
    pub fn policy(&mut self, doc: &PolicyDocument) -> String {
        policy::document(doc, &mut |t| json!(self.text(t))).to_string()
    }

    /// The `data` block for the data sources used so far.
    pub fn data_sources(&self) -> Value {
        let mut data = Map::new();
        for p in &self.used {
            let (ty, args) = match p {
                Pseudo::Partition | Pseudo::UrlSuffix => ("aws_partition", json!({})),
                // Without a DNS name the provider needs a service id; its region defaults to the
                // provider's.
                Pseudo::Region => ("aws_service", json!({ "service_id": "apigateway" })),
                Pseudo::AccountId => ("aws_caller_identity", json!({})),
            };
            data.insert(ty.into(), json!({ "current": args }));
        }
        Value::Object(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_template_sequences_are_escaped() {
        assert_eq!(escape("a${b}%{c}$d%e{"), "a$${b}%%{c}$d%e{");
        assert_eq!(escape("plain {x}"), "plain {x}");
        assert!(has_template_sequence(b"x${"));
        assert!(!has_template_sequence(b"$ {"));
        assert!(!has_template_sequence(b""));
    }
}
