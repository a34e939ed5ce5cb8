//! Hostile and broken input against the real binary (issue 5, item 7).
//!
//! Every row of `tests/hostile/expected.txt` names an input (a file of `tests/hostile/`, or a
//! `gen_*` one generated here because it is too big to commit), the exit code, the code and
//! position of the first error and a piece of its message. Blueprints (`bp_*`) go through
//! `gatewright synth FILE --out <empty dir>`, documents (`doc_*`) through `gatewright validate
//! FILE`. Each run must finish within [`CPU_LIMIT_SECS`] of CPU time (and [`WALL_LIMIT`], a
//! guard against a run that hangs without computing) without a panic, print the expected
//! diagnostic with a help line, and (for a failed synth) leave the output folder empty. The
//! generated inputs, the biggest ones, also have their peak memory measured with
//! `/usr/bin/time` and bounded by [`MEMORY_LIMIT_KIB`].

use std::fmt::Write as _;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_gatewright");
/// Most CPU seconds a single run may use (debug build). CPU time, unlike wall time, does not
/// grow when other work shares the machine; the kernel stops the run at the limit.
const CPU_LIMIT_SECS: u32 = 10;
/// Longest a single run may take by the clock, however loaded the machine.
const WALL_LIMIT: Duration = Duration::from_secs(120);
/// Largest peak resident memory of a run.
const MEMORY_LIMIT_KIB: u64 = 512 * 1024;
const TIME: &str = "/usr/bin/time";
const PEAK_MARK: &str = "GW-HOSTILE-PEAK-KIB ";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Exit {
    Code(i32),
    Known,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Pos {
    /// Any `file:line:col`.
    Any,
    /// No position: the input has none.
    None,
    At(usize, usize),
}

#[derive(Debug)]
struct Row {
    file: String,
    exit: Exit,
    /// `None` for a run that must succeed.
    code: Option<String>,
    pos: Pos,
    message: String,
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile")
}

fn table() -> Vec<Row> {
    let text = std::fs::read_to_string(corpus().join("expected.txt")).expect("expected.txt");
    let mut rows = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let mut fields = Vec::new();
        let mut rest = line;
        for _ in 0..3 {
            let field = rest.split_whitespace().next().unwrap_or("");
            fields.push(field);
            rest = rest.trim_start()[field.len()..].trim_start();
        }
        let [file, exit, code_field] = fields[..] else {
            unreachable!()
        };
        assert!(
            !code_field.is_empty(),
            "expected.txt:{}: want `<file> <exit> <CODE> <message>`",
            n + 1
        );
        let message = rest.trim().to_string();
        let exit = match exit {
            "KNOWN" => Exit::Known,
            e => Exit::Code(
                e.parse()
                    .unwrap_or_else(|_| panic!("expected.txt:{}: bad exit code `{e}`", n + 1)),
            ),
        };
        let (code, pos) = match code_field.split_once('@') {
            None => (code_field, Pos::Any),
            Some((c, "-")) => (c, Pos::None),
            Some((c, at)) => {
                let (l, col) = at.split_once(':').expect("@LINE:COL");
                (
                    c,
                    Pos::At(
                        l.parse().expect("line number"),
                        col.parse().expect("column number"),
                    ),
                )
            }
        };
        rows.push(Row {
            file: file.to_string(),
            exit,
            code: (code != "-").then(|| code.to_string()),
            pos,
            message,
        });
    }
    rows
}

// --- generated inputs ------------------------------------------------------------------------

const ROUTE: &str = "routes:\n  GET /:\n    s3.list_buckets: {}\n";

