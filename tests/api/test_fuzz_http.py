"""Malformed HTTP thrown at every endpoint, anonymous and signed in: odd methods, bodies, headers
(any latin-1 bytes), multipart maps, query strings and hostile GraphQL values. Never a 5xx,
never "Unexpected error." or a stack trace for input that is merely bad, and an anonymous or
malformed request changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backend.models import Credential, PurchaseOrder, SerialNumber, Supplier
from support.builders import Scenario
from support.client import Client

MASKED = "Unexpected error."
LEAKS = ("Traceback", 'File "', "asyncpg", "sqlite3", "tortoise", "site-packages")
PATHS = [
    "/graphql",
    "/auth/sign-in",
    "/auth/sign-out",
    "/auth/me",
    "/auth/link/{x}",
    "/downloads/serial-numbers.{fmt}",
    "/downloads/import-template.{fmt}",
    "/downloads/purchase-orders/{x}/import-template.{fmt}",
    "/downloads/purchase-orders/{x}/serial-numbers.{fmt}",
    "/downloads/customers/{x}/serial-numbers.{fmt}",
    "/downloads/labels.pdf",
    "/downloads/labels.zpl",
    "/",
    "/src/main.js",
    "/{x}",
    "/healthz",
]
CONTENT_TYPES = [
    "application/json",
    "multipart/form-data",
    "multipart/form-data; boundary=x",
    "text/plain",
    "application/x-www-form-urlencoded",
    "application/graphql",
    "",
    "application/json; charset=\xff",
]
latin1 = st.text(
    st.characters(min_codepoint=32, max_codepoint=255, blacklist_characters="\x7f"), max_size=30
)
json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
HOSTILE_QUERIES = [
    "{ me { username } }",
    "{ purchaseOrders(first: 2147483647) { totalCount } }",
    '{ serialNumbers(filter: {search: "%_\\\\"}) { totalCount } }',
    '{ search(text: "\\u{0}") { suppliers { name } } }',
    "{ __schema { types { name } } }",
    "query($x: [ID!]!) { nodes(ids: $x) { id } }",
    '{ purchaseOrder(id: "") { id } }',
    'mutation { createSupplier(input: {name: ""}) { errors { code } } }',
    "subscription { x }",
    "{ a: me { username } b: me { username } }",
    "{",
    "",
    'query { serialNumber(sku: "x", number: "\\uD800") { id } }',
]


def _graphql_body() -> st.SearchStrategy[Any]:
    return st.one_of(
        json_values,
        st.fixed_dictionaries(
            {
                "query": st.sampled_from(HOSTILE_QUERIES) | st.text(max_size=40),
                "variables": json_values,
                "operationName": st.none() | st.text(max_size=8),
            }
        ),
    )


request = st.fixed_dictionaries(
    {
        "method": st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
        "path": st.sampled_from(PATHS),
        "x": latin1.map(lambda s: s.replace("/", "").replace("?", "").replace("#", "") or "x"),
        "fmt": st.sampled_from(["csv", "xlsx", "pdf", "CSV", ""]),
        "query": st.dictionaries(
            st.sampled_from(
                [
                    "status",
                    "sku",
                    "addedFrom",
                    "orderBy",
                    "direction",
                    "search",
                    "purchaseOrderId",
                    "query",
                    "variables",
                ]
            ),
            latin1,
            max_size=3,
        ),
        "content_type": st.sampled_from(CONTENT_TYPES),
        "headers": st.dictionaries(
            st.sampled_from(
                [
                    "X-Odd",
                    "Accept",
                    "Idempotency-Key",
                    "X-Serialtrace-CSRF",
                    "Authorization",
                    "Cookie",
                ]
            ),
            latin1,
            max_size=3,
        ),
        "body": st.one_of(
            _graphql_body().map(lambda v: json.dumps(v).encode()), st.binary(max_size=200)
        ),
        "multipart": st.none()
        | st.fixed_dictionaries(
            {
                "operations": st.one_of(_graphql_body().map(json.dumps), latin1),
                "map": st.one_of(json_values.map(json.dumps), latin1),
            }
        ),
        "signed_in": st.booleans(),
    }
)


async def _snapshot() -> tuple[int, ...]:
    return (
        await Supplier.all().count(),
        await PurchaseOrder.all().count(),
        await SerialNumber.all().count(),
        await Credential.all().count(),
    )


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(r=request)
def test_malformed_requests_never_break_the_server(client: Client, r: dict) -> None:
    if not getattr(client, "_seeded", False):
        scenario = Scenario(client)
        scenario.in_stock("SRV-F", ["F-1", "F-2"])
        client._seeded = True  # type: ignore[attr-defined]
    before = client.run(_snapshot)
    path = r["path"].format(x=r["x"], fmt=r["fmt"])
    headers = {k: v.encode("latin-1") for k, v in r["headers"].items()}
    if not r["signed_in"]:
        headers.setdefault("Authorization", b"")
    elif "Authorization" not in headers:
        headers["Authorization"] = client.http.headers["Authorization"].encode()
    kwargs: dict[str, Any] = {"params": r["query"], "headers": headers}
    if r["multipart"] is not None and r["method"] == "POST":
        headers.pop("Content-Type", None)
        kwargs["data"] = r["multipart"]
        kwargs["files"] = {"0": ("f.csv", b"purchase_order,sku,serial_number\n", "text/csv")}
    elif r["method"] != "GET":
        headers["Content-Type"] = r["content_type"].encode("latin-1")
        kwargs["content"] = r["body"]
    response = client.http.request(r["method"], path, **kwargs)
    text = response.text
    assert response.status_code < 500, (r, text[:300])
    assert MASKED not in text, (r, text[:300])
    assert not any(leak in text for leak in LEAKS), (r, text[:300])
    signed_in = r["signed_in"] and "Authorization" not in r["headers"]
    if not signed_in or response.status_code >= 400:
        assert client.run(_snapshot) == before, r
