//! Printing diagnostics: `file:line:col: error[CODE]: message`, a caret snippet of the
//! blueprint line when the source is at hand, then the help line.

use crate::diagnostic::Diagnostic;
use crate::source::Source;
use std::io::Write;

/// Writes `text` to standard error in one call. Standard error is not buffered, and
/// `eprintln!` writes each piece of a diagnostic on its own: a large API's two thousand
/// warnings took twelve thousand system calls.
fn print(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Counts and prints diagnostics on standard error.
#[derive(Debug, Default)]
pub struct Reporter {
    /// Errors printed so far.
    pub errors: usize,
}

impl Reporter {
    /// Prints a diagnostic.
    pub fn emit(&mut self, d: &Diagnostic) {
        if d.is_error() {
            self.errors += 1;
        }
        print(&format!("{d}\n"));
    }

    /// Prints a diagnostic with the source line it points at.
    pub fn emit_with_source(&mut self, d: &Diagnostic, src: &Source) {
        let snippet = d
            .location
            .as_ref()
            .filter(|l| l.file == src.file && l.line > 0)
            .and_then(|l| src.snippet(l.line, l.column));
        let Some(snippet) = snippet else {
            return self.emit(d);
        };
        if d.is_error() {
            self.errors += 1;
        }
        let mut head = d.clone();
        let help = head.help.take();
        let mut text = format!("{head}\n{snippet}\n");
        if let Some(h) = help {
            text.push_str(&format!("  help: {h}\n"));
        }
        print(&text);
    }

    /// The exit status after a failed run.
    pub fn finish(&self) -> i32 {
        if self.errors > 0 {
            super::EXIT_FINDINGS
        } else {
            super::EXIT_OK
        }
    }
}
