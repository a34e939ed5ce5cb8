//! The arrows of the pipeline, pinned: blueprint -> lower -> model -> emit, with validate
//! judging documents from the side. Every `crate::`, `super::` and grouped import of the
//! library's non-test code is resolved to the module it names and checked against the rules
//! below; a test of the test plants wrong imports and expects each to be caught.

use std::collections::BTreeSet;
use std::fs;
use std::path::Path;

/// What one area of `src/` may not import, and why.
struct Rule {
    /// The importing area: a module path prefix such as `emit` or `model`.
    from: &'static str,
    /// Module path prefixes it must not name.
    not: &'static [&'static str],
    why: &'static str,
}

const RULES: &[Rule] = &[
    Rule {
        from: "model",
        not: &[
            "emit",
            "blueprint",
            "validate",
            "lower",
            "synth",
            "cli",
            "output",
        ],
        why: "the model is the format-neutral heart; everything else depends on it, not the reverse",
    },
    Rule {
        from: "emit",
        not: &[
            "services",
            "blueprint",
            "lower",
            "validate",
            "synth",
            "cli",
            "output",
        ],
        why: "emitters only project the model",
    },
    Rule {
        from: "blueprint",
        not: &[
            "lower", "model", "services", "emit", "synth", "validate", "cli", "output",
        ],
        why: "blueprint types mirror the YAML; lowering turns them into the model",
    },
    Rule {
        from: "lower",
        not: &["emit", "validate", "synth", "cli", "output"],
        why: "lowering builds the model; it does not render or judge outputs",
    },
    Rule {
        from: "services",
        not: &[
            "emit",
            "blueprint",
            "lower",
            "validate",
            "synth",
            "cli",
            "output",
        ],
        why: "a service fills the model with what it knows about itself",
    },
    Rule {
        from: "validate",
        not: &[
            "blueprint",
            "lower",
            "model",
            "services",
            "emit",
            "synth",
            "cli",
            "output",
        ],
        why: "validate judges documents whoever wrote them",
    },
    Rule {
        from: "java_regex",
        not: &[
            "blueprint",
            "lower",
            "model",
            "services",
            "emit",
            "validate",
            "synth",
            "cli",
            "output",
        ],
        why: "the Java-regex checker is a neutral leaf that lowering and validation both use",
    },
    Rule {
        from: "vtl",
        not: &[
            "blueprint",
            "lower",
            "model",
            "services",
            "emit",
            "validate",
            "synth",
            "cli",
            "output",
            "simulate",
        ],
        why: "the template engine knows API Gateway's template language, not the project's model",
    },
    Rule {
        from: "simulate",
        not: &[
            "blueprint",
            "lower",
            "services",
            "validate",
            "synth",
            "cli",
            "output",
        ],
        why: "simulate reads the lowered model, as the emitters do",
    },
    Rule {
        from: "load",
        not: &[
            "blueprint",
            "lower",
            "model",
            "services",
            "emit",
            "validate",
            "synth",
            "cli",
            "output",
            "source",
        ],
        why: "the loader is a neutral leaf that blueprints and validate both read with",
    },
    Rule {
        from: "import",
        not: &["cli", "output", "simulate"],
        why: "import reads documents and writes a blueprint's text; it lowers candidates through synth and compares them with diff, and never prints or writes files",
    },
    Rule {
        from: "diff",
        not: &["blueprint", "lower", "services", "cli", "output"],
        why: "diff reads documents, and blueprints only through synth, so every side is read as its template",
    },
];

/// Each emitter format may not import another format's emitter.
const FORMATS: [&str; 3] = ["emit::cloudformation", "emit::openapi", "emit::terraform"];

/// The module path of a file under `src/` (`emit/terraform/mod.rs` -> `emit::terraform`).
fn module_of(rel: &str) -> Vec<String> {
    let rel = rel.trim_end_matches(".rs");
    let mut parts: Vec<String> = rel.split('/').map(str::to_string).collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    parts
}

