"""GraphQL object types. Each wraps a model row and resolves relations through DataLoaders."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Annotated, Any

import strawberry

from backend import ids, models
from backend.domain import queries, serial_list
from backend.graphql.context import Info
from backend.graphql.expected import ExpectedError
from backend.graphql.pagination import Connection, connection, page_request, paginate

PurchaseOrderKind = strawberry.enum(models.PurchaseOrderKind)
PurchaseOrderStatus = strawberry.enum(models.PurchaseOrderStatus)
RowStatus = strawberry.enum(models.RowStatus)
SerialNumberStatus = strawberry.enum(models.SerialNumberStatus)
SerialNumberEventKind = strawberry.enum(models.SerialNumberEventKind)
TracingState = strawberry.enum(queries.TracingState)
SalesOrderStatus = strawberry.enum(models.SalesOrderStatus)


ID = "The opaque, global ID (see Node): pass it back as it is, e.g. to `node(id:)`."
UPDATED_AT = ("When it last changed (UTC), moved by the database on every write of it, bulk "
              "changes too: to sync, ask again for what changed since the last answer's newest "
              "`updatedAt`. A change to a row or serial number moves its own `updatedAt`, not "
              "its order's.")


def copied(description: str) -> Any:
    """A plain field that `__post_init__` copies from the model: Strawberry reads it without a
    resolver call (which counts when an answer holds thousands of values), and it is not an
    argument of the constructor, which takes only the model."""
    field = strawberry.field(description=description)
    field.init = False
    return field


def quantity(value: Decimal) -> Decimal:
    return Decimal(format(value.normalize(), "f"))  # 5, 2.5: no trailing zeros


@strawberry.type(description="How far a serial-tracked row (or order) is with its serial "
                             "numbers: how many units need one and how many have one. Null on "
                             "rows of untracked items.")
class Tracing:
    required: int = strawberry.field(description="Units that need a serial number: the row's "
        "quantity (for an order, summed over its tracked rows).")
    assigned: int = strawberry.field(description="Serial numbers the units have: assigned to a "
        "purchase order row, or picked on a sales order row (for an order, summed).")
    state: TracingState = strawberry.field(description="MISSING (none), PARTIAL (some) or "
        "COMPLETE (as many as `required`).")

    @classmethod
    def of(cls, required: int, assigned: int) -> Tracing:
        return cls(required=required, assigned=assigned,
                   state=queries.tracing_state(required, assigned))


@strawberry.interface(description="Anything with an ID (Relay Global Object Identification): "
                      "`node(id:)` and `nodes(ids:)` fetch it again by that ID alone. IDs are "
                      "opaque strings; keep them as they are.")
class Node:
    @strawberry.field(description="The opaque, global ID: the same for the same thing in "
                      "every answer, forever.")
    def id(self) -> strawberry.ID:
        raise NotImplementedError


@strawberry.interface(description="Who to reach at a supplier or customer (a recall, a late "
                      "delivery); every field may be empty.")
class Contact:
    m: strawberry.Private[models.Supplier | models.Customer]

    @strawberry.field(description="The name, unique among suppliers (or among customers), 1 to "
                      "200 characters, trimmed.")
    def name(self) -> str:
        return self.m.name

    @strawberry.field(description="The person to ask for, at most 200 characters; empty when not "
                      "known.")
    def contact_person(self) -> str:
        return self.m.contact_person

    @strawberry.field(description="An email address (`name@domain.tld`), at most 254 characters; "
                      "empty when not known.")
    def email(self) -> str:
        return self.m.email

    @strawberry.field(description="A phone number (digits, spaces and `+ - ( ) . /`), at most 50 "
                      "characters; empty when not known.")
    def phone(self) -> str:
        return self.m.phone

    @strawberry.field(description="The postal address, lines separated by line breaks.")
    def address(self) -> str:
        return self.m.address


@strawberry.type(description="A company goods are bought from, or that does outsourced work on "
                             "our goods: every purchase order names one.")
class Supplier(Contact, Node):
    m: strawberry.Private[models.Supplier]

    @strawberry.field(description=ID)
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Supplier", self.m.id))

    @strawberry.field(description="When it was entered (UTC).")
    def created_at(self) -> datetime:
        return self.m.created_at

    @strawberry.field(description=UPDATED_AT)
    def updated_at(self) -> datetime:
        return self.m.updated_at or self.m.created_at

    @strawberry.field(description="The supplier's purchase orders, newest first.")
    async def purchase_orders(self, first: int | None = None, after: str | None = None,
                              last: int | None = None, before: str | None = None
                              ) -> Connection[PurchaseOrder]:
        return await paginate(queries.supplier_purchase_orders(self.m.id), queries.NEWEST,
                              first, after, lambda m: PurchaseOrder(m=m), last, before)


@strawberry.type(description="Something bought and sold, in one or more variants (SKUs).")
class Product(Node):
    m: strawberry.Private[models.Product]

    @strawberry.field(description=ID)
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Product", self.m.id))

    @strawberry.field(description="When it was entered (UTC).")
    def created_at(self) -> datetime:
        return self.m.created_at

    @strawberry.field(description=UPDATED_AT)
    def updated_at(self) -> datetime:
        return self.m.updated_at or self.m.created_at

    @strawberry.field(description="The product's name, 1 to 200 characters, trimmed (not "
                      "unique).")
    def name(self) -> str:
        return self.m.name

    @strawberry.field(description="Whether each unit has a serial number (all variants alike).")
    def serial_tracked(self) -> bool:
        return self.m.serial_tracked

    @strawberry.field(description="The numbering pattern its variants generate serial numbers "
                      "from unless they have their own (e.g. `SN-{YYYY}-{#####}`); null: none.")
    def numbering_pattern(self) -> str | None:
        return self.m.numbering_pattern

    @strawberry.field(description="Its variants (SKUs), at least one, in the order they were "
                      "added.")
    async def variants(self, info: Info) -> list[Variant]:
        found = await info.context.loaders.variants_of_product.load(self.m.id)
        info.context.loaders.prime(info.context.loaders.variant, found)
        return [Variant(m=v) for v in found]

    @strawberry.field(description="Purchase orders with a row of this product still to "
                      "receive, newest first.")
    async def open_purchase_orders(self, first: int | None = None, after: str | None = None,
                                   last: int | None = None, before: str | None = None
                                   ) -> Connection[PurchaseOrder]:
        return await paginate(queries.open_purchase_orders_of(self.m.id), queries.NEWEST,
                              first, after, lambda m: PurchaseOrder(m=m), last, before)

    @strawberry.field(description="Sales orders not delivered yet with a row of this product, "
                      "newest first.")
    async def open_sales_orders(self, first: int | None = None, after: str | None = None,
                                last: int | None = None, before: str | None = None
                                ) -> Connection[SalesOrder]:
        return await paginate(queries.open_sales_orders_of(self.m.id), queries.NEWEST,
                              first, after, lambda m: SalesOrder(m=m), last, before)


@strawberry.type(description="A variant's units by where they are, from the order rows (so "
                 "also for untracked items and tracked units whose numbers are not entered yet). "
                 "inStock = received − reserved − shipped; below 0 when more is sold than "
                 "received.")
class Stock:
    expected: Decimal = strawberry.field(description="On purchase order rows not received.")
    in_stock: Decimal = strawberry.field(description="Received and not on a sales order: "
        "received − reserved − shipped; below 0 when more is sold than received.")
    reserved: Decimal = strawberry.field(description="On sales orders not delivered.")
    shipped: Decimal = strawberry.field(description="On delivered sales orders.")


@strawberry.type(description="How many serial numbers a variant has in each status.")
class SerialNumberCounts:
    expected: int = strawberry.field(description="EXPECTED: on purchase order rows not received "
        "yet.")
    in_stock: int = strawberry.field(description="IN_STOCK: received (or imported) and not on a "
        "sales order.")
    reserved: int = strawberry.field(description="RESERVED: picked on a sales order not "
        "delivered yet.")
    shipped: int = strawberry.field(description="SHIPPED: on a delivered sales order.")


@strawberry.type(description="One version of a product with its own SKU (a size, a colour): "
                             "order rows, stock and serial numbers belong to a variant. Serial "
                             "tracking is its product's.")
class Variant(Node):
    m: strawberry.Private[models.Variant]

    @strawberry.field(description=ID)
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Variant", self.m.id))

    @strawberry.field(description="When it was entered (UTC).")
    def created_at(self) -> datetime:
        return self.m.created_at

    @strawberry.field(description=UPDATED_AT)
    def updated_at(self) -> datetime:
        return self.m.updated_at or self.m.created_at

    @strawberry.field(description="The stock-keeping unit, e.g. `SRV-100`: 1 to 64 characters, "
                      "unique in any case (`srv-100` is the same SKU).")
    def sku(self) -> str:
        return self.m.sku

    @strawberry.field(description="The variant's name (by default its product's), 1 to 200 "
                      "characters.")
    def name(self) -> str:
        return self.m.name

    @strawberry.field(description="The product it is a version of (its name, serial tracking, "
                      "default numbering pattern).")
    async def product(self, info: Info) -> Product:
        return Product(m=await info.context.loaders.product.load(self.m.product_id))

    @strawberry.field(description="The pattern generateSerialNumbers makes this variant's "
                      "numbers from: its own, else its product's; null: none. Literal text, "
                      "`{YYYY}`, `{YY}`, `{MM}`, `{DD}` and one zero-padded counter `{#####}`.")
    async def numbering_pattern(self, info: Info) -> str | None:
        if self.m.numbering_pattern:
            return self.m.numbering_pattern
        return (await info.context.loaders.product.load(self.m.product_id)).numbering_pattern

    @strawberry.field(description="The variant's own numbering pattern, without the product's "
                      "default; null: it uses the product's.")
    def own_numbering_pattern(self) -> str | None:
        return self.m.numbering_pattern

    @strawberry.field(description="Its units by where they are, from the order rows (for "
                      "untracked items too).")
    async def stock(self, info: Info) -> Stock:
        s = await info.context.loaders.stock.load(self.m.id)
        return Stock(expected=quantity(s.expected), in_stock=quantity(s.in_stock),
                     reserved=quantity(s.reserved), shipped=quantity(s.shipped))

    @strawberry.field(description="Null when the item is not serial-tracked.")
    async def serial_number_counts(self, info: Info) -> SerialNumberCounts | None:
        if not await _is_tracked(info, self.m.id):
            return None
        c = await info.context.loaders.serial_counts.load(self.m.id)
        S = models.SerialNumberStatus
        return SerialNumberCounts(expected=c[S.EXPECTED], in_stock=c[S.IN_STOCK],
                                  reserved=c[S.RESERVED], shipped=c[S.SHIPPED])


async def _is_tracked(info: Info, variant_id: int) -> bool:
    variant = await info.context.loaders.variant.load(variant_id)
    product = await info.context.loaders.product.load(variant.product_id)
    return product.serial_tracked


OrderRow = models.PurchaseOrderRow | models.SalesOrderRow

ROW_PAGE = 1000
MAX_ROW_PAGE = 5000
ROW_SERIALS = (f"The row's serial numbers in the order they were entered: the first `first` "
               f"(default {ROW_PAGE}, at most {MAX_ROW_PAGE}) after the one whose ID is "
               "`after`. `tracing.assigned` says how many there are.")


RowFirst = Annotated[int | None, strawberry.argument(
    description=f"How many (default {ROW_PAGE}, at most {MAX_ROW_PAGE}; BAD_USER_INPUT beyond).")]
RowAfter = Annotated[strawberry.ID | None, strawberry.argument(
    description="The ID of the last serial number of the page before; from the first when left "
    "out.")]


def _page(first: int | None, after: str | None) -> tuple[int, int]:
    """(the serial id to start after, how many) of a list of a row's serial numbers."""
    size = ROW_PAGE if first is None else first
    if not 0 <= size <= MAX_ROW_PAGE:
        raise ExpectedError(f"`first` must be between 0 and {MAX_ROW_PAGE}, not {size}.")
    if after is None:
        return 0, size
    start = ids.decode("SerialNumber", after)
    if start is None:
        raise ExpectedError(f"`after` must be the ID of a serial number, not {after!r}.")
    return start, size


