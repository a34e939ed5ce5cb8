//! A route's `method_responses` and `integration_responses`, merged with its operation's.
//!
//! A method response merges with the operation's of the same status (headers and models
//! added), or is added. An integration response merges with the operation's rule it names:
//! with a `pattern`, the rule of that pattern, else the rule of that status (whose pattern it
//! replaces); without one, the rule of that status, else the default rule (whose status it
//! replaces). A rule named nowhere is added. Merging replaces each field written (`status`,
//! `pattern`, `content_handling`) and each header and template by name or content type, and
//! keeps the rest. So a route can add a response template to the success rule, or send 4xx
//! answers to 404, and keep the operation's other rules and built-in templates. Each rule's
//! status gets its method response, declaring the headers the rule maps.

use super::overrides::{OverrideError, content_handling};
use crate::blueprint::{IntegrationResponseSpec, MethodResponseSpec};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::model::reference::{self, Place};
use crate::model::{IntegrationResponse, Method, MethodResponse, Owned, mapping};

/// Merges `list` into the method's responses.
pub fn method_responses(list: &[MethodResponseSpec], m: &mut Method) {
    for r in list {
        let status = r.status.to_string();
        let at = match m.responses.iter().position(|x| x.status == status) {
            Some(i) => i,
            None => {
                m.responses.push(MethodResponse::new(status));
                m.responses.len() - 1
            }
        };
        let resp = &mut m.responses[at];
        for h in &r.headers {
            if !resp.headers.contains(h) {
                resp.headers.push(h.clone());
            }
        }
        for (ct, model) in &r.models {
            resp.models.insert(ct.clone(), model.clone());
        }
    }
}

/// Merges `list` into the integration's responses, reading templates' references against
/// `owned`; a bad entry part is reported and left out, the others still apply.
pub fn integration_responses(
    list: &[IntegrationResponseSpec],
    m: &mut Method,
    owned: &Owned,
) -> Vec<OverrideError> {
    let mut errors = Vec::new();
    for (idx, r) in list.iter().enumerate() {
        let at = |rest: &[&str]| {
            let mut keys = vec!["integration_responses".to_string(), idx.to_string()];
            keys.extend(rest.iter().map(|s| s.to_string()));
            keys
        };
        let status = r.status.to_string();
        let rules = &m.integration.responses;
        let by_status = || rules.iter().position(|x| x.status == status);
        let existing = match &r.pattern {
            Some(p) => rules
                .iter()
                .position(|x| x.selection_pattern.as_ref() == Some(p))
                .or_else(by_status),
            None => {
                by_status().or_else(|| rules.iter().position(|x| x.selection_pattern.is_none()))
            }
        };
        if let Some(p) = &r.pattern {
            if let Err(e) = crate::java_regex::check(p) {
                errors.push((
                    at(&["pattern"]),
                    Diagnostic::error(
                        codes::MAPPING,
                        format!(
                            "selection pattern `{p}` is not a valid Java regular expression: {} (at character {})",
                            e.message,
                            e.index + 1
                        ),
                    )
                    .help("API Gateway matches backend statuses with java.util.regex; fix the pattern, e.g. `4\\d{2}`"),
                ));
            }
        }
        let ir = match existing {
            Some(i) => {
                let ir = &mut m.integration.responses[i];
                ir.status = status;
                ir
            }
            None => {
                m.integration
                    .responses
                    .push(IntegrationResponse::new(None, status));
                m.integration.responses.last_mut().expect("just pushed")
            }
        };
        if let Some(p) = &r.pattern {
            ir.selection_pattern = Some(p.clone());
        }
        for (h, src) in &r.headers {
            match mapping::response_source(src) {
                Ok(source) => {
                    ir.headers.insert(h.clone(), source);
                }
                Err(d) => errors.push((at(&["headers", h]), d)),
            }
        }
        for (ct, t) in &r.templates {
            match reference::parse(t, Place::Template, owned) {
                Ok(text) => {
                    ir.templates.insert(ct.clone(), text);
                }
                Err(e) => errors.push((at(&["templates", ct]), e.into_diagnostic())),
            }
        }
        if let Some(c) = r.content_handling {
            ir.content_handling = Some(content_handling(c));
        }
    }
    declare_statuses(m);
    errors
}

/// Declares, for every integration response, the method response of its status and the
/// headers it maps, where the route has not: API Gateway needs both, and they follow from
/// the rule.
fn declare_statuses(m: &mut Method) {
    for ir in &m.integration.responses {
        let at = match m.responses.iter().position(|x| x.status == ir.status) {
            Some(i) => i,
            None => {
                m.responses.push(MethodResponse::new(ir.status.clone()));
                m.responses.len() - 1
            }
        };
        let resp = &mut m.responses[at];
        for h in ir.headers.keys() {
            if !resp.headers.contains(h) {
                resp.headers.push(h.clone());
            }
        }
    }
}
