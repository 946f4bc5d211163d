"""Webhooks (issue 15): deliveries written in the transaction of their change, signed the
Standard Webhooks way (checked with its reference library), retried with backoff, in order per
document, exactly once per receiver that recovers; URL rules; admins only; the secret once."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Iterator
from contextlib import suppress
from pathlib import Path

import pytest
from standardwebhooks import Webhook
from tortoise.transactions import in_transaction

from backend.domain import changes, webhooks
from backend.models import WebhookDelivery
from support.builders import Scenario
from support.client import Client, in_process, over_http
from support.receiver import Received, receiver
from support.server import cli_token, free_port, live_server

ALL_TYPES = ["PURCHASE_ORDER_CHANGED", "SALES_ORDER_CHANGED", "SERIAL_NUMBER_EVENTS"]
ENDPOINT = "endpoint { id url eventTypes active description createdBy }"
DELIVERIES = """query($endpoint: ID, $status: WebhookDeliveryStatus, $after: String) {
    webhookDeliveries(endpointId: $endpoint, status: $status, first: 500, after: $after) {
    edges { node { id eventId eventType cursor status attemptCount lastStatusCode lastError
    deliveredAt payload attempts { statusCode error durationMs } } }
    pageInfo { hasNextPage endCursor } } }"""
WAIT = 60  # seconds before giving up on a delivery that never comes (not a timed assertion)


@pytest.fixture
def hooks(database_url: str) -> Iterator[Client]:
    """The app with receivers on 127.0.0.1 allowed and fast retries (50 ms, doubling)."""
    with in_process(
        database_url, webhooks_allow_private=True, webhook_retry_base=0.05, webhook_max_attempts=6
    ) as client:
        yield client


def create(client: Client, url: str, types: list[str] | None = None) -> dict:
    return client.mutate(
        "createWebhookEndpoint",
        "CreateWebhookEndpointInput",
        {"url": url, "eventTypes": types or ALL_TYPES, "description": "ERP"},
        f"secret {ENDPOINT}",
    )


def deliveries(
    client: Client, endpoint: str | None = None, status: str | None = None
) -> list[dict]:
    return [
        e["node"]
        for e in client(DELIVERIES, {"endpoint": endpoint, "status": status})["webhookDeliveries"][
            "edges"
        ]
    ]


def wait_settled(client: Client, endpoint: str, count: int) -> list[dict]:
    """The endpoint's deliveries once `count` exist and none is pending or retrying."""
    deadline = time.monotonic() + WAIT
    while True:
        found = deliveries(client, endpoint)
        if len(found) >= count and all(d["status"] in ("DELIVERED", "FAILED") for d in found):
            return found
        assert time.monotonic() < deadline, found
        time.sleep(0.05)


def verified(secret: str, request: Received) -> dict:
    """The body, verified by the Standard Webhooks reference implementation."""
    return Webhook(secret).verify(request.body, request.headers)


def some_changes(api: Scenario) -> list[str]:
    """Changes on two purchase orders and a sales order; the order ids."""
    api.product("Pump", True, ["WH-1"])
    first = api.order([("WH-1", 6)])
    second = api.order([("WH-1", 6)])
    for i in range(3):
        api.assign(first["rows"][0]["id"], [f"A-{i}"])
        api.assign(second["rows"][0]["id"], [f"B-{i}"])
    api.receive_order(first["id"])
    sales = api.sales_order(api.customer(), [("WH-1", 1)])
    api.pick(sales["rows"][0]["id"], ["A-0"])
    return [first["id"], second["id"], sales["id"]]


