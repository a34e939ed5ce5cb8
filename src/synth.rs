//! The pipeline from blueprint text to output files, all in memory: load, lower, emit.
//! Writing is the caller's business (see [`crate::output`]), so a failed run writes nothing.

use crate::blueprint;
use crate::diagnostic::Diagnostic;
use crate::emit;
use crate::lower;
use crate::model::RestApi;
use crate::source::Source;

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
}

/// JSON as the project writes it: two-space indent, trailing newline.
pub fn to_json(v: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(v).unwrap_or_default();
    s.push('\n');
    s
}

/// Renders every output format of `api`.
pub fn render(api: &RestApi) -> Vec<File> {
    let cfn = emit::cloudformation::template(api);
    vec![
        File {
            name: "cloudformation.json",
            contents: to_json(&cfn),
        },
        File {
            name: "cloudformation.yaml",
            contents: emit::cloudformation::to_yaml(&cfn),
        },
        File {
            name: "openapi.json",
            contents: to_json(&emit::openapi::openapi3(api)),
        },
        File {
            name: "swagger.json",
            contents: to_json(&emit::openapi::swagger2(api)),
        },
        File {
            name: "main.tf.json",
            contents: to_json(&emit::terraform::main_tf(api)),
        },
        File {
            name: "README.md",
            contents: emit::readme::readme(api),
        },
    ]
}

/// Loads and lowers a blueprint into the model.
pub fn model(src: &Source) -> Result<RestApi, Vec<Diagnostic>> {
    let bp = blueprint::load_str(src).map_err(|d| vec![d])?;
    lower::lower(&bp, src)
}

/// Loads, lowers and renders one blueprint named `stem`.
pub fn synth(stem: &str, src: &Source) -> Result<Bundle, Vec<Diagnostic>> {
    let api = model(src)?;
    Ok(Bundle {
        stem: stem.to_string(),
        files: render(&api),
    })
}
