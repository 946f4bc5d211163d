"""Reading and writing the files people trade serial numbers in: CSV and XLSX.

Reading is bounded: a file's size, its number of lines and (for a workbook) the uncompressed
sizes its zip directory declares are checked before any parsing, and so are the bytes each part
actually unpacks to while it is streamed. A workbook is read by a small streaming reader on the
stdlib expat parser, which refuses any DTD or entity declaration. Writing (openpyxl) neutralises
cells that a spreadsheet would run as a formula. Nothing here knows the domain.
"""

from __future__ import annotations

import csv
import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from typing import IO, Any
from xml.parsers import expat

MAX_BYTES = 20 * 1024 * 1024
MAX_LINES = 100_000
MAX_LINE_CHARS = 100_000  # one CSV line; keeps a line of a million commas out of memory
# A workbook is a zip: what its directory says the parts unpack to is checked before parsing.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_SHARED_STRINGS = 64 * 1024 * 1024  # unpacked; the strings are held in memory whole
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
#
# A workbook is read by a small streaming reader on the stdlib expat parser: the first worksheet
# of xl/workbook.xml (through xl/_rels/workbook.xml.rels), its shared strings and the number
# formats of its styles (to tell date cells). Each XML part is parsed with DTDs and entities
# refused (`_Unsafe`), and the bytes each part actually unpacks to are counted against a cap.
# Cell values follow openpyxl's read-only, data-only reading (which this reader replaced), so
# that a cell reads as the same text with the same `Note`.

_DANGEROUS = (b"<!doctype", b"<!entity")
_CHUNK = 64 * 1024
MAX_PART = 64 * 1024 * 1024  # workbook.xml, its relationships, styles.xml: unpacked
MAX_CELL_CHARS = 100_000  # one cell's text (Excel's own limit is 32,767)

_MAIN_NS = ("http://schemas.openxmlformats.org/spreadsheetml/2006/main",
            "http://purl.oclc.org/ooxml/spreadsheetml/main")  # transitional, strict
_REL_NS = ("http://schemas.openxmlformats.org/officeDocument/2006/relationships",
           "http://purl.oclc.org/ooxml/officeDocument/relationships")
_PACKAGE_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_WINDOWS_EPOCH = datetime(1899, 12, 30)
_MAC_EPOCH = datetime(1904, 1, 1)

# Element codes, by expat's "namespace local-name".
_C, _V, _ROW, _IS, _T, _RPH, _SI, _SHEET, _WORKBOOK_PR, _XF, _CELL_XFS, _NUM_FMT, _REL = \
    range(1, 14)
_NAMES = {"c": _C, "v": _V, "row": _ROW, "is": _IS, "t": _T, "rPh": _RPH, "si": _SI,
          "sheet": _SHEET, "workbookPr": _WORKBOOK_PR, "xf": _XF, "cellXfs": _CELL_XFS,
          "numFmt": _NUM_FMT}
_TAGS = {f"{ns} {local}": code for ns in _MAIN_NS for local, code in _NAMES.items()}
_TAGS[f"{_PACKAGE_REL_NS} Relationship"] = _REL
_REL_ID = tuple(f"{ns} id" for ns in _REL_NS)  # the r:id attribute of <sheet>

# Which number formats make a number cell a date (openpyxl's `is_date_format`), or a duration.
_BUILTIN_DATE_FORMATS = frozenset((14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47))
_BUILTIN_TIMEDELTA_FORMATS = frozenset((46,))
_FORMAT_NOISE = re.compile(r'".*?"|\[(?!hh?\]|mm?\]|ss?\])[^\]]*\]')
_DATE_PART = re.compile(r"(?<![_\\])[dmhysDMHYS]")
_TIMEDELTA_PART = re.compile(
    r"\[hh?\](:mm(:ss(\.0*)?)?)?|\[mm?\](:ss(\.0*)?)?|\[ss?\](\.0*)?", re.I)
_ISO_DATE = re.compile(r"""
(?P<date>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))?T?
(?P<time>(?P<hour>\d{2}):(?P<minute>\d{2})(:(?P<second>\d{2})(?P<microsecond>\.\d{1,3})?)?)?Z?
""", re.VERBOSE)
_ISO_DURATION = re.compile(
    r"PT((?P<hours>\d+)H)?((?P<minutes>\d+)M)?((?P<seconds>\d+(\.\d{1,3})?)S)?")
_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?\d+")
_DIGITS = "0123456789"


