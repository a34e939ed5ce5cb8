//! Loader tests: positions of keys and values in every style, escapes, JSON, and limits.

use super::*;
use serde_json::json;

fn opts(tags: Tags) -> Options {
    Options {
        tags,
        max_nodes: 10_000,
        max_text_bytes: 100_000,
        max_depth: 128,
        scalars: crate::load::Scalars::Core,
    }
}

/// Line and column of the key (or, for an element, the value) at `pointer`.
fn at(l: &Loaded, pointer: &str) -> (usize, usize) {
    let id = l
        .spans
        .find(pointer)
        .unwrap_or_else(|| panic!("no node at {pointer}"));
    let s = l.spans.place(id);
    (s.line, s.column)
}

/// Line and column of the value at `pointer`.
fn value_at(l: &Loaded, pointer: &str) -> (usize, usize) {
    let s = l.spans.node(l.spans.find(pointer).unwrap()).value;
    (s.line, s.column)
}

#[test]
fn block_and_flow_keys_and_values() {
    let text = "a: 1\nb:\n  - x\n  - {k: v, \"q\": [1, 2]}\n  - - n\nc: |\n  lit\n  two\nd: plain\n  folded\n";
    let l = yaml(text, &opts(Tags::Refuse)).unwrap();
    assert_eq!(
        l.value,
        json!({"a": 1, "b": ["x", {"k": "v", "q": [1, 2]}, ["n"]], "c": "lit\ntwo\n", "d": "plain folded"})
    );
    assert_eq!(at(&l, "/a"), (1, 1));
    assert_eq!(value_at(&l, "/a"), (1, 4));
    assert_eq!(at(&l, "/b"), (2, 1));
    assert_eq!(at(&l, "/b/0"), (3, 5));
    assert_eq!(at(&l, "/b/1"), (4, 5));
    assert_eq!(at(&l, "/b/1/k"), (4, 6));
    assert_eq!(value_at(&l, "/b/1/k"), (4, 9));
    assert_eq!(
        at(&l, "/b/1/q"),
        (4, 12),
        "a quoted key starts at its quote"
    );
    assert_eq!(at(&l, "/b/1/q/1"), (4, 21));
    assert_eq!(at(&l, "/b/2/0"), (5, 7));
    assert_eq!(at(&l, "/c"), (6, 1));
    assert_eq!(at(&l, "/d"), (9, 1));
    assert_eq!(value_at(&l, "/d"), (9, 4));
    assert_eq!(l.spans.find("/b/3"), None);
    assert_eq!(l.spans.find("/b/01"), None);
    let (id, all) = l.spans.nearest("/b/1/nope/deeper").unwrap();
    assert!(!all);
    assert_eq!(l.spans.place(id).line, 4);
    // Byte offsets cut the plain scalar's text out of the source.
    let s = l.spans.node(l.spans.find("/a").unwrap()).value;
    assert_eq!(&text[s.offset..s.end], "1");
}

#[test]
fn escaped_pointers_and_odd_keys() {
    let text = "'a/b': 1\n\"c~d\": 2\n200: ok\n? e\n: 3\n\"\u{e9}\u{20ac}\": {x: 4}\n";
    let l = yaml(text, &opts(Tags::Refuse)).unwrap();
    assert_eq!(at(&l, "/a~1b"), (1, 1));
    assert_eq!(at(&l, "/c~0d"), (2, 1));
    assert_eq!(at(&l, "/200"), (3, 1));
    assert_eq!(l.value["200"], json!("ok"));
    assert_eq!(at(&l, "/e"), (4, 3));
    assert_eq!(
        at(&l, "/\u{e9}\u{20ac}/x"),
        (6, 8),
        "columns count characters"
    );
    let s = l
        .spans
        .node(l.spans.find("/\u{e9}\u{20ac}/x").unwrap())
        .value;
    assert_eq!(&text[s.offset..s.end], "4", "offsets count bytes");
}

