//! Lambda invoke permissions: which function API Gateway may invoke, for which method or
//! authorizer, with the source ARN scoped to exactly that caller. Decided once here; each
//! format writes them in its own syntax.

use super::RestApi;
use super::method::HttpMethod;
use super::path::ApiPath;
use super::policy::principal;
use super::text::{Generated, Text};
use serde::Serialize;

/// The IAM action a permission allows.
pub const INVOKE_FUNCTION: &str = "lambda:InvokeFunction";

/// What the permission is for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Invoker {
    /// A method with a Lambda proxy integration.
    Method(ApiPath, HttpMethod),
    /// A Lambda authorizer, by name.
    Authorizer(String),
}

/// The function invoked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub enum Invoked {
    /// A function generated with the API, by name.
    Generated(String),
    /// An existing function, by ARN.
    Arn(super::text::Text),
}

/// A resource-based permission on a Lambda function.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct InvokePermission {
    /// The method or authorizer that needs it.
    pub by: Invoker,
    /// The function.
    pub function: Invoked,
    /// Statement id, where a format names one.
    pub statement_id: &'static str,
    /// The action allowed ([`INVOKE_FUNCTION`]).
    pub action: &'static str,
    /// Who may invoke (API Gateway).
    pub principal: &'static str,
    /// The only source allowed: the method's or the authorizer's execute-api ARN.
    pub source_arn: Text,
}

fn under_api(suffix: &str) -> Text {
    let mut t = Text::default();
    t.push_api(Generated::ExecuteApiArn).push_str(suffix);
    t
}

impl RestApi {
    /// Every invoke permission the API needs: Lambda authorizers first (by name), then the
    /// methods with Lambda proxy integrations (in method order).
    pub fn invoke_permissions(&self) -> Vec<InvokePermission> {
        let mut out = Vec::new();
        for (name, a) in &self.authorizers {
            let Some(f) = a.function_arn() else { continue };
            let mut source = under_api("/authorizers/");
            source.push_api(Generated::AuthorizerId(name.clone()));
            out.push(InvokePermission {
                by: Invoker::Authorizer(name.clone()),
                function: Invoked::Arn(f.clone()),
                statement_id: "AllowApiGatewayAuthorizer",
                action: INVOKE_FUNCTION,
                principal: principal::API_GATEWAY,
                source_arn: source,
            });
        }
        for m in &self.methods {
            let Some(f) = m.integration.function() else {
                continue;
            };
            out.push(InvokePermission {
                by: Invoker::Method(m.path.clone(), m.verb),
                function: Invoked::Generated(f.name.clone()),
                statement_id: "AllowApiGatewayInvoke",
                action: INVOKE_FUNCTION,
                principal: principal::API_GATEWAY,
                source_arn: under_api(&format!("/{}", m.execute_api_path())),
            });
        }
        out
    }
}
