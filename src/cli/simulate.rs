//! `gatewright simulate`: one request through a blueprint's API, printed as API Gateway's
//! test-invoke log (or JSON).

use super::report::Reporter;
use crate::codes;
use crate::diagnostic::{Diagnostic, Location};
use crate::simulate::{self, Request, ServiceResponse};
use crate::source::Source;
use std::path::{Path, PathBuf};

/// How to print a simulation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SimFormat {
    /// The execution log, as the console's test invocation shows it.
    Text,
    /// One JSON object.
    Json,
}

/// What the command line gave `simulate`.
#[derive(Debug)]
pub struct Args {
    pub blueprint: PathBuf,
    pub request: String,
    pub headers: Vec<String>,
    pub body: Option<String>,
    pub service_response: Vec<String>,
    pub service_headers: Vec<String>,
    pub format: SimFormat,
}

fn usage(message: String) -> Diagnostic {
    Diagnostic::error(codes::SIMULATE_REQUEST, message).help(
        "write the request as 'METHOD /path?query', headers as -H 'Name: value', the body as text or @FILE",
    )
}

/// `Name: value` pairs.
pub fn header_pairs(raw: &[String]) -> Result<Vec<(String, String)>, Diagnostic> {
    raw.iter()
        .map(|h| {
            h.split_once(':')
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .filter(|(k, _)| !k.is_empty())
                .ok_or_else(|| usage(format!("the header `{h}` is not `Name: value`")))
        })
        .collect()
}

/// Text, or the contents of the file after `@`.
fn text_or_file(v: &str) -> Result<String, Diagnostic> {
    match v.strip_prefix('@') {
        Some(f) => std::fs::read_to_string(f).map_err(|e| {
            Diagnostic::error(codes::IO, format!("cannot read {f}: {e}"))
                .at(Location::new(f, 0, 0))
                .help("name a readable UTF-8 file after `@`")
        }),
        None => Ok(v.to_string()),
    }
}

/// Loads and lowers a blueprint, reporting its problems.
pub fn load_model(path: &Path, rep: &mut Reporter) -> Option<crate::model::RestApi> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            rep.emit(
                &Diagnostic::error(codes::IO, format!("cannot read {}: {e}", path.display()))
                    .help("name a blueprint file"),
            );
            return None;
        }
    };
    let src = Source::new(path.display().to_string(), text);
    match crate::synth::model(&src) {
        Ok(api) => Some(api),
        Err(diags) => {
            for d in &diags {
                rep.emit_with_source(d, &src);
            }
            None
        }
    }
}

/// Runs `simulate`; returns the exit status.
pub fn run(a: Args) -> i32 {
    let mut rep = Reporter::default();
    let prepared = (|| -> Result<(Request, Option<ServiceResponse>), Diagnostic> {
        let mut req = Request::parse(&a.request).map_err(usage)?;
        req.headers = header_pairs(&a.headers)?;
        if let Some(b) = &a.body {
            req.body = text_or_file(b)?;
        }
        let service = match a.service_response.as_slice() {
            [] => None,
            [status, body] => Some(ServiceResponse {
                status: status
                    .parse()
                    .map_err(|_| usage(format!("the service status `{status}` is not a number")))?,
                headers: header_pairs(&a.service_headers)?,
                body: text_or_file(body)?,
            }),
            _ => {
                return Err(usage(
                    "--service-response takes STATUS and TEXT or @FILE".into(),
                ));
            }
        };
        Ok((req, service))
    })();
    let (req, service) = match prepared {
        Ok(x) => x,
        Err(d) => {
            rep.emit(&d);
            return super::EXIT_USAGE;
        }
    };
    let Some(api) = load_model(&a.blueprint, &mut rep) else {
        return rep.finish();
    };
    match simulate::simulate(&api, &req, service.as_ref()) {
        Ok(t) => {
            match a.format {
                SimFormat::Text => print!("{}", simulate::text(&t)),
                SimFormat::Json => print!("{}", crate::json::pretty(&simulate::json(&t))),
            }
            super::EXIT_OK
        }
        Err(e) => {
            rep.emit(&template_diagnostic(&e, &a.blueprint.display().to_string()));
            super::EXIT_FINDINGS
        }
    }
}

/// A template the engine cannot run, as a diagnostic.
pub fn template_diagnostic(e: &simulate::TemplateError, file: &str) -> Diagnostic {
    Diagnostic::error(
        codes::TEMPLATE_UNSUPPORTED,
        format!(
            "the {} template for {} (line {}, column {} of the template): {}",
            e.which, e.content_type, e.error.pos.line, e.error.pos.col, e.error.message
        ),
    )
    .at(Location::new(file, 0, 0))
    .help("use the constructs API Gateway documents; `gatewright simulate` runs the Velocity subset listed in the README")
}