async def _row_tracing(info: Info, row: OrderRow) -> Tracing | None:
    """A row's tracing; null when its item is not serial-tracked (PO and SO rows alike)."""
    if not await _is_tracked(info, row.variant_id):
        return None
    return Tracing.of(int(row.quantity), row.assigned_count)


def _order_tracing(summed: tuple[int, int] | None) -> Tracing | None:
    """Tracing summed over an order's tracked rows (`queries.order_tracing_of`); null when it
    has none."""
    return None if summed is None else Tracing.of(*summed)


@strawberry.type(description="An order to a supplier (PO) or for outsourced work (OPO): rows of "
                             "items and quantities, received whole or row by row, with the "
                             "serial numbers of its tracked units.")
class PurchaseOrder(Node):
    m: strawberry.Private[models.PurchaseOrder]

    @strawberry.field(description=ID)
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("PurchaseOrder", self.m.id))

    @strawberry.field(description=UPDATED_AT)
    def updated_at(self) -> datetime:
        return self.m.updated_at or self.m.created_at

    @strawberry.field(description="The number the server gave it, `PO-17` or `OPO-3` (the prefix "
                      "follows `kind`); unique and never reused.")
    def number(self) -> str:
        return self.m.number

    @strawberry.field(description="PURCHASE (`PO-…`) or OUTSOURCED (`OPO-…`); set when it is "
                      "created.")
    def kind(self) -> PurchaseOrderKind:
        return self.m.kind

    @strawberry.field(description="From its rows: NOT_RECEIVED (also without rows), "
                      "PARTIALLY_RECEIVED or RECEIVED.")
    def status(self) -> PurchaseOrderStatus:
        return self.m.status

    @strawberry.field(description="When the supplier said the goods would arrive.")
    def expected_on(self) -> date | None:
        return self.m.expected_on

    @strawberry.field(description="When the order was placed (may be before it was entered: "
                      "`createdAt`); receipts are not dated before it.")
    def ordered_at(self) -> datetime:
        return self.m.ordered_at or self.m.created_at

    @strawberry.field(description="When it was entered (UTC).")
    def created_at(self) -> datetime:
        return self.m.created_at

    @strawberry.field(description="The supplier it is ordered from; changes only while nothing "
                      "is received.")
    async def supplier(self, info: Info) -> Supplier:
        return Supplier(m=await info.context.loaders.supplier.load(self.m.supplier_id))

    @strawberry.field(description="Its rows in the order they were added; the received part "
                      "split off a row by a partial receipt follows that row.")
    async def rows(self, info: Info) -> list[PurchaseOrderRow]:
        found = await info.context.loaders.rows_of_order.load(self.m.id)
        return [PurchaseOrderRow(m=r) for r in found]

    @strawberry.field(description="Whether any row is of a serial-tracked item (the app shows "
                      "the Tracing column only then).")
    async def has_tracked_rows(self, info: Info) -> bool:
        return await self._tracing(info) is not None

    @strawberry.field(description="Tracing summed over the tracked rows; null when there are "
                      "none.")
    async def tracing(self, info: Info) -> Tracing | None:
        return await self._tracing(info)

    async def _tracing(self, info: Info) -> Tracing | None:
        return _order_tracing(await info.context.loaders.tracing_of_order.load(self.m.id))

    @strawberry.field(description="Every customer and sales order that got units of this "
                      "order, with their serial numbers (for a recall).")
    async def recall(self) -> list[RecallEntry]:
        return [RecallEntry(group=g) for g in await queries.recall(self.m.id)]