/// The library code of a file: comment lines and everything from the first `#[cfg(test)]` on
/// are left out (tests may build fixtures across areas).
fn library_code(text: &str) -> String {
    let mut out = String::new();
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("#[cfg(test)]") {
            break;
        }
        if t.starts_with("//") {
            continue;
        }
        out.push_str(line);
        out.push('\n');
    }
    out
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Reads a path starting at `at` (after `crate::` etc.) and pushes every full path it names,
/// expanding `{a, b::c}` groups.
fn expand(code: &[u8], mut at: usize, prefix: Vec<String>, out: &mut Vec<Vec<String>>) -> usize {
    let mut path = prefix;
    loop {
        while at < code.len() && code[at].is_ascii_whitespace() {
            at += 1;
        }
        if at < code.len() && code[at] == b'{' {
            at += 1;
            loop {
                while at < code.len() && (code[at].is_ascii_whitespace() || code[at] == b',') {
                    at += 1;
                }
                if at >= code.len() || code[at] == b'}' {
                    return at + 1;
                }
                at = expand(code, at, path.clone(), out);
            }
        }
        let start = at;
        while at < code.len() && is_ident(code[at]) {
            at += 1;
        }
        if start == at {
            out.push(path);
            return at;
        }
        path.push(String::from_utf8_lossy(&code[start..at]).into_owned());
        if code[at..].starts_with(b"::") {
            at += 2;
        } else {
            out.push(path);
            // skip `as name`
            return at;
        }
    }
}

/// Every module path named by `crate::`, `super::` or `self::` in `code`, resolved from the
/// module `here`.
fn imports(here: &[String], is_mod_file: bool, code: &str) -> Vec<Vec<String>> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &bytes[i..];
        let boundary = i == 0 || !is_ident(bytes[i - 1]) && bytes[i - 1] != b':';
        if !boundary {
            i += 1;
            continue;
        }
        let (mut base, mut at): (Vec<String>, usize) = if rest.starts_with(b"crate::") {
            (Vec::new(), i + 7)
        } else if rest.starts_with(b"super::") || rest.starts_with(b"self::") {
            // A `mod.rs` file is its module; any other file is a child of its folder's module.
            let mut b = here.to_vec();
            let mut at = i;
            if bytes[at..].starts_with(b"self::") {
                at += 6;
            } else {
                while bytes[at..].starts_with(b"super::") {
                    b.pop();
                    at += 7;
                }
            }
            let _ = is_mod_file;
            (b, at)
        } else {
            i += 1;
            continue;
        };
        while bytes[at..].starts_with(b"super::") {
            base.pop();
            at += 7;
        }
        let mut found = Vec::new();
        let end = expand(bytes, at, base, &mut found);
        out.extend(found);
        i = end.max(i + 1);
    }
    out
}

/// Every broken arrow in `files` (path under `src/`, text), as readable lines.
fn violations(files: &[(String, String)]) -> Vec<String> {
    let mut out = BTreeSet::new();
    for (rel, text) in files {
        let here = module_of(rel);
        let joined = here.join("::");
        let is_mod = rel.ends_with("mod.rs") || rel == "lib.rs";
        for target in imports(&here, is_mod, &library_code(text)) {
            let t = target.join("::");
            for rule in RULES {
                let inside = joined == rule.from || joined.starts_with(&format!("{}::", rule.from));
                if !inside {
                    continue;
                }
                for banned in rule.not {
                    if t == *banned || t.starts_with(&format!("{banned}::")) {
                        out.insert(format!("src/{rel}: imports `{t}` ({})", rule.why));
                    }
                }
            }
            for f in FORMATS {
                let mine = joined == f || joined.starts_with(&format!("{f}::"));
                if !mine {
                    continue;
                }
                for other in FORMATS.iter().filter(|o| **o != f) {
                    if t == *other || t.starts_with(&format!("{other}::")) {
                        out.insert(format!(
                            "src/{rel}: imports `{t}` (one format's emitter may not use another's)"
                        ));
                    }
                }
            }
            if t == "cli" || t.starts_with("cli::") {
                let in_cli = joined == "cli" || joined.starts_with("cli::") || joined == "main";
                if !in_cli {
                    out.insert(format!(
                        "src/{rel}: imports `{t}` (only the binary calls the command line)"
                    ));
                }
            }
        }
    }
    out.into_iter().collect()
}

