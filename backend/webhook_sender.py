"""Sending the webhook outbox (backend/domain/webhooks.py): one background task per app process.

It wakes when deliveries were queued (this process's commits that wrote some, and the broker's
NOTIFY, which says so, for other processes': the outbox is written in the transaction of the
change), on a resend or resume, when a retry falls due, and every 5 s while anything is
unfinished (30 s otherwise) as a fallback. Each round it claims due deliveries (at most one per
endpoint and document, so a document's messages arrive in order), re-checks each URL's
addresses (DNS rebinding), POSTs the signed body to the checked address with a short timeout,
reads the status line only (the response body is never read or stored), and records the
attempt. Several processes share the work through PostgreSQL's `FOR UPDATE SKIP LOCKED`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import ssl
import time
from urllib.parse import quote, urlsplit

from backend.broker import broker
from backend.domain import changes, webhooks
from backend.domain.errors import DomainError

log = logging.getLogger("serialtrace.webhooks")
POLL_SECONDS = 5.0  # the longest wait while deliveries are unfinished
IDLE_SECONDS = 30.0  # the longest wait while none is (commits and NOTIFYs wake it anyway)
BATCH = 20
CONCURRENCY = 8
USER_AGENT = "serialtrace-webhooks/1"
STATUS_LINE_LIMIT = 1024
URL_SAFE = "/%:@!$&'()*+,;=-._~"


async def post(url: str, address: str, headers: dict[str, str], body: bytes) -> int:
    """POSTs `body` to `url`, connecting to `address` (the one checked, not a new lookup);
    returns the HTTP status code. Only the status line is read."""
    parts = urlsplit(url)
    https = parts.scheme.lower() == "https"
    port = parts.port or (443 if https else 80)
    host = parts.hostname or ""
    context = ssl.create_default_context() if https else None

    async def exchange() -> int:
        reader, writer = await asyncio.open_connection(
            address,
            port,
            ssl=context,
            server_hostname=host if https else None,
            limit=STATUS_LINE_LIMIT * 4,
        )
        try:
            # Percent-encoded (as a browser sends it); an international name in its IDNA form.
            target = quote(parts.path or "/", safe=URL_SAFE) + (
                f"?{quote(parts.query, safe=URL_SAFE + '?')}" if parts.query else ""
            )
            shown_host = f"[{host}]" if ":" in host else host.encode("idna").decode()
            if parts.port:
                shown_host += f":{parts.port}"
            lines = [
                f"POST {target} HTTP/1.1",
                f"Host: {shown_host}",
                "Content-Type: application/json",
                f"Content-Length: {len(body)}",
                f"User-Agent: {USER_AGENT}",
                "Connection: close",
                *(f"{k}: {v}" for k, v in headers.items()),
            ]
            writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
            await writer.drain()
            status = await reader.readline()
            words = status[:STATUS_LINE_LIMIT].decode("latin-1").split()
            if len(words) < 2 or not words[0].startswith("HTTP/") or not words[1].isdigit():
                raise ValueError(f"not an HTTP response: {status[:80]!r}")
            return int(words[1])
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), 1)

    return await asyncio.wait_for(exchange(), webhooks.SEND_TIMEOUT)


async def send(delivery: webhooks.Claimed) -> tuple[int | None, str | None, int]:
    """One attempt: (status code, error, milliseconds)."""
    started = time.monotonic()
    try:
        addresses = await asyncio.wait_for(webhooks.resolve(delivery.url), webhooks.SEND_TIMEOUT)
    except DomainError as refused:
        return None, str(refused), int((time.monotonic() - started) * 1000)
    except TimeoutError:
        return (
            None,
            f"The host name did not resolve within {webhooks.SEND_TIMEOUT:g} s.",
            int((time.monotonic() - started) * 1000),
        )
    stamp = int(time.time())
    headers = {
        "webhook-id": delivery.event_id,
        "webhook-timestamp": str(stamp),
        "webhook-signature": webhooks.sign(
            delivery.secret, delivery.event_id, stamp, delivery.payload
        ),
    }
    error = None
    for address in addresses:  # the next address only when one can't be reached
        try:
            code = await post(delivery.url, address, headers, delivery.payload.encode())
            return (
                code,
                None if 200 <= code < 300 else f"HTTP {code}",
                int((time.monotonic() - started) * 1000),
            )
        except TimeoutError:
            error = f"No answer within {webhooks.SEND_TIMEOUT:g} s from {address}."
            break
        except (OSError, ValueError, ssl.SSLError) as problem:
            error = f"{type(problem).__name__}: {problem}"[: webhooks.ERROR_LENGTH]
    return None, error, int((time.monotonic() - started) * 1000)


class Sender:
    def __init__(self) -> None:
        self._wake = asyncio.Event()
        self._task: asyncio.Task | None = None
        self._limit = asyncio.Semaphore(CONCURRENCY)

    def wake(self) -> None:
        self._wake.set()

    def _committed(self, _last: int) -> None:
        """Only commits that queued deliveries wake it: other writes cost it nothing."""
        if webhooks.take_written():
            self.wake()

    async def start(self) -> None:
        # Made on this loop: asyncio's primitives bind to the first loop that waits on them
        # (tests start many apps, each on its own loop, in one process).
        self._wake = asyncio.Event()
        self._limit = asyncio.Semaphore(CONCURRENCY)
        broker.on_outbox.append(self.wake)  # another process queued deliveries (NOTIFY)
        changes.on_commit(self._committed)  # this one did
        webhooks.on_queued(self.wake)  # a resend, a resume
        self._task = asyncio.create_task(self._run(), name="webhook-sender")

    async def stop(self) -> None:
        with contextlib.suppress(ValueError):
            broker.on_outbox.remove(self.wake)
        with contextlib.suppress(ValueError):
            changes._committed.remove(self._committed)
        with contextlib.suppress(ValueError):
            webhooks._queued.remove(self.wake)
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None

    async def _one(self, delivery: webhooks.Claimed) -> None:
        async with self._limit:
            code, error, duration = await send(delivery)
        await webhooks.record(delivery.id, code, error, duration)

    async def _round(self) -> None:
        while True:
            batch = await webhooks.claim(BATCH)
            if not batch:
                return
            await asyncio.gather(*(self._one(d) for d in batch))

    async def _sleep_seconds(self) -> float:
        due = await webhooks.next_due()
        if due is None:
            return IDLE_SECONDS
        from tortoise.timezone import now

        return max(0.01, min(POLL_SECONDS, (due - now()).total_seconds()))

    async def _run(self) -> None:
        pause = 0.0
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), pause)
            self._wake.clear()
            try:
                await self._round()
                pause = await self._sleep_seconds()
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("sending webhooks failed; trying again")
                pause = 1.0


sender = Sender()