def _column_letters() -> dict[str, int]:
    letters = [chr(c) for c in range(ord("A"), ord("Z") + 1)]
    columns = {a: i for i, a in enumerate(letters, start=1)}
    columns.update({a + b: 26 * i + j for i, a in enumerate(letters, start=1)
                    for j, b in enumerate(letters, start=1)})
    return columns


_COLUMNS = _column_letters()  # "A" -> 1 ... "ZZ" -> 702


class _Unsafe(Exception):
    """An XML part declared a DTD or entities."""


def _refuse(*_args: Any) -> None:
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
            span = timedelta(seconds=span.total_seconds() // 1,
                             microseconds=round(span.microseconds, -3))
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
        return datetime(parts["year"], parts["month"], parts["day"], parts["hour"],
                        parts["minute"], parts["second"], parts["microsecond"])
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


class _Workbook:
    """An open, checked workbook archive; each part read is streamed through expat, and the
    bytes it unpacks to are counted (a part may not unpack to more than the zip directory
    says, nor to more than its cap; all of them together not to more than MAX_UNCOMPRESSED)."""

    def __init__(self, data: bytes) -> None:
        try:
            self.archive = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise SheetError(SheetProblem.UNREADABLE,
                             "The file is not a real XLSX workbook (its zip archive is damaged)."
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
        if len(members) > MAX_MEMBERS:
            raise SheetError(SheetProblem.TOO_LARGE,
                             f"The workbook has {len(members):,} parts; the most is "
                             f"{MAX_MEMBERS:,}.")
        total = sum(m.file_size for m in members)
        if total > MAX_UNCOMPRESSED:
            raise SheetError(SheetProblem.TOO_LARGE,
                             f"The workbook unpacks to {_size(total)}; the most is "
                             f"{_size(MAX_UNCOMPRESSED)}. It may be a zip bomb.")
        self.names = {m.filename for m in members}
        if "xl/workbook.xml" not in self.names:
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
            # A first look at each part's head (the parser refuses DTDs further down too).
            try:
                with archive.open(member) as part:
                    head = part.read(4096)
            except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError,
                    RuntimeError, EOFError, zlib.error):
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

    def parse(self, name: str, parser: Any, cap: int) -> Iterator[None]:
        """Feeds the part `name` to `parser` a chunk at a time, yielding after each chunk."""
        self.part = name
        info = self.archive.getinfo(name)
        limit = min(info.file_size, cap)
        read = 0
        with self.archive.open(info) as source:
            while True:
                chunk = source.read(_CHUNK)
                if not chunk:
                    break
                read += len(chunk)
                self.unpacked += len(chunk)
                if read > limit or self.unpacked > MAX_UNCOMPRESSED:
                    raise SheetError(SheetProblem.TOO_LARGE,
                                     f"The workbook part {name} unpacks to more than "
                                     f"{_size(min(limit, MAX_UNCOMPRESSED))}. It may be a zip "
                                     "bomb.")
                parser.Parse(chunk, False)
                yield
        parser.Parse(b"", True)

    def read(self, name: str, parser: Any, cap: int = MAX_PART) -> None:
        for _ in self.parse(name, parser, cap):
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

    def first_sheet(self) -> tuple[str, dict[str, tuple[str, str]], datetime]:
        """The first worksheet's part, the workbook's relationships and its date epoch."""
        sheets: list[str | None] = []
        epoch = [_WINDOWS_EPOCH]

        def start(name: str, attrs: dict[str, str]) -> None:
            tag = _TAGS.get(name)
            if tag == _SHEET:
                sheets.append(next((attrs[k] for k in _REL_ID if k in attrs), None))
            elif tag == _WORKBOOK_PR:
                flag = attrs.get("date1904")
                if flag and flag.lower() not in ("false", "f", "0"):
                    epoch[0] = _MAC_EPOCH

        parser = _expat()
        parser.StartElementHandler = start
        self.read("xl/workbook.xml", parser)
        rels = self.relationships("xl/workbook.xml")
        for rel_id in sheets:
            if not rel_id:
                continue
            if rel_id not in rels:
                raise SheetError(SheetProblem.UNREADABLE,
                                 "The workbook is damaged: a sheet's part is missing from "
                                 "xl/_rels/workbook.xml.rels.")
            kind, target = rels[rel_id]
            if target in self.names and "chartsheet" not in kind:
                return target, rels, epoch[0]
        raise SheetError(SheetProblem.UNREADABLE, "The workbook has no sheet.")

    def _related(self, rels: dict[str, tuple[str, str]], kind: str, default: str) -> str | None:
        for rel_type, target in rels.values():
            if rel_type.endswith(kind) and target in self.names:
                return target
        return default if default in self.names else None

    def shared_strings(self, rels: dict[str, tuple[str, str]]) -> list[str]:
        name = self._related(rels, "/sharedStrings", "xl/sharedStrings.xml")
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
                    raise SheetError(SheetProblem.UNREADABLE,
                                     f"A text of the workbook has more than "
                                     f"{MAX_CELL_CHARS:,} characters.")
                text.append(data)

        parser = _expat()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        self.read(name, parser, MAX_SHARED_STRINGS)
        return strings

    def date_styles(self, rels: dict[str, tuple[str, str]]) -> tuple[set[int], set[int]]:
        """The cell styles (indexes into cellXfs) that show a number as a date, and those of
        them that show a duration."""
        name = self._related(rels, "/styles", "xl/styles.xml")
        if name is None:
            return set(), set()
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
        dates: set[int] = set()
        durations: set[int] = set()
        for index, number_format in enumerate(formats):
            if number_format in custom:
                code = custom[number_format]
                is_date, is_duration = _is_date_format(code), _is_timedelta_format(code)
            else:
                is_date = number_format in _BUILTIN_DATE_FORMATS
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

    def __init__(self, book: _Workbook, name: str, strings: list[str],
                 dates: set[int], durations: set[int], epoch: datetime) -> None:
        self.book = book
        self.name = name
        self.width = MAX_COLUMNS  # lowered once the header is known
        self.strings = strings
        self.dates = dates
        self.durations = durations
        self.epoch = epoch

    def _number(self, raw: str, style: str | None) -> Any:
        value: int | float = (float(raw) if "." in raw or "E" in raw or "e" in raw
                              else int(raw))
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
            nonlocal row_number, cells, column, keep, kind, style, raw, inline, text, \
                collecting, phonetic
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
                            raise ValueError(f"invalid row number {number_text[:20]!r}"
                                             ) from None
                        new = int(as_float)
                else:
                    new = row_number + 1
                if new <= row_number:
                    raise SheetError(SheetProblem.UNREADABLE,
                                     f"The workbook's first sheet is damaged: its row {new} "
                                     f"comes after row {row_number}.")
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
                        raise SheetError(SheetProblem.UNREADABLE,
                                         f"A cell of the workbook has more than "
                                         f"{MAX_CELL_CHARS:,} characters.")
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
                    raise SheetError(SheetProblem.UNREADABLE,
                                     f"A cell of the workbook has more than "
                                     f"{MAX_CELL_CHARS:,} characters.")

        parser = _expat()
        parser.StartElementHandler = start
        parser.EndElementHandler = end
        parser.CharacterDataHandler = chars
        for _ in self.book.parse(self.name, parser, MAX_UNCOMPRESSED):
            if ready:
                yield from ready
                ready.clear()
        yield from ready


