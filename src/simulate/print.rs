//! A simulation printed as API Gateway's test-invoke execution log, or as JSON for machines.

use super::{REQUEST_ID, Trace};
use serde_json::{Value, json};

/// `{a=1, b=2}`, as the execution log prints maps.
fn pairs(v: &[(String, String)]) -> String {
    let inner: Vec<String> = v.iter().map(|(k, x)| format!("{k}={x}")).collect();
    format!("{{{}}}", inner.join(", "))
}

/// The execution log of the simulation, line by line, as the console's test invocation
/// shows it (without timestamps).
pub fn text(t: &Trace) -> String {
    let mut out: Vec<String> = vec![
        format!("Execution log for request {REQUEST_ID}"),
        format!("Starting execution for request: {REQUEST_ID}"),
    ];
    let r = &t.request;
    let resource = t
        .route
        .as_deref()
        .and_then(|x| x.split_once(' '))
        .map_or("(no match)".to_string(), |(_, p)| p.to_string());
    out.push(format!(
        "HTTP Method: {}, Resource Path: {resource}",
        r.verb
    ));
    out.push(format!("Method request path: {}", pairs(&t.path_params)));
    out.push(format!("Method request query string: {}", pairs(&r.query)));
    out.push(format!("Method request headers: {}", pairs(&r.headers)));
    out.push(format!(
        "Method request body before transformations: {}",
        r.body
    ));
    out.extend(t.log.iter().cloned());
    if let Some(e) = &t.endpoint {
        out.push(format!("Endpoint request URI: {}", e.uri));
        out.push(format!("Endpoint request headers: {}", pairs(&e.headers)));
        out.push(format!(
            "Endpoint request body after transformations: {}",
            e.body
        ));
        match &t.service {
            Some(s) => {
                out.push(format!("Sending request to {}", e.uri));
                out.push(format!(
                    "Received response. Status: {}, Integration latency: 0 ms",
                    s.status
                ));
                out.push(format!("Endpoint response headers: {}", pairs(&s.headers)));
                out.push(format!(
                    "Endpoint response body before transformations: {}",
                    s.body
                ));
            }
            None => out.push(
                "(no service response given: pass --service-response STATUS @FILE to see the method response)".into(),
            ),
        }
    }
    if let Some(m) = &t.response {
        out.push(format!(
            "Method response body after transformations: {}",
            m.body
        ));
        out.push(format!("Method response headers: {}", pairs(&m.headers)));
        out.push("Successfully completed execution".into());
        out.push(format!("Method completed with status: {}", m.status));
    }
    if let Some(a) = &t.answer {
        out.push(format!("Method response body: {}", a.body));
        out.push(format!(
            "Method response headers: {{x-amzn-ErrorType={}}}",
            a.error_type
        ));
        out.push(format!("Method completed with status: {}", a.status));
    }
    for n in &t.notes {
        out.push(format!("note: {n}"));
    }
    out.join("\n") + "\n"
}

fn obj(v: &[(String, String)]) -> Value {
    Value::Object(
        v.iter()
            .map(|(k, x)| (k.clone(), Value::String(x.clone())))
            .collect(),
    )
}

/// The simulation as one JSON object.
pub fn json(t: &Trace) -> Value {
    let r = &t.request;
    json!({
        "requestId": REQUEST_ID,
        "route": t.route,
        "methodRequest": {
            "httpMethod": r.verb,
            "path": r.path,
            "pathParameters": obj(&t.path_params),
            "queryString": obj(&r.query),
            "headers": obj(&r.headers),
            "body": r.body,
        },
        "endpointRequest": t.endpoint.as_ref().map(|e| json!({
            "uri": e.uri,
            "headers": obj(&e.headers),
            "body": e.body,
            "template": e.template,
        })),
        "endpointResponse": t.service.as_ref().map(|s| json!({
            "status": s.status,
            "headers": obj(&s.headers),
            "body": s.body,
        })),
        "methodResponse": t.response.as_ref().map(|m| json!({
            "integrationStatus": m.integration_status,
            "selectionPattern": m.selection_pattern,
            "status": m.status,
            "headers": obj(&m.headers),
            "body": m.body,
            "template": m.template,
        })),
        "gatewayResponse": t.answer.as_ref().map(|a| json!({
            "status": a.status,
            "errorType": a.error_type,
            "body": a.body,
        })),
        "log": t.log,
        "notes": t.notes,
    })
}
