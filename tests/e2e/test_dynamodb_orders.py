"""End-to-end: deploy the generated DynamoDB orders API (out/dynamodb-orders) to LocalStack,
whose DynamoDB is AWS's DynamoDB Local, and call it over HTTP; every effect is checked at the
table itself with boto3.

PUT /orders/{id} writes the body as an item (create-only: 409 when the id exists), GET reads it
back as plain JSON (404 when missing), PATCH sets fields of an existing item (404 when
missing), DELETE answers the deleted item (404 when there was none), GET /orders scans, and
GET /customers/{customer}/orders queries the by_customer index a page at a time. The tests
share one deployed API; each uses its own ids.
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


def stored(table, key):
    return client("dynamodb").get_item(TableName=table, Key={"id": {"S": key}}, ConsistentRead=True).get("Item")


def new_id():
    return f"o-{uuid.uuid4().hex[:12]}"


def test_put_writes_the_body_as_a_typed_item_and_get_reads_it_back(stack):
    api, table = stack
    oid = new_id()
    order = {"customer": "c-put", "placed_at": "2026-11-30", "total": 12.5, "paid": False, "note": NOTE}
    ok(call(api, "PUT", f"orders/{oid}", order))
    item = stored(table, oid)
    assert item == {
        "id": {"S": oid},
        "customer": {"S": "c-put"},
        "placed_at": {"S": "2026-11-30"},
        "total": {"N": "12.5"},
        "paid": {"BOOL": False},
        "note": {"S": NOTE},
    }
    assert ok(call(api, "GET", f"orders/{oid}")) == {"id": oid, **order}


def test_put_is_create_only_409(stack):
    api, table = stack
    oid = new_id()
    ok(call(api, "PUT", f"orders/{oid}", {"customer": "c-409", "total": 1}))
    r = call(api, "PUT", f"orders/{oid}", {"customer": "someone else", "total": 2})
    assert r.status_code == 409, (r.status_code, r.text)
    assert "exists" in r.json()["message"]
    # The first write stands.
    assert stored(table, oid)["customer"] == {"S": "c-409"}


def test_get_missing_item_is_404(stack):
    api, _ = stack
    r = call(api, "GET", f"orders/{new_id()}")
    assert r.status_code == 404, (r.status_code, r.text)
    assert r.json() == {"message": "no item has this key"}


def test_patch_sets_listed_fields_of_an_existing_item(stack):
    api, table = stack
    oid = new_id()
    ok(call(api, "PUT", f"orders/{oid}", {"customer": "c-patch", "status": "new", "total": 3}))
    got = ok(call(api, "PATCH", f"orders/{oid}", {"status": "shipped", "total": 4, "customer": "not listed"}))
    assert got == {"id": oid, "customer": "c-patch", "status": "shipped", "total": 4}
    assert stored(table, oid)["status"] == {"S": "shipped"}
    assert stored(table, oid)["customer"] == {"S": "c-patch"}


def test_patch_missing_item_is_404_and_creates_nothing(stack):
    api, table = stack
    oid = new_id()
    r = call(api, "PATCH", f"orders/{oid}", {"status": "shipped"})
    assert r.status_code == 404, (r.status_code, r.text)
    assert stored(table, oid) is None


def test_delete_answers_the_deleted_item_then_404(stack):
    api, table = stack
    oid = new_id()
    ok(call(api, "PUT", f"orders/{oid}", {"customer": "c-del", "total": 7}))
    assert ok(call(api, "DELETE", f"orders/{oid}")) == {"id": oid, "customer": "c-del", "total": 7}
    assert stored(table, oid) is None
    r = call(api, "DELETE", f"orders/{oid}")
    assert r.status_code == 404, (r.status_code, r.text)


def test_query_pages_a_customers_orders_through_the_index(stack):
    api, table = stack
    customer = f"c-{uuid.uuid4().hex[:8]}"
    days = [f"2026-{m:02d}-{d:02d}" for m in (10, 11) for d in range(1, 16)]  # 30 orders
    ddb = client("dynamodb")
    for n, day in enumerate(days):
        ddb.put_item(
            TableName=table,
            Item={"id": {"S": f"{customer}-{n}"}, "customer": {"S": customer}, "placed_at": {"S": day}, "total": {"N": str(n)}},
        )
    first = ok(call(api, "GET", f"customers/{customer}/orders"))
    assert len(first["items"]) == 25
    # Newest first.
    assert [i["placed_at"] for i in first["items"]] == sorted(days, reverse=True)[:25]
    assert isinstance(first["next"], str) and first["next"]
    # The token is URL-encoded already: it goes back into the query string as it is.
    second = ok(call(api, "GET", f"customers/{customer}/orders?next={first['next']}"))
    assert [i["placed_at"] for i in second["items"]] == sorted(days, reverse=True)[25:]
    assert second["next"] is None
    assert {i["id"] for i in first["items"] + second["items"]} == {f"{customer}-{n}" for n in range(30)}
    november = ok(call(api, "GET", f"customers/{customer}/orders", params={"since": "2026-11"}))
    assert sorted(i["placed_at"] for i in november["items"]) == [d for d in days if d.startswith("2026-11")]
    assert november["next"] is None


def test_scan_reads_every_item(stack):
    api, _ = stack
    oid = new_id()
    ok(call(api, "PUT", f"orders/{oid}", {"customer": "c-scan", "total": 9}))
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
    assert {"id": oid, "customer": "c-scan", "total": 9} in seen