def test_a_receiver_failing_3_times_gets_every_delivery_once_in_order_and_signed(
    hooks: Client,
) -> None:
    with receiver(failures=3) as inbox:
        made = create(hooks, inbox.url)
        secret, endpoint = made["secret"], made["endpoint"]
        assert secret.startswith("whsec_") and endpoint["active"] and endpoint["createdBy"]
        start = hooks("{ changes(first: 1000) { pageInfo { endCursor } } }")["changes"]["pageInfo"][
            "endCursor"
        ]
        some_changes(Scenario(hooks))
        feed = hooks(
            "query($after: String) { changes(after: $after, first: 1000) { edges { "
            "cursor node { kind purchaseOrderId salesOrderId } } } }",
            {"after": start},
        )["changes"]["edges"]
        settled = wait_settled(hooks, endpoint["id"], len(feed))
        inbox.wait_for(lambda r: len(r.accepted) >= len(feed))
        time.sleep(0.3)  # anything sent twice would have arrived by now

    assert {d["status"] for d in settled} == {"DELIVERED"}
    assert sorted(d["cursor"] for d in settled) == sorted(e["cursor"] for e in feed)
    assert [r.status for r in inbox.requests[:3]] == [500, 500, 500]
    bodies = [verified(secret, r) for r in inbox.accepted]
    ids = [r.headers["webhook-id"] for r in inbox.accepted]
    assert len(ids) == len(set(ids)) == len(feed)  # every delivery once
    assert all(i.startswith("msg_") for i in ids)
    # Per document, in feed order.
    position = {e["cursor"]: n for n, e in enumerate(feed)}
    by_document: dict[str, list[int]] = {}
    for body in bodies:
        data = body["data"]
        document = data["purchaseOrderId"] or data["salesOrderId"]
        by_document.setdefault(document, []).append(position[data["cursor"]])
    assert len(by_document) == 3
    assert all(p == sorted(p) for p in by_document.values()), by_document
    kinds = {b["type"] for b in bodies}
    assert kinds == {"purchase_order.changed", "sales_order.changed", "serial_number.events"}
    events = [b for b in bodies if b["type"] == "serial_number.events"]
    assert {e["data"]["eventKind"] for e in events} == {"ASSIGNED", "RECEIVED", "RESERVED"}
    # The failed attempts are logged with the receiver's status code.
    retried = [d for d in settled if d["attemptCount"] > 1]
    assert sum(d["attemptCount"] - 1 for d in retried) == 3
    assert all(a["statusCode"] == 500 for d in retried for a in d["attempts"][:-1])
    assert all(d["attempts"][-1]["statusCode"] == 204 for d in settled)


def test_only_subscribed_types_and_active_endpoints_get_deliveries(hooks: Client) -> None:
    with receiver() as inbox:
        orders = create(hooks, inbox.url, ["PURCHASE_ORDER_CHANGED"])["endpoint"]
        paused = create(hooks, inbox.url)["endpoint"]
        hooks.mutate(
            "updateWebhookEndpoint",
            "UpdateWebhookEndpointInput",
            {"id": paused["id"], "active": False},
            ENDPOINT,
        )
        api = Scenario(hooks)
        row = api.tracked_row(3, "TY-1")
        api.assign(row["id"], ["T-1"])
        found = wait_settled(hooks, orders["id"], 2)
        assert {d["eventType"] for d in found} == {"PURCHASE_ORDER_CHANGED"}
        assert deliveries(hooks, paused["id"]) == []


def test_a_change_that_rolls_back_gives_no_delivery(hooks: Client) -> None:
    with receiver() as inbox:
        create(hooks, inbox.url)
        api = Scenario(hooks)
        row = api.tracked_row(2, "RB-1")
        before = len(wait_settled(hooks, None, 1))  # type: ignore[arg-type]
        refused = api.assign(row["id"], ["R-1", "R-2", "R-3"])  # over the quantity: refused
        assert refused["errors"]

        async def flushed_then_rolled_back() -> int:
            """The outbox rows are written by `flush`, inside the transaction: a rollback
            after it takes them too."""
            pending = changes.Pending()
            changes._pending.set(pending)
            try:
                changes.note_document(changes.ChangeKind.PURCHASE_ORDER_CHANGED, 1, "x")
                with suppress(RuntimeError):
                    async with in_transaction() as conn:
                        written = await changes.flush(conn, pending)
                        assert written is not None
                        assert (
                            await WebhookDelivery.filter(position=written).using_db(conn).count()
                            == 1
                        )
                        raise RuntimeError("roll back")
            finally:
                changes._pending.set(None)
            return await WebhookDelivery.filter(position=written).count()

        assert hooks.run(flushed_then_rolled_back) == 0
        time.sleep(0.3)
        assert len(deliveries(hooks)) == before
        assert len(inbox.accepted) == before


