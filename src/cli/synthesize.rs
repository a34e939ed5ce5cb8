//! Synthesizing the blueprints `synth` and `check` name: read one after the other, synthesized
//! side by side on the machine's cores, reported in the order of the files.

use super::files::{io_diag, yaml_files};
use super::report::Reporter;
use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::output;
use crate::par;
use crate::source::Source;
use crate::synth::{self, Bundle};
use crate::validate::Format;
use std::path::{Path, PathBuf};

/// One blueprint to synthesize: its output folder's name, its text, and its staging folder
/// when the run writes.
struct Job {
    stem: String,
    src: Source,
    stage: Option<output::Stage>,
}

/// The blueprint `f` as text, or the diagnostic that it cannot be read.
fn read(f: &Path) -> Result<Source, Diagnostic> {
    let shown = f.display().to_string();
    let bytes = std::fs::read(f).map_err(|e| io_diag(f, &e))?;
    match String::from_utf8(bytes) {
        Ok(text) => Ok(Source::new(shown, text)),
        Err(e) => {
            let (line, column) = crate::source::line_col(
                &String::from_utf8_lossy(&e.as_bytes()[..e.utf8_error().valid_up_to()]),
                usize::MAX,
            );
            Err(
                Diagnostic::error(codes::BLUEPRINT_READ, "the blueprint is not valid UTF-8")
                    .at(Location::new(&shown, line, column))
                    .help("save the file as UTF-8"),
            )
        }
    }
}

/// Loads, lowers and renders every blueprint; `None` when any failed (diagnostics reported).
/// With a `run`, each blueprint's files are written into its staging folder as they come and
/// the bundles come back without files; without, the bundles hold them.
pub(super) fn synthesize(
    paths: &[PathBuf],
    rep: &mut Reporter,
    mut run: Option<&mut output::Run>,
) -> Option<Vec<Bundle>> {
    let files = match yaml_files(
        paths,
        "blueprints",
        "name a blueprint file or a folder of blueprints",
    ) {
        Ok(f) => f,
        Err(d) => {
            rep.emit(&d);
            return None;
        }
    };
    if files.is_empty() {
        rep.emit(
            &Diagnostic::error(codes::IO, "no blueprints found")
                .help("pass blueprint files or a folder holding *.yaml"),
        );
        return None;
    }
    let mut jobs: Vec<Job> = Vec::new();
    for f in &files {
        let src = match read(f) {
            Ok(s) => s,
            Err(d) => {
                rep.emit(&d);
                continue;
            }
        };
        let stem = f
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if jobs.iter().any(|j| j.stem == stem) {
            rep.emit(
                &Diagnostic::error(
                    codes::IO,
                    format!(
                        "two blueprints are named `{stem}`; their outputs would share out/{stem}/"
                    ),
                )
                .at(Location::new(&src.file, 0, 0))
                .help("rename one of them"),
            );
            continue;
        }
        let stage = match run.as_deref_mut().map(|run| run.stage(&stem)) {
            None => None,
            Some(Ok(stage)) => Some(stage),
            Some(Err(d)) => {
                rep.emit(&d);
                continue;
            }
        };
        jobs.push(Job { stem, src, stage });
    }
    let results = side_by_side(&jobs);
    for line in synth::timings::take() {
        eprintln!("{line}");
    }
    let mut bundles: Vec<Bundle> = Vec::new();
    for (job, result) in jobs.into_iter().zip(results) {
        if let (Some(run), Some(stage)) = (run.as_deref_mut(), job.stage)
            && let Err(d) = run.finish(stage, result.is_ok())
        {
            rep.emit(&d);
        }
        match result {
            Ok(b) => {
                for w in &b.warnings {
                    rep.emit(w);
                }
                bundles.push(b);
            }
            Err(diags) => {
                for d in &diags {
                    rep.emit_with_source(d, &job.src);
                }
            }
        }
    }
    if rep.errors > 0 { None } else { Some(bundles) }
}

/// Work for the threads: what every blueprint needs compiled, then the blueprints.
enum Work<'a> {
    Warm(fn()),
    Job(&'a Job),
}

/// What every run compiles once and every blueprint needs: the operations' schema and the
/// documents' schemas. (A mapping template is parsed when a route first needs it.)
const WARM: [fn(); 4] = [
    || {
        crate::lower::operations();
    },
    || crate::validate::schemas::warm(Format::OpenApi3),
    || crate::validate::schemas::warm(Format::CloudFormation),
    || crate::validate::schemas::warm(Format::Swagger2),
];

/// Synthesizes `jobs` side by side. With several blueprints on several threads, the shared
/// schemas are compiled first, on different threads, so no blueprint waits on
/// another thread compiling what it needs.
fn side_by_side(jobs: &[Job]) -> Vec<Result<Bundle, Vec<Diagnostic>>> {
    if jobs.len() < 2 || par::threads() < 2 {
        return par::map(jobs, one);
    }
    let work: Vec<Work> = WARM
        .into_iter()
        .map(Work::Warm)
        .chain(jobs.iter().map(Work::Job))
        .collect();
    par::map(&work, |w| match w {
        Work::Warm(f) => {
            f();
            None
        }
        Work::Job(job) => Some(one(job)),
    })
    .into_iter()
    .flatten()
    .collect()
}

/// Synthesizes one job: into its staging folder (a bundle without files) when it has one,
/// else into memory.
fn one(job: &Job) -> Result<Bundle, Vec<Diagnostic>> {
    let Some(stage) = &job.stage else {
        return synth::synth(&job.stem, &job.src);
    };
    let warnings = synth::synth_into(&job.stem, &job.src, None, stage)?;
    Ok(Bundle {
        stem: job.stem.clone(),
        files: Vec::new(),
        warnings,
    })
}
