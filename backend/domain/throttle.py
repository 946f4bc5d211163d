"""Failed sign-ins slow down, then lock, per account and per client address.

Every attempt is counted before its password is checked (so a burst of concurrent guesses is
counted at once, not after each costly hash), and a success takes its own count back. After
`free` failures each further attempt must wait twice as long as the one before (1 s, 2 s,
4 s, … at most a minute); at `lock_at` failures the key is locked for LOCKOUT, and while it is
blocked even the right password is refused (so a lockout can't be probed). Failures older
than WINDOW are forgotten. Counts live in the database, shared by every app process."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.timezone import now

from backend.domain.db import atomic, locked
from backend.models import SignInThrottle

WINDOW = timedelta(minutes=15)
LOCKOUT = timedelta(minutes=15)
MAX_DELAY = timedelta(minutes=1)


@dataclass(frozen=True)
class Policy:
    prefix: str
    free: int
    lock_at: int


ACCOUNT = Policy("account", free=3, lock_at=10)
ADDRESS = Policy("address", free=20, lock_at=100)  # an office shares one address


@dataclass(frozen=True)
class Blocked:
    retry_after: int  # seconds
    what: str  # "account" or "address"


def _delay(policy: Policy, failures: int) -> timedelta | None:
    if failures >= policy.lock_at:
        return LOCKOUT
    if failures <= policy.free:
        return None
    return min(timedelta(seconds=2 ** (failures - policy.free - 1)), MAX_DELAY)


def _keys(username: str, address: str | None) -> list[tuple[Policy, str]]:
    keys = [(ACCOUNT, f"{ACCOUNT.prefix}:{username.strip().lower()[:150]}")]
    if address:
        keys.append((ADDRESS, f"{ADDRESS.prefix}:{address[:150]}"))
    return keys


async def _row(key: str, stamp: datetime, conn: BaseDBAsyncClient) -> SignInThrottle:
    row = await locked(SignInThrottle.filter(key=key), conn)
    if row is None:
        row = await SignInThrottle.create(key=key, using_db=conn)  # a race: atomic() retries
    if (
        row.last_failure_at is not None
        and stamp - row.last_failure_at > WINDOW
        and (row.blocked_until is None or row.blocked_until <= stamp)
    ):
        row.failures, row.blocked_until = 0, None
    return row


# Keys this process knows to be blocked, until when: a refused attempt then costs no database
# write, so a flood of guesses is answered at once. The database stays the one truth (another
# process may block a key this one doesn't know of: its next attempt looks there).
_blocked: dict[str, datetime] = {}


def _known_block(keys: list[tuple[Policy, str]], stamp: datetime) -> Blocked | None:
    for policy, key in keys:
        until = _blocked.get(key)
        if until is not None and until > stamp:
            return Blocked(max(math.ceil((until - stamp).total_seconds()), 1), policy.prefix)
        if until is not None:
            del _blocked[key]
    return None


async def count_attempt(username: str, address: str | None) -> Blocked | None:
    """Counts a sign-in attempt as failed until it succeeds; None when it may go ahead."""
    keys = _keys(username, address)
    if (known := _known_block(keys, now())) is not None:
        return known

    async def work(conn: BaseDBAsyncClient) -> Blocked | None:
        stamp = now()
        rows = [(policy, await _row(key, stamp, conn)) for policy, key in keys]
        for policy, row in rows:
            if row.blocked_until is not None and row.blocked_until > stamp:
                _blocked[row.key] = row.blocked_until
                seconds = math.ceil((row.blocked_until - stamp).total_seconds())
                return Blocked(max(seconds, 1), policy.prefix)
        for policy, row in rows:
            row.failures += 1
            row.last_failure_at = stamp
            delay = _delay(policy, row.failures)
            row.blocked_until = stamp + delay if delay else None
            if row.blocked_until is not None:
                _blocked[row.key] = row.blocked_until
            await row.save(using_db=conn)
        return None

    return await atomic(work)


async def succeeded(username: str, address: str | None) -> None:
    """A right password: the account starts afresh; the address takes back this attempt."""
    for policy, key in _keys(username, address):
        if policy is ACCOUNT:
            _blocked.pop(key, None)

    async def work(conn: BaseDBAsyncClient) -> None:
        for policy, key in _keys(username, address):
            if policy is ACCOUNT:
                await SignInThrottle.filter(key=key).using_db(conn).delete()
                continue
            row = await locked(SignInThrottle.filter(key=key), conn)
            if row is not None and row.failures > 0:
                row.failures -= 1
                delay = _delay(policy, row.failures)
                if delay is None:
                    row.blocked_until = None
                    _blocked.pop(key, None)
                await row.save(using_db=conn)

    await atomic(work)


_logged: dict[tuple[str, str | None, str], datetime] = {}
LOG_EVERY = timedelta(minutes=1)


def first_refusal(username: str, address: str | None, blocked: Blocked) -> bool:
    """Whether a refused attempt is worth a log line: the first per key and minute, so that a
    flood of guesses does not flood the log."""
    stamp = now()
    key = (username.strip().lower()[:150], address, blocked.what)
    last = _logged.get(key)
    if last is not None and stamp - last < LOG_EVERY:
        return False
    if len(_logged) > 10_000:
        _logged.clear()
    _logged[key] = stamp
    return True


def forget() -> None:
    """Drops what this process remembers (at start: the database is the truth)."""
    _blocked.clear()
    _logged.clear()