fn sources(dir: &Path, root: &Path, out: &mut Vec<(String, String)>) {
    for entry in fs::read_dir(dir).unwrap() {
        let p = entry.unwrap().path();
        if p.is_dir() {
            sources(&p, root, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            let rel = p
                .strip_prefix(root)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            if rel.ends_with("/tests.rs") {
                continue;
            }
            out.push((rel, fs::read_to_string(&p).unwrap()));
        }
    }
}

#[test]
fn the_library_keeps_its_arrows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    assert!(files.len() > 50, "read only {} files", files.len());
    let v = violations(&files);
    assert!(v.is_empty(), "broken arrows:\n{}", v.join("\n"));
}

#[test]
fn the_library_never_prints() {
    // The crate denies clippy::print_stdout/print_stderr outside `cli`; this keeps that
    // attribute from being dropped quietly, and catches `dbg!` and direct writes too.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = fs::read_to_string(root.join("lib.rs")).unwrap();
    assert!(lib.contains("#![deny(clippy::print_stdout, clippy::print_stderr)]"));
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    let mut found = Vec::new();
    for (rel, text) in &files {
        if rel.starts_with("cli/") || rel == "main.rs" {
            continue;
        }
        for (n, line) in library_code(text).lines().enumerate() {
            for bad in [
                "dbg!(",
                "std::io::stdout(",
                "std::io::stderr(",
                "io::stdout(",
                "io::stderr(",
            ] {
                if line.contains(bad) {
                    found.push(format!("src/{rel}:{}: {}", n + 1, line.trim()));
                }
            }
        }
    }
    assert!(
        found.is_empty(),
        "the library writes to the terminal:\n{}",
        found.join("\n")
    );
}

/// The checker itself: wrong imports planted in made-up files are each caught, right ones not.
#[test]
fn planted_wrong_imports_are_caught() {
    let f = |p: &str, t: &str| (p.to_string(), t.to_string());
    let planted = vec![
        f("emit/terraform/access.rs", "use crate::services::s3;\n"),
        f(
            "emit/openapi/values.rs",
            "use crate::emit::cloudformation::refs;\n",
        ),
        f(
            "emit/cloudformation/owned.rs",
            "use super::super::terraform::refs;\n",
        ),
        f("model/api.rs", "use crate::{codes, emit::readme};\n"),
        f("model/owned.rs", "fn x() { crate::validate::check(); }\n"),
        f(
            "blueprint/route.rs",
            "use crate::{\n    model::HttpMethod,\n    suggest,\n};\n",
        ),
        f("lower/overrides.rs", "use crate::validate::lints::regex;\n"),
        f(
            "services/s3.rs",
            "pub(crate) use crate::blueprint::Route as R;\n",
        ),
        f("synth.rs", "use crate::cli::run;\n"),
        f("java_regex/parser.rs", "use crate::validate::Format;\n"),
        f("load/de.rs", "use crate::blueprint::Route;\n"),
    ];
    let v = violations(&planted);
    assert_eq!(v.len(), planted.len(), "caught:\n{}", v.join("\n"));
    let fine = vec![
        f(
            "emit/terraform/access.rs",
            "use super::refs;\nuse crate::model::{RestApi, Text};\n",
        ),
        f("emit/openapi/values.rs", "use crate::emit::common::x;\n"),
        f(
            "model/api.rs",
            "use super::iam::{self, Statement};\nuse crate::codes;\n",
        ),
        f(
            "lower/mod.rs",
            "use crate::{blueprint::Blueprint, model::RestApi};\n",
        ),
        f(
            "emit/readme.rs",
            "// use crate::services::s3;\nuse crate::model::RestApi;\n",
        ),
        f(
            "model/text.rs",
            "#[cfg(test)]\nmod tests { use crate::emit::cloudformation; }\n",
        ),
        f("lower/overrides.rs", "use crate::java_regex::check;\n"),
        f(
            "validate/document/mod.rs",
            "use crate::load::{self, Loaded};\n",
        ),
        f(
            "lower/operation.rs",
            "use crate::{blueprint::Route, services::catalog};\n",
        ),
        f("validate/lints/regex.rs", "use crate::java_regex::check;\n"),
    ];
    let v = violations(&fine);
    assert!(v.is_empty(), "wrongly caught:\n{}", v.join("\n"));
}
