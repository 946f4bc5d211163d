"""Relay Global Object Identification: `node(id:)` and `nodes(ids:)` fetch anything with an ID
by that ID alone, through the request's DataLoaders (one query per kind, whatever the count)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Annotated, Any

import strawberry

from backend import ids, models
from backend.graphql import types
from backend.graphql.context import Info
from backend.graphql.expected import ExpectedError
from backend.graphql.mutations import query
from backend.graphql.users import ApiToken, User

MAX_NODES = 100

# ID type name: (the loader's name, the GraphQL type, the role needed to see it).
KINDS: dict[str, tuple[str, Callable[[Any], Any], models.Role]] = {
    "Supplier": ("supplier", lambda m: types.Supplier(m=m), models.Role.VIEWER),
    "Customer": ("customer", lambda m: types.Customer(m=m), models.Role.VIEWER),
    "Product": ("product", lambda m: types.Product(m=m), models.Role.VIEWER),
    "Variant": ("variant", lambda m: types.Variant(m=m), models.Role.VIEWER),
    "PurchaseOrder": ("purchase_order", lambda m: types.PurchaseOrder(m=m), models.Role.VIEWER),
    "PurchaseOrderRow": (
        "purchase_order_row",
        lambda m: types.PurchaseOrderRow(m=m),
        models.Role.VIEWER,
    ),
    "SalesOrder": ("sales_order", lambda m: types.SalesOrder(m=m), models.Role.VIEWER),
    "SalesOrderRow": ("sales_order_row", lambda m: types.SalesOrderRow(m=m), models.Role.VIEWER),
    "SerialNumber": ("serial_number", lambda m: types.SerialNumber(m=m), models.Role.VIEWER),
    "User": ("user", lambda m: User(m=m), models.Role.ADMIN),
    "ApiToken": ("api_token", lambda m: ApiToken(m=m), models.Role.ADMIN),
}


async def _resolve(info: Info, value: str) -> types.Node | None:
    parsed = ids.parse(value)
    if parsed is None or parsed[0] not in KINDS:
        return None
    kind, pk = parsed
    loader, wrap, role = KINDS[kind]
    user = info.context.user
    if user is None or not user.role.covers(role):
        return None  # as if it did not exist: users and tokens are the admins' business
    found = await getattr(info.context.loaders, loader).load(pk)
    return wrap(found) if found is not None else None


@strawberry.type
class NodeQuery:
    @query(
        description="Anything with an ID, fetched by that ID alone; null when it names "
        "nothing (or something you may not see: users and API tokens need ADMIN)."
    )
    async def node(
        self,
        info: Info,
        id: Annotated[strawberry.ID, strawberry.argument(description="An ID from any answer.")],
    ) -> types.Node | None:
        return await _resolve(info, id)

    @query(
        description=f"Several things by their IDs at once, in the order asked; null for "
        f"each ID that names nothing. At most {MAX_NODES} IDs per call (BAD_USER_INPUT "
        "beyond). One database query per kind, whatever the count."
    )
    async def nodes(
        self,
        info: Info,
        ids: Annotated[
            list[strawberry.ID],
            strawberry.argument(description=f"At most {MAX_NODES} IDs; repeats are allowed."),
        ],
    ) -> list[types.Node | None]:
        if len(ids) > MAX_NODES:
            raise ExpectedError(
                f"`ids` has {len(ids):,} IDs; the most one call takes is {MAX_NODES}."
            )
        return list(await asyncio.gather(*(_resolve(info, i) for i in ids)))
