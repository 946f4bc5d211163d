"""CSV: reading (the dialect told from the header line) and writing, formulas neutralised."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from backend.spreadsheets.limits import MAX_LINE_CHARS, SheetError, SheetProblem
from backend.spreadsheets.table import Collector, Progress, Table

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_MEDIA_TYPE = "text/csv; charset=utf-8"

_LONG_LINE = re.compile(r"[^\n]{" + str(MAX_LINE_CHARS + 1) + "}")


def _unquote(cell: str) -> str:
    # Our own exports neutralise formulas with a leading quote; read such a cell back as typed.
    if len(cell) > 1 and cell[0] == "'" and cell[1] in FORMULA_START:
        return cell[1:]
    return cell


def read_csv(
    data: bytes,
    wanted: Sequence[str],
    required: Sequence[str],
    max_lines: int,
    progress: Progress | None,
) -> Table:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise SheetError(
            SheetProblem.UNREADABLE,
            f"The file is not UTF-8 text (line {line} has the byte "
            f'0x{data[error.start]:02X}). Save it as "CSV UTF-8" or as .xlsx.',
            line=line,
        ) from None
    del data
    if "\x00" in text:
        raise SheetError(
            SheetProblem.UNREADABLE, "The file holds NUL bytes: it is not a CSV text file."
        )
    long = _LONG_LINE.search(text)
    if long:
        line = text.count("\n", 0, long.start()) + 1
        raise SheetError(
            SheetProblem.UNREADABLE,
            f"Line {line} is longer than {MAX_LINE_CHARS:,} characters.",
            line=line,
        )
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = ";" if first.count(";") > first.count(",") else ","
    collector = Collector("CSV", wanted, required, max_lines, progress)
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
            collector.add(
                line,
                tuple(_unquote(cells[p]) if 0 <= p < size else "" for p in collector.positions),
            )
    except csv.Error as error:
        raise SheetError(
            SheetProblem.UNREADABLE,
            f"Line {reader.line_num} can't be read as CSV: {error}.",
            line=reader.line_num,
        ) from None
    return collector.finish()


def neutralise(value: Any) -> str:
    """A cell as text that no spreadsheet runs as a formula (OWASP: prefix a single quote)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_chunks(
    header: Sequence[str], rows: Iterable[Sequence[Any]], batch: int = 2000, bom: bool = True
) -> Iterator[str]:
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