def test_resend_sends_the_same_message_again(hooks: Client) -> None:
    with receiver() as inbox:
        made = create(hooks, inbox.url, ["PURCHASE_ORDER_CHANGED"])
        Scenario(hooks).tracked_row(2, "RS-1")
        (delivery,) = wait_settled(hooks, made["endpoint"]["id"], 1)
        inbox.wait_for(lambda r: len(r.accepted) == 1)
        pending = hooks(
            """mutation($input: WebhookDeliveryInput!) {
            resendWebhookDelivery(input: $input) { delivery { status } errors { code } } }""",
            {"input": {"id": delivery["id"]}},
        )["resendWebhookDelivery"]
        assert pending == {"delivery": {"status": "PENDING"}, "errors": []}
        inbox.wait_for(lambda r: len(r.accepted) == 2)
        again = wait_settled(hooks, made["endpoint"]["id"], 1)[0]
        assert [a["statusCode"] for a in again["attempts"]] == [204, 204]
        first, second = inbox.accepted
        assert first.headers["webhook-id"] == second.headers["webhook-id"]
        assert first.body == second.body
        verified(made["secret"], second)
        # A pending one can't be resent; a bad ID names the field.
        for bad in ("nonsense", made["endpoint"]["id"]):
            refused = hooks(
                """mutation($input: WebhookDeliveryInput!) {
                resendWebhookDelivery(input: $input) { errors { code field } } }""",
                {"input": {"id": bad}},
            )["resendWebhookDelivery"]
            assert refused["errors"] == [{"code": "NOT_FOUND", "field": "id"}]


def test_the_secret_is_shown_once_and_rotating_it_signs_with_the_new_one(
    hooks: Client,
) -> None:
    fields = hooks('{ __type(name: "WebhookEndpoint") { fields { name } } }')["__type"]
    assert "secret" not in {f["name"] for f in fields["fields"]}
    with receiver() as inbox:
        made = create(hooks, inbox.url, ["PURCHASE_ORDER_CHANGED"])
        listed = hooks("{ webhookEndpoints { id url eventTypes description } }")
        assert listed["webhookEndpoints"] == [
            {
                "id": made["endpoint"]["id"],
                "url": inbox.url,
                "eventTypes": ["PURCHASE_ORDER_CHANGED"],
                "description": "ERP",
            }
        ]
        rotated = hooks.mutate(
            "rotateWebhookSecret", "WebhookEndpointInput", {"id": made["endpoint"]["id"]}, "secret"
        )["secret"]
        assert rotated.startswith("whsec_") and rotated != made["secret"]
        Scenario(hooks).tracked_row(2, "ROT-1")
        inbox.wait_for(lambda r: len(r.accepted) == 1)
        verified(rotated, inbox.accepted[0])
        with pytest.raises(Exception, match="No matching signature"):
            verified(made["secret"], inbox.accepted[0])


def test_deleting_an_endpoint_takes_its_log(hooks: Client) -> None:
    with receiver() as inbox:
        made = create(hooks, inbox.url)["endpoint"]
        Scenario(hooks).tracked_row(2, "DEL-1")
        wait_settled(hooks, made["id"], 1)
        hooks.mutate(
            "deleteWebhookEndpoint", "WebhookEndpointInput", {"id": made["id"]}, "endpoint { id }"
        )
        assert hooks("{ webhookEndpoints { id } }")["webhookEndpoints"] == []
        assert deliveries(hooks) == []


@pytest.mark.parametrize(
    "url,code",
    [
        ("http://127.0.0.1:9000/hook", "ADDRESS_NOT_ALLOWED"),
        ("http://localhost/hook", "ADDRESS_NOT_ALLOWED"),
        ("http://10.1.2.3/hook", "ADDRESS_NOT_ALLOWED"),
        ("http://192.168.1.20/hook", "ADDRESS_NOT_ALLOWED"),
        ("http://169.254.169.254/latest/meta-data", "ADDRESS_NOT_ALLOWED"),
        ("http://[::1]/hook", "ADDRESS_NOT_ALLOWED"),
        ("http://[::ffff:127.0.0.1]/hook", "ADDRESS_NOT_ALLOWED"),
        ("http://0.0.0.0/hook", "ADDRESS_NOT_ALLOWED"),
        ("http://224.0.0.1/hook", "ADDRESS_NOT_ALLOWED"),
        ("ftp://example.com/hook", "INVALID_URL"),
        ("file:///etc/passwd", "INVALID_URL"),
        ("https://user:pw@example.com/hook", "INVALID_URL"),
        ("http:///hook", "INVALID_URL"),
        ("", "REQUIRED"),
    ],
)
def test_urls_refused_without_the_private_address_setting(
    client: Client,
    url: str,
    code: str,
) -> None:
    payload = client(
        """mutation($input: CreateWebhookEndpointInput!) {
        createWebhookEndpoint(input: $input) { secret endpoint { id } errors { code field
        message } } }""",
        {"input": {"url": url, "eventTypes": ALL_TYPES}},
    )["createWebhookEndpoint"]
    assert payload["secret"] is None and payload["endpoint"] is None
    assert [(e["code"], e["field"]) for e in payload["errors"]] == [(code, "url")]
    if code == "ADDRESS_NOT_ALLOWED":
        assert "SERIALTRACE_WEBHOOKS_ALLOW_PRIVATE" in payload["errors"][0]["message"]
    assert client("{ webhookEndpoints { id } }")["webhookEndpoints"] == []


