//! Templates kept as handlebars files under `src/templates/` and rendered at synth time: the
//! VTL mapping templates API Gateway runs, and the code of generated Lambda functions, so
//! each stays readable in one place.
//!
//! Deploy-time values (a topic ARN) cannot be written into the template as text: they are
//! passed as numbered slots and come back as parts of the resulting [`Text`].

use crate::model::Text;
use handlebars::Handlebars;
use serde_json::Value;
use std::sync::OnceLock;

const TEMPLATES: &[(&str, &str)] = &[
    (
        "sns_publish",
        include_str!("../templates/sns_publish.vtl.hbs"),
    ),
    (
        "sqs_send_message",
        include_str!("../templates/sqs_send_message.vtl.hbs"),
    ),
    (
        "rekognition_detect_labels",
        include_str!("../templates/rekognition_detect_labels.vtl.hbs"),
    ),
    (
        "rekognition_list_collections",
        include_str!("../templates/rekognition_list_collections.vtl.hbs"),
    ),
    (
        "json_message_id",
        include_str!("../templates/json_message_id.vtl.hbs"),
    ),
    (
        "kinesis_put_record",
        include_str!("../templates/kinesis_put_record.vtl.hbs"),
    ),
    (
        "kinesis_put_record_ok",
        include_str!("../templates/kinesis_put_record_ok.vtl.hbs"),
    ),
    (
        "kinesis_put_records",
        include_str!("../templates/kinesis_put_records.vtl.hbs"),
    ),
    (
        "kinesis_put_records_ok",
        include_str!("../templates/kinesis_put_records_ok.vtl.hbs"),
    ),
    (
        "firehose_put_record",
        include_str!("../templates/firehose_put_record.vtl.hbs"),
    ),
    (
        "firehose_put_record_ok",
        include_str!("../templates/firehose_put_record_ok.vtl.hbs"),
    ),
    (
        "firehose_put_record_batch",
        include_str!("../templates/firehose_put_record_batch.vtl.hbs"),
    ),
    (
        "firehose_put_record_batch_ok",
        include_str!("../templates/firehose_put_record_batch_ok.vtl.hbs"),
    ),
    (
        "dynamodb_item",
        include_str!("../templates/dynamodb_item.vtl.hbs"),
    ),
    (
        "dynamodb_items",
        include_str!("../templates/dynamodb_items.vtl.hbs"),
    ),
    (
        "dynamodb_error",
        include_str!("../templates/dynamodb_error.vtl.hbs"),
    ),
    ("presign", include_str!("../templates/presign.py.hbs")),
    (
        "presign_multipart",
        include_str!("../templates/presign_multipart.py.hbs"),
    ),
    ("edge_auth", include_str!("../templates/edge_auth.js.hbs")),
];

const SLOT: char = '\u{1}';

