"""Plain HTTP downloads beside /graphql: import templates and serial-number exports, as CSV
and XLSX; labels, as PDF and ZPL. Exports stream: CSV in chunks as the rows are read, XLSX
written row by row to a temporary file (XlsxWriter's constant_memory mode) and then sent in
chunks; memory stays bounded. Labels are made whole in a worker thread (at most 10,000 a
file)."""

from __future__ import annotations

import re
import tempfile
from collections.abc import AsyncIterator, Callable, Sequence
from datetime import UTC, datetime
from enum import Enum
from typing import IO, Any

import anyio
from anyio.from_thread import run as from_thread_run
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response, StreamingResponse
from starlette.routing import BaseRoute, Route
from tortoise.queryset import QuerySet
from tortoise.timezone import now

from backend import ids, labels, spreadsheets
from backend.domain import events, importing, queries, serial_list
from backend.domain.db import flat
from backend.models import (
    Customer,
    PurchaseOrder,
    PurchaseOrderRow,
    PurchaseOrderStatus,
    SalesOrder,
    SerialNumber,
    SerialNumberStatus,
)

FORMATS = ("csv", "xlsx")
BATCH = 2000
CHUNK = 64 * 1024
TEMPLATE_WIDTHS = (16, 20, 34, 34)
EXPORT_COLUMNS = (
    "serial_number",
    "sku",
    "item",
    "status",
    "added_date",
    "purchase_order",
    "supplier",
    "sales_order",
    "customer",
)
EXPORT_WIDTHS = (34, 20, 30, 12, 12, 16, 24, 16, 24)
_EXPORT_FIELDS = (
    "id",
    "number",
    "variant__sku",
    "variant__name",
    "status",
    "added_at",
    "purchase_order_row__purchase_order__number",
    "purchase_order_row__purchase_order__supplier__name",
    "sales_order_row__sales_order__number",
    "sales_order_row__sales_order__customer__name",
)

Rows = Callable[[], AsyncIterator[list[Sequence[Any]]]]  # batches of rows


class BadRequest(Exception):
    pass