@strawberry.type(description="One item and quantity on a purchase order. A partial receipt "
                             "splits off a new received row with the units that arrived; this "
                             "row keeps the rest.")
class PurchaseOrderRow(Node):
    m: strawberry.Private[models.PurchaseOrderRow]

    @strawberry.field(description=ID)
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("PurchaseOrderRow", self.m.id))

    @strawberry.field(description="When it was entered (UTC).")
    def created_at(self) -> datetime:
        return self.m.created_at

    @strawberry.field(description=UPDATED_AT)
    def updated_at(self) -> datetime:
        return self.m.updated_at or self.m.created_at

    @strawberry.field(description="The order it is on.")
    async def purchase_order(self, info: Info) -> PurchaseOrder:
        return PurchaseOrder(
            m=await info.context.loaders.purchase_order.load(self.m.purchase_order_id))

    @strawberry.field(description="The item ordered.")
    async def variant(self, info: Info) -> Variant:
        return Variant(m=await info.context.loaders.variant.load(self.m.variant_id))

    @strawberry.field(description="Units ordered: above 0, at most 3 decimals, below "
                      "100,000,000; whole for a serial-tracked item.")
    def quantity(self) -> Decimal:
        return quantity(self.m.quantity)

    @strawberry.field(description="NOT_RECEIVED (its numbers are EXPECTED) or RECEIVED (in "
                      "stock).")
    def status(self) -> RowStatus:
        return self.m.status

    @strawberry.field(description="The received date chosen at receipt (UTC); null while not "
                      "received.")
    def received_at(self) -> datetime | None:
        return self.m.received_at

    @strawberry.field(description="Null when the item is not serial-tracked.")
    async def tracing(self, info: Info) -> Tracing | None:
        return await _row_tracing(info, self.m)

    @strawberry.field(description="Serial numbers can be removed or changed only while the row "
                      "is not received; a received row takes additions only.")
    def can_remove_serial_numbers(self) -> bool:
        return self.m.status == models.RowStatus.NOT_RECEIVED

    @strawberry.field(description=ROW_SERIALS)
    async def serial_numbers(self, info: Info, first: RowFirst = None,
                             after: RowAfter = None) -> list[SerialNumber]:
        found = await info.context.loaders.serials_of_row.load((self.m.id, *_page(first, after)))
        return [SerialNumber(m=s) for s in found]


