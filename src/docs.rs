//! The operation reference (`docs/operations.md`, printed by `gatewright operations`): for
//! every operation a blueprint can name, its arguments from the blueprint schema, an example
//! route, and the defaults and IAM that example really gets, read off the model it lowers
//! to. Generated, so it cannot drift from the code; a test keeps the committed copy equal.

use crate::model::{Method, RestApi};
use crate::services::catalog::{self, EXAMPLE_OWNS};
use crate::source::Source;
use serde_json::Value;
use std::fmt::Write;

/// The blueprint an example route is built in.
fn example_blueprint(op: &str, route: &str, args: &str) -> String {
    format!(
        "api: Example\nbinary_media_types: [\"image/*\"]\n{EXAMPLE_OWNS}routes:\n  {route}:\n    {op}: {args}\n"
    )
}

/// The model of one operation's example, or the blueprint and its problems.
pub fn example(op: &str, route: &str, args: &str) -> Result<RestApi, String> {
    let text = example_blueprint(op, route, args);
    crate::synth::model(&Source::new("example.yaml", &text)).map_err(|diags| {
        let msgs: Vec<String> = diags.iter().map(|d| d.message.clone()).collect();
        format!("{text}\n{}", msgs.join("\n"))
    })
}

/// A schema's type in a few words (`string`, `integer`, `[string]`, `Grant`, `a | b`).
fn type_words(s: &Value) -> String {
    if let Some(r) = s.get("$ref").and_then(Value::as_str) {
        return r.rsplit('/').next().unwrap_or(r).to_string();
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        let v: Vec<String> = e
            .iter()
            .map(|x| x.as_str().map_or(x.to_string(), |s| format!("`{s}`")))
            .collect();
        return v.join(" \\| ");
    }
    if let Some(any) = s
        .get("anyOf")
        .or_else(|| s.get("oneOf"))
        .and_then(Value::as_array)
    {
        let v: Vec<String> = any
            .iter()
            .filter(|x| x.get("type").and_then(Value::as_str) != Some("null"))
            .map(type_words)
            .collect();
        return v.join(" \\| ");
    }
    match s.get("type") {
        Some(Value::String(t)) if t == "array" => {
            format!("[{}]", s.get("items").map_or("any".into(), type_words))
        }
        Some(Value::String(t)) if t == "object" => match s.get("additionalProperties") {
            Some(v @ Value::Object(_)) => format!("map of {}", type_words(v)),
            _ => "mapping".into(),
        },
        Some(Value::String(t)) => t.clone(),
        Some(Value::Array(ts)) => {
            let v: Vec<&str> = ts
                .iter()
                .filter_map(Value::as_str)
                .filter(|t| *t != "null")
                .collect();
            v.join(" \\| ")
        }
        _ => "any".into(),
    }
}

/// One line of Markdown table text (no pipes or line breaks inside a cell).
fn cell(s: &str) -> String {
    s.replace('|', "\\|").replace('\n', " ")
}

/// The argument table of operation `op` from the blueprint schema.
fn arguments(schema: &Value, op: &str, out: &mut String) {
    let prop = schema.pointer(&format!(
        "/$defs/Route/properties/{}",
        op.replace('/', "~1")
    ));
    let def = prop
        .and_then(|p| p.get("$ref"))
        .and_then(Value::as_str)
        .and_then(|r| schema.pointer(r.trim_start_matches('#')))
        .or(prop);
    let Some(def) = def else { return };
    if let Some(d) = prop
        .and_then(|p| p.get("description"))
        .and_then(Value::as_str)
    {
        let _ = writeln!(out, "{d}\n");
    }
    let props = def.get("properties").and_then(Value::as_object);
    let Some(props) = props.filter(|p| !p.is_empty()) else {
        out.push_str("No arguments: write `{}`.\n\n");
        return;
    };
    let required: Vec<&str> = def
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    out.push_str("| argument | type | required | what it is |\n|---|---|---|---|\n");
    for (name, s) in props {
        let _ = writeln!(
            out,
            "| `{name}` | {} | {} | {} |",
            cell(&type_words(s)),
            if required.contains(&name.as_str()) {
                "yes"
            } else {
                ""
            },
            cell(s.get("description").and_then(Value::as_str).unwrap_or(""))
        );
    }
    out.push('\n');
}

