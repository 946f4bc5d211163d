"""Relay connections read by keyset (backend.domain.keyset): `first`/`after` forwards,
`last`/`before` backwards, opaque cursors, and a `totalCount` counted only when selected and
only up to 10,000 (`totalCountIsExact` says whether it stopped there)."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Generic, TypeVar

import strawberry
from tortoise.queryset import QuerySet

from backend.domain import keyset
from backend.graphql.expected import ExpectedError

N = TypeVar("N")
DEFAULT_PAGE = 50
MAX_PAGE = 500


@strawberry.type(description="Where a page is in its list.")
class PageInfo:
    has_next_page: bool = strawberry.field(description="Whether items follow the page.")
    has_previous_page: bool = strawberry.field(
        description="Whether items come before the page (reading forwards: whether `after` "
        "was given)."
    )
    start_cursor: str | None = strawberry.field(
        description="The first item's cursor: pass it as `before` with `last` for the page before."
    )
    end_cursor: str | None = strawberry.field(
        description="The last item's cursor: pass it as `after` with `first` for the next page."
    )


@strawberry.type
class Edge(Generic[N]):
    node: N
    cursor: str = strawberry.field(description="Opaque; valid for the same list and order.")


@strawberry.type(
    description="A page of a list, read by keyset: each page costs the same "
    "however far into the list, and rows added meanwhile are neither repeated "
    "nor skipped."
)
class Connection(Generic[N]):
    edges: list[Edge[N]]
    page_info: PageInfo
    counter: strawberry.Private[Callable[[], Awaitable[keyset.Counted]]]
    counted: strawberry.Private[list[asyncio.Future[keyset.Counted]]]

    async def _count(self) -> keyset.Counted:
        if not self.counted:
            self.counted.append(asyncio.ensure_future(self.counter()))
        return await self.counted[0]

    @strawberry.field(
        description=f"How many items the list holds, counted up to "
        f"{keyset.COUNT_CAP:,}: a longer list answers {keyset.COUNT_CAP} with "
        'totalCountIsExact false (show it as "10,000+"). Counted only when '
        "asked for."
    )
    async def total_count(self) -> int:
        return (await self._count()).count

    @strawberry.field(
        description="Whether totalCount is the exact number (false: the list "
        "holds more than totalCount)."
    )
    async def total_count_is_exact(self) -> bool:
        return (await self._count()).exact


def page_request(
    first: int | None, after: str | None, last: int | None = None, before: str | None = None
) -> keyset.Request:
    for name, value in (("first", first), ("last", last)):
        if value is not None and not 0 <= value <= MAX_PAGE:
            raise ExpectedError(f"`{name}` must be between 0 and {MAX_PAGE}, not {value}.")
    if last is not None or before is not None:
        if first is not None or after is not None:
            raise ExpectedError(
                "Page forwards (`first`, `after`) or backwards (`last`, "
                "`before`), not both at once."
            )
        return keyset.Request(DEFAULT_PAGE if last is None else last, before=before, backward=True)
    return keyset.Request(DEFAULT_PAGE if first is None else first, after=after)


async def connection(
    read: Callable[[keyset.Request], Awaitable[keyset.Page[Any]]],
    count: Callable[[], Awaitable[keyset.Counted]],
    request: keyset.Request,
    wrap: Callable[[Any], N],
) -> Connection[N]:
    try:
        page = await read(request)
    except keyset.BadCursor as error:
        raise ExpectedError(str(error)) from None
    edges = [Edge(node=wrap(item), cursor=cursor) for cursor, item in page.rows]
    if request.backward:
        has_next, has_previous = request.before is not None, page.more
    else:
        has_next, has_previous = page.more, request.after is not None
    return Connection(
        edges=edges,
        page_info=PageInfo(
            has_next_page=has_next,
            has_previous_page=has_previous,
            start_cursor=edges[0].cursor if edges else None,
            end_cursor=edges[-1].cursor if edges else None,
        ),
        counter=count,
        counted=[],
    )


async def paginate(
    query: QuerySet[Any],
    ordering: keyset.Ordering,
    first: int | None,
    after: str | None,
    wrap: Callable[[Any], N],
    last: int | None = None,
    before: str | None = None,
) -> Connection[N]:
    """A page of a queryset in `ordering` (its columns non-null, the last one unique)."""
    return await connection(
        lambda r: keyset.queryset_page(query, ordering, r),
        lambda: keyset.queryset_count(query),
        page_request(first, after, last, before),
        wrap,
    )
