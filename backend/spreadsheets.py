"""Reading and writing the files people trade serial numbers in: CSV and XLSX.

Reading is bounded: a file's size, its number of lines and (for a workbook) the uncompressed
sizes its zip directory declares are checked before any parsing, and a workbook with a DTD or
entities is refused (openpyxl parses through defusedxml, and we look first). Writing
neutralises cells that a spreadsheet would run as a formula. Nothing here knows the domain.
"""

from __future__ import annotations

import csv
import io
import re
import warnings
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time
from enum import StrEnum
from typing import IO, Any

MAX_BYTES = 20 * 1024 * 1024
MAX_LINES = 100_000
MAX_LINE_CHARS = 100_000  # one CSV line; keeps a line of a million commas out of memory
# A workbook is a zip: what its directory says the parts unpack to is checked before parsing.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_SHARED_STRINGS = 64 * 1024 * 1024  # openpyxl holds this part in memory whole
MAX_MEMBERS = 10_000
MAX_COLUMNS = 64  # the columns read from a sheet; the header must be among them
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"


class SheetProblem(StrEnum):
    TOO_LARGE = "TOO_LARGE"
    TOO_MANY_LINES = "TOO_MANY_LINES"
    UNREADABLE = "UNREADABLE"
    UNSAFE = "UNSAFE"
    MISSING_COLUMN = "MISSING_COLUMN"
    NO_LINES = "NO_LINES"


class SheetError(Exception):
    """The file as a whole can't be read; nothing of it is used."""

    def __init__(self, problem: SheetProblem, message: str, line: int | None = None,
                 column: str | None = None) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message
        self.line = line
        self.column = column


@dataclass(frozen=True)
class Note:
    """A cell that was read, but maybe not as its author typed it (an XLSX number)."""

    column: str
    message: str


@dataclass
class Table:
    """The lines of a file: `values` holds the wanted columns in the order asked for ("" when
    a column is absent or the cell empty); `line` is the file's line (CSV) or row (XLSX)."""

    format: str  # "CSV" or "XLSX"
    columns: list[str]  # the wanted columns the header has
    lines: list[tuple[int, tuple[str, ...]]] = field(default_factory=list)
    notes: dict[int, list[Note]] = field(default_factory=dict)  # by line


Progress = Callable[[int], None]  # lines read so far


def header_key(name: Any) -> str:
    """`Serial Number`, ` serial_number ` and `SERIAL-NUMBER` name the same column."""
    text = "" if name is None else str(name)
    return re.sub(r"[\s\-]+", "_", text.strip().lstrip("\ufeff").strip()).lower()


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
        raise SheetError(SheetProblem.TOO_LARGE,
                         f"The file has {_size(len(data))}; the most is {_size(MAX_BYTES)}.")
    name = filename.lower()
    if is_workbook(data):
        return _read_xlsx(data, wanted, required, max_lines, progress)
    if name.endswith((".xlsx", ".xlsm")):
        raise SheetError(SheetProblem.UNREADABLE,
                         f"{filename} is not a real XLSX workbook (it is not a zip archive).")
    if name.endswith(".xls") or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise SheetError(SheetProblem.UNREADABLE,
                         "Old Excel files (.xls) can't be read: save the sheet as .xlsx or .csv.")
    return _read_csv(data, wanted, required, max_lines, progress)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


class _Collector:
    """Finds the header, then keeps the wanted columns of each non-blank line."""

    def __init__(self, fmt: str, wanted: Sequence[str], required: Sequence[str],
                 max_lines: int, progress: Progress | None) -> None:
        self.wanted = list(wanted)
        self.required = list(required)
        self.max_lines = max_lines
        self.progress = progress
        self.positions: list[int] | None = None
        self.table = Table(format=fmt, columns=[])

    def header(self, line: int, cells: Sequence[Any]) -> None:
        found: dict[str, int] = {}
        for position, cell in enumerate(cells):
            found.setdefault(header_key(cell), position)
        missing = [c for c in self.required if c not in found]
        if missing:
            names = ", ".join(missing)
            raise SheetError(
                SheetProblem.MISSING_COLUMN,
                f"Line {line} is read as the header, and it lacks the column"
                f"{'s' if len(missing) > 1 else ''} {names}. The header names the columns "
                f"{', '.join(self.wanted)} (any order, any case).",
                line=line, column=missing[0])
        self.positions = [found.get(c, -1) for c in self.wanted]
        self.table.columns = [c for c in self.wanted if c in found]

    def add(self, line: int, values: tuple[str, ...]) -> None:
        lines = self.table.lines
        if len(lines) >= self.max_lines:
            raise SheetError(SheetProblem.TOO_MANY_LINES,
                             f"The file has more than {self.max_lines:,} lines (line {line} is "
                             f"one too many); split it into several files.", line=line)
        lines.append((line, values))
        if self.progress and len(lines) % 5000 == 0:
            self.progress(len(lines))

    def note(self, line: int, note: Note) -> None:
        self.table.notes.setdefault(line, []).append(note)

    def finish(self) -> Table:
        if self.positions is None:
            raise SheetError(SheetProblem.NO_LINES,
                             "The file is empty: it needs a header line with the columns "
                             f"{', '.join(self.wanted)}, then one line per serial number.")
        if not self.table.lines:
            raise SheetError(SheetProblem.NO_LINES,
                             "The file has a header but no lines of serial numbers.")
        if self.progress:
            self.progress(len(self.table.lines))
        return self.table


