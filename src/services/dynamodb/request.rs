//! What every DynamoDB operation shares: the owned table it names, where each key value comes
//! from and how it is typed in the request, the integration and its responses, and the VTL
//! that turns a JSON body into DynamoDB attributes.

use crate::codes;
use crate::model::check::did_you_mean;
use crate::model::owned::{KeyAttr, KeyType, Table, text_ref};
use crate::model::{
    ApiPath, Attr, HttpMethod, Integration, Method, MethodResponse, OpError, Owned, OwnedKind,
    Passthrough, Permission, Target, Text,
};
use crate::services::common;
use crate::services::vtl::{self, Declared, RequestValue};
use serde_json::json;
use std::collections::BTreeMap;

/// The owned table `name`, or the diagnostic every other operation gives for a resource the
/// blueprint does not own.
pub(super) fn owned_table<'a>(name: &str, owned: &'a Owned) -> Result<&'a Table, OpError> {
    owned.tables.get(name).ok_or_else(|| {
        let hint = did_you_mean(name, owned.tables.keys().map(String::as_str));
        OpError::field(
            codes::ARGUMENT,
            "table",
            format!("the table `{name}` is not one the blueprint owns"),
        )
        .help(format!(
            "{hint}declare it under `owns: {{ tables: {{ {name}: {{ partition_key: {{ name: id }} }} }} }}`: the templates need its key types"
        ))
    })
}

