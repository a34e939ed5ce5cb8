//! Seeded fuzzing of blueprint loading, lowering and rendering (issue 5, item 8), in process
//! through [`synth::synth`].
//!
//! Cases are the bundled blueprints and `tests/fuzz_corpus/*.yaml` mutated (lines deleted,
//! duplicated, swapped, re-indented; characters flipped; keys inserted; numbers and strings
//! replaced; route blocks spliced between blueprints; YAML noise inserted; truncation), plus
//! blueprints drawn from a small grammar. Every case must return without panicking; an `Ok`
//! must render JSON outputs that parse and render byte-identically a second time; an `Err` must
//! hold errors that each have a code and a location.
//!
//! The seed is fixed, and each case draws from its own generator seeded by its index, so a
//! failure is reproduced by its index whatever the thread order. `GATEWRIGHT_FUZZ_CASES` and
//! `GATEWRIGHT_FUZZ_SEED` change the number of cases and the seed. Failing inputs are written
//! to `target/tmp/fuzz-failures/`; keep them as regression files in `tests/fuzz_corpus/`, which
//! this test also runs unchanged. `GATEWRIGHT_FUZZ_DUMP_REFUSED=<dir>` writes every input whose
//! output the checks refused (GW0301) there, named by the inner check code, for triage.

mod common;
use gatewright::diagnostic::Diagnostic;
use gatewright::services::catalog;
use gatewright::source::Source;
use gatewright::synth;
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const DEFAULT_SEED: u64 = 0x6761_7465_7772_6974; // "gatewrit"
const DEFAULT_CASES: usize = 4000;
/// A single case taking longer than this is reported (it cannot be interrupted in process).
const SLOW_CASE: Duration = Duration::from_secs(5);

// --- generator -------------------------------------------------------------------------------

use common::rng::Rng;

const TOP_KEYS: &[&str] = &[
    "api",
    "description",
    "endpoint",
    "binary_media_types",
    "auth",
    "authorizers",
    "usage_plan",
    "resource_policy",
    "stage",
    "stage_variables",
    "env",
    "cors",
    "models",
    "owns",
    "routes",
    "stge",
    "rotues",
];

/// The keys a route may hold (the loader's own list), plus typos of them.
fn route_keys() -> &'static [&'static str] {
    static KEYS: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    KEYS.get_or_init(|| {
        let mut keys = gatewright::blueprint::OPTION_KEYS.to_vec();
        keys.extend(["timout_ms", "s3.put_objcet"]);
        keys
    })
}

const ARG_KEYS: &[&str] = &[
    "bucket",
    "key",
    "allowed_buckets",
    "acl",
    "expect_continue",
    "topic",
    "queue",
    "message",
    "subject",
    "service",
    "action",
    "path",
    "http_method",
    "iam",
    "actions",
    "resources",
    "headers",
    "status",
    "pattern",
    "fifo",
    "subscribers",
    "visibility_timeout",
    "lambda_token",
    "cognito_user_pools",
    "ttl_seconds",
    "allow_origin",
    "max_age",
    "allow_credentials",
    "api_keys",
    "throttle",
    "quota",
    "rate_limit",
    "burst_limit",
    "limit",
    "period",
    "allow_accounts",
    "allow_source_ips",
    "region",
    "execution_role_arn",
    "bukcet",
];

const VALUES: &[&str] = &[
    "\"{folder}\"",
    "\"{item}\"",
    "\"{key+}\"",
    "\"{nope}\"",
    "x",
    "\"\"",
    "'*'",
    "\"*\"",
    "s3:*",
    "\"s3:Get*\"",
    "none",
    "aws_iam",
    "true",
    "false",
    "null",
    "~",
    "0",
    "-1",
    "50",
    "29000",
    "29001",
    "4294967296",
    "1e400",
    ".inf",
    ".nan",
    "[]",
    "{}",
    "[a, b]",
    "{a: 1}",
    "\"'fixed'\"",
    "method.request.header.x",
    "method.request.path.folder",
    "method.request.querystring.q",
    "method.request.body",
    "integration.response.header.ETag",
    "context.requestId",
    "stageVariables.table",
    "application/json",
    "image/png",
    "\"*/*\"",
    "arn:aws:lambda:us-east-1:123456789012:function:f",
    "arn:aws:iam::123456789012:role/r",
    "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc",
    "us-east-1",
    "mars",
    "\"4\\\\d{2}\"",
    "\"(\"",
    "&anchor x",
    "*anchor",
    "!Ref X",
    "!!str 12",
    "|\n      multi\n      line",
    ">-\n      folded",
    "\"ü€😀\"",
    "\"a\\tb\\u0000\"",
    "\"$input.body\"",
    "\"#set($x = 1)\"",
    "convert_to_binary",
    "convert_to_text",
    "body",
    "parameters",
    "all",
    "when_no_match",
    "never",
    "DAY",
    "MONTH",
    "10.0.0.0/8",
    "vpce-123",
    "123456789012",
];

