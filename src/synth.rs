//! The pipeline from blueprint text to output files, all in memory: load, lower, emit, check.
//! Writing is the caller's business (see [`crate::output`]), so a failed run writes nothing.

mod beside;
pub mod timings;

use crate::blueprint;
use crate::codes;
use crate::diagnostic::{Diagnostic, Location, Severity};
use crate::emit;
use crate::lower;
use crate::model::{RestApi, Shape};
use crate::par;
use crate::source::Source;
use crate::validate::terraform::ProviderSchema;
use crate::validate::{Format, check_document_with};
use serde_json::Value;
use std::io::{self, Write};
use std::sync::Mutex;

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

impl Bundle {
    /// The text of the file named `name` (such as `openapi.json`), when the bundle has one.
    pub fn text(&self, name: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.name == name)
            .map(|f| f.contents.as_str())
    }
}

pub use crate::json::pretty as to_json;

/// The documents gatewright generates, in the order of their files. Each is built, checked,
/// written as text and dropped while the next is built, so a large API holds at most two
/// document trees at a time (one of them being freed), never all four.
const FORMATS: [Format; 4] = [
    Format::CloudFormation,
    Format::OpenApi3,
    Format::Swagger2,
    Format::TerraformJson,
];

/// The document of `api` in `format`.
fn document(api: &RestApi, format: Format) -> Value {
    match format {
        Format::CloudFormation => emit::shape::cloudformation(api),
        Format::OpenApi3 => emit::openapi::openapi3(api),
        Format::Swagger2 => emit::openapi::swagger2(api),
        Format::TerraformJson => emit::shape::terraform(api),
    }
}

/// The documents deciding the shape built already, handed out once each.
struct Built {
    template: Option<Value>,
    openapi: Option<Value>,
}

impl Built {
    /// The document of `api` in `format`: the one built while deciding, else a new one.
    fn document(&mut self, api: &RestApi, format: Format) -> Value {
        let kept = match format {
            Format::CloudFormation => self.template.take(),
            Format::OpenApi3 => self.openapi.take(),
            _ => None,
        };
        kept.unwrap_or_else(|| document(api, format))
    }
}

/// Decides `api`'s shape for a run (see [`emit::shape::decide`]) and sets it on the model.
fn settle(api: &mut RestApi) -> Built {
    let decided = emit::shape::decide(api);
    api.shape = decided.shape;
    api.terraform_shape = decided.terraform;
    Built {
        template: decided.template,
        openapi: decided.openapi,
    }
}

/// The name of the file (the first one, for CloudFormation) `format` is written to.
fn file_name(format: Format) -> &'static str {
    match format {
        Format::CloudFormation => "cloudformation.json",
        Format::OpenApi3 => "openapi.json",
        Format::Swagger2 => "swagger.json",
        Format::TerraformJson => "main.tf.json",
    }
}

/// The second file of the CloudFormation template.
const CLOUDFORMATION_YAML: &str = "cloudformation.yaml";

/// Writes the files of document `doc` to `sink` (CloudFormation is written as JSON and as
/// YAML).
fn put_files(format: Format, doc: &Value, sink: &dyn Sink) -> Result<(), Diagnostic> {
    sink.put(file_name(format), &|out| crate::json::pretty_to(out, doc))?;
    if format == Format::CloudFormation {
        sink.put(CLOUDFORMATION_YAML, &|out| {
            emit::cloudformation::to_yaml_to(out, doc)
        })?;
    }
    Ok(())
}

/// Where file `name` goes in a bundle: the place in [`FORMATS`] of the document it holds,
/// after every document for the README. A stable sort by it keeps a format's own files in
/// the order [`put_files`] writes them.
fn file_rank(name: &str) -> usize {
    FORMATS
        .iter()
        .position(|f| {
            name == file_name(*f) || (*f == Format::CloudFormation && name == CLOUDFORMATION_YAML)
        })
        .unwrap_or(FORMATS.len())
}

/// A generated file. Its text may be kept until every blueprint is done ([`synth`] keeps all
/// of them), so the spare capacity it grew with is given back (up to half of it).
fn kept(name: &'static str, mut contents: String) -> File {
    contents.shrink_to_fit();
    File { name, contents }
}

/// Renders every output format of `api` without checking it (for builder users who check
/// themselves; [`synth`] checks).
pub fn render(api: &RestApi) -> Vec<File> {
    let mut api = api.clone();
    api.remember_derived();
    let mut built = settle(&mut api);
    let kept = Kept(Mutex::new(Vec::with_capacity(6)));
    let mut notes = String::new();
    for format in FORMATS {
        let doc = built.document(&api, format);
        if format == Format::CloudFormation {
            notes = emit::shape::deploy_notes(&api, &doc);
        }
        // Keeping files in memory does not fail.
        let _ = put_files(format, &doc, &kept);
    }
    let mut files = kept.0.into_inner().unwrap_or_default();
    files.push(readme(&api, &notes));
    files
}

/// The output README, with the deploy steps the template's shape needs (`notes`).
fn readme(api: &RestApi, notes: &str) -> File {
    kept("README.md", emit::readme::readme(api) + notes)
}

