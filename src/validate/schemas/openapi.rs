//! OpenAPI 3.0 and Swagger 2.0 documents: the whole document against the official schema of
//! its version, then every `x-amazon-apigateway-*` extension against gatewright's schema of
//! the API Gateway extensions, at the places AWS documents each.

use super::explain::{Explainer, Finding, escape, property_label, unescape};
use super::{APIGATEWAY_EXTENSION, OPENAPI_SCHEMA, finding, internal, options, parse};
use crate::diagnostic::{Diagnostic, Severity};
use crate::validate::Format;
use serde_json::Value;
use std::sync::LazyLock;

/// Which OpenAPI version a document is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Version {
    /// Swagger 2.0.
    V2,
    /// OpenAPI 3.0.x.
    V3,
}

const OAS2: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/schemas/openapi/oas-2.0.schema.json"
));
const OAS3: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/schemas/openapi/oas-3.0.schema.json"
));
const EXTENSIONS: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/schemas/x-amazon-apigateway.schema.json"
));

/// Prefix of the API Gateway extensions.
const PREFIX: &str = "x-amazon-apigateway-";

struct Official {
    validator: jsonschema::Validator,
    schema: Value,
}

/// Draft-04 schemas; formats are not asserted, as openapi-spec-validator does not assert
/// them either (the two must agree).
fn official(text: &str) -> Result<Official, String> {
    let schema = parse(text)?;
    let validator = options(jsonschema::Draft::Draft4, false, false)
        .build(&schema)
        .map_err(|e| e.to_string())?;
    Ok(Official { validator, schema })
}

/// Compiles the official schema of `format` (and, with OpenAPI 3.0, the extensions' schema).
pub(super) fn warm(format: Format) {
    if format == Format::Swagger2 {
        LazyLock::force(&OFFICIAL_2);
    } else {
        LazyLock::force(&OFFICIAL_3);
        LazyLock::force(&EXTENSION_SCHEMA);
    }
}

static OFFICIAL_2: LazyLock<Result<Official, String>> = LazyLock::new(|| official(OAS2));
static OFFICIAL_3: LazyLock<Result<Official, String>> = LazyLock::new(|| official(OAS3));

struct Extensions {
    /// One validator per definition, by `#/definitions/<name>`.
    validators: jsonschema::ValidatorMap,
    schema: Value,
}

static EXTENSION_SCHEMA: LazyLock<Result<Extensions, String>> = LazyLock::new(|| {
    let schema = parse(EXTENSIONS)?;
    let validators = options(jsonschema::Draft::Draft7, false, false)
        .build_map(&schema)
        .map_err(|e| e.to_string())?;
    Ok(Extensions { validators, schema })
});

/// The kinds of object an extension can sit on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    Root,
    PathItem,
    Operation,
    SecurityScheme,
    Server,
    Tag,
    Components,
}

impl Place {
    fn name(self, version: Version) -> &'static str {
        match self {
            Place::Root => "the document root",
            Place::PathItem => "a path item",
            Place::Operation => "an operation",
            Place::SecurityScheme if version == Version::V2 => "a security definition",
            Place::SecurityScheme => "a security scheme",
            Place::Server => "a server object",
            Place::Tag => "a tag",
            Place::Components => "components",
        }
    }
}

/// Where AWS documents each extension.
fn documented_places(extension: &str) -> &'static [Place] {
    match extension.strip_prefix(PREFIX).unwrap_or(extension) {
        "any-method" => &[Place::PathItem],
        "auth" | "integration" => &[Place::Operation],
        "authorizer" | "authtype" => &[Place::SecurityScheme],
        "endpoint-configuration" => &[Place::Root, Place::Server],
        "integrations" => &[Place::Components],
        "request-validator" => &[Place::Root, Place::Operation],
        "tag-value" => &[Place::Tag],
        _ => &[Place::Root],
    }
}

const OPERATIONS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

pub(super) fn check(version: Version, doc: &Value, file: &str, out: &mut Vec<Diagnostic>) {
    let official = match version {
        Version::V2 => &*OFFICIAL_2,
        Version::V3 => &*OFFICIAL_3,
    };
    let which = match version {
        Version::V2 => "Swagger 2.0",
        Version::V3 => "OpenAPI 3.0",
    };
    match official {
        Ok(o) => check_official(o, which, doc, file, out),
        Err(e) => out.push(internal(file, &format!("{which} official"), e)),
    }
    match &*EXTENSION_SCHEMA {
        Ok(ext) => check_extensions(ext, version, doc, file, out),
        Err(e) => out.push(internal(file, "x-amazon-apigateway extension", e)),
    }
}