const NUMBERS: &[&str] = &[
    "0",
    "1",
    "-1",
    "49",
    "50",
    "200",
    "404",
    "599",
    "600",
    "29000",
    "29001",
    "43200",
    "43201",
    "65535",
    "65536",
    "4294967295",
    "4294967296",
    "18446744073709551616",
    "-9223372036854775809",
    "1e400",
    "0x1F",
    "0o17",
    "1_000",
    ".5",
    "NaN",
];

const VERBS: &[&str] = &[
    "GET", "PUT", "POST", "DELETE", "HEAD", "OPTIONS", "PATCH", "ANY", "get", "FETCH",
];

const PATHS: &[&str] = &[
    "/",
    "/{folder}",
    "/{folder}/{item}",
    "/files/{key+}",
    "/{a+}/b",
    "/a//b",
    "/a/",
    "a",
    "/{}",
    "/{a}/{a}",
    "/ü",
    "/a b",
    "/{folder}{item}",
    "/x/{y}/z/{w+}",
    "/lexicons/{name}",
    "/streams",
    "/{folder}/{item+}",
];

const NOISE: &[&str] = &[
    "&a ",
    "*a",
    "!Ref ",
    "? ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    "'",
    "\"",
    "# ",
    "\n---\n",
    "|\n",
    ">-\n",
    ": ",
    ",",
    "\t",
    "\u{feff}",
    "\\",
    "%YAML 1.2\n",
    "<<: *a\n",
    "!!binary ",
];

/// The text of `text`'s route blocks: each from a line `  VERB /path:` to the next one.
fn route_blocks(text: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    let mut in_routes = false;
    for line in text.split_inclusive('\n') {
        if line.starts_with("routes:") {
            in_routes = true;
            continue;
        }
        if !in_routes {
            continue;
        }
        let indented = line.starts_with("  ") && !line.starts_with("   ");
        let top = !line.starts_with(' ') && !line.trim().is_empty() && !line.starts_with('#');
        if top {
            in_routes = false;
        }
        if indented || top {
            if let Some(b) = current.take() {
                blocks.push(b);
            }
            if indented {
                current = Some(line.to_string());
            }
        } else if let Some(b) = &mut current {
            b.push_str(line);
        }
    }
    blocks.extend(current);
    blocks
}

