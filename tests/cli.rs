//! The `gatewright` command as a user runs it: synth, check, schema, exit codes, located
//! diagnostics, and a failed run that leaves the output folder as it was.

mod common;

use common::cli::{gw, root, stderr};

use std::path::{Path, PathBuf};
use std::process::Command;

/// A scratch folder with a copy of the bundled blueprints.
fn workspace(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("gatewright-cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(dir.join("blueprints")).unwrap();
    for e in std::fs::read_dir(root().join("blueprints")).unwrap() {
        let p = e.unwrap().path();
        std::fs::copy(&p, dir.join("blueprints").join(p.file_name().unwrap())).unwrap();
    }
    dir
}

fn read_tree(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.push((
                    p.strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(&p).unwrap(),
                ));
            }
        }
    }
    out.sort();
    out
}

#[test]
fn synth_writes_every_format_and_is_byte_identical_across_runs() {
    let ws = workspace("synth");
    let o = gw(&ws, &["synth"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let files: Vec<String> = read_tree(&ws.join("out/s3-proxy"))
        .into_iter()
        .map(|(n, _)| n)
        .collect();
    for f in [
        "cloudformation.json",
        "cloudformation.yaml",
        "openapi.json",
        "swagger.json",
        "main.tf.json",
    ] {
        assert!(files.contains(&f.to_string()), "missing {f}: {files:?}");
    }
    let first = read_tree(&ws.join("out"));
    let o = gw(&ws, &["synth", "blueprints", "--out", "out"]);
    assert!(o.status.success());
    assert_eq!(
        read_tree(&ws.join("out")),
        first,
        "a second run changed the output"
    );
    for (name, bytes) in &first {
        if name.ends_with(".json") {
            let text = String::from_utf8(bytes.clone()).unwrap();
            assert!(
                text.ends_with("}\n") && text.contains("\n  \""),
                "{name}: two-space JSON with a trailing newline"
            );
        }
    }
}

/// Synthesizing unchanged blueprints again writes nothing (modification times are kept);
/// a touched file, a missing file and a stray file each get their folder rewritten.
#[test]
fn synth_leaves_folders_already_in_sync_alone() {
    let ws = workspace("unchanged");
    assert!(gw(&ws, &["synth"]).status.success());
    let out = ws.join("out");
    let first = read_tree(&out);
    let mtime = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let kept = out.join("sqs-send/openapi.json");
    let before = mtime(&kept);
    std::thread::sleep(std::time::Duration::from_millis(20));
    let o = gw(&ws, &["synth"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(!err.contains("wrote "), "{err}");
    assert!(err.contains("unchanged out/sqs-send"), "{err}");
    assert_eq!(mtime(&kept), before, "an unchanged file was rewritten");
    assert_eq!(read_tree(&out), first);

    let touched = out.join("s3-proxy/swagger.json");
    let text = std::fs::read_to_string(&touched).unwrap();
    std::fs::write(&touched, &text[..text.len() / 2]).unwrap();
    std::fs::remove_file(out.join("sns-publish/main.tf.json")).unwrap();
    std::fs::write(out.join("sqs-send/notes.txt"), "mine").unwrap();
    let o = gw(&ws, &["synth"]);
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    for stem in ["s3-proxy", "sns-publish", "sqs-send"] {
        assert!(
            err.contains(&format!("wrote out/{stem}\n")),
            "{stem}: {err}"
        );
    }
    assert_eq!(err.matches("wrote ").count(), 3, "{err}");
    assert_eq!(read_tree(&out), first, "the folders are as generated again");
    assert_eq!(
        mtime(&kept),
        before,
        "the unchanged files of a rewritten folder are kept"
    );
    let o = gw(&ws, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn synth_accepts_a_single_file() {
    let ws = workspace("single");
    let o = gw(
        &ws,
        &["synth", "blueprints/s3-proxy.yaml", "--out", "build"],
    );
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(ws.join("build/s3-proxy/main.tf.json").is_file());
}

#[test]
fn check_passes_in_sync_and_fails_on_a_touched_file() {
    let ws = workspace("check");
    assert!(gw(&ws, &["synth"]).status.success());
    let o = gw(&ws, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let f = ws.join("out/s3-proxy/openapi.json");
    let mut text = std::fs::read_to_string(&f).unwrap();
    text.push(' ');
    std::fs::write(&f, text).unwrap();
    let o = gw(&ws, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("error[GW0302]") && err.contains("openapi.json"),
        "{err}"
    );
    std::fs::remove_file(ws.join("out/s3-proxy/swagger.json")).unwrap();
    let err = stderr(&gw(&ws, &["check"]));
    assert!(err.contains("swagger.json is missing"), "{err}");
}

#[test]
fn committed_out_passes_check() {
    let o = gw(&root(), &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_bad_blueprint_gets_a_located_diagnostic_and_nothing_is_written() {
    let ws = workspace("bad");
    assert!(gw(&ws, &["synth"]).status.success());
    let before = read_tree(&ws.join("out"));
    std::fs::write(
        ws.join("blueprints/zz-broken.yaml"),
        "api: Broken\nroutes:\n  PUT /{folder}/{item}:\n    s3.put_objcet: { bucket: \"{folder}\", key: \"{item}\" }\n",
    )
    .unwrap();
    // The good blueprint changes too: a failed run must not write it either.
    let bp = ws.join("blueprints/s3-proxy.yaml");
    let text = std::fs::read_to_string(&bp)
        .unwrap()
        .replace("stage: dev", "stage: prod");
    std::fs::write(&bp, text).unwrap();
    let o = gw(&ws, &["synth"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("blueprints/zz-broken.yaml:4:5: error[GW0204]: routes.PUT /{folder}/{item}: unknown operation `s3.put_objcet`, did you mean `s3.put_object`?"),
        "{err}"
    );
    assert!(
        err.contains("4 |     s3.put_objcet"),
        "caret snippet: {err}"
    );
    assert!(err.contains("help:"), "{err}");
    assert_eq!(
        read_tree(&ws.join("out")),
        before,
        "a failed synth changed out/"
    );
}

/// `gatewright <args>` in `dir` on `threads` threads.
fn gw_threads(dir: &Path, threads: &str, args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_gatewright"))
        .current_dir(dir)
        .env("GATEWRIGHT_THREADS", threads)
        .args(args)
        .output()
        .unwrap()
}

/// Blueprints are synthesized side by side: the files and every diagnostic, in order, are the
/// same on one thread as on several, and a failed blueprint among them still writes nothing.
#[test]
fn several_threads_write_and_report_what_one_thread_does() {
    let ws = workspace("threads");
    let one = gw_threads(&ws, "1", &["synth", "--out", "t-single"]);
    let four = gw_threads(&ws, "4", &["synth", "--out", "t-many"]);
    assert!(
        one.status.success() && four.status.success(),
        "{}",
        stderr(&four)
    );
    assert_eq!(
        read_tree(&ws.join("t-single")),
        read_tree(&ws.join("t-many"))
    );
    let shown = |o: &std::process::Output, out: &str| stderr(o).replace(out, "T-OUT");
    assert_eq!(shown(&one, "t-single"), shown(&four, "t-many"));
    assert!(
        stderr(&one).contains("warning["),
        "the bundle warns: {}",
        stderr(&one)
    );
    std::fs::write(
        ws.join("blueprints/m-broken.yaml"),
        "api: Broken\nroutes:\n  GET /x:\n    s3.get_objcet: { bucket: b, key: k }\n",
    )
    .unwrap();
    let before = read_tree(&ws.join("t-many"));
    let one = gw_threads(&ws, "1", &["synth", "--out", "t-single"]);
    let four = gw_threads(&ws, "4", &["synth", "--out", "t-many"]);
    assert_eq!(four.status.code(), Some(1));
    assert_eq!(shown(&one, "t-single"), shown(&four, "t-many"));
    assert!(stderr(&four).contains("error[GW0204]"), "{}", stderr(&four));
    assert_eq!(
        read_tree(&ws.join("t-many")),
        before,
        "a failed synth changed the output"
    );
}

#[test]
fn every_misspelt_key_of_a_blueprint_is_reported_in_one_run() {
    let ws = workspace("typos");
    std::fs::write(
        ws.join("blueprints/s3-proxy.yaml"),
        "api: X\nstge: dev\nendpoint: regionl\nroutes:\n  GET /{f}:\n    s3.list_objects: { bucket: \"{f}\", buckit: x }\n    timout_ms: 100\n",
    )
    .unwrap();
    let o = gw(&ws, &["synth"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for want in [
        "blueprints/s3-proxy.yaml:2:1: error[GW0102]: unknown field `stge`, did you mean `stage`?",
        "blueprints/s3-proxy.yaml:3:11: error[GW0102]: endpoint: unknown variant `regionl`",
        "did you mean `regional`?",
        "blueprints/s3-proxy.yaml:6:39: error[GW0102]: routes.GET /{f}.s3.list_objects: unknown field `buckit`, did you mean `bucket`?",
        "blueprints/s3-proxy.yaml:7:5: error[GW0102]: routes.GET /{f}: unknown route key `timout_ms`, did you mean `timeout_ms`?",
    ] {
        assert!(err.contains(want), "lacks `{want}`:\n{err}");
    }
    assert_eq!(err.matches("error[GW0102]").count(), 4, "{err}");
    assert!(!ws.join("out").exists(), "nothing written");
}

#[test]
fn semantic_errors_point_at_the_argument() {
    let ws = workspace("semantic");
    std::fs::write(
        ws.join("blueprints/s3-proxy.yaml"),
        "api: X\nroutes:\n  GET /{folder}:\n    s3.list_objects:\n      bucket: \"{fodler}\"\n",
    )
    .unwrap();
    let o = gw(&ws, &["synth"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    assert!(
        err.contains("blueprints/s3-proxy.yaml:5:7: error[GW0205]"),
        "{err}"
    );
    assert!(
        err.contains("{folder}"),
        "help names the route's parameters: {err}"
    );
    assert!(!ws.join("out").exists(), "nothing written");
}

#[test]
fn usage_errors_exit_2_and_help_has_examples() {
    let o = gw(&root(), &["synth", "--no-such-flag"]);
    assert_eq!(o.status.code(), Some(2));
    let o = gw(&root(), &["--help"]);
    assert!(o.status.success());
    let help = String::from_utf8_lossy(&o.stdout);
    assert!(
        help.contains("Examples:") && help.contains("gatewright synth"),
        "{help}"
    );
    let o = gw(&root(), &["synth", "no/such/blueprint.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("does not exist"));
}

#[test]
fn schema_prints_the_committed_schema() {
    let o = gw(&root(), &["schema"]);
    assert!(o.status.success());
    let committed = std::fs::read(root().join("schemas/blueprint.schema.json")).unwrap();
    assert_eq!(o.stdout, committed);
}

#[test]
fn every_blueprint_mistake_is_reported_in_one_run_in_source_order() {
    let dir = std::env::temp_dir().join(format!("gatewright-cli-many-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    // Independent mistakes in the settings, the usage plan, owned resources, three routes and
    // their overrides; none may hide another.
    std::fs::write(
        dir.join("orders.yaml"),
        r#"api: Orders
stage: "no spaces"
usage_plan:
  api_keys: [partner]
  quota: { limit: 1000, period: month }
owns:
  topics:
    alerts: { subscribers: [audti] }
  queues:
    audit: {}
    jobs: { visibility_timeout: 99999 }
routes:
  POST /orders:
    sqs.send_message: { queue: jbos }
  GET /orders/{id}:
    s3.get_object: { bucket: orders-bucket, key: "{id}" }
    timeout_ms: 10
    passthrough: when_no_matc
  GET /status:
    s3.list_buckets: {}
    method_responses: [{ status: 200, models: { application/json: Missing } }]
"#,
    )
    .unwrap();
    let o = gw(&dir, &["synth", "orders.yaml", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let errors: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("orders.yaml:"))
        .collect();
    let want = [
        "orders.yaml:2:1: error[GW0209]: stage name `no spaces` is not valid",
        "orders.yaml:5:25: error[GW0209]: quota period `month` is not DAY, WEEK or MONTH",
        "orders.yaml:8:15: error[GW0209]: topic `alerts` subscribes queue `audti`",
        "orders.yaml:11:13: error[GW0209]: queue `jobs`: visibility_timeout is over 43200 s",
        "orders.yaml:14:5: error[GW0206]: `POST /orders` uses the queue `jbos`",
        "orders.yaml:17:5: error[GW0209]: timeout_ms 10 is outside 50..29000",
        "orders.yaml:18:5: error[GW0209]: unknown passthrough `when_no_matc`",
        "orders.yaml:21:5: error[GW0209]: `GET /status` describes its 200 `application/json` response with model `Missing`",
    ];
    assert_eq!(errors.len(), want.len(), "{err}");
    for (got, want) in errors.iter().zip(want) {
        assert!(got.starts_with(want), "want `{want}`, got `{got}`\n{err}");
    }
    for hint in [
        "did you mean `MONTH`?",
        "did you mean `audit`?",
        "did you mean `jobs`?",
        "did you mean `when_no_match`?",
    ] {
        assert!(err.contains(hint), "{hint}: {err}");
    }
    assert_eq!(err.matches("  help: ").count(), want.len(), "{err}");
    assert!(!dir.join("out").exists(), "nothing written");
}

#[test]
fn wrong_operation_arguments_of_every_route_are_reported_in_one_run() {
    // Operation arguments are read by lowering, route by route, so a wrong type in one route's
    // arguments no longer hides the next one's (nor the routes' semantic errors).
    let dir = std::env::temp_dir().join(format!("gatewright-cli-args-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("args.yaml"),
        r#"api: Args
routes:
  GET /{folder}:
    s3.list_objects: { bucket: [1, 2] }
  PUT /{folder}/{item}:
    s3.put_object: { bucket: "{folder}", key: { a: 1 } }
  POST /x:
    sns.publish: { topic: alerts }
  GET /none:
    summary: calls nothing
"#,
    )
    .unwrap();
    let o = gw(&dir, &["synth", "args.yaml", "--out", "out"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    let errors: Vec<&str> = err
        .lines()
        .filter(|l| l.starts_with("args.yaml:"))
        .collect();
    let want = [
        "args.yaml:4:32: error[GW0102]: routes.GET /{folder}.s3.list_objects.bucket: invalid type: sequence, expected a string",
        "args.yaml:6:47: error[GW0102]: routes.PUT /{folder}/{item}.s3.put_object.key: invalid type: map, expected a string",
        "args.yaml:8:5: error[GW0206]: `POST /x` uses the topic `alerts`",
        "args.yaml:9:3: error[GW0204]: route `GET /none` names no operation",
    ];
    assert_eq!(errors.len(), want.len(), "{err}");
    for (got, want) in errors.iter().zip(want) {
        assert!(got.starts_with(want), "want `{want}`, got `{got}`\n{err}");
    }
    assert!(!dir.join("out").exists(), "nothing written");
    let _ = std::fs::remove_dir_all(&dir);
}

/// The id of a process that has ended (a staging folder named after it is stale).
fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().unwrap();
    let pid = child.id();
    child.wait().unwrap();
    pid
}

#[test]
fn check_reports_output_folders_no_blueprint_produces() {
    let ws = workspace("orphans");
    assert!(gw(&ws, &["synth"]).status.success());
    std::fs::remove_file(ws.join("blueprints/generic-aws.yaml")).unwrap();
    let o = gw(&ws, &["check"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("error[GW0902]")
            && err.contains("out/generic-aws is not produced by any blueprint")
            && err.contains("restore `generic-aws.yaml`"),
        "{err}"
    );
    assert_eq!(err.matches("GW0902").count(), 1, "{err}");
    // A check of named files compares only their folders.
    let o = gw(&ws, &["check", "blueprints/s3-proxy.yaml"]);
    assert!(o.status.success(), "{}", stderr(&o));
    std::fs::remove_dir_all(ws.join("out/generic-aws")).unwrap();
    let o = gw(&ws, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn synth_cleans_staging_folders_a_killed_run_left() {
    let ws = workspace("staging");
    assert!(gw(&ws, &["synth"]).status.success());
    let out = ws.join("out");
    let dead = dead_pid();
    // Killed while writing the new folder of s3-proxy: a half-written staging folder.
    let tmp = out.join(format!(".s3-proxy.tmp-{dead}"));
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("cloudformation.json"), "{\"Resou").unwrap();
    // Killed between the two renames of sqs-send: the old folder aside, none in place.
    let old = out.join(format!(".sqs-send.old-{dead}"));
    std::fs::rename(out.join("sqs-send"), &old).unwrap();
    // A running synth's staging folder (this test process stands in for it) is not touched.
    let live = out.join(format!(".sns-publish.tmp-{}", std::process::id()));
    std::fs::create_dir_all(&live).unwrap();

    let o = gw(&ws, &["check"]);
    assert_eq!(o.status.code(), Some(1));
    let err = stderr(&o);
    for name in [
        format!(".s3-proxy.tmp-{dead} is a staging folder"),
        format!(".sqs-send.old-{dead} is a staging folder"),
        "sqs-send/README.md is missing".to_string(),
    ] {
        assert!(err.contains(&name), "{name} not in {err}");
    }
    assert!(!err.contains(".sns-publish.tmp-"), "{err}");

    let o = gw(&ws, &["synth"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(!tmp.exists() && !old.exists());
    assert!(live.is_dir(), "a live run's staging folder was removed");
    let mut left: Vec<String> = std::fs::read_dir(&out)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    left.sort();
    assert_eq!(
        left,
        vec![format!(".sns-publish.tmp-{}", std::process::id())]
    );
    std::fs::remove_dir_all(&live).unwrap();
    let o = gw(&ws, &["check"]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn a_failed_synth_puts_back_the_folder_a_killed_run_moved_aside() {
    let ws = workspace("restore");
    assert!(gw(&ws, &["synth"]).status.success());
    let out = ws.join("out");
    let before = read_tree(&out.join("sqs-send"));
    let old = out.join(format!(".sqs-send.old-{}", dead_pid()));
    std::fs::rename(out.join("sqs-send"), &old).unwrap();
    std::fs::write(ws.join("blueprints/zz-broken.yaml"), "api: [\n").unwrap();
    // Synth refuses the broken blueprint and writes nothing, so the killed run's
    // leftovers stay for the next run that writes.
    assert_eq!(gw(&ws, &["synth"]).status.code(), Some(1));
    assert!(old.is_dir());
    std::fs::remove_file(ws.join("blueprints/zz-broken.yaml")).unwrap();
    assert!(
        gw(&ws, &["synth", "blueprints/s3-proxy.yaml"])
            .status
            .success()
    );
    assert!(!old.exists());
    assert_eq!(
        read_tree(&out.join("sqs-send")),
        before,
        "restored as it was"
    );
}
