//! AWS quotas and hard limits gatewright checks against, written once. Blueprint checks,
//! lints and the blueprint schema all read them from here, so a quota AWS changes is changed in
//! one place.

/// Shortest integration timeout API Gateway accepts, in milliseconds.
pub const MIN_TIMEOUT_MS: u32 = 50;
/// Longest integration timeout of a REST API without a quota increase, in milliseconds.
pub const MAX_TIMEOUT_MS: u32 = 29_000;
/// The largest request or response payload API Gateway passes, in MB (a hard limit).
pub const MAX_PAYLOAD_MB: u32 = 10;
/// Resources in one CloudFormation stack.
pub const MAX_STACK_RESOURCES: usize = 500;
/// Size of a CloudFormation template read from S3, in bytes.
pub const MAX_TEMPLATE_BYTES: usize = 1_048_576;
/// Size of a CloudFormation template passed inline (`--template-body`), in bytes.
pub const MAX_INLINE_TEMPLATE_BYTES: usize = 51_200;
/// Largest OpenAPI document `ImportRestApi`/`PutRestApi` (and so a RestApi `Body`) takes.
pub const MAX_IMPORT_BYTES: usize = 6 * 1024 * 1024;
/// API Gateway's default number of resources per REST API (an adjustable quota).
pub const MAX_API_RESOURCES: usize = 300;

/// True when `ms` is a timeout API Gateway accepts without a quota increase.
pub fn timeout_in_range(ms: u32) -> bool {
    (MIN_TIMEOUT_MS..=MAX_TIMEOUT_MS).contains(&ms)
}

/// Longest time an SQS message stays invisible after it was received, in seconds (12 hours).
pub const MAX_VISIBILITY_TIMEOUT_S: u32 = 43_200;
/// Longest time API Gateway caches an authorizer's decision, in seconds.
pub const MAX_AUTHORIZER_TTL_S: u32 = 3_600;
/// Longest REST API name API Gateway accepts, in characters.
pub const MAX_API_NAME: usize = 1_024;
/// Longest `{api}-{stage}` prefix of generated physical names, in bytes: leaves room for the
/// resource's own name within the 64 characters Lambda and CloudFront allow.
pub const MAX_SCOPE: usize = 40;
/// Longest Lambda function name (also CloudFront function and KeyValueStore names).
pub const MAX_FUNCTION_NAME: usize = 64;
/// Longest Terraform `bucket_prefix` the AWS provider accepts (S3's 63 characters less the
/// 26 it appends); owned topics and queues keep to it too.
pub const MAX_NAME_PREFIX: usize = 37;
/// Longest description of an IAM role, in characters.
pub const MAX_IAM_DESCRIPTION: usize = 1_000;
/// Longest `Description` of a CloudFormation template, in bytes (UTF-8).
pub const MAX_TEMPLATE_DESCRIPTION_BYTES: usize = 1_024;
/// Longest stage name API Gateway accepts, in characters.
pub const MAX_STAGE_NAME: usize = 128;
/// Longest name gatewright accepts for an owned topic, queue or bucket (the blueprint name
/// becomes part of the AWS name).
pub const MAX_OWNED_NAME: usize = 64;
/// Outputs in one CloudFormation template (CloudFormation quotas page; cfn-lint agrees).
pub const MAX_TEMPLATE_OUTPUTS: usize = 200;
/// Parameters in one CloudFormation template.
pub const MAX_TEMPLATE_PARAMETERS: usize = 200;
/// Mappings in one CloudFormation template.
pub const MAX_TEMPLATE_MAPPINGS: usize = 200;

/// Characters IAM accepts in all inline policies of one role together, whitespace not counted
/// (IAM and AWS STS quotas:
/// <https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html>).
pub const MAX_ROLE_INLINE_POLICY_CHARS: usize = 10_240;
/// Characters IAM accepts in one customer-managed policy, whitespace not counted (same page).
pub const MAX_MANAGED_POLICY_CHARS: usize = 6_144;
/// Managed policies attached to one role without a quota increase (same page).
pub const DEFAULT_ROLE_MANAGED_POLICIES: usize = 10;
/// Managed policies attached to one role at most, with the quota raised (same page).
pub const MAX_ROLE_MANAGED_POLICIES: usize = 20;
/// Longest partition name a deploy-time ARN may hold (`aws-us-gov`), counted when a policy's
/// size is computed before deployment.
pub const IAM_SIZE_PARTITION: usize = 10;
/// Longest region name counted for a deploy-time region (`ap-southeast-7`).
pub const IAM_SIZE_REGION: usize = 14;
/// Length of an account id.
pub const IAM_SIZE_ACCOUNT: usize = 12;
/// Longest endpoint domain suffix counted (`amazonaws.com.cn`).
pub const IAM_SIZE_URL_SUFFIX: usize = 16;
/// Length counted for any other deploy-time value (an ARN, name or URL of a resource of the
/// same template): a generous bound for the ARNs, names and URLs of the resources gatewright
/// generates, whose names are bounded (see [`MAX_SCOPE`]).
pub const IAM_SIZE_REFERENCE: usize = 160;

/// Characters IAM counts for text inside a JSON string of a policy (quotes not included):
/// spaces are not counted, other whitespace and `"`/`\\` are escaped in two characters,
/// other control characters in six. Shared by the model's size of the policies it derives and
/// `validate`'s size of a template's policies, so both count alike.
pub fn iam_text_chars(s: &str) -> usize {
    s.chars()
        .map(|c| match c {
            '"' | '\\' => 2,
            ' ' => 0,
            c if c.is_whitespace() => 2,
            c if (c as u32) < 0x20 => 6,
            _ => 1,
        })
        .sum()
}
