"""Subscriptions over WebSocket (graphql-transport-ws) against uvicorn with two workers on
PostgreSQL: a change made through one worker reaches a subscriber on the other; anonymous and
revoked subscribers are refused or closed; a reconnecting subscriber catches up."""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from support.builders import Scenario
from support.client import over_http
from support.server import cli_token, live_server

PO_CHANGED = """subscription($id: ID!, $after: String) { purchaseOrderChanged(id: $id,
    after: $after) { change { cursor kind eventKind count user }
    purchaseOrder { number rows { tracing { assigned } status } } } }"""
WAIT = 30  # seconds before a test gives up waiting for a message (not a timed assertion)


def ws_url(http_url: str) -> str:
    return http_url.replace("http://", "ws://") + "/graphql"


@contextmanager
def subscribed(
    url: str, token: str | None, query: str, variables: dict
) -> Iterator[ClientConnection]:
    with connect(ws_url(url), subprotocols=["graphql-transport-ws"], open_timeout=WAIT) as socket:
        socket.send(
            json.dumps({"type": "connection_init", "payload": {"token": token} if token else {}})
        )
        ack = json.loads(socket.recv(timeout=WAIT))
        assert ack["type"] == "connection_ack", ack
        socket.send(
            json.dumps(
                {
                    "id": "1",
                    "type": "subscribe",
                    "payload": {"query": query, "variables": variables},
                }
            )
        )
        yield socket


def next_data(socket: ClientConnection) -> dict:
    while True:
        message = json.loads(socket.recv(timeout=WAIT))
        if message["type"] == "ping":
            socket.send(json.dumps({"type": "pong"}))
            continue
        assert message["type"] == "next", message
        assert not message["payload"].get("errors"), message
        return message["payload"]["data"]


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_subscriber_sees_changes_made_through_the_other_worker_and_catches_up(
    postgres_url: str,
) -> None:
    token = cli_token(postgres_url)
    with live_server(postgres_url, workers=2) as server, over_http(server.url, token) as client:
        api = Scenario(client)
        api.product("Motor", True, ["LIVE"])
        order = api.order([("LIVE", 5)])
        row = order["rows"][0]["id"]
        # Several sockets: with two workers, some land on the one the writes don't.
        sockets = [subscribed(server.url, token, PO_CHANGED, {"id": order["id"]}) for _ in range(4)]
        opened = [s.__enter__() for s in sockets]
        try:
            api.assign(row, ["L-1", "L-2"])
            for socket in opened:
                first = next_data(socket)["purchaseOrderChanged"]
                assert first["change"]["kind"] == "PURCHASE_ORDER_CHANGED"
                assert first["purchaseOrder"]["rows"][0]["tracing"]["assigned"] == 2
                events = next_data(socket)["purchaseOrderChanged"]
                assert (
                    events["change"]["eventKind"],
                    events["change"]["count"],
                    events["change"]["user"],
                ) == ("ASSIGNED", 2, "tester")
            last = events["change"]["cursor"]
        finally:
            for s in sockets:
                s.__exit__(None, None, None)
        # Disconnected: two more changes; reconnecting with the last cursor replays them.
        api.assign(row, ["L-3"])
        api.receive_order(order["id"])
        with subscribed(
            server.url, token, PO_CHANGED, {"id": order["id"], "after": last}
        ) as socket:
            got = [next_data(socket)["purchaseOrderChanged"]["change"] for _ in range(4)]
            assert [(c["kind"], c["eventKind"]) for c in got] == [
                ("PURCHASE_ORDER_CHANGED", None),
                ("SERIAL_NUMBER_EVENTS", "ASSIGNED"),
                ("PURCHASE_ORDER_CHANGED", None),
                ("SERIAL_NUMBER_EVENTS", "RECEIVED"),
            ]
            api.assign(row, ["L-4"])  # and then live again
            live = next_data(socket)["purchaseOrderChanged"]
            assert live["purchaseOrder"]["rows"][0]["tracing"]["assigned"] == 4


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_anonymous_subscribers_are_refused_and_revoked_ones_closed(postgres_url: str) -> None:
    token = cli_token(postgres_url)
    with live_server(postgres_url, workers=2) as server, over_http(server.url, token) as client:
        with connect(ws_url(server.url), subprotocols=["graphql-transport-ws"]) as socket:
            socket.send(json.dumps({"type": "connection_init", "payload": {}}))
            with pytest.raises(ConnectionClosed) as closed:
                socket.recv(timeout=WAIT)
            assert closed.value.rcvd.code == 4403
        with connect(ws_url(server.url), subprotocols=["graphql-transport-ws"]) as socket:
            socket.send(
                json.dumps({"type": "connection_init", "payload": {"token": "st_not-a-token"}})
            )
            with pytest.raises(ConnectionClosed) as closed:
                socket.recv(timeout=WAIT)
            assert closed.value.rcvd.code == 4403

        api = Scenario(client)
        api.product("Motor", True, ["GONE"])
        order = api.order([("GONE", 5)])
        viewer = client.mutate(
            "createUser",
            "CreateUserInput",
            {"username": "watcher", "role": "VIEWER"},
            "user { id }",
        )
        made = client.mutate(
            "createApiToken",
            "CreateApiTokenInput",
            {"name": "watch", "userId": viewer["user"]["id"]},
            "secret token { id }",
        )
        with subscribed(server.url, made["secret"], PO_CHANGED, {"id": order["id"]}) as socket:
            api.assign(order["rows"][0]["id"], ["G-1"])
            assert next_data(socket)["purchaseOrderChanged"]["purchaseOrder"]
            client.mutate(
                "revokeApiToken",
                "RevokeApiTokenInput",
                {"tokenId": made["token"]["id"]},
                "token { id }",
            )
            with pytest.raises(ConnectionClosed) as closed:
                while True:  # what was already under way may still arrive; then it closes
                    socket.recv(timeout=WAIT)
            assert closed.value.rcvd.code == 4401


