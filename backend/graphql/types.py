"""GraphQL object types. Each wraps a model row `m` and is declared field by field in the order
the schema lists them:

- `copied(...)`: a plain field, set from the model once when the object is made (no resolver
  call per value, which counts when an answer holds thousands of numbers);
- `related(...)`: another object, loaded through the request's DataLoader by the key the model
  holds (one query per kind, whatever the number of objects);
- methods and `strawberry.field(resolver=...)` for what needs more: lists, pages, sums.

Purchase and sales order rows (and their orders) share their field definitions where the rule
is the same (`row_*`, `order_*`) and keep apart what differs (receiving, delivering)."""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Annotated, Any

import strawberry

from backend import ids, models
from backend.domain import queries, serial_list
from backend.graphql.context import Info
from backend.graphql.expected import ExpectedError
from backend.graphql.loaders import existing
from backend.graphql.pagination import Connection, connection, page_request, paginate

if TYPE_CHECKING:  # strawberry.enum returns the class itself; mypy sees only a variable
    PurchaseOrderKind = models.PurchaseOrderKind
    PurchaseOrderStatus = models.PurchaseOrderStatus
    RowStatus = models.RowStatus
    SerialNumberStatus = models.SerialNumberStatus
    SerialNumberEventKind = models.SerialNumberEventKind
    TracingState = queries.TracingState
    SalesOrderStatus = models.SalesOrderStatus
else:
    PurchaseOrderKind = strawberry.enum(models.PurchaseOrderKind)
    PurchaseOrderStatus = strawberry.enum(models.PurchaseOrderStatus)
    RowStatus = strawberry.enum(models.RowStatus)
    SerialNumberStatus = strawberry.enum(models.SerialNumberStatus)
    SerialNumberEventKind = strawberry.enum(models.SerialNumberEventKind)
    TracingState = strawberry.enum(queries.TracingState)
    SalesOrderStatus = strawberry.enum(models.SalesOrderStatus)


ID = "The opaque, global ID (see Node): pass it back as it is, e.g. to `node(id:)`."
CREATED_AT = "When it was entered (UTC)."
UPDATED_AT = (
    "When it last changed (UTC), moved by the database on every write of it, bulk "
    "changes too: to sync, ask again for what changed since the last answer's newest "
    "`updatedAt`. A change to a row or serial number moves its own `updatedAt`, not "
    "its order's."
)

_COPY = "serialtrace.copied"


def copied(description: str, get: Callable[[Any], Any] | None = None) -> Any:
    """A plain field that `FromModel` sets from the model when the object is made: `get(m)`, or
    the model's attribute of the same name. It is not an argument of the constructor, which
    takes only the model."""
    field = strawberry.field(description=description, metadata={_COPY: get})
    field.init = False
    return field


_COPIES: dict[type, tuple[tuple[str, Callable[[Any], Any]], ...]] = {}


def _copies(cls: type) -> tuple[tuple[str, Callable[[Any], Any]], ...]:
    """(name, getter) of each `copied` field of a type, found once per type."""
    found = _COPIES.get(cls)
    if found is None:
        found = _COPIES[cls] = tuple(
            (f.name, f.metadata[_COPY] or operator.attrgetter(f.name))
            for f in dataclasses.fields(cls)
            if _COPY in f.metadata
        )
    return found


class FromModel:
    """The base of the types over a model row `m`: sets their `copied` fields from it."""

    m: Any

    def __post_init__(self) -> None:
        m = self.m
        for name, get in _copies(type(self)):
            setattr(self, name, get(m))


def related(description: str, loader: str, key: str, wrap: Callable[[Any], Any]) -> Any:
    """A field holding the object the model's `key` column names, loaded through the request's
    DataLoader `loader` and wrapped by `wrap`; null when the key is null or names nothing."""

    async def resolve(self: Any, info: Info) -> Any:
        pk = getattr(self.m, key)
        if pk is None:
            return None
        found = await getattr(info.context.loaders, loader).load(pk)
        return wrap(found) if found is not None else None

    return strawberry.field(resolver=resolve, description=description)


