//! Names: CloudFormation logical ids (`^[A-Za-z0-9]+$`, at most 255, no parameter and resource
//! sharing one), Terraform block names (identifiers, unique per type) and OpenAPI operation ids
//! (unique).

use super::{
    DUPLICATE_LOGICAL_ID, DUPLICATE_OPERATION_ID, DUPLICATE_TERRAFORM_NAME, LOGICAL_ID, Sink,
    TERRAFORM_NAME, ptr,
};
use serde_json::Value;
use std::collections::{HashMap, HashSet};

/// Sections whose keys are logical ids.
const CFN_SECTIONS: &[&str] = &[
    "Parameters",
    "Resources",
    "Outputs",
    "Conditions",
    "Mappings",
];

fn logical_id_ok(id: &str) -> bool {
    !id.is_empty() && id.len() <= 255 && id.chars().all(|c| c.is_ascii_alphanumeric())
}

pub(super) fn check_cloudformation(doc: &Value, sink: &mut Sink) {
    for section in CFN_SECTIONS {
        let Some(map) = doc.get(*section).and_then(Value::as_object) else {
            continue;
        };
        for id in map.keys() {
            if !logical_id_ok(id) {
                let why = if id.len() > 255 {
                    "is longer than 255 characters"
                } else {
                    "is not alphanumeric"
                };
                sink.error(
                    LOGICAL_ID,
                    &ptr(&ptr("", section), id),
                    format!("logical id `{id}` in {section} {why}"),
                    "logical ids use only A-Z, a-z and 0-9, at most 255 of them",
                );
            }
        }
    }
    let params = doc.get("Parameters").and_then(Value::as_object);
    let resources = doc.get("Resources").and_then(Value::as_object);
    if let (Some(params), Some(resources)) = (params, resources) {
        for id in resources.keys().filter(|id| params.contains_key(*id)) {
            sink.error(
                DUPLICATE_LOGICAL_ID,
                &ptr("/Resources", id),
                format!("`{id}` is both a parameter and a resource"),
                "parameters and resources share one namespace (`Ref` names either): rename one",
            );
        }
    }
}

fn terraform_name_ok(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// `resource`, `data` (typed: names unique per type), and `variable`, `output`, `module`.
pub(super) fn check_terraform(doc: &Value, sink: &mut Sink) {
    for section in ["resource", "data"] {
        let mut seen: HashSet<(&str, &str)> = HashSet::new();
        for (base, block) in blocks(doc.get(section), &ptr("", section)) {
            let Some(types) = block.as_object() else {
                continue;
            };
            for (ty, names) in types {
                let Some(names) = names.as_object() else {
                    continue;
                };
                for name in names.keys() {
                    let p = ptr(&ptr(&base, ty), name);
                    if !terraform_name_ok(name) {
                        sink.error(
                            TERRAFORM_NAME,
                            &p,
                            format!("`{name}` is not a valid name for {section} `{ty}`"),
                            "names start with a letter or `_` and hold letters, digits, `_` and `-`",
                        );
                    }
                    if !seen.insert((ty, name)) {
                        sink.error(
                            DUPLICATE_TERRAFORM_NAME,
                            &p,
                            format!("{section} `{ty}.{name}` is defined twice"),
                            "each name may be used once per type: rename one",
                        );
                    }
                }
            }
        }
    }
    for section in ["variable", "output", "module"] {
        for (base, block) in blocks(doc.get(section), &ptr("", section)) {
            let Some(names) = block.as_object() else {
                continue;
            };
            for name in names.keys().filter(|n| !terraform_name_ok(n)) {
                sink.error(
                    TERRAFORM_NAME,
                    &ptr(&base, name),
                    format!("`{name}` is not a valid {section} name"),
                    "names start with a letter or `_` and hold letters, digits, `_` and `-`",
                );
            }
        }
    }
}

/// A Terraform JSON block that may be an object or an array of objects, with pointers.
pub(crate) fn blocks<'a>(v: Option<&'a Value>, base: &str) -> Vec<(String, &'a Value)> {
    match v {
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, b)| (format!("{base}/{i}"), b))
            .collect(),
        Some(b @ Value::Object(_)) => vec![(base.to_string(), b)],
        _ => Vec::new(),
    }
}

