//! Findings reported by loading, lowering and validation.
//!
//! The library never prints: every problem becomes a [`Diagnostic`] with a stable code, a
//! message, an optional location and a help line, and the CLI decides how to show it.

use serde::Serialize;
use std::fmt;

/// How serious a finding is. Errors stop `synth` from writing anything.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The input or output is wrong and must be fixed.
    Error,
    /// Likely a mistake, or a limit a user should know about.
    Warning,
    /// Information a user may want to act on.
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// Where a finding points: a file, a 1-based line and column, and a JSON pointer when the
/// finding is about a generated or parsed document.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// Path of the file as the user named it.
    pub file: String,
    /// 1-based line, 0 when unknown.
    pub line: usize,
    /// 1-based column, 0 when unknown.
    pub column: usize,
    /// JSON pointer inside the document (`/Resources/Api/Properties`), empty when none.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub pointer: String,
}

impl Location {
    /// A location in `file` at `line:column` (both 1-based).
    pub fn new(file: impl Into<String>, line: usize, column: usize) -> Self {
        Location {
            file: file.into(),
            line,
            column,
            pointer: String::new(),
        }
    }

    /// A location in `file` known only by its JSON pointer.
    pub fn pointer(file: impl Into<String>, pointer: impl Into<String>) -> Self {
        Location {
            file: file.into(),
            line: 0,
            column: 0,
            pointer: pointer.into(),
        }
    }
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.file)?;
        if self.line > 0 {
            write!(f, ":{}:{}", self.line, self.column.max(1))?;
        }
        Ok(())
    }
}

/// One finding: a stable code (`GW0101`), what is wrong, where, and what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// Stable identifier, documented in the README; tests and users match on it.
    pub code: &'static str,
    /// What is wrong, in one sentence.
    pub message: String,
    /// Where it is, when known (boxed to keep `Result<_, Diagnostic>` small).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<Box<Location>>,
    /// What to do about it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub help: Option<String>,
}

impl Diagnostic {
    /// An error with `code` and `message`.
    pub fn error(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            message: message.into(),
            location: None,
            help: None,
        }
    }

    /// A warning with `code` and `message`.
    pub fn warning(code: &'static str, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, message)
        }
    }

    /// Attaches a location.
    pub fn at(mut self, location: Location) -> Self {
        self.location = Some(Box::new(location));
        self
    }

    /// Attaches a help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// True for errors.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// `file:line:col: error[CODE]: message`, then the pointer and help on their own lines.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(loc) = &self.location {
            write!(f, "{loc}: ")?;
        }
        write!(f, "{}[{}]: {}", self.severity, self.code, self.message)?;
        if let Some(loc) = &self.location
            && !loc.pointer.is_empty()
        {
            write!(f, "\n  at {}", loc.pointer)?;
        }
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

/// True when any diagnostic in `diags` is an error.
pub fn has_errors(diags: &[Diagnostic]) -> bool {
    diags.iter().any(Diagnostic::is_error)
}
