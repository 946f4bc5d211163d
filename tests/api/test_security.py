"""Who may do what, and a hardened endpoint: roles on every field, sessions and tokens, CSRF,
limits, production mode, idempotent retries."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLList,
    GraphQLNonNull,
    GraphQLScalarType,
)
from starlette.testclient import TestClient

from backend.app import create_app
from backend.graphql.schema import schema
from backend.models import Credential, PurchaseOrder, SerialNumber, SerialNumberEvent, User
from support.builders import Scenario
from support.client import Client, settings, user_with_token
from tests.api.test_import import csv_bytes, upload_response

GRAPHQL = schema._schema


def _value(kind: Any) -> Any:
    """A value of the GraphQL input type that passes validation, so the role is what decides."""
    if isinstance(kind, GraphQLNonNull):
        return _value(kind.of_type)
    if isinstance(kind, GraphQLList):
        return [_value(kind.of_type)]
    if isinstance(kind, GraphQLEnumType):
        return next(iter(kind.values))
    if isinstance(kind, GraphQLInputObjectType):
        return {
            name: _value(field.type)
            for name, field in kind.fields.items()
            if isinstance(field.type, GraphQLNonNull)
        }
    assert isinstance(kind, GraphQLScalarType)
    return {
        "Int": 1,
        "Boolean": False,
        "Float": 1.0,
        "Decimal": "1",
        "DateTime": datetime.now(UTC).isoformat(),
        "Upload": None,
    }.get(kind.name, "x")


def _operation(root: str, name: str) -> tuple[str, dict[str, Any]]:
    field = (GRAPHQL.mutation_type if root == "mutation" else GRAPHQL.query_type).fields[name]
    params = ", ".join(f"${a}: {arg.type}" for a, arg in field.args.items())
    args = ", ".join(f"{a}: ${a}" for a in field.args)
    variables = {
        a: _value(arg.type) for a, arg in field.args.items() if isinstance(arg.type, GraphQLNonNull)
    }
    result = field.type.of_type if isinstance(field.type, GraphQLNonNull) else field.type
    while isinstance(result, GraphQLList | GraphQLNonNull):
        result = result.of_type
    selection = " { __typename }" if hasattr(result, "fields") else ""
    head = f"{root} Op({params})" if params else root
    return f"{head} {{ {name}{f'({args})' if args else ''}{selection} }}", variables


async def _snapshot() -> tuple[int, ...]:
    return (
        await PurchaseOrder.all().count(),
        await SerialNumber.all().count(),
        await SerialNumberEvent.all().count(),
        await User.all().count(),
        await Credential.filter(kind="token").count(),
    )


# importSerialNumbers takes a file, so it goes as a multipart upload, not JSON.
MUTATIONS = sorted(set(GRAPHQL.mutation_type.fields) - {"importSerialNumbers"})
QUERIES = sorted(set(GRAPHQL.query_type.fields) - {"me"})
ADMIN_ONLY = {
    "createUser",
    "updateUser",
    "createApiToken",
    "revokeApiToken",
    "createSignInLink",
    "users",
    "apiTokens",
}


def test_every_mutation_is_refused_to_viewers_and_anonymous_clients_and_changes_nothing(
    client: Client,
    scenario: Scenario,
) -> None:
    row = scenario.tracked_row(quantity=2)
    scenario.assign(row["id"], ["KEEP-1"])
    callers = {"UNAUTHENTICATED": client.anonymous(), "FORBIDDEN": client.as_role("VIEWER")}
    before = client.run(_snapshot)
    assert len(MUTATIONS) >= 20
    for name in MUTATIONS:
        query, variables = _operation("mutation", name)
        for code, caller in callers.items():
            body = caller.execute(query, variables)
            assert body.get("data") is None, (name, code, body)
            assert [e["extensions"]["code"] for e in body["errors"]] == [code], (name, body)
    for code, caller in callers.items():
        upload = upload_response(caller, csv_bytes([("PO-1", "SRV-1", "UP-1")]), dry_run=False)
        assert [e["extensions"]["code"] for e in upload.json()["errors"]] == [code]
    assert client.run(_snapshot) == before


def test_every_query_needs_a_signed_in_user(client: Client) -> None:
    nobody = client.anonymous()
    for name in QUERIES:
        query, variables = _operation("query", name)
        body = nobody.execute(query, variables)
        assert [e["extensions"]["code"] for e in body["errors"]] == ["UNAUTHENTICATED"], name
    assert nobody("{ me { username } }") == {"me": None}


def test_roles(client: Client, scenario: Scenario) -> None:
    viewer, operator = client.as_role("VIEWER"), client.as_role("OPERATOR")
    row = scenario.tracked_row(quantity=2)
    assert viewer("{ purchaseOrders { totalCount } }")["purchaseOrders"]["totalCount"] == 1
    assigned = operator.execute(
        """mutation($id: ID!) { assignSerialNumbers(input: {rowId: $id,
        numbers: ["OP-1"]}) { errors { code } } }""",
        {"id": row["id"]},
    )
    assert assigned["data"]["assignSerialNumbers"]["errors"] == []
    refused = operator.execute("{ users { username } }")
    assert refused["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert "ADMIN" in refused["errors"][0]["message"]
    history = viewer('{ serialNumber(sku: "SRV-1", number: "OP-1") { history { kind user } } }')
    assert history["serialNumber"]["history"] == [{"kind": "ASSIGNED", "user": "operator"}]


def test_tokens_are_shown_once_stored_hashed_and_can_be_revoked(client: Client) -> None:
    made = client("""mutation { createApiToken(input: {name: "ERP sync"}) {
        token { id name } secret errors { code } } }""")["createApiToken"]
    secret = made["secret"]
    assert secret.startswith("stt_") and len(secret) > 40
    hashes = client.run(
        lambda: Credential.filter(kind="token").values_list("secret_hash", flat=True)
    )
    assert secret not in hashes and all(len(h) == 64 for h in hashes)
    listed = client("{ apiTokens { name } }")["apiTokens"]
    assert "secret" not in json.dumps(listed) and {"name": "ERP sync"} in listed

    erp = Client(client.transport, secret)
    assert erp("{ me { username role } }")["me"] == {"username": "tester", "role": "ADMIN"}
    client(
        """mutation($id: ID!) { revokeApiToken(input: {tokenId: $id}) { errors { code } } }""",
        {"id": made["token"]["id"]},
    )
    assert erp("{ me { username } }")["me"] is None
    assert (
        erp.execute("{ purchaseOrders { totalCount } }")["errors"][0]["extensions"]["code"]
        == "UNAUTHENTICATED"
    )


def test_sign_in_sets_a_safe_session_cookie_and_sign_out_ends_it(client: Client) -> None:
    client("""mutation { createUser(input: {username: "wendy", role: OPERATOR,
        password: "correct horse battery"}) { errors { code } } }""")
    http: TestClient = client.http
    anonymous = {"Authorization": ""}
    wrong = http.post(
        "/auth/sign-in", json={"username": "wendy", "password": "nope nope nope"}, headers=anonymous
    )
    assert wrong.status_code == 401 and "serialtrace_session" not in wrong.cookies
    as_form = http.post(
        "/auth/sign-in",
        data={"username": "wendy", "password": "correct horse battery"},
        headers=anonymous,
    )
    assert as_form.status_code == 415

    signed_in = http.post(
        "/auth/sign-in",
        headers=anonymous,
        json={"username": "wendy", "password": "correct horse battery"},
    )
    assert signed_in.status_code == 200
    cookie = signed_in.headers["set-cookie"]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    session = signed_in.cookies["serialtrace_session"]
    assert http.cookies["serialtrace_session"] == session  # the client keeps it, as a browser
    me = http.post("/graphql", json={"query": "{ me { username role } }"}, headers=anonymous)
    assert me.json()["data"]["me"] == {"username": "wendy", "role": "OPERATOR"}

    http.post("/auth/sign-out", headers=anonymous)
    http.cookies.set("serialtrace_session", session)  # a stolen copy of the cookie
    after = http.post("/graphql", json={"query": "{ me { username } }"}, headers=anonymous)
    assert after.json()["data"]["me"] is None
    http.cookies.clear()


def test_a_sign_in_link_works_once(client: Client) -> None:
    user = client("""mutation { createUser(input: {username: "lena", role: VIEWER}) {
        user { id } } }""")["createUser"]["user"]
    path = client(
        """mutation($id: ID!) { createSignInLink(input: {userId: $id}) { path } }""",
        {"id": user["id"]},
    )["createSignInLink"]["path"]
    first = client.http.get(path, headers={"Authorization": ""}, follow_redirects=False)
    assert first.status_code == 303 and first.headers["location"] == "/"
    assert "serialtrace_session" in first.cookies
    assert client.http.get(path, follow_redirects=False).status_code == 404


def test_cross_site_requests_are_refused_and_change_nothing(
    client: Client,
    scenario: Scenario,
) -> None:
    row = scenario.tracked_row(quantity=3)
    mutation = json.dumps(
        {
            "query": f"""mutation {{ assignSerialNumbers(input: {{
        rowId: "{row["id"]}", numbers: ["CSRF-1"]}}) {{ errors {{ code }} }} }}"""
        }
    )
    http = client.http
    for content_type in ("text/plain", "application/x-www-form-urlencoded"):
        response = http.post("/graphql", content=mutation, headers={"Content-Type": content_type})
        assert response.status_code == 415, content_type
    multipart = http.post(
        "/graphql",
        data={"operations": mutation, "map": "{}"},
        files={"0": ("a.csv", b"x", "text/csv")},
    )
    assert multipart.status_code == 400
    via_get = http.get("/graphql", params={"query": json.loads(mutation)["query"]})
    assert via_get.status_code in (400, 405)
    assert scenario.fetch_row(row["id"])["tracing"]["assigned"] == 0


def test_oversized_and_batched_requests_are_refused(client: Client) -> None:
    big = client.http.post(
        "/graphql", json={"query": "{ me { username } }", "variables": {"pad": "x" * 2_000_000}}
    )
    assert big.status_code == 413
    batch = client.http.post("/graphql", json=[{"query": "{ me { username } }"}] * 2)
    assert batch.status_code == 400


def test_depth_aliases_tokens_and_page_size_are_limited(client: Client) -> None:
    deep = (
        "{ purchaseOrders { edges { node { "
        + "rows { purchaseOrder { " * 6
        + "id"
        + " } }" * 6
        + " } } } }"
    )
    assert "more than 12 levels deep" in client.execute(deep)["errors"][0]["message"]
    aliases = "{ " + " ".join(f"a{i}: me {{ username }}" for i in range(30)) + " }"
    assert "aliases" in client.execute(aliases)["errors"][0]["message"].lower()
    tokens = "{ me { " + " ".join(["username"] * 6000) + " } }"
    assert "token" in client.execute(tokens)["errors"][0]["message"].lower()
    assert (
        "between 0 and 500"
        in client.execute("{ serialNumbers(first: 501) { totalCount } }")["errors"][0]["message"]
    )


def test_production_mode_hides_introspection_and_graphiql(database_url: str) -> None:
    with TestClient(create_app(settings(database_url, production=True))) as http:
        page = http.get("/graphql", headers={"accept": "text/html"})
        assert "graphiql" not in page.text.lower()
        assert http.get("/graphiql.html").status_code == 404
        introspect = {"query": "{ __schema { types { name } } }"}
        assert http.post("/graphql", json=introspect).status_code == 401
        token = http.portal.call(user_with_token, "prod", "ADMIN")
        body = http.post(
            "/graphql", json=introspect, headers={"Authorization": f"Bearer {token}"}
        ).json()
        assert "introspection" in body["errors"][0]["message"].lower()


def test_a_retry_with_the_same_idempotency_key_applies_once(
    client: Client,
    scenario: Scenario,
) -> None:
    row = scenario.tracked_row(quantity=5)
    query = """mutation($id: ID!, $n: [String!]!) { assignSerialNumbers(input: {rowId: $id,
        numbers: $n}) { row { tracing { assigned } } errors { code } } }"""
    send = {"query": query, "variables": {"id": row["id"], "n": ["IDEM-1"]}}
    first = client.http.post("/graphql", json=send, headers={"Idempotency-Key": "k-1"})
    again = client.http.post("/graphql", json=send, headers={"Idempotency-Key": "k-1"})
    assert first.json() == again.json()
    assert first.json()["data"]["assignSerialNumbers"]["errors"] == []
    assert again.headers.get("idempotent-replayed") == "true"
    assert scenario.fetch_row(row["id"])["tracing"]["assigned"] == 1

    other = {"query": query, "variables": {"id": row["id"], "n": ["IDEM-2"]}}
    reused = client.http.post("/graphql", json=other, headers={"Idempotency-Key": "k-1"})
    assert reused.status_code == 422 and "different request" in reused.text
    assert scenario.fetch_row(row["id"])["tracing"]["assigned"] == 1
