//! A route's operation: exactly one named, offered by a service, its arguments read by that
//! service from the blueprint text (so a wrong argument is located at the argument). The
//! blueprint types only record which operation keys a route writes; the services catalog is
//! known here.

use super::At;
use crate::blueprint::{self, Route};
use crate::codes;
use crate::diagnostic::Diagnostic;
use crate::load::escape;
use crate::model::Operation;
use crate::services::catalog;
use crate::source::Source;
use std::sync::OnceLock;

/// The operations routes may name, and the blueprint schema with their arguments, made once.
pub fn operations() -> &'static blueprint::Operations {
    static OPS: OnceLock<blueprint::Operations> = OnceLock::new();
    OPS.get_or_init(|| blueprint::Operations {
        names: catalog::operation_names(),
        schema: blueprint::schema_with(catalog::schemas),
    })
}

/// The JSON Schema of the blueprint format, as committed in `schemas/blueprint.schema.json`.
pub fn schema_json() -> String {
    crate::json::pretty(&operations().schema)
}

/// The one operation route `key` names, read with its arguments.
pub(super) fn read<'r>(
    key: &str,
    route: &'r Route,
    src: &Source,
    at: At,
) -> Result<(&'r str, Box<dyn Operation>), Diagnostic> {
    let name = match route.operations.as_slice() {
        [one] => one.as_str(),
        [] => {
            return Err(Diagnostic::error(
                codes::OPERATION,
                format!("route `{key}` names no operation"),
            )
            .at(at(&["routes", key]))
            .help(format!("add one of {}", operations().names.join(", "))));
        }
        [first, second, ..] => {
            return Err(Diagnostic::error(
                codes::OPERATION,
                format!("a route calls one operation, found `{first}` and `{second}`"),
            )
            .at(at(&["routes", key, second]))
            .help("give each operation its own route"));
        }
    };
    let pointer = format!("/routes/{}/{}", escape(key), escape(name));
    let unreadable = || {
        Diagnostic::error(
            codes::BLUEPRINT_SHAPE,
            format!("the arguments of `{name}` could not be read"),
        )
        .at(at(&["routes", key, name]))
        .help("load the blueprint with `blueprint::load_all` before lowering it")
    };
    let loaded = src.loaded().ok_or_else(unreadable)?;
    let args =
        crate::load::de::deserializer_at(loaded, &src.text, &pointer).ok_or_else(unreadable)?;
    match catalog::parse(name, args) {
        Ok(Some(op)) => Ok((name, op)),
        Ok(None) => Err(Diagnostic::error(
            codes::OPERATION,
            blueprint::unknown_key_message(name, &operations().names),
        )
        .at(at(&["routes", key, name]))
        .help("name one operation a service offers (`gatewright schema` lists them)")),
        Err(e) => Err(blueprint::shape_error(src, &e)),
    }
}
