//! DynamoDB's reads of many items: `query` (one partition of the table or of an index,
//! optionally narrowed on the sort key) and `scan`, both a page at a time.

use super::request::{Call, method, owned_table, request, typed, value_of};
use crate::codes;
use crate::model::owned::{KeyAttr, Table, index_arn, table_arn};
use crate::model::{
    ApiPath, HttpMethod, Method, OpError, Operation, Owned, ParamIn, RequestParam, Text,
};
use crate::services::args::check_range;
use crate::services::vtl::{self, Declared};
use schemars::JsonSchema;
use serde::Deserialize;
use serde_json::json;

/// A condition on the sort key: exactly one of its fields, with where the value comes from
/// (`{param}`, `query.<name>`, `header.<name>` or fixed). A value from the query string that
/// the request leaves out drops the condition.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SortCondition {
    /// Sort key equal to the value.
    #[serde(default)]
    pub eq: Option<String>,
    /// Sort key less than the value.
    #[serde(default)]
    pub lt: Option<String>,
    /// Sort key at most the value.
    #[serde(default)]
    pub le: Option<String>,
    /// Sort key greater than the value.
    #[serde(default)]
    pub gt: Option<String>,
    /// Sort key at least the value.
    #[serde(default)]
    pub ge: Option<String>,
    /// Sort key starting with the value (string and binary keys).
    #[serde(default)]
    pub begins_with: Option<String>,
    /// Sort key between the two values, both included.
    #[serde(default)]
    pub between: Option<[String; 2]>,
}

impl SortCondition {
    /// The operator and its values, when exactly one is given.
    fn op(&self) -> Option<(&'static str, Vec<&String>)> {
        let all = [
            ("=", self.eq.as_ref().map(|v| vec![v])),
            ("<", self.lt.as_ref().map(|v| vec![v])),
            ("<=", self.le.as_ref().map(|v| vec![v])),
            (">", self.gt.as_ref().map(|v| vec![v])),
            (">=", self.ge.as_ref().map(|v| vec![v])),
            ("begins_with", self.begins_with.as_ref().map(|v| vec![v])),
            ("between", self.between.as_ref().map(|[a, b]| vec![a, b])),
        ];
        let mut given = all.into_iter().filter_map(|(o, v)| v.map(|v| (o, v)));
        let first = given.next()?;
        given.next().is_none().then_some(first)
    }
}

/// `dynamodb.query`: the items of one partition (of the table, or of an index), a page at a
/// time, as `{"items": [...], "next": token}`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Query {
    /// A table the blueprint owns.
    pub table: String,
    /// Query this global secondary index of the table instead of the table.
    #[serde(default)]
    pub index: Option<String>,
    /// Where the partition key's value comes from (default: the path parameter named as the
    /// partition key).
    #[serde(default)]
    pub partition: Option<String>,
    /// A condition on the sort key: `{ begins_with: "query.prefix" }`, `{ between: [a, b] }`.
    #[serde(default)]
    pub sort: Option<SortCondition>,
    /// At most this many items a page (1 to 1000; default: DynamoDB's 1 MB page).
    #[serde(default)]
    pub limit: Option<u32>,
    /// Newest (highest sort key) first.
    #[serde(default)]
    pub descending: bool,
    /// The query parameter carrying the `next` token of the previous page (default `next`).
    #[serde(default)]
    pub page_param: Option<String>,
}

/// `dynamodb.scan`: every item of the table (or an index), a page at a time, as
/// `{"items": [...], "next": token}`.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scan {
    /// A table the blueprint owns.
    pub table: String,
    /// Scan this global secondary index of the table instead of the table.
    #[serde(default)]
    pub index: Option<String>,
    /// At most this many items a page (1 to 1000; default: DynamoDB's 1 MB page).
    #[serde(default)]
    pub limit: Option<u32>,
    /// The query parameter carrying the `next` token of the previous page (default `next`).
    #[serde(default)]
    pub page_param: Option<String>,
}