def _disposition(filename: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="{filename}"'}


def _format(request: Request) -> str | None:
    fmt = request.path_params["fmt"].lower()
    return fmt if fmt in FORMATS else None


async def _send(
    fmt: str,
    filename: str,
    sheet: str,
    header: Sequence[str],
    rows: Rows,
    text_columns: Sequence[int],
    widths: Sequence[int],
) -> Response:
    if fmt == "csv":
        return StreamingResponse(
            _csv_stream(header, rows),
            media_type=spreadsheets.CSV_MEDIA_TYPE,
            headers=_disposition(f"{filename}.csv"),
        )
    return StreamingResponse(
        _xlsx_stream(sheet, header, rows, text_columns, widths),
        media_type=spreadsheets.XLSX_MEDIA_TYPE,
        headers=_disposition(f"{filename}.xlsx"),
    )


async def _csv_stream(header: Sequence[str], rows: Rows) -> AsyncIterator[str]:
    first = True
    async for batch in rows():
        for chunk in spreadsheets.csv_chunks(header if first else (), batch, bom=first):
            yield chunk
        first = False
    if first:
        for chunk in spreadsheets.csv_chunks(header, []):
            yield chunk


async def _xlsx_stream(
    sheet: str,
    header: Sequence[str],
    rows: Rows,
    text_columns: Sequence[int],
    widths: Sequence[int],
) -> AsyncIterator[bytes]:
    batches = rows()

    async def next_batch() -> list[Sequence[Any]] | None:
        try:
            return await batches.__anext__()
        except StopAsyncIteration:
            return None

    def pulled() -> Any:
        # Runs in the worker thread: each batch is read on the event loop, then written.
        while (batch := from_thread_run(next_batch)) is not None:
            yield from batch

    def write(target: IO[bytes]) -> None:
        spreadsheets.write_xlsx(target, sheet, header, pulled(), text_columns, widths)

    with tempfile.TemporaryFile() as target:
        await anyio.to_thread.run_sync(write, target)
        target.seek(0)
        while chunk := await anyio.to_thread.run_sync(target.read, CHUNK):
            yield chunk


# --- Import templates ----------------------------------------------------------------------


async def import_template(request: Request) -> Response:
    fmt = _format(request)
    if fmt is None:
        return PlainTextResponse("Templates come as .csv or .xlsx.", 404)

    async def rows() -> AsyncIterator[list[Sequence[Any]]]:
        return
        yield

    return await _send(
        fmt,
        "serialtrace-import-template",
        "Import",
        importing.COLUMNS,
        rows,
        (2, 3),
        TEMPLATE_WIDTHS,
    )


async def _order(request: Request) -> PurchaseOrder | Response:
    pk = ids.decode("PurchaseOrder", request.path_params["order_id"])
    order = await PurchaseOrder.get_or_none(id=pk) if pk else None
    if order is None:
        return PlainTextResponse("The purchase order was not found.", 404)
    return order


async def order_import_template(request: Request) -> Response:
    """One line per unit still missing a serial number, on each serial-tracked row."""
    fmt = _format(request)
    found = await _order(request)
    if isinstance(found, Response):
        return found
    if fmt is None:
        return PlainTextResponse("Templates come as .csv or .xlsx.", 404)
    order = found
    if order.status != PurchaseOrderStatus.RECEIVED:
        return PlainTextResponse(
            f"{order.number} is not fully received; serial numbers are imported only into "
            "fully received orders.",
            409,
        )
    order_rows = (
        await PurchaseOrderRow.filter(
            purchase_order_id=order.id, variant__product__serial_tracked=True
        )
        .order_by("position", "id")
        .values("id", "quantity", "assigned_count", "variant__sku")
    )

    async def rows() -> AsyncIterator[list[Sequence[Any]]]:
        batch: list[Sequence[Any]] = []
        for row in order_rows:
            row_id = ids.encode("PurchaseOrderRow", row["id"])
            for _ in range(max(int(row["quantity"]) - row["assigned_count"], 0)):
                batch.append((order.number, row["variant__sku"], "", row_id))
                if len(batch) >= BATCH:
                    yield batch
                    batch = []
        if batch:
            yield batch

    return await _send(
        fmt,
        f"{order.number}-import-template",
        order.number,
        importing.COLUMNS,
        rows,
        (2, 3),
        TEMPLATE_WIDTHS,
    )


# --- Exports -------------------------------------------------------------------------------


def _enum(value: str | None, enum: type[Enum], name: str) -> Any:
    if not value:
        return None
    try:
        return enum(value.upper())
    except ValueError:
        allowed = ", ".join(e.value for e in enum)
        raise BadRequest(f"{name} must be one of {allowed}, not {value!r}.") from None


def _time(value: str | None, name: str) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise BadRequest(f"{name} must be an ISO date or date-time, not {value!r}.") from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)  # read as UTC


def _filter(
    request: Request, purchase_order_id: int | None = None, customer_id: int | None = None
) -> tuple[queries.SerialNumberFilter, queries.SerialNumberOrderField, bool]:
    """The `serialNumbers` query's filter and order, from query parameters of the same names
    (sku, status, statuses (comma-separated), purchaseOrderId, supplierId, customerId,
    salesOrderId, addedFrom, addedTo, shippedFrom, shippedTo, search, orderBy, direction)."""
    q = request.query_params

    def pk(kind: str, name: str) -> int | None:
        return ids.decode_or_missing(kind, q[name]) if q.get(name) else None

    if purchase_order_id is None:
        purchase_order_id = pk("PurchaseOrder", "purchaseOrderId")
    if customer_id is None:
        customer_id = pk("Customer", "customerId")
    statuses = tuple(
        _enum(s.strip(), SerialNumberStatus, "statuses")
        for s in (q.get("statuses") or "").split(",")
        if s.strip()
    )
    f = queries.SerialNumberFilter(
        sku=q.get("sku") or None,
        status=_enum(q.get("status"), SerialNumberStatus, "status"),
        statuses=statuses,
        purchase_order_id=purchase_order_id,
        supplier_id=pk("Supplier", "supplierId"),
        sales_order_id=pk("SalesOrder", "salesOrderId"),
        added_from=_time(q.get("addedFrom"), "addedFrom"),
        added_to=_time(q.get("addedTo"), "addedTo"),
        shipped_from=_time(q.get("shippedFrom"), "shippedFrom"),
        shipped_to=_time(q.get("shippedTo"), "shippedTo"),
        search=q.get("search") or None,
        customer_id=customer_id,
    )
    order_by = (
        _enum(q.get("orderBy"), queries.SerialNumberOrderField, "orderBy")
        or queries.SerialNumberOrderField.ADDED_AT
    )
    direction = (q.get("direction") or "DESC").upper()
    if direction not in ("ASC", "DESC"):
        raise BadRequest(f"direction must be ASC or DESC, not {q['direction']!r}.")
    return f, order_by, direction == "DESC"


