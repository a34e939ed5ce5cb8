//! The DynamoDB operations' URIs, templates, responses and IAM.

use super::*;
use crate::model::owned::{Index, KeyAttr, KeySchema, KeyType, Projection, Table};
use crate::model::{ApiPath, HttpMethod, Operation, Owned, ParamIn, RequestParam};

fn p(s: &str) -> ApiPath {
    ApiPath::parse(s).unwrap()
}

fn owned() -> Owned {
    let mut t = Table::new(KeyAttr::new("id", KeyType::S));
    t.indexes.insert(
        "by_customer".into(),
        Index {
            key: KeySchema {
                partition: KeyAttr::new("customer", KeyType::S),
                sort: Some(KeyAttr::new("total", KeyType::N)),
            },
            projection: Projection::All,
            capacity: None,
        },
    );
    let mut o = Owned::default();
    o.tables.insert("orders".into(), t);
    o
}

fn statuses(m: &crate::model::Method) -> Vec<&str> {
    m.responses.iter().map(|r| r.status.as_str()).collect()
}

#[test]
fn put_item_writes_the_body_on_the_owned_table_only() {
    let op = PutItem {
        table: "orders".into(),
        create_only: true,
        ..PutItem::default()
    };
    let m = op
        .build_in(&p("/orders/{id}"), HttpMethod::Put, &owned())
        .unwrap();
    let i = &m.integration;
    assert_eq!(i.uri_suffix().to_string(), "dynamodb:action/PutItem");
    assert_eq!(i.permissions.len(), 1);
    assert_eq!(i.permissions[0].actions, ["dynamodb:PutItem"]);
    assert_eq!(i.permissions[0].resources[0].to_string(), "${orders.arn}");
    let t = i.request_templates["application/json"].to_string();
    assert!(t.contains("\"TableName\": \"${orders.name}\""), "{t}");
    assert!(
        t.contains("\"id\": {\"S\": \"$util.escapeJavaScript($input.params().path.get('id'))"),
        "{t}"
    );
    assert!(t.contains("attribute_not_exists($hk)"), "{t}");
    assert_eq!(statuses(&m), ["200", "400", "409", "500"]);
    assert!(m.request_parameters[&RequestParam::new(ParamIn::Path, "id")]);
    let err = i.responses.iter().find(|r| r.status == "400").unwrap();
    assert!(
        err.templates["application/json"]
            .to_string()
            .contains("responseOverride.status = 409")
    );
}

#[test]
fn get_item_answers_404_for_a_missing_item() {
    let m = GetItem {
        table: "orders".into(),
        ..GetItem::default()
    }
    .build_in(&p("/orders/{id}"), HttpMethod::Get, &owned())
    .unwrap();
    assert_eq!(m.integration.permissions[0].actions, ["dynamodb:GetItem"]);
    assert_eq!(statuses(&m), ["200", "400", "404", "500"]);
    let ok = m.integration.responses[0].templates["application/json"].to_string();
    assert!(ok.contains("$input.path('$.Item')"), "{ok}");
    assert!(ok.contains("responseOverride.status = 404"), "{ok}");
    // No condition: a client error passes through as DynamoDB wrote it.
    assert!(m.integration.responses[1].templates.is_empty());
}

#[test]
fn update_and_delete_name_their_action_and_statuses() {
    let m = UpdateItem {
        table: "orders".into(),
        must_exist: true,
        fields: Some(vec!["status".into()]),
        ..UpdateItem::default()
    }
    .build_in(&p("/orders/{id}"), HttpMethod::Patch, &owned())
    .unwrap();
    assert_eq!(
        m.integration.permissions[0].actions,
        ["dynamodb:UpdateItem"]
    );
    assert_eq!(statuses(&m), ["200", "400", "404", "500"]);
    let t = m.integration.request_templates["application/json"].to_string();
    assert!(t.contains("#set($only = ['status'])"), "{t}");
    assert!(t.contains("\"ReturnValues\": \"ALL_NEW\""), "{t}");
    let m = DeleteItem {
        table: "orders".into(),
        key: [("id".to_string(), "query.id".to_string())].into(),
    }
    .build_in(&p("/orders"), HttpMethod::Delete, &owned())
    .unwrap();
    assert_eq!(
        m.integration.permissions[0].actions,
        ["dynamodb:DeleteItem"]
    );
    assert!(m.request_parameters[&RequestParam::new(ParamIn::Query, "id")]);
}