/// Each template in a registry of its own, parsed the first time it is rendered: parsing
/// (Handlebars' grammar) costs about a thousand instructions per byte of template, and a run
/// renders only the templates its routes use, each parsed on the thread that first needs it.
fn registry(name: &str) -> Option<&'static Handlebars<'static>> {
    static REGISTRIES: [OnceLock<Handlebars<'static>>; TEMPLATES.len()] =
        [const { OnceLock::new() }; TEMPLATES.len()];
    let i = TEMPLATES.iter().position(|(n, _)| *n == name)?;
    Some(REGISTRIES[i].get_or_init(|| {
        let (name, text) = TEMPLATES[i];
        let mut h = Handlebars::new();
        h.set_strict_mode(true);
        h.register_escape_fn(handlebars::no_escape);
        // The templates are part of the binary and covered by tests: a broken one is a
        // build defect, reported by every test that renders it.
        if let Err(e) = h.register_template_string(name, text) {
            h.register_template_string(name, format!("template {name} is broken: {e}"))
                .ok();
        }
        h
    }))
}

/// Renders template `name` with `data`.
fn render_text(name: &str, data: &Value) -> String {
    match registry(name) {
        Some(h) => h
            .render(name, data)
            .unwrap_or_else(|e| format!("template {name} failed: {e}")),
        None => format!("template {name} does not exist"),
    }
}

/// The placeholder for deploy-time value number `i` in template data.
pub fn slot(i: usize) -> String {
    format!("{SLOT}{i}{SLOT}")
}

/// Renders template `name` with `data`; each [`slot`] in the output becomes `values[i]`.
pub fn render(name: &str, data: &Value, values: &[Text]) -> Text {
    let out = render_text(name, data);
    // Template files end with a newline; the VTL they hold does not.
    let out = out.strip_suffix('\n').unwrap_or(&out);
    let mut text = Text::default();
    for (n, piece) in out.split(SLOT).enumerate() {
        if n % 2 == 0 {
            text.push_str(piece);
        } else if let Some(v) = piece.parse::<usize>().ok().and_then(|i| values.get(i)) {
            text.append(v);
        }
    }
    text
}

/// Renders template `name` with `data` as plain text (generated code, not VTL).
pub fn render_plain(name: &str, data: &Value) -> String {
    render_text(name, data)
}

/// A VTL single-quoted string literal (`'it''s'`): no interpolation happens inside it.
pub fn string_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Where a value of the request comes from, as a VTL expression.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestValue {
    /// A request header.
    Header(String),
    /// A query string parameter.
    Query(String),
    /// A path parameter of the route.
    Path(String),
    /// A fixed string.
    Fixed(String),
}

impl RequestValue {
    /// Parses `header.X`, `querystring.X` (or `query.X`), `path.X` / `{X}`, or a fixed value.
    pub fn parse(s: &str) -> RequestValue {
        if let Some(h) = s.strip_prefix("header.") {
            RequestValue::Header(h.into())
        } else if let Some(q) = s
            .strip_prefix("querystring.")
            .or_else(|| s.strip_prefix("query."))
        {
            RequestValue::Query(q.into())
        } else if let Some(p) = s.strip_prefix("path.") {
            RequestValue::Path(p.into())
        } else if let Some(p) = s.strip_prefix('{').and_then(|r| r.strip_suffix('}')) {
            RequestValue::Path(p.trim_end_matches('+').into())
        } else {
            RequestValue::Fixed(s.into())
        }
    }

    /// The VTL expression that yields the value.
    pub fn vtl(&self) -> String {
        match self {
            RequestValue::Header(h) => format!("$input.params().header.get({})", string_literal(h)),
            RequestValue::Query(q) => {
                format!("$input.params().querystring.get({})", string_literal(q))
            }
            RequestValue::Path(p) => format!("$input.params().path.get({})", string_literal(p)),
            RequestValue::Fixed(v) => string_literal(v),
        }
    }

    /// The method request parameter the value needs declared, if any.
    pub fn param(&self) -> Option<crate::model::RequestParam> {
        use crate::model::{ParamIn, RequestParam};
        match self {
            RequestValue::Header(h) => Some(RequestParam::new(ParamIn::Header, h)),
            RequestValue::Query(q) => Some(RequestParam::new(ParamIn::Query, q)),
            RequestValue::Path(p) => Some(RequestParam::new(ParamIn::Path, p)),
            RequestValue::Fixed(_) => None,
        }
    }
}

/// Method request parameters a template reads, declared as they are met: `declare` checks a
/// value against the route, records the parameter it needs and returns its VTL expression.
#[derive(Debug, Default)]
pub struct Declared<'a> {
    path: Option<&'a crate::model::ApiPath>,
    /// The parameters, and whether each is required.
    pub params: crate::model::VecMap<crate::model::RequestParam, bool>,
}

impl<'a> Declared<'a> {
    /// Declarations for a route on `path`.
    pub fn new(path: &'a crate::model::ApiPath) -> Declared<'a> {
        Declared {
            path: Some(path),
            params: Default::default(),
        }
    }

    /// The VTL expression of `v` (argument `field`), after declaring the parameter it reads.
    pub fn declare(
        &mut self,
        v: &RequestValue,
        required: bool,
        field: &'static str,
    ) -> Result<String, crate::model::OpError> {
        if let Some(p) = v.param() {
            if let Some(path) = self.path
                && p.location == crate::model::ParamIn::Path
                && !path.has_param(&p.name)
            {
                return Err(crate::model::OpError::field(
                    crate::codes::UNKNOWN_PATH_PARAM,
                    field,
                    format!("`{{{}}}` is not a path parameter of `{path}`", p.name),
                ));
            }
            self.params.insert(p, required);
        }
        Ok(v.vtl())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_template_compiles() {
        for (name, text) in TEMPLATES {
            let mut h = Handlebars::new();
            h.register_template_string(name, *text)
                .unwrap_or_else(|e| panic!("{name}: {e}"));
            assert!(
                registry(name).is_some_and(|r| r.has_template(name)),
                "{name}"
            );
        }
    }
    use crate::model::{Attr, OwnedKind, ResourceRef};
    use serde_json::json;

    #[test]
    fn slots_become_deploy_time_values() {
        let mut arn = Text::default();
        arn.push_ref(ResourceRef {
            kind: OwnedKind::Topic,
            name: "alerts".into(),
            attr: Attr::Arn,
        });
        let data = json!({
            "topic_arn": slot(0), "group_id": null, "optional": [], "attributes": [],
        });
        let t = render("sns_publish", &data, &[arn]);
        assert_eq!(
            t.to_string(),
            "Action=Publish&TopicArn=$util.urlEncode('${alerts.arn}')&Message=$util.urlEncode($input.body)##"
        );
    }

    #[test]
    fn request_values() {
        assert_eq!(
            RequestValue::parse("header.X-Group").vtl(),
            "$input.params().header.get('X-Group')"
        );
        assert_eq!(
            RequestValue::parse("{id}").vtl(),
            "$input.params().path.get('id')"
        );
        assert_eq!(RequestValue::parse("it's").vtl(), "'it''s'");
    }
}