def node_id(type_name: str, description: str = ID) -> Any:
    """The `id` of a Node: the model's key, encoded with the GraphQL type's name."""
    return copied(description, lambda m: strawberry.ID(ids.encode(type_name, m.id)))


def created() -> Any:
    return copied(CREATED_AT)


def updated() -> Any:
    return copied(UPDATED_AT, lambda m: m.updated_at or m.created_at)


def quantity(value: Decimal) -> Decimal:
    return Decimal(format(value.normalize(), "f"))  # 5, 2.5: no trailing zeros


@strawberry.type(
    description="How far a serial-tracked row (or order) is with its serial "
    "numbers: how many units need one and how many have one. Null on "
    "rows of untracked items."
)
class Tracing:
    required: int = strawberry.field(
        description="Units that need a serial number: the row's quantity (for an order, summed "
        "over its tracked rows)."
    )
    assigned: int = strawberry.field(
        description="Serial numbers the units have: assigned to a purchase order row, or picked "
        "on a sales order row (for an order, summed)."
    )
    state: TracingState = strawberry.field(
        description="MISSING (none), PARTIAL (some) or COMPLETE (as many as `required`)."
    )

    @classmethod
    def of(cls, required: int, assigned: int) -> Tracing:
        return cls(
            required=required, assigned=assigned, state=queries.tracing_state(required, assigned)
        )


@strawberry.interface(
    description="Anything with an ID (Relay Global Object Identification): "
    "`node(id:)` and `nodes(ids:)` fetch it again by that ID alone. IDs are "
    "opaque strings; keep them as they are."
)
class Node:
    @strawberry.field(
        description="The opaque, global ID: the same for the same thing in every answer, forever."
    )
    def id(self) -> strawberry.ID:
        raise NotImplementedError


@strawberry.interface(
    description="Who to reach at a supplier or customer (a recall, a late "
    "delivery); every field may be empty."
)
class Contact(FromModel):
    m: strawberry.Private[models.Supplier | models.Customer]
    name: str = copied(
        "The name, unique among suppliers (or among customers), 1 to 200 characters, trimmed."
    )
    contact_person: str = copied(
        "The person to ask for, at most 200 characters; empty when not known."
    )
    email: str = copied(
        "An email address (`name@domain.tld`), at most 254 characters; empty when not known."
    )
    phone: str = copied(
        "A phone number (digits, spaces and `+ - ( ) . /`), at most 50 "
        "characters; empty when not known."
    )
    address: str = copied("The postal address, lines separated by line breaks.")


