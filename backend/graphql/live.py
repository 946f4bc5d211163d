"""The change feed (`changes`) and the subscriptions that push it to screens and clients."""

from __future__ import annotations

import asyncio
import base64
import contextlib
import json
from collections.abc import AsyncGenerator, Callable
from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Annotated

import strawberry

from backend import ids, models
from backend.broker import broker
from backend.domain import changes
from backend.graphql.context import Info
from backend.graphql.expected import ExpectedError
from backend.graphql.loaders import Loaders
from backend.graphql.mutations import query, subscription
from backend.graphql.pagination import PageInfo
from backend.graphql.types import PurchaseOrder, SalesOrder, SerialNumberEventKind

if TYPE_CHECKING:  # strawberry.enum returns the class itself; mypy sees only a variable
    ChangeKind = changes.ChangeKind
else:
    ChangeKind = strawberry.enum(
        changes.ChangeKind,
        description=(
            "What a change feed entry is: a purchase order or a sales order changed (its rows, "
            "tracing, status or numbers), or serial number events were recorded."
        ),
    )
DEFAULT_PAGE = 100
MAX_PAGE = 1000
# How often a quiet subscription checks that its credential still holds (it also checks
# before each message).
RECHECK_SECONDS = 5.0


def cursor_of(position: int) -> str:
    return base64.urlsafe_b64encode(f"change:{position}".encode()).decode().rstrip("=")


def position_of(cursor: str | None, argument: str = "after") -> int:
    """The position a cursor stands for (0: from the start)."""
    if not cursor:
        return 0
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        kind, _, value = base64.urlsafe_b64decode(padded.encode()).decode().partition(":")
        if kind == "change" and value.isascii() and value.isdigit() and len(value) < 19:
            return int(value)
    except (ValueError, UnicodeError):
        pass
    raise ExpectedError(f"`{argument}`: the cursor {cursor!r} is not one of the change feed's.")


@strawberry.type(
    description="One entry of the change feed. Its `cursor` is its position: "
    "ask `changes(after: cursor)` for what came later."
)
class Change:
    m: strawberry.Private[models.Change]

    @strawberry.field(description="The position of this entry, as an opaque cursor.")
    def cursor(self) -> str:
        return cursor_of(self.m.id)

    @strawberry.field(description="What changed.")
    def kind(self) -> ChangeKind:
        return changes.ChangeKind(self.m.kind)

    @strawberry.field(description="For SERIAL_NUMBER_EVENTS: which event was recorded.")
    def event_kind(self) -> SerialNumberEventKind | None:
        return models.SerialNumberEventKind(self.m.event_kind) if self.m.event_kind else None

    @strawberry.field(description="The purchase order it concerns, if any (its ID).")
    def purchase_order_id(self) -> strawberry.ID | None:
        pk = self.m.purchase_order_id
        return strawberry.ID(ids.encode("PurchaseOrder", pk)) if pk else None

    @strawberry.field(description="The sales order it concerns, if any (its ID).")
    def sales_order_id(self) -> strawberry.ID | None:
        pk = self.m.sales_order_id
        return strawberry.ID(ids.encode("SalesOrder", pk)) if pk else None

    @strawberry.field(description="The purchase order it concerns, as it is now.")
    async def purchase_order(self, info: Info) -> PurchaseOrder | None:
        pk = self.m.purchase_order_id
        found = await info.context.loaders.purchase_order.load(pk) if pk else None
        return PurchaseOrder(m=found) if found else None

    @strawberry.field(description="The sales order it concerns, as it is now.")
    async def sales_order(self, info: Info) -> SalesOrder | None:
        pk = self.m.sales_order_id
        found = await info.context.loaders.sales_order.load(pk) if pk else None
        return SalesOrder(m=found) if found else None

    @strawberry.field(
        description="For SERIAL_NUMBER_EVENTS: the serial numbers' IDs (empty "
        "for an import, which names its order: read its numbers there)."
    )
    def serial_number_ids(self) -> list[strawberry.ID]:
        return [
            strawberry.ID(ids.encode("SerialNumber", pk)) for pk in json.loads(self.m.serial_ids)
        ]

    @strawberry.field(description="For SERIAL_NUMBER_EVENTS: the variants' IDs.")
    def variant_ids(self) -> list[strawberry.ID]:
        return [strawberry.ID(ids.encode("Variant", pk)) for pk in json.loads(self.m.variant_ids)]

    @strawberry.field(description="For SERIAL_NUMBER_EVENTS: how many numbers.")
    def count(self) -> int:
        return self.m.count

    @strawberry.field(description="Who made the change (for serial number events).")
    def user(self) -> str | None:
        return self.m.user

    @strawberry.field(description="When it was committed.")
    def at(self) -> datetime:
        return self.m.at