# --- CSV -----------------------------------------------------------------------------------

_LONG_LINE = re.compile(r"[^\n]{" + str(MAX_LINE_CHARS + 1) + "}")


def _unquote(cell: str) -> str:
    # Our own exports neutralise formulas with a leading quote; read such a cell back as typed.
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_START:
        return cell[1:]
    return cell


def _read_csv(data: bytes, wanted: Sequence[str], required: Sequence[str], max_lines: int,
              progress: Progress | None) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SheetError(SheetProblem.UNREADABLE,
                         f"The file is not UTF-8 text (line {line} has the byte "
                         f"0x{data[error.start]:02X}). Save it as \"CSV UTF-8\" or as .xlsx.",
                         line=line) from None
    del data
    if "\x00" in text:
        raise SheetError(SheetProblem.UNREADABLE,
                         "The file holds NUL bytes: it is not a CSV text file.")
    long = _LONG_LINE.search(text)
    if long:
        line = text.count("\n", 0, long.start()) + 1
        raise SheetError(SheetProblem.UNREADABLE,
                         f"Line {line} is longer than {MAX_LINE_CHARS:,} characters.", line=line)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    collector = _Collector("CSV", wanted, required, max_lines, progress)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        for cells in reader:
            if not any(c.strip() for c in cells):
                continue
            line = reader.line_num
            if collector.positions is None:
                collector.header(line, cells)
                continue
            size = len(cells)
            collector.add(line, tuple(
                _unquote(cells[p]) if 0 <= p < size else "" for p in collector.positions))
    except csv.Error as error:
        raise SheetError(SheetProblem.UNREADABLE,
                         f"Line {reader.line_num} can't be read as CSV: {error}.",
                         line=reader.line_num) from None
    return collector.finish()


# --- XLSX ----------------------------------------------------------------------------------

_DANGEROUS = (b"<!doctype", b"<!entity")


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError):
        raise SheetError(SheetProblem.UNREADABLE,
                         "The file is not a real XLSX workbook (its zip archive is damaged)."
                         ) from None
    with archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS:
            raise SheetError(SheetProblem.TOO_LARGE,
                             f"The workbook has {len(members):,} parts; the most is "
                             f"{MAX_MEMBERS:,}.")
        total = sum(m.file_size for m in members)
        if total > MAX_UNCOMPRESSED:
            raise SheetError(SheetProblem.TOO_LARGE,
                             f"The workbook unpacks to {_size(total)}; the most is "
                             f"{_size(MAX_UNCOMPRESSED)}. It may be a zip bomb.")
        names = {m.filename for m in members}
        if "xl/workbook.xml" not in names:
            raise SheetError(SheetProblem.UNREADABLE,
                             "The file is a zip archive but not an XLSX workbook.")
        for member in members:
            if member.filename.endswith("sharedStrings.xml") and \
                    member.file_size > MAX_SHARED_STRINGS:
                raise SheetError(SheetProblem.TOO_LARGE,
                                 f"The workbook's text table unpacks to "
                                 f"{_size(member.file_size)}; the most is "
                                 f"{_size(MAX_SHARED_STRINGS)}.")
            if not member.filename.endswith((".xml", ".rels", ".vml")):
                continue
            try:
                with archive.open(member) as part:
                    head = part.read(4096)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError,
                    RuntimeError):
                raise SheetError(SheetProblem.UNREADABLE,
                                 f"The workbook part {member.filename} can't be unpacked."
                                 ) from None
            if head[:2] in (b"\xff\xfe", b"\xfe\xff"):
                head = head.decode("utf-16", errors="replace").encode()
            lowered = head.replace(b"\x00", b"").lower()
            if any(mark in lowered for mark in _DANGEROUS):
                raise SheetError(SheetProblem.UNSAFE,
                                 f"The workbook part {member.filename} declares a DTD or "
                                 "entities, which a real workbook never does; it was refused.")


def _cell_text(value: Any) -> tuple[str, str | None]:
    """A cell as text, and what may be wrong with it when it was not text in the workbook."""
    if value is None:
        return "", None
    if isinstance(value, str):
        return value, None
    if isinstance(value, bool):
        return ("TRUE" if value else "FALSE"), "is a TRUE/FALSE cell"
    if isinstance(value, int | float) and float(value).is_integer() and abs(value) < 1e30:
        text = str(int(value))
        # Excel shows 12 and more digits as 1.23E+15 in a General cell.
        shown = f"{float(value):.15G}" if abs(value) >= 1e11 else text
        return text, (f"is a number cell ({shown}): Excel may have dropped leading zeros"
                      + (f" and keeps only {EXCEL_DIGITS} digits"
                         if len(text.lstrip("-")) > EXCEL_DIGITS else "")
                      + (f"; it is read as {text}" if shown != text else ""))
    if isinstance(value, float):
        return repr(value), f"is a decimal number cell ({value!r}) that Excel may have rounded"
    if isinstance(value, datetime | date | time):
        return value.isoformat(), "is a date cell: Excel took the number for a date"
    return str(value), "is not a text cell"


