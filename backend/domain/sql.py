"""What the hand-written SQL of the domain shares: which dialect it speaks, how a time and a
list go in as parameters, and reading JSON array elements on SQLite."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from tortoise.backends.base.client import BaseDBAsyncClient


def is_postgres(conn: BaseDBAsyncClient) -> bool:
    return conn.capabilities.dialect != "sqlite"


def db_time(conn: BaseDBAsyncClient, value: datetime | None) -> datetime | str | None:
    """A time as a parameter: Tortoise stores SQLite datetimes as text in str(datetime) form;
    PostgreSQL takes them as they are."""
    if value is None or is_postgres(conn):
        return value
    return str(value)


def any_of(
    conn: BaseDBAsyncClient, column: str, values: Sequence[Any], cast: str = "text", start: int = 1
) -> tuple[str, list[Any] | str]:
    """`column` among `values`, as one parameter whatever their number (`start`: the number of
    the PostgreSQL parameter)."""
    if is_postgres(conn):
        return f"{column} = ANY(${start}::{cast}[])", list(values)
    return f"{column} IN (SELECT value FROM json_each(?))", json.dumps(list(values))


def json_item(index: int) -> str:
    """SQLite: element `index` of the JSON array row of `json_each`."""
    return f"json_extract(value, '$[{index}]')"
