//! DynamoDB's single-item operations: `put_item`, `get_item`, `update_item`, `delete_item`.

use super::request::{
    BodyLoop, Call, Failed, body_value, item_template, json_literal, json_text, key_members,
    method, owned_table, request,
};
use crate::model::owned::{Table, table_arn};
use crate::model::{ApiPath, HttpMethod, Method, OpError, Operation, Owned};
use crate::services::vtl::Declared;
use schemars::JsonSchema;
use serde::Deserialize;
use std::collections::BTreeMap;

/// `dynamodb.put_item`: write the JSON body as an item (replacing one with the same key).
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PutItem {
    /// A table the blueprint owns (`owns: { tables: { orders: ... } }`).
    pub table: String,
    /// Where each key attribute comes from: `{ id: "{id}" }`, `query.<name>`,
    /// `header.<name>`, `body.<field>` or a fixed value. By default a key attribute comes from
    /// the path parameter of its name, else from the body field of its name.
    #[serde(default)]
    pub key: BTreeMap<String, String>,
    /// Only these top-level body fields are written (default: every field of the body).
    #[serde(default)]
    pub fields: Option<Vec<String>>,
    /// Refuse to replace an existing item: the write is conditional on no item having the key,
    /// and answers 409 when one does.
    #[serde(default)]
    pub create_only: bool,
}

/// `dynamodb.get_item`: the item with the key, as plain JSON; 404 when there is none.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct GetItem {
    /// A table the blueprint owns.
    pub table: String,
    /// Where each key attribute comes from (default: the path parameter of its name).
    #[serde(default)]
    pub key: BTreeMap<String, String>,
    /// Read the latest write (strongly consistent read, twice the read cost).
    #[serde(default)]
    pub consistent_read: bool,
}

/// `dynamodb.update_item`: set the body's top-level fields on the item with the key (creating
/// it unless `must_exist`), answering the whole updated item.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct UpdateItem {
    /// A table the blueprint owns.
    pub table: String,
    /// Where each key attribute comes from (default: the path parameter of its name, else the
    /// body field of its name).
    #[serde(default)]
    pub key: BTreeMap<String, String>,
    /// Only these top-level body fields are set (default: every field of the body).
    #[serde(default)]
    pub fields: Option<Vec<String>>,
    /// Update existing items only: answers 404 when no item has the key.
    #[serde(default)]
    pub must_exist: bool,
}

/// `dynamodb.delete_item`: delete the item with the key, answering it as it was; 404 when
/// there was none.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct DeleteItem {
    /// A table the blueprint owns.
    pub table: String,
    /// Where each key attribute comes from (default: the path parameter of its name).
    #[serde(default)]
    pub key: BTreeMap<String, String>,
}

const NOT_FOUND: &str = "no item has this key";

/// `"ConditionExpression": "<f>(#k)"` on the partition key, named through a placeholder so
/// reserved words are safe (`$hk` is `#k`, see [`super::request::HASH`]).
fn condition(function: &str, partition: &str) -> String {
    format!(
        ", \"ConditionExpression\": \"{function}($hk)\", \"ExpressionAttributeNames\": {{\"$hk\": {}}}",
        json_literal(partition)
    )
}

/// What an item action writes after its key: VTL lines before the request, the request's
/// other members, and what a failed condition answers.
type Written = (String, String, Option<Failed>);

/// The item an action works on: the owned table, where each key attribute comes from, and
/// whether one may come from the body.
struct Item<'a> {
    table: &'a str,
    key: &'a BTreeMap<String, String>,
    from_body: bool,
}

impl<'a> Item<'a> {
    /// The item of `table` with `key`, whose attributes may come from the body when
    /// `from_body`.
    fn new(table: &'a str, key: &'a BTreeMap<String, String>, from_body: bool) -> Item<'a> {
        Item {
            table,
            key,
            from_body,
        }
    }
}

