"""Who is asking: a session cookie (the app) or `Authorization: Bearer` (API clients); and the
sign-in, sign-out and one-time link endpoints."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Awaitable, Callable

from starlette.requests import HTTPConnection, Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from backend.domain import users
from backend.models import Role, User

COOKIE = "serialtrace_session"


async def user_of(connection: HTTPConnection) -> User | None:
    credential = credential_of(connection)
    return await resolve(credential) if credential else None


def credential_of(connection: HTTPConnection) -> tuple[str, str] | None:
    """(secret, kind) of the request's credential: a bearer token, else the session."""
    header = connection.headers.get("authorization", "")
    if header:
        scheme, _, secret = header.partition(" ")
        if scheme.lower() != "bearer":
            return None
        return secret.strip(), users.TOKEN
    cookie = connection.cookies.get(COOKIE)
    return (cookie, users.SESSION) if cookie else None


async def resolve(credential: tuple[str, str]) -> User | None:
    return await users.resolve(*credential)


def _describe(user: User) -> dict:
    return {"username": user.username, "role": user.role.value}


async def _start_session(request: Request, user: User, response: Response) -> Response:
    issued = await users.issue(
        user, users.SESSION, request.headers.get("user-agent", "")[:100], users.SESSION_LIFETIME
    )
    response.set_cookie(
        COOKIE,
        issued.secret,
        max_age=int(users.SESSION_LIFETIME.total_seconds()),
        httponly=True,
        samesite="lax",
        secure=request.url.scheme == "https",
        path="/",
    )
    return response


REFUSAL_DELAY = 1.0  # seconds a throttled sign-in waits before its 429


async def sign_in(request: Request) -> Response:
    # JSON only: a cross-site form can't send it without a preflight (no login CSRF).
    if request.headers.get("content-type", "").split(";")[0].strip() != "application/json":
        return JSONResponse({"error": "Send the credentials as application/json."}, 415)
    try:
        body = json.loads(await request.body())
        username, password = str(body["username"]), str(body["password"])
    except (ValueError, KeyError, TypeError):
        return JSONResponse({"error": "Send a JSON object with username and password."}, 400)
    address = request.client.host if request.client else None
    attempt = await users.sign_in(username[:200], password[:1000], address)
    if attempt.blocked is not None:
        # A tarpit: the refusal waits before it is sent, so a flood of guesses (a client that
        # sends the next one as soon as the last is answered) mostly sleeps, and the workers'
        # CPU stays with everyone else.
        await asyncio.sleep(REFUSAL_DELAY)
        wait = attempt.blocked.retry_after
        whom = "this account" if attempt.blocked.what == "account" else "this network address"
        return JSONResponse(
            {
                "error": f"Too many failed sign-ins for {whom}; try again in {_duration(wait)}.",
                "retryAfter": wait,
            },
            429,
            headers={"Retry-After": str(wait)},
        )
    if attempt.user is None:
        return JSONResponse({"error": "Wrong username or password."}, 401)
    return await _start_session(
        request, attempt.user, JSONResponse({"user": _describe(attempt.user)})
    )


def _duration(seconds: int) -> str:
    if seconds < 90:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{round(seconds / 60)} minutes"


async def sign_out(request: Request) -> Response:
    cookie = request.cookies.get(COOKIE)
    if cookie:
        await users.revoke_secret(cookie)
    response = JSONResponse({"signedOut": True})
    response.delete_cookie(COOKIE, path="/")
    return response


async def link(request: Request) -> Response:
    user = await users.use_link(request.path_params["secret"])
    if user is None:
        return JSONResponse({"error": "This sign-in link is unknown, used or expired."}, 404)
    return await _start_session(request, user, RedirectResponse("/", 303))


async def me(request: Request) -> Response:
    """Who is signed in; `{"user": null}` when nobody is (the app then shows its sign-in)."""
    user = await user_of(request)
    return JSONResponse({"user": _describe(user) if user else None})


def guarded(routes: list[BaseRoute], role: Role) -> list[BaseRoute]:
    """The same routes, answering 401/403 unless the caller has at least `role`."""

    def guard(endpoint: Callable[[Request], Awaitable[Response]]) -> Callable:
        async def checked(request: Request) -> Response:
            user = await user_of(request)
            if user is None:
                return JSONResponse({"error": "Sign in first."}, 401)
            if not user.role.covers(role):
                return JSONResponse({"error": f"This needs the {role.value} role."}, 403)
            return await endpoint(request)

        return checked

    return [
        Route(r.path, guard(r.endpoint), methods=sorted(r.methods or ["GET"]), name=r.name)
        if isinstance(r, Route)
        else r
        for r in routes
    ]


routes = [
    Route("/auth/sign-in", sign_in, methods=["POST"]),
    Route("/auth/sign-out", sign_out, methods=["POST"]),
    Route("/auth/link/{secret}", link, methods=["GET"]),
    Route("/auth/me", me, methods=["GET"]),
]
