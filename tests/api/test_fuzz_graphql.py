"""Generated GraphQL operations (hypothesis-graphql, from the schema itself) against the app, on
seeded data: never a 5xx, never a stack trace or SQL in an answer, and never "Unexpected
error." (a masked failure is a bug: the operation that caused it is reported)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

import pytest
from graphql import GraphQLNamedType, build_schema
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis_graphql import Mode, nodes
from hypothesis_graphql import strategies as gql_st

from backend import ids
from backend.graphql.schema import schema
from support.builders import Scenario
from support.client import Client
from support.server import ROOT

SDL = schema.as_str()
MASKED = "Unexpected error."
LEAKS = (
    "Traceback",
    'File "',
    "asyncpg",
    "sqlite3",
    "tortoise",
    "SELECT ",
    "INSERT ",
    "UPDATE ",
    "psycopg",
    "site-packages",
)
# Not generated: the import needs a multipart upload; revoking tokens and changing users would
# sign the fuzzing admin itself out or down.
SKIPPED = {"importSerialNumbers", "revokeApiToken", "updateUser"}
KINDS = (
    "Supplier",
    "Product",
    "Variant",
    "PurchaseOrder",
    "PurchaseOrderRow",
    "SerialNumber",
    "Customer",
    "SalesOrder",
    "SalesOrderRow",
    "User",
    "ApiToken",
)


def _fields(type_: GraphQLNamedType | None) -> list[str]:
    return [name for name in getattr(type_, "fields", {}) if name not in SKIPPED]


def _scalars(seen_ids: list[str], skus: list[str], numbers: list[str]) -> dict[str, Any]:
    """Values that reach real rows (the seeded ids, every kind of id for the first few keys,
    real SKUs and numbers) mixed with arbitrary text."""
    real_ids = sorted({*seen_ids, *(ids.encode(k, pk) for k in KINDS for pk in range(1, 4))})
    # no NUL here: test_text_with_a_nul_character_is_not_an_unexpected_error
    text = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
    return {
        "ID": st.one_of(st.sampled_from(real_ids), text).map(nodes.String),
        "String": st.one_of(st.sampled_from([*skus, *numbers]), text).map(nodes.String),
        "Decimal": st.one_of(
            st.sampled_from(
                [
                    "1",
                    "2",
                    "2.5",
                    "0",
                    "-1",
                    "1e3",
                    "NaN",
                    "Infinity",
                    "abc",
                    "99999999999999999999",
                    "0.0001",
                    " 3 ",
                ]
            ).map(nodes.String),
            st.integers(-5, 50).map(nodes.Int),
        ),
        # no naive times here: test_a_naive_date_time_is_not_an_unexpected_error
        "DateTime": st.sampled_from(
            [
                "2026-01-02T03:04:05Z",
                "yesterday",
                "",
                "9999-12-31T23:59:59+14:00",
                "0001-01-01T00:00:00Z",
            ]
        ).map(nodes.String),
    }


def _seed(client: Client) -> tuple[list[str], list[str], list[str]]:
    """A received PO with numbers in stock, a not-received PO with some assigned, an untracked
    row, and a sales order with one number picked."""
    api = Scenario(client)
    stocked = api.in_stock("FZ-1", ["A-1", "A-2", "A-3", "A-4"])
    api.product("Fuzz open", True, ["FZ-2"])
    api.product("Fuzz bulk", False, ["FZ-BULK"])
    open_order = api.order([("FZ-2", 5), ("FZ-BULK", "2.5")])
    assert api.assign(open_order["rows"][0]["id"], ["B-1", "b-2"])["errors"] == []
    customer = api.customer("Fuzz customer")
    sales = api.sales_order(customer, [("FZ-1", 2), ("FZ-2", 1)])
    assert api.pick(sales["rows"][0]["id"], ["A-1"])["errors"] == []
    seen = [
        stocked["id"],
        open_order["id"],
        customer,
        sales["id"],
        *(r["id"] for r in stocked["rows"] + open_order["rows"] + sales["rows"]),
        *(s["id"] for r in stocked["rows"] + open_order["rows"] for s in r["serialNumbers"]),
    ]
    return seen, ["FZ-1", "FZ-2", "FZ-BULK"], ["A-1", "a-2", "B-1", "A-4"]


def _problems(client: Client, query: str, anonymous: bool) -> list[str]:
    headers = {"Authorization": ""} if anonymous else {}
    response = client.http.post("/graphql", json={"query": query}, headers=headers)
    who = "anonymous" if anonymous else "admin"
    if response.status_code >= 500:
        return [f"HTTP {response.status_code} ({who}): {response.text[:300]}"]
    if response.status_code != 200:
        assert response.status_code in (400, 401, 403, 413, 422), response.text
    text = response.text
    if leaked := [word for word in LEAKS if word in text]:
        return [f"leaks {leaked} ({who}): {text[:300]}"]
    try:
        body = json.loads(text)
    except ValueError:
        return [f"not JSON ({who}): {text[:300]}"]
    problems = []
    for error in body.get("errors") or []:
        message = error.get("message")
        if not isinstance(message, str) or not message:
            problems.append(f"an error without a message ({who}): {error}")
        elif message == MASKED:
            problems.append(f"{MASKED} at {error.get('path')} ({who})")
    return problems


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_generated_operations_never_fail_unexpectedly(client: Client) -> None:
    scalars = _scalars(*_seed(client))
    parsed = build_schema(SDL)
    # One root field an operation: with several, a field that fails cancels its siblings, which
    # hangs the app (test_a_failing_root_field_does_not_leak_a_transaction, below).
    operations = st.one_of(
        *(
            gql_st.queries(SDL, fields=[f], custom_scalars=scalars, allow_x00=False)
            for f in _fields(parsed.query_type)
        ),
        *(
            gql_st.mutations(SDL, fields=[f], custom_scalars=scalars, allow_x00=False)
            for f in _fields(parsed.mutation_type)
        ),
        *(
            gql_st.from_schema(
                SDL, fields=[f], custom_scalars=scalars, allow_x00=False, mode=Mode.NEGATIVE
            )
            for type_ in (parsed.query_type, parsed.mutation_type)
            if type_
            for f in _fields(type_)
            if type_.fields[f].args
        ),
    )
    found: dict[str, list[str]] = {}

    @settings(
        max_examples=int(os.environ.get("SERIALTRACE_FUZZ_EXAMPLES", "200")),
        deadline=None,
        database=None,
        suppress_health_check=[
            HealthCheck.function_scoped_fixture,
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
        ],
    )
    @given(query=operations, anonymous=st.sampled_from([False, False, False, True]))
    def run(query: str, anonymous: bool) -> None:
        for problem in _problems(client, query, anonymous):
            found.setdefault(problem, []).append(query)

    run()
    report = "\n\n".join(f"{problem}\n  e.g. {queries[0]!r}" for problem, queries in found.items())
    assert not found, f"{len(found)} kinds of unexpected failure:\n\n{report}"


# Runs in a child process that exits at once when a request hangs (a hung app can't be shut down).
AFTER_FAILING_SIBLINGS = """
import concurrent.futures, os, sys
from support.client import in_process