/// The method of `call` on one item: the key members, read as the item says, joined and
/// given to `write` with the table, which writes the rest of the request.
fn on_item(
    path: &ApiPath,
    verb: HttpMethod,
    owned: &Owned,
    Item {
        table,
        key,
        from_body,
    }: Item,
    mut call: Call,
    write: impl FnOnce(&Table, String) -> Result<Written, OpError>,
) -> Result<Method, OpError> {
    let t = owned_table(table, owned)?;
    let mut declared = Declared::new(path);
    let key = key_members(t, key, path, from_body, &mut declared)?.join(", ");
    let (head, rest, failed) = write(t, key)?;
    call.failed = failed;
    let req = request(table, &head, &rest);
    Ok(method(path, verb, call, table_arn(table), req, declared))
}

/// The body loop over the fields of the body that are not key attributes of `t`.
fn body_fields(t: &Table, only: Option<&[String]>) -> Result<BodyLoop, OpError> {
    let names: Vec<&str> = t.key.attrs().iter().map(|a| a.name.as_str()).collect();
    BodyLoop::new(&names, only)
}

impl Operation for PutItem {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let call = Call::new("PutItem", "Write the body as an item");
        let item = Item::new(&self.table, &self.key, true);
        on_item(path, verb, owned, item, call, |t, key| {
            let body = body_fields(t, self.fields.as_deref())?;
            let fields = body.each(&format!(", \"{}\": {}", json_text("$f"), body_value()));
            let mut rest = format!(", \"Item\": {{{key}{fields}}}");
            let failed = self.create_only.then(|| {
                rest.push_str(&condition("attribute_not_exists", &t.key.partition.name));
                Failed {
                    status: 409,
                    message: "an item with this key exists",
                }
            });
            Ok((body.head(), rest, failed))
        })
    }
}

impl Operation for GetItem {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let call = Call {
            ok: Some(item_template("Item", NOT_FOUND)),
            missing: true,
            ..Call::new("GetItem", "Read the item with the key")
        };
        let item = Item::new(&self.table, &self.key, false);
        on_item(path, verb, owned, item, call, |_, key| {
            let mut rest = format!(", \"Key\": {{{key}}}");
            if self.consistent_read {
                rest.push_str(", \"ConsistentRead\": true");
            }
            Ok((String::new(), rest, None))
        })
    }
}

impl Operation for UpdateItem {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let call = Call {
            ok: Some(item_template("Attributes", NOT_FOUND)),
            missing: self.must_exist,
            ..Call::new("UpdateItem", "Set the body's fields on the item")
        };
        let item = Item::new(&self.table, &self.key, true);
        on_item(path, verb, owned, item, call, |t, key| {
            // Each body field becomes `#a<n> = :v<n>` in `SET`, with its name and value, all
            // three numbered in the same order.
            let body = body_fields(t, self.fields.as_deref())?;
            let counted = |inner: &str| {
                format!(
                    "#set($n = 0){}",
                    body.each(&format!("#if($n > 0), #end{inner}#set($n = $n + 1)"))
                )
            };
            let set = counted("$ha$n = :v$n");
            let expr_names = counted(&format!("\"$ha$n\": \"{}\"", json_text("$f")));
            let expr_values = counted(&format!("\":v$n\": {}", body_value()));
            let mut rest = format!(
                ", \"Key\": {{{key}}}, \"UpdateExpression\": \"SET {set}\", \"ExpressionAttributeNames\": {{{expr_names}"
            );
            let failed = self.must_exist.then(|| {
                rest.push_str(&format!(
                    "#if($n > 0), #end\"$hk\": {}}}, \"ConditionExpression\": \"attribute_exists($hk)\"",
                    json_literal(&t.key.partition.name)
                ));
                Failed {
                    status: 404,
                    message: NOT_FOUND,
                }
            });
            if failed.is_none() {
                rest.push('}');
            }
            rest.push_str(&format!(
                ", \"ExpressionAttributeValues\": {{{expr_values}}}, \"ReturnValues\": \"ALL_NEW\""
            ));
            Ok((body.head(), rest, failed))
        })
    }
}

impl Operation for DeleteItem {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let call = Call {
            ok: Some(item_template("Attributes", NOT_FOUND)),
            missing: true,
            ..Call::new("DeleteItem", "Delete the item with the key")
        };
        let item = Item::new(&self.table, &self.key, false);
        on_item(path, verb, owned, item, call, |_, key| {
            let rest = format!(", \"Key\": {{{key}}}, \"ReturnValues\": \"ALL_OLD\"");
            Ok((String::new(), rest, None))
        })
    }
}