/// The inputs too big to commit, by name.
fn generate(name: &str) -> Vec<u8> {
    let text = match name {
        "gen_bp_string_20mb.yaml" => {
            format!("api: \"{}\"\n{ROUTE}", "x".repeat(20 * 1024 * 1024))
        }
        "gen_bp_deep_flow_10k.yaml" => format!(
            "api: X\nmodels:\n  m: {}{}\n{ROUTE}",
            "[".repeat(10_000),
            "]".repeat(10_000)
        ),
        "gen_bp_deep_flow_mapping_10k.yaml" => {
            format!("{}1{}\n", "{a: ".repeat(10_000), "}".repeat(10_000))
        }
        "gen_bp_deep_block_10k.yaml" => {
            format!(
                "api: X\nmodels:\n  m:\n    {}x\n{ROUTE}",
                "- ".repeat(10_000)
            )
        }
        "gen_bp_deep_indent_1000.yaml" => {
            let mut s = String::from("api: X\nmodels:\n  m:\n");
            for i in 0..1000 {
                s.push_str(&" ".repeat(4 + i));
                s.push_str("k:\n");
            }
            s + ROUTE
        }
        "gen_bp_alias_flat.yaml" => format!(
            "api: X\nmodels:\n  A: &a [{}]\n  B: [{}]\n{ROUTE}",
            vec!["1"; 20_000].join(","),
            vec!["*a"; 2_000].join(",")
        ),
        "gen_bp_alias_string.yaml" => {
            let mut s = format!(
                "api: X\ndescription: &d \"{}\"\nroutes:\n",
                "x".repeat(300_000)
            );
            for i in 0..300 {
                let _ = write!(
                    s,
                    "  GET /r{i}:\n    s3.list_buckets: {{}}\n    summary: *d\n    request_templates: {{ application/json: *d }}\n"
                );
            }
            s
        }
        "gen_bp_wide_list.yaml" => {
            format!(
                "api: X\nmodels:\n  m: [{}]\n{ROUTE}",
                vec!["1"; 1_200_000].join(",")
            )
        }
        "gen_bp_routes_1000.yaml" | "gen_bp_routes_20001.yaml" => {
            let n = if name.contains("20001") { 20_001 } else { 1000 };
            let mut s = String::from("api: X\nroutes:\n");
            for i in 0..n {
                let _ = write!(
                    s,
                    "  GET /r{i}/{{f}}:\n    s3.list_objects: {{ bucket: \"{{f}}\" }}\n"
                );
            }
            s
        }
        "gen_bp_resources.yaml" => {
            let mut s = String::from("api: X\nroutes:\n");
            for i in 0..2_001 {
                let path: String = (0..10).map(|j| format!("/s{i}x{j}")).collect();
                let _ = write!(s, "  GET {path}:\n    s3.list_buckets: {{}}\n");
            }
            s
        }
        "gen_bp_long_key.yaml" => format!(
            "api: X\nroutes:\n  GET /{}:\n    s3.list_buckets: {{}}\n",
            "a".repeat(100_000)
        ),
        "gen_bp_long_line.yaml" => {
            let vars: Vec<String> = (0..90_000).map(|i| format!("v{i}: a")).collect();
            format!(
                "{{api: X, stage_variables: {{{}}}, routes: {{\"GET /{{f}}\": {{s3.list_objects: {{bucket: \"{{nope}}\"}}}}}}}}\n",
                vars.join(", ")
            )
        }
        "gen_bp_many_errors.yaml" => {
            let mut s = String::from("api: X\nowns:\n  queues:\n");
            for i in 0..20_000 {
                let _ = writeln!(s, "    q{i}: {{ visibility_timeout: 99999 }}");
            }
            s + ROUTE
        }
        "gen_doc_20mb.json" => format!(
            "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Metadata\": {{\"x\": \"{}\"}}}}",
            "y".repeat(20 * 1024 * 1024)
        ),
        "gen_doc_deep_flow_10k.json" => format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
        "gen_doc_deep_block_10k.yaml" => format!(
            "AWSTemplateFormatVersion: \"2010-09-09\"\nMetadata:\n  m:\n    {}x\n",
            "- ".repeat(10_000)
        ),
        "gen_doc_alias_flat.yaml" => format!(
            "AWSTemplateFormatVersion: \"2010-09-09\"\nMetadata:\n  A: &a [{}]\n  B: [{}]\nResources: {{}}\n",
            vec!["1"; 20_000].join(","),
            vec!["*a"; 2_000].join(",")
        ),
        "gen_doc_many_findings.json" => {
            let queues: Vec<String> = (0..20_000)
                .map(|i| format!("\"Q{i}\": {{\"Type\": \"AWS::SQS::Queue\", \"Properties\": {{\"VisibilityTimeout\": 99999}}}}"))
                .collect();
            format!(
                "{{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {{{}}}}}",
                queues.join(",")
            )
        }
        other => panic!("expected.txt names `{other}`, which the test does not generate"),
    };
    text.into_bytes()
}