@strawberry.type(description="One entry of a serial number's history: what happened, when (the "
                             "business date `at` and `recordedAt`), on which document and by "
                             "whom. Events are never changed or deleted.")
class SerialNumberEvent:
    m: strawberry.Private[models.SerialNumberEvent]

    @strawberry.field(description="What happened to the number.")
    def kind(self) -> SerialNumberEventKind:
        return self.m.kind

    @strawberry.field(description="The serial number, as it was written then.")
    def number(self) -> str:
        return self.m.number

    @strawberry.field(description="The item of the number.")
    async def variant(self, info: Info) -> Variant:
        return Variant(m=await info.context.loaders.variant.load(self.m.variant_id))

    @strawberry.field(description="The business date: when it happened (e.g. the received "
                      "date chosen, which may be earlier than when it was recorded).")
    def at(self) -> datetime:
        return self.m.at

    @strawberry.field(description="When it was recorded. History lists in this order.")
    def recorded_at(self) -> datetime:
        return self.m.recorded_at or self.m.at

    @strawberry.field(description='The document of the change, e.g. "PO-17".')
    def document(self) -> str | None:
        return self.m.document

    @strawberry.field(description="Who made the change (a username); null when it was not "
                      "made by a signed-in user (e.g. the command line).")
    def user(self) -> str | None:
        return self.m.user

    @strawberry.field(description="The purchase order of the change, if it was one.")
    async def purchase_order(self, info: Info) -> PurchaseOrder | None:
        if self.m.purchase_order_id is None:
            return None
        found = await info.context.loaders.purchase_order.load(self.m.purchase_order_id)
        return PurchaseOrder(m=found) if found else None

    @strawberry.field(description="The sales order of the change, if it was one.")
    async def sales_order(self, info: Info) -> SalesOrder | None:
        if self.m.sales_order_id is None:
            return None
        found = await info.context.loaders.sales_order.load(self.m.sales_order_id)
        return SalesOrder(m=found) if found else None


