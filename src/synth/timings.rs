//! Phase timings of synth runs, kept when `GATEWRIGHT_TIMINGS` is set (for finding where a
//! large API's time goes; the benchmark measures the whole process). The library does not
//! print: the command line prints what [`take`] returns.

use std::sync::Mutex;
use std::time::Instant;

/// Lines recorded since the last [`take`].
static MARKS: Mutex<Vec<String>> = Mutex::new(Vec::new());

/// A clock started with a run; each [`Timings::mark`] records the time since the last mark.
pub struct Timings {
    on: bool,
    last: Instant,
}

impl Timings {
    /// Starts the clock; marks are recorded only when `GATEWRIGHT_TIMINGS` is set.
    pub fn start() -> Timings {
        Timings {
            on: std::env::var_os("GATEWRIGHT_TIMINGS").is_some(),
            last: Instant::now(),
        }
    }

    /// Records `what` of `stem` with the time since the last mark.
    pub fn mark(&mut self, stem: &str, what: std::fmt::Arguments<'_>) {
        if self.on {
            let now = Instant::now();
            let line = format!(
                "timing {stem}: {what} {:.1} ms",
                (now - self.last).as_secs_f64() * 1000.0
            );
            if let Ok(mut marks) = MARKS.lock() {
                marks.push(line);
            }
            self.last = now;
        }
    }
}

/// The timing lines recorded since the last call, oldest first.
pub fn take() -> Vec<String> {
    MARKS
        .lock()
        .map(|mut m| std::mem::take(&mut *m))
        .unwrap_or_default()
}