@strawberry.type(
    description="A company goods are bought from, or that does outsourced work on "
    "our goods: every purchase order names one."
)
class Supplier(Contact, Node):
    m: strawberry.Private[models.Supplier]
    id: strawberry.ID = node_id("Supplier")
    created_at: datetime = created()
    updated_at: datetime = updated()

    @strawberry.field(description="The supplier's purchase orders, newest first.")
    async def purchase_orders(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[PurchaseOrder]:
        return await paginate(
            queries.supplier_purchase_orders(self.m.id),
            queries.NEWEST,
            first,
            after,
            lambda m: PurchaseOrder(m=m),
            last,
            before,
        )


@strawberry.type(description="Something bought and sold, in one or more variants (SKUs).")
class Product(Node, FromModel):
    m: strawberry.Private[models.Product]
    id: strawberry.ID = node_id("Product")
    created_at: datetime = created()
    updated_at: datetime = updated()
    name: str = copied("The product's name, 1 to 200 characters, trimmed (not unique).")
    serial_tracked: bool = copied("Whether each unit has a serial number (all variants alike).")
    numbering_pattern: str | None = copied(
        "The numbering pattern its variants generate serial numbers from unless they have their "
        "own (e.g. `SN-{YYYY}-{#####}`); null: none."
    )

    @strawberry.field(
        description="Its variants (SKUs), at least one, in the order they were added."
    )
    async def variants(self, info: Info) -> list[Variant]:
        found = await info.context.loaders.variants_of_product.load(self.m.id)
        info.context.loaders.prime(info.context.loaders.variant, found)
        return [Variant(m=v) for v in found]

    @strawberry.field(
        description="Purchase orders with a row of this product still to receive, newest first."
    )
    async def open_purchase_orders(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[PurchaseOrder]:
        return await paginate(
            queries.open_purchase_orders_of(self.m.id),
            queries.NEWEST,
            first,
            after,
            lambda m: PurchaseOrder(m=m),
            last,
            before,
        )

    @strawberry.field(
        description="Sales orders not delivered yet with a row of this product, newest first."
    )
    async def open_sales_orders(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SalesOrder]:
        return await paginate(
            queries.open_sales_orders_of(self.m.id),
            queries.NEWEST,
            first,
            after,
            lambda m: SalesOrder(m=m),
            last,
            before,
        )


@strawberry.type(
    description="A variant's units by where they are, from the order rows (so "
    "also for untracked items and tracked units whose numbers are not entered yet). "
    "inStock = received − reserved − shipped; below 0 when more is sold than "
    "received."
)
class Stock:
    expected: Decimal = strawberry.field(description="On purchase order rows not received.")
    in_stock: Decimal = strawberry.field(
        description="Received and not on a sales order: received − reserved − shipped; below 0 "
        "when more is sold than received."
    )
    reserved: Decimal = strawberry.field(description="On sales orders not delivered.")
    shipped: Decimal = strawberry.field(description="On delivered sales orders.")


@strawberry.type(description="How many serial numbers a variant has in each status.")
class SerialNumberCounts:
    expected: int = strawberry.field(
        description="EXPECTED: on purchase order rows not received yet."
    )
    in_stock: int = strawberry.field(
        description="IN_STOCK: received (or imported) and not on a sales order."
    )
    reserved: int = strawberry.field(
        description="RESERVED: picked on a sales order not delivered yet."
    )
    shipped: int = strawberry.field(description="SHIPPED: on a delivered sales order.")


async def _is_tracked(info: Info, variant_id: int) -> bool:
    variant = await existing(info.context.loaders.variant, variant_id)
    return (await existing(info.context.loaders.product, variant.product_id)).serial_tracked


async def _numbering_pattern(self: Variant, info: Info) -> str | None:
    if self.m.numbering_pattern:
        return self.m.numbering_pattern
    return (await existing(info.context.loaders.product, self.m.product_id)).numbering_pattern


def variant_of(description: str) -> Any:
    """The variant a row, serial number or event is of."""
    return related(description, "variant", "variant_id", lambda m: Variant(m=m))


@strawberry.type(
    description="One version of a product with its own SKU (a size, a colour): "
    "order rows, stock and serial numbers belong to a variant. Serial "
    "tracking is its product's."
)
class Variant(Node, FromModel):
    m: strawberry.Private[models.Variant]
    id: strawberry.ID = node_id("Variant")
    created_at: datetime = created()
    updated_at: datetime = updated()
    sku: str = copied(
        "The stock-keeping unit, e.g. `SRV-100`: 1 to 64 characters, unique in any "
        "case (`srv-100` is the same SKU)."
    )
    name: str = copied("The variant's name (by default its product's), 1 to 200 characters.")
    product: Product = related(
        "The product it is a version of (its name, serial tracking, default numbering pattern).",
        "product",
        "product_id",
        lambda m: Product(m=m),
    )
    numbering_pattern: str | None = strawberry.field(
        resolver=_numbering_pattern,
        description="The pattern generateSerialNumbers makes this variant's numbers from: its "
        "own, else its product's; null: none. Literal text, `{YYYY}`, `{YY}`, `{MM}`, `{DD}` and "
        "one zero-padded counter `{#####}`.",
    )
    own_numbering_pattern: str | None = copied(
        "The variant's own numbering pattern, without the product's default; null: it uses the "
        "product's.",
        operator.attrgetter("numbering_pattern"),
    )

    @strawberry.field(
        description="Its units by where they are, from the order rows (for untracked items too)."
    )
    async def stock(self, info: Info) -> Stock:
        s = await info.context.loaders.stock.load(self.m.id)
        return Stock(
            expected=quantity(s.expected),
            in_stock=quantity(s.in_stock),
            reserved=quantity(s.reserved),
            shipped=quantity(s.shipped),
        )

    @strawberry.field(description="Null when the item is not serial-tracked.")
    async def serial_number_counts(self, info: Info) -> SerialNumberCounts | None:
        if not await _is_tracked(info, self.m.id):
            return None
        c = await info.context.loaders.serial_counts.load(self.m.id)
        S = models.SerialNumberStatus
        return SerialNumberCounts(
            expected=c[S.EXPECTED],
            in_stock=c[S.IN_STOCK],
            reserved=c[S.RESERVED],
            shipped=c[S.SHIPPED],
        )


# --- What purchase and sales order rows (and their orders) share ---------------------------

OrderRow = models.PurchaseOrderRow | models.SalesOrderRow

ROW_PAGE = 1000
MAX_ROW_PAGE = 5000
ROW_SERIALS = (
    f"The row's serial numbers in the order they were entered: the first `first` "
    f"(default {ROW_PAGE}, at most {MAX_ROW_PAGE}) after the one whose ID is "
    "`after`. `tracing.assigned` says how many there are."
)


RowFirst = Annotated[
    int | None,
    strawberry.argument(
        description=f"How many (default {ROW_PAGE}, at most {MAX_ROW_PAGE}; BAD_USER_INPUT beyond)."
    ),
]
RowAfter = Annotated[
    strawberry.ID | None,
    strawberry.argument(
        description="The ID of the last serial number of the page before; from the first when left "
        "out."
    ),
]


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


def row_quantity(verb: str) -> Any:
    """A row's quantity, without trailing zeros (5, 2.5)."""
    return copied(
        f"Units {verb}: above 0, at most 3 decimals, below 100,000,000; whole for a "
        "serial-tracked item.",
        lambda m: quantity(m.quantity),
    )


async def _row_tracing(self: Any, info: Info) -> Tracing | None:
    if not await _is_tracked(info, self.m.variant_id):
        return None
    return Tracing.of(int(self.m.quantity), self.m.assigned_count)


def row_tracing() -> Any:
    """A row's tracing: its quantity against the numbers it holds (assigned or picked)."""
    return strawberry.field(
        resolver=_row_tracing, description="Null when the item is not serial-tracked."
    )


def row_serial_numbers(loader: str) -> Any:
    """A page of the numbers a row holds, read through the DataLoader `loader`."""

    async def resolve(
        self: Any, info: Info, first: RowFirst = None, after: RowAfter = None
    ) -> list[SerialNumber]:
        found = await getattr(info.context.loaders, loader).load((self.m.id, *_page(first, after)))
        return [SerialNumber(m=s) for s in found]

    return strawberry.field(resolver=resolve, description=ROW_SERIALS)


def order_rows(description: str, loader: str, wrap: Callable[[Any], Any]) -> Any:
    """An order's rows, read through the DataLoader `loader` (by the order's key)."""

    async def resolve(self: Any, info: Info) -> list[Any]:
        return [wrap(r) for r in await getattr(info.context.loaders, loader).load(self.m.id)]

    return strawberry.field(resolver=resolve, description=description)


def order_tracing(description: str, loader: str, *, has_tracked_rows: bool = False) -> Any:
    """An order's tracing (or, with `has_tracked_rows`, whether it has any tracked row), summed
    over its tracked rows in SQL by the DataLoader `loader` (`queries.order_tracing_of`): a list
    page never reads the rows of its orders."""

    async def tracing(self: Any, info: Info) -> Tracing | None:
        summed = await getattr(info.context.loaders, loader).load(self.m.id)
        return None if summed is None else Tracing.of(*summed)

    async def tracked(self: Any, info: Info) -> bool:
        return await tracing(self, info) is not None

    return strawberry.field(
        resolver=tracked if has_tracked_rows else tracing, description=description
    )


HAS_TRACKED_ROWS = (
    "Whether any row is of a serial-tracked item (the app shows the Tracing column only then)."
)
ORDERED_AT = "When the order was placed"


def ordered(description: str) -> Any:
    return copied(description, lambda m: m.ordered_at or m.created_at)


# --- Purchase orders -------------------------------------------------------------------------


@strawberry.type(
    description="An order to a supplier (PO) or for outsourced work (OPO): rows of "
    "items and quantities, received whole or row by row, with the "
    "serial numbers of its tracked units."
)
class PurchaseOrder(Node, FromModel):
    m: strawberry.Private[models.PurchaseOrder]
    id: strawberry.ID = node_id("PurchaseOrder")
    updated_at: datetime = updated()
    number: str = copied(
        "The number the server gave it, `PO-17` or `OPO-3` (the prefix follows "
        "`kind`); unique and never reused."
    )
    kind: PurchaseOrderKind = copied(
        "PURCHASE (`PO-…`) or OUTSOURCED (`OPO-…`); set when it is created."
    )
    status: PurchaseOrderStatus = copied(
        "From its rows: NOT_RECEIVED (also without rows), PARTIALLY_RECEIVED or RECEIVED."
    )
    expected_on: date | None = copied("When the supplier said the goods would arrive.")
    ordered_at: datetime = ordered(
        f"{ORDERED_AT} (may be before it was entered: "
        "`createdAt`); receipts are not dated before it."
    )
    created_at: datetime = created()
    supplier: Supplier = related(
        "The supplier it is ordered from; changes only while nothing is received.",
        "supplier",
        "supplier_id",
        lambda m: Supplier(m=m),
    )
    rows: list[PurchaseOrderRow] = order_rows(
        "Its rows in the order they were added; the received part split off a row by a partial "
        "receipt follows that row.",
        "rows_of_order",
        lambda m: PurchaseOrderRow(m=m),
    )
    has_tracked_rows: bool = order_tracing(
        HAS_TRACKED_ROWS, "tracing_of_order", has_tracked_rows=True
    )
    tracing: Tracing | None = order_tracing(
        "Tracing summed over the tracked rows; null when there are none.", "tracing_of_order"
    )

    @strawberry.field(
        description="Every customer and sales order that got units of this "
        "order, with their serial numbers (for a recall)."
    )
    async def recall(self) -> list[RecallEntry]:
        return [RecallEntry(m=g) for g in await queries.recall(self.m.id)]


@strawberry.type(
    description="One item and quantity on a purchase order. A partial receipt "
    "splits off a new received row with the units that arrived; this "
    "row keeps the rest."
)
class PurchaseOrderRow(Node, FromModel):
    m: strawberry.Private[models.PurchaseOrderRow]
    id: strawberry.ID = node_id("PurchaseOrderRow")
    created_at: datetime = created()
    updated_at: datetime = updated()
    purchase_order: PurchaseOrder = related(
        "The order it is on.", "purchase_order", "purchase_order_id", lambda m: PurchaseOrder(m=m)
    )
    variant: Variant = variant_of("The item ordered.")
    quantity: Decimal = row_quantity("ordered")
    status: RowStatus = copied("NOT_RECEIVED (its numbers are EXPECTED) or RECEIVED (in stock).")
    received_at: datetime | None = copied(
        "The received date chosen at receipt (UTC); null while not received."
    )
    tracing: Tracing | None = row_tracing()
    can_remove_serial_numbers: bool = copied(
        "Serial numbers can be removed or changed only while the row is not received; a "
        "received row takes additions only.",
        lambda m: m.status == models.RowStatus.NOT_RECEIVED,
    )
    serial_numbers: list[SerialNumber] = row_serial_numbers("serials_of_row")


# --- Serial numbers and their history -----------------------------------------------------


@strawberry.type(
    description="One entry of a serial number's history: what happened, when (the "
    "business date `at` and `recordedAt`), on which document and by "
    "whom. Events are never changed or deleted."
)
class SerialNumberEvent(FromModel):
    m: strawberry.Private[models.SerialNumberEvent]
    kind: SerialNumberEventKind = copied("What happened to the number.")
    number: str = copied("The serial number, as it was written then.")
    variant: Variant = variant_of("The item of the number.")
    at: datetime = copied(
        "The business date: when it happened (e.g. the received date chosen, "
        "which may be earlier than when it was recorded)."
    )
    recorded_at: datetime = copied(
        "When it was recorded. History lists in this order.", lambda m: m.recorded_at or m.at
    )
    document: str | None = copied('The document of the change, e.g. "PO-17".')
    user: str | None = copied(
        "Who made the change (a username); null when it was not made by a "
        "signed-in user (e.g. the command line)."
    )
    purchase_order: PurchaseOrder | None = related(
        "The purchase order of the change, if it was one.",
        "purchase_order",
        "purchase_order_id",
        lambda m: PurchaseOrder(m=m),
    )
    sales_order: SalesOrder | None = related(
        "The sales order of the change, if it was one.",
        "sales_order",
        "sales_order_id",
        lambda m: SalesOrder(m=m),
    )


@strawberry.type(
    description="One unit's number. `addedAt` is the received date of its purchase "
    'order row, null while expected: the stock screen\'s "Added date".'
)
class SerialNumber(Node, FromModel):
    m: strawberry.Private[models.SerialNumber]
    id: strawberry.ID = node_id("SerialNumber")
    number: str = copied(
        "The number as entered, trimmed, its case kept: 1 to 32 ASCII letters, digits, spaces "
        "and `- _ / , .`. Unique per item in any case (`sn-1` and `SN-1` are the same number); "
        "the same number may exist on two items."
    )
    status: SerialNumberStatus = copied(
        "Where the unit is: EXPECTED, IN_STOCK, RESERVED or SHIPPED."
    )
    added_at: datetime | None = copied(
        "When it was added to stock: the received date of its row (or of the order it was "
        "imported into); null while EXPECTED."
    )
    created_at: datetime = created()
    updated_at: datetime = updated()
    variant: Variant = variant_of("The item it is a unit of.")
    purchase_order_row: PurchaseOrderRow | None = related(
        "The purchase order row it came on (after a partial receipt: the received row split "
        "off); every number is on one.",
        "purchase_order_row",
        "purchase_order_row_id",
        lambda m: PurchaseOrderRow(m=m),
    )
    sales_order_row: SalesOrderRow | None = related(
        "The sales order row it is picked (reserved) or shipped on.",
        "sales_order_row",
        "sales_order_row_id",
        lambda m: SalesOrderRow(m=m),
    )

    @strawberry.field(
        description="Every change of this number on this variant, in the order they were recorded."
    )
    async def history(self, info: Info) -> list[SerialNumberEvent]:
        found = await info.context.loaders.history.load((self.m.variant_id, self.m.number_key))
        return [SerialNumberEvent(m=e) for e in found]


# --- Sales orders ----------------------------------------------------------------------------


@strawberry.type(
    description="A company or person goods are sold to: every sales order names "
    "one, and a recall lists them."
)
class Customer(Contact, Node):
    m: strawberry.Private[models.Customer]
    id: strawberry.ID = node_id("Customer")
    created_at: datetime = created()
    updated_at: datetime = updated()

    @strawberry.field(
        description="Every serial number on this customer's sales orders "
        "(shipped, or reserved for a delivery), newest added first."
    )
    async def serial_numbers(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SerialNumber]:
        f = serial_list.SerialNumberFilter(customer_id=self.m.id)
        return await connection(
            lambda r: serial_list.page(f, "ADDED_AT", True, r),
            lambda: serial_list.count(f),
            page_request(first, after, last, before),
            lambda m: SerialNumber(m=m),
        )

    @strawberry.field(description="The customer's sales orders, newest first.")
    async def sales_orders(
        self,
        first: int | None = None,
        after: str | None = None,
        last: int | None = None,
        before: str | None = None,
    ) -> Connection[SalesOrder]:
        return await paginate(
            queries.customer_sales_orders(self.m.id),
            queries.NEWEST,
            first,
            after,
            lambda m: SalesOrder(m=m),
            last,
            before,
        )


@strawberry.type(
    description="An order of a customer: rows of items and quantities. The units of "
    "tracked rows are picked by serial number (RESERVED); delivering "
    "ships the whole order at once."
)
class SalesOrder(Node, FromModel):
    m: strawberry.Private[models.SalesOrder]
    id: strawberry.ID = node_id("SalesOrder")
    updated_at: datetime = updated()
    number: str = copied("The number the server gave it, e.g. `SO-5`; unique and never reused.")
    status: SalesOrderStatus = copied(
        "NOT_SHIPPED, or DELIVERED (then it doesn't change until the delivery is reverted)."
    )
    delivered_at: datetime | None = copied(
        "The delivery date chosen (UTC); null while not delivered."
    )
    ordered_at: datetime = ordered(f"{ORDERED_AT}; deliveries are not dated before it.")
    created_at: datetime = created()
    customer: Customer = related(
        "The customer it is sold to.", "customer", "customer_id", lambda m: Customer(m=m)
    )
    rows: list[SalesOrderRow] = order_rows(
        "Its rows, in the order they were added.",
        "rows_of_sales_order",
        lambda m: SalesOrderRow(m=m),
    )
    has_tracked_rows: bool = order_tracing(
        HAS_TRACKED_ROWS, "tracing_of_sales_order", has_tracked_rows=True
    )
    tracing: Tracing | None = order_tracing(
        "Tracing summed over the tracked rows; null when none.", "tracing_of_sales_order"
    )


@strawberry.type(
    description="One item and quantity on a sales order; for a serial-tracked item, "
    "the serial numbers picked for its units."
)
class SalesOrderRow(Node, FromModel):
    m: strawberry.Private[models.SalesOrderRow]
    id: strawberry.ID = node_id("SalesOrderRow")
    created_at: datetime = created()
    updated_at: datetime = updated()
    sales_order: SalesOrder = related(
        "The order it is on.", "sales_order", "sales_order_id", lambda m: SalesOrder(m=m)
    )
    variant: Variant = variant_of("The item sold.")
    quantity: Decimal = row_quantity("sold")
    tracing: Tracing | None = row_tracing()
    serial_numbers: list[SerialNumber] = row_serial_numbers("serials_of_sales_row")


@strawberry.type(
    description="One sales order that got units of a purchase order, with its "
    "customer and those units' serial numbers."
)
class RecallEntry(FromModel):
    m: strawberry.Private[queries.RecallGroup]
    customer: Customer = copied(
        "The customer of the sales order, to contact.", lambda g: Customer(m=g.customer)
    )
    sales_order: SalesOrder = copied(
        "The sales order the units are reserved or shipped on.",
        lambda g: SalesOrder(m=g.sales_order),
    )

    @strawberry.field(
        description="The numbers this customer got of the order, in the order "
        "they were entered; `first` (default 1000, at most 5000) after the one "
        "of the ID `after`."
    )
    def serial_numbers(self, first: RowFirst = None, after: RowAfter = None) -> list[SerialNumber]:
        after_id, size = _page(first, after)
        return [SerialNumber(m=s) for s in self.m.serials if s.id > after_id][:size]
