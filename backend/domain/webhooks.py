"""Webhooks (docs/design.md, "Webhooks"): endpoints an admin registers, an outbox of deliveries
written in the transaction of the change they announce, and the rules of sending them.

- `enqueue` runs inside `changes.flush`, so a delivery exists exactly when its change
  committed: a rolled-back unit of work leaves none, a process dying after the commit loses
  none (the sender finds it in the table after a restart).
- `claim` hands due deliveries to a sender: on PostgreSQL with `FOR UPDATE SKIP LOCKED` and a
  lease (`next_attempt_at` moved ahead), so several processes never send one twice at once; a
  sender that dies mid-send leaves the lease to run out and the delivery is tried again.
  Per endpoint and document only the oldest unfinished delivery is ever claimable: receivers get
  the changes of one document in order.
- `record` logs an attempt and decides what follows: delivered (2xx), retried after an
  exponential backoff, or failed after the last attempt (an admin may resend it).
- URLs are http(s) only, and their host must resolve to public addresses only, checked when
  the endpoint is saved and again before every send (against DNS rebinding), unless
  `Policy.allow_private` (SERIALTRACE_WEBHOOKS_ALLOW_PRIVATE).

Messages follow the Standard Webhooks convention: headers `webhook-id` (`msg_…`, the same on
every retry), `webhook-timestamp` (Unix seconds) and `webhook-signature` (`v1,` + base64 of
HMAC-SHA256 over `id.timestamp.body` with the endpoint's `whsec_` secret).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import ipaddress
import json
import secrets
import socket
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.queryset import QuerySet
from tortoise.timezone import now

from backend import ids
from backend.domain import db
from backend.domain.changes import ChangeKind
from backend.domain.errors import DomainError, Problem, WebhookErrorCode
from backend.domain.keyset import Ordering
from backend.domain.sql import any_of, db_time, is_postgres
from backend.models import (
    WebhookAttempt,
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
)

# The event types, one per kind of change feed entry (the `type` of a message's body).
EVENT_TYPES: dict[ChangeKind, str] = {
    ChangeKind.PURCHASE_ORDER_CHANGED: "purchase_order.changed",
    ChangeKind.SALES_ORDER_CHANGED: "sales_order.changed",
    ChangeKind.SERIAL_NUMBER_EVENTS: "serial_number.events",
}
URL_LENGTH = 2000
DESCRIPTION_LENGTH = 200
ERROR_LENGTH = 500
LEASE = timedelta(seconds=60)  # longer than a send may take (SEND_TIMEOUT)
SEND_TIMEOUT = 10.0
LOOKUP_TIMEOUT = 5.0  # for the host name's addresses
UNFINISHED = (WebhookDeliveryStatus.PENDING, WebhookDeliveryStatus.RETRYING)
NEWEST_FIRST = Ordering("webhook_deliveries", (("id", True),))


@dataclass
class Policy:
    """The admin's settings (backend/config.py), set when the app starts."""

    allow_private: bool = False
    retry_base: float = 10.0  # seconds before the 2nd attempt; doubling each time
    retry_cap: float = 3600.0  # the longest wait between two attempts
    max_attempts: int = 12  # then FAILED (10 s … 1 h: about 3.5 hours in all)


policy = Policy()
# Called after a commit that made a delivery due without a change (a resend, a resume): the
# sender, so it need not wait for its next look.
_queued: list[Callable[[], None]] = []


def on_queued(hook: Callable[[], None]) -> None:
    _queued.append(hook)


def _announce() -> None:
    for hook in list(_queued):
        hook()


# Set when a unit of work wrote deliveries (it may yet roll back: then a wake finds nothing).
_written = False


def take_written() -> bool:
    """Whether deliveries were written since the last call (the sender, after a commit)."""
    global _written
    written, _written = _written, False
    return written


def configure(new: Policy) -> None:
    global policy
    policy = new


def backoff(attempts: int, chosen: Policy | None = None) -> float:
    """Seconds to wait after the `attempts`-th failed attempt."""
    chosen = chosen or policy
    return float(min(chosen.retry_cap, chosen.retry_base * 2 ** (attempts - 1)))


def new_secret() -> str:
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


