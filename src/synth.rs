//! The pipeline from blueprint text to output files, all in memory: load, lower, emit, check.
//! Writing is the caller's business (see [`crate::output`]), so a failed run writes nothing.

mod beside;

use crate::blueprint;
use crate::codes;
use crate::diagnostic::{Diagnostic, Severity};
use crate::emit;
use crate::lower;
use crate::model::RestApi;
use crate::source::Source;
use crate::validate::terraform::ProviderSchema;
use crate::validate::{Format, check_document};
use serde_json::Value;

/// One generated file: its name inside the blueprint's output folder and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct File {
    /// File name, such as `cloudformation.json`.
    pub name: &'static str,
    /// The exact bytes to write.
    pub contents: String,
}

/// Every output of one blueprint.
#[derive(Debug, Clone)]
pub struct Bundle {
    /// The blueprint's file stem, which names its output folder.
    pub stem: String,
    /// The generated files, in a fixed order.
    pub files: Vec<File>,
    /// Warnings lowering and the checks of the generated files found (errors stop synth
    /// instead).
    pub warnings: Vec<Diagnostic>,
}

pub use crate::json::pretty as to_json;

/// The documents of one API in every format, before they become files.
struct Documents {
    cloudformation: Value,
    openapi: Value,
    swagger: Value,
    terraform: Value,
}

fn documents(api: &RestApi) -> Documents {
    Documents {
        cloudformation: emit::shape::cloudformation(api),
        openapi: emit::openapi::openapi3(api),
        swagger: emit::openapi::swagger2(api),
        terraform: emit::shape::terraform(api),
    }
}

fn files(api: &RestApi, d: &Documents) -> Vec<File> {
    let file = |name, contents| File { name, contents };
    vec![
        file("cloudformation.json", to_json(&d.cloudformation)),
        file(
            "cloudformation.yaml",
            emit::cloudformation::to_yaml(&d.cloudformation),
        ),
        file("openapi.json", to_json(&d.openapi)),
        file("swagger.json", to_json(&d.swagger)),
        file("main.tf.json", to_json(&d.terraform)),
        file(
            "README.md",
            emit::readme::readme(api) + &emit::shape::deploy_notes(&d.cloudformation),
        ),
    ]
}

/// Renders every output format of `api` without checking it (for builder users who check
/// themselves; [`synth`] checks).
pub fn render(api: &RestApi) -> Vec<File> {
    files(api, &documents(api))
}

/// Every check of `gatewright validate` on the generated documents: official schemas, our
/// extension schema, lints, and the Terraform provider schema when one is given. Findings
/// point into `<stem>/<file>`; notes are left to `validate`.
fn check(stem: &str, d: &Documents, tf: Option<&ProviderSchema>) -> Vec<Diagnostic> {
    let docs = [
        (
            Format::CloudFormation,
            &d.cloudformation,
            "cloudformation.json",
        ),
        (Format::OpenApi3, &d.openapi, "openapi.json"),
        (Format::Swagger2, &d.swagger, "swagger.json"),
        (Format::TerraformJson, &d.terraform, "main.tf.json"),
    ];
    docs.into_iter()
        .flat_map(|(format, doc, name)| check_document(format, doc, &format!("{stem}/{name}"), tf))
        .filter(|f| f.severity != Severity::Note)
        .collect()
}

/// Loads and lowers a blueprint into the model.
pub fn model(src: &Source) -> Result<RestApi, Vec<Diagnostic>> {
    let bp = blueprint::load_all(src, crate::lower::operations())?;
    lower::lower(&bp, src)
}

/// Loads, lowers, renders and checks one blueprint named `stem`. Output that fails a check
/// is refused: its findings come back as `GW0301` errors and nothing is to be written.
pub fn synth(stem: &str, src: &Source) -> Result<Bundle, Vec<Diagnostic>> {
    synth_with(stem, src, None)
}