@strawberry.type(description="One unit's number. `addedAt` is the received date of its purchase "
                 "order row, null while expected: the stock screen's \"Added date\".")
class SerialNumber(Node):
    m: strawberry.Private[models.SerialNumber]
    # Plain fields, copied from the model once (see `copied`).
    id: strawberry.ID = copied(ID)
    number: str = copied(
        "The number as entered, trimmed, its case kept: 1 to 32 ASCII letters, digits, spaces "
        "and `- _ / , .`. Unique per item in any case (`sn-1` and `SN-1` are the same number); "
        "the same number may exist on two items.")
    status: SerialNumberStatus = copied(
        "Where the unit is: EXPECTED, IN_STOCK, RESERVED or SHIPPED.")
    added_at: datetime | None = copied(
        "When it was added to stock: the received date of its row (or of the order it was "
        "imported into); null while EXPECTED.")
    created_at: datetime = copied("When it was entered (UTC).")
    updated_at: datetime = copied(UPDATED_AT)

    def __post_init__(self) -> None:
        self.id = strawberry.ID(ids.encode("SerialNumber", self.m.id))
        self.number = self.m.number
        self.status = self.m.status
        self.added_at = self.m.added_at
        self.created_at = self.m.created_at
        self.updated_at = self.m.updated_at or self.m.created_at

    @strawberry.field(description="The item it is a unit of.")
    async def variant(self, info: Info) -> Variant:
        return Variant(m=await info.context.loaders.variant.load(self.m.variant_id))

    @strawberry.field(description="The purchase order row it came on (after a partial "
                      "receipt: the received row split off); every number is on one.")
    async def purchase_order_row(self, info: Info) -> PurchaseOrderRow | None:
        if self.m.purchase_order_row_id is None:
            return None
        row = await info.context.loaders.purchase_order_row.load(self.m.purchase_order_row_id)
        return PurchaseOrderRow(m=row) if row else None

    @strawberry.field(description="The sales order row it is picked (reserved) or shipped on.")
    async def sales_order_row(self, info: Info) -> SalesOrderRow | None:
        if self.m.sales_order_row_id is None:
            return None
        row = await info.context.loaders.sales_order_row.load(self.m.sales_order_row_id)
        return SalesOrderRow(m=row) if row else None

    @strawberry.field(description="Every change of this number on this variant, in the order "
                      "they were recorded.")
    async def history(self, info: Info) -> list[SerialNumberEvent]:
        found = await info.context.loaders.history.load((self.m.variant_id, self.m.number_key))
        return [SerialNumberEvent(m=e) for e in found]


