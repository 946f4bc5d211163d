"""Look-ups by the keys integrators hold: an order's number, a SKU, a party's name, many serial
numbers at once. Texts are trimmed and compared in any case (numbers and SKUs are unique so)."""

from __future__ import annotations

from backend.domain.serial_rules import normalise_key
from backend.models import Customer, PurchaseOrder, SalesOrder, SerialNumber, Supplier, Variant

MAX_NUMBERS = 1000  # serial numbers per look-up


async def purchase_order_by_number(number: str) -> PurchaseOrder | None:
    return await PurchaseOrder.filter(number__iexact=number.strip()).first()


async def sales_order_by_number(number: str) -> SalesOrder | None:
    return await SalesOrder.filter(number__iexact=number.strip()).first()


async def variant_by_sku(sku: str) -> Variant | None:
    return await Variant.filter(sku__iexact=sku.strip()).first()


async def supplier_by_name(name: str) -> Supplier | None:
    return await Supplier.filter(name__iexact=name.strip()).order_by("id").first()


async def customer_by_name(name: str) -> Customer | None:
    return await Customer.filter(name__iexact=name.strip()).order_by("id").first()


async def serial_numbers_by_number(numbers: list[str], sku: str | None) -> list[SerialNumber]:
    """Every serial number whose number is one of `numbers` (any case), of the variant `sku` if
    given, else of every variant; in the order of `numbers`, then by SKU. The caller refuses
    more than MAX_NUMBERS before calling."""
    keys = list(dict.fromkeys(normalise_key(n.strip()) for n in numbers if n.strip()))
    if not keys:
        return []
    query = SerialNumber.filter(number_key__in=keys).select_related("variant")
    if sku is not None:
        query = query.filter(variant__sku__iexact=sku.strip())
    rank = {k: i for i, k in enumerate(keys)}
    return sorted(await query, key=lambda s: (rank[s.number_key], s.variant.sku.lower(), s.id))
