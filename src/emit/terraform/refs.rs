//! Terraform references: [`Text`] as an interpolated string, literal escaping, and the data
//! sources (`aws_partition`, `aws_region`, `aws_caller_identity`) the rendered texts need.

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
    s.replace("${", "$${").replace("%{", "%%{")
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
                    Pseudo::Region => "${data.aws_region.current.region}",
                    Pseudo::AccountId => "${data.aws_caller_identity.current.account_id}",
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
            let ty = match p {
                Pseudo::Partition => "aws_partition",
                Pseudo::Region => "aws_region",
                Pseudo::AccountId => "aws_caller_identity",
            };
            data.insert(ty.into(), json!({ "current": {} }));
        }
        Value::Object(data)
    }
}
