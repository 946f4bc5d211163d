"""Holding under abuse: no input can break a screen for others, stall a worker, or leak the
schema; malformed requests are 4xx with a clear message, never 5xx."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest

from support.builders import Scenario
from support.client import Client

MASKED = "Unexpected error."


def _chain(levels: int) -> str:
    """A query nesting `levels` levels of fields (one order: the depth is what counts)."""
    names = ["purchaseOrders(first: 1)", "edges", "node"]
    while len(names) < levels - 1:
        names.append("rows" if len(names) % 2 else "purchaseOrder")
    names.append("id")
    return "{ " + " { ".join(names) + " }" * (len(names) - 1) + " }"


def test_the_depth_limit_is_twelve_levels_as_documented(client: Client) -> None:
    assert "errors" not in client.execute(_chain(12))
    refused = client.execute(_chain(13))["errors"][0]["message"]
    assert refused == "The query nests fields more than 12 levels deep; the most is 12."


def test_an_oversized_check_is_refused_before_any_work(client: Client) -> None:
    row = Scenario(client).tracked_row(quantity=5)
    viewer = client.as_role("VIEWER")
    numbers = [f"N-{i:06d}" for i in range(4000)]
    started = time.perf_counter()
    body = viewer.execute(
        """query($row: ID!, $n: [String!]!) { checkSerialNumbers(rowId: $row,
        numbers: $n) { code index } }""",
        {"row": row["id"], "n": numbers},
    )
    elapsed = time.perf_counter() - started
    assert body["data"]["checkSerialNumbers"] == [{"code": "TOO_MANY_AT_ONCE", "index": None}]
    assert elapsed < 2.0, elapsed  # not a timing test: an order of magnitude below a stall


@pytest.mark.parametrize(
    ("query", "variables", "says"),
    [
        (
            """query($n: [String!]!) { checkSerialNumbers(rowId: "x", numbers: $n) { code } }""",
            {"n": ["A"] * 5001},
            "numbers has 5,001 items; the most is 5,000",
        ),
        (
            """query($ids: [ID!]) { checkPickSerialNumbers(rowId: "x", numbers: [],
        serialNumberIds: $ids) { code } }""",
            {"ids": ["U2VyaWFsTnVtYmVyOjE"] * 45000},
            "serialNumberIds has 45,000 items",
        ),
        (
            """query($s: String) { suppliers(search: $s) { totalCount } }""",
            {"s": "x" * 60_000},
            "search has 60,000 characters; the most is 10,000",
        ),
        ("""{ suppliers(search: "A\\u{0}B") { totalCount } }""", {}, "NUL character"),
    ],
)
def test_bounds_on_every_argument_are_clear_expected_errors(
    client: Client, query: str, variables: dict, says: str
) -> None:
    body = client.execute(query, variables)
    assert MASKED not in json.dumps(body)
    error = body["errors"][0]
    assert says in error["message"] and error["extensions"]["code"] == "BAD_USER_INPUT"


def test_an_id_beyond_any_key_is_simply_not_found(client: Client) -> None:
    import base64

    huge = base64.urlsafe_b64encode(b"PurchaseOrder:" + b"1" * 21).decode().rstrip("=")
    body = client.execute("query($id: ID!) { purchaseOrder(id: $id) { id } }", {"id": huge})
    assert body == {"data": {"purchaseOrder": None}}
    refused = client(
        """mutation($id: ID!) { receivePurchaseOrder(input: {purchaseOrderId: $id})
        { errors { code } } }""",
        {"id": huge},
    )["receivePurchaseOrder"]
    assert refused["errors"] == [{"code": "NOT_FOUND"}]


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        (b'"just a string"', "application/json"),
        (b"[1, 2]", "application/json"),
        (b'{"query": 5}', "application/json"),
        (b"{not json", "application/json"),
    ],
)
def test_malformed_json_bodies_are_400(client: Client, body: bytes, content_type: str) -> None:
    response = client.http.post(
        "/graphql", content=body, headers={"Content-Type": content_type, **client.headers}
    )
    assert response.status_code == 400, response.text
    assert MASKED not in response.text


@pytest.mark.parametrize(
    ("operations", "files_map"),
    [
        ('"a string"', '{"0": ["variables.input.file"]}'),
        ('{"query": "mutation { __typename }", "variables": {}}', '["variables.input.file"]'),
        (
            '{"query": "mutation { __typename }", "variables": {}}',
            '{"9": ["variables.input.file"]}',
        ),
        ('{"query": "mutation { __typename }", "variables": {}}', '{"0": "variables"}'),
        ('{"query": "mutation { __typename }", "variables": {}}', '{"0": ["variables.x.y.z"]}'),
    ],
)
def test_malformed_multipart_requests_are_400(
    client: Client, operations: str, files_map: str
) -> None:
    response = client.http.post(
        "/graphql",
        data={"operations": operations, "map": files_map},
        files={"0": ("a.csv", b"x", "text/csv")},
        headers={**client.headers, "X-Serialtrace-CSRF": "1"},
    )
    assert response.status_code == 400, response.text
    assert MASKED not in response.text


def test_a_header_that_is_not_utf8_is_no_server_error(client: Client) -> None:
    for headers in [
        {b"X-Odd": b"caf\xe9"},
        {b"Content-Type": b"application/json; x=\xff\xfe"},
        {b"Authorization": b"Bearer \xe9\xe9"},
    ]:
        response = client.http.post(
            "/graphql",
            content=b'{"query": "{ me { username } }"}',
            headers={b"Content-Type": b"application/json", **headers},
        )
        assert response.status_code < 500, headers


def test_anonymous_clients_get_401_and_nothing_of_the_schema(client: Client) -> None:
    nobody = client.anonymous()
    for query in [
        "{ purchaseOrdrs { totalCount } }",
        "{ __schema { types { name } } }",
        "{ ...F } fragment F on Query { users { username } }",
        "mutation { createUsr(input: {}) { errors { code } } }",
    ]:
        response = nobody.http.post("/graphql", json={"query": query}, headers=nobody.headers)
        assert response.status_code == 401, query
        assert response.headers["www-authenticate"].startswith("Bearer")
        assert "Did you mean" not in response.text and "__Type" not in response.text
    bad_token = client.http.post(
        "/graphql",
        json={"query": "{ users { username } }"},
        headers={"Authorization": "Bearer stt_nope"},
    )
    assert bad_token.status_code == 401
    assert 'error="invalid_token"' in bad_token.headers["www-authenticate"]
    assert nobody("{ me { username } }") == {"me": None}


def test_graphql_response_media_type(client: Client) -> None:
    accept = {"Accept": "application/graphql-response+json"}
    ok = client.http.post("/graphql", json={"query": "{ me { username } }"}, headers=accept)
    assert ok.status_code == 200
    assert ok.headers["content-type"].startswith("application/graphql-response+json")
    invalid = client.http.post("/graphql", json={"query": "{ nope }"}, headers=accept)
    assert invalid.status_code == 400 and "data" not in invalid.json()
    syntax = client.http.post("/graphql", json={"query": "{ me "}, headers=accept)
    assert syntax.status_code == 400
    plain = client.http.post("/graphql", json={"query": "{ nope }"})
    assert plain.headers["content-type"].startswith("application/json")


def test_security_headers_on_every_response(client: Client) -> None:
    for path in [
        "/",
        "/graphql",
        "/src/main.js",
        "/auth/me",
        "/healthz",
        "/downloads/import-template.csv",
        "/nope",
    ]:
        response = client.http.get(path, headers={"accept": "text/html"})
        csp = response.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp, path
        assert (
            "script-src 'self'" in csp
            and "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0]
        ), path
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert "strict-transport-security" not in response.headers  # plain HTTP here


def test_idempotency_replays_mutations_only_and_compares_the_parsed_request(client: Client) -> None:
    scenario = Scenario(client)
    row = scenario.tracked_row(quantity=5)
    query = """mutation($id: ID!, $n: [String!]!) { assignSerialNumbers(input: {rowId: $id,
        numbers: $n}) { row { tracing { assigned } } errors { code } } }"""
    variables = {"id": row["id"], "n": ["K-1"]}
    first = client.http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Idempotency-Key": "same"},
    )
    reformatted = client.http.post(
        "/graphql",
        json={"query": " ".join(query.split()), "variables": variables},
        headers={"Idempotency-Key": "same"},
    )
    assert reformatted.status_code == 200
    assert reformatted.headers.get("idempotent-replayed") == "true"
    assert reformatted.json() == first.json()

    count = "{ purchaseOrders { totalCount } }"
    before = client.http.post(
        "/graphql", json={"query": count}, headers={"Idempotency-Key": "q"}
    ).json()
    scenario.tracked_row(quantity=1, sku="SRV-Q")
    after = client.http.post("/graphql", json={"query": count}, headers={"Idempotency-Key": "q"})
    assert "idempotent-replayed" not in after.headers
    assert (
        after.json()["data"]["purchaseOrders"]["totalCount"]
        == before["data"]["purchaseOrders"]["totalCount"] + 1
    )

    too_long = client.http.post(
        "/graphql",
        json={"query": query, "variables": variables},
        headers={"Idempotency-Key": "k" * 201},
    )
    assert too_long.status_code == 400 and "200" in too_long.text


def test_a_rows_numbers_come_a_page_at_a_time(client: Client) -> None:
    scenario = Scenario(client)
    row = scenario.tracked_row(quantity=2500, sku="SRV-BIG")
    for start in range(0, 2500, 1000):
        numbers = [f"B-{i:05d}" for i in range(start, min(start + 1000, 2500))]
        assert scenario.assign(row["id"], numbers)["errors"] == []
    page = """query($id: ID!, $first: Int, $after: ID) { purchaseOrderRow(id: $id) {
        tracing { assigned } serialNumbers(first: $first, after: $after) { id number } } }"""
    first = client(page, {"id": row["id"]})["purchaseOrderRow"]
    assert first["tracing"]["assigned"] == 2500
    assert len(first["serialNumbers"]) == 1000  # the default page
    seen = [s["number"] for s in first["serialNumbers"]]
    after = first["serialNumbers"][-1]["id"]
    while True:
        more = client(page, {"id": row["id"], "first": 700, "after": after})["purchaseOrderRow"][
            "serialNumbers"
        ]
        if not more:
            break
        seen += [s["number"] for s in more]
        after = more[-1]["id"]
    assert seen == [f"B-{i:05d}" for i in range(2500)]  # each once, in entry order
    refused = client.execute(page, {"id": row["id"], "first": 5001})
    assert "between 0 and 5000" in refused["errors"][0]["message"]
    assert refused["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"


def test_a_request_for_too_much_work_is_refused_before_it_runs(client: Client) -> None:
    Scenario(client).tracked_row(quantity=1, sku="SRV-COST")
    greedy = """{ purchaseOrders(first: 500) { edges { node { rows {
        serialNumbers(first: 5000) { number history { kind } } } } } } }"""
    body = client.execute(greedy)
    assert body.get("data") is None
    error = body["errors"][0]
    assert error["extensions"]["code"] == "QUERY_TOO_COMPLEX"
    assert "the most one request may ask for is 2,000,000" in error["message"]
    variables = client.execute(
        """query($n: Int) { purchaseOrders(first: $n) { edges { node {
        rows { serialNumbers(first: 5000) { number } } } } } }""",
        {"n": 500},
    )
    assert variables["errors"][0]["extensions"]["code"] == "QUERY_TOO_COMPLEX"  # by variables
    usual = client.execute("""{ purchaseOrders(first: 50) { totalCount edges { node { number
        rows { quantity tracing { assigned } serialNumbers(first: 100) { number } } } } } }""")
    assert "errors" not in usual


def test_a_nul_in_a_multipart_request_is_a_clear_error(client: Client) -> None:
    operations = json.dumps(
        {
            "query": "mutation M($f: Upload!) { importSerialNumbers(input: {file: $f}) { "
            'errors { code } } } query Q { suppliers(search: "A\\u0000B") { totalCount } }',
            "variables": {"f": None},
            "operationName": "Q",
        }
    )
    response = client.http.post(
        "/graphql",
        data={"operations": operations, "map": json.dumps({"0": ["variables.f"]})},
        files={"0": ("a.csv", b"x", "text/csv")},
        headers={**client.headers, "X-Serialtrace-CSRF": "1"},
    )
    assert response.status_code < 500 and MASKED not in response.text
    assert "NUL character" in response.json()["errors"][0]["message"]


def test_an_import_retried_with_its_idempotency_key_applies_once(client: Client) -> None:
    from tests.api.test_import import CSRF, IMPORT, csv_bytes

    scenario = Scenario(client)
    scenario.product("Imported", True, ["SRV-IMP"])
    order = scenario.received_order([("SRV-IMP", 2)])
    content = csv_bytes([(order["number"], "SRV-IMP", "I-1"), (order["number"], "SRV-IMP", "I-2")])

    def send(data: bytes) -> Any:
        return client.http.post(
            "/graphql",
            data={
                "operations": json.dumps(
                    {"query": IMPORT, "variables": {"input": {"file": None, "dryRun": False}}}
                ),
                "map": json.dumps({"0": ["variables.input.file"]}),
            },
            files={"0": ("s.csv", data, "text/csv")},
            headers={**client.headers, **CSRF, "Idempotency-Key": "import-1"},
        )

    first = send(content)
    assert first.json()["data"]["importSerialNumbers"]["committed"] is True
    again = send(content)
    assert again.headers.get("idempotent-replayed") == "true"
    assert again.json() == first.json()
    other = send(csv_bytes([(order["number"], "SRV-IMP", "I-3")]))
    assert other.status_code == 422
    assert scenario.serials()["totalCount"] == 2


def test_every_top_level_error_has_a_code(client: Client, monkeypatch: pytest.MonkeyPatch) -> None:
    from backend.domain import queries

    codes = {
        "{ nope }": "GRAPHQL_VALIDATION_FAILED",
        "{ me ": "GRAPHQL_PARSE_FAILED",
        '{ purchaseOrders(after: "bad") { totalCount } }': "BAD_USER_INPUT",
        "{ serialNumbers(first: 9999) { totalCount } }": "BAD_USER_INPUT",
    }
    for query, code in codes.items():
        assert client.execute(query)["errors"][0]["extensions"]["code"] == code, query
    as_variable = client.execute(
        "query($n: Int) { serialNumbers(first: $n) { totalCount } }", {"n": "many"}
    )
    assert as_variable["errors"][0]["extensions"]["code"] == "BAD_USER_INPUT"

    def broken(*_args: Any) -> Any:
        raise RuntimeError("the database is on fire")

    monkeypatch.setattr(queries, "suppliers", broken)
    masked = client.execute("{ suppliers { totalCount } }")
    assert masked["errors"][0] == {
        **masked["errors"][0],
        "message": MASKED,
        "extensions": {"code": "INTERNAL"},
    }
    assert "fire" not in json.dumps(masked)