/// How many leading pointer segments name the object a finding is about, and its name:
/// `/paths/~1a/get/...` is about operation `GET /a`.
fn context(doc: &Value, pointer: &str) -> (usize, String) {
    let segs: Vec<String> = pointer.split('/').skip(1).map(unescape).collect();
    let seg = |i: usize| segs.get(i).map(String::as_str);
    match (seg(0), seg(1), seg(2), seg(3)) {
        (Some("paths"), Some(path), Some(method), _)
            if OPERATIONS.contains(&method) || method == "x-amazon-apigateway-any-method" =>
        {
            let verb = if method == "x-amazon-apigateway-any-method" {
                "ANY".to_string()
            } else {
                method.to_ascii_uppercase()
            };
            (3, format!("operation `{verb} {path}`"))
        }
        (Some("paths"), Some(path), _, _) => (2, format!("path `{path}`")),
        (Some("components"), Some("securitySchemes"), Some(name), _) => {
            (3, format!("security scheme `{name}`"))
        }
        (Some("securityDefinitions"), Some(name), _, _) => {
            (2, format!("security definition `{name}`"))
        }
        (Some("servers"), Some(i), _, _) => (2, format!("server {i}")),
        (Some("tags"), Some(i), _, _) => {
            let name = doc
                .pointer(&format!("/tags/{}", escape(i)))
                .and_then(|t| t.get("name"))
                .and_then(Value::as_str)
                .map_or_else(|| i.to_string(), |n| format!("`{n}`"));
            (2, format!("tag {name}"))
        }
        _ => (0, "document".to_string()),
    }
}

/// The part of `pointer` after its first `skip` segments.
fn tail(pointer: &str, skip: usize) -> String {
    pointer
        .split('/')
        .skip(1 + skip)
        .fold(String::new(), |mut acc, s| {
            acc.push('/');
            acc.push_str(s);
            acc
        })
}

fn check_official(
    official: &Official,
    which: &str,
    doc: &Value,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let label = |pointer: &str| {
        let (skip, _) = context(doc, pointer);
        property_label(&tail(pointer, skip))
    };
    let explainer = Explainer {
        schema: &official.schema,
        local: &official.schema,
        instance: doc,
        intrinsics: false,
        label: &label,
    };
    let mut findings: Vec<Finding> = Vec::new();
    // Errors are built (and located) only for a document that has some.
    if !official.validator.is_valid(doc) {
        for err in official.validator.iter_errors(doc) {
            explainer.explain(&err, &mut findings);
        }
    }
    findings.dedup();
    for f in findings {
        let (_, place) = context(doc, &f.pointer);
        out.push(finding(
            Severity::Error,
            OPENAPI_SCHEMA,
            file,
            &f.pointer,
            format!("{place}: {} (official {which} schema)", f.message),
            f.help,
        ));
    }
}

/// Every object an extension may sit on, with its pointer and kind.
fn places(version: Version, doc: &Value) -> Vec<(String, Place, &Value)> {
    let mut out = vec![(String::new(), Place::Root, doc)];
    if let Some(paths) = doc.get("paths").and_then(Value::as_object) {
        for (path, item) in paths {
            let at = format!("/paths/{}", escape(path));
            out.push((at.clone(), Place::PathItem, item));
            let Some(item) = item.as_object() else {
                continue;
            };
            for (method, op) in item {
                if OPERATIONS.contains(&method.as_str())
                    || method == "x-amazon-apigateway-any-method"
                {
                    out.push((format!("{at}/{}", escape(method)), Place::Operation, op));
                }
            }
        }
    }
    let schemes = match version {
        Version::V2 => ("/securityDefinitions", doc.get("securityDefinitions")),
        Version::V3 => (
            "/components/securitySchemes",
            doc.pointer("/components/securitySchemes"),
        ),
    };
    if let (at, Some(Value::Object(map))) = schemes {
        for (name, scheme) in map {
            out.push((
                format!("{at}/{}", escape(name)),
                Place::SecurityScheme,
                scheme,
            ));
        }
    }
    if version == Version::V3 {
        if let Some(c) = doc.get("components") {
            out.push(("/components".to_string(), Place::Components, c));
        }
        if let Some(servers) = doc.get("servers").and_then(Value::as_array) {
            for (i, s) in servers.iter().enumerate() {
                out.push((format!("/servers/{i}"), Place::Server, s));
            }
        }
    }
    if let Some(tags) = doc.get("tags").and_then(Value::as_array) {
        for (i, t) in tags.iter().enumerate() {
            out.push((format!("/tags/{i}"), Place::Tag, t));
        }
    }
    out
}