@strawberry.type(description="An entry of the change feed with its cursor.")
class ChangeEdge:
    node: Change = strawberry.field(description="The entry.")
    cursor: str = strawberry.field(description="Its position: pass it as `after`.")


@strawberry.type(description="A page of the change feed, in commit order.")
class ChangeConnection:
    edges: list[ChangeEdge] = strawberry.field(description="The entries, oldest first.")
    page_info: PageInfo = strawberry.field(
        description=(
            "Where the page ends; with no entry, `endCursor` is the `after` that was asked (so a "
            "client keeps asking from the same place)."
        )
    )


@strawberry.type
class LiveQuery:
    @query(
        description=(
            "The cursor of the newest change feed entry now (the start, when there is none "
            "yet). A screen asks for it before it reads what it shows and subscribes with it as "
            "`after`: whatever commits in between is delivered, so nothing is missed."
        )
    )
    async def change_feed_end(self) -> str:
        return cursor_of(await changes.last_position())

    @query(
        description=(
            "The change feed: serial number events and document changes after the position "
            f"`after` (a cursor from this feed; none: from the start), oldest first, `first` (at "
            f"most {MAX_PAGE}, default {DEFAULT_PAGE}) at a time. Positions follow commit order, "
            "so paging on with the last `endCursor` never gives a duplicate or a gap, even while "
            "others write."
        )
    )
    async def changes(
        self,
        after: Annotated[
            str | None, strawberry.argument(description="The cursor to continue after.")
        ] = None,
        first: Annotated[
            int | None, strawberry.argument(description=f"How many entries (0 to {MAX_PAGE}).")
        ] = None,
    ) -> ChangeConnection:
        size = DEFAULT_PAGE if first is None else first
        if size < 0 or size > MAX_PAGE:
            raise ExpectedError(f"`first` must be between 0 and {MAX_PAGE}, not {size}.")
        start = position_of(after)
        found = await changes.read(start, size + 1)
        page = found[:size]
        return ChangeConnection(
            edges=[ChangeEdge(node=Change(m=c), cursor=cursor_of(c.id)) for c in page],
            page_info=PageInfo(
                has_next_page=len(found) > size,
                has_previous_page=after is not None,
                start_cursor=cursor_of(page[0].id) if page else None,
                end_cursor=cursor_of(page[-1].id) if page else (after or None),
            ),
        )


# --- Subscriptions -------------------------------------------------------------------------


class _Closed(StrEnum):
    REVOKED = "The credential of this connection was revoked or has expired; sign in again."


async def _still_signed_in(info: Info) -> bool:
    check = info.context.recheck
    return check is None or await check()


async def _close(info: Info) -> None:
    websocket = info.context.websocket
    if websocket is not None:
        with contextlib.suppress(RuntimeError):
            await websocket.close(4401, _Closed.REVOKED.value)


async def follow(
    info: Info, after: str | None, wanted: Callable[[models.Change], bool]
) -> AsyncGenerator[models.Change, None]:
    """The feed entries that `wanted` picks: first those after `after` (a reconnecting
    client's last cursor), then each new one as it commits. Each is yielded with fresh
    loaders, so what the client reads with it is the state after the change."""
    position = position_of(after) if after else None
    subscriber = broker.subscribe()
    try:
        if position is None:
            position = broker.last
        catching_up = True
        while True:
            if catching_up or subscriber.lagging:
                subscriber.lagging = False
                while True:  # from the feed itself, up to what the broker has handed out
                    batch = await changes.read(position, 500)
                    for change in batch:
                        position = change.id
                        if wanted(change):
                            if not await _still_signed_in(info):
                                await _close(info)
                                return
                            info.context.loaders = Loaders()
                            yield change
                    if len(batch) < 500:
                        break
                catching_up = False
            try:
                change = await asyncio.wait_for(subscriber.queue.get(), RECHECK_SECONDS)
            except TimeoutError:
                if not await _still_signed_in(info):
                    await _close(info)
                    return
                continue
            if subscriber.lagging:
                continue
            if change.id <= position:
                continue
            position = change.id
            if wanted(change):
                if not await _still_signed_in(info):
                    await _close(info)
                    return
                info.context.loaders = Loaders()
                yield change
    finally:
        broker.unsubscribe(subscriber)


