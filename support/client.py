"""One GraphQL client for tests and benchmarks, over either of two transports:

- `InProcess`: the Starlette app in this process through its TestClient (the API tests); it
  can also run code on the app's own event loop and database connection (`Client.run`);
- `OverHttp`: a live server (see `support.server`) over real HTTP with httpx2 (the browser
  tests, the benchmarks, the load test).

`in_process(database_url)` and `over_http(url, token)` make a client signed in as an admin.
Both transports' `http` is an httpx2 client (Starlette's TestClient is one), for requests that
are not GraphQL: downloads, uploads, sign-in.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Protocol

import httpx2

from support.server import ROOT

if TYPE_CHECKING:
    from starlette.testclient import TestClient

    from backend.config import Settings


class Transport(Protocol):
    @property
    def http(self) -> httpx2.Client:
        """Sends every request with the signed-in admin's token by default."""
        ...

    def run(self, fn: Callable[..., Awaitable[Any]], *args: Any) -> Any: ...


class InProcess:
    """The app in this process, through Starlette's TestClient."""

    def __init__(self, http: TestClient) -> None:
        self.http = http

    def run(self, fn: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """Runs `fn(*args)` on the app's own event loop and database connection (for setting up
        states the API can't reach, and for checking what the database holds)."""
        portal = self.http.portal
        if portal is None:
            raise RuntimeError("the TestClient is not started: use it in a `with` block")
        return portal.call(fn, *args)


class OverHttp:
    """A live server at `base_url`, over real HTTP (one keep-alive connection)."""

    def __init__(self, base_url: str, timeout: float = 60) -> None:
        self.http = httpx2.Client(base_url=base_url, timeout=timeout)

    def run(self, fn: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        raise TypeError("code runs on the app's event loop only in-process, not over HTTP")

    def close(self) -> None:
        self.http.close()


class Client:
    """GraphQL requests as one user: the transport's default (the admin it was signed in as),
    or the one of `token`."""

    def __init__(self, transport: Transport, token: str | None = None) -> None:
        self.transport = transport
        self.headers = {"Authorization": f"Bearer {token}"} if token else {}

    @property
    def http(self) -> httpx2.Client:
        return self.transport.http

    def execute(
        self,
        query: str,
        variables: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
    ) -> dict[str, Any]:
        """Runs an operation; returns the whole body (`data` and any `errors`). The answer must
        be HTTP 200, or 401 when the request carried no valid credential (its body says why)."""
        response = self.http.post(
            "/graphql",
            json={"query": query, "variables": variables or {}},
            headers={**self.headers, **(headers or {})},
        )
        assert response.status_code in (200, 401), f"HTTP {response.status_code}: {response.text}"
        return response.json()

    def __call__(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Runs an operation that must not fail at the GraphQL level; returns `data`."""
        body = self.execute(query, variables)
        assert not body.get("errors"), body["errors"]
        return body["data"]

    def mutate(
        self, name: str, input_type: str, input: dict[str, Any], selection: str
    ) -> dict[str, Any]:
        """Runs mutation `name(input: $input)` selecting `selection`, which must succeed (an
        empty `errors` list); returns its payload."""
        payload = self(
            f"mutation($input: {input_type}!) {{ {name}(input: $input) "
            f"{{ {selection} errors {{ code message }} }} }}",
            {"input": input},
        )[name]
        assert not payload["errors"], payload["errors"]
        return payload

    def as_role(self, role: str, username: str | None = None) -> Client:
        """A client on the same transport signed in as a new user with `role` (made through the
        API: this client must be an admin's)."""
        user = self.mutate(
            "createUser",
            "CreateUserInput",
            {"username": username or role.lower(), "role": role},
            "user { id }",
        )
        made = self.mutate(
            "createApiToken",
            "CreateApiTokenInput",
            {"name": "tests", "userId": user["user"]["id"]},
            "secret",
        )
        return Client(self.transport, made["secret"])

    def anonymous(self) -> Client:
        """A client on the same transport that is signed in as nobody."""
        nobody = Client(self.transport)
        nobody.headers = {"Authorization": ""}  # overrides the transport's default
        return nobody

    def run(self, fn: Callable[..., Awaitable[Any]], *args: Any) -> Any:
        """`fn(*args)` on the app's event loop: see `InProcess.run` (not over HTTP)."""
        return self.transport.run(fn, *args)


def settings(database_url: str, **overrides: Any) -> Settings:
    """The app's settings for in-process use: loopback, no demo data, this checkout's frontend."""
    from backend.config import Settings

    return Settings(
        **{
            "database_url": database_url,
            "host": "127.0.0.1",
            "port": 0,
            "demo_data": False,
            "frontend_dir": ROOT / "frontend",
            **overrides,
        }
    )


async def user_with_token(username: str, role: str) -> str:
    """A new user with `role` and an API token for it, made in the domain layer (run it on the
    app's loop, e.g. with `InProcess.run`); the token's secret."""
    from backend.domain import users
    from backend.models import Role

    user = await users.create_user(username, None, Role(role))
    return (await users.issue(user, users.TOKEN, "tests")).secret


@contextmanager
def in_process(database_url: str, username: str = "tester", **overrides: Any) -> Iterator[Client]:
    """The app on `database_url` in this process, and a client signed in as a new admin
    `username` (on every request of its transport's `http`, downloads too)."""
    from starlette.testclient import TestClient

    from backend.app import create_app

    with TestClient(create_app(settings(database_url, **overrides))) as http:
        transport = InProcess(http)
        token = transport.run(user_with_token, username, "ADMIN")
        http.headers["Authorization"] = f"Bearer {token}"
        yield Client(transport)


@contextmanager
def over_http(base_url: str, token: str, timeout: float = 60) -> Iterator[Client]:
    """A client of the live server at `base_url`, signed in by the API token `token`."""
    transport = OverHttp(base_url, timeout)
    transport.http.headers["Authorization"] = f"Bearer {token}"
    try:
        yield Client(transport)
    finally:
        transport.close()
