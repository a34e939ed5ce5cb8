"""End-to-end: deploy the generated DynamoDB orders API (out/dynamodb-orders) to LocalStack,
whose DynamoDB is AWS's DynamoDB Local, and call it over HTTP; every effect is checked at the
table itself with boto3.

The table's key is (customer, id). PUT /customers/{customer}/orders/{id} writes the body as an
item (create-only: 409 when the key exists), GET reads it back as plain JSON (404 when
missing), PATCH sets listed fields of an existing item (404 when missing), DELETE answers the
deleted item (404 when there was none), GET /customers/{customer}/orders queries the
customer's orders a page at a time, and GET /orders scans. The tests share one deployed API;
each uses its own customer.
"""

import uuid

import pytest
import requests

from harness import client, deployed_stack, invoke_url, load_template, physical_id, require_localstack, timed

TEMPLATE = "out/dynamodb-orders/cloudformation.json"
STAGE = "dev"
TIMEOUT = 60
NOTE = "Grüße, 東京 & co's \"100%\" + more?"


@pytest.fixture(scope="module")
def stack():
    require_localstack()
    with deployed_stack(load_template(TEMPLATE), "ddb") as (name, outputs):
        table = physical_id(name, "TableOrders")
        try:
            yield outputs["ApiId"], table
        finally:
            # The template retains the table when the stack goes (it holds data).
            client("dynamodb").delete_table(TableName=table)


def call(api, method, path, body=None, params=None):
    with timed("HTTP calls dynamodb"):
        return requests.request(
            method,
            invoke_url(api, STAGE, path),
            json=body,
            params=params,
            timeout=TIMEOUT,
        )


def ok(r, status=200):
    assert r.status_code == status, (r.status_code, r.text[:2000])
    return r.json()


def stored(table, customer, oid):
    key = {"customer": {"S": customer}, "id": {"S": oid}}
    return client("dynamodb").get_item(TableName=table, Key=key, ConsistentRead=True).get("Item")


def new_customer():
    return f"c-{uuid.uuid4().hex[:12]}"


def order_path(customer, oid):
    return f"customers/{customer}/orders/{oid}"


def test_put_writes_the_body_as_a_typed_item_and_get_reads_it_back(stack):
    api, table = stack
    c, oid = new_customer(), "2026-11-30-1"
    order = {"placed_at": "2026-11-30", "total": 12.5, "paid": False, "note": NOTE}
    ok(call(api, "PUT", order_path(c, oid), order))
    assert stored(table, c, oid) == {
        "customer": {"S": c},
        "id": {"S": oid},
        "placed_at": {"S": "2026-11-30"},
        "total": {"N": "12.5"},
        "paid": {"BOOL": False},
        "note": {"S": NOTE},
    }
    assert ok(call(api, "GET", order_path(c, oid))) == {"customer": c, "id": oid, **order}


def test_put_is_create_only_409(stack):
    api, table = stack
    c, oid = new_customer(), "1"
    ok(call(api, "PUT", order_path(c, oid), {"status": "new", "total": 1}))
    r = call(api, "PUT", order_path(c, oid), {"status": "other", "total": 2})
    assert r.status_code == 409, (r.status_code, r.text)
    assert "exists" in r.json()["message"]
    # The first write stands.
    assert stored(table, c, oid)["status"] == {"S": "new"}


def test_get_missing_item_is_404(stack):
    api, _ = stack
    r = call(api, "GET", order_path(new_customer(), "nothing"))
    assert r.status_code == 404, (r.status_code, r.text)
    assert r.json() == {"message": "no item has this key"}


def test_patch_sets_listed_fields_of_an_existing_item(stack):
    api, table = stack
    c, oid = new_customer(), "1"
    ok(call(api, "PUT", order_path(c, oid), {"status": "new", "total": 3, "placed_at": "2026-11-01"}))
    got = ok(call(api, "PATCH", order_path(c, oid), {"status": "shipped", "total": 4, "placed_at": "not listed"}))
    assert got == {"customer": c, "id": oid, "status": "shipped", "total": 4, "placed_at": "2026-11-01"}
    assert stored(table, c, oid)["status"] == {"S": "shipped"}
    assert stored(table, c, oid)["placed_at"] == {"S": "2026-11-01"}


def test_patch_missing_item_is_404_and_creates_nothing(stack):
    api, table = stack
    c = new_customer()
    r = call(api, "PATCH", order_path(c, "1"), {"status": "shipped"})
    assert r.status_code == 404, (r.status_code, r.text)
    assert stored(table, c, "1") is None


def test_delete_answers_the_deleted_item_then_404(stack):
    api, table = stack
    c, oid = new_customer(), "1"
    ok(call(api, "PUT", order_path(c, oid), {"total": 7}))
    assert ok(call(api, "DELETE", order_path(c, oid))) == {"customer": c, "id": oid, "total": 7}
    assert stored(table, c, oid) is None
    r = call(api, "DELETE", order_path(c, oid))
    assert r.status_code == 404, (r.status_code, r.text)


def test_query_pages_a_customers_orders(stack):
    api, table = stack
    c = new_customer()
    ids = [f"2026-{m:02d}-{d:02d}" for m in (10, 11) for d in range(1, 16)]  # 30 orders
    ddb = client("dynamodb")
    for n, oid in enumerate(ids):
        ddb.put_item(TableName=table, Item={"customer": {"S": c}, "id": {"S": oid}, "total": {"N": str(n)}})
    # Another customer's order stays out of the partition.
    ddb.put_item(TableName=table, Item={"customer": {"S": new_customer()}, "id": {"S": ids[0]}})
    newest_first = sorted(ids, reverse=True)
    first = ok(call(api, "GET", f"customers/{c}/orders"))
    assert [i["id"] for i in first["items"]] == newest_first[:25]
    assert first["items"][0] == {"customer": c, "id": newest_first[0], "total": ids.index(newest_first[0])}
    assert isinstance(first["next"], str) and first["next"]
    # The token is URL-encoded already: it goes back into the query string as it is.
    second = ok(call(api, "GET", f"customers/{c}/orders?next={first['next']}"))
    assert [i["id"] for i in second["items"]] == newest_first[25:]
    assert second["next"] is None
    november = ok(call(api, "GET", f"customers/{c}/orders", params={"since": "2026-11"}))
    assert [i["id"] for i in november["items"]] == [i for i in newest_first if i.startswith("2026-11")]
    assert november["next"] is None


def test_scan_reads_every_item(stack):
    api, _ = stack
    c = new_customer()
    ok(call(api, "PUT", order_path(c, "1"), {"total": 9}))
    seen, token, pages = [], None, 0
    while True:
        page = ok(call(api, "GET", "orders" + (f"?next={token}" if token else "")))
        assert len(page["items"]) <= 50
        seen += page["items"]
        pages += 1
        token = page["next"]
        if token is None:
            break
        assert pages < 20
    assert {"customer": c, "id": "1", "total": 9} in seen