@strawberry.type(description="A company or person goods are sold to: every sales order names "
                             "one, and a recall lists them.")
class Customer(Contact, Node):
    m: strawberry.Private[models.Customer]

    @strawberry.field(description=ID)
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("Customer", self.m.id))

    @strawberry.field(description="When it was entered (UTC).")
    def created_at(self) -> datetime:
        return self.m.created_at

    @strawberry.field(description=UPDATED_AT)
    def updated_at(self) -> datetime:
        return self.m.updated_at or self.m.created_at

    @strawberry.field(description="Every serial number on this customer's sales orders "
                      "(shipped, or reserved for a delivery), newest added first.")
    async def serial_numbers(self, first: int | None = None, after: str | None = None,
                             last: int | None = None, before: str | None = None
                             ) -> Connection[SerialNumber]:
        f = serial_list.SerialNumberFilter(customer_id=self.m.id)
        return await connection(lambda r: serial_list.page(f, "ADDED_AT", True, r),
                                lambda: serial_list.count(f),
                                page_request(first, after, last, before),
                                lambda m: SerialNumber(m=m))

    @strawberry.field(description="The customer's sales orders, newest first.")
    async def sales_orders(self, first: int | None = None, after: str | None = None,
                           last: int | None = None, before: str | None = None
                           ) -> Connection[SalesOrder]:
        return await paginate(queries.customer_sales_orders(self.m.id), queries.NEWEST,
                              first, after, lambda m: SalesOrder(m=m), last, before)


@strawberry.type(description="An order of a customer: rows of items and quantities. The units of "
                             "tracked rows are picked by serial number (RESERVED); delivering "
                             "ships the whole order at once.")
