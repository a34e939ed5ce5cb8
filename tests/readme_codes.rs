//! The README's table of diagnostic codes is exactly `gatewright codes --markdown`, and every
//! code in the table is reported somewhere in the library (no documented code that never
//! appears, no code written outside the table).

use std::fs;
use std::path::Path;

#[test]
fn readme_table_is_generated_from_the_code_table() {
    let readme =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    let start = readme
        .find("<!-- codes:begin -->\n")
        .expect("README has <!-- codes:begin -->");
    let end = readme
        .find("<!-- codes:end -->")
        .expect("README has <!-- codes:end -->");
    let table = &readme[start + "<!-- codes:begin -->\n".len()..end];
    assert_eq!(
        table,
        gatewright::codes::markdown(),
        "regenerate the README's table with `gatewright codes --markdown`"
    );
}

fn library_sources(dir: &Path, out: &mut String) {
    for e in fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            library_sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("codes.rs") {
            let text = fs::read_to_string(&p).unwrap();
            // Only library code: tests may name codes as strings.
            let lib = text.split("#[cfg(test)]").next().unwrap_or("");
            out.push_str(lib);
        }
    }
}

#[test]
fn every_code_is_reported_and_defined_once() {
    let mut src = String::new();
    library_sources(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"), &mut src);
    let codes_rs =
        fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/codes.rs")).unwrap();
    let mut unused = Vec::new();
    for line in codes_rs.lines() {
        let t = line.trim();
        let Some((name, rest)) = t.split_once(" = \"") else {
            continue;
        };
        if !name
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_')
        {
            continue;
        }
        let id = &rest[..rest.find('"').unwrap()];
        // Named anywhere outside codes.rs: as `codes::NAME`, or re-exported and used.
        let ident = |b: u8| b.is_ascii_alphanumeric() || b == b'_';
        let used = src.match_indices(name).any(|(i, _)| {
            let before = i.checked_sub(1).map(|j| src.as_bytes()[j]);
            let after = src.as_bytes().get(i + name.len()).copied();
            !before.is_some_and(ident) && !after.is_some_and(ident)
        });
        if !used {
            unused.push(format!("{id} ({name})"));
        }
    }
    assert!(
        unused.is_empty(),
        "codes in the table that nothing reports: {unused:?}"
    );
    let literals: Vec<&str> = ["\"GW0", "\"TF0"]
        .iter()
        .flat_map(|p| src.match_indices(p))
        .map(|(i, _)| &src[i..(i + 8).min(src.len())])
        .collect();
    assert!(
        literals.is_empty(),
        "codes written as string literals outside src/codes.rs: {literals:?}"
    );
}
