"""`atomic()` runs a unit of work again when the database refused it for a reason that a second
try can get past (a unique index raced, a deadlock or serialization victim on PostgreSQL,
SQLite's write lock), a bounded number of times; any other failure goes up at once. Every failed
attempt is rolled back."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from tortoise.backends.base.client import BaseDBAsyncClient
from tortoise.exceptions import IntegrityError, OperationalError
from tortoise.expressions import F

from backend.database import connected
from backend.domain import db as domain_db
from backend.domain.db import ATTEMPTS, atomic
from backend.models import Sequence


@pytest.fixture
async def db(database_url: str):
    async with connected(database_url):
        yield


def is_postgres(url: str) -> bool:
    return url.startswith("postgres")


def _sqlstate(error: BaseException | None) -> str | None:
    while error is not None:
        if getattr(error, "sqlstate", None):
            return error.sqlstate  # type: ignore[attr-defined]
        error = error.__cause__ or (
            error.args[0] if error.args and isinstance(error.args[0], BaseException) else None
        )
    return None


@pytest.fixture(autouse=True)
def no_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    """The pause between attempts is not what these tests are about."""
    sleep = asyncio.sleep
    monkeypatch.setattr(domain_db.asyncio, "sleep", lambda _s: sleep(0))


async def _values() -> dict[str, int]:
    return dict(await Sequence.all().values_list("name", "value"))


async def test_a_unique_index_race_is_retried_and_the_retry_sees_the_other_row(db) -> None:
    """The check ran before the other transaction's row existed; the insert then fails on the
    unique index (a real IntegrityError), and the retry takes the other path."""
    attempts = 0

    async def work(conn: BaseDBAsyncClient) -> str:
        nonlocal attempts
        attempts += 1
        await Sequence.create(name="MARK", value=attempts, using_db=conn)
        if attempts == 1:
            # "meanwhile" another transaction made the row our check didn't see
            await Sequence.create(name="RACE", value=1, using_db=conn)  # not the conflict
            await Sequence.create(name="RACE", value=2, using_db=conn)  # the conflict
        return "done"

    assert await atomic(work) == "done"
    assert attempts == 2
    assert await _values() == {"MARK": 2}  # the first attempt left nothing behind


async def test_work_that_always_hits_the_unique_index_is_tried_attempts_times(db) -> None:
    attempts = 0

    async def work(conn: BaseDBAsyncClient) -> None:
        nonlocal attempts
        attempts += 1
        await Sequence.create(name=f"WRITTEN-{attempts}", value=1, using_db=conn)
        await Sequence.create(name="TWICE", value=1, using_db=conn)
        await Sequence.create(name="TWICE", value=2, using_db=conn)

    with pytest.raises(IntegrityError):
        await atomic(work)
    assert attempts == ATTEMPTS
    assert await _values() == {}


async def test_a_retryable_database_error_every_time_is_tried_attempts_times(
    db, database_url: str
) -> None:
    """PostgreSQL: a real serialization failure (SQLSTATE 40001) and deadlock (40P01) raised by
    the server; SQLite: the driver's "database is locked"."""
    for code in ("40001", "40P01"):
        attempts = 0

        async def work(conn: BaseDBAsyncClient, code: str = code) -> None:
            nonlocal attempts
            attempts += 1
            await Sequence.create(name=f"WRITTEN-{attempts}", value=1, using_db=conn)
            if is_postgres(database_url):
                await conn.execute_script(
                    f"DO $$ BEGIN RAISE EXCEPTION 'refused' USING ERRCODE = '{code}'; END $$"
                )
            else:
                raise OperationalError("database is locked")

        with pytest.raises(Exception) as raised:  # noqa: B017 - the kind is checked below
            await atomic(work)
        if is_postgres(database_url):
            assert _sqlstate(raised.value) == code
        else:
            assert isinstance(raised.value, OperationalError)
        assert attempts == ATTEMPTS, code
        assert await _values() == {}


@pytest.mark.parametrize("failure", ["missing table", "other sqlstate", "not a database error"])
async def test_other_failures_are_not_retried(db, database_url: str, failure: str) -> None:
    attempts = 0

    async def work(conn: BaseDBAsyncClient) -> None:
        nonlocal attempts
        attempts += 1
        await Sequence.create(name="WRITTEN", value=1, using_db=conn)
        if failure == "missing table":
            await conn.execute_query("SELECT * FROM no_such_table")
        elif failure == "other sqlstate" and is_postgres(database_url):
            await conn.execute_script(  # 55P03 lock_not_available: not one we retry
                "DO $$ BEGIN RAISE EXCEPTION 'busy' USING ERRCODE = '55P03'; END $$"
            )
        elif failure == "other sqlstate":
            raise OperationalError("no such column: x")
        else:
            raise ValueError("a bug")

    expected = (
        ValueError
        if failure == "not a database error"
        else (OperationalError, asyncpg.PostgresError)
    )
    with pytest.raises(expected):
        await atomic(work)
    assert attempts == 1
    assert await _values() == {}


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgres"], indirect=True)
async def test_a_real_deadlock_is_retried_and_both_units_of_work_succeed(db) -> None:
    """Two transactions lock two rows in opposite order; PostgreSQL ends one as the deadlock
    victim (after deadlock_timeout, 1 s by default); `atomic` runs that one again."""
    await Sequence.create(name="A", value=0)
    await Sequence.create(name="B", value=0)
    both_hold_their_first = asyncio.Barrier(2)
    attempts: list[str] = []

    def work(first: str, second: str):
        async def run(conn: BaseDBAsyncClient) -> str:
            attempts.append(first)
            await Sequence.filter(name=first).using_db(conn).update(value=F("value") + 1)
            if attempts.count(first) == 1:
                await both_hold_their_first.wait()
            await Sequence.filter(name=second).using_db(conn).update(value=F("value") + 10)
            return first

        return run

    done = await asyncio.wait_for(
        asyncio.gather(atomic(work("A", "B")), atomic(work("B", "A"))), timeout=20
    )
    assert done == ["A", "B"]
    assert sorted(attempts) == ["A", "A", "B"] or sorted(attempts) == ["A", "B", "B"]
    # each unit of work committed exactly once: +1 on its first row, +10 on its second
    assert await _values() == {"A": 11, "B": 11}