/// The largest char boundary of `s` at or before `i`.
fn floor(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn lines_of(text: &str) -> Vec<String> {
    text.split_inclusive('\n').map(str::to_string).collect()
}

/// Mutations that keep the YAML well formed more often than not: they change keys, values
/// and routes, to reach the lowering and the emitters.
const GENTLE: [usize; 6] = [4, 5, 5, 6, 7, 12];

/// Applies one random mutation to `text`: any of them, or only a [`GENTLE`] one.
fn mutate_once(
    rng: &mut Rng,
    text: &str,
    seeds: &[String],
    blocks: &[String],
    gentle: bool,
) -> String {
    let mut lines = lines_of(text);
    if lines.is_empty() {
        lines.push(String::new());
    }
    let n = lines.len();
    let kind = if gentle {
        *rng.pick(&GENTLE)
    } else {
        rng.below(14)
    };
    match kind {
        0 => {
            lines.remove(rng.below(n));
        }
        1 => {
            let i = rng.below(n);
            let copy = lines[i].clone();
            lines.insert(i + 1, copy);
        }
        2 => {
            let (i, j) = (rng.below(n), rng.below(n));
            lines.swap(i, j);
        }
        3 => {
            let i = floor(text, rng.below(text.len() + 1));
            let rest = &text[i..];
            let skip = rest.chars().next().map_or(0, char::len_utf8);
            let special = [
                ':', '{', '}', '[', ']', ',', '-', '\'', '"', '#', '&', '*', '!', '|', '>', ' ',
                '\t', '\n', '?', '%', '@', '`', 'x', '0', '/', '\\', 'é',
            ];
            return format!("{}{}{}", &text[..i], rng.pick(&special), &rest[skip..]);
        }
        4 => {
            let indent = " ".repeat(*rng.pick(&[0, 2, 4, 6, 8]));
            let key = match rng.below(3) {
                0 => rng.pick(TOP_KEYS),
                1 => rng.pick(route_keys()),
                _ => rng.pick(ARG_KEYS),
            };
            let value = rng.pick(VALUES);
            lines.insert(rng.below(n + 1), format!("{indent}{key}: {value}\n"));
        }
        5 => {
            let digits: Vec<(usize, usize)> = runs(text, |c| c.is_ascii_digit());
            if let Some(&(a, b)) = (!digits.is_empty()).then(|| rng.pick(&digits)) {
                return format!("{}{}{}", &text[..a], rng.pick(NUMBERS), &text[b..]);
            }
        }
        6 => {
            let words = runs(text, |c| {
                c.is_alphanumeric() || matches!(c, '_' | '.' | '-')
            });
            if let Some(&(a, b)) = (!words.is_empty()).then(|| rng.pick(&words)) {
                let with = match rng.below(4) {
                    0 => rng.pick(ARG_KEYS),
                    1 => rng.pick(route_keys()),
                    _ => rng.pick(VALUES),
                };
                return format!("{}{}{}", &text[..a], with, &text[b..]);
            }
        }
        7 => {
            if !blocks.is_empty() {
                let block = rng.pick(blocks).clone();
                let at = lines
                    .iter()
                    .position(|l| l.starts_with("routes:"))
                    .map_or(n, |i| i + 1 + rng.below(n - i));
                lines.insert(at.min(lines.len()), block);
            }
        }
        8 => {
            let i = rng.below(n);
            let line = &lines[i];
            lines[i] = match rng.below(3) {
                0 => format!(" {line}"),
                1 => line.strip_prefix("  ").unwrap_or(line).to_string(),
                _ => line.replacen("  ", "\t", 1),
            };
        }
        9 => {
            return text[..floor(text, rng.below(text.len() + 1))].to_string();
        }
        10 => {
            let i = floor(text, rng.below(text.len() + 1));
            return format!("{}{}{}", &text[..i], rng.pick(NOISE), &text[i..]);
        }
        11 => {
            let a = rng.below(n);
            let b = (a + 1 + rng.below(6)).min(n);
            let copy: Vec<String> = lines[a..b].to_vec();
            let at = rng.below(lines.len() + 1);
            lines.splice(at..at, copy);
        }
        12 => {
            let keys: Vec<usize> = (0..n)
                .filter(|&i| {
                    let l = &lines[i];
                    l.starts_with("  ") && !l.starts_with("   ") && l.contains(" /")
                })
                .collect();
            if !keys.is_empty() {
                let i = *rng.pick(&keys);
                let rest = lines[i]
                    .split_once(':')
                    .map_or("\n", |(_, r)| r)
                    .to_string();
                lines[i] = format!("  {} {}:{rest}", rng.pick(VERBS), rng.pick(PATHS));
            }
        }
        _ => {
            // Splice the tail of another seed after a prefix of this one.
            let other = rng.pick(seeds);
            let other_lines = lines_of(other);
            if !other_lines.is_empty() {
                let cut = rng.below(n + 1);
                let from = rng.below(other_lines.len());
                lines.truncate(cut);
                lines.extend_from_slice(&other_lines[from..]);
            }
        }
    }
    lines.concat()
}

/// Byte ranges of the runs of chars that satisfy `f`.
fn runs(text: &str, f: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (f(c), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                out.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        out.push((s, text.len()));
    }
    out
}

/// A blueprint from a small grammar: API settings drawn at random, routes taken from the seeds
/// under random keys or made of a random operation and arguments.
fn grammar(rng: &mut Rng, blocks: &[String], ops: &[String]) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "api: {}",
        rng.pick(&["Fuzz", "\"\"", "'a b'", "x", "[1]"])
    );
    if rng.chance(1, 3) {
        let _ = writeln!(s, "description: {}", rng.pick(VALUES));
    }
    if rng.chance(1, 4) {
        let e = rng.pick(&["edge", "regional", "private", "local"]);
        let _ = writeln!(s, "endpoint: {e}");
    }
    if rng.chance(1, 4) {
        let _ = writeln!(
            s,
            "binary_media_types: [{}]",
            rng.pick(&["\"*/*\"", "image/png", "png", ""])
        );
    }
    if rng.chance(1, 3) {
        let _ = writeln!(
            s,
            "auth: {}",
            rng.pick(&["none", "aws_iam", "partner", "pool"])
        );
    }
    if rng.chance(1, 3) {
        s.push_str("authorizers:\n");
        if rng.chance(1, 2) {
            let ttl = rng.pick(NUMBERS);
            let _ = writeln!(
                s,
                "  partner: {{ lambda_token: \"arn:aws:lambda:us-east-1:123456789012:function:f\", ttl_seconds: {ttl} }}"
            );
        }
        if rng.chance(1, 2) {
            s.push_str("  pool: { cognito_user_pools: [\"arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_abc\"] }\n");
        }
    }
    if rng.chance(1, 4) {
        let _ = writeln!(
            s,
            "stage: {}",
            rng.pick(&["dev", "prod", "'no spaces'", "v1"])
        );
    }
    if rng.chance(1, 4) {
        let _ = writeln!(
            s,
            "cors: {{ allow_origin: {}, max_age: {}, allow_credentials: {} }}",
            rng.pick(&["\"*\"", "https://app.example.com", "\"\""]),
            rng.pick(NUMBERS),
            rng.pick(&["true", "false"])
        );
    }
    if rng.chance(1, 4) {
        let _ = writeln!(
            s,
            "owns:\n  topics:\n    alerts: {{ fifo: {}, subscribers: [{}] }}\n  queues:\n    jobs: {{ fifo: {}, visibility_timeout: {} }}",
            rng.pick(&["true", "false"]),
            rng.pick(&["jobs", "nope", ""]),
            rng.pick(&["true", "false"]),
            rng.pick(NUMBERS)
        );
    }
    if rng.chance(1, 4) {
        s.push_str("models:\n  Order: { type: object, properties: { id: { type: string } }, required: [id] }\n");
    }
    if rng.chance(1, 5) {
        let _ = writeln!(
            s,
            "usage_plan: {{ api_keys: [partner], throttle: {{ rate_limit: {}, burst_limit: {} }}, quota: {{ limit: {}, period: {} }} }}",
            rng.pick(NUMBERS),
            rng.pick(NUMBERS),
            rng.pick(NUMBERS),
            rng.pick(&["DAY", "WEEK", "MONTH", "YEAR"])
        );
    }
    if rng.chance(1, 5) {
        let _ = writeln!(
            s,
            "resource_policy: {{ allow_source_ips: [{}] }}",
            rng.pick(&["10.0.0.0/8", "nope", "203.0.113.0/24"])
        );
    }
    s.push_str("routes:\n");
    for _ in 0..1 + rng.below(5) {
        if !blocks.is_empty() && rng.chance(1, 2) {
            let block = rng.pick(blocks);
            if rng.chance(1, 2) {
                s.push_str(block);
            } else {
                let rest = block.split_once(':').map_or("\n", |(_, r)| r);
                let _ = write!(s, "  {} {}:{rest}", rng.pick(VERBS), rng.pick(PATHS));
            }
            continue;
        }
        let _ = writeln!(s, "  {} {}:", rng.pick(VERBS), rng.pick(PATHS));
        let args: Vec<String> = (0..rng.below(4))
            .map(|_| format!("{}: {}", rng.pick(ARG_KEYS), rng.pick(VALUES)))
            .collect();
        let _ = writeln!(s, "    {}: {{ {} }}", rng.pick(ops), args.join(", "));
        for _ in 0..rng.below(3) {
            let _ = writeln!(s, "    {}: {}", rng.pick(route_keys()), rng.pick(VALUES));
        }
    }
    s
}

