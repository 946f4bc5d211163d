"""The exact XLSX reader: a small streaming reader on the stdlib expat parser.

It reads the first worksheet of xl/workbook.xml (through xl/_rels/workbook.xml.rels), its shared
strings and the number formats of its styles (to tell date cells). Each XML part is parsed with
DTDs and entities refused (`_Unsafe`), and the bytes each part actually unpacks to are counted
against a cap. Cell values follow openpyxl's read-only, data-only reading (which this reader
replaced), so that a cell reads as the same text with the same `Note`.

python-calamine reads the workbooks that `xlsx.Survey` finds plain, faster; this reader takes
the rest (dates, error cells, numbers of more than 15 digits, unusual XML), whose
cells calamine would not give back as they were written, and any workbook calamine fails on, so
that the message names the part and what is wrong with it.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Generator, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime, time, timedelta
from typing import Any, NoReturn
from xml.parsers import expat

from backend.spreadsheets.limits import (
    EXCEL_DIGITS,
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    SheetError,
    SheetProblem,
    limit,
    size,
)
from backend.spreadsheets.table import Collector, Note, Progress, Table

_CHUNK = 64 * 1024

_MAIN_NS = (
    "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
    "http://purl.oclc.org/ooxml/spreadsheetml/main",
)  # transitional, strict
_REL_NS = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "http://purl.oclc.org/ooxml/officeDocument/relationships",
)
_PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_WINDOWS_EPOCH = datetime(1899, 12, 30)
_MAC_EPOCH = datetime(1904, 1, 1)

# Element codes, by expat's "namespace local-name".
_C, _V, _ROW, _IS, _T, _RPH, _SI, _SHEET, _WORKBOOK_PR, _XF, _CELL_XFS, _NUM_FMT, _REL = range(
    1, 14
)
_NAMES = {
    "c": _C,
    "v": _V,
    "row": _ROW,
    "is": _IS,
    "t": _T,
    "rPh": _RPH,
    "si": _SI,
    "sheet": _SHEET,
    "workbookPr": _WORKBOOK_PR,
    "xf": _XF,
    "cellXfs": _CELL_XFS,
    "numFmt": _NUM_FMT,
}
_TAGS = {f"{ns} {local}": code for ns in _MAIN_NS for local, code in _NAMES.items()}
_TAGS[f"{_PACKAGE_REL_NS} Relationship"] = _REL
_REL_ID = tuple(f"{ns} id" for ns in _REL_NS)  # the r:id attribute of <sheet>

# Which number formats make a number cell a date (openpyxl's `is_date_format`), or a duration.
BUILTIN_DATE_FORMATS = frozenset((14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47))
_BUILTIN_TIMEDELTA_FORMATS = frozenset((46,))
_FORMAT_NOISE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA_PART = re.compile(
    r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I
)
_ISO_DATE = re.compile(
    r"""