#[test]
fn json_is_judged_strictly_and_positioned() {
    let text = "{\n  \"a\": {\"b\": [1, 2.5, \"x\"]},\n  \"c/d\": null\n}\n";
    let l = json(text).unwrap();
    assert_eq!(l.value, json!({"a": {"b": [1, 2.5, "x"]}, "c/d": null}));
    assert_eq!(at(&l, "/a"), (2, 3));
    assert_eq!(at(&l, "/a/b"), (2, 9));
    assert_eq!(at(&l, "/a/b/2"), (2, 23));
    assert_eq!(at(&l, "/c~1d"), (3, 3));
    let e = json("{\"a\": [1, 2,]}").unwrap_err();
    assert!(
        matches!(e.kind, ErrorKind::Json(ref m) if m.contains("trailing comma")),
        "{e:?}"
    );
    assert_eq!((e.at.line, e.at.column), (1, 13));
    let e = json("{\"a\": 1,\n \"a\": 2}").unwrap_err();
    assert_eq!(e.kind, ErrorKind::Duplicate("a".into()));
    assert_eq!((e.at.line, e.at.column), (2, 2));
    let deep = format!("{}{}", "[".repeat(200), "]".repeat(200));
    assert_eq!(json(&deep).unwrap_err().kind, ErrorKind::Depth);
}

#[test]
fn refusals_are_located() {
    let o = opts(Tags::Refuse);
    let e = yaml("a: 1\nb:\n  c: 1\n  c: 2\n", &o).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Duplicate("c".into()));
    assert_eq!((e.at.line, e.at.column, e.pointer.as_str()), (4, 3, "/b"));
    let e = yaml("a: !Ref x\n", &o).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Tag("!Ref".into()));
    assert_eq!((e.at.line, e.at.column), (1, 4));
    assert_eq!(yaml("a: !!str 12\n", &o).unwrap().value, json!({"a": "12"}));
    let e = yaml("? [a]\n: 1\n", &o).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ComplexKey(Kind::Sequence));
    let e = yaml("a: 1\n---\nb: 2\n", &o).unwrap_err();
    assert_eq!(e.kind, ErrorKind::MultipleDocuments);
    assert_eq!((e.at.line, e.at.column), (2, 1));
    let e = yaml("a: b\u{7}\n", &o).unwrap_err();
    assert_eq!(e.kind, ErrorKind::ControlCharacter);
    assert_eq!((e.at.line, e.at.column), (1, 5));
    let e = yaml("a:\n\tb: 1\n", &o).unwrap_err();
    assert!(matches!(e.kind, ErrorKind::Syntax(_)));
    assert_eq!((e.at.line, e.at.column), (2, 1), "at the tab itself");
    let deep: String = (0..200).map(|i| format!("{}k:\n", " ".repeat(i))).collect();
    assert_eq!(yaml(&deep, &o).unwrap_err().kind, ErrorKind::Depth);
}

#[test]
fn aliases_count_against_the_budgets() {
    let o = opts(Tags::Refuse);
    let l = yaml("a: &x {k: [1, 2]}\nb: *x\n", &o).unwrap();
    assert_eq!(l.value["b"], json!({"k": [1, 2]}));
    assert_eq!(at(&l, "/b"), (2, 1));
    assert_eq!(
        at(&l, "/b/k/1"),
        (1, 15),
        "inside an alias: the anchor's text"
    );
    let mut bomb = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
    for (i, name) in "bcdefghij".chars().enumerate() {
        let prev = "abcdefghij".chars().nth(i).unwrap();
        bomb.push_str(&format!(
            "{name}: &{name} [{}]\n",
            vec![format!("*{prev}"); 10].join(", ")
        ));
    }
    let e = yaml(&bomb, &o).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Nodes { alias: true });
    let text = format!(
        "a: &a \"{}\"\nb: [{}]\n",
        "x".repeat(10_000),
        vec!["*a"; 20].join(",")
    );
    assert_eq!(yaml(&text, &o).unwrap_err().kind, ErrorKind::TextBytes);
}

#[test]
fn scalars_follow_the_rules_asked_for_and_reuse_is_recorded() {
    let text = "a: yes\nb: &x 017\nc: *x\nd: 0o17\n";
    let core = yaml(text, &opts(Tags::CloudFormation)).unwrap();
    assert_eq!(
        core.value,
        serde_json::json!({"a": "yes", "b": 17, "c": 17, "d": 15})
    );
    let o = Options {
        scalars: crate::load::Scalars::Yaml11,
        ..opts(Tags::CloudFormation)
    };
    let cfn = yaml(text, &o).unwrap();
    assert_eq!(
        cfn.value,
        serde_json::json!({"a": true, "b": 15, "c": 15, "d": "0o17"})
    );
    let reuse: Vec<(usize, bool)> = cfn
        .reuse
        .iter()
        .map(|(s, alias)| (s.line, *alias))
        .collect();
    assert_eq!(reuse, [(2, false), (3, true)]);
    assert!(json("{\"a\": 1}").unwrap().reuse.is_empty());
}