def _export_rows(
    f: queries.SerialNumberFilter, order_by: queries.SerialNumberOrderField, descending: bool
) -> Rows:
    async def rows() -> AsyncIterator[list[Sequence[Any]]]:
        # One keyset step of ids in the list's order, then those rows by id: flat memory and a
        # linear read however long the list (rows added meanwhile are neither repeated nor
        # skipped).
        async for part in serial_list.walk(f, order_by.value, descending, BATCH):
            found = {
                r["id"]: r for r in await SerialNumber.filter(id__in=part).values(*_EXPORT_FIELDS)
            }
            yield [_export_row(found[i]) for i in part if i in found]

    return rows


def _export_row(r: dict[str, Any]) -> tuple[Any, ...]:
    added = r["added_at"]
    return (
        r["number"],
        r["variant__sku"],
        r["variant__name"],
        r["status"],
        added.date().isoformat() if added else "",
        r["purchase_order_row__purchase_order__number"] or "",
        r["purchase_order_row__purchase_order__supplier__name"] or "",
        r["sales_order_row__sales_order__number"] or "",
        r["sales_order_row__sales_order__customer__name"] or "",
    )


async def serial_numbers(request: Request) -> Response:
    """The stock screen's list, with the `serialNumbers` query's filters."""
    fmt = _format(request)
    if fmt is None:
        return PlainTextResponse("Exports come as .csv or .xlsx.", 404)
    try:
        f, order_by, descending = _filter(request)
    except BadRequest as error:
        return PlainTextResponse(str(error), 400)
    return await _send(
        fmt,
        f"serial-numbers-{now().date().isoformat()}",
        "Serial numbers",
        EXPORT_COLUMNS,
        _export_rows(f, order_by, descending),
        (0,),
        EXPORT_WIDTHS,
    )


async def order_serial_numbers(request: Request) -> Response:
    fmt = _format(request)
    found = await _order(request)
    if isinstance(found, Response):
        return found
    if fmt is None:
        return PlainTextResponse("Exports come as .csv or .xlsx.", 404)
    try:
        f, order_by, descending = _filter(request, purchase_order_id=found.id)
    except BadRequest as error:
        return PlainTextResponse(str(error), 400)
    if not request.query_params.get("orderBy"):
        order_by, descending = queries.SerialNumberOrderField.NUMBER, False
    return await _send(
        fmt,
        f"{found.number}-serial-numbers",
        found.number,
        EXPORT_COLUMNS,
        _export_rows(f, order_by, descending),
        (0,),
        EXPORT_WIDTHS,
    )


async def customer_serial_numbers(request: Request) -> Response:
    """Every unit a customer holds or got (the other half of a recall)."""
    fmt = _format(request)
    pk = ids.decode("Customer", request.path_params["customer_id"])
    customer = await Customer.filter(id=pk).first() if pk else None
    if customer is None:
        return PlainTextResponse("No such customer.", 404)
    if fmt is None:
        return PlainTextResponse("Exports come as .csv or .xlsx.", 404)
    try:
        f, order_by, descending = _filter(request, customer_id=customer.id)
    except BadRequest as error:
        return PlainTextResponse(str(error), 400)
    if not request.query_params.get("orderBy"):
        order_by, descending = queries.SerialNumberOrderField.NUMBER, False
    name = "".join(c if c.isalnum() else "-" for c in customer.name).strip("-")[:60]
    sheet = re.sub(r"[\[\]:*?/\\']", " ", customer.name).strip()[:31] or "Customer"
    return await _send(
        fmt,
        f"{name or 'customer'}-serial-numbers",
        sheet,
        EXPORT_COLUMNS,
        _export_rows(f, order_by, descending),
        (0,),
        EXPORT_WIDTHS,
    )


