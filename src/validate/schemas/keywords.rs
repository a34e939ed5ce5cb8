//! The constraining keywords cfn-lint adds to the CloudFormation resource provider schemas,
//! which draft-07 does not know: `dependentExcluded`, `requiredXor`, and `dependentRequired`
//! (a 2019-09 keyword the draft-07 validator would ignore).

use jsonschema::paths::Location;
use jsonschema::{Keyword, ValidationError};
use serde_json::{Map, Value};

type Factory = for<'a> fn(
    &'a Map<String, Value>,
    &'a Value,
    Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>>;

/// The keywords, by name, with their factories.
pub(super) const CLOUDFORMATION: [(&str, Factory); 3] = [
    ("dependentExcluded", dependent_excluded),
    ("dependentRequired", dependent_required),
    ("requiredXor", required_xor),
];

fn strings(value: &Value) -> Option<Vec<String>> {
    value
        .as_array()?
        .iter()
        .map(|v| v.as_str().map(str::to_string))
        .collect()
}

fn name_map(value: &Value) -> Option<Vec<(String, Vec<String>)>> {
    value
        .as_object()?
        .iter()
        .map(|(k, v)| strings(v).map(|list| (k.clone(), list)))
        .collect()
}

/// `{"A": ["B", "C"]}`: when `A` is set, `B` and `C` must not be.
struct DependentExcluded(Vec<(String, Vec<String>)>);

/// `{"A": ["B"]}`: when `A` is set, `B` must be too.
struct DependentRequired(Vec<(String, Vec<String>)>);

/// `["A", "B"]`: exactly one of `A` and `B` is set.
struct RequiredXor(Vec<String>);

fn dependent_excluded<'a>(
    _: &'a Map<String, Value>,
    value: &'a Value,
    _: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    name_map(value)
        .map(|m| Box::new(DependentExcluded(m)) as Box<dyn for<'i> Keyword<'i>>)
        .ok_or_else(|| ValidationError::schema("dependentExcluded must map names to name lists"))
}

fn dependent_required<'a>(
    _: &'a Map<String, Value>,
    value: &'a Value,
    _: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    name_map(value)
        .map(|m| Box::new(DependentRequired(m)) as Box<dyn for<'i> Keyword<'i>>)
        .ok_or_else(|| ValidationError::schema("dependentRequired must map names to name lists"))
}

fn required_xor<'a>(
    _: &'a Map<String, Value>,
    value: &'a Value,
    _: Location,
) -> Result<Box<dyn for<'i> Keyword<'i>>, ValidationError<'a>> {
    strings(value)
        .map(|l| Box::new(RequiredXor(l)) as Box<dyn for<'i> Keyword<'i>>)
        .ok_or_else(|| ValidationError::schema("requiredXor must be a list of names"))
}

fn quoted(names: &[&String]) -> String {
    names
        .iter()
        .map(|n| format!("`{n}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl DependentExcluded {
    fn problem(&self, object: &Map<String, Value>) -> Option<String> {
        self.0.iter().find_map(|(name, excluded)| {
            if !object.contains_key(name) {
                return None;
            }
            let clash: Vec<&String> = excluded
                .iter()
                .filter(|e| object.contains_key(*e))
                .collect();
            (!clash.is_empty())
                .then(|| format!("`{name}` cannot be set together with {}", quoted(&clash)))
        })
    }
}

impl DependentRequired {
    fn problem(&self, object: &Map<String, Value>) -> Option<String> {
        self.0.iter().find_map(|(name, needed)| {
            if !object.contains_key(name) {
                return None;
            }
            let missing: Vec<&String> =
                needed.iter().filter(|e| !object.contains_key(*e)).collect();
            (!missing.is_empty()).then(|| format!("`{name}` needs {} as well", quoted(&missing)))
        })
    }
}

impl RequiredXor {
    fn problem(&self, object: &Map<String, Value>) -> Option<String> {
        let set = self.0.iter().filter(|n| object.contains_key(*n)).count();
        let all: Vec<&String> = self.0.iter().collect();
        (set != 1).then(|| format!("exactly one of {} must be set, found {set}", quoted(&all)))
    }
}

macro_rules! object_keyword {
    ($ty:ty) => {
        impl<'i> Keyword<'i> for $ty {
            fn validate(&self, instance: &'i Value) -> Result<(), ValidationError<'i>> {
                match instance.as_object().and_then(|o| self.problem(o)) {
                    Some(message) => Err(ValidationError::custom(message)),
                    None => Ok(()),
                }
            }

            fn is_valid(&self, instance: &'i Value) -> bool {
                instance.as_object().and_then(|o| self.problem(o)).is_none()
            }
        }
    };
}

object_keyword!(DependentExcluded);
object_keyword!(DependentRequired);
object_keyword!(RequiredXor);

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn validator(schema: Value) -> jsonschema::Validator {
        let mut options = jsonschema::options().with_draft(jsonschema::Draft::Draft7);
        for (name, factory) in CLOUDFORMATION {
            options = options.with_keyword(name, factory);
        }
        options.build(&schema).unwrap()
    }

    #[test]
    fn dependent_excluded_rejects_both() {
        let v = validator(json!({"dependentExcluded": {"A": ["B"]}}));
        assert!(v.is_valid(&json!({"A": 1})));
        assert!(v.is_valid(&json!({"B": 1})));
        assert!(!v.is_valid(&json!({"A": 1, "B": 2})));
        let both = json!({"A": 1, "B": 2});
        let err = v.validate(&both).unwrap_err();
        assert!(
            err.to_string()
                .contains("`A` cannot be set together with `B`")
        );
    }

    #[test]
    fn dependent_required_needs_the_other() {
        let v = validator(json!({"dependentRequired": {"A": ["B"]}}));
        assert!(v.is_valid(&json!({"A": 1, "B": 2})));
        assert!(v.is_valid(&json!({})));
        assert!(!v.is_valid(&json!({"A": 1})));
    }

    #[test]
    fn required_xor_wants_exactly_one() {
        let v = validator(json!({"requiredXor": ["A", "B"]}));
        assert!(v.is_valid(&json!({"A": 1})));
        assert!(!v.is_valid(&json!({})));
        assert!(!v.is_valid(&json!({"A": 1, "B": 2})));
        assert!(v.is_valid(&json!("not an object")));
    }
}