#[test]
fn query_on_an_index_is_allowed_on_that_index_only() {
    let m = Query {
        table: "orders".into(),
        index: Some("by_customer".into()),
        sort: Some(SortCondition {
            between: Some(["query.min".into(), "query.max".into()]),
            ..SortCondition::default()
        }),
        limit: Some(10),
        ..Query::default()
    }
    .build_in(
        &p("/customers/{customer}/orders"),
        HttpMethod::Get,
        &owned(),
    )
    .unwrap();
    let perm = &m.integration.permissions[0];
    assert_eq!(perm.actions, ["dynamodb:Query"]);
    assert_eq!(
        perm.resources[0].to_string(),
        "${orders.arn}/index/by_customer"
    );
    let t = m.integration.request_templates["application/json"].to_string();
    assert!(t.contains("$hs BETWEEN :s0 AND :s1"), "{t}");
    assert!(t.contains("\"IndexName\": \"by_customer\""), "{t}");
    assert!(t.contains("\"Limit\": 10"), "{t}");
    assert!(t.contains(":s1\": {\"N\""), "{t}");
    // The page token is optional; the sort values are read where the route gives them.
    assert!(!m.request_parameters[&RequestParam::new(ParamIn::Query, "next")]);
    assert!(m.request_parameters[&RequestParam::new(ParamIn::Path, "customer")]);
    let ok = m.integration.responses[0].templates["application/json"].to_string();
    assert!(ok.contains("LastEvaluatedKey"), "{ok}");
}

#[test]
fn scan_reads_the_table() {
    let m = Scan {
        table: "orders".into(),
        page_param: Some("page".into()),
        ..Scan::default()
    }
    .build_in(&p("/orders"), HttpMethod::Get, &owned())
    .unwrap();
    assert_eq!(m.integration.permissions[0].actions, ["dynamodb:Scan"]);
    assert_eq!(
        m.integration.permissions[0].resources[0].to_string(),
        "${orders.arn}"
    );
    assert!(!m.request_parameters[&RequestParam::new(ParamIn::Query, "page")]);
}

#[test]
fn refuses_what_cannot_work() {
    let o = owned();
    let field = |r: Result<crate::model::Method, crate::model::OpError>| r.unwrap_err().field;
    let get = |table: &str, key: &[(&str, &str)], route: &str| {
        GetItem {
            table: table.into(),
            key: key
                .iter()
                .map(|(a, b)| (a.to_string(), b.to_string()))
                .collect(),
            ..GetItem::default()
        }
        .build_in(&p(route), HttpMethod::Get, &o)
    };
    let e = get("ordres", &[], "/o/{id}").unwrap_err();
    assert_eq!(e.field, Some("table"));
    assert!(e.help.unwrap().contains("did you mean `orders`"));
    // No `{id}` in the route and no `key:` for it.
    assert_eq!(field(get("orders", &[], "/o")), Some("key"));
    assert_eq!(
        field(get("orders", &[("sku", "{id}")], "/o/{id}")),
        Some("key")
    );
    assert_eq!(
        field(get("orders", &[("id", "{nope}")], "/o/{id}")),
        Some("key")
    );
    let q = |index: Option<&str>, sort: Option<SortCondition>, limit: Option<u32>| {
        Query {
            table: "orders".into(),
            index: index.map(str::to_string),
            sort,
            limit,
            ..Query::default()
        }
        .build_in(&p("/c/{customer}/{id}"), HttpMethod::Get, &o)
    };
    assert_eq!(field(q(Some("by_nothing"), None, None)), Some("index"));
    assert_eq!(
        field(q(
            None,
            Some(SortCondition {
                eq: Some("{id}".into()),
                ..SortCondition::default()
            }),
            None
        )),
        Some("sort")
    );
    assert_eq!(
        field(q(
            Some("by_customer"),
            Some(SortCondition {
                begins_with: Some("x".into()),
                ..SortCondition::default()
            }),
            None
        )),
        Some("sort")
    );
    assert_eq!(field(q(None, None, Some(0))), Some("limit"));
    let two = SortCondition {
        lt: Some("1".into()),
        gt: Some("0".into()),
        ..SortCondition::default()
    };
    assert_eq!(field(q(Some("by_customer"), Some(two), None)), Some("sort"));
    let put = PutItem {
        table: "orders".into(),
        fields: Some(vec!["bad field".into()]),
        ..PutItem::default()
    };
    assert_eq!(
        field(put.build_in(&p("/o/{id}"), HttpMethod::Put, &o)),
        Some("fields")
    );
}