def _assign(url: str, token: str, row: str, numbers: list[str]) -> None:
    """On a new connection each time: a keep-alive one may be to the killed worker."""
    with over_http(url, token) as client:
        assert not Scenario(client).assign(row, numbers)["errors"]


def _workers(supervisor: int) -> list[int]:
    with open(f"/proc/{supervisor}/task/{supervisor}/children") as children:
        return [int(pid) for pid in children.read().split()]


def _feed_of(url: str, token: str, order_id: str) -> list[str]:
    with over_http(url, token) as reader:
        feed = reader("""query { changes(first: 1000) { edges { cursor node {
            purchaseOrderId } } } }""")["changes"]["edges"]
    return [e["cursor"] for e in feed if e["node"]["purchaseOrderId"] == order_id]


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
def test_a_worker_killed_mid_stream_loses_nothing_for_a_reconnecting_client(
    postgres_url: str,
) -> None:
    token = cli_token(postgres_url)
    with live_server(postgres_url, workers=2) as server, over_http(server.url, token) as client:
        api = Scenario(client)
        api.product("Motor", True, ["KILL"])
        order = api.order([("KILL", 20)])
        row = order["rows"][0]["id"]
        received: list[str] = []
        with subscribed(server.url, token, PO_CHANGED, {"id": order["id"]}) as socket:
            _assign(server.url, token, row, ["K-1"])
            received += [
                next_data(socket)["purchaseOrderChanged"]["change"]["cursor"] for _ in range(2)
            ]
            os.kill(_workers(server.process.pid)[0], signal.SIGKILL)  # maybe this socket's
            for i in range(2, 5):  # changes go on meanwhile, through the worker left
                _assign(server.url, token, row, [f"K-{i}"])
            try:
                while True:  # what this socket still gets, if its worker lives
                    received.append(next_data(socket)["purchaseOrderChanged"]["change"]["cursor"])
                    if len(received) == 8:
                        break
            except (ConnectionClosed, TimeoutError):
                pass
        with subscribed(
            server.url, token, PO_CHANGED, {"id": order["id"], "after": received[-1]}
        ) as socket:
            _assign(server.url, token, row, ["K-last"])
            feed = _feed_of(server.url, token, order["id"])
            expected = feed[feed.index(received[0]) :]  # after its creation, before the socket
            while received[-1] != expected[-1]:
                received.append(next_data(socket)["purchaseOrderChanged"]["change"]["cursor"])
    assert len(expected) == 10  # the order's changes: 5 assignments, 2 entries each
    assert received == expected  # every change of the order, once, in order


def test_on_sqlite_the_in_process_broker_delivers(tmp_path) -> None:  # type: ignore[no-untyped-def]
    url = f"sqlite://{tmp_path / 'live.sqlite3'}"
    token = cli_token(url)
    with live_server(url) as server, over_http(server.url, token) as client:
        api = Scenario(client)
        api.product("Motor", True, ["SQL"])
        order = api.order([("SQL", 5)])
        with subscribed(server.url, token, PO_CHANGED, {"id": order["id"]}) as socket:
            api.assign(order["rows"][0]["id"], ["S-1", "S-2", "S-3"])
            changed = next_data(socket)["purchaseOrderChanged"]
            assert changed["purchaseOrder"]["rows"][0]["tracing"]["assigned"] == 3
            events = next_data(socket)["purchaseOrderChanged"]["change"]
            assert (events["eventKind"], events["count"]) == ("ASSIGNED", 3)


def test_a_socket_opened_by_a_page_elsewhere_is_refused(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """A WebSocket upgrade is not held back by CORS: a page on another site could open one and
    the browser would send the session cookie. Strawberry refuses an upgrade whose Origin is not
    this host (HTTP 403); a client that is not a browser sends no Origin and signs in with its
    token in connection_init."""
    import subprocess
    import sys

    import httpx
    from websockets.exceptions import InvalidStatus

    url = f"sqlite://{tmp_path / 'origin.sqlite3'}"
    token = cli_token(url)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "backend",
            "create-user",
            "clerk",
            "--role",
            "VIEWER",
            "--password-stdin",
        ],
        input="a long enough password 1\n",
        text=True,
        check=True,
        env={**os.environ, "SERIALTRACE_DATABASE_URL": url},
    )
    with live_server(url) as server:
        signed_in = httpx.post(
            f"{server.url}/auth/sign-in",
            json={"username": "clerk", "password": "a long enough password 1"},
        )
        assert signed_in.status_code == 200, signed_in.text
        cookie = "; ".join(f"{k}={v}" for k, v in signed_in.cookies.items())
        host = server.url.removeprefix("http://")

        def opened(origin: str) -> str | int:
            try:
                with connect(
                    ws_url(server.url),
                    subprotocols=["graphql-transport-ws"],
                    additional_headers={"Cookie": cookie, "Origin": origin},
                    open_timeout=WAIT,
                ) as socket:
                    socket.send(json.dumps({"type": "connection_init", "payload": {}}))
                    return str(json.loads(socket.recv(timeout=WAIT))["type"])
            except InvalidStatus as refused:
                return refused.response.status_code

        assert opened(f"http://{host}") == "connection_ack"  # the app's own page: the cookie
        assert opened("https://evil.example") == 403
        assert opened(f"http://{host}.evil.example") == 403
        with subscribed(
            server.url, token, "subscription { orderListChanged { cursor } }", {}
        ) as socket:  # a token names its client itself: no Origin needed
            assert socket.protocol is not None
