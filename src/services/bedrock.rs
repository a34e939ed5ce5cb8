//! Amazon Bedrock `InvokeModel` through API Gateway's `bedrock-runtime:path/model/<id>/invoke`
//! integration (the runtime endpoint's REST path).
//!
//! The model is fixed by the API, or taken from the path and then limited to a list the
//! blueprint gives, so the execution role names exact models: `bedrock:InvokeModel` on each
//! foundation model's ARN, or on a cross-region inference profile (`us.`, `eu.`, ... ids) and
//! the foundation model in the regions the profile routes to, usable only through that profile.
//! The body goes to the model as it is, or through a mapping template.

use super::common;
use super::vtl::RequestValue;
use crate::codes;
use crate::model::VecMap;
use crate::model::policy::{Condition, OneOrMany};
use crate::model::reference::{self, Place};
use crate::model::{
    ApiPath, HttpMethod, Integration, IntegrationParam, Method, OpError, Operation, Owned, ParamIn,
    Passthrough, Permission, Pseudo, RequestParam, RequestSource, Target, Text,
};
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// Prefixes of the system-defined cross-region inference profiles: the geography their
/// requests are routed within.
pub const PROFILE_PREFIXES: [&str; 8] = [
    "us.", "us-gov.", "eu.", "apac.", "jp.", "au.", "ca.", "global.",
];

/// `bedrock.invoke_model`: run a model on the request body.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct InvokeModel {
    /// The model id (`anthropic.claude-3-haiku-20240307-v1:0`), an inference profile id
    /// (`us.anthropic.claude-3-5-haiku-20241022-v1:0`), or a path parameter (`{model}`), which
    /// then needs `allowed_models`.
    pub model: String,
    /// With a model from the path: the model and profile ids the route may run; the role may
    /// invoke these only, so Bedrock refuses any other (403, answered as 400).
    #[serde(default)]
    pub allowed_models: Vec<String>,
    /// Inference profiles: the regions the profile routes requests to (`[us-east-1,
    /// us-east-2, us-west-2]`), so the role names the foundation model in those regions only.
    /// Without it the foundation model is allowed in any region, but only through the profile.
    #[serde(default)]
    pub profile_regions: Vec<String>,
    /// The media type of the request body sent to the model (default `application/json`).
    #[serde(default)]
    pub content_type: Option<String>,
    /// The media type asked of the model's answer (default `application/json`).
    #[serde(default)]
    pub accept: Option<String>,
    /// A mapping template (VTL) that builds the model's request body from the client's
    /// (`{"prompt": "$util.escapeJavaScript($input.path('$.question'))", ...}`); without it
    /// the body is passed through as it is.
    #[serde(default)]
    pub request_template: Option<String>,
}

impl InvokeModel {
    /// Run the fixed model `model` on the request body.
    pub fn model(model: impl Into<String>) -> InvokeModel {
        InvokeModel {
            model: model.into(),
            ..InvokeModel::default()
        }
    }
}

/// A Bedrock model or inference profile id: lower-case letters, digits, `.`, `-`, `:` and
/// `_`, starting with a provider word.
fn model_id_ok(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 256
        && id.contains('.')
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '_'))
}

