//! The Java-regex checker against Java itself: `tests/data/java_regex_verdicts.tsv` holds the
//! verdict of `java.util.regex.Pattern.compile` (JDK 17) on several hundred patterns, written
//! by `scripts/java-regex-verdicts/regenerate.sh`; the checker must agree on every row.
//! When a `java` of the table's major version is on PATH, the table itself is re-derived and
//! compared, so it cannot drift from the patterns list or from Java.

use std::path::{Path, PathBuf};
use std::process::Command;

use gatewright::java_regex;
use gatewright::source::Source;
use gatewright::synth;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// One row: Java's verdict on a pattern.
struct Row {
    line: usize,
    accept: bool,
    pattern: String,
    message: String,
}

/// The pattern column with its control pictures turned back into TAB, LF and CR.
fn decode(s: &str) -> String {
    s.replace('\u{2409}', "\t")
        .replace('\u{240A}', "\n")
        .replace('\u{240D}', "\r")
}

fn read_table(path: &Path) -> (Vec<Row>, Option<String>) {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut rows = Vec::new();
    let mut version = None;
    for (n, line) in text.lines().enumerate() {
        if let Some(v) = line.strip_prefix("# java.version=") {
            version = Some(v.to_string());
        }
        if line.starts_with('#') || line.is_empty() {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        assert_eq!(
            cols.len(),
            4,
            "{}:{}: expected 4 columns",
            path.display(),
            n + 1
        );
        let accept = match cols[0] {
            "accept" => true,
            "refuse" => false,
            v => panic!("{}:{}: unknown verdict {v:?}", path.display(), n + 1),
        };
        rows.push(Row {
            line: n + 1,
            accept,
            pattern: decode(cols[2]),
            message: cols[3].to_string(),
        });
    }
    (rows, version)
}

/// Patterns the checker is known to judge differently from Java, and why. Each must still
/// disagree (so that a fix removes it from here) and stays listed in the report.
const KNOWN_GAPS: &[(&str, &str)] = &[(
    "\\N{NO SUCH CHARACTER NAME}",
    "the checker does not carry the Unicode character names `\\N{..}` looks up",
)];

/// Every row where the checker and Java disagree, described, but for the known gaps.
fn disagreements(rows: &[Row]) -> Vec<String> {
    let mut gaps_seen = Vec::new();
    let mut found: Vec<String> = rows
        .iter()
        .filter_map(|r| {
            let ours = java_regex::check(&r.pattern);
            match (&ours, r.accept) {
                (Ok(()), false) => Some(format!(
                    "line {}: `{}`: Java refuses ({}), the checker accepts",
                    r.line, r.pattern, r.message
                )),
                (Err(e), true) => Some(format!(
                    "line {}: `{}`: Java accepts, the checker refuses at {}: {}",
                    r.line, r.pattern, e.index, e.message
                )),
                _ => None,
            }
            .filter(|_| {
                let gap = KNOWN_GAPS.iter().any(|(p, _)| *p == r.pattern);
                if gap {
                    gaps_seen.push(r.pattern.clone());
                }
                !gap
            })
        })
        .collect();
    for (p, why) in KNOWN_GAPS {
        if rows.iter().any(|r| r.pattern == *p) && !gaps_seen.iter().any(|s| s == p) {
            found.push(format!(
                "`{p}` is listed as a known gap ({why}) but the checker now agrees with Java: \
                 remove it from KNOWN_GAPS"
            ));
        }
    }
    found
}

fn assert_agrees(path: &Path, min_rows: usize) {
    let (rows, _) = read_table(path);
    assert!(
        rows.len() >= min_rows,
        "{} holds {} rows, fewer than {min_rows}",
        path.display(),
        rows.len()
    );
    let refused = rows.iter().filter(|r| !r.accept).count();
    assert!(
        refused > 0 && refused < rows.len(),
        "the table must hold both verdicts"
    );
    let bad = disagreements(&rows);
    assert!(
        bad.is_empty(),
        "the checker disagrees with Java on {} of {} patterns:\n{}",
        bad.len(),
        rows.len(),
        bad.join("\n")
    );
}

#[test]
fn the_checker_agrees_with_java_on_every_pattern_of_the_table() {
    assert_agrees(&repo().join("tests/data/java_regex_verdicts.tsv"), 200);
}

#[test]
fn no_pattern_makes_the_checker_panic_or_hang() {
    let (rows, _) = read_table(&repo().join("tests/data/java_regex_verdicts.tsv"));
    let deep = format!("{}a{}", "(".repeat(5000), ")".repeat(5000));
    let classes = format!("{}a{}", "[".repeat(5000), "]".repeat(5000));
    let lookbehinds = "(?<=(?:a|b)c)".repeat(2000);
    // Java itself accepts about a thousand nested groups (then overflows its stack); the
    // checker stops at 256, like the blueprint loader, rather than risk its own stack.
    for p in [deep.as_str(), classes.as_str()] {
        let e = java_regex::check(p).expect_err("too deep");
        assert!(e.message.contains("nested too deeply"), "{e:?}");
    }
    assert!(java_regex::check(&format!("{}a{}", "(".repeat(200), ")".repeat(200))).is_ok());
    assert!(java_regex::check(&lookbehinds).is_ok());
    for r in &rows {
        for cut in 0..=r.pattern.chars().count() {
            let prefix: String = r.pattern.chars().take(cut).collect();
            let _ = java_regex::check(&prefix);
        }
    }
}

/// A blueprint whose selection pattern Java accepts is synthesised (lowering and every
/// format's lint agree); one Java refuses is reported against the blueprint.
#[test]
fn blueprints_get_javas_verdict_on_their_selection_patterns() {
    let blueprint = |pattern: &str| {
        format!(
            "api: X\nroutes:\n  GET /:\n    s3.list_buckets: {{}}\n    integration_responses: \
             [{{ status: 200 }}, {{ pattern: '{pattern}', status: 400 }}]\n"
        )
    };
    for accepted in ["a{2}{3}", "4\\d{2}{1}", "(?<=x+)5\\d\\d", "[\\d-z]"] {
        let src = Source::new("bp.yaml", blueprint(accepted));
        if let Err(d) = synth::synth("bp", &src) {
            panic!("`{accepted}` is refused: {d:#?}");
        }
    }
    for refused in ["[a-\\d]", "4\\d{2}*", "\\p{Foo}", "(?<=(?:ab)+)c"] {
        let src = Source::new("bp.yaml", blueprint(refused));
        let diags = synth::synth("bp", &src).expect_err(refused);
        assert!(
            diags
                .iter()
                .any(|d| d.message.contains(refused) && d.location.is_some()),
            "`{refused}`: {diags:#?}"
        );
    }
}

/// Re-derives the table (and the Unicode names the checker embeds) with the `java` on PATH and
/// requires them to equal the committed ones. Skipped without Java, or with a Java of another
/// major version than the table's.
#[test]
fn the_table_is_what_java_says() {
    let table = repo().join("tests/data/java_regex_verdicts.tsv");
    let (_, version) = read_table(&table);
    let version = version.expect("the table records its java.version");
    let java = std::env::var("JAVA").unwrap_or_else(|_| "java".into());
    let Ok(out) = Command::new(&java).arg("-version").output() else {
        eprintln!("skipped: no `{java}` on PATH");
        return;
    };
    let banner = String::from_utf8_lossy(&out.stderr).to_string();
    let major = version.split('.').next().unwrap_or_default();
    if !banner.contains(&format!("version \"{major}")) {
        eprintln!("skipped: the table was written by Java {version}, this is {banner}");
        return;
    }
    let dir = repo().join("scripts/java-regex-verdicts");
    let out = Command::new(&java)
        .arg(dir.join("Verdicts.java"))
        .arg(dir.join("patterns.txt"))
        .output()
        .expect("java runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let fresh = String::from_utf8(out.stdout).expect("UTF-8 table");
    let committed = std::fs::read_to_string(&table).expect("table");
    assert!(
        fresh == committed,
        "tests/data/java_regex_verdicts.tsv is out of date: run scripts/java-regex-verdicts/regenerate.sh"
    );

    let out = Command::new(&java)
        .args(["--add-opens", "java.base/java.lang=ALL-UNNAMED"])
        .arg(dir.join("Verdicts.java"))
        .arg("--unicode-names")
        .output()
        .expect("java runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let committed =
        std::fs::read_to_string(repo().join("src/java_regex/unicode_names.txt")).expect("names");
    assert!(
        out.stdout == committed.as_bytes(),
        "src/java_regex/unicode_names.txt is out of date: run scripts/java-regex-verdicts/regenerate.sh"
    );
}

/// Any other table of the same format, named by `JAVA_REGEX_VERDICTS` (for instance Java's
/// verdicts on generated patterns): `JAVA_REGEX_VERDICTS=FILE cargo test --test java_regex --
/// --ignored`.
#[test]
#[ignore = "needs JAVA_REGEX_VERDICTS"]
fn the_checker_agrees_with_java_on_another_table() {
    let path = std::env::var("JAVA_REGEX_VERDICTS").expect("JAVA_REGEX_VERDICTS names a table");
    assert_agrees(Path::new(&path), 1);
}
