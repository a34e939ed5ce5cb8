//! Stable diagnostic codes. Users and tests match on these; never reuse a retired code.
//!
//! `GW01xx`: reading a blueprint. `GW02xx`: meaning of a blueprint or builder call.
//! `GW03xx`: checks of generated output. `GW09xx`: the command line and the file system.
//! `TF0xx`: Terraform JSON against a provider schema (see `validate::terraform`).

/// The blueprint is not valid YAML.
pub const YAML_SYNTAX: &str = "GW0101";
/// A key, value or type in the blueprint does not fit the blueprint format.
pub const BLUEPRINT_SHAPE: &str = "GW0102";
/// The same key twice in one mapping (routes, maps of headers, ...).
pub const DUPLICATE_KEY: &str = "GW0103";
/// The blueprint could not be read (missing file, not UTF-8, too large).
pub const BLUEPRINT_READ: &str = "GW0104";
/// A route key is not `METHOD /path`.
pub const ROUTE_KEY: &str = "GW0201";
/// A path is not a valid API Gateway resource path.
pub const PATH: &str = "GW0202";
/// The same method and path twice.
pub const DUPLICATE_ROUTE: &str = "GW0203";
/// A route names no operation, more than one, or one gatewright does not know.
pub const OPERATION: &str = "GW0204";
/// An operation argument refers to a path parameter the route does not have.
pub const UNKNOWN_PATH_PARAM: &str = "GW0205";
/// An operation argument has a value the service does not accept.
pub const ARGUMENT: &str = "GW0206";
/// An integration mapping names a method request parameter the method does not declare.
pub const UNDECLARED_PARAM: &str = "GW0207";
/// A mapping expression is not one API Gateway understands.
pub const MAPPING: &str = "GW0208";
/// An API-level setting (name, stage, media type, timeout) is out of range.
pub const SETTING: &str = "GW0209";
/// A generated document failed a check before writing.
pub const OUTPUT_CHECK: &str = "GW0301";
/// A file in the output folder differs from what the blueprints generate.
pub const DRIFT: &str = "GW0302";
/// A file or folder could not be read or written.
pub const IO: &str = "GW0901";
