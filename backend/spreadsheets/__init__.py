"""Reading and writing the files people trade serial numbers in: CSV and XLSX.

Reading is bounded: a file's size, its number of lines and (for a workbook) its number of parts,
the sizes its zip directory declares and the bytes each part actually unpacks to are checked
before anything parses it, and a part that declares a DTD or entities is refused. Writing
neutralises what a spreadsheet would run as a formula. Nothing here knows the domain.

The libraries, and why:

- python-calamine (Rust's calamine) parses a sheet in Rust, several times faster than Python
  callbacks on expat, keeps the cells in Rust rather than as Python objects, and its XML parser
  (quick-xml) expands no entities: no XXE, no billion laughs. It does not read every cell as it
  was written (error cells, ISO dates, numbers of more than 15 digits, trimmed text) and holds
  a sheet as one dense block of cells, so `xlsx.Survey` (whose scans cost about as much as
  calamine's parse) sends such sheets, and sparse ones, to the exact streaming reader kept
  from before (`xlsx_expat`).
- XlsxWriter writes a workbook in constant_memory mode: each row is written out as soon as the
  next one begins, so an export of any length holds one row in memory; it is also several times
  faster than openpyxl's write-only mode.
"""

from __future__ import annotations

from collections.abc import Sequence

from backend.spreadsheets.csv_files import (
    CSV_MEDIA_TYPE,
    FORMULA_START,
    csv_chunks,
    neutralise,
    read_csv,
)
from backend.spreadsheets.limits import (
    EXCEL_DIGITS,
    MAX_BYTES,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_LINE_CHARS,
    MAX_LINES,
    MAX_MEMBERS,
    MAX_PART,
    MAX_SHARED_STRINGS,
    MAX_UNCOMPRESSED,
    SheetError,
    SheetProblem,
    size,
)
from backend.spreadsheets.table import Note, Progress, Table, header_key
from backend.spreadsheets.xlsx import XLSX_MEDIA_TYPE, read_xlsx, write_xlsx
from backend.spreadsheets.xlsx_expat import _expat, _Unsafe  # noqa: F401 (tests use them)

__all__ = [
    "CSV_MEDIA_TYPE",
    "EXCEL_DIGITS",
    "FORMULA_START",
    "MAX_BYTES",
    "MAX_CELL_CHARS",
    "MAX_COLUMNS",
    "MAX_LINES",
    "MAX_LINE_CHARS",
    "MAX_MEMBERS",
    "MAX_PART",
    "MAX_SHARED_STRINGS",
    "MAX_UNCOMPRESSED",
    "XLSX_MEDIA_TYPE",
    "Note",
    "Progress",
    "SheetError",
    "SheetProblem",
    "Table",
    "csv_chunks",
    "header_key",
    "is_workbook",
    "neutralise",
    "read_table",
    "write_xlsx",
]


def is_workbook(data: bytes) -> bool:
    return data[:4] == b"PK\x03\x04"


def read_table(
    data: bytes,
    filename: str,
    wanted: Sequence[str],
    required: Sequence[str],
    *,
    max_lines: int = MAX_LINES,
    progress: Progress | None = None,
) -> Table:
    """Reads a CSV or XLSX file (told apart by content, then by name) into a `Table`.

    Raises `SheetError` for anything that makes the whole file unusable."""
    if len(data) > MAX_BYTES:
        raise SheetError(
            SheetProblem.TOO_LARGE,
            f"The file has {size(len(data))}; the most is {size(MAX_BYTES)}.",
        )
    name = filename.lower()
    if is_workbook(data):
        return read_xlsx(data, wanted, required, max_lines, progress)
    if name.endswith((".xlsx", ".xlsm")):
        raise SheetError(
            SheetProblem.UNREADABLE,
            f"{filename} is not a real XLSX workbook (it is not a zip archive).",
        )
    if name.endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SheetError(
            SheetProblem.UNREADABLE,
            "Old Excel files (.xls) can't be read: save the sheet as .xlsx or .csv.",
        )
    return read_csv(data, wanted, required, max_lines, progress)