def test_the_address_is_checked_again_when_sending(hooks: Client) -> None:
    """An endpoint whose host now resolves to a refused address (DNS rebinding; here: the
    setting turned off) gets no request; the attempt says why."""
    with receiver() as inbox:
        made = create(hooks, inbox.url, ["PURCHASE_ORDER_CHANGED"])["endpoint"]

        async def strict() -> None:
            webhooks.policy.allow_private = False

        hooks.run(strict)
        Scenario(hooks).tracked_row(2, "DNS-1")
        deadline = time.monotonic() + WAIT
        while not (found := deliveries(hooks, made["id"])) or not found[0]["attempts"]:
            assert time.monotonic() < deadline
            time.sleep(0.05)
        assert found[0]["status"] in ("RETRYING", "FAILED")
        assert "loopback" in found[0]["attempts"][0]["error"]
        assert found[0]["attempts"][0]["statusCode"] is None
        assert inbox.requests == []


def test_only_admins_manage_webhooks(client: Client) -> None:
    operator = client.as_role("OPERATOR")
    body = operator.execute("{ webhookEndpoints { id } }")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    body = operator.execute("""mutation { createWebhookEndpoint(input: {url:
        "https://example.com/h", eventTypes: [PURCHASE_ORDER_CHANGED]}) { secret } }""")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    assert body["data"] is None
    body = client.as_role("VIEWER").execute("{ webhookDeliveries { edges { node { id } } } }")
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_bad_inputs_name_their_field(hooks: Client) -> None:
    with receiver() as inbox:
        made = create(hooks, inbox.url)["endpoint"]
        for input, field in (
            ({"id": made["id"], "eventTypes": []}, "eventTypes"),
            ({"id": made["id"], "url": "gopher://x"}, "url"),
            ({"id": made["id"], "description": "x" * 201}, "description"),
            ({"id": "bogus", "active": False}, "id"),
        ):
            payload = hooks(
                """mutation($input: UpdateWebhookEndpointInput!) {
                updateWebhookEndpoint(input: $input) { endpoint { id } errors { field } } }""",
                {"input": input},
            )["updateWebhookEndpoint"]
            assert payload == {"endpoint": None, "errors": [{"field": field}]}, input
        assert hooks("{ webhookEndpoints { active url } }")["webhookEndpoints"] == [
            {"active": True, "url": inbox.url}
        ]
        body = hooks.execute('{ webhookDeliveries(endpointId: "zzz") { edges { cursor } } }')
        assert "endpointId" in body["errors"][0]["message"]


def test_a_server_killed_after_the_commit_delivers_after_restart(
    database_url: str,
    tmp_path: Path,
) -> None:
    token = cli_token(database_url)
    port = free_port()  # the receiver is down at first: nothing listens there
    env = {"SERIALTRACE_WEBHOOKS_ALLOW_PRIVATE": "1", "SERIALTRACE_WEBHOOK_RETRY_BASE": "0.2"}
    with live_server(database_url, env=env) as server, over_http(server.url, token) as client:
        made = create(client, f"http://127.0.0.1:{port}/hook", ["PURCHASE_ORDER_CHANGED"])
        api = Scenario(client)
        row = api.tracked_row(3, "KILL-1")
        api.assign(row["id"], ["K-1"])
        deadline = time.monotonic() + WAIT
        while True:  # committed, tried, not delivered (the later one waits for the earlier)
            found = deliveries(client)
            if len(found) >= 2 and found[-1]["attemptCount"]:
                break
            assert time.monotonic() < deadline, found
            time.sleep(0.05)
        assert [d["status"] for d in found] == ["PENDING", "RETRYING"]
        assert found[0]["attemptCount"] == 0
        os.kill(server.process.pid, signal.SIGKILL)
        server.process.wait()
    with (
        receiver(port=port) as inbox,
        live_server(database_url, env=env) as again,
        over_http(again.url, token) as client,
    ):
        settled = wait_settled(client, made["endpoint"]["id"], 2)
        inbox.wait_for(lambda r: len(r.accepted) == 2)
        assert {d["status"] for d in settled} == {"DELIVERED"}
        bodies = [verified(made["secret"], r) for r in inbox.accepted]
        # One document: in feed order (the log lists newest first).
        assert [b["data"]["cursor"] for b in bodies] == [d["cursor"] for d in reversed(settled)]


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_two_workers_share_the_outbox_and_never_send_one_twice(postgres_url: str) -> None:
    token = cli_token(postgres_url)
    env = {"SERIALTRACE_WEBHOOKS_ALLOW_PRIVATE": "1", "SERIALTRACE_WEBHOOK_RETRY_BASE": "0.05"}
    with (
        receiver(failures=2) as inbox,
        live_server(postgres_url, workers=2, env=env) as server,
        over_http(server.url, token) as client,
    ):
        made = create(client, inbox.url)
        api = Scenario(client)
        api.product("Valve", True, ["TW-1"])
        rows = [api.order([("TW-1", 10)])["rows"][0]["id"] for _ in range(4)]
        for i in range(5):
            for n, row in enumerate(rows):
                api.assign(row, [f"T-{n}-{i}"])
        settled = wait_settled(client, made["endpoint"]["id"], 4 + 4 * 5 * 2)
        inbox.wait_for(lambda r: len(r.accepted) >= len(settled))
        time.sleep(0.5)  # anything sent twice would have arrived by now
    ids = [r.headers["webhook-id"] for r in inbox.accepted]
    assert len(ids) == len(set(ids)) == len(settled)
    by_document: dict[str, list[int]] = {}
    for request in inbox.accepted:
        data = verified(made["secret"], request)["data"]
        by_document.setdefault(data["purchaseOrderId"], []).append(
            int(webhooks_position(data["cursor"]))
        )
    assert all(p == sorted(p) for p in by_document.values()), by_document


