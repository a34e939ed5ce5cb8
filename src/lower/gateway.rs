//! The blueprint's `gateway_responses`: each response type checked against AWS's list, its
//! status, header sources and templates read, and added to the model.

use super::At;
use crate::blueprint::Blueprint;
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::RestApiBuilder;
use crate::model::check::did_you_mean;
use crate::model::gateway::{self, GatewayResponse, RESPONSE_TYPES};
use crate::model::reference::{self, Place};

/// Adds every gateway response of `bp` to `b`; reports each problem in `diags`.
pub(super) fn gateway_responses(
    bp: &Blueprint,
    mut b: RestApiBuilder,
    at: At,
    diags: &mut Vec<Diagnostic>,
) -> RestApiBuilder {
    for (kind, spec) in &bp.gateway_responses {
        let here = |rest: &[&str]| {
            let mut keys = vec!["gateway_responses", kind.as_str()];
            keys.extend(rest);
            at(&keys)
        };
        if !RESPONSE_TYPES.contains(&kind.as_str()) {
            diags.push(
                Diagnostic::error(
                    codes::SETTING,
                    format!("`{kind}` is not a gateway response type"),
                )
                .at(here(&[]))
                .help(format!(
                    "{}the types are AWS's: {}",
                    did_you_mean(&kind.to_ascii_uppercase(), RESPONSE_TYPES),
                    RESPONSE_TYPES.join(", ")
                )),
            );
            continue;
        }
        let mut r = GatewayResponse::default();
        if let Some(s) = spec.status {
            if !(100..=599).contains(&s) {
                diags.push(
                    Diagnostic::error(
                        codes::SETTING,
                        format!("gateway response status {s} is not an HTTP status"),
                    )
                    .at(here(&["status"]))
                    .help("give a status from 100 to 599, such as 403"),
                );
            }
            r.status = Some(s.to_string());
        }
        for (name, source) in &spec.headers {
            if !gateway::is_header_source(source) {
                diags.push(
                    Diagnostic::error(
                        codes::MAPPING,
                        format!("`{source}` is not a gateway response header source"),
                    )
                    .at(here(&["headers", name]))
                    .help("write a fixed value in single quotes (\"'value'\"), `method.request.header.<name>`, `stageVariables.<name>` or `context.<variable>`"),
                );
                continue;
            }
            r.headers.insert(gateway::header(name), source.clone());
        }
        for (ct, t) in &spec.templates {
            match reference::parse(t, Place::Template, b.owned()) {
                Ok(text) => {
                    r.templates.insert(ct.clone(), text);
                }
                Err(e) => diags.push(e.into_diagnostic().at(here(&["templates", ct]))),
            }
        }
        b = b.gateway_response(kind, r);
    }
    b
}