/// Case `index` of the run seeded `seed`.
fn case(seed: u64, index: usize, seeds: &[String], blocks: &[String], ops: &[String]) -> String {
    let mut rng = Rng::new(seed ^ (index as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15));
    let mut text = if rng.chance(1, 5) {
        grammar(&mut rng, blocks, ops)
    } else {
        rng.pick(seeds).clone()
    };
    let gentle = rng.chance(1, 2);
    for _ in 0..1 + rng.below(3) {
        text = mutate_once(&mut rng, &text, seeds, blocks, gentle);
    }
    text
}

// --- checking --------------------------------------------------------------------------------

thread_local! {
    /// Where the last panic of this thread happened, recorded by the panic hook.
    static PANIC_AT: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// How a case ended when it ended well.
enum Verdict {
    Ok,
    Err(Vec<&'static str>),
}

/// Runs one case; `Err` describes what went wrong.
fn check(text: &str) -> Result<Verdict, String> {
    let src = Source::new("fuzz.yaml", text);
    let result = panic::catch_unwind(AssertUnwindSafe(|| synth::synth("fuzz", &src)));
    let result = result.map_err(|payload| {
        let what = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_string())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        let at = PANIC_AT.with(|p| p.borrow_mut().take()).unwrap_or_default();
        format!("panicked at {at}: {what}")
    })?;
    match result {
        Ok(bundle) => {
            for f in &bundle.files {
                if f.name.ends_with(".json") {
                    serde_json::from_str::<serde_json::Value>(&f.contents)
                        .map_err(|e| format!("{} is not JSON: {e}", f.name))?;
                }
                if f.name.ends_with(".yaml") {
                    serde_yaml::from_str::<serde_yaml::Value>(&f.contents)
                        .map_err(|e| format!("{} is not YAML: {e}", f.name))?;
                }
            }
            let again = panic::catch_unwind(AssertUnwindSafe(|| {
                synth::model(&src).map(|api| synth::render(&api))
            }))
            .map_err(|_| "the second render panicked".to_string())?
            .map_err(|d| format!("the second load failed: {d:?}"))?;
            let first: Vec<(&str, &str)> = bundle
                .files
                .iter()
                .map(|f| (f.name, f.contents.as_str()))
                .collect();
            let second: Vec<(&str, &str)> = again
                .iter()
                .map(|f| (f.name, f.contents.as_str()))
                .collect();
            if first != second {
                return Err("a second render differs from the first".to_string());
            }
            Ok(Verdict::Ok)
        }
        Err(diags) => {
            if !diags.iter().any(Diagnostic::is_error) {
                return Err("failed without an error".to_string());
            }
            for d in &diags {
                let located = d
                    .location
                    .as_ref()
                    .is_some_and(|l| !l.file.is_empty() && (l.line > 0 || !l.pointer.is_empty()));
                if d.code.is_empty() || !located {
                    return Err(format!("diagnostic without code or location: {d}"));
                }
                if d.code.starts_with("GW01") || d.code.starts_with("GW02") {
                    let l = d.location.as_ref().map_or(0, |l| l.line);
                    if l == 0 {
                        return Err(format!("blueprint diagnostic without a line: {d}"));
                    }
                }
            }
            if let Ok(dir) = std::env::var("GATEWRIGHT_FUZZ_DUMP_REFUSED") {
                for d in diags.iter().filter(|d| d.code == "GW0301") {
                    let inner = d.message.split_whitespace().nth(4).unwrap_or("");
                    let name = format!(
                        "{dir}/{}-{:016x}.yaml",
                        inner.trim_end_matches(':'),
                        fnv(text)
                    );
                    let _ =
                        std::fs::write(name, format!("# {}\n{text}", d.message.replace('\n', " ")));
                }
            }
            Ok(Verdict::Err(diags.iter().map(|d| d.code).collect()))
        }
    }
}

fn fnv(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

fn yaml_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| {
            rd.filter_map(Result::ok)
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "yaml" || x == "yml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

fn env_number(name: &str) -> Option<u64> {
    let v = std::env::var(name).ok()?;
    match v.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => v.parse().ok(),
    }
}

#[test]
fn fuzz_blueprints() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = yaml_files(&root.join("tests/fuzz_corpus"));
    let mut seeds: Vec<String> = yaml_files(&root.join("blueprints"))
        .iter()
        .chain(&corpus)
        .map(|p| String::from_utf8_lossy(&std::fs::read(p).expect("read seed")).into_owned())
        .collect();
    assert!(!seeds.is_empty(), "no seeds in blueprints/");
    seeds.retain(|s| !s.is_empty());
    let blocks: Vec<String> = seeds.iter().flat_map(|s| route_blocks(s)).collect();
    let ops = catalog::operation_names();
    let seed = env_number("GATEWRIGHT_FUZZ_SEED").unwrap_or(DEFAULT_SEED);
    let cases = env_number("GATEWRIGHT_FUZZ_CASES").map_or(DEFAULT_CASES, |n| n as usize);

    let default_hook = panic::take_hook();
    panic::set_hook(Box::new(|info| {
        let at = info
            .location()
            .map(|l| format!("{}:{}", l.file(), l.line()))
            .unwrap_or_default();
        PANIC_AT.with(|p| *p.borrow_mut() = Some(at));
    }));

    let started = Instant::now();
    let failures = Mutex::new(Vec::<(String, String, String)>::new());
    let stats = Mutex::new((0usize, 0usize, BTreeMap::<&'static str, usize>::new()));
    let record = |name: String, text: &str, elapsed: Duration, verdict: Result<Verdict, String>| {
        let mut problem = verdict.as_ref().err().cloned();
        if elapsed > SLOW_CASE {
            problem = Some(format!("took {elapsed:?}"));
        }
        if let Some(p) = problem {
            failures
                .lock()
                .expect("failures")
                .push((name, p, text.to_string()));
            return;
        }
        let mut s = stats.lock().expect("stats");
        match verdict {
            Ok(Verdict::Ok) => s.0 += 1,
            Ok(Verdict::Err(codes)) => {
                s.1 += 1;
                for c in codes {
                    *s.2.entry(c).or_default() += 1;
                }
            }
            Err(_) => {}
        }
    };

    // The regression corpus, unchanged.
    for p in &corpus {
        let text = String::from_utf8_lossy(&std::fs::read(p).expect("read corpus")).into_owned();
        let t = Instant::now();
        let verdict = check(&text);
        record(p.display().to_string(), &text, t.elapsed(), verdict);
    }

    // Generated cases, on two threads.
    let next = AtomicUsize::new(0);
    let results = Mutex::new(Vec::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::SeqCst);
                    if i >= cases {
                        break;
                    }
                    let text = case(seed, i, &seeds, &blocks, &ops);
                    let t = Instant::now();
                    let verdict = check(&text);
                    results
                        .lock()
                        .expect("results")
                        .push((i, text, t.elapsed(), verdict));
                }
            });
        }
    });
    let mut results = results.into_inner().expect("results");
    results.sort_by_key(|r| r.0);
    for (i, text, elapsed, verdict) in results {
        record(format!("case {i}"), &text, elapsed, verdict);
    }
    panic::set_hook(default_hook);

    let elapsed = started.elapsed();
    let (ok, err, codes) = stats.into_inner().expect("stats");
    eprintln!(
        "{} corpus files + {cases} cases (seed {seed:#x}) in {elapsed:.1?}: {ok} synthesized, {err} refused",
        corpus.len()
    );
    eprintln!("codes: {codes:?}");
    let failures = failures.into_inner().expect("failures");
    if !failures.is_empty() {
        let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fuzz-failures");
        let _ = std::fs::create_dir_all(&dir);
        let mut report = String::new();
        for (name, problem, text) in &failures {
            let file = dir.join(format!("{}.yaml", name.replace(['/', ' '], "_")));
            let _ = std::fs::write(&file, text);
            let _ = writeln!(report, "{name}: {problem}\n  input: {}", file.display());
        }
        panic!(
            "{} of {} inputs failed (keep them in tests/fuzz_corpus/ once fixed):\n{report}",
            failures.len(),
            cases + corpus.len()
        );
    }
}
