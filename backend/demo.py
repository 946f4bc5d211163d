"""Demo data for a first look: suppliers, tracked and untracked items, orders in every state."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from tortoise.timezone import now

from backend.domain import catalog, purchasing, sales, serials
from backend.domain.catalog import Contact
from backend.domain.rows import RowInput
from backend.models import PurchaseOrderKind, PurchaseOrderRow, SalesOrderRow, Supplier

CUSTOMERS = [
    (
        "Helios Robotics",
        Contact(
            "Maya Lindqvist",
            "maya.lindqvist@helios.example",
            "+46 31 555 0142",
            "Hamngatan 4\n411 06 Göteborg\nSweden",
        ),
    ),
    (
        "Aurora Packaging AS",
        Contact(
            "Ola Nordmann",
            "service@aurora-packaging.example",
            "+47 22 55 01 77",
            "Storgata 12\n0155 Oslo\nNorway",
        ),
    ),
    ("Vektor Automation", Contact("", "orders@vektor.example", "", "")),
]
SUPPLIERS = [
    (
        "Nordic Motors AB",
        Contact(
            "Erik Sandberg",
            "erik@nordicmotors.example",
            "+46 8 555 012 34",
            "Industrivägen 9\n171 48 Solna\nSweden",
        ),
    ),
    (
        "Baltic Electronics OÜ",
        Contact(
            "Kadri Tamm",
            "sales@balticel.example",
            "+372 555 0199",
            "Pärnu mnt 21\n10141 Tallinn\nEstonia",
        ),
    ),
    ("Precision Castings Ltd", Contact("", "", "+44 121 496 0321", "")),
    ("Kappa Sensors GmbH", Contact("Jonas Weber", "j.weber@kappa-sensors.example", "", "")),
]
ORDERED_DAYS_AGO = 60  # the demo's orders were placed before anything was received
PRODUCTS = [
    # name, tracked, [(sku, variant name)]
    ("Servo motor", True, [("SRV-100", "Servo motor 100 W"), ("SRV-200", "Servo motor 200 W")]),
    ("Controller board", True, [("CTL-A1", "Controller board rev A1")]),
    ("Temperature sensor", True, [("TMP-K", "Type K probe"), ("TMP-J", "Type J probe")]),
    ("Aluminium housing", False, [("HSG-AL", "Aluminium housing")]),
    ("Copper wire", False, [("WIRE-CU", "Copper wire, kg")]),
    ("M4 screw", False, [("SCR-M4", "M4 screw, box of 100")]),
]

# Items that generate their serial numbers (the dialog's "Generate"; docs/design.md).
PATTERNS = {"Controller board": "CTL-{YYYY}-{#####}", "Temperature sensor": "TS{YY}{MM}-{####}"}


def _serials(prefix: str, start: int, count: int) -> list[str]:
    return [f"{prefix}-{n:05d}" for n in range(start, start + count)]


async def load_if_empty() -> bool:
    if await Supplier.exists():
        return False
    suppliers = [await catalog.create_supplier(name, contact) for name, contact in SUPPLIERS]
    for name, tracked, variants in PRODUCTS:
        await catalog.create_product(
            name, tracked, [catalog.VariantInput(s, n) for s, n in variants], PATTERNS.get(name)
        )

    today = now()

    async def order(kind, supplier, rows, expected_in_days=None):
        # Placed weeks ago, so that the receipts below may be dated in the past.
        po = await purchasing.create_purchase_order(
            kind,
            supplier.id,
            [RowInput(s, Decimal(q)) for s, q in rows],
            expected_on=(today + timedelta(days=expected_in_days)).date()
            if expected_in_days is not None
            else None,
            ordered=today - timedelta(days=ORDERED_DAYS_AGO),
        )
        return po, await PurchaseOrderRow.filter(purchase_order_id=po.id).order_by("position")

    P, OPO = PurchaseOrderKind.PURCHASE, PurchaseOrderKind.OUTSOURCED

    # Received long ago, fully traced.
    po, rows = await order(P, suppliers[0], [("SRV-100", 10), ("HSG-AL", 10)])
    await serials.assign(rows[0].id, _serials("SRV1", 1, 10), actor="demo")
    await purchasing.receive_order(po.id, today - timedelta(days=40), actor="demo")

    # Received, but only some numbers entered: more can still be added.
    po, rows = await order(P, suppliers[1], [("CTL-A1", 25), ("WIRE-CU", "12.5")])
    await serials.assign(rows[0].id, _serials("CB", 1, 18), actor="demo")
    await purchasing.receive_order(po.id, today - timedelta(days=21), actor="demo")

    # Partly received: a split row received, the rest still expected.
    po, rows = await order(P, suppliers[3], [("TMP-K", 20), ("TMP-J", 8), ("SCR-M4", 4)])
    await serials.assign(rows[0].id, _serials("TK", 1, 20), actor="demo")
    await serials.assign(rows[1].id, _serials("TJ", 1, 3), actor="demo")
    await purchasing.receive_row(
        rows[0].id, Decimal(12), received_at=today - timedelta(days=7), actor="demo"
    )

    # Not received: missing, partial and complete tracing.
    po, rows = await order(
        P, suppliers[0], [("SRV-200", 6), ("SRV-100", 4), ("CTL-A1", 3)], expected_in_days=5
    )
    await serials.assign(rows[1].id, _serials("SRV1", 101, 2), actor="demo")
    await serials.assign(rows[2].id, _serials("CB", 501, 3), actor="demo")

    # Outsourced: assembled by a partner; one received, one waiting.
    po, rows = await order(OPO, suppliers[2], [("CTL-A1", 5), ("HSG-AL", 5)])
    await serials.assign(rows[0].id, _serials("CB", 801, 5), actor="demo")
    await purchasing.receive_order(po.id, today - timedelta(days=3), actor="demo")
    await order(OPO, suppliers[2], [("SRV-200", 12)], expected_in_days=-2)

    # Only untracked items: no Tracing column.
    po, rows = await order(
        P, suppliers[1], [("SCR-M4", 20), ("WIRE-CU", "3.75")], expected_in_days=10
    )

    # Sales orders picked from the stock above: delivered, picked, partly picked.
    customers = [await catalog.create_customer(name, contact) for name, contact in CUSTOMERS]

    async def sell(customer, rows):
        so = await sales.create_sales_order(
            customer.id,
            [RowInput(s, Decimal(q)) for s, q in rows],
            ordered=today - timedelta(days=30),
        )
        return so, await SalesOrderRow.filter(sales_order_id=so.id).order_by("position")

    so, rows = await sell(customers[0], [("SRV-100", 3), ("CTL-A1", 2), ("HSG-AL", 3)])
    await sales.pick(rows[0].id, _serials("SRV1", 1, 3), actor="demo")
    await sales.pick(rows[1].id, _serials("CB", 1, 2), actor="demo")
    await sales.deliver(so.id, today - timedelta(days=14), actor="demo")

    so, rows = await sell(customers[1], [("SRV-100", 2), ("TMP-K", 4)])
    await sales.pick(rows[0].id, _serials("SRV1", 4, 2), actor="demo")
    await sales.pick(rows[1].id, _serials("TK", 1, 4), actor="demo")
    await sales.deliver(so.id, today - timedelta(days=2), actor="demo")

    so, rows = await sell(customers[2], [("CTL-A1", 5), ("WIRE-CU", "2.5")])
    await sales.pick(rows[0].id, _serials("CB", 801, 2) + _serials("CB", 3, 1), actor="demo")

    so, rows = await sell(customers[0], [("TMP-K", 2)])
    await sales.pick(rows[0].id, _serials("TK", 5, 2), actor="demo")
    return True
