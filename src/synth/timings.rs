//! Phase timings of one synth run, printed to standard error when `GATEWRIGHT_TIMINGS` is set
//! (for finding where a large API's time goes; the benchmark measures the whole process).

use std::io::Write as _;
use std::time::Instant;

/// A clock started with a run; each [`Timings::mark`] prints the time since the last mark.
pub struct Timings {
    on: bool,
    last: Instant,
}

impl Timings {
    /// Starts the clock; marks print only when `GATEWRIGHT_TIMINGS` is set.
    pub fn start() -> Timings {
        Timings {
            on: std::env::var_os("GATEWRIGHT_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    /// Prints `what` of `stem` with the time since the last mark.
    pub fn mark(&mut self, stem: &str, what: std::fmt::Arguments<'_>) {
        if self.on {
            let now = Instant::now();
            let _ = writeln!(
                std::io::stderr(),
                "timing {stem}: {what} {:.1} ms",
                (now - self.last).as_secs_f64() * 1000.0
            );
            self.last = now;
        }
    }
}
