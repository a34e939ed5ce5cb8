//! Amazon DynamoDB through API Gateway's `dynamodb:action/<Action>` integration, on tables the
//! blueprint owns (their key types tell the templates how to type each key value).
//!
//! Items are plain JSON on both sides. Writing, the request body is the item: each top-level
//! field becomes an attribute (strings `S`, numbers `N`, booleans `BOOL`, `null` `NULL`,
//! nested objects and arrays their JSON text as `S`), key attributes are typed as the table
//! declares them and may come from the path, query string, a header or the body. Reading,
//! DynamoDB's typed JSON is turned back into plain JSON; a missing item answers 404 and a
//! failed condition 409 (`create_only`) or 404 (`must_exist`). Query and Scan answer
//! `{"items": [...], "next": token}`, the token going back as a query parameter. The role may
//! call the one action on the one table (or index) only.

mod item;
mod query;
mod request;

pub use item::{DeleteItem, GetItem, PutItem, UpdateItem};
pub use query::{Query, Scan, SortCondition};

crate::service_operations! {
    "put_item" => PutItem => |a: PutItem| a, example: ("PUT /orders/{id}", "{ table: orders, key: { id: \"{id}\" } }"),
    "get_item" => GetItem => |a: GetItem| a, example: ("GET /orders/{id}", "{ table: orders }"),
    "update_item" => UpdateItem => |a: UpdateItem| a, example: ("PATCH /orders/{id}", "{ table: orders, must_exist: true }"),
    "delete_item" => DeleteItem => |a: DeleteItem| a, example: ("DELETE /orders/{id}", "{ table: orders }"),
    "query" => Query => |a: Query| a, example: ("GET /customers/{customer}/orders", "{ table: orders, index: by_customer, limit: 25 }"),
    "scan" => Scan => |a: Scan| a, example: ("GET /orders", "{ table: orders, limit: 50 }"),
}

#[cfg(test)]
mod tests;
