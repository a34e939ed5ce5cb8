//! The "Security scanner findings" section of an output folder's README: every scanner check
//! a generated resource does not meet on purpose, per format, with the resource and the
//! reason. Terraform JSON carries no suppressions a scanner reads, so this table is where
//! its explanations live (tests/checkov.rs reads it).

use crate::emit::{cloudformation, terraform};
use crate::model::RestApi;
use std::fmt::Write;

/// The section, from its heading on.
pub fn section(api: &RestApi) -> String {
    let method_names = api.method_names();
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
    let rows = cloudformation::scan::findings(api, &method_names)
        .into_iter()
        .map(|(id, e)| ("CloudFormation", id, e))
        .chain(
            terraform::scan::findings(api, &method_names)
                .into_iter()
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