#[test]
fn byte_order_mark_counts_on_the_first_line() {
    let l = yaml("\u{feff}a: 1\nb: 2\n", &opts(Tags::Refuse)).unwrap();
    assert_eq!(at(&l, "/a"), (1, 2));
    assert_eq!(at(&l, "/b"), (2, 1));
    let s = l.spans.node(l.spans.find("/a").unwrap()).value;
    assert_eq!(s.offset, 6);
}

#[test]
fn cloudformation_short_forms() {
    let text = "A: !GetAtt Role.Arn\nB: !Sub\n  - x\n  - {}\nC: !Ref 5\n";
    let l = yaml(text, &opts(Tags::CloudFormation)).unwrap();
    assert_eq!(
        l.value,
        json!({"A": {"Fn::GetAtt": ["Role", "Arn"]}, "B": {"Fn::Sub": ["x", {}]}, "C": {"Ref": "5"}})
    );
    assert_eq!(at(&l, "/A/Fn::GetAtt"), (1, 4));
    assert_eq!(at(&l, "/A/Fn::GetAtt/1"), (1, 12));
    assert_eq!(at(&l, "/B/Fn::Sub/1"), (4, 5));
    let e = yaml("A: !Reff x\n", &opts(Tags::CloudFormation)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Tag("!Reff".into()));
    let e = yaml("A: !GetAtt nodot\n", &opts(Tags::CloudFormation)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::GetAttShape("nodot".into()));
}

/// Every JSON pointer of every file in `out/` resolves to a span whose text starts the key
/// (object members) or the value (array elements), and YAML and JSON twins load to one value.
#[test]
fn every_pointer_of_every_output_points_at_its_text() {
    let out = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("out");
    let mut files = 0;
    let mut pointers = 0;
    for dir in std::fs::read_dir(&out).unwrap().flatten() {
        for file in std::fs::read_dir(dir.path()).unwrap().flatten() {
            let path = file.path();
            let name = path.display().to_string();
            let text = std::fs::read_to_string(&path).unwrap();
            let loaded = if name.ends_with(".json") {
                json(&text).unwrap()
            } else if name.ends_with(".yaml") {
                let o = Options {
                    max_nodes: usize::MAX,
                    max_text_bytes: usize::MAX,
                    ..opts(Tags::CloudFormation)
                };
                let l = yaml(&text, &o).unwrap();
                let twin =
                    json(&std::fs::read_to_string(path.with_extension("json")).unwrap()).unwrap();
                assert_eq!(l.value, twin.value, "{name}");
                l
            } else {
                continue;
            };
            files += 1;
            pointers += check_pointers(&name, &text, &loaded);
        }
    }
    assert!(files >= 40, "only {files} files");
    assert!(pointers > 10_000, "only {pointers} pointers");
}

fn check_pointers(name: &str, text: &str, l: &Loaded) -> usize {
    let mut stack = vec![(String::new(), &l.value)];
    let lines = text::Lines::of(text);
    let mut n = 0;
    while let Some((ptr, v)) = stack.pop() {
        let kids: Vec<(String, &serde_json::Value, Option<&String>)> = match v {
            serde_json::Value::Object(m) => m
                .iter()
                .map(|(k, c)| (format!("{ptr}/{}", escape(k)), c, Some(k)))
                .collect(),
            serde_json::Value::Array(a) => a
                .iter()
                .enumerate()
                .map(|(i, c)| (format!("{ptr}/{i}"), c, None))
                .collect(),
            _ => Vec::new(),
        };
        for (p, child, key) in kids {
            let id = l
                .spans
                .find(&p)
                .unwrap_or_else(|| panic!("{name}: no span for {p}"));
            let span = l.spans.place(id);
            let shown = &text[span.offset..];
            let (line, column) = lines.line_col(text, span.offset);
            assert_eq!((line, column), (span.line, span.column), "{name}: {p}");
            match key {
                Some(k) => {
                    let tag = SHORT_FORMS
                        .iter()
                        .any(|(s, long)| long == k && shown.starts_with(&format!("!{s}")));
                    assert!(
                        shown.starts_with(k.as_str())
                            || shown.starts_with(&format!("'{k}'"))
                            || shown.starts_with(&serde_json::to_string(k).unwrap())
                            || tag,
                        "{name}: {p} points at `{}`",
                        &shown[..shown.len().min(40)]
                    );
                }
                None => {
                    let first = shown.chars().next().unwrap_or(' ');
                    assert!(
                        !first.is_whitespace() && first != ',',
                        "{name}: {p} points at `{}`",
                        &shown[..shown.len().min(40)]
                    );
                }
            }
            n += 1;
            stack.push((p, child));
        }
    }
    n
}
