//! Round trips: every bundled blueprint's `openapi.json` and `swagger.json`, imported and
//! synthesized again, compared with the original by `diff`'s engine (routes, integrations,
//! mappings, templates, responses, auth, grants, settings, resources). Each difference must be
//! listed below with its reason, and the import must have reported it; with `--base` (the
//! original blueprint supplying what OpenAPI cannot carry), the routes and grants are equal.

use gatewright::diff::{self, Report};
use gatewright::import::{self, Options};
use gatewright::source::Source;
use std::path::Path;

/// Every difference of the report, one line each.
fn lines(r: &Report) -> Vec<String> {
    let mut out = Vec::new();
    out.extend(r.routes_added.iter().map(|k| format!("route-added {k}")));
    out.extend(
        r.routes_removed
            .iter()
            .map(|k| format!("route-removed {k}")),
    );
    for c in &r.routes_changed {
        for a in &c.changes {
            out.push(format!("route-changed {} {}", c.route, a.field));
        }
    }
    out.extend(r.iam_widened.iter().map(|g| format!("iam-widened {g}")));
    out.extend(r.iam_narrowed.iter().map(|g| format!("iam-narrowed {g}")));
    out.extend(
        r.settings_changed
            .iter()
            .map(|c| format!("setting {}", c.key)),
    );
    out.extend(
        r.resources_added
            .iter()
            .map(|k| format!("resource-added {k}")),
    );
    out.extend(
        r.resources_removed
            .iter()
            .map(|k| format!("resource-removed {k}")),
    );
    out.extend(
        r.resources_changed
            .iter()
            .map(|c| format!("resource-changed {}", c.key)),
    );
    out
}

/// Imports `out/<stem>/<doc>`, synthesizes the result into a temporary folder, and returns the
/// differences of its CloudFormation template from the original's, and the import's findings.
fn round_trip(stem: &str, doc: &str, base: bool) -> (Vec<String>, Vec<String>) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("out").join(stem).join(doc);
    let bytes = std::fs::read(&path).unwrap();
    let opts = Options {
        base: base.then(|| {
            let text =
                std::fs::read_to_string(root.join("blueprints").join(format!("{stem}.yaml")))
                    .unwrap();
            gatewright::load::yaml(&text, &gatewright::blueprint::load_options())
                .unwrap()
                .value
        }),
        base_file: base.then(|| {
            root.join("blueprints")
                .join(format!("{stem}.yaml"))
                .display()
                .to_string()
        }),
        ..Options::default()
    };
    let imported = import::import(&path.display().to_string(), &bytes, &opts)
        .unwrap_or_else(|e| panic!("{stem}/{doc} does not import: {e:?}"));
    let findings: Vec<String> = imported.findings.iter().map(|d| d.to_string()).collect();
    let bundle = match gatewright::synth::synth(
        stem,
        &Source::new(
            root.join("blueprints")
                .join(format!("{stem}-imported.yaml"))
                .display()
                .to_string(),
            imported.yaml.clone(),
        ),
    ) {
        Ok(b) => b,
        Err(e) => return (vec![format!("SYNTH FAILS {e:?}")], findings),
    };
    let dir = std::env::temp_dir().join(format!(
        "gw-import-{}-{stem}-{doc}-{base}",
        std::process::id()
    ));
    std::fs::create_dir_all(&dir).unwrap();
    for f in &bundle.files {
        std::fs::write(dir.join(f.name), &f.contents).unwrap();
    }
    let old = diff::load_side(
        &root
            .join("out")
            .join(stem)
            .join("cloudformation.json")
            .display()
            .to_string(),
    )
    .unwrap();
    let new = diff::load_side(&dir.join("cloudformation.json").display().to_string()).unwrap();
    let _ = std::fs::remove_dir_all(&dir);
    (lines(&diff::compare(&old, &new)), findings)
}

fn stems() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("blueprints");
    let mut v: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .filter_map(|e| {
            let n = e.unwrap().file_name().to_string_lossy().into_owned();
            n.strip_suffix(".yaml").map(str::to_string)
        })
        .collect();
    v.sort();
    v
}

/// Both documents synth writes per blueprint.
const DOCS: [&str; 2] = ["openapi.json", "swagger.json"];