def _pk(type_name: str, value: strawberry.ID | None, argument: str) -> int | None:
    if value is None:
        return None
    pk = ids.decode(type_name, value)
    if pk is None:
        raise ExpectedError(f"`{argument}`: {value!r} is not a {type_name} ID.")
    return pk


AFTER = (
    "A cursor of the change feed (a message's `cursor`): a reconnecting client passes "
    "the last one it got and first receives everything it missed."
)


@strawberry.type(description="A purchase order changed: the feed entry and the order now.")
class PurchaseOrderChanged:
    change: Change = strawberry.field(description="What changed (its `cursor` resumes).")
    purchase_order: PurchaseOrder | None = strawberry.field(
        description="The order as it is after the change (rows, tracing, status)."
    )


@strawberry.type(description="A sales order changed: the feed entry and the order now.")
class SalesOrderChanged:
    change: Change = strawberry.field(description="What changed (its `cursor` resumes).")
    sales_order: SalesOrder | None = strawberry.field(
        description="The order as it is after the change (rows, tracing, status)."
    )


@strawberry.type(
    name="Subscription",
    description=(
        "What a client can follow live over WebSocket (graphql-transport-ws on /graphql)."
    ),
)
class LiveSubscription:
    @subscription(
        description="Each change of one purchase order (rows, tracing, status, "
        "serial numbers), with the order as it is then."
    )
    async def purchase_order_changed(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The purchase order.")],
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> AsyncGenerator[PurchaseOrderChanged, None]:
        pk = _pk("PurchaseOrder", id, "id")
        async for change in follow(info, after, lambda c: c.purchase_order_id == pk):
            found = await info.context.loaders.purchase_order.load(pk) if pk else None
            yield PurchaseOrderChanged(
                change=Change(m=change), purchase_order=PurchaseOrder(m=found) if found else None
            )

    @subscription(description="Each change of one sales order, with the order as it is then.")
    async def sales_order_changed(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="The sales order.")],
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> AsyncGenerator[SalesOrderChanged, None]:
        pk = _pk("SalesOrder", id, "id")
        async for change in follow(info, after, lambda c: c.sales_order_id == pk):
            found = await info.context.loaders.sales_order.load(pk) if pk else None
            yield SalesOrderChanged(
                change=Change(m=change), sales_order=SalesOrder(m=found) if found else None
            )

    @subscription(
        description="Each change of any purchase or sales order (what the "
        "order lists show): the entry names the order; read it through "
        "`purchaseOrder` / `salesOrder`."
    )
    async def order_list_changed(
        self,
        info: Info,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> AsyncGenerator[Change, None]:
        documents = {
            changes.ChangeKind.PURCHASE_ORDER_CHANGED,
            changes.ChangeKind.SALES_ORDER_CHANGED,
        }
        async for change in follow(info, after, lambda c: c.kind in documents):
            yield Change(m=change)

    @subscription(
        description="Serial number events as they are recorded, "
        "optionally only of one variant and/or one order."
    )
    async def serial_number_events(
        self,
        info: Info,
        variant_id: Annotated[
            strawberry.ID | None, strawberry.argument(description="Only events of this variant.")
        ] = None,
        purchase_order_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only events on this purchase order."),
        ] = None,
        sales_order_id: Annotated[
            strawberry.ID | None,
            strawberry.argument(description="Only events on this sales order."),
        ] = None,
        after: Annotated[str | None, strawberry.argument(description=AFTER)] = None,
    ) -> AsyncGenerator[Change, None]:
        variant = _pk("Variant", variant_id, "variantId")
        po = _pk("PurchaseOrder", purchase_order_id, "purchaseOrderId")
        so = _pk("SalesOrder", sales_order_id, "salesOrderId")

        def wanted(c: models.Change) -> bool:
            return (
                c.kind == changes.ChangeKind.SERIAL_NUMBER_EVENTS
                and (variant is None or variant in json.loads(c.variant_ids))
                and (po is None or c.purchase_order_id == po)
                and (so is None or c.sales_order_id == so)
            )

        async for change in follow(info, after, wanted):
            yield Change(m=change)
