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
            static ZERO: std::sync::OnceLock<Instant> = std::sync::OnceLock::new();
            let zero = *ZERO.get_or_init(|| self.last);
            let line = format!(
                "timing {stem}: {what} {:.1} ms, at {:.1} ms{}",
                (now - self.last).as_secs_f64() * 1000.0,
                (now - zero).as_secs_f64() * 1000.0,
                memory()
            );
            if let Ok(mut marks) = MARKS.lock() {
                marks.push(line);
            }
            self.last = now;
        }
    }
}

/// The process's resident memory now and at its peak so far, where the system says
/// (`/proc/self/status` on Linux), else nothing.
fn memory() -> String {
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return String::new();
    };
    let field = |name: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .map_or(0, |kb| kb / 1024)
    };
    format!(
        ", rss {} MiB (peak {} MiB)",
        field("VmRSS:"),
        field("VmHWM:")
    )
}

/// The timing lines recorded since the last call, oldest first.
pub fn take() -> Vec<String> {
    MARKS
        .lock()
        .map(|mut m| std::mem::take(&mut *m))
        .unwrap_or_default()
}