_UNSAFE = ("The workbook part {part} declares a DTD or entities, which a real workbook never "
           "does; it was refused.")
_BROKEN = (KeyError, ValueError, IndexError, TypeError, OverflowError, OSError, EOFError,
           RuntimeError, NotImplementedError, zipfile.BadZipFile, zlib.error)


def _read_xlsx(data: bytes, wanted: Sequence[str], required: Sequence[str], max_lines: int,
               progress: Progress | None) -> Table:
    book = _Workbook(data)
    collector = _Collector("XLSX", wanted, required, max_lines, progress)
    rows: Generator[tuple[int, dict[int, Any]], None, None] | None = None
    try:
        sheet_name, rels, epoch = book.first_sheet()
        dates, durations = book.date_styles(rels)
        strings = book.shared_strings(rels)
        sheet = _SheetReader(book, sheet_name, strings, dates, durations, epoch)
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
                    values[index], trouble = _cell_text(value)
                    if trouble:
                        collector.note(line, Note(wanted[index], trouble))
            if not any(value.strip() for value in values):
                notes.pop(line, None)
                continue
            add(line, tuple(values))
    except _Unsafe:
        raise SheetError(SheetProblem.UNSAFE, _UNSAFE.format(part=book.part)) from None
    except expat.ExpatError as error:
        raise SheetError(SheetProblem.UNREADABLE,
                         f"The workbook part {book.part} is not well-formed XML "
                         f"({expat.ErrorString(error.code)}, line {error.lineno})."
                         ) from None
    except _BROKEN as error:
        raise SheetError(SheetProblem.UNREADABLE,
                         f"The workbook part {book.part} can't be read ({type(error).__name__})."
                         ) from None
    finally:
        if rows is not None:
            rows.close()
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