/// HTTP methods of an OpenAPI path item, API Gateway's `ANY` included.
pub(crate) const OPERATIONS: &[&str] = &[
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
    "x-amazon-apigateway-any-method",
];

/// Operation ids of an OpenAPI document at `base` are unique.
pub(super) fn check_operation_ids(doc: &Value, base: &str, sink: &mut Sink) {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return;
    };
    let mut seen: HashMap<&str, String> = HashMap::new();
    for (path, item) in paths {
        for op in OPERATIONS {
            let Some(id) = item
                .get(*op)
                .and_then(|o| o.get("operationId"))
                .and_then(Value::as_str)
            else {
                continue;
            };
            let p = ptr(&ptr(&ptr(&ptr(base, "paths"), path), op), "operationId");
            if let Some(first) = seen.get(id) {
                sink.error(
                    DUPLICATE_OPERATION_ID,
                    &p,
                    format!("operationId `{id}` is also used at {first}"),
                    "operation ids must be unique: API Gateway and SDK generators key operations by them",
                );
            } else {
                seen.insert(id, p);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::testing::*;
    use super::*;
    use crate::Severity;
    use crate::validate::Format;
    use serde_json::json;

    #[test]
    fn logical_ids() {
        assert!(logical_id_ok("MethodRootGet"));
        assert!(!logical_id_ok("Method-Root"));
        assert!(!logical_id_ok(&"A".repeat(256)));
        let bad = cfn(|d| {
            let r = at(d, "/Resources").as_object_mut().unwrap();
            let api = r.remove("Api").unwrap();
            r.insert("My_Api".into(), api);
        });
        assert!(
            only(Format::CloudFormation, &bad, LOGICAL_ID)
                .contains(&("/Resources/My_Api".to_string(), Severity::Error))
        );
        let dup = cfn(|d| {
            d.as_object_mut()
                .unwrap()
                .insert("Parameters".into(), json!({"Role": {"Type": "String"}}));
        });
        assert_eq!(
            only(Format::CloudFormation, &dup, DUPLICATE_LOGICAL_ID),
            vec![("/Resources/Role".to_string(), Severity::Error)]
        );
    }

    #[test]
    fn terraform_names() {
        assert!(terraform_name_ok("folder_item-get"));
        assert!(!terraform_name_ok("1st"));
        let bad = tf(|d| {
            let m = at(d, "/resource/aws_api_gateway_method")
                .as_object_mut()
                .unwrap();
            let get = m.remove("get").unwrap();
            m.insert("get.root".into(), get);
        });
        assert_eq!(
            only(Format::TerraformJson, &bad, TERRAFORM_NAME),
            vec![(
                "/resource/aws_api_gateway_method/get.root".to_string(),
                Severity::Error
            )]
        );
        let dup = json!({"resource": [
            {"aws_s3_bucket": {"b": {}}},
            {"aws_s3_bucket": {"b": {}}}
        ]});
        assert_eq!(
            only(Format::TerraformJson, &dup, DUPLICATE_TERRAFORM_NAME),
            vec![("/resource/1/aws_s3_bucket/b".to_string(), Severity::Error)]
        );
    }

    #[test]
    fn operation_ids() {
        let dup = oas(|d| {
            let mut put = at(d, "/paths/~1{folder}/get").clone();
            put["x-amazon-apigateway-integration"]["httpMethod"] = json!("PUT");
            at(d, "/paths/~1{folder}")
                .as_object_mut()
                .unwrap()
                .insert("put".into(), put);
        });
        assert_eq!(
            only(Format::OpenApi3, &dup, DUPLICATE_OPERATION_ID),
            vec![(
                "/paths/~1{folder}/put/operationId".to_string(),
                Severity::Error
            )]
        );
    }
}
