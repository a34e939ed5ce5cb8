//! What Kinesis and Firehose operations share: the JSON-protocol integration they call
//! (`action/<Action>` with `X-Amz-Target` and `application/x-amz-json-1.1`), where a
//! partition key comes from, and where a batch's records are in the request body.

use super::common;
use super::vtl::{Declared, RequestValue};
use crate::codes;
use crate::model::VecMap;
use crate::model::{
    HttpMethod, Integration, IntegrationParam, OpError, Passthrough, Permission, RequestSource,
    Target, Text,
};

/// Content types whose bodies the record operations take (the body is sent as it is,
/// base64-encoded).
pub const BODY_TYPES: [&str; 2] = ["application/json", "text/plain"];

/// The integration calling `action` of a JSON-protocol service whose `X-Amz-Target` prefix
/// is `target_prefix`, with `template` for each of [`BODY_TYPES`] and `ok` as the success
/// template.
pub fn integration(
    service: &str,
    target_prefix: &str,
    action: &str,
    template: Text,
    ok: Text,
    permissions: Vec<Permission>,
) -> Integration {
    let mut mappings = VecMap::new();
    mappings.insert(
        IntegrationParam::Header("X-Amz-Target".into()),
        RequestSource::fixed(format!("{target_prefix}.{action}")),
    );
    mappings.insert(
        IntegrationParam::Header("Content-Type".into()),
        RequestSource::fixed("application/x-amz-json-1.1"),
    );
    let templates = BODY_TYPES
        .iter()
        .map(|ct| (ct.to_string(), template.clone()))
        .collect();
    Integration {
        request_parameters: mappings,
        request_templates: templates,
        passthrough: Passthrough::Never,
        ..common::integration(
            service,
            Target::Action(action.into()),
            HttpMethod::Post,
            Some(ok),
            permissions,
        )
    }
}

/// A JSON field name a template may read (`customer_id`, `meta.tenant`): letters, digits,
/// `_` and `-`, dot-separated.
fn field_ok(f: &str) -> bool {
    !f.is_empty()
        && f.split('.').all(|seg| {
            !seg.is_empty()
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        })
}

/// The VTL expression of a value taken from the request: `header.<name>`,
/// `querystring.<name>`, `{param}`, `body.<field>` (a field of the JSON body), `$request_id`
/// (API Gateway's id of the request, which spreads records evenly) or a fixed text.
pub fn request_value(
    src: &str,
    declared: &mut Declared<'_>,
    field: &'static str,
) -> Result<String, OpError> {
    if src == "$request_id" {
        return Ok("$context.requestId".into());
    }
    if let Some(f) = src.strip_prefix("body.") {
        if !field_ok(f) {
            return Err(OpError::field(
                codes::ARGUMENT,
                field,
                format!("`{f}` is not a field name of the JSON body"),
            )
            .help("write `body.<field>` with letters, digits, `_` or `-`, dot-separated for nested fields"));
        }
        return Ok(format!("$input.path('$.{f}')"));
    }
    if src.is_empty() || src.contains(['$', '#', '"', '\\']) {
        return Err(OpError::field(
            codes::ARGUMENT,
            field,
            format!("`{src}` is not a value source"),
        )
        .help("write `header.<name>`, `querystring.<name>`, `{param}`, `body.<field>`, `$request_id` or a fixed text without `$ # \" \\`"));
    }
    declared.declare(&RequestValue::parse(src), true, field)
}

/// Where a batch's records are in the JSON body: `$` (the body is an array) or
/// `$.<field>` (default `$.records`). Returns the JSONPath.
pub fn records_path(given: Option<&str>) -> Result<String, OpError> {
    let p = given.unwrap_or("$.records");
    if p == "$" || p.strip_prefix("$.").is_some_and(field_ok) {
        return Ok(p.to_string());
    }
    Err(OpError::field(
        codes::ARGUMENT,
        "records",
        format!("`{p}` is not a JSONPath to the records"),
    )
    .help("write `$` (the body is an array of records) or `$.<field>`, such as `$.records`"))
}

/// A field of each record (`data`, `partition_key`), or `$` for the whole record; returns
/// the JSONPath suffix after the record's index.
pub fn record_field(given: &str, field: &'static str) -> Result<String, OpError> {
    if given == "$" {
        return Ok(String::new());
    }
    if field_ok(given) {
        return Ok(format!(".{given}"));
    }
    Err(OpError::field(
        codes::ARGUMENT,
        field,
        format!("`{given}` is not a field of a record"),
    )
    .help("write a field name such as `data`, or `$` for the whole record"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::ApiPath;

    #[test]
    fn values_come_from_the_request_or_are_refused() {
        let path = ApiPath::parse("/clicks/{user}").unwrap();
        let mut d = Declared::new(&path);
        assert_eq!(
            request_value("body.user.id", &mut d, "partition_key").unwrap(),
            "$input.path('$.user.id')"
        );
        assert_eq!(
            request_value("$request_id", &mut d, "partition_key").unwrap(),
            "$context.requestId"
        );
        assert_eq!(
            request_value("{user}", &mut d, "partition_key").unwrap(),
            "$input.params().path.get('user')"
        );
        assert_eq!(d.params.len(), 1);
        assert_eq!(
            request_value("{nope}", &mut d, "partition_key")
                .unwrap_err()
                .code,
            codes::UNKNOWN_PATH_PARAM
        );
        for bad in ["body.", "body.a..b", "$input.body", "a\"b", ""] {
            assert!(
                request_value(bad, &mut d, "partition_key").is_err(),
                "{bad}"
            );
        }
    }

    #[test]
    fn record_paths() {
        assert_eq!(records_path(None).unwrap(), "$.records");
        assert_eq!(records_path(Some("$")).unwrap(), "$");
        assert!(records_path(Some("records")).is_err());
        assert!(records_path(Some("$.a[0]")).is_err());
        assert_eq!(record_field("$", "data").unwrap(), "");
        assert_eq!(record_field("data", "data").unwrap(), ".data");
        assert!(record_field("a b", "data").is_err());
    }
}