/// The key attributes of the index `index` of `t` (or of the table), and the resource ARN the
/// role is allowed on.
fn keys_of<'a>(
    table: &str,
    t: &'a Table,
    index: Option<&str>,
) -> Result<(Vec<&'a KeyAttr>, Text), OpError> {
    match index {
        None => Ok((t.key.attrs(), table_arn(table))),
        Some(i) => {
            let x = t.indexes.get(i).ok_or_else(|| {
                let known: Vec<&str> = t.indexes.keys().map(String::as_str).collect();
                OpError::field(
                    codes::ARGUMENT,
                    "index",
                    format!("the table `{table}` has no index `{i}`"),
                )
                .help(if known.is_empty() {
                    "declare it under the table's `indexes:`".to_string()
                } else {
                    format!("its indexes are {}", known.join(", "))
                })
            })?;
            Ok((x.key.attrs(), index_arn(table, i)))
        }
    }
}

/// `, "IndexName": ..., "Limit": ..., "ExclusiveStartKey": ...` and the head line reading the
/// page token: the token is DynamoDB's LastEvaluatedKey as JSON in base64, whose key
/// attributes (those of the table and of the index, known here) are copied one by one with
/// their declared types, so a token can name a place to start and nothing else.
fn paging(
    t: &Table,
    index: Option<&str>,
    limit: Option<u32>,
    page_param: Option<&str>,
    declared: &mut Declared<'_>,
) -> Result<(String, String), OpError> {
    check_range(limit, 1..=1000, "limit")?;
    let param = page_param.unwrap_or("next");
    if param.is_empty()
        || !param
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return Err(OpError::field(
            codes::ARGUMENT,
            "page_param",
            format!("`{param}` is not a query parameter name (letters, digits, `_`, `-`)"),
        ));
    }
    declared
        .params
        .insert(RequestParam::new(ParamIn::Query, param), false);
    let mut attrs: Vec<&KeyAttr> = t.key.attrs();
    if let Some(i) = index.and_then(|i| t.indexes.get(i)) {
        for a in i.key.attrs() {
            if !attrs.iter().any(|b| b.name == a.name) {
                attrs.push(a);
            }
        }
    }
    let head = format!(
        "#set($token = $input.params().querystring.get({}))\n",
        vtl::string_literal(param)
    );
    let start: Vec<String> = attrs
        .iter()
        .map(|a| {
            let expr = format!(
                "$start.get({}).{}",
                vtl::string_literal(&a.name),
                a.ty.letter()
            );
            format!(
                "{}: {}",
                super::request::json_literal(&a.name),
                typed(a.ty, &expr)
            )
        })
        .collect();
    let mut rest = String::new();
    if let Some(i) = index {
        rest.push_str(&format!(
            ", \"IndexName\": {}",
            super::request::json_literal(i)
        ));
    }
    if let Some(l) = limit {
        rest.push_str(&format!(", \"Limit\": {l}"));
    }
    rest.push_str(&format!(
        "#if(\"$!token\" != \"\")#set($start = $util.parseJson($util.base64Decode($token))), \"ExclusiveStartKey\": {{{}}}#end",
        start.join(", ")
    ));
    Ok((head, rest))
}

fn items_template() -> Text {
    vtl::render("dynamodb_items", &json!({}), &[])
}