CHECK_AND_FAIL = '{ checkSerialNumbers(rowId: "x", numbers: ["N-1"]) { code } ' \\
    'serialNumbers(first: -1) { totalCount } }'
WRITE = 'mutation { createSupplier(input: {name: "After"}) { errors { code } } }'
with in_process(sys.argv[1], username="t") as client:
    http = client.http
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        for query in [CHECK_AND_FAIL] * 8 + [WRITE]:  # 8: more than PostgreSQL's pool
            try:
                answer = pool.submit(http.post, "/graphql", json={"query": query}).result(4)
            except concurrent.futures.TimeoutError:
                print("HANGS: " + query, flush=True)
                os._exit(0)
        print(answer.status_code, answer.text, flush=True)
        os._exit(0)
"""


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_failing_root_field_does_not_leak_a_transaction(database_url: str) -> None:
    done = subprocess.run(
        [sys.executable, "-c", AFTER_FAILING_SIBLINGS, database_url],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.stdout.startswith("200 "), done.stdout + done.stderr[-2000:]


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
def test_a_naive_date_time_is_not_an_unexpected_error(client: Client) -> None:
    body = client.execute("""{ serialNumbers(filter: {addedFrom: "2026-01-02T03:04:05"}) {
        totalCount } }""")
    assert MASKED not in json.dumps(body), body
    assert body["data"]["serialNumbers"]["totalCount"] >= 0  # read as UTC


@pytest.mark.parametrize("database_url", ["sqlite", "postgres"], indirect=True)
@pytest.mark.parametrize(
    "operation",
    [
        'mutation { createSupplier(input: {name: "A\\u0000B"}) { errors { code } } }',
        '{ suppliers(search: "A\\u0000B") { totalCount } }',
    ],
)
def test_text_with_a_nul_character_is_not_an_unexpected_error(
    client: Client, operation: str
) -> None:
    response = client.http.post("/graphql", json={"query": operation})
    assert response.status_code == 400
    assert "U+0000" in response.json()["errors"][0]["message"]