# --- Labels --------------------------------------------------------------------------------

LABEL_FIELDS = ("id", "number", "variant__sku", "variant__name")


async def _label_units(request: Request) -> tuple[str, list[int]] | Response:
    """The file's name and the ids of the units to label, in label order (at most one more than
    labels.MAX_LABELS): a purchase order row's, a purchase order's, a sales order's, or the
    stock list's with the export's filters (sku, status, …)."""
    q = request.query_params
    row_order = ("purchase_order_row__position", "purchase_order_row_id", "number_sort", "id")
    units: QuerySet[SerialNumber]
    if q.get("purchaseOrderRow"):
        pk = ids.decode("PurchaseOrderRow", q["purchaseOrderRow"])
        row = (
            await PurchaseOrderRow.filter(id=pk).prefetch_related("purchase_order").first()
            if pk
            else None
        )
        if row is None:
            return PlainTextResponse("The purchase order row was not found.", 404)
        name = f"labels-{row.purchase_order.number}-row"
        units = SerialNumber.filter(purchase_order_row_id=row.id).order_by("number_sort", "id")
    elif q.get("purchaseOrder"):
        pk = ids.decode("PurchaseOrder", q["purchaseOrder"])
        order = await PurchaseOrder.get_or_none(id=pk) if pk else None
        if order is None:
            return PlainTextResponse("The purchase order was not found.", 404)
        name = f"labels-{order.number}"
        units = SerialNumber.filter(purchase_order_row__purchase_order_id=order.id).order_by(
            *row_order
        )
    elif q.get("salesOrder"):
        pk = ids.decode("SalesOrder", q["salesOrder"])
        sales = await SalesOrder.get_or_none(id=pk) if pk else None
        if sales is None:
            return PlainTextResponse("The sales order was not found.", 404)
        name = f"labels-{sales.number}"
        units = SerialNumber.filter(sales_order_row__sales_order_id=sales.id).order_by(
            "sales_order_row__position", "sales_order_row_id", "number_sort", "id"
        )
    else:
        try:
            f, order_by, descending = _filter(request)
        except BadRequest as error:
            return PlainTextResponse(str(error), 400)
        found: list[int] = []
        async for part in serial_list.walk(f, order_by.value, descending, BATCH):
            found += part
            if len(found) > labels.MAX_LABELS:
                break
        return f"labels-stock-{now().date().isoformat()}", found
    return name, await flat(units.limit(labels.MAX_LABELS + 1), "id", int)


async def _labels(request: Request, kind: str) -> Response:
    allowed = labels.ZPL_FORMATS if kind == "zpl" else tuple(labels.FORMATS)
    fmt = (request.query_params.get("format") or allowed[0]).lower()
    if fmt not in allowed:
        return PlainTextResponse(
            f"format must be one of {', '.join(allowed)}, not {fmt!r}"
            + (" (ZPL is for roll printers)." if kind == "zpl" else "."),
            400,
        )
    found = await _label_units(request)
    if isinstance(found, Response):
        return found
    name, ordered = found
    if len(ordered) > labels.MAX_LABELS:
        return PlainTextResponse(
            f"That is more than {labels.MAX_LABELS:,} labels, the most in "
            "one file. Narrow the list first.",
            400,
        )
    if not ordered:
        return PlainTextResponse("There are no serial numbers to label here.", 400)
    found_rows: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ordered), BATCH):
        part = ordered[start : start + BATCH]
        found_rows |= {
            r["id"]: r for r in await SerialNumber.filter(id__in=part).values(*LABEL_FIELDS)
        }
    items = [
        labels.Label(r["number"], r["variant__sku"], r["variant__name"])
        for r in (found_rows[i] for i in ordered if i in found_rows)
    ]
    if kind == "zpl":
        text = await anyio.to_thread.run_sync(labels.zpl, items, fmt)
        return Response(
            text, media_type="text/plain; charset=utf-8", headers=_disposition(f"{name}-{fmt}.zpl")
        )
    data = await anyio.to_thread.run_sync(labels.pdf, items, fmt)
    return Response(data, media_type="application/pdf", headers=_disposition(f"{name}-{fmt}.pdf"))