/// [`synth`], also checking the Terraform output against a provider schema.
pub fn synth_with(
    stem: &str,
    src: &Source,
    tf: Option<&ProviderSchema>,
) -> Result<Bundle, Vec<Diagnostic>> {
    let bp = blueprint::load_all(src, crate::lower::operations())?;
    let (api, lowering_warnings) = lower::lower_warned(&bp, src)?;
    let docs = documents(&api);
    let (errors, warnings_of_checks): (Vec<Diagnostic>, Vec<Diagnostic>) = check(stem, &docs, tf)
        .into_iter()
        .partition(Diagnostic::is_error);
    if !errors.is_empty() {
        return Err(errors.into_iter().map(refused).collect());
    }
    if let Some(key) = emit::shape::body_beside(&docs.cloudformation) {
        let refused = beside::check(&api, stem, src, key, &docs.openapi);
        if !refused.is_empty() {
            return Err(refused);
        }
    }
    let files = files(&api, &docs);
    let mut warnings = lowering_warnings;
    warnings.extend(warnings_of_checks);
    for f in files
        .iter()
        .filter(|f| matches!(f.name, "openapi.json" | "swagger.json"))
    {
        if let Some(w) = placeholder_warning(&api, stem, src, f) {
            warnings.push(w);
        }
    }
    Ok(Bundle {
        stem: stem.to_string(),
        files,
        warnings,
    })
}

/// The warning that OpenAPI document `f` keeps placeholders, located at the blueprint's
/// `env` (or its first line), naming each placeholder and the `env` key that fills it.
fn placeholder_warning(api: &RestApi, stem: &str, src: &Source, f: &File) -> Option<Diagnostic> {
    let found = emit::openapi::placeholders(api, &f.contents);
    if found.is_empty() {
        return None;
    }
    let names: Vec<String> = found.iter().map(|(p, _)| format!("`{p}`")).collect();
    let mut keys: Vec<&str> = found.iter().filter_map(|(_, k)| k.as_deref()).collect();
    keys.sort();
    keys.dedup();
    let mut help = Vec::new();
    if !keys.is_empty() {
        help.push(format!("set {} to import it as it is", keys.join(", ")));
    }
    if found.iter().any(|(_, k)| k.is_none()) {
        help.push(
            "generated functions and upload distributions exist only once the CloudFormation or Terraform output is deployed"
                .to_string(),
        );
    }
    let (line, column) = src.locate(&["env"]).unwrap_or((1, 1));
    Some(
        Diagnostic::warning(
            codes::OPENAPI_PLACEHOLDER,
            format!(
                "{stem}/{} keeps {}: `aws apigateway import-rest-api` would take them as text",
                f.name,
                names.join(", ")
            ),
        )
        .at(crate::diagnostic::Location::new(&src.file, line, column))
        .help(format!(
            "{}; CloudFormation and Terraform fill these themselves",
            help.join("; ")
        )),
    )
}

fn refused(f: Diagnostic) -> Diagnostic {
    let mut d = Diagnostic::error(
        codes::OUTPUT_CHECK,
        format!("generated output fails check {}: {}", f.code, f.message),
    )
    .help("a value of the blueprint the formats cannot hold, or a gatewright defect: please report it with the blueprint");
    d.location = f.location;
    d
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ApiPath, HttpMethod, Operation};
    use crate::services::s3::ListBuckets;

    /// What the blueprint checks would refuse first can still reach synth through the
    /// builders: the output checks refuse it, each finding as GW0301 pointing into the output.
    #[test]
    fn output_that_fails_a_check_is_refused() {
        let method = |p: &str| {
            ListBuckets {}
                .build(&ApiPath::parse(p).unwrap(), HttpMethod::Get)
                .unwrap()
        };
        let (api, findings) = RestApi::builder("X")
            .method(method("/{a}"))
            .method(method("/{b}"))
            .finish();
        assert!(findings.is_empty(), "{findings:?}");
        let found = check("x", &documents(&api), None);
        assert!(
            found
                .iter()
                .any(|d| d.code == codes::SIBLING_PATH_VARIABLES),
            "{found:#?}"
        );
        let d = refused(found.into_iter().find(Diagnostic::is_error).unwrap());
        assert_eq!(d.code, codes::OUTPUT_CHECK);
        let loc = d.location.unwrap();
        assert!(
            loc.file.starts_with("x/") && !loc.pointer.is_empty(),
            "{loc:?}"
        );
    }
}