// --- running ---------------------------------------------------------------------------------

struct Outcome {
    status: Option<i32>,
    /// Standard output, then standard error.
    stderr: String,
    elapsed: Duration,
    timed_out: bool,
    peak_kib: Option<u64>,
}

/// Runs the binary with `args` in `dir`, in its own process group (so a hang can be killed with
/// everything it started), measuring peak memory when asked and `/usr/bin/time` exists.
fn run(dir: &Path, args: &[&str], measure: bool) -> Outcome {
    use std::os::unix::process::CommandExt as _;
    let measured = measure && Path::new(TIME).exists();
    // `ulimit -t` puts the CPU limit on the run (and `/usr/bin/time`, when it measures).
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg(format!("ulimit -t {CPU_LIMIT_SECS} && exec \"$@\""))
        .arg("sh");
    if measured {
        cmd.arg(TIME).arg("-f").arg(format!("{PEAK_MARK}%M"));
    }
    cmd.arg(BIN);
    cmd.args(args)
        .current_dir(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .process_group(0);
    let started = Instant::now();
    let mut child = cmd.spawn().expect("start gatewright");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            if let Some(mut p) = pipe {
                let _ = p.read_to_end(&mut buf);
            }
            buf
        })
    };
    let out = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let err = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
    );
    let mut timed_out = false;
    let status = loop {
        if let Some(s) = child.try_wait().expect("wait for gatewright") {
            break s;
        }
        if started.elapsed() > WALL_LIMIT {
            timed_out = true;
            // The group of the child we started (it is its own group leader).
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", child.id())])
                .status();
            let _ = child.kill();
            break child.wait().expect("wait for killed gatewright");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let elapsed = started.elapsed();
    // SIGXCPU at the CPU limit (SIGKILL when the process ignores it); `/usr/bin/time` reports
    // a signalled child in its text instead.
    {
        use std::os::unix::process::ExitStatusExt as _;
        timed_out |= matches!(status.signal(), Some(9 | 24));
    }
    // `validate` prints its findings on standard output, `synth` on standard error: judge both.
    let mut raw = String::from_utf8_lossy(&out.join().unwrap_or_default()).into_owned();
    raw.push_str(&String::from_utf8_lossy(&err.join().unwrap_or_default()));
    let mut peak_kib = None;
    let mut stderr = String::new();
    for line in raw.lines() {
        if let Some(kib) = line.strip_prefix(PEAK_MARK) {
            peak_kib = kib.trim().parse().ok();
        } else if measured && line.starts_with("Command terminated by signal") {
            timed_out |= line.ends_with(" 9") || line.ends_with(" 24");
        } else if !(measured && line.starts_with("Command exited with non-zero status")) {
            stderr.push_str(line);
            stderr.push('\n');
        }
    }
    Outcome {
        status: status.code(),
        stderr,
        elapsed,
        timed_out,
        peak_kib,
    }
}

/// Every file under `dir`, hidden ones and folders included.
fn entries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.filter_map(Result::ok) {
            let p = e.path();
            if p.is_dir() {
                found.extend(entries(&p));
            }
            found.push(p);
        }
    }
    found
}

