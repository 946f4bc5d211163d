"""The bulk import of serial numbers: `importSerialNumbers` takes a file as a GraphQL multipart
upload (https://github.com/jaydenseric/graphql-multipart-request-spec), and the guard that
the HTTP layer puts in front of every multipart request (CSRF header, body size)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import strawberry
from cross_web import HTTPException
from starlette.requests import Request
from strawberry.file_uploads import Upload

from backend import ids, spreadsheets
from backend.domain import importing
from backend.graphql.context import Info
from backend.graphql.errors import Error, ErrorCode
from backend.graphql.mutations import mutation, query
from backend.graphql.types import PurchaseOrder

if TYPE_CHECKING:  # strawberry.enum returns the class itself; mypy sees only a variable
    ImportSeverity = importing.Severity
else:
    ImportSeverity = strawberry.enum(importing.Severity, name="ImportSeverity")

# A browser sends a form across sites without asking, but never a custom header: requiring one
# on every multipart request stops cross-site request forgery of uploads.
CSRF_HEADERS = ("x-serialtrace-csrf", "apollo-require-preflight")
MAX_REQUEST_BYTES = spreadsheets.MAX_BYTES + 1024 * 1024  # the file and the form around it


def is_multipart(request: Request) -> bool:
    return request.headers.get("content-type", "").lower().startswith("multipart/")


def check_upload_request(request: Request) -> None:
    """Refuses a multipart request without the CSRF header, or too large, before its body is
    read (strawberry turns the HTTPException into a plain-text response)."""
    if not any(request.headers.get(name, "").strip() for name in CSRF_HEADERS):
        raise HTTPException(
            400,
            "Uploads need the header X-Serialtrace-CSRF (or Apollo-Require-Preflight) with "
            "any non-empty value; it guards against cross-site request forgery.",
        )
    length = request.headers.get("content-length")
    if length is None or not length.isdigit():
        raise HTTPException(411, "Uploads need a Content-Length header.")
    if int(length) > MAX_REQUEST_BYTES:
        raise HTTPException(
            413,
            f"The upload has {int(length):,} bytes; a file may have at most "
            f"{spreadsheets.MAX_BYTES // (1024 * 1024)} MB.",
        )


@strawberry.type(name="ImportError", description="One problem of an imported file.")
class ImportProblem(Error):
    line: int | None = strawberry.field(
        description="The file's line (CSV) or the sheet's row (XLSX); the header is line 1. "
        "Null for a problem of the whole file."
    )
    column: str | None = strawberry.field(description="The column's name, e.g. serial_number.")
    severity: ImportSeverity = strawberry.field(
        description="ERROR stops the commit; WARNING (e.g. a number Excel may have mangled) "
        "does not."
    )

    @classmethod
    def of(cls, problem: importing.ImportProblem) -> ImportProblem:
        """`field` is the column; `index` is null (the line says where)."""
        return cls(
            code=ErrorCode(problem.code.value),
            message=problem.message,
            field=problem.column,
            index=None,
            line=problem.line,
            column=problem.column,
            severity=problem.severity,
        )


@strawberry.type(
    description="What an imported file holds, counted on a dry run and on a commit alike."
)
class ImportSummary:
    lines: int = strawberry.field(description="Lines of serial numbers read.")
    numbers: int = strawberry.field(
        description="Numbers without any error: imported, or ready to be on a dry run."
    )
    rows: int = strawberry.field(description="Order rows those numbers go to.")
    orders: int = strawberry.field(description="Orders those numbers go to.")
    error_count: int = strawberry.field(
        description="Problems of severity ERROR: with any, a commit imports nothing."
    )
    warning_count: int = strawberry.field(
        description="Problems of severity WARNING: worth a look; they don't stop a commit."
    )


@strawberry.input(description="A spreadsheet of serial numbers to check or import.")
class ImportSerialNumbersInput:
    file: Upload = strawberry.field(
        description="A CSV (UTF-8, comma or semicolon) or XLSX file "
        "with the columns purchase_order, sku, "
        "serial_number and optionally row."
    )
    dry_run: bool | None = strawberry.field(
        default=True,
        description="Only check (the default, also for null); false imports the "
        "whole file, or nothing when it has any error.",
    )


@strawberry.type(description="What a dry run found, or what a commit imported.")
class ImportSerialNumbersPayload:
    summary: ImportSummary = strawberry.field(
        description="The file's counts: lines, numbers, rows, orders, errors, warnings."
    )
    errors: list[ImportProblem] = strawberry.field(
        description="Every problem of the file, errors and warnings alike (see `severity`), in "
        "file order: by line, then column."
    )
    committed: bool = strawberry.field(
        description="True when the numbers were written (IN_STOCK, an IMPORTED event each); "
        "false on a dry run or when any error stopped it."
    )
    document: str | None = strawberry.field(
        description='On a commit, the history\'s document: "import 2026-11-26 (file.csv)".'
    )
    order_ids: strawberry.Private[list[int]]

    @strawberry.field(description="The orders the file's numbers go to (or went to).")
    async def purchase_orders(self, info: Info) -> list[PurchaseOrder]:
        found = await info.context.loaders.purchase_order.load_many(self.order_ids)
        return [PurchaseOrder(m=o) for o in found if o is not None]


@strawberry.type(
    description="Where to download a spreadsheet to fill in for "
    "importSerialNumbers, and the limits a file must keep."
)
class ImportTemplate:
    columns: list[str] = strawberry.field(
        description="The header line, in order: purchase_order, sku, serial_number, row (`row`, "
        "the row's ID, is needed only when an order has several rows of the SKU)."
    )
    csv_url: str = strawberry.field(
        description="The template as CSV: a path on this server, to GET with the same "
        "credentials as /graphql."
    )
    xlsx_url: str = strawberry.field(
        description="The template as XLSX: a path on this server, to GET with the same "
        "credentials as /graphql."
    )
    max_bytes: int = strawberry.field(
        description="The largest file accepted, in bytes (FILE_TOO_LARGE beyond)."
    )
    max_lines: int = strawberry.field(
        description="The most lines of data a file may have, the header not counted "
        "(TOO_MANY_LINES beyond)."
    )


def _row_ref(value: str) -> int | None:
    return ids.decode("PurchaseOrderRow", value)


def _payload(result: importing.ImportResult) -> ImportSerialNumbersPayload:
    s = result.summary
    return ImportSerialNumbersPayload(
        summary=ImportSummary(
            lines=s.lines,
            numbers=s.numbers,
            rows=s.rows,
            orders=s.orders,
            error_count=s.errors,
            warning_count=s.warnings,
        ),
        errors=[ImportProblem.of(p) for p in result.problems],
        committed=result.committed,
        document=result.document,
        order_ids=result.order_ids,
    )


def _refused(code: importing.ImportErrorCode, message: str) -> ImportSerialNumbersPayload:
    return _payload(
        importing.ImportResult(
            importing.ImportSummary(errors=1), [importing.ImportProblem(None, None, code, message)]
        )
    )


async def _read_upload(upload: Any) -> tuple[bytes, str] | ImportSerialNumbersPayload:
    if not hasattr(upload, "read"):
        return _refused(
            importing.ImportErrorCode.UNREADABLE_FILE,
            "No file was uploaded: send it as a multipart request.",
        )
    limit = spreadsheets.MAX_BYTES
    data = await upload.read(limit + 1)
    if len(data) > limit:
        return _refused(
            importing.ImportErrorCode.FILE_TOO_LARGE,
            f"The file has more than {limit // (1024 * 1024)} MB; the most is "
            f"{limit // (1024 * 1024)} MB. Split it into several files.",
        )
    return data, getattr(upload, "filename", None) or "upload"


@strawberry.type
class ImportMutation:
    @mutation(
        description="Imports serial numbers from a spreadsheet into fully "
        "received purchase orders: a dry run by default; a commit "
        "is all or nothing."
    )
    async def import_serial_numbers(
        self, info: Info, input: ImportSerialNumbersInput
    ) -> ImportSerialNumbersPayload:
        read = await _read_upload(input.file)
        if isinstance(read, ImportSerialNumbersPayload):
            return read
        data, filename = read
        result = await importing.import_serial_numbers(
            data,
            filename,
            dry_run=input.dry_run is not False,
            actor=info.context.actor,
            row_ref=_row_ref,
        )
        return _payload(result)


@strawberry.type
class ImportQuery:
    @query(
        description="Where to download an import template: blank, or for one "
        "received order pre-filled with a line per missing number."
    )
    def import_template(self, purchase_order_id: strawberry.ID | None = None) -> ImportTemplate:
        base = "/downloads"
        if purchase_order_id is not None:
            base = f"/downloads/purchase-orders/{purchase_order_id}"
        return ImportTemplate(
            columns=list(importing.COLUMNS),
            csv_url=f"{base}/import-template.csv",
            xlsx_url=f"{base}/import-template.xlsx",
            max_bytes=spreadsheets.MAX_BYTES,
            max_lines=spreadsheets.MAX_LINES,
        )