async def labels_pdf(request: Request) -> Response:
    """One label per unit (Code 128, QR, number, SKU, name) as a PDF: `format` a4 | letter |
    62x29 | 4x6; the units: `purchaseOrderRow`, `purchaseOrder`, `salesOrder` (IDs) or the
    stock export's filters."""
    return await _labels(request, "pdf")


async def labels_zpl(request: Request) -> Response:
    """The same labels as ZPL for Zebra printers: `format` 62x29 | 4x6."""
    return await _labels(request, "zpl")


EVENT_COLUMNS = ("recorded_at", "at", "kind", "serial_number", "sku", "document", "user")
_EVENT_FIELDS = ("id", "recorded_at", "at", "kind", "number", "variant__sku", "document", "user")


def _event_filter(request: Request) -> events.EventFilter:
    """The `serialNumberEvents` query's filter, from query parameters of the same names."""
    q = request.query_params

    def key(kind: str, name: str) -> int | None:
        return ids.decode_or_missing(kind, q[name]) if q.get(name) else None

    return events.EventFilter(
        purchase_order_id=key("PurchaseOrder", "purchaseOrderId"),
        sales_order_id=key("SalesOrder", "salesOrderId"),
        document=q.get("document") or None,
        variant_id=key("Variant", "variantId"),
        sku=q.get("sku") or None,
        recorded_from=_time(q.get("recordedFrom"), "recordedFrom"),
        recorded_to=_time(q.get("recordedTo"), "recordedTo"),
    )


def _iso(value: datetime | None) -> str:
    return value.astimezone(UTC).isoformat() if value else ""


async def serial_number_events(request: Request) -> Response:
    """Serial-number events across units, in recorded order, as CSV; read in batches by id."""
    if request.path_params["fmt"].lower() != "csv":
        return PlainTextResponse("Events come as .csv.", 404)
    try:
        f = _event_filter(request)
    except BadRequest as error:
        return PlainTextResponse(str(error), 400)

    async def rows() -> AsyncIterator[list[Sequence[Any]]]:
        after = 0
        while True:
            batch = await events.events(f).filter(id__gt=after).limit(BATCH).values(*_EVENT_FIELDS)
            if not batch:
                return
            after = batch[-1]["id"]
            yield [
                (
                    _iso(r["recorded_at"] or r["at"]),
                    _iso(r["at"]),
                    r["kind"],
                    r["number"],
                    r["variant__sku"],
                    r["document"] or "",
                    r["user"] or "",
                )
                for r in batch
            ]

    return await _send(
        "csv",
        f"serial-number-events-{now().date().isoformat()}",
        "Events",
        EVENT_COLUMNS,
        rows,
        (3,),
        (),
    )


routes: list[BaseRoute] = [
    Route("/downloads/events.{fmt}", serial_number_events),
    Route("/downloads/import-template.{fmt}", import_template),
    Route("/downloads/purchase-orders/{order_id}/import-template.{fmt}", order_import_template),
    Route("/downloads/serial-numbers.{fmt}", serial_numbers),
    Route("/downloads/purchase-orders/{order_id}/serial-numbers.{fmt}", order_serial_numbers),
    Route("/downloads/customers/{customer_id}/serial-numbers.{fmt}", customer_serial_numbers),
    Route("/downloads/labels.pdf", labels_pdf),
    Route("/downloads/labels.zpl", labels_zpl),
]
