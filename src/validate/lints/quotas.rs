//! Service quotas and size limits a template or document runs into before anything is wrong
//! with it: 500 resources per CloudFormation stack, 1 MB per template (51,200 bytes when
//! passed inline), 1,024 bytes of template description, 200 outputs, parameters and mappings
//! per template, and 300 resources per REST API by default.

use super::{
    API_RESOURCES, CFN_SECTION_QUOTA, PAYLOAD_QUOTA_NOTE, STACK_RESOURCES, Sink,
    TEMPLATE_DESCRIPTION, TEMPLATE_SIZE, ptr,
};
use serde_json::Value;

use crate::limits::{
    MAX_API_RESOURCES, MAX_INLINE_TEMPLATE_BYTES as MAX_INLINE_BYTES, MAX_STACK_RESOURCES,
    MAX_TEMPLATE_BYTES, MAX_TEMPLATE_DESCRIPTION_BYTES, MAX_TEMPLATE_MAPPINGS,
    MAX_TEMPLATE_OUTPUTS, MAX_TEMPLATE_PARAMETERS,
};

/// Stack and template quotas of a CloudFormation template.
pub(super) fn check_cloudformation(doc: &Value, sink: &mut Sink) {
    if let Some(d) = doc.get("Description").and_then(Value::as_str)
        && d.len() > MAX_TEMPLATE_DESCRIPTION_BYTES
    {
        // CloudFormation refuses the template outright (cfn-lint E1003).
        sink.error(
            TEMPLATE_DESCRIPTION,
            "/Description",
            format!(
                "the template description is {} bytes; CloudFormation accepts at most {MAX_TEMPLATE_DESCRIPTION_BYTES}",
                d.len()
            ),
            "shorten the `Description`",
        );
    }
    for (section, max, what) in [
        ("Outputs", MAX_TEMPLATE_OUTPUTS, "outputs"),
        ("Parameters", MAX_TEMPLATE_PARAMETERS, "parameters"),
        ("Mappings", MAX_TEMPLATE_MAPPINGS, "mappings"),
    ] {
        if let Some(n) = doc.get(section).and_then(Value::as_object).map(|m| m.len())
            && n > max
        {
            // CloudFormation refuses the template (cfn-lint E1010 and its kin).
            sink.error(
                CFN_SECTION_QUOTA,
                &ptr("", section),
                format!("the template has {n} {what}; CloudFormation accepts at most {max}"),
                "split the template into nested stacks, or merge entries",
            );
        }
    }
    let Some(resources) = doc.get("Resources").and_then(Value::as_object) else {
        return;
    };
    if resources.len() > MAX_STACK_RESOURCES {
        // A warning, not an error: Terraform and OpenAPI import still take such an API.
        sink.warning(
            STACK_RESOURCES,
            "/Resources",
            format!("the template has {} resources; CloudFormation allows {MAX_STACK_RESOURCES} per stack", resources.len()),
            "split the API across stacks (nested stacks) or deploy it with Terraform or an OpenAPI import",
        );
    }
    let api_resources = resources
        .values()
        .filter(|r| r["Type"] == "AWS::ApiGateway::Resource")
        .count();
    if api_resources > MAX_API_RESOURCES {
        sink.warning(
            API_RESOURCES,
            "/Resources",
            format!("the API has {api_resources} resources; API Gateway allows {MAX_API_RESOURCES} by default"),
            "request a quota increase for resources per REST API before deploying",
        );
    }
    let size = crate::json::compact_len(doc);
    if size > MAX_TEMPLATE_BYTES {
        sink.warning(
            TEMPLATE_SIZE,
            "",
            format!("the template is at least {size} bytes; CloudFormation accepts at most {MAX_TEMPLATE_BYTES}"),
            "split the API across stacks, or deploy it with Terraform or an OpenAPI import",
        );
    } else if size > MAX_INLINE_BYTES {
        sink.note(
            PAYLOAD_QUOTA_NOTE,
            "",
            format!("the template is over {MAX_INLINE_BYTES} bytes, the most CloudFormation takes inline"),
            "deploy it through S3: `aws cloudformation deploy --s3-bucket <bucket> ...`",
        );
    }
}

/// The resources-per-API quota of an OpenAPI document (one resource per path segment).
pub(super) fn check_openapi(doc: &Value, sink: &mut Sink) {
    check_openapi_at(doc, "", sink);
}

/// [`check_openapi`] for a document found at pointer `base` (a RestApi's `Body`).
pub(super) fn check_openapi_at(doc: &Value, base: &str, sink: &mut Sink) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return;
    };
    check_paths(paths.keys().map(String::as_str), base, sink);
}

/// The resources quota for a document whose `paths` has the keys `paths` (the document at
/// pointer `base`).
pub(super) fn check_paths<'a>(paths: impl Iterator<Item = &'a str>, base: &str, sink: &mut Sink) {
    let mut prefixes = std::collections::BTreeSet::new();
    for p in paths {
        let segs: Vec<&str> = p.split('/').filter(|s| !s.is_empty()).collect();
        for n in 1..=segs.len() {
            prefixes.insert(segs[..n].join("/"));
        }
    }
    if prefixes.len() > MAX_API_RESOURCES {
        sink.warning(
            API_RESOURCES,
            &ptr(base, "paths"),
            format!(
                "the API has {} resources; API Gateway allows {MAX_API_RESOURCES} by default",
                prefixes.len()
            ),
            "request a quota increase for resources per REST API before importing",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Severity;
    use crate::validate::Format;

    #[test]
    fn template_description_up_to_the_limit() {
        let with = |n: usize| {
            cfn(move |d| {
                d["Description"] = Value::String("é".repeat(n / 2));
            })
        };
        // 512 two-byte characters are exactly 1,024 bytes; one more is over.
        let fits = with(MAX_TEMPLATE_DESCRIPTION_BYTES);
        assert!(only(Format::CloudFormation, &fits, TEMPLATE_DESCRIPTION).is_empty());
        let over = with(MAX_TEMPLATE_DESCRIPTION_BYTES + 2);
        assert_eq!(
            only(Format::CloudFormation, &over, TEMPLATE_DESCRIPTION),
            [("/Description".to_string(), Severity::Error)]
        );
    }

    #[test]
    fn outputs_parameters_and_mappings_up_to_their_quota() {
        let with = |section: &'static str, n: usize| {
            cfn(move |d| {
                let m: serde_json::Map<String, Value> = (0..n)
                    .map(|i| {
                        (
                            format!("E{i}"),
                            serde_json::json!({"Type": "String", "Value": "x", "A": {"B": "c"}}),
                        )
                    })
                    .collect();
                d[section] = Value::Object(m);
            })
        };
        for (section, max) in [
            ("Outputs", MAX_TEMPLATE_OUTPUTS),
            ("Parameters", MAX_TEMPLATE_PARAMETERS),
            ("Mappings", MAX_TEMPLATE_MAPPINGS),
        ] {
            assert!(
                only(
                    Format::CloudFormation,
                    &with(section, max),
                    CFN_SECTION_QUOTA
                )
                .is_empty()
            );
            assert_eq!(
                only(
                    Format::CloudFormation,
                    &with(section, max + 1),
                    CFN_SECTION_QUOTA
                ),
                [(format!("/{section}"), Severity::Error)],
                "{section}"
            );
        }
    }
}