impl Operation for Query {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let t = owned_table(&self.table, owned)?;
        let (keys, resource) = keys_of(&self.table, t, self.index.as_deref())?;
        let mut declared = Declared::new(path);
        let pk = keys[0];
        let pk_value = value_of(
            pk,
            self.partition.as_ref(),
            path,
            false,
            &mut declared,
            "partition",
        )?;
        let mut head = String::from("#set($hp = '#p')#set($hs = '#s')");
        let mut names = vec![format!(
            "\"$hp\": {}",
            super::request::json_literal(&pk.name)
        )];
        let mut values = vec![format!("\":p\": {}", typed(pk.ty, &pk_value))];
        let mut expr = "$hp = :p".to_string();
        if let Some(sort) = &self.sort {
            let Some(sk) = keys.get(1) else {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "sort",
                    "a sort condition needs a sort key, and this table or index has none",
                ));
            };
            let Some((op, raw)) = sort.op() else {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "sort",
                    "give exactly one condition on the sort key",
                )
                .help("for example `sort: { begins_with: query.prefix }` or `sort: { between: [\"{from}\", \"{to}\"] }`"));
            };
            if op == "begins_with" && sk.ty == crate::model::owned::KeyType::N {
                return Err(OpError::field(
                    codes::ARGUMENT,
                    "sort",
                    format!(
                        "`begins_with` applies to string and binary sort keys; `{}` is a number",
                        sk.name
                    ),
                )
                .help("use `lt`, `le`, `gt`, `ge` or `between` on numbers"));
            }
            let mut present = Vec::new();
            for (n, r) in raw.iter().enumerate() {
                let v = value_of(sk, Some(r), path, false, &mut declared, "sort")?;
                head.push_str(&format!("#set($s{n} = {v})"));
                present.push(format!("\"$!s{n}\" != \"\""));
                values.push(format!("\":s{n}\": {}", typed(sk.ty, &format!("$s{n}"))));
            }
            names.push(format!(
                "\"$hs\": {}",
                super::request::json_literal(&sk.name)
            ));
            let cond = match op {
                "begins_with" => "begins_with($hs, :s0)".to_string(),
                "between" => "$hs BETWEEN :s0 AND :s1".to_string(),
                o => format!("$hs {o} :s0"),
            };
            // The condition is there only when its values are: a query parameter the request
            // leaves out reads the whole partition.
            let when = format!("#if({})", present.join(" && "));
            expr = format!("{expr}{when} AND {cond}#end");
            let last_name = names.pop().unwrap_or_default();
            names.push(format!("{when}, {last_name}#end"));
            let sort_values: Vec<String> = values.split_off(1);
            values.push(format!("{when}, {}#end", sort_values.join(", ")));
        }
        let (page_head, page_rest) = paging(
            t,
            self.index.as_deref(),
            self.limit,
            self.page_param.as_deref(),
            &mut declared,
        )?;
        let names_json = join_members(&names);
        let values_json = join_members(&values);
        let mut rest = format!(
            ", \"KeyConditionExpression\": \"{expr}\", \"ExpressionAttributeNames\": {{{names_json}}}, \"ExpressionAttributeValues\": {{{values_json}}}"
        );
        if self.descending {
            rest.push_str(", \"ScanIndexForward\": false");
        }
        rest.push_str(&page_rest);
        let req = request(&self.table, &format!("{head}\n{page_head}"), &rest);
        let call = Call {
            ok: Some(items_template()),
            ..Call::new("Query", "Read a page of the items of a partition")
        };
        Ok(method(path, verb, call, resource, req, declared))
    }
}

/// JSON members joined by `, `, where some start with a VTL `#if(...)` that adds their own
/// `, ` when they are there.
fn join_members(members: &[String]) -> String {
    let mut out = String::new();
    for (i, m) in members.iter().enumerate() {
        if i > 0 && !m.starts_with("#if(") {
            out.push_str(", ");
        }
        out.push_str(m);
    }
    out
}

impl Operation for Scan {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let t = owned_table(&self.table, owned)?;
        let (_, resource) = keys_of(&self.table, t, self.index.as_deref())?;
        let mut declared = Declared::new(path);
        let (head, rest) = paging(
            t,
            self.index.as_deref(),
            self.limit,
            self.page_param.as_deref(),
            &mut declared,
        )?;
        let req = request(&self.table, &head, &rest);
        let call = Call {
            ok: Some(items_template()),
            ..Call::new("Scan", "Read a page of the table's items")
        };
        Ok(method(path, verb, call, resource, req, declared))
    }
}
