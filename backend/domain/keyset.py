"""Keyset pages: a page starts after (or ends before) the sort key of a row, never at an offset,
so page 200 costs what page 1 costs and a row inserted between two requests is neither shown
twice nor skipped. A cursor is the sort key and the id of a row, opaque to clients."""

from __future__ import annotations

import base64
import json
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, Generic, TypeAlias, TypeVar

from tortoise import fields
from tortoise.expressions import Q
from tortoise.models import Model
from tortoise.queryset import QuerySet

T = TypeVar("T")
M = TypeVar("M", bound=Model)

# What a cursor value may be: a type, None for a null, or a tuple: any of those.
Kind: TypeAlias = type | None | tuple[type | None, ...]

COUNT_CAP = 10_000  # counts stop here: "10,000+"


class BadCursor(ValueError):
    """A cursor this API did not give out for this list and order."""


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"t": value.isoformat()}
    if isinstance(value, Decimal):
        return {"n": str(value)}
    if hasattr(value, "value") and isinstance(value.value, str):  # an enum
        return value.value
    return value


def _typed(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"t"}:
        return datetime.fromisoformat(value["t"])
    if isinstance(value, dict) and set(value) == {"n"}:
        return Decimal(value["n"])
    if value is None or isinstance(value, str | int | float):
        return value
    raise ValueError(value)


def encode(order: str, key: Sequence[Any]) -> str:
    """The cursor of a row: which order it belongs to and the row's sort key."""
    text = json.dumps([order, [_plain(v) for v in key]], separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _fits(value: Any, kind: type | None) -> bool:
    """Whether a cursor's value can stand for a column of `kind` (None: always null)."""
    if kind is None:
        return value is None
    if kind is int:
        return type(value) is int and -(2**31) <= value < 2**31
    if kind is datetime:
        return isinstance(value, datetime) and value.tzinfo is not None
    if kind is str:
        return isinstance(value, str) and "\x00" not in value
    return isinstance(value, kind)


def decode(order: str, cursor: str | None, kinds: Sequence[Kind]) -> tuple[Any, ...] | None:
    """The sort key in `cursor`, checked to be one given out for `order`: one value per entry
    of `kinds` (int, str, datetime, Decimal; None for a null; a tuple: any of those)."""
    if not cursor:
        return None
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        found, key = json.loads(base64.urlsafe_b64decode(padded.encode()).decode())
        if found == order and isinstance(key, list) and len(key) == len(kinds):
            values = tuple(_typed(v) for v in key)
            if all(
                any(_fits(v, k) for k in (kind if isinstance(kind, tuple) else (kind,)))
                for v, kind in zip(values, kinds, strict=True)
            ):
                return values
    except (ValueError, TypeError, UnicodeError, OverflowError):
        pass
    raise BadCursor(
        f"The cursor {cursor!r} is not one this API gave out for this list and "
        "order; start again from the first page."
    )


@dataclass
class Page(Generic[T]):
    """Rows of one page in the list's order, each with its cursor; whether there are more
    beyond the page in the direction read."""

    rows: list[tuple[str, T]]
    more: bool


@dataclass(frozen=True)
class Request:
    """What a client asked for: `first` after a cursor, or `last` before one."""

    size: int
    after: str | None = None
    before: str | None = None
    backward: bool = False


@dataclass
class Counted:
    count: int
    exact: bool


async def capped_count(count: Callable[[int], Awaitable[int]]) -> Counted:
    """`count(limit)` counts at most `limit` rows; asks for one more than the cap."""
    n = await count(COUNT_CAP + 1)
    return Counted(min(n, COUNT_CAP), n <= COUNT_CAP)


# --- Keyset pages over a Tortoise queryset (lists of documents: orders, items, parties) --------


@dataclass(frozen=True)
class Ordering:
    """Sort columns of one model (non-null, ending in a unique one such as id), each with
    whether it is descending."""

    name: str
    keys: tuple[tuple[str, bool], ...]


def _beyond(keys: Sequence[tuple[str, bool]], values: Sequence[Any]) -> Q:
    """Rows after `values` in the order `keys`: (k1 > v1) or (k1 = v1 and k2 > v2) or ..."""
    alternatives = []
    for i, (field, descending) in enumerate(keys):
        same = {k: v for (k, _), v in zip(keys[:i], values[:i], strict=True)}
        alternatives.append(Q(**same, **{f"{field}__{'lt' if descending else 'gt'}": values[i]}))
    result = alternatives[0]
    for q in alternatives[1:]:
        result = result | q
    return result


def _kind(model: type[Model], name: str) -> type:
    field = model._meta.fields_map[name]
    if isinstance(field, fields.DatetimeField):
        return datetime
    if isinstance(field, fields.DecimalField):
        return Decimal
    if isinstance(field, fields.IntField | fields.BigIntField):
        return int
    return str


def page_query(query: QuerySet[M], ordering: Ordering, request: Request) -> QuerySet[M]:
    """The query of one page (one row more than the page: whether more follow)."""
    keys = ordering.keys
    cursor = request.before if request.backward else request.after
    value = decode(ordering.name, cursor, [_kind(query.model, f) for f, _ in keys])
    walk = tuple((f, d != request.backward) for f, d in keys)
    if value is not None:
        query = query.filter(_beyond(walk, value))
    return query.order_by(*[f"{'-' if d else ''}{f}" for f, d in walk]).limit(request.size + 1)


async def queryset_page(query: QuerySet[M], ordering: Ordering, request: Request) -> Page[M]:
    items = list(await page_query(query, ordering, request)) if request.size else []
    more = len(items) > request.size
    items = items[: request.size]
    if request.backward:
        items.reverse()
    return Page(
        [(encode(ordering.name, [getattr(m, f) for f, _ in ordering.keys]), m) for m in items], more
    )


async def queryset_count(query: QuerySet[M]) -> Counted:
    async def count(limit: int) -> int:
        return len(await query.order_by().limit(limit).values_list("id", flat=True))

    return await capped_count(count)