/// Every check of `gatewright validate` on one generated document (official schemas, our
/// extension schema, lints, and the Terraform provider schema when one is given), with `also`
/// run beside it (see [`check_document_with`]). Findings point into `<stem>/<file>`; notes
/// are left to `validate`, errors are refused output.
fn check<R: Send>(
    stem: &str,
    format: Format,
    doc: &Value,
    tf: Option<&ProviderSchema>,
    parallel: bool,
    also: impl FnOnce() -> R + Send,
) -> (Vec<Diagnostic>, R) {
    let file = format!("{stem}/{}", file_name(format));
    let (found, r) = check_document_with(format, doc, &file, tf, parallel, also);
    let found = found
        .into_iter()
        .filter(|f| f.severity != Severity::Note)
        .map(|f| if f.is_error() { refused(f) } else { f })
        .collect();
    (found, r)
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
    let kept = Kept(Mutex::new(Vec::with_capacity(6)));
    let warnings = synth_into(stem, src, tf, &kept)?;
    let mut files = kept.0.into_inner().unwrap_or_default();
    // The documents may be made in another order (see `order`); the files keep theirs.
    files.sort_by_key(|f| file_rank(f.name));
    Ok(Bundle {
        stem: stem.to_string(),
        files,
        warnings,
    })
}

