//! The "Security scanner findings" section of an output folder's README: every scanner check
//! a generated resource does not meet on purpose, per format, with the resource and the
//! reason. Terraform JSON carries no suppressions a scanner reads, so this table is where
//! its explanations live (tests/checkov.rs reads it).

use crate::emit::{cloudformation, terraform};
use crate::model::RestApi;
use crate::model::names;
use std::fmt::Write;

/// The section, from its heading on.
pub fn section(api: &RestApi) -> String {
    let paths = api.resource_paths();
    let res_names = names::resource_names(&paths);
    let method_names = names::method_names(&api.methods, &res_names);
    let mut s = String::new();
    let _ = writeln!(s, "## Security scanner findings\n");
    let _ = writeln!(
        s,
        "The checks of security scanners (checkov) these outputs do not meet on purpose, and why. CloudFormation carries each one in the resource's `Metadata.checkov.skip`, so checkov reports it as skipped with the reason; Terraform JSON has no suppression checkov reads, so each resource carries its reasons as a `//` comment and this table is the record.\n"
    );
    let _ = writeln!(
        s,
        "| Format | Check | Resource | Reason |\n|---|---|---|---|"
    );
    // In the body shape methods are not resources of the stack: nothing to explain on them.
    // (Only a blueprint that asks for the body shape is known here without building the
    // template again; `auto` APIs that turn into bodies still list their methods.)
    let body = api.shape == crate::model::Shape::Body;
    let method = |r: &String, prefix: &str| body && r.starts_with(prefix);
    let ids = if body {
        method_ids(api, &method_names)
    } else {
        Default::default()
    };
    let rows = cloudformation::scan::findings(api, &method_names)
        .into_iter()
        .filter(|(id, _)| !ids.contains(id))
        .map(|(id, e)| ("CloudFormation", id, e))
        .chain(
            terraform::scan::findings(api, &method_names)
                .into_iter()
                .filter(|(a, _)| !method(a, "aws_api_gateway_method."))
                .map(|(a, e)| ("Terraform", a, e)),
        );
    for (format, resource, e) in rows {
        let _ = writeln!(
            s,
            "| {format} | {} | `{resource}` | {} |",
            e.check,
            e.reason.replace('|', "\\|")
        );
    }
    s
}

/// The logical ids of the methods' CloudFormation resources.
fn method_ids(
    api: &RestApi,
    method_names: &std::collections::BTreeMap<
        (crate::model::ApiPath, crate::model::HttpMethod),
        names::Name,
    >,
) -> std::collections::BTreeSet<String> {
    api.methods
        .iter()
        .map(|m| cloudformation::method_id(&method_names[&(m.path.clone(), m.verb)]))
        .collect()
}