#[test]
fn with_the_original_as_base_every_bundled_blueprint_round_trips_exactly() {
    let mut checked = 0;
    for stem in stems() {
        for doc in DOCS {
            let (diffs, findings) = round_trip(&stem, doc, true);
            assert!(
                diffs.is_empty(),
                "{stem}/{doc} imported with --base differs from the original:\n{}\nfindings:\n{}",
                diffs.join("\n"),
                findings.join("\n")
            );
            checked += 1;
        }
    }
    assert!(checked >= 38, "only {checked} documents round-tripped");
}

/// Without `--base`, what an OpenAPI document cannot carry is lost; each difference must be
/// one of these kinds, and the import must have said so.
///
/// - A route left out (`route-removed`): its integration names an owned resource that needs
///   settings OpenAPI does not hold (a table's keys, a state machine's definition), or it is a
///   Lambda proxy to a function gatewright generates, or its IAM actions are unknown (a
///   generic path call, a typed operation whose arguments the document does not show). The
///   import reports each route it leaves out by its key (GW0601).
/// - Grants (`iam-widened`, `iam-narrowed`): a generic action call's grant is derived from the
///   action and the one owned resource it names, or `*`, reported (GW0604); grants of left-out
///   routes and resources go with them.
/// - Owned resources and their policies, keys, subscriptions, rules and roles
///   (`resource-*`, `setting role.*`): OpenAPI carries none of their settings, reported
///   (GW0601, "resources of a gatewright template" or "cannot be declared"); a resource with
///   a chosen name appears in the document as its deployed name, not as a resource, and the
///   general finding says such resources are not owned by the imported blueprint.
/// - Stage, usage plan and tags settings (`setting stage.*`, `UsagePlan*`, `ApiKey*`,
///   `api.Tags`, and the account's logging role that stage logging brings): not in OpenAPI beyond the stage's name and `x-api-key` use; and the output
///   shape (`output: { shape: body }`), without which the template carries its API as
///   resources, whose view has no `api.title` and whose models keep their `$schema`
///   (`setting api.title`, `setting model.*`). One finding says so (its help names `--base`).
/// - A blueprint with no route left does not synth (`SYNTH FAILS ... no routes`): every one
///   of its routes was reported left out.
#[test]
fn without_base_every_difference_is_of_a_listed_kind_and_reported() {
    for stem in stems() {
        for doc in DOCS {
            let (diffs, findings) = round_trip(&stem, doc, false);
            let said = |needle: &str| findings.iter().any(|f| f.contains(needle));
            for d in &diffs {
                let ok = if let Some(route) = d.strip_prefix("route-removed ") {
                    said(&format!("`{route}`")) && said("left out")
                } else if d.starts_with("iam-") {
                    said("GW0604") || said("left out") || said("GW0601")
                } else if d.starts_with("setting stage.")
                    || d.starts_with("setting UsagePlan")
                    || d.starts_with("setting Account.")
                    || d.starts_with("setting role.ApiGatewayCloudWatchRole")
                    || d.starts_with("setting ApiKey")
                    || d == "setting api.Tags"
                    || d == "setting api.title"
                    || d.starts_with("setting model.")
                {
                    said("does not carry the stage's settings")
                } else if d.starts_with("resource-") || d.starts_with("setting role.") {
                    said("resources of a gatewright template")
                        || said("cannot be declared")
                        || said("names them by their deployed names")
                } else if d.starts_with("SYNTH FAILS") {
                    d.contains("the blueprint has no routes") && said("left out")
                } else {
                    false
                };
                assert!(
                    ok,
                    "{stem}/{doc}: `{d}` is not a listed kind of difference, or the import did not report it\nfindings:\n{}",
                    findings.join("\n")
                );
            }
        }
    }
}

#[test]
fn an_api_of_typed_routes_alone_round_trips_exactly_without_base() {
    for doc in DOCS {
        let (diffs, findings) = round_trip("s3-proxy", doc, false);
        assert!(diffs.is_empty(), "{doc}: {diffs:?}");
        // Only the note that stage settings, tags and usage plans are not in OpenAPI.
        assert_eq!(findings.len(), 1, "{doc}: {findings:?}");
        assert!(findings[0].contains("stage's settings"), "{findings:?}");
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let path = root.join("out/s3-proxy/openapi.json");
    let imported = import::import(
        "openapi.json",
        &std::fs::read(path).unwrap(),
        &Options::default(),
    )
    .unwrap();
    assert_eq!(imported.typed.len(), 8, "{:?}", imported.typed);
    assert!(imported.generic.is_empty());
    assert!(
        imported.yaml.contains("s3.put_object:"),
        "{}",
        imported.yaml
    );
}