(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?
(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?
""",
    re.VERBOSE,
)
_ISO_DURATION = re.compile(
    r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?"
)
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?\d+")
_DIGITS = "0123456789"


def _column_letters() -> dict[str, int]:
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    columns = {a: i for i, a in enumerate(letters, start=1)}
    columns.update(
        {
            a + b: 26 * i + j
            for i, a in enumerate(letters, start=1)
            for j, b in enumerate(letters, start=1)
        }
    )
    return columns


_COLUMNS = _column_letters()  # "A" -> 1 ... "ZZ" -> 702


class _Unsafe(Exception):
    """An XML part declared a DTD or entities."""


def _refuse(*_args: Any) -> NoReturn:
    raise _Unsafe


def _expat() -> Any:
    """A namespace-aware expat parser that refuses any DTD, entity declaration or external
    entity before it is expanded (billion laughs, XXE)."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    parser.buffer_text = True
    return parser


def _is_date_format(code: str | None) -> bool:
    if code is None:
        return False
    return _DATE_PART.search(_FORMAT_NOISE.sub("", code.split(";")[0])) is not None


def _is_timedelta_format(code: str | None) -> bool:
    return code is not None and _TIMEDELTA_PART.search(code.split(";")[0]) is not None


def _from_excel(value: float, epoch: datetime, duration: bool) -> Any:
    """A date cell's serial number as a datetime (time, timedelta), as openpyxl has it."""
    if duration:
        span = timedelta(days=value)
        if span.microseconds:
            span = timedelta(
                seconds=span.total_seconds() // 1, microseconds=round(span.microseconds, -3)
            )
        return span
    day, fraction = divmod(value, 1)
    diff = timedelta(milliseconds=round(fraction * 86400 * 1000))
    if 0 <= value < 1 and diff.days == 0:
        minutes, seconds = divmod(diff.seconds, 60)
        hours, minutes = divmod(minutes, 60)
        return time(hours, minutes, seconds, diff.microseconds)
    if 0 < value < 60 and epoch == _WINDOWS_EPOCH:
        day += 1  # Excel's 1900-02-29
    return epoch + timedelta(days=day) + diff


def _from_iso(text: str) -> Any:
    """A `t="d"` cell (ISO 8601), as openpyxl has it."""
    match = _ISO_DATE.match(text)
    if match and any(match.groups()):
        parts: dict[str, Any] = match.groupdict(0)
        for key in ("year", "month", "day", "hour", "minute", "second"):
            if parts[key]:
                parts[key] = int(parts[key])
        if parts["microsecond"]:
            parts["microsecond"] = int(float(parts["microsecond"]) * 1_000_000)
        if not parts["date"]:
            return time(parts["hour"], parts["minute"], parts["second"], parts["microsecond"])
        if not parts["time"]:
            return date(parts["year"], parts["month"], parts["day"])
        return datetime(
            parts["year"],
            parts["month"],
            parts["day"],
            parts["hour"],
            parts["minute"],
            parts["second"],
            parts["microsecond"],
        )
    match = _ISO_DURATION.match(text)
    if match and any(match.groups()):
        return timedelta(**{k: float(v) for k, v in match.groupdict(0).items() if v})
    raise ValueError(f"invalid date {text[:40]!r}")


def _column_of(reference: str) -> int:
    """The column (1 for A) of a cell reference such as "C12" or "$c$12"."""
    column = _COLUMNS.get(reference.rstrip(_DIGITS))
    if column is not None:
        return column
    match = _REFERENCE.fullmatch(reference)
    if not match:
        raise ValueError(f"invalid cell reference {reference[:20]!r}")
    column = 0
    for letter in match.group(1).upper():
        column = column * 26 + ord(letter) - 64
    if column > 18278:  # ZZZ, as openpyxl has it (Excel stops at XFD, 16384)
        raise ValueError(f"invalid cell reference {reference[:20]!r}")
    return column


def cell_text(value: Any) -> tuple[str, str | None]:
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
        return text, (
            f"is a number cell ({shown}): Excel may have dropped leading zeros"
            + (
                f" and keeps only {EXCEL_DIGITS} digits"
                if len(text.lstrip("-")) > EXCEL_DIGITS
                else ""
            )
            + (f"; it is read as {text}" if shown != text else "")
        )
    if isinstance(value, float):
        return repr(value), f"is a decimal number cell ({value!r}) that Excel may have rounded"
    if isinstance(value, datetime | date | time):
        return value.isoformat(), "is a date cell: Excel took the number for a date"
    return str(value), "is not a text cell"


class Workbook:
    """An open, checked workbook archive; each part read is streamed through expat, and the
    bytes it unpacks to are counted (a part may not unpack to more than the zip directory
    says, nor to more than its cap; all of them together not to more than MAX_UNCOMPRESSED)."""

    def __init__(self, data: bytes) -> None:
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise SheetError(
                SheetProblem.UNREADABLE,
                "The file is not a real XLSX workbook (its zip archive is damaged).",
            ) from None
        self.unpacked = 0
        self.part = ""  # the part being read, for messages
        try:
            self._check()
        except BaseException:
            self.archive.close()
            raise

    def close(self) -> None:
        self.archive.close()

    def _check(self) -> None:
        archive = self.archive
        members = archive.infolist()
        most = limit("MAX_MEMBERS")
        if len(members) > most:
            raise SheetError(
                SheetProblem.TOO_LARGE,
                f"The workbook has {len(members):,} parts; the most is {most:,}.",
            )
        total = sum(m.file_size for m in members)
        most = limit("MAX_UNCOMPRESSED")
        if total > most:
            raise SheetError(
                SheetProblem.TOO_LARGE,
                f"The workbook unpacks to {size(total)}; the most is "
                f"{size(most)}. It may be a zip bomb.",
            )
        self.names = {m.filename for m in members}
        if "xl/workbook.xml" not in self.names:
            raise SheetError(
                SheetProblem.UNREADABLE, "The file is a zip archive but not an XLSX workbook."
            )
        most = limit("MAX_SHARED_STRINGS")
        for member in members:
            if member.filename.endswith("sharedStrings.xml") and member.file_size > most:
                raise SheetError(
                    SheetProblem.TOO_LARGE,
                    f"The workbook's text table unpacks to "
                    f"{size(member.file_size)}; the most is {size(most)}.",
                )
        # What each part actually unpacks to, and whether it declares a DTD, is checked by
        # `xlsx.check_parts` before any part is parsed.

    def parse(self, name: str, parser: Any, cap: int) -> Iterator[None]:
        """Feeds the part `name` to `parser` a chunk at a time, yielding after each chunk."""
        self.part = name
        info = self.archive.getinfo(name)
        most = min(info.file_size, cap)
        total = limit("MAX_UNCOMPRESSED")
        read = 0
        with self.archive.open(info) as source:
            while True:
                chunk = source.read(_CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                self.unpacked += len(chunk)
                if read > most or self.unpacked > total:
                    raise SheetError(
                        SheetProblem.TOO_LARGE,
                        f"The workbook part {name} unpacks to more than "
                        f"{size(min(most, total))}. It may be a zip bomb.",
                    )
                parser.Parse(chunk, False)
                yield
        parser.Parse(b"", True)

    def read(self, name: str, parser: Any, cap: int | None = None) -> None:
        for _ in self.parse(name, parser, limit("MAX_PART") if cap is None else cap):
            pass

    def relationships(self, source: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id -> (type, the target's name in the archive)."""
        folder, _, base = source.rpartition("/")
        rels_name = f"{folder}/_rels/{base}.rels" if folder else f"_rels/{base}.rels"
        found: dict[str, tuple[str, str]] = {}
        if rels_name not in self.names:
            return found

        def start(name: str, attrs: dict[str, str]) -> None:
            if _TAGS.get(name) == _REL and attrs.get("TargetMode") != "External":
                target = attrs.get("Target", "")
                if target.startswith("/"):
                    target = target[1:]
                else:
                    target = posixpath.normpath(posixpath.join(folder, target))
                found[attrs.get("Id", "")] = (attrs.get("Type", ""), target)

        parser = _expat()
        parser.StartElementHandler = start
        self.read(rels_name, parser)
        return found

    def first_sheet(self) -> tuple[str, str, dict[str, tuple[str, str]], datetime]:
        """The first worksheet's part and name, the workbook's relationships and its date
        epoch."""
        sheets: list[tuple[str | None, str]] = []
        epoch = [_WINDOWS_EPOCH]

        def start(name: str, attrs: dict[str, str]) -> None:
            tag = _TAGS.get(name)
            if tag == _SHEET:
                sheets.append(
                    (next((attrs[k] for k in _REL_ID if k in attrs), None), attrs.get("name", ""))
                )
            elif tag == _WORKBOOK_PR:
                flag = attrs.get("date1904")
                if flag and flag.lower() not in ("false", "f", "0"):
                    epoch[0] = _MAC_EPOCH

        parser = _expat()
        parser.StartElementHandler = start
        self.read("xl/workbook.xml", parser)
        rels = self.relationships("xl/workbook.xml")
        for rel_id, sheet_name in sheets:
            if not rel_id:
                continue
            if rel_id not in rels:
                raise SheetError(
                    SheetProblem.UNREADABLE,
                    "The workbook is damaged: a sheet's part is missing from "
                    "xl/_rels/workbook.xml.rels.",
                )
            kind, target = rels[rel_id]
            if target in self.names and "chartsheet" not in kind:
                return target, sheet_name, rels, epoch[0]
        raise SheetError(SheetProblem.UNREADABLE, "The workbook has no sheet.")

    def _related(self, rels: dict[str, tuple[str, str]], kind: str, default: str) -> str | None:
        for rel_type, target in rels.values():
            if rel_type.endswith(kind) and target in self.names:
                return target
        return default if default in self.names else None

    def strings_part(self, rels: dict[str, tuple[str, str]]) -> str | None:
        return self._related(rels, "/sharedStrings", "xl/sharedStrings.xml")

    def styles_part(self, rels: dict[str, tuple[str, str]]) -> str | None:
        return self._related(rels, "/styles", "xl/styles.xml")

    def shared_strings(self, rels: dict[str, tuple[str, str]]) -> list[str]:
        name = self.strings_part(rels)
        strings: list[str] = []
        if name is None:
            return strings
        text: list[str] = []
        size = 0
        collecting = False
        phonetic = 0

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal collecting, phonetic, size
            tag = _TAGS.get(name)
            if tag == _T:
                collecting = not phonetic
            elif tag == _SI:
                text.clear()
                size = 0
            elif tag == _RPH:
                phonetic += 1

        def end(name: str) -> None:
            nonlocal collecting, phonetic
            tag = _TAGS.get(name)
            if tag == _T:
                collecting = False
            elif tag == _SI:
                value = "".join(text)
                strings.append(value.replace("x005F_", "") if "x005F_" in value else value)
            elif tag == _RPH:
                phonetic -= 1

        def chars(data: str) -> None:
            nonlocal size
            if collecting:
                size += len(data)
                if size > MAX_CELL_CHARS:
                    raise SheetError(
                        SheetProblem.UNREADABLE,
                        f"A text of the workbook has more than {MAX_CELL_CHARS:,} characters.",
                    )
                text.append(data)

        parser = _expat()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        self.read(name, parser, limit("MAX_SHARED_STRINGS"))
        return strings

    def number_formats(self, rels: dict[str, tuple[str, str]]) -> list[tuple[int, str | None]]:
        """The number format of each cell style (index into cellXfs): its id, and its code
        when the workbook defines it (else a built-in format)."""
        name = self.styles_part(rels)
        if name is None:
            return []
        formats: list[int] = []
        custom: dict[int, str] = {}
        depth = [0]

        def start(name: str, attrs: dict[str, str]) -> None:
            tag = _TAGS.get(name)
            if tag == _XF and depth[0]:
                formats.append(int(attrs.get("numFmtId") or 0))
            elif tag == _CELL_XFS:
                depth[0] += 1
            elif tag == _NUM_FMT:
                custom[int(attrs.get("numFmtId") or 0)] = attrs.get("formatCode", "")

        def end(name: str) -> None:
            if _TAGS.get(name) == _CELL_XFS:
                depth[0] -= 1

        parser = _expat()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        self.read(name, parser)
        return [(number_format, custom.get(number_format)) for number_format in formats]

    def date_styles(self, rels: dict[str, tuple[str, str]]) -> tuple[set[int], set[int]]:
        """The cell styles (indexes into cellXfs) that show a number as a date, and those of
        them that show a duration."""
        dates: set[int] = set()
        durations: set[int] = set()
        for index, (number_format, code) in enumerate(self.number_formats(rels)):
            if code is not None:
                is_date, is_duration = _is_date_format(code), _is_timedelta_format(code)
            else:
                is_date = number_format in BUILTIN_DATE_FORMATS
                is_duration = number_format in _BUILTIN_TIMEDELTA_FORMATS
            if is_date:
                dates.add(index)
            if is_duration:
                durations.add(index)
        return dates, durations


class _SheetReader:
    """Streams the rows of a worksheet part: `rows()` yields (row number, {column index from
    0: value}) with the cells of the first `width` columns that hold a value; values are str,
    int, float, bool, date/time/datetime/timedelta, as openpyxl (data only) reads them."""

    def __init__(
        self,
        book: Workbook,
        name: str,
        strings: list[str],
        dates: set[int],
        durations: set[int],
        epoch: datetime,
    ) -> None:
        self.book = book
        self.name = name
        self.width = MAX_COLUMNS  # lowered once the header is known
        self.strings = strings
        self.dates = dates
        self.durations = durations
        self.epoch = epoch

    def _number(self, raw: str, style: str | None) -> Any:
        value: int | float = float(raw) if "." in raw or "E" in raw or "e" in raw else int(raw)
        if self.dates and style and int(style) in self.dates:
            try:
                return _from_excel(value, self.epoch, int(style) in self.durations)
            except (OverflowError, ValueError):
                return "#VALUE!"  # openpyxl's reading of a date out of range
        return value

    def rows(self) -> Generator[tuple[int, dict[int, Any]], None, None]:
        ready: list[tuple[int, dict[int, Any]]] = []
        strings = self.strings
        tags = _TAGS
        number = self._number
        columns = _COLUMNS
        row_number = 0
        cells: dict[int, Any] = {}
        column = 0
        keep = False  # the current cell is within the width
        kind = "n"
        style: str | None = None
        raw: str | None = None  # the cell's <v>
        inline: str | None = None  # the cell's <is>, for an inlineStr cell
        text = ""
        collecting = False
        phonetic = 0
        reader = self

        def start(name: str, attrs: dict[str, str]) -> None:
            nonlocal \
                row_number, \
                cells, \
                column, \
                keep, \
                kind, \
                style, \
                raw, \
                inline, \
                text, \
                collecting, \
                phonetic
            tag = tags.get(name)
            if tag is None:
                return
            if tag == _C:
                reference = attrs.get("r")
                if reference:
                    column = columns.get(reference.rstrip(_DIGITS)) or _column_of(reference)
                else:
                    column += 1
                keep = column <= reader.width
                if keep:
                    kind = attrs.get("t", "n")
                    style = attrs.get("s")
                    raw = inline = None
            elif tag == _V:
                if keep and raw is None:
                    collecting = True
                    text = ""
            elif tag == _T:
                if inline is not None and not phonetic:
                    collecting = True
                    text = ""
            elif tag == _IS:
                if keep and kind == "inlineStr":
                    inline = ""
            elif tag == _ROW:
                number_text = attrs.get("r")
                if number_text:
                    try:
                        new = int(number_text)
                    except ValueError:
                        as_float = float(number_text)
                        if not as_float.is_integer():
                            raise ValueError(f"invalid row number {number_text[:20]!r}") from None
                        new = int(as_float)
                else:
                    new = row_number + 1
                if new <= row_number:
                    raise SheetError(
                        SheetProblem.UNREADABLE,
                        f"The workbook's first sheet is damaged: its row {new} "
                        f"comes after row {row_number}.",
                    )
                row_number = new
                cells = {}
                column = 0
            elif tag == _RPH:
                phonetic += 1

        def end(name: str) -> None:
            nonlocal cells, keep, raw, inline, collecting, phonetic
            tag = tags.get(name)
            if tag is None:
                return
            if tag == _C:
                if keep:
                    keep = False
                    if kind == "inlineStr":
                        value: Any = inline
                        inline = None
                    elif not raw:
                        value = None
                    elif kind == "n":
                        value = number(raw, style)
                    elif kind == "s":
                        index = int(raw)
                        if index < 0:
                            raise IndexError(index)
                        value = strings[index]
                    elif kind == "b":
                        value = bool(int(raw))
                    elif kind == "d":
                        value = _from_iso(raw)
                    else:  # str (a formula's text), e (an error such as #N/A), ...
                        value = raw
                    if value is not None:
                        cells[column - 1] = value
            elif tag == _V:
                if collecting:
                    collecting = False
                    raw = text
            elif tag == _T:
                if collecting:
                    collecting = False
                    inline = text if not inline else inline + text
                    if len(inline) > MAX_CELL_CHARS:
                        raise SheetError(
                            SheetProblem.UNREADABLE,
                            f"A cell of the workbook has more than {MAX_CELL_CHARS:,} characters.",
                        )
            elif tag == _ROW:
                if cells:
                    ready.append((row_number, cells))
                    cells = {}
            elif tag == _RPH:
                phonetic -= 1

        def chars(data: str) -> None:
            nonlocal text
            if collecting:
                text = data if not text else text + data
                if len(text) > MAX_CELL_CHARS:
                    raise SheetError(
                        SheetProblem.UNREADABLE,
                        f"A cell of the workbook has more than {MAX_CELL_CHARS:,} characters.",
                    )

        parser = _expat()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        for _ in self.book.parse(self.name, parser, limit("MAX_UNCOMPRESSED")):
            if ready:
                yield from ready
                ready.clear()
        yield from ready


UNSAFE = (
    "The workbook part {part} declares a DTD or entities, which a real workbook never "
    "does; it was refused."
)
_BROKEN = (
    KeyError,
    ValueError,
    IndexError,
    TypeError,
    OverflowError,
    OSError,
    EOFError,
    RuntimeError,
    NotImplementedError,
    zipfile.BadZipFile,
    zlib.error,
)


@contextmanager
def errors(book: Workbook) -> Iterator[None]:
    """Whatever goes wrong while `book` is read, as a `SheetError` that names the part."""
    try:
        yield
    except _Unsafe:
        raise SheetError(SheetProblem.UNSAFE, UNSAFE.format(part=book.part)) from None
    except expat.ExpatError as error:
        raise SheetError(
            SheetProblem.UNREADABLE,
            f"The workbook part {book.part} is not well-formed XML "
            f"({expat.ErrorString(error.code)}, line {error.lineno}).",
        ) from None
    except _BROKEN as error:
        raise SheetError(
            SheetProblem.UNREADABLE,
            f"The workbook part {book.part} can't be read ({type(error).__name__}).",
        ) from None


def read_sheet(
    book: Workbook,
    sheet_part: str,
    rels: dict[str, tuple[str, str]],
    epoch: datetime,
    wanted: Sequence[str],
    required: Sequence[str],
    max_lines: int,
    progress: Progress | None,
) -> Table:
    """The lines of the worksheet `sheet_part` of `book` (see `Workbook.first_sheet`)."""
    collector = Collector("XLSX", wanted, required, max_lines, progress)
    rows: Generator[tuple[int, dict[int, Any]], None, None] | None = None
    try:
        with errors(book):
            dates, durations = book.date_styles(rels)
            strings = book.shared_strings(rels)
            sheet = _SheetReader(book, sheet_part, strings, dates, durations, epoch)
            rows = sheet.rows()
            for line, cells in rows:
                if any(type(c) is not str or c.strip() for c in cells.values()):
                    collector.header(line, [cells.get(p) for p in range(max(cells) + 1)])
                    break
            if collector.positions is None:
                return collector.finish()  # no header: refused as empty
            positions = collector.positions
            # Only the header's wanted columns from here on.
            sheet.width = max(positions, default=0) + 1
            notes = collector.table.notes
            add = collector.add
            for line, cells in rows:
                get = cells.get
                values = [get(p, "") for p in positions]  # -1 (a column the header lacks): ""
                for index, value in enumerate(values):
                    if type(value) is not str:
                        values[index], trouble = cell_text(value)
                        if trouble:
                            collector.note(line, Note(wanted[index], trouble))
                if not any(value.strip() for value in values):
                    notes.pop(line, None)
                    continue
                add(line, tuple(values))
    finally:
        if rows is not None:
            rows.close()
    return collector.finish()