def webhooks_position(cursor: str) -> int:
    import base64

    return int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode().split(":")[1])


def test_the_database_holds_the_outbox_rules(hooks: Client) -> None:
    with receiver() as inbox:
        made = create(hooks, inbox.url, ["PURCHASE_ORDER_CHANGED"])["endpoint"]
        Scenario(hooks).tracked_row(2, "DB-1")
        wait_settled(hooks, made["id"], 1)

    async def refused() -> list[str]:
        from tortoise.exceptions import IntegrityError

        broken = [
            "UPDATE webhook_delivery SET status = 'LOST'",
            "UPDATE webhook_delivery SET delivered_at = NULL",
            "UPDATE webhook_delivery SET attempts = -1",
            "UPDATE webhook_delivery SET endpoint_id = 999999",
            "UPDATE webhook_endpoint SET url = 'ftp://example.com/'",
            "INSERT INTO webhook_delivery (endpoint_id, event_id, event_type, payload, "
            "position, document_key, status, attempts, next_attempt_at, created_at) "
            "SELECT endpoint_id, event_id, event_type, payload, position, document_key, "
            "'PENDING', 0, created_at, created_at FROM webhook_delivery",
        ]
        found = []
        for sql in broken:
            try:
                async with in_transaction() as conn:
                    await conn.execute_query(sql)
            except IntegrityError:
                found.append(sql)
        return found

    assert len(hooks.run(refused)) == 6
    assert [d["status"] for d in deliveries(hooks)] == ["DELIVERED"]


def test_after_the_last_attempt_a_delivery_fails_and_a_resend_delivers_it(
    hooks: Client,
) -> None:
    with receiver(failures=1000) as inbox:  # down for good (the fixture allows 6 attempts)
        made = create(hooks, inbox.url, ["PURCHASE_ORDER_CHANGED"])["endpoint"]
        Scenario(hooks).tracked_row(2, "FAIL-1")
        (failed,) = wait_settled(hooks, made["id"], 1)
        assert (
            failed["status"],
            failed["attemptCount"],
            failed["lastStatusCode"],
            failed["lastError"],
        ) == ("FAILED", 6, 500, "HTTP 500")
        assert [a["statusCode"] for a in failed["attempts"]] == [500] * 6
        assert deliveries(hooks, made["id"], "FAILED") == [failed]
        assert deliveries(hooks, made["id"], "DELIVERED") == []
        with inbox.lock:
            inbox.failures = 0  # back up
        hooks.mutate(
            "resendWebhookDelivery", "WebhookDeliveryInput", {"id": failed["id"]}, "delivery { id }"
        )
        (delivered,) = wait_settled(hooks, made["id"], 1)
        assert (delivered["status"], delivered["attemptCount"]) == ("DELIVERED", 1)
        assert len(delivered["attempts"]) == 7
        assert len(inbox.accepted) == 1 and len(inbox.requests) == 7