/// What the example's method gets by default: the call, templates, responses.
fn defaults(m: &Method, out: &mut String) {
    let i = &m.integration;
    if i.is_mock() {
        out.push_str("- Answered by API Gateway itself (a `MOCK` integration).\n");
    } else {
        let _ = writeln!(
            out,
            "- Calls `{} {}` ({}).",
            i.http_method,
            i.uri(),
            i.type_name()
        );
    }
    if !i.request_templates.is_empty() {
        let cts: Vec<String> = i
            .request_templates
            .keys()
            .map(|c| format!("`{c}`"))
            .collect();
        let _ = writeln!(out, "- Request templates for {}.", cts.join(", "));
    }
    let declared: Vec<String> = m
        .request_parameters
        .keys()
        .map(|p| format!("`{p}`"))
        .collect();
    if !declared.is_empty() {
        let _ = writeln!(out, "- Declares {}.", declared.join(", "));
    }
    let rules: Vec<String> = i
        .responses
        .iter()
        .map(|r| {
            let templates = if r.templates.is_empty() {
                String::new()
            } else {
                " (with a response template)".into()
            };
            match &r.selection_pattern {
                Some(p) => format!("`{p}` -> {}{templates}", r.status),
                None => format!("default -> {}{templates}", r.status),
            }
        })
        .collect();
    if !rules.is_empty() {
        let _ = writeln!(out, "- Integration responses: {}.", rules.join(", "));
    }
}

/// The IAM the example gets: the execution role's grants, and each generated function's.
fn iam(api: &RestApi, m: &Method, out: &mut String) {
    let grants = |perms: &[crate::model::Permission]| -> Vec<String> {
        perms
            .iter()
            .map(|p| {
                let rs: Vec<String> = p.resources.iter().map(|r| format!("`{r}`")).collect();
                format!("`{}` on {}", p.actions.join("`, `"), rs.join(", "))
            })
            .collect()
    };
    let role = grants(&m.integration.permissions);
    if !role.is_empty() {
        let _ = writeln!(out, "- IAM (execution role): {}.", role.join("; "));
    }
    for f in api.functions() {
        let _ = writeln!(
            out,
            "- IAM (generated function `{}`): {}.",
            f.name,
            grants(&f.permissions).join("; ")
        );
    }
}

/// The whole reference as Markdown.
pub fn operations_markdown() -> String {
    let schema = &crate::lower::operations().schema;
    let mut out = String::from(
        "# Operations\n\nEvery operation a route can name, generated by `gatewright operations` from \
         the code (a test keeps this file equal to it). Each example is built in a blueprint that \
         owns the queue `jobs`, the topic `alerts` and the bucket `uploads`; the defaults and IAM \
         listed are what that example gets. A route may override the defaults (see the README); \
         `${jobs.arn}` stands for the deployed queue's ARN.\n\n",
    );
    for (op, route, args) in catalog::examples() {
        let _ = writeln!(out, "## `{op}`\n");
        arguments(schema, &op, &mut out);
        let _ = writeln!(
            out,
            "Example:\n\n```yaml\nroutes:\n  {route}:\n    {op}: {args}\n```\n"
        );
        match example(&op, route, args) {
            Ok(api) => {
                if let Some(m) = api.methods.first() {
                    defaults(m, &mut out);
                    iam(&api, m, &mut out);
                }
            }
            Err(e) => {
                let _ = writeln!(out, "(the example does not build: {e})");
            }
        }
        out.push('\n');
    }
    out
}
