//! Lowering a blueprint given as text, and reading the one diagnostic a bad one gives.

use gatewright::Diagnostic;
use gatewright::model::RestApi;
use gatewright::source::Source;
use gatewright::synth;

/// The model of blueprint `text` (named `bp.yaml`), or its diagnostics.
#[allow(dead_code)]
pub fn lower(text: &str) -> Result<RestApi, Vec<Diagnostic>> {
    synth::model(&Source::new("bp.yaml", text))
}

/// The one diagnostic blueprint `text` gives (fails unless there is exactly one).
#[allow(dead_code)]
pub fn err(text: &str) -> Diagnostic {
    let diags = lower(text).expect_err("should fail");
    assert_eq!(diags.len(), 1, "{diags:#?}");
    diags.into_iter().next().unwrap()
}

/// Line and column of a located diagnostic.
#[allow(dead_code)]
pub fn at(d: &Diagnostic) -> (usize, usize) {
    let l = d.location.as_ref().expect("located");
    (l.line, l.column)
}
