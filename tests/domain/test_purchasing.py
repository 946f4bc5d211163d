"""Purchase order rules called directly, without GraphQL, on SQLite and PostgreSQL."""

from __future__ import annotations

from decimal import Decimal

import pytest

from backend.database import connected
from backend.domain import catalog, purchasing, serials
from backend.domain.errors import DomainError
from backend.models import (
    PurchaseOrderKind,
    PurchaseOrderRow,
    PurchaseOrderStatus,
    RowStatus,
    SerialNumber,
    SerialNumberEvent,
)


@pytest.fixture
async def db(database_url: str):
    async with connected(database_url):
        yield


async def _order(*rows: tuple[str, str]) -> tuple[int, list[PurchaseOrderRow]]:
    supplier = await catalog.create_supplier("Direct Ltd")
    for sku in {s for s, _ in rows}:
        await catalog.create_product(sku, sku.startswith("T"), [catalog.VariantInput(sku)])
    order = await purchasing.create_purchase_order(
        PurchaseOrderKind.PURCHASE,
        supplier.id,
        [purchasing.RowInput(s, Decimal(q)) for s, q in rows],
    )
    found = await PurchaseOrderRow.filter(purchase_order_id=order.id).order_by("position")
    return order.id, found


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], PurchaseOrderStatus.NOT_RECEIVED),
        ([RowStatus.NOT_RECEIVED], PurchaseOrderStatus.NOT_RECEIVED),
        ([RowStatus.RECEIVED, RowStatus.NOT_RECEIVED], PurchaseOrderStatus.PARTIALLY_RECEIVED),
        ([RowStatus.RECEIVED, RowStatus.RECEIVED], PurchaseOrderStatus.RECEIVED),
    ],
)
def test_order_status_is_derived_from_rows(statuses, expected) -> None:
    assert purchasing.derive_status(statuses) == expected


@pytest.mark.parametrize(
    ("quantity", "tracked", "ok"),
    [
        ("1", True, True),
        ("2.5", False, True),
        ("2.5", True, False),
        ("0", False, False),
        ("-1", False, False),
        ("0.0001", False, False),
        ("NaN", False, False),
        ("100000000", False, False),
    ],
)
def test_quantities(quantity: str, tracked: bool, ok: bool) -> None:
    assert (purchasing.check_quantity(Decimal(quantity), tracked) == []) is ok


async def test_assign_receive_and_revert_write_one_event_per_serial(db) -> None:
    _, (row,) = await _order(("T-1", "3"))
    await serials.assign(row.id, ["A", "B", "C"], actor="alice")
    await purchasing.receive_row(row.id, Decimal(2), actor="bob")

    rows = await PurchaseOrderRow.filter(purchase_order_id=row.purchase_order_id).order_by("id")
    assert [(r.quantity, r.status, r.assigned_count) for r in rows] == [
        (Decimal(1), RowStatus.NOT_RECEIVED, 1),
        (Decimal(2), RowStatus.RECEIVED, 2),
    ]
    events = await SerialNumberEvent.all().order_by("id").values_list("number", "kind", "user")
    assert events == [
        ("A", "ASSIGNED", "alice"),
        ("B", "ASSIGNED", "alice"),
        ("C", "ASSIGNED", "alice"),
        ("A", "RECEIVED", "bob"),
        ("B", "RECEIVED", "bob"),
    ]

    await purchasing.revert_receipt(row.purchase_order_id, actor="carol")
    assert await SerialNumber.filter(status="EXPECTED", added_at=None).count() == 3
    assert await SerialNumberEvent.filter(kind="RECEIPT_REVERTED", user="carol").count() == 2


async def test_a_refused_change_writes_nothing(db) -> None:
    _, (row,) = await _order(("T-2", "2"))
    with pytest.raises(DomainError) as refused:
        await serials.assign(row.id, ["OK", "OK"])
    assert [p.code.value for p in refused.value.problems] == ["DUPLICATE_IN_INPUT"]
    assert await SerialNumber.all().count() == 0
    assert await SerialNumberEvent.all().count() == 0
    assert (await PurchaseOrderRow.get(id=row.id)).assigned_count == 0


async def test_untracked_rows_split_on_partial_receipt_without_serials(db) -> None:
    order_id, (row,) = await _order(("U-1", "10.5"))
    await purchasing.receive_row(row.id, Decimal("0.5"))
    rows = await PurchaseOrderRow.filter(purchase_order_id=order_id).order_by("id")
    assert [r.quantity for r in rows] == [Decimal(10), Decimal("0.5")]
    await purchasing.receive_order(order_id)
    rows = await PurchaseOrderRow.filter(purchase_order_id=order_id)
    assert {r.status for r in rows} == {RowStatus.RECEIVED}