fn check_extensions(
    ext: &Extensions,
    version: Version,
    doc: &Value,
    file: &str,
    out: &mut Vec<Diagnostic>,
) {
    let known: Vec<&str> = ext
        .schema
        .get("definitions")
        .and_then(Value::as_object)
        .map(|d| {
            d.keys()
                .map(String::as_str)
                .filter(|k| k.starts_with(PREFIX))
                .collect()
        })
        .unwrap_or_default();
    for (at, place, object) in places(version, doc) {
        let Some(object) = object.as_object() else {
            continue;
        };
        // Named only for a finding: most places have none.
        let where_ = || {
            if at.is_empty() {
                "document root".to_string()
            } else {
                context(doc, &at).1
            }
        };
        for (name, value) in object.iter().filter(|(k, _)| k.starts_with(PREFIX)) {
            let pointer = || format!("{at}/{}", escape(name));
            let Some(validator) = ext.validators.get(&format!("#/definitions/{name}")) else {
                let help = match super::explain::suggestion(name, &known) {
                    Some(s) => format!("did you mean `{s}`?"),
                    None => "remove it, or check the name against the API Gateway \
                             Developer Guide's list of OpenAPI extensions"
                        .to_string(),
                };
                out.push(finding(
                    Severity::Error,
                    APIGATEWAY_EXTENSION,
                    file,
                    &pointer(),
                    format!("{}: unknown API Gateway extension `{name}`", where_()),
                    help,
                ));
                continue;
            };
            let allowed = documented_places(name);
            if !allowed.contains(&place) {
                let wanted: Vec<&str> = allowed.iter().map(|p| p.name(version)).collect();
                out.push(finding(
                    Severity::Warning,
                    APIGATEWAY_EXTENSION,
                    file,
                    &pointer(),
                    format!(
                        "{}: API Gateway does not read `{name}` on {}",
                        where_(),
                        place.name(version)
                    ),
                    format!("move it to {}", wanted.join(" or ")),
                ));
            }
            let label = |rel: &str| {
                Some(match property_label(rel) {
                    Some(l) if l.starts_with('[') => format!("{name}{l}"),
                    Some(l) => format!("{name}.{l}"),
                    None => name.clone(),
                })
            };
            let explainer = Explainer {
                schema: &ext.schema,
                local: &ext.schema["definitions"][name.as_str()],
                instance: value,
                intrinsics: false,
                label: &label,
            };
            let mut findings: Vec<Finding> = Vec::new();
            if !validator.is_valid(value) {
                for err in validator.iter_errors(value) {
                    explainer.explain(&err, &mut findings);
                }
            }
            findings.dedup();
            for f in findings {
                out.push(finding(
                    Severity::Error,
                    APIGATEWAY_EXTENSION,
                    file,
                    &format!("{}{}", pointer(), f.pointer),
                    format!("{}: {}", where_(), f.message),
                    f.help,
                ));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_schemas_compile() {
        for (which, compiled) in [("2.0", &*OFFICIAL_2), ("3.0", &*OFFICIAL_3)] {
            match compiled {
                Err(e) => panic!("OpenAPI {which}: {e}"),
                Ok(o) => {
                    let unusable = super::super::pattern::unusable(&o.schema);
                    assert!(unusable.is_empty(), "OpenAPI {which}: {unusable:?}");
                    let misread = super::super::pattern::misread(&o.schema);
                    assert!(misread.is_empty(), "OpenAPI {which}: {misread:?}");
                }
            }
        }
        let ext = EXTENSION_SCHEMA.as_ref().unwrap();
        let unusable = super::super::pattern::unusable(&ext.schema);
        assert!(unusable.is_empty(), "extensions: {unusable:?}");
        let misread = super::super::pattern::misread(&ext.schema);
        assert!(misread.is_empty(), "extensions: {misread:?}");
        for name in ext.schema["definitions"].as_object().unwrap().keys() {
            assert!(
                ext.validators
                    .contains_key(&format!("#/definitions/{name}")),
                "{name}"
            );
        }
    }

    #[test]
    fn contexts_name_operations_and_schemes() {
        let doc = serde_json::json!({"tags": [{"name": "pets"}]});
        assert_eq!(
            context(&doc, "/paths/~1a~1{b}/get/parameters/0"),
            (3, "operation `GET /a/{b}`".to_string())
        );
        assert_eq!(
            context(&doc, "/components/securitySchemes/sigv4/type"),
            (3, "security scheme `sigv4`".to_string())
        );
        assert_eq!(context(&doc, "/tags/0/name"), (2, "tag `pets`".to_string()));
        assert_eq!(context(&doc, "/info"), (0, "document".to_string()));
        assert_eq!(tail("/paths/~1a/get/parameters/0", 3), "/parameters/0");
    }
}
