"""DataLoaders: one batched query per kind of thing per request, whatever the list size."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from functools import partial
from typing import Any, TypeVar

from strawberry.dataloader import DataLoader
from tortoise.models import Model

from backend import models
from backend.domain import queries

M = TypeVar("M", bound=Model)


def _by_id(model: type[M]) -> DataLoader[int, M | None]:
    async def load(ids: Sequence[int]) -> list[M | None]:
        found = {o.pk: o for o in await model.filter(pk__in=list(set(ids)))}
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


async def existing(loader: DataLoader[int, M | None], pk: int) -> M:
    """The row a (non-null) foreign key names: the database keeps it there, so a miss is a
    bug, not an answer."""
    found = await loader.load(pk)
    if found is None:
        raise LookupError(f"No row has the key {pk}, though a foreign key holds it.")
    return found


def _grouped(
    fetch: Callable[[list[Any]], Awaitable[list[M]]], key: Callable[[M], Any]
) -> DataLoader[Any, list[M]]:
    async def load(keys: Sequence[Any]) -> list[list[M]]:
        groups: dict[Any, list[M]] = defaultdict(list)
        for obj in await fetch(list(set(keys))):
            groups[key(obj)].append(obj)
        return [groups.get(k, []) for k in keys]

    return DataLoader(load_fn=load)


def _tokens() -> DataLoader[int, models.Credential | None]:
    """API tokens by id (the other credentials are never shown), each with its user."""

    async def load(ids: Sequence[int]) -> list[models.Credential | None]:
        found = {
            o.pk: o
            for o in await models.Credential.filter(
                pk__in=list(set(ids)), kind="token"
            ).select_related("user")
        }
        return [found.get(i) for i in ids]

    return DataLoader(load_fn=load)


async def _rows(order_ids: list[int]) -> list[models.PurchaseOrderRow]:
    # Rows come with their variant and product in the same query: every row needs them (SKU,
    # tracing), and one query keeps the order view's query count fixed, not timing-dependent.
    return (
        await models.PurchaseOrderRow.filter(purchase_order_id__in=order_ids)
        .select_related("variant__product")
        .order_by("position", "id")
    )


async def _sales_rows(order_ids: list[int]) -> list[models.SalesOrderRow]:
    return (
        await models.SalesOrderRow.filter(sales_order_id__in=order_ids)
        .select_related("variant__product")
        .order_by("position", "id")
    )


async def _variants_of(product_ids: list[int]) -> list[models.Variant]:
    return await models.Variant.filter(product_id__in=product_ids).order_by("id")


async def _events(keys: list[tuple[int, str]]) -> list[models.SerialNumberEvent]:
    variant_ids = {v for v, _ in keys}
    number_keys = {k for _, k in keys}
    wanted = set(keys)
    events = await models.SerialNumberEvent.filter(
        variant_id__in=list(variant_ids), number_key__in=list(number_keys)
    ).order_by("id")  # recorded order: a backdated receipt still follows its assignment
    return [e for e in events if (e.variant_id, e.number_key) in wanted]


def _keyed(fetch: Callable[[list[Any]], Awaitable[dict[Any, Any]]]) -> DataLoader[Any, Any]:
    async def load(keys: Sequence[Any]) -> list[Any]:
        found = await fetch(list(set(keys)))
        return [found[k] for k in keys]

    return DataLoader(load_fn=load)


async def _webhook_attempts(delivery_ids: list[int]) -> list[models.WebhookAttempt]:
    return await models.WebhookAttempt.filter(delivery_id__in=delivery_ids).order_by("id")


class Loaders:
    """Made fresh for every request, so nothing is cached across requests."""

    def __init__(self) -> None:
        self.supplier = _by_id(models.Supplier)
        self.product = _by_id(models.Product)
        self.variant = _by_id(models.Variant)
        self.purchase_order = _by_id(models.PurchaseOrder)
        self.purchase_order_row = _by_id(models.PurchaseOrderRow)
        self.serial_number = _by_id(models.SerialNumber)
        self.customer = _by_id(models.Customer)
        self.sales_order = _by_id(models.SalesOrder)
        self.sales_order_row = _by_id(models.SalesOrderRow)
        self.user = _by_id(models.User)
        self.api_token = _tokens()
        self.rows_of_sales_order = _grouped(self._sales_rows_priming, lambda r: r.sales_order_id)
        self.serials_of_sales_row = _keyed(queries.serials_of_rows("sales_order_row_id"))
        self.rows_of_order = _grouped(self._rows_priming, lambda r: r.purchase_order_id)
        self.tracing_of_order = _keyed(
            partial(queries.order_tracing_of, models.PurchaseOrderRow, "purchase_order_id")
        )
        self.tracing_of_sales_order = _keyed(
            partial(queries.order_tracing_of, models.SalesOrderRow, "sales_order_id")
        )
        self.serials_of_row = _keyed(queries.serials_of_rows("purchase_order_row_id"))
        self.variants_of_product = _grouped(_variants_of, lambda v: v.product_id)
        self.history = _grouped(_events, lambda e: (e.variant_id, e.number_key))
        self.stock = _keyed(queries.stock_of)
        self.serial_counts = _keyed(queries.serial_counts_of)
        self.webhook_attempts = _grouped(_webhook_attempts, lambda a: a.delivery_id)

    async def _rows_priming(self, order_ids: list[int]) -> list[models.PurchaseOrderRow]:
        return self._prime_variants(await _rows(order_ids))

    async def _sales_rows_priming(self, order_ids: list[int]) -> list[models.SalesOrderRow]:
        return self._prime_variants(await _sales_rows(order_ids))

    def _prime_variants(self, rows: list[Any]) -> list[Any]:
        self.prime(self.variant, [r.variant for r in rows])
        self.prime(self.product, [r.variant.product for r in rows])
        return rows

    def prime(self, loader: DataLoader[int, Any], objects: Sequence[Model]) -> None:
        for obj in objects:
            loader.prime(obj.pk, obj)
