//! DynamoDB's single-item operations: `put_item`, `get_item`, `update_item`, `delete_item`.

use super::request::{
    BodyLoop, Failed, body_value, item_template, json_literal, json_text, key_members, method,
    owned_table, request,
};
use crate::model::owned::table_arn;
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

impl Operation for PutItem {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let t = owned_table(&self.table, owned)?;
        let mut declared = Declared::new(path);
        let key = key_members(t, &self.key, path, true, &mut declared)?;
        let names: Vec<&str> = t.key.attrs().iter().map(|a| a.name.as_str()).collect();
        let body = BodyLoop::new(&names, self.fields.as_deref())?;
        let fields = body.each(&format!(", \"{}\": {}", json_text("$f"), body_value()));
        let mut rest = format!(", \"Item\": {{{}{fields}}}", key.join(", "));
        let failed = self.create_only.then(|| {
            rest.push_str(&condition("attribute_not_exists", &t.key.partition.name));
            Failed {
                status: 409,
                message: "an item with this key exists",
            }
        });
        let req = request(&self.table, &body.head(), &rest);
        Ok(method(
            path,
            verb,
            "PutItem",
            "Write the body as an item",
            table_arn(&self.table),
            req,
            None,
            false,
            failed,
            declared,
        ))
    }
}

impl Operation for GetItem {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let t = owned_table(&self.table, owned)?;
        let mut declared = Declared::new(path);
        let key = key_members(t, &self.key, path, false, &mut declared)?;
        let mut rest = format!(", \"Key\": {{{}}}", key.join(", "));
        if self.consistent_read {
            rest.push_str(", \"ConsistentRead\": true");
        }
        let req = request(&self.table, "", &rest);
        Ok(method(
            path,
            verb,
            "GetItem",
            "Read the item with the key",
            table_arn(&self.table),
            req,
            Some(item_template("Item", NOT_FOUND)),
            true,
            None,
            declared,
        ))
    }
}

impl Operation for UpdateItem {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let t = owned_table(&self.table, owned)?;
        let mut declared = Declared::new(path);
        let key = key_members(t, &self.key, path, true, &mut declared)?;
        let names: Vec<&str> = t.key.attrs().iter().map(|a| a.name.as_str()).collect();
        // Each body field becomes `#a<n> = :v<n>` in `SET`, with its name and value, all
        // three numbered in the same order.
        let body = BodyLoop::new(&names, self.fields.as_deref())?;
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
            ", \"Key\": {{{}}}, \"UpdateExpression\": \"SET {set}\", \"ExpressionAttributeNames\": {{{expr_names}",
            key.join(", ")
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
        let req = request(&self.table, &body.head(), &rest);
        Ok(method(
            path,
            verb,
            "UpdateItem",
            "Set the body's fields on the item",
            table_arn(&self.table),
            req,
            Some(item_template("Attributes", NOT_FOUND)),
            self.must_exist,
            failed,
            declared,
        ))
    }
}

impl Operation for DeleteItem {
    fn build_in(&self, path: &ApiPath, verb: HttpMethod, owned: &Owned) -> Result<Method, OpError> {
        let t = owned_table(&self.table, owned)?;
        let mut declared = Declared::new(path);
        let key = key_members(t, &self.key, path, false, &mut declared)?;
        let rest = format!(
            ", \"Key\": {{{}}}, \"ReturnValues\": \"ALL_OLD\"",
            key.join(", ")
        );
        let req = request(&self.table, "", &rest);
        Ok(method(
            path,
            verb,
            "DeleteItem",
            "Delete the item with the key",
            table_arn(&self.table),
            req,
            Some(item_template("Attributes", NOT_FOUND)),
            true,
            None,
            declared,
        ))
    }
}