/// Problems of one run against its row; empty when it behaved.
fn judge(row: &Row, shown: &str, o: &Outcome, out_dir: Option<&Path>) -> Vec<String> {
    let mut problems = Vec::new();
    if o.timed_out {
        problems.push(format!(
            "did not finish within {CPU_LIMIT_SECS} s of CPU or {WALL_LIMIT:?} (killed)"
        ));
    }
    if o.stderr.contains("panicked at") || o.stderr.contains("terminated by signal") {
        problems.push("panicked or died from a signal".to_string());
    }
    if let Exit::Code(want) = row.exit
        && o.status != Some(want)
    {
        problems.push(format!("exit {:?}, want {want}", o.status));
    }
    if let Exit::Known = row.exit
        && o.status != Some(1)
    {
        problems.push(format!("exit {:?}, want 1", o.status));
    }
    if o.peak_kib.is_some_and(|k| k > MEMORY_LIMIT_KIB) {
        problems.push(format!(
            "peak memory {} MiB, above {} MiB",
            o.peak_kib.unwrap_or(0) / 1024,
            MEMORY_LIMIT_KIB / 1024
        ));
    }
    let files = out_dir.map(entries).unwrap_or_default();
    let Some(code) = &row.code else {
        if o.stderr.contains("error[") {
            problems.push("printed an error".to_string());
        }
        if !o.stderr.contains(&row.message) {
            problems.push(format!("stderr lacks `{}`", row.message));
        }
        if out_dir.is_some() && files.is_empty() {
            problems.push("wrote nothing".to_string());
        }
        return problems;
    };
    if !files.is_empty() {
        problems.push(format!(
            "a failed synth wrote {} path(s): {files:?}",
            files.len()
        ));
    }
    let lines: Vec<&str> = o.stderr.lines().collect();
    let Some(i) = lines.iter().position(|l| l.contains(": error[")) else {
        problems.push("no error printed".to_string());
        return problems;
    };
    let head = lines[i];
    let (where_, rest) = head.split_once(": error[").unwrap_or_default();
    if !rest.starts_with(&format!("{code}]: ")) {
        problems.push(format!("first error is `{head}`, want code {code}"));
    }
    if !rest.contains(&row.message) {
        problems.push(format!("message of `{head}` lacks `{}`", row.message));
    }
    let position = where_.strip_prefix(shown).map(|p| {
        let mut it = p.split(':').skip(1).map(|n| n.parse::<usize>().ok());
        (it.next().flatten(), it.next().flatten())
    });
    match (row.pos, position) {
        (_, None) => problems.push(format!("`{head}` does not start with `{shown}`")),
        (Pos::None, Some((None, None))) => {}
        (Pos::None, Some(_)) => problems.push(format!("`{head}` has a position, want none")),
        (Pos::Any, Some((Some(l), Some(_)))) if l > 0 => {}
        (Pos::Any, Some(_)) => problems.push(format!("`{head}` has no `line:col`")),
        (Pos::At(l, c), Some((Some(gl), Some(gc)))) if (l, c) == (gl, gc) => {}
        (Pos::At(l, c), Some(_)) => problems.push(format!("`{head}` is not at {l}:{c}")),
    }
    let help = lines[i + 1..]
        .iter()
        .take_while(|l| !l.contains(": error[") && !l.contains(": warning["))
        .any(|l| l.trim_start().starts_with("help: "));
    if !help {
        problems.push(format!("`{head}` has no help line"));
    }
    problems
}