/// A region name (`us-east-1`).
fn region_ok(r: &str) -> bool {
    let parts: Vec<&str> = r.split('-').collect();
    parts.len() >= 3
        && parts.iter().all(|p| {
            !p.is_empty()
                && p.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
        && parts
            .last()
            .is_some_and(|p| p.chars().all(|c| c.is_ascii_digit()))
}

/// `arn:<partition>:bedrock:<region>:<account>:<resource>`; the region `None` is the
/// deployment's, the account is the deployment's when `account`.
fn bedrock_arn(region: Option<&str>, account: bool, resource: &str) -> Text {
    let mut t = Text::lit("arn:");
    t.push(Pseudo::Partition).push_str(":bedrock:");
    match region {
        Some(r) => t.push_str(r),
        None => t.push(Pseudo::Region),
    };
    t.push_str(":");
    if account {
        t.push(Pseudo::AccountId);
    }
    t.push_str(&format!(":{resource}"));
    t
}

/// What the role needs to invoke `id`: the foundation model in the deployment's region; or
/// the inference profile and its foundation model in the routed-to regions, the latter only
/// through the profile.
fn permissions_for(id: &str, regions: &[String]) -> Vec<Permission> {
    let action = || vec!["bedrock:InvokeModel".to_string()];
    let Some(prefix) = PROFILE_PREFIXES.iter().find(|p| id.starts_with(**p)) else {
        return vec![Permission::allow(
            action(),
            vec![bedrock_arn(None, false, &format!("foundation-model/{id}"))],
        )];
    };
    let base = &id[prefix.len()..];
    let profile = bedrock_arn(None, true, &format!("inference-profile/{id}"));
    let model = |r: Option<&str>| bedrock_arn(r, false, &format!("foundation-model/{base}"));
    let mut models = Permission::allow(
        action(),
        if regions.is_empty() {
            vec![model(Some("*"))]
        } else {
            regions.iter().map(|r| model(Some(r))).collect()
        },
    );
    models.conditions.push(Condition {
        operator: "StringEquals".into(),
        key: "bedrock:InferenceProfileArn".into(),
        values: OneOrMany::One(profile.clone()),
    });
    vec![Permission::allow(action(), vec![profile]), models]
}

fn arg_error(field: &'static str, message: String) -> OpError {
    OpError::field(codes::ARGUMENT, field, message)
}

impl Operation for InvokeModel {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let mut params = VecMap::new();
        let mut mappings = VecMap::new();
        let (target, models): (Text, Vec<&str>) = match RequestValue::parse(&self.model) {
            RequestValue::Path(p) => {
                if !path.has_param(&p) {
                    return Err(OpError::field(
                        codes::UNKNOWN_PATH_PARAM,
                        "model",
                        format!("`{{{p}}}` is not a path parameter of `{path}`"),
                    ));
                }
                if self.allowed_models.is_empty() {
                    return Err(arg_error("allowed_models", "a model taken from the path needs `allowed_models`, so the role can name exact models".into())
                        .help("list the model ids the route may run: `allowed_models: [anthropic.claude-3-haiku-20240307-v1:0]`"));
                }
                let param = RequestParam::new(ParamIn::Path, &p);
                params.insert(param.clone(), true);
                mappings.insert(
                    IntegrationParam::Path("model".into()),
                    RequestSource::Method(param),
                );
                (
                    Text::lit("model/{model}/invoke"),
                    self.allowed_models.iter().map(String::as_str).collect(),
                )
            }
            RequestValue::Fixed(id) => {
                if !self.allowed_models.is_empty() {
                    return Err(arg_error("allowed_models", "`allowed_models` is for a model taken from the path; this route's model is fixed".into()));
                }
                (
                    Text::lit(format!("model/{id}/invoke")),
                    vec![self.model.as_str()],
                )
            }
            _ => {
                return Err(arg_error(
                    "model",
                    format!(
                        "`{}` is neither a model id nor a path parameter",
                        self.model
                    ),
                )
                .help("write a model id (`amazon.titan-text-express-v1`) or `{model}`"));
            }
        };
        for id in &models {
            if !model_id_ok(id) {
                let field = if models.len() == 1 && self.allowed_models.is_empty() {
                    "model"
                } else {
                    "allowed_models"
                };
                return Err(arg_error(field, format!("`{id}` is not a Bedrock model id"))
                    .help("write the id as Bedrock lists it, such as `anthropic.claude-3-haiku-20240307-v1:0` or `us.amazon.nova-lite-v1:0`"));
            }
        }
        let any_profile = models
            .iter()
            .any(|id| PROFILE_PREFIXES.iter().any(|p| id.starts_with(p)));
        if let Some(r) = self.profile_regions.iter().find(|r| !region_ok(r)) {
            return Err(arg_error(
                "profile_regions",
                format!("`{r}` is not a region"),
            ));
        }
        if !self.profile_regions.is_empty() && !any_profile {
            return Err(arg_error("profile_regions", "`profile_regions` applies to inference profiles (ids such as `us.anthropic...`) only".into()));
        }
        let mut permissions = Vec::new();
        for id in &models {
            for p in permissions_for(id, &self.profile_regions) {
                if !permissions.contains(&p) {
                    permissions.push(p);
                }
            }
        }
        let content_type = self.content_type.as_deref().unwrap_or("application/json");
        let accept = self.accept.as_deref().unwrap_or("application/json");
        for (field, v) in [("content_type", content_type), ("accept", accept)] {
            if !v.contains('/') || v.contains(['\'', ' ']) {
                return Err(arg_error(field, format!("`{v}` is not a media type")));
            }
        }
        mappings.insert(
            IntegrationParam::Header("Content-Type".into()),
            RequestSource::fixed(content_type),
        );
        mappings.insert(
            IntegrationParam::Header("Accept".into()),
            RequestSource::fixed(accept),
        );
        let mut templates = BTreeMap::new();
        let mut passthrough = Passthrough::WhenNoMatch;
        if let Some(t) = &self.request_template {
            let text = reference::parse(t, Place::Template, owned)
                .map_err(|e| e.into_op_error("request_template"))?;
            templates.insert("application/json".to_string(), text);
            passthrough = Passthrough::Never;
        }
        let integration = Integration {
            request_parameters: mappings,
            request_templates: templates,
            passthrough,
            ..common::integration(
                "bedrock-runtime",
                Target::Path(target),
                HttpMethod::Post,
                None,
                permissions,
            )
        };
        Ok(common::method(
            path,
            verb,
            "InvokeModel",
            "Run the model on the request body",
            params,
            integration,
        ))
    }
}

crate::service_operations! {
    "invoke_model" => InvokeModel => |a: InvokeModel| a, example: ("POST /summaries", "{ model: \"amazon.titan-text-express-v1\" }"),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(s: &str) -> ApiPath {
        ApiPath::parse(s).unwrap()
    }

    #[test]
    fn fixed_foundation_model() {
        let m = InvokeModel::model("anthropic.claude-3-haiku-20240307-v1:0")
            .build(&p("/ask"), HttpMethod::Post)
            .unwrap();
        let i = &m.integration;
        assert_eq!(
            i.uri().to_string(),
            "arn:${AWS::Partition}:apigateway:${AWS::Region}:bedrock-runtime:path/model/anthropic.claude-3-haiku-20240307-v1:0/invoke"
        );
        assert_eq!(i.permissions.len(), 1);
        assert_eq!(i.permissions[0].actions, ["bedrock:InvokeModel"]);
        assert_eq!(
            i.permissions[0].resources[0].to_string(),
            "arn:${AWS::Partition}:bedrock:${AWS::Region}::foundation-model/anthropic.claude-3-haiku-20240307-v1:0"
        );
        assert!(i.request_templates.is_empty());
        assert_eq!(i.passthrough, Passthrough::WhenNoMatch);
    }

    #[test]
    fn model_from_the_path_is_limited_to_the_list() {
        let op = InvokeModel {
            allowed_models: vec![
                "amazon.titan-text-lite-v1".into(),
                "meta.llama3-8b-instruct-v1:0".into(),
            ],
            ..InvokeModel::model("{model}")
        };
        let m = op.build(&p("/models/{model}"), HttpMethod::Post).unwrap();
        assert_eq!(
            m.integration.uri_suffix().to_string(),
            "bedrock-runtime:path/model/{model}/invoke"
        );
        assert_eq!(
            m.integration.request_parameters[&IntegrationParam::Path("model".into())].to_string(),
            "method.request.path.model"
        );
        let arns: Vec<String> = m
            .integration
            .permissions
            .iter()
            .flat_map(|p| p.resources.iter().map(|r| r.to_string()))
            .collect();
        assert_eq!(arns.len(), 2);
        assert!(arns[1].ends_with("::foundation-model/meta.llama3-8b-instruct-v1:0"));
        let open = InvokeModel::model("{model}");
        assert_eq!(
            open.build(&p("/models/{model}"), HttpMethod::Post)
                .unwrap_err()
                .field,
            Some("allowed_models")
        );
        assert_eq!(
            open.build(&p("/models"), HttpMethod::Post)
                .unwrap_err()
                .code,
            codes::UNKNOWN_PATH_PARAM
        );
    }

    #[test]
    fn inference_profile_needs_the_profile_and_its_model_through_it() {
        let any_region = InvokeModel::model("us.amazon.nova-lite-v1:0")
            .build(&p("/nova"), HttpMethod::Post)
            .unwrap();
        let perms = &any_region.integration.permissions;
        assert_eq!(perms.len(), 2);
        let profile = "arn:${AWS::Partition}:bedrock:${AWS::Region}:${AWS::AccountId}:inference-profile/us.amazon.nova-lite-v1:0";
        assert_eq!(perms[0].resources[0].to_string(), profile);
        assert_eq!(
            perms[1].resources[0].to_string(),
            "arn:${AWS::Partition}:bedrock:*::foundation-model/amazon.nova-lite-v1:0"
        );
        assert_eq!(perms[1].conditions[0].key, "bedrock:InferenceProfileArn");
        assert_eq!(
            perms[1].conditions[0].values.items()[0].to_string(),
            profile
        );
        let regions = InvokeModel {
            profile_regions: vec!["us-east-1".into(), "us-west-2".into()],
            ..InvokeModel::model("us.amazon.nova-lite-v1:0")
        };
        let m = regions.build(&p("/nova"), HttpMethod::Post).unwrap();
        let r: Vec<String> = m.integration.permissions[1]
            .resources
            .iter()
            .map(|t| t.to_string())
            .collect();
        assert_eq!(
            r,
            [
                "arn:${AWS::Partition}:bedrock:us-east-1::foundation-model/amazon.nova-lite-v1:0",
                "arn:${AWS::Partition}:bedrock:us-west-2::foundation-model/amazon.nova-lite-v1:0",
            ]
        );
    }

    #[test]
    fn template_accept_and_refusals() {
        let op = InvokeModel {
            request_template: Some(
                "{\"inputText\": \"$util.escapeJavaScript($input.path('$.q'))\"}".into(),
            ),
            accept: Some("*/*".into()),
            ..InvokeModel::model("amazon.titan-text-express-v1")
        };
        let m = op.build(&p("/t"), HttpMethod::Post).unwrap();
        assert_eq!(m.integration.passthrough, Passthrough::Never);
        assert_eq!(
            m.integration.request_parameters[&IntegrationParam::Header("Accept".into())]
                .to_string(),
            "'*/*'"
        );
        let field = |op: InvokeModel| op.build(&p("/t"), HttpMethod::Post).unwrap_err().field;
        assert_eq!(field(InvokeModel::model("Claude")), Some("model"));
        assert_eq!(field(InvokeModel::model("header.X-Model")), Some("model"));
        assert_eq!(
            field(InvokeModel {
                profile_regions: vec!["us-east-1".into()],
                ..InvokeModel::model("amazon.titan-text-express-v1")
            }),
            Some("profile_regions")
        );
        assert_eq!(
            field(InvokeModel {
                profile_regions: vec!["mars".into()],
                ..InvokeModel::model("us.amazon.nova-lite-v1:0")
            }),
            Some("profile_regions")
        );
        assert_eq!(
            field(InvokeModel {
                allowed_models: vec!["amazon.titan-text-lite-v1".into()],
                ..InvokeModel::model("amazon.titan-text-express-v1")
            }),
            Some("allowed_models")
        );
        assert_eq!(
            field(InvokeModel {
                content_type: Some("json".into()),
                ..InvokeModel::model("amazon.titan-text-express-v1")
            }),
            Some("content_type")
        );
    }
}