/// Where [`synth_into`] puts each generated file, the moment it is written: from the thread
/// that writes it, while its document is still being checked.
pub trait Sink: Sync {
    /// Takes file `name`, whose bytes `text` writes to the writer it is given (in large
    /// pieces; a sink writing to disk needs no buffer of its own).
    fn put(
        &self,
        name: &'static str,
        text: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic>;

    /// Takes file `f`, already written.
    fn put_file(&self, f: &File) -> Result<(), Diagnostic> {
        self.put(f.name, &|out| out.write_all(f.contents.as_bytes()))
    }
}

/// A sink keeping the files in memory, as [`synth_with`] returns them.
struct Kept(Mutex<Vec<File>>);

impl Sink for Kept {
    fn put(
        &self,
        name: &'static str,
        text: &dyn Fn(&mut dyn Write) -> io::Result<()>,
    ) -> Result<(), Diagnostic> {
        let mut bytes = Vec::new();
        // Writing to memory does not fail, and every writer writes UTF-8 text.
        let _ = text(&mut bytes);
        let contents = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        if let Ok(mut files) = self.0.lock() {
            files.push(kept(name, contents));
        }
        Ok(())
    }
}

/// [`synth_with`], handing each file to `sink` as it is written, while its document is still
/// being checked, instead of keeping them: a sink that writes them (into a staging folder)
/// holds no text and at most one document at a time. When an error comes back, files
/// already handed over must not be used: a document failed its checks (or `sink` failed,
/// whose error is returned as it is). Returns the warnings.
pub fn synth_into(
    stem: &str,
    src: &Source,
    tf: Option<&ProviderSchema>,
    sink: &dyn Sink,
) -> Result<Vec<Diagnostic>, Vec<Diagnostic>> {
    let mut clock = timings::Timings::start();
    // The blueprint is loaded into a source of its own, so that its loaded tree (positions
    // and values, several times the size of the text) is freed once the model is made instead
    // of being held by the caller's source for the whole run. What the later findings point
    // at is read from it first.
    let own = Source::new(src.file.clone(), src.text.clone());
    let bp = blueprint::load_all(&own, crate::lower::operations())?;
    clock.mark(stem, format_args!("load"));
    let (mut api, lowering_warnings) = lower::lower_warned(&bp, &own)?;
    let places = Places::of(&own);
    drop(bp);
    drop(own);
    clock.mark(stem, format_args!("lower"));
    // Decided once: what every document needs from the whole API (the deployment hash, the
    // role's policies), and the shape, whose deciding may have built the template already.
    api.remember_derived();
    let mut built = settle(&mut api);
    clock.mark(stem, format_args!("decide shape {:?}", api.shape));
    // What each document's checks found, by the document's place in FORMATS: reported in
    // that order whatever order the documents are made in.
    let mut found_by: [Vec<Diagnostic>; 4] = Default::default();
    let mut failed = false;
    let mut placeholders = Vec::new();
    let mut notes = String::new();
    // The key of the OpenAPI document the template reads from S3, when it goes beside it.
    let mut beside_key: Option<String> = None;
    let parallel = api.methods.len() >= par::PARALLEL_METHODS;
    // The document checked last: freed on another thread while the next one is built (freeing
    // a large document's tree takes about a quarter of the time of building one).
    let mut last: Option<Value> = None;
    for format in order(&api, &built) {
        let previous = last.take();
        let (doc, ()) = par::join_when(
            parallel,
            || built.document(&api, format),
            move || drop(previous),
        );
        clock.mark(stem, format_args!("build {format:?}"));
        // The document's text is written and handed over while it is checked, unless an
        // earlier document failed (the run's files are then thrown away).
        let writing = !failed;
        let (mut found, handed) = check(stem, format, &doc, tf, parallel, || {
            writing.then(|| hand_over(&api, stem, &places, format, &doc, sink))
        });
        clock.mark(stem, format_args!("check, write and hand over {format:?}"));
        match format {
            Format::CloudFormation => {
                notes = emit::shape::deploy_notes(&api, &doc);
                beside_key = emit::shape::body_beside(&doc).map(str::to_string);
            }
            Format::OpenApi3 => {
                if let Some(key) = &beside_key {
                    found.extend(beside::check(&api, stem, &places.env_or_output, key, &doc));
                }
            }
            _ => {}
        }
        last = Some(doc);
        failed |= found.iter().any(Diagnostic::is_error);
        found_by[rank(format)] = found;
        // Once a document failed its check nothing more is handed over; the rest are still
        // checked so every error is reported at once.
        if let Some(handed) = handed {
            placeholders.extend(handed.map_err(|d| vec![d])?);
        }
    }
    let mut errors = Vec::new();
    let mut warnings = lowering_warnings;
    // A warning every document repeats (a route's binary body, API Gateway's quotas) is one
    // fact about the blueprint: it is reported once, at the first document that shows it.
    let mut seen: std::collections::HashSet<(&'static str, String)> = Default::default();
    for f in found_by.into_iter().flatten() {
        if f.is_error() {
            errors.push(f);
        } else if seen.insert((f.code, f.message.clone())) {
            warnings.push(f);
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    let (file, ()) = par::join_when(parallel, || readme(&api, &notes), move || drop(last));
    sink.put_file(&file).map_err(|d| vec![d])?;
    clock.mark(stem, format_args!("write README"));
    warnings.extend(placeholders);
    Ok(warnings)
}

/// Where the findings made after lowering point in the blueprint.
struct Places {
    /// `env`, else the blueprint's first line.
    env: Location,
    /// `env`, else `output`, else the first line.
    env_or_output: Location,
}

impl Places {
    fn of(src: &Source) -> Places {
        let env = src.locate(&["env"]);
        let at = |place: Option<(usize, usize)>| {
            let (line, column) = place.unwrap_or((1, 1));
            Location::new(&src.file, line, column)
        };
        Places {
            env: at(env),
            env_or_output: at(env.or_else(|| src.locate(&["output"]))),
        }
    }
}

/// The place of `format` in [`FORMATS`].
fn rank(format: Format) -> usize {
    FORMATS.iter().position(|f| *f == format).unwrap_or(0)
}

/// The order the documents of `api` are made in: [`FORMATS`], except that the OpenAPI
/// document deciding the shape built already goes first when the template is still to be
/// built in the resources shape. It is then checked, written and dropped before the template
/// is built instead of being held beside it (a large API's peak memory). The template cannot
/// read a document beside it in that shape, so the OpenAPI check needs nothing from it.
fn order(api: &RestApi, built: &Built) -> [Format; 4] {
    if api.shape == Shape::Resources && built.template.is_none() && built.openapi.is_some() {
        [
            Format::OpenApi3,
            Format::CloudFormation,
            Format::Swagger2,
            Format::TerraformJson,
        ]
    } else {
        FORMATS
    }
}

/// Writes the files of document `doc` to `sink`; returns, for an OpenAPI document, the
/// warning that it keeps placeholders.
fn hand_over(
    api: &RestApi,
    stem: &str,
    places: &Places,
    format: Format,
    doc: &Value,
    sink: &dyn Sink,
) -> Result<Option<Diagnostic>, Diagnostic> {
    put_files(format, doc, sink)?;
    Ok(match format {
        Format::OpenApi3 | Format::Swagger2 => {
            placeholder_warning(api, stem, &places.env, file_name(format), doc)
        }
        _ => None,
    })
}

/// The warning that OpenAPI document `doc`, written to file `name`, keeps placeholders,
/// located at the blueprint's `env` (or its first line), naming each placeholder and the
/// `env` key that fills it.
fn placeholder_warning(
    api: &RestApi,
    stem: &str,
    at: &Location,
    name: &str,
    doc: &Value,
) -> Option<Diagnostic> {
    let found = emit::openapi::placeholders_in(api, doc);
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
    Some(
        Diagnostic::warning(
            codes::OPENAPI_PLACEHOLDER,
            format!(
                "{stem}/{name} keeps {}: `aws apigateway import-rest-api` would take them as text",
                names.join(", ")
            ),
        )
        .at(at.clone())
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
        let found: Vec<Diagnostic> = FORMATS
            .into_iter()
            .flat_map(|f| check("x", f, &document(&api, f), None, false, || ()).0)
            .collect();
        let d = found
            .into_iter()
            .find(|d| d.message.contains(codes::SIBLING_PATH_VARIABLES))
            .expect("the sibling path variables are found");
        assert_eq!(d.code, codes::OUTPUT_CHECK);
        let loc = d.location.unwrap();
        assert!(
            loc.file.starts_with("x/") && !loc.pointer.is_empty(),
            "{loc:?}"
        );
    }
}
