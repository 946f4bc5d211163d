"""Relay connections over a Tortoise queryset, with opaque offset cursors."""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry
from tortoise.queryset import QuerySet

from backend.graphql.expected import ExpectedError

N = TypeVar("N")
DEFAULT_PAGE = 50
MAX_PAGE = 500


@strawberry.type
class PageInfo:
    has_next_page: bool
    end_cursor: str | None


@strawberry.type
class Edge(Generic[N]):
    node: N
    cursor: str


@strawberry.type
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo
    total_count: int


def _cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(f"offset:{offset}".encode()).decode()


def _offset(cursor: str | None) -> int:
    if not cursor:
        return 0
    try:
        kind, _, value = base64.urlsafe_b64decode(cursor.encode()).decode().partition(":")
        if kind == "offset" and value.isdigit():
            return int(value) + 1
    except (ValueError, UnicodeError):
        pass
    raise ExpectedError(f"The cursor {cursor!r} is not one this API gave out.")


async def paginate(
    query: QuerySet, first: int | None, after: str | None, wrap: Callable[[object], N]
) -> Connection[N]:
    size = DEFAULT_PAGE if first is None else first
    if size < 0 or size > MAX_PAGE:
        raise ExpectedError(f"`first` must be between 0 and {MAX_PAGE}, not {size}.")
    start = _offset(after)
    total = await query.count()
    items = await query.offset(start).limit(size) if size else []
    edges = [Edge(node=wrap(item), cursor=_cursor(start + i)) for i, item in enumerate(items)]
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=start + len(items) < total,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        total_count=total,
    )