def sign(secret: str, event_id: str, timestamp: int, body: str) -> str:
    """The `webhook-signature` header of a message (Standard Webhooks, v1)."""
    key = base64.b64decode(secret.removeprefix("whsec_"))
    digest = hmac.new(key, f"{event_id}.{timestamp}.{body}".encode(), hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode()


def _problem(code: WebhookErrorCode, message: str, field: str | None) -> DomainError:
    return DomainError([Problem(code, message, field)])


# --- URLs -------------------------------------------------------------------------------------


def _refused(address: ipaddress.IPv4Address | ipaddress.IPv6Address) -> str | None:
    """Why an address may not be a receiver (None: it may)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    for test, what in (
        ("is_loopback", "a loopback"),
        ("is_link_local", "a link-local"),
        ("is_unspecified", "an unspecified"),
        ("is_multicast", "a multicast"),
        ("is_private", "a private"),
    ):
        if getattr(address, test):
            return what
    if not address.is_global:
        return "a reserved (not public)"
    return None


def parse_url(url: str, field: str = "url") -> tuple[str, str, int]:
    """(scheme, host, port) of an acceptable URL; a DomainError naming `field` otherwise."""
    text = url.strip()
    if not text:
        raise _problem(WebhookErrorCode.REQUIRED, "Give the URL the webhooks are sent to.", field)
    if len(text) > URL_LENGTH:
        raise _problem(
            WebhookErrorCode.TOO_LONG,
            f"The URL has {len(text)} characters; the most is {URL_LENGTH}.",
            field,
        )
    if any(c.isspace() or ord(c) < 32 or ord(c) == 127 for c in text):
        raise _problem(
            WebhookErrorCode.INVALID_URL,
            "The URL may not contain spaces or control characters.",
            field,
        )
    parts = urlsplit(text)
    if parts.scheme.lower() not in ("http", "https") or not text.lower().startswith(
        ("http://", "https://")
    ):
        raise _problem(
            WebhookErrorCode.INVALID_URL,
            f"The URL {text!r} must start with http:// "
            "or https:// (other schemes are not sent to).",
            field,
        )
    if parts.username is not None or parts.password is not None:
        raise _problem(
            WebhookErrorCode.INVALID_URL,
            "The URL may not hold a user name or "
            "password; the signature authenticates the messages.",
            field,
        )
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise _problem(
            WebhookErrorCode.INVALID_URL, f"The URL {text!r} has an invalid port.", field
        ) from None
    if not parts.hostname:
        raise _problem(WebhookErrorCode.INVALID_URL, f"The URL {text!r} names no host.", field)
    if parts.fragment:
        raise _problem(WebhookErrorCode.INVALID_URL, "The URL may not have a #fragment.", field)
    return parts.scheme.lower(), parts.hostname, port


async def _lookup(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        infos = await asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError):
        return []
    return [ipaddress.ip_address(str(info[4][0]).partition("%")[0]) for info in infos]


async def resolve(url: str, field: str = "url", allow_private: bool | None = None) -> list[str]:
    """The addresses to send `url` to, every one checked (a host name that resolves to any
    non-public address is refused whole, unless private addresses are allowed)."""
    allow = policy.allow_private if allow_private is None else allow_private
    _, host, port = parse_url(url, field)
    found: Sequence[ipaddress.IPv4Address | ipaddress.IPv6Address]
    try:
        found = [ipaddress.ip_address(host)]
    except ValueError:
        try:
            found = await asyncio.wait_for(_lookup(host, port), LOOKUP_TIMEOUT)
        except TimeoutError:
            raise _problem(
                WebhookErrorCode.INVALID_URL,
                f"The host {host!r} of the URL did not resolve within {LOOKUP_TIMEOUT:g} s.",
                field,
            ) from None
    if not found:
        raise _problem(
            WebhookErrorCode.INVALID_URL,
            f"The host {host!r} of the URL does not resolve to an address.",
            field,
        )
    if not allow:
        for address in found:
            why = _refused(address)
            if why is not None:
                shown = host if str(address) == host else f"{host} ({address})"
                raise _problem(
                    WebhookErrorCode.ADDRESS_NOT_ALLOWED,
                    (
                        f"The URL's host {shown} is {why} address; webhooks go to public addresses "
                        "only (an admin may allow private ones with "
                        "SERIALTRACE_WEBHOOKS_ALLOW_PRIVATE=1)."
                    ),
                    field,
                )
    return list(dict.fromkeys(str(a) for a in found))


def _event_types(event_types: Sequence[str], field: str = "eventTypes") -> list[str]:
    known = set(EVENT_TYPES.values())
    chosen = list(dict.fromkeys(event_types))
    if not chosen:
        raise _problem(WebhookErrorCode.REQUIRED, "Choose at least one event type.", field)
    for index, name in enumerate(chosen):
        if name not in known:
            raise DomainError(
                [
                    Problem(
                        WebhookErrorCode.UNKNOWN_EVENT_TYPE,
                        (f"{name!r} is not an event type; they are {', '.join(sorted(known))}."),
                        field,
                        index,
                    )
                ]
            )
    return chosen


def _description(text: str | None) -> str:
    value = (text or "").strip()
    if len(value) > DESCRIPTION_LENGTH:
        raise _problem(
            WebhookErrorCode.TOO_LONG,
            f"The description has {len(value)} characters; the most is {DESCRIPTION_LENGTH}.",
            "description",
        )
    return value


def event_types_of(endpoint: WebhookEndpoint) -> list[str]:
    return list(json.loads(endpoint.event_types))


# --- Endpoints --------------------------------------------------------------------------------


async def list_endpoints() -> list[WebhookEndpoint]:
    return await WebhookEndpoint.all().order_by("id")


async def _endpoint(conn: BaseDBAsyncClient, endpoint_id: int | None) -> WebhookEndpoint:
    found = (
        None
        if endpoint_id is None
        else await db.locked(WebhookEndpoint.filter(id=endpoint_id), conn)
    )
    if found is None:
        raise _problem(WebhookErrorCode.NOT_FOUND, "No webhook endpoint has this ID.", "id")
    return found


async def create_endpoint(
    url: str, event_types: Sequence[str], description: str | None, user: str | None
) -> WebhookEndpoint:
    """A new, active endpoint with a new secret (read it from `.secret` now: the API shows it
    only this once)."""
    await resolve(url)
    types = _event_types(event_types)
    text = _description(description)

    async def work(conn: BaseDBAsyncClient) -> WebhookEndpoint:
        return await WebhookEndpoint.create(
            url=url.strip(),
            event_types=json.dumps(types),
            description=text,
            secret=new_secret(),
            active=True,
            created_by=user,
            using_db=conn,
        )

    return await db.atomic(work)


async def update_endpoint(
    endpoint_id: int | None,
    *,
    url: str | None = None,
    event_types: Sequence[str] | None = None,
    description: str | None = None,
    active: bool | None = None,
) -> WebhookEndpoint:
    if url is not None:
        await resolve(url)
    types = _event_types(event_types) if event_types is not None else None
    text = _description(description) if description is not None else None

    async def work(conn: BaseDBAsyncClient) -> WebhookEndpoint:
        endpoint = await _endpoint(conn, endpoint_id)
        if url is not None:
            endpoint.url = url.strip()
        if types is not None:
            endpoint.event_types = json.dumps(types)
        if text is not None:
            endpoint.description = text
        if active is not None:
            endpoint.active = active
        await endpoint.save(using_db=conn)
        return endpoint

    updated = await db.atomic(work)
    _announce()
    return updated


async def rotate_secret(endpoint_id: int | None) -> WebhookEndpoint:
    """A new secret; messages sent from now on are signed with it (the old one stops)."""

    async def work(conn: BaseDBAsyncClient) -> WebhookEndpoint:
        endpoint = await _endpoint(conn, endpoint_id)
        endpoint.secret = new_secret()
        await endpoint.save(using_db=conn, update_fields=["secret"])
        return endpoint

    return await db.atomic(work)


async def delete_endpoint(endpoint_id: int | None) -> WebhookEndpoint:
    """Deletes the endpoint with its deliveries and their log."""

    async def work(conn: BaseDBAsyncClient) -> WebhookEndpoint:
        endpoint = await _endpoint(conn, endpoint_id)
        await endpoint.delete(using_db=conn)
        return endpoint

    return await db.atomic(work)


# --- The outbox -------------------------------------------------------------------------------


def cursor_of(position: int) -> str:
    """The change feed cursor of a position (as `changes(after:)` takes it)."""
    return base64.urlsafe_b64encode(f"change:{position}".encode()).decode().rstrip("=")


def document_key(
    kind: ChangeKind, purchase_order_id: int | None, sales_order_id: int | None
) -> str:
    """What deliveries are kept in order by: the document a change is about."""
    if purchase_order_id is not None:
        return f"purchase_order:{purchase_order_id}"
    if sales_order_id is not None:
        return f"sales_order:{sales_order_id}"
    return "feed"


def message(
    kind: ChangeKind,
    position: int,
    at: datetime,
    purchase_order_id: int | None,
    sales_order_id: int | None,
    event_kind: str | None,
    count: int,
    user: str | None,
) -> str:
    """The body of a message: small (ids and the feed cursor; the receiver reads the details
    through the API), compact JSON, exactly as signed."""
    data: dict[str, Any] = {
        "cursor": cursor_of(position),
        "kind": kind.value,
        "purchaseOrderId": ids.encode("PurchaseOrder", purchase_order_id)
        if purchase_order_id is not None
        else None,
        "salesOrderId": ids.encode("SalesOrder", sales_order_id)
        if sales_order_id is not None
        else None,
    }
    if kind == ChangeKind.SERIAL_NUMBER_EVENTS:
        data |= {"eventKind": event_kind, "count": count}
    data["user"] = user
    return json.dumps(
        {"type": EVENT_TYPES[kind], "timestamp": at.isoformat(), "data": data},
        separators=(",", ":"),
    )


@dataclass(frozen=True)
class Written:
    """One change row just written (what `enqueue` needs of it)."""

    position: int
    kind: ChangeKind
    purchase_order_id: int | None
    sales_order_id: int | None
    event_kind: str | None
    count: int
    user: str | None


_INSERT_COLUMNS = (
    '"endpoint_id", "event_id", "event_type", "payload", "position", '
    '"document_key", "status", "attempts", "next_attempt_at", "created_at"'
)


async def subscribers(conn: BaseDBAsyncClient) -> list[tuple[int, set[str]]]:
    """The active endpoints and their event types (read before the change feed's lock, so
    the serialized part of a write stays short)."""
    found = await conn.execute_query_dict(
        'SELECT "id", "event_types" FROM "webhook_endpoint" WHERE "active"'
    )
    return [(int(e["id"]), set(json.loads(e["event_types"]))) for e in found]


async def enqueue(
    conn: BaseDBAsyncClient,
    written: Sequence[Written],
    at: datetime,
    wanted: Sequence[tuple[int, set[str]]],
) -> int:
    """One delivery per change and endpoint of `wanted` (`subscribers`) subscribed to its
    type, in the transaction of the change (called by `changes.flush`); returns how many."""
    if not written or not wanted:
        return 0
    stamp = db_time(conn, at)
    rows = []
    for change in written:
        event_type = EVENT_TYPES[change.kind]
        targets = [pk for pk, types in wanted if event_type in types]
        if not targets:
            continue
        body = message(
            change.kind,
            change.position,
            at,
            change.purchase_order_id,
            change.sales_order_id,
            change.event_kind,
            change.count,
            change.user,
        )
        key = document_key(change.kind, change.purchase_order_id, change.sales_order_id)
        for endpoint_id in targets:
            rows.append(
                [
                    endpoint_id,
                    f"msg_{secrets.token_hex(12)}",
                    event_type,
                    body,
                    change.position,
                    key,
                    WebhookDeliveryStatus.PENDING.value,
                    0,
                    stamp,
                    stamp,
                ]
            )
    if not rows:
        return 0
    global _written
    _written = True
    marks = ", ".join(f"${i}" for i in range(1, 11)) if is_postgres(conn) else ", ".join("?" * 10)
    await conn.execute_many(
        f'INSERT INTO "webhook_delivery" ({_INSERT_COLUMNS}) VALUES ({marks})', rows
    )
    return len(rows)


@dataclass(frozen=True)
class Claimed:
    """A delivery handed to a sender, with what sending it needs."""

    id: int
    endpoint_id: int
    url: str
    secret: str
    event_id: str
    payload: str


def _claim_sql(postgres: bool, lock: bool = True) -> str:
    def p(i: int) -> str:
        return f"${i}" if postgres else "?"

    return (
        'SELECT d."id", d."endpoint_id", d."event_id", d."payload", e."url", e."secret" '
        'FROM "webhook_delivery" d JOIN "webhook_endpoint" e ON e."id" = d."endpoint_id" '
        f"WHERE d.\"status\" IN ('PENDING', 'RETRYING') AND d.\"next_attempt_at\" <= {p(1)} "
        'AND e."active" AND NOT EXISTS (SELECT 1 FROM "webhook_delivery" b '
        'WHERE b."endpoint_id" = d."endpoint_id" AND b."document_key" = d."document_key" '
        'AND b."id" < d."id" AND b."status" IN (\'PENDING\', \'RETRYING\')) '
        f'ORDER BY d."id" LIMIT {p(2)}'
        + (" FOR UPDATE OF d SKIP LOCKED" if postgres and lock else "")
    )


async def claim(limit: int) -> list[Claimed]:
    """Up to `limit` due deliveries, leased to the caller (nobody else claims them until the
    lease ends or `record` settles them); at most one per endpoint and document."""

    reader = WebhookDelivery._meta.db
    if not await reader.execute_query_dict(
        _claim_sql(is_postgres(reader), lock=False), [db_time(reader, now()), 1]
    ):
        return []  # nothing due: no transaction (on SQLite it would take the write lock)

    async def work(conn: BaseDBAsyncClient) -> list[Claimed]:
        stamp = now()
        postgres = is_postgres(conn)
        rows = await conn.execute_query_dict(_claim_sql(postgres), [db_time(conn, stamp), limit])
        found = [
            Claimed(
                int(r["id"]),
                int(r["endpoint_id"]),
                r["url"],
                r["secret"],
                r["event_id"],
                r["payload"],
            )
            for r in rows
        ]
        if found:
            where, values = any_of(conn, '"id"', [c.id for c in found], "bigint", start=2)
            await conn.execute_query(
                f'UPDATE "webhook_delivery" SET "next_attempt_at" = {"$1" if postgres else "?"} '
                f"WHERE {where}",
                [db_time(conn, stamp + LEASE), values],
            )
        return found

    return await db.atomic(work)


async def next_due() -> datetime | None:
    """When the next unfinished delivery of an active endpoint is due (None: none is)."""
    first = (
        await WebhookDelivery.filter(status__in=list(UNFINISHED), endpoint__active=True)
        .order_by("next_attempt_at")
        .first()
    )
    return first.next_attempt_at if first else None


async def record(
    delivery_id: int, status_code: int | None, error: str | None, duration_ms: int
) -> WebhookDelivery | None:
    """One attempt's outcome, logged; the delivery delivered (2xx), retried later, or failed
    after the last attempt. None: the delivery is gone (its endpoint was deleted meanwhile)."""

    async def work(conn: BaseDBAsyncClient) -> WebhookDelivery | None:
        delivery = await db.locked(WebhookDelivery.filter(id=delivery_id), conn)
        if delivery is None:
            return None
        stamp = now()
        await WebhookAttempt.create(
            delivery_id=delivery_id,
            at=stamp,
            status_code=status_code,
            error=error[:ERROR_LENGTH] if error else None,
            duration_ms=max(0, duration_ms),
            using_db=conn,
        )
        if delivery.status not in UNFINISHED:  # resent or settled meanwhile: only logged
            return delivery
        delivery.attempts += 1
        delivery.last_status_code = status_code
        delivery.last_error = error[:ERROR_LENGTH] if error else None
        if status_code is not None and 200 <= status_code < 300:
            delivery.status = WebhookDeliveryStatus.DELIVERED
            delivery.delivered_at = stamp
            delivery.next_attempt_at = stamp
        elif delivery.attempts >= policy.max_attempts:
            delivery.status = WebhookDeliveryStatus.FAILED
            delivery.next_attempt_at = stamp
        else:
            delivery.status = WebhookDeliveryStatus.RETRYING
            delivery.next_attempt_at = stamp + timedelta(seconds=backoff(delivery.attempts))
        await delivery.save(using_db=conn)
        return delivery

    return await db.atomic(work)


async def resend(delivery_id: int | None) -> WebhookDelivery:
    """A delivered or failed delivery queued again, now, with the same `webhook-id` (so a
    receiver that keeps ids can tell it is the same message); its attempts start again."""

    async def work(conn: BaseDBAsyncClient) -> WebhookDelivery:
        delivery = (
            None
            if delivery_id is None
            else await db.locked(WebhookDelivery.filter(id=delivery_id), conn)
        )
        if delivery is None:
            raise _problem(WebhookErrorCode.NOT_FOUND, "No webhook delivery has this ID.", "id")
        if delivery.status in UNFINISHED:
            raise _problem(
                WebhookErrorCode.NOT_RESENDABLE,
                (
                    f"The delivery is {delivery.status.value.lower()}: it is sent anyway; resend "
                    "it once it is delivered or has failed."
                ),
                "id",
            )
        delivery.status = WebhookDeliveryStatus.PENDING
        delivery.attempts = 0
        delivery.delivered_at = None
        delivery.next_attempt_at = now()
        await delivery.save(using_db=conn)
        return delivery

    queued = await db.atomic(work)
    _announce()
    return queued


def deliveries(
    endpoint_id: int | None, status: WebhookDeliveryStatus | None
) -> QuerySet[WebhookDelivery]:
    """Deliveries, newest first (of one endpoint, in one status)."""
    query = WebhookDelivery.all()
    if endpoint_id is not None:
        query = query.filter(endpoint_id=endpoint_id)
    if status is not None:
        query = query.filter(status=status)
    return query