/// A body field name usable in a JSONPath and a VTL string: letters, digits, `_` and `-`.
fn field_ok(f: &str) -> bool {
    !f.is_empty()
        && f.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// Where one value of the request comes from: the route (path, query string, header, fixed)
/// or a top-level field of the JSON body (`body.<field>`).
fn source_expr(
    raw: &str,
    declared: &mut Declared<'_>,
    field: &'static str,
) -> Result<String, OpError> {
    if let Some(f) = raw.strip_prefix("body.") {
        if !field_ok(f) {
            return Err(OpError::field(
                codes::ARGUMENT,
                field,
                format!("`{raw}` does not name a body field (letters, digits, `_`, `-`)"),
            ));
        }
        return Ok(format!("$input.path('$.{f}')"));
    }
    declared.declare(&RequestValue::parse(raw), true, field)
}

/// The VTL of `expr`'s value as the text of a JSON string: escaped for JSON, without the
/// `\'` API Gateway's escaping writes for a single quote (which JSON does not allow).
pub(super) fn json_text(expr: &str) -> String {
    format!(r#"$util.escapeJavaScript({expr}).replaceAll("\\'", "'")"#)
}

/// `{"S": "<value>"}`: the value of `expr` typed as `ty`.
pub(super) fn typed(ty: KeyType, expr: &str) -> String {
    format!(r#"{{"{}": "{}"}}"#, ty.letter(), json_text(expr))
}

/// A JSON string literal of `s` (attribute names, fixed messages), safe in VTL too: `$` and
/// `#` are written as JSON escapes.
pub(super) fn json_literal(s: &str) -> String {
    serde_json::to_string(s)
        .unwrap_or_default()
        .replace('$', "\\u0024")
        .replace('#', "\\u0023")
}

/// The key of the item an operation reads or writes: one JSON member per key attribute of
/// `table`, each from `given` (attribute -> source), else from the path parameter of the same
/// name, else (when `body` allows it) from the body field of that name.
pub(super) fn key_members(
    table: &Table,
    given: &BTreeMap<String, String>,
    path: &ApiPath,
    body: bool,
    declared: &mut Declared<'_>,
) -> Result<Vec<String>, OpError> {
    let attrs = table.key.attrs();
    if let Some(extra) = given.keys().find(|k| !attrs.iter().any(|a| &a.name == *k)) {
        let names: Vec<&str> = attrs.iter().map(|a| a.name.as_str()).collect();
        return Err(OpError::field(
            codes::ARGUMENT,
            "key",
            format!("`{extra}` is not a key attribute of the table"),
        )
        .help(format!("its key attributes are {}", names.join(", "))));
    }
    let mut out = Vec::new();
    for a in attrs {
        let expr = value_of(a, given.get(&a.name), path, body, declared, "key")?;
        out.push(format!("{}: {}", json_literal(&a.name), typed(a.ty, &expr)));
    }
    Ok(out)
}

/// The VTL expression of key attribute `a`: from `given`, else the path parameter of its
/// name, else the body field of its name (when `body`).
pub(super) fn value_of(
    a: &KeyAttr,
    given: Option<&String>,
    path: &ApiPath,
    body: bool,
    declared: &mut Declared<'_>,
    field: &'static str,
) -> Result<String, OpError> {
    match given {
        Some(raw) => source_expr(raw, declared, field),
        None if path.has_param(&a.name) => source_expr(&format!("{{{}}}", a.name), declared, field),
        None if body && field_ok(&a.name) => Ok(format!("$input.path('$.{}')", a.name)),
        None => Err(OpError::field(
            codes::ARGUMENT,
            field,
            format!(
                "nothing gives the key attribute `{}`: the route has no `{{{}}}`",
                a.name, a.name
            ),
        )
        .help(format!(
            "add `{{{}}}` to the route, or write `{field}: {{ {}: \"{{param}}\" }}` (or `query.<name>`, `header.<name>`{})",
            a.name,
            a.name,
            if body { ", `body.<field>`" } else { "" }
        ))),
    }
}

/// The request template: `{"TableName": "<the table's name>"` then `rest` (which starts with
/// `, `), after the VTL lines in `head`.
pub(super) fn request(table: &str, head: &str, rest: &str) -> Text {
    let mut t = Text::lit(format!("{head}{{\"TableName\": \""));
    t.append(&text_ref(OwnedKind::Table, table, Attr::Name));
    t.push_str(&format!("\"{rest}}}"));
    t
}

/// What a failed condition means to the API user: its status and message.
#[derive(Debug, Clone, Copy)]
pub(super) struct Failed {
    /// 409 (the item exists) or 404 (it does not).
    pub status: u16,
    /// The message the user reads.
    pub message: &'static str,
}

/// One DynamoDB action as an operation states it: the action, the method's summary, `ok`
/// reshaping the answer, `missing` declaring the 404 an empty read answers, and `failed`
/// mapping a failed condition.
pub(super) struct Call {
    /// The action (`GetItem`); the role may do `dynamodb:<action>`.
    pub action: &'static str,
    /// The method's summary.
    pub summary: &'static str,
    /// The success template.
    pub ok: Option<Text>,
    /// An empty read answers 404.
    pub missing: bool,
    /// What a failed condition answers.
    pub failed: Option<Failed>,
}

impl Call {
    /// `action`, summed up as `summary`, whose answer passes through as it is.
    pub(super) fn new(action: &'static str, summary: &'static str) -> Call {
        Call {
            action,
            summary,
            ok: None,
            missing: false,
            failed: None,
        }
    }
}

/// The method of `call` on `resource` (the table's or an index's ARN) with the request
/// template `request`.
pub(super) fn method(
    path: &ApiPath,
    verb: HttpMethod,
    call: Call,
    resource: Text,
    request: Text,
    declared: Declared<'_>,
) -> Method {
    let Call {
        action,
        summary,
        ok,
        missing,
        failed,
    } = call;
    let permission = Permission::allow(vec![format!("dynamodb:{action}")], vec![resource]);
    let mut responses = common::integration_responses(ok);
    if let Some(f) = failed
        && let Some(r) = responses.iter_mut().find(|r| r.status == "400")
    {
        let t = vtl::render(
            "dynamodb_error",
            &json!({ "status": f.status, "message": f.message }),
            &[],
        );
        r.templates.insert("application/json".into(), t);
    }
    let mut templates = BTreeMap::new();
    templates.insert("application/json".to_string(), request);
    let integration = Integration {
        request_templates: templates,
        passthrough: Passthrough::Never,
        responses,
        ..common::integration(
            "dynamodb",
            Target::Action(action.into()),
            HttpMethod::Post,
            None,
            vec![permission],
        )
    };
    let mut m = common::method(path, verb, action, summary, declared.params, integration);
    let mut extra: Vec<u16> = failed.map(|f| f.status).into_iter().collect();
    if missing {
        extra.push(404);
    }
    extra.sort();
    extra.dedup();
    for s in extra {
        m.responses.push(MethodResponse::new(s.to_string()));
    }
    m.responses.sort_by(|a, b| a.status.cmp(&b.status));
    m
}

/// The response template reshaping one item found under `field` (`Item`, `Attributes`);
/// none found answers 404 with `missing`.
pub(super) fn item_template(field: &str, missing: &str) -> Text {
    vtl::render(
        "dynamodb_item",
        &json!({ "field": field, "missing": missing }),
        &[],
    )
}

/// VTL declaring `$hk` as `#k` and `$ha` as `#a`: expression attribute names start with `#`,
/// which Velocity would read as a directive when written plainly (and `${h}` would be read as
/// a reference by CloudFormation's `Fn::Sub`).
pub(super) const HASH: &str = "#set($hk = '#k')#set($ha = '#a')";

/// A loop over the top-level fields of the JSON body (`$f`, its JSON text `$j`), skipping the
/// key attributes (written typed by the key) and, when only some fields are allowed, the
/// others.
pub(super) struct BodyLoop {
    head: String,
    cond: String,
}

impl BodyLoop {
    /// The loop skipping `keys` and, when `only` is given, fields not listed there.
    pub(super) fn new(keys: &[&str], only: Option<&[String]>) -> Result<BodyLoop, OpError> {
        let list = |names: &[&str]| {
            names
                .iter()
                .map(|n| vtl::string_literal(n))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let mut cond = "!$keys.contains($f)".to_string();
        let mut head = format!("#set($keys = [{}])", list(keys));
        if let Some(only) = only {
            if let Some(bad) = only.iter().find(|f| !field_ok(f)) {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "fields",
                    format!("`{bad}` is not a body field name (letters, digits, `_`, `-`)"),
                ));
            }
            if only.is_empty() {
                return Err(
                    OpError::field(codes::ARGUMENT, "fields", "`fields` lists no field").help(
                        "list the body fields to write, or leave `fields` out to write them all",
                    ),
                );
            }
            let names: Vec<&str> = only.iter().map(String::as_str).collect();
            head.push_str(&format!("#set($only = [{}])", list(&names)));
            cond.push_str(" && $only.contains($f)");
        }
        head.push_str("#set($body = $input.path('$'))");
        Ok(BodyLoop { head, cond })
    }

    /// The VTL lines that set the loop up (one line).
    pub(super) fn head(&self) -> String {
        format!("{HASH}{}\n", self.head)
    }

    /// `inner` for each field written.
    pub(super) fn each(&self, inner: &str) -> String {
        format!(
            r#"#foreach($f in $body.keySet())#if({})#set($j = $input.json("$['$f']")){inner}#end#end"#,
            self.cond
        )
    }
}

/// VTL: the DynamoDB attribute value of the JSON text `$j`: strings, numbers, booleans and
/// nulls keep their type; nested objects and arrays are kept as their JSON text.
pub(super) fn body_value() -> String {
    format!(
        r#"#if($j.startsWith('"')){{"S": $j}}#elseif($j.startsWith('{{') || $j.startsWith('[')){{"S": "{doc}"}}#elseif($j == 'true' || $j == 'false'){{"BOOL": $j}}#elseif($j == 'null' || $j == ''){{"NULL": true}}#else{{"N": "$j"}}#end"#,
        doc = json_text("$j")
    )
}
