"""Announcing committed changes to this process's subscribers (docs/design.md, "Live").

One broker per process. It learns that the change feed grew from PostgreSQL's NOTIFY (one
dedicated asyncpg connection per process, LISTENing on `changes.CHANNEL`; the NOTIFY is sent
in the transaction of the change, so only committed changes are announced), from this
process's own commits (SQLite, where one process is all there is), and, as a safety net, by
looking every few seconds. Whatever woke it, it reads the feed once after the last position it
has seen and hands each entry to every local subscriber, so N subscribers cost one query.
A subscriber that falls behind (its queue full) is told so and reads the feed itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
from collections.abc import Callable

import asyncpg

from backend.domain import changes
from backend.models import Change

log = logging.getLogger("serialtrace.broker")
QUEUE_SIZE = 1000
POLL_SECONDS = 5.0
BATCH = 500


class Subscriber:
    """What one subscription receives: feed entries, in order, or `lagging` when some were
    dropped (then it reads the feed from its own cursor)."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[Change] = asyncio.Queue(QUEUE_SIZE)
        self.lagging = False
        self.woken = asyncio.Event()

    def offer(self, change: Change) -> None:
        try:
            self.queue.put_nowait(change)
        except asyncio.QueueFull:
            self.lagging = True
        self.woken.set()


class Broker:
    def __init__(self) -> None:
        self.subscribers: set[Subscriber] = set()
        self.last = 0  # the last position handed out
        self._wake = asyncio.Event()
        self._tasks: list[asyncio.Task] = []
        self._listener: asyncpg.Connection | None = None
        # Called when a NOTIFY says its transaction wrote webhook deliveries: the sender.
        self.on_outbox: list[Callable[[], None]] = []

    async def start(self, database_url: str) -> None:
        self.last = await changes.last_position()
        changes.on_commit(self._committed)
        self._tasks.append(asyncio.create_task(self._pump(), name="broker-pump"))
        if not database_url.startswith("sqlite"):
            self._tasks.append(
                asyncio.create_task(self._listen(database_url), name="broker-listen")
            )

    async def stop(self) -> None:
        with contextlib.suppress(ValueError):
            changes._committed.remove(self._committed)
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task
        self._tasks.clear()

    def subscribe(self) -> Subscriber:
        subscriber = Subscriber()
        self.subscribers.add(subscriber)
        return subscriber

    def unsubscribe(self, subscriber: Subscriber) -> None:
        self.subscribers.discard(subscriber)

    def wake(self) -> None:
        self._wake.set()

    def _notified(self, _connection: object, _pid: int, _channel: str, payload: object) -> None:
        self.wake()
        try:
            outbox = bool(json.loads(str(payload)).get("webhooks"))
        except (ValueError, AttributeError):
            outbox = False
        if outbox:
            for hook in list(self.on_outbox):
                hook()

    def _committed(self, last: int) -> None:
        self.wake()

    async def _pump(self) -> None:
        while True:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), POLL_SECONDS)
            self._wake.clear()
            try:
                while True:
                    batch = await changes.read(self.last, BATCH)
                    for change in batch:  # no await in between: `last` and the queues agree
                        self.last = change.id
                        for subscriber in list(self.subscribers):
                            subscriber.offer(change)
                    if len(batch) < BATCH:
                        break
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("reading the change feed failed; trying again")
                await asyncio.sleep(1)

    async def _listen(self, database_url: str) -> None:
        """One connection that only LISTENs; reconnected when it drops (then the feed is read
        again, so nothing announced meanwhile is missed)."""
        while True:
            lost = asyncio.Event()
            try:
                connection = await asyncpg.connect(database_url)
                connection.add_termination_listener(lambda _conn, lost=lost: lost.set())
                await connection.add_listener(changes.CHANNEL, self._notified)
                self._listener = connection
                self.wake()
                try:
                    await lost.wait()
                finally:
                    self._listener = None
                    with contextlib.suppress(Exception):
                        await connection.close(timeout=2)
            except asyncio.CancelledError:
                raise
            except Exception:
                log.exception("the LISTEN connection failed; reconnecting")
            await asyncio.sleep(1)


broker = Broker()