#[test]
fn hostile_corpus() {
    let rows = table();
    assert!(rows.len() >= 50, "only {} rows", rows.len());
    let committed = rows.iter().filter(|r| !r.file.starts_with("gen_")).count();
    assert!(committed >= 50, "only {committed} committed files");
    for r in &rows {
        let present = corpus().join(&r.file).exists();
        let generated = r.file.starts_with("gen_");
        assert!(
            present != generated,
            "{}: gen_* rows are generated, others must be in tests/hostile/",
            r.file
        );
    }
    let listed: Vec<&str> = rows.iter().map(|r| r.file.as_str()).collect();
    for e in std::fs::read_dir(corpus())
        .expect("tests/hostile")
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        assert!(
            name == "expected.txt" || listed.contains(&name.as_str()),
            "tests/hostile/{name} has no row in expected.txt"
        );
    }
    let validate_exists = Command::new(BIN)
        .args(["validate", "--help"])
        .output()
        .is_ok_and(|o| o.status.success());

    let scratch =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("hostile-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("scratch dir");
    let next = AtomicUsize::new(0);
    let report = Mutex::new(Vec::<(usize, String, Vec<String>)>::new());
    std::thread::scope(|s| {
        for _ in 0..2 {
            s.spawn(|| {
                loop {
                    let n = next.fetch_add(1, Ordering::SeqCst);
                    let Some(row) = rows.get(n) else { break };
                    let line = check_row(row, &scratch.join(n.to_string()), validate_exists);
                    report.lock().expect("report").push((n, line.0, line.1));
                }
            });
        }
    });
    let _ = std::fs::remove_dir_all(&scratch);
    let mut report = report.into_inner().expect("report");
    report.sort_by_key(|r| r.0);
    let mut failures = Vec::new();
    for (n, line, problems) in &report {
        eprintln!("{line}");
        if !problems.is_empty() && rows[*n].exit != Exit::Known {
            failures.push(format!("{}: {}", rows[*n].file, problems.join("; ")));
        }
    }
    let known = rows.iter().filter(|r| r.exit == Exit::Known).count();
    eprintln!(
        "{} cases, {} failing, {known} known defects",
        rows.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// Runs one row in `dir`; returns its report line and its problems.
fn check_row(row: &Row, dir: &Path, validate_exists: bool) -> (String, Vec<String>) {
    std::fs::create_dir_all(dir).expect("row dir");
    let generated = row.file.starts_with("gen_");
    let input_dir = if generated {
        std::fs::write(dir.join(&row.file), generate(&row.file)).expect("write input");
        dir.to_path_buf()
    } else {
        corpus()
    };
    let blueprint = row.file.starts_with("bp_") || row.file.starts_with("gen_bp_");
    if !blueprint && !validate_exists {
        return (
            format!(
                "SKIPPED {}: `gatewright validate` does not exist yet",
                row.file
            ),
            Vec::new(),
        );
    }
    let out_dir = dir.join("out");
    std::fs::create_dir_all(&out_dir).expect("out dir");
    let out_arg = out_dir.display().to_string();
    let args: Vec<&str> = if blueprint {
        vec!["synth", &row.file, "--out", &out_arg]
    } else {
        vec!["validate", &row.file]
    };
    let o = run(&input_dir, &args, generated);
    let problems = judge(row, &row.file, &o, blueprint.then_some(out_dir.as_path()));
    let _ = std::fs::remove_dir_all(dir);
    let memory = o
        .peak_kib
        .map(|k| format!(", {} MiB peak", k.div_ceil(1024)))
        .unwrap_or_else(|| {
            if generated && !Path::new(TIME).exists() {
                format!(", memory not measured ({TIME} missing)")
            } else {
                String::new()
            }
        });
    let verdict = match (row.exit, problems.is_empty()) {
        (Exit::Known, true) => "KNOWN, now passes: drop KNOWN from expected.txt".to_string(),
        (Exit::Known, false) => format!("KNOWN ({})", problems.join("; ")),
        (_, true) => "ok".to_string(),
        (_, false) => format!("FAIL ({})", problems.join("; ")),
    };
    (
        format!(
            "{:<40} {:>6} ms{memory}  {verdict}",
            row.file,
            o.elapsed.as_millis()
        ),
        problems,
    )
}

/// The CPU limit the corpus runs under really stops a run that computes forever.
#[test]
fn the_cpu_limit_stops_a_busy_run() {
    use std::os::unix::process::ExitStatusExt as _;
    let started = Instant::now();
    let status = Command::new("sh")
        .arg("-c")
        .arg("ulimit -t 1 && exec \"$@\"")
        .arg("sh")
        .args(["sh", "-c", "while :; do :; done"])
        .status()
        .expect("start sh");
    assert!(matches!(status.signal(), Some(9 | 24)), "{status:?}");
    assert!(started.elapsed() < Duration::from_secs(30));
}
