//! The client request to simulate, read from `'POST /tasks?x=1'`, headers and a body, and the
//! method of the API it reaches.

use crate::model::{HttpMethod, Method, RestApi, Segment};
use crate::vtl::url_decode;

/// A request as a client sends it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Request {
    /// `GET`, `POST`, ...
    pub verb: String,
    /// The path, without the stage (`/tasks/42`).
    pub path: String,
    /// Query string parameters, decoded, in order.
    pub query: Vec<(String, String)>,
    /// Headers, in order.
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl Request {
    /// Reads `METHOD /path?query`; `Err` says what is wrong.
    pub fn parse(line: &str) -> Result<Request, String> {
        let mut words = line.split_whitespace();
        let (Some(verb), Some(target), None) = (words.next(), words.next(), words.next()) else {
            return Err(format!(
                "`{line}` is not `METHOD /path?query` (for example 'POST /tasks?x=1')"
            ));
        };
        let verb = verb.to_ascii_uppercase();
        if HttpMethod::parse(&verb).is_none_or(|m| m == HttpMethod::Any) {
            return Err(format!(
                "`{verb}` is not an HTTP method (GET, PUT, POST, DELETE, HEAD, OPTIONS, PATCH)"
            ));
        }
        if !target.starts_with('/') {
            return Err(format!("the path `{target}` must start with `/`"));
        }
        let (path, query) = target.split_once('?').unwrap_or((target, ""));
        let mut q = Vec::new();
        for pair in query.split('&').filter(|p| !p.is_empty()) {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            let dec = |s: &str| url_decode(s).map_err(|e| format!("in the query string: {e}"));
            q.push((dec(k)?, dec(v)?));
        }
        Ok(Request {
            verb,
            path: path.to_string(),
            query: q,
            headers: Vec::new(),
            body: String::new(),
        })
    }

    /// The value of header `name`, any case.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The value of query string parameter `name` (the last one given).
    pub fn query_param(&self, name: &str) -> Option<&str> {
        self.query
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Path parameters by name.
pub type Params = Vec<(String, String)>;

/// The method a request reaches and its path parameters: literal segments before variables,
/// variables before a greedy `{name+}`, and a method of the verb before `ANY`, as API
/// Gateway routes.
pub fn route<'a>(api: &'a RestApi, req: &Request) -> Option<(&'a Method, Params)> {
    let parts: Vec<String> = req
        .path
        .trim_matches('/')
        .split('/')
        .filter(|s| !s.is_empty())
        .map(|s| url_decode(&s.replace('+', "%2B")).unwrap_or_else(|_| s.to_string()))
        .collect();
    let mut best: Option<(Vec<u8>, &Method, Params)> = None;
    for m in &api.methods {
        if m.verb.as_str() != req.verb && m.verb != HttpMethod::Any {
            continue;
        }
        let Some((mut rank, params)) = matches(m.path.segments(), &parts) else {
            continue;
        };
        rank.push(u8::from(m.verb != HttpMethod::Any));
        if best.as_ref().is_none_or(|(r, _, _)| rank > *r) {
            best = Some((rank, m, params));
        }
    }
    best.map(|(_, m, p)| (m, p))
}

/// Whether `segments` match `parts`, with a rank (higher is more specific) and the values of
/// the path variables.
fn matches(segments: &[Segment], parts: &[String]) -> Option<(Vec<u8>, Params)> {
    let mut rank = Vec::new();
    let mut params = Vec::new();
    for (k, seg) in segments.iter().enumerate() {
        match seg {
            Segment::Literal(l) => {
                if parts.get(k) != Some(l) {
                    return None;
                }
                rank.push(2);
            }
            Segment::Param {
                name,
                greedy: false,
            } => {
                params.push((name.clone(), parts.get(k)?.clone()));
                rank.push(1);
            }
            Segment::Param { name, greedy: true } => {
                if parts.len() <= k {
                    return None;
                }
                params.push((name.clone(), parts[k..].join("/")));
                rank.push(0);
                return Some((rank, params));
            }
        }
    }
    (parts.len() == segments.len()).then_some((rank, params))
}