class SalesOrder(Node):
    m: strawberry.Private[models.SalesOrder]

    @strawberry.field(description=ID)
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("SalesOrder", self.m.id))

    @strawberry.field(description=UPDATED_AT)
    def updated_at(self) -> datetime:
        return self.m.updated_at or self.m.created_at

    @strawberry.field(description="The number the server gave it, e.g. `SO-5`; unique and never "
                      "reused.")
    def number(self) -> str:
        return self.m.number

    @strawberry.field(description="NOT_SHIPPED, or DELIVERED (then it doesn't change until the "
                      "delivery is reverted).")
    def status(self) -> SalesOrderStatus:
        return self.m.status

    @strawberry.field(description="The delivery date chosen (UTC); null while not delivered.")
    def delivered_at(self) -> datetime | None:
        return self.m.delivered_at

    @strawberry.field(description="When the order was placed; deliveries are not dated before "
                      "it.")
    def ordered_at(self) -> datetime:
        return self.m.ordered_at or self.m.created_at

    @strawberry.field(description="When it was entered (UTC).")
    def created_at(self) -> datetime:
        return self.m.created_at

    @strawberry.field(description="The customer it is sold to.")
    async def customer(self, info: Info) -> Customer:
        return Customer(m=await info.context.loaders.customer.load(self.m.customer_id))

    @strawberry.field(description="Its rows, in the order they were added.")
    async def rows(self, info: Info) -> list[SalesOrderRow]:
        found = await info.context.loaders.rows_of_sales_order.load(self.m.id)
        return [SalesOrderRow(m=r) for r in found]

    @strawberry.field(description="Whether any row is of a serial-tracked item (the app shows "
                      "the Tracing column only then).")
    async def has_tracked_rows(self, info: Info) -> bool:
        return await self._tracing(info) is not None

    @strawberry.field(description="Tracing summed over the tracked rows; null when none.")
    async def tracing(self, info: Info) -> Tracing | None:
        return await self._tracing(info)

    async def _tracing(self, info: Info) -> Tracing | None:
        return _order_tracing(await info.context.loaders.tracing_of_sales_order.load(self.m.id))


@strawberry.type(description="One item and quantity on a sales order; for a serial-tracked item, "
                             "the serial numbers picked for its units.")
class SalesOrderRow(Node):
    m: strawberry.Private[models.SalesOrderRow]

    @strawberry.field(description=ID)
    def id(self) -> strawberry.ID:
        return strawberry.ID(ids.encode("SalesOrderRow", self.m.id))

    @strawberry.field(description="When it was entered (UTC).")
    def created_at(self) -> datetime:
        return self.m.created_at

    @strawberry.field(description=UPDATED_AT)
    def updated_at(self) -> datetime:
        return self.m.updated_at or self.m.created_at

    @strawberry.field(description="The order it is on.")
    async def sales_order(self, info: Info) -> SalesOrder:
        return SalesOrder(m=await info.context.loaders.sales_order.load(self.m.sales_order_id))

    @strawberry.field(description="The item sold.")
    async def variant(self, info: Info) -> Variant:
        return Variant(m=await info.context.loaders.variant.load(self.m.variant_id))

    @strawberry.field(description="Units sold: above 0, at most 3 decimals, below 100,000,000; "
                      "whole for a serial-tracked item.")
    def quantity(self) -> Decimal:
        return quantity(self.m.quantity)

    @strawberry.field(description="Null when the item is not serial-tracked.")
    async def tracing(self, info: Info) -> Tracing | None:
        return await _row_tracing(info, self.m)

    @strawberry.field(description=ROW_SERIALS)
    async def serial_numbers(self, info: Info, first: RowFirst = None,
                             after: RowAfter = None) -> list[SerialNumber]:
        found = await info.context.loaders.serials_of_sales_row.load(
            (self.m.id, *_page(first, after)))
        return [SerialNumber(m=s) for s in found]


@strawberry.type(description="One sales order that got units of a purchase order, with its "
                             "customer and those units' serial numbers.")
class RecallEntry:
    group: strawberry.Private[queries.RecallGroup]

    @strawberry.field(description="The customer of the sales order, to contact.")
    def customer(self) -> Customer:
        return Customer(m=self.group.customer)

    @strawberry.field(description="The sales order the units are reserved or shipped on.")
    def sales_order(self) -> SalesOrder:
        return SalesOrder(m=self.group.sales_order)

    @strawberry.field(description="The numbers this customer got of the order, in the order "
                      "they were entered; `first` (default 1000, at most 5000) after the one "
                      "of the ID `after`.")
    def serial_numbers(self, first: RowFirst = None, after: RowAfter = None
                       ) -> list[SerialNumber]:
        after_id, size = _page(first, after)
        return [SerialNumber(m=s) for s in self.group.serials if s.id > after_id][:size]