_UNSAFE = "The workbook declares entities, which a real workbook never does; it was refused."


def _caused_by(error: BaseException | None, kind: type[BaseException]) -> bool:
    seen = 0
    while error is not None and seen < 10:
        if isinstance(error, kind):
            return True
        error = error.__cause__ or error.__context__
        seen += 1
    return False


def _read_xlsx(data: bytes, wanted: Sequence[str], required: Sequence[str], max_lines: int,
               progress: Progress | None) -> Table:
    _check_zip(data)
    import openpyxl
    from defusedxml import DefusedXmlException
    from openpyxl.utils.exceptions import InvalidFileException

    collector = _Collector("XLSX", wanted, required, max_lines, progress)
    failures = (zipfile.BadZipFile, InvalidFileException, KeyError, ValueError, TypeError,
                AttributeError, IndexError, OSError, SyntaxError, EOFError)
    with warnings.catch_warnings():
        # openpyxl warns about workbook features it drops (styles, validation): not ours.
        warnings.simplefilter("ignore")
        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True,
                                          keep_links=False)
        except failures as error:
            if _caused_by(error, DefusedXmlException):
                raise SheetError(SheetProblem.UNSAFE, _UNSAFE) from None
            raise SheetError(SheetProblem.UNREADABLE,
                             f"The file is not a readable XLSX workbook ({type(error).__name__})."
                             ) from None
        try:
            if not book.worksheets:
                raise SheetError(SheetProblem.UNREADABLE, "The workbook has no sheet.")
            sheet = book.worksheets[0]
            header_line = 0
            for line, cells in enumerate(sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS),
                                         start=1):
                if any(c is not None and (not isinstance(c, str) or c.strip()) for c in cells):
                    collector.header(line, cells)
                    header_line = line
                    break
            if collector.positions is None:
                return collector.finish()  # no header: refused as empty
            positions = collector.positions
            # Only the header's wanted columns from here on: a sheet's row is read cell by cell.
            width = max(positions, default=0) + 1
            rows = sheet.iter_rows(min_row=header_line + 1, max_col=width, values_only=True)
            for line, cells in enumerate(rows, start=header_line + 1):
                values = []
                blank = True
                for name, position in zip(wanted, positions, strict=True):
                    value = cells[position] if position >= 0 else None
                    if value is None or type(value) is str:
                        text = value or ""
                    else:
                        text, trouble = _cell_text(value)
                        if trouble:
                            collector.note(line, Note(name, trouble))
                    if blank and text.strip():
                        blank = False
                    values.append(text)
                if blank:
                    collector.table.notes.pop(line, None)
                    continue
                collector.add(line, tuple(values))
        except failures as error:
            if _caused_by(error, DefusedXmlException):
                raise SheetError(SheetProblem.UNSAFE, _UNSAFE) from None
            raise SheetError(SheetProblem.UNREADABLE,
                             f"The workbook's first sheet can't be read ({type(error).__name__})."
                             ) from None
        finally:
            book.close()
    return collector.finish()


# --- Writing -------------------------------------------------------------------------------

def neutralise(value: Any) -> str:
    """A cell as text that no spreadsheet runs as a formula (OWASP: prefix a single quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence[Any]], batch: int = 2000,
               bom: bool = True) -> Iterator[str]:
    """CSV text in chunks, cells neutralised; a UTF-8 BOM first (so that Excel reads UTF-8)
    and the header line when given."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    if bom:
        buffer.write("\ufeff")
    if header:
        writer.writerow([neutralise(h) for h in header])
    for count, row in enumerate(rows, start=1):
        writer.writerow([neutralise(v) for v in row])
        if count % batch == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    if buffer.tell():
        yield buffer.getvalue()


def write_xlsx(target: IO[bytes], sheet_title: str, header: Sequence[str],
               rows: Iterable[Sequence[Any]], text_columns: Sequence[int] = (),
               widths: Sequence[int] = ()) -> None:
    """A one-sheet workbook, written row by row (openpyxl's write-only mode: bounded memory).

    Every cell is a text cell, so nothing runs as a formula and nothing loses leading zeros;
    `text_columns` are also formatted as text ('@') for what people type in later."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet(sheet_title)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for index in text_columns:
        sheet.column_dimensions[get_column_letter(index + 1)].number_format = "@"
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)

    def cell(value: Any, position: int, header_row: bool = False) -> Any:
        item = WriteOnlyCell(sheet, value=None if value is None else str(value))
        if value is not None:
            item.data_type = "s"
        if position in text_columns:
            item.number_format = "@"
        if header_row:
            item.font = bold
        return item

    sheet.append([cell(h, i, True) for i, h in enumerate(header)])
    for row in rows:
        sheet.append([cell(v, i) for i, v in enumerate(row)])
    book.save(target)
