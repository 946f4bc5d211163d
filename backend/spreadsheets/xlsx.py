"""XLSX: reading (checked, then python-calamine or the exact reader) and writing (XlsxWriter).

Reading a workbook goes in three steps:

1. `Workbook` (the exact reader's archive) opens the zip, checks its number of parts and the
   sizes its directory declares, and finds the first worksheet and its text table through
   xl/workbook.xml and its relationships (expat, DTDs refused).
2. `check_parts` unpacks every XML part once, with zlib, before any library parses it: a part
   may not unpack to more than its directory entry says (nor its deflate stream go on past
   it), nor to more than its cap; none may declare a DTD or entities (anywhere in it, not only
   at its head). On the way `Survey` looks at the worksheet's XML for what python-calamine
   would not read as it was written (see `Survey`).
3. A plain sheet is read by python-calamine; any other, and any that calamine fails on, by the
   exact streaming reader (`xlsx_expat`), which names the part and what is wrong with it.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator, Sequence
from operator import itemgetter
from typing import IO, Any

from backend.spreadsheets.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    SheetError,
    SheetProblem,
    limit,
    size,
)
from backend.spreadsheets.table import Collector, Note, Progress, Table
from backend.spreadsheets.xlsx_expat import (
    BUILTIN_DATE_FORMATS,
    UNSAFE,
    Workbook,
    cell_text,
    errors,
    read_sheet,
)

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

# python-calamine holds a sheet as one dense block of cells, from its top left cell to its
# bottom right one, whatever lies between: two cells A1 and XFD1048576 make 17 billion cells,
# and the allocation aborts the process. Beyond this many, the exact reader (which streams)
# reads the sheet.
MAX_DENSE_CELLS = 2_000_000

_CHUNK = 256 * 1024
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")  # zipfile's structFileHeader
_DANGEROUS = (b"<!doctype", b"<!entity")
_XML_PARTS = (".xml", ".rels", ".vml")


# --- Reading -------------------------------------------------------------------------------


def read_xlsx(
    data: bytes,
    wanted: Sequence[str],
    required: Sequence[str],
    max_lines: int,
    progress: Progress | None,
) -> Table:
    book = Workbook(data)
    try:
        with errors(book):
            sheet_part, sheet_name, rels, epoch = book.first_sheet()
            strings_part = book.strings_part(rels)
            formats = book.number_formats(rels)
            styles_part = book.styles_part(rels)
        survey = check_parts(data, book.archive, sheet_part, strings_part)
        # calamine reads the text table and the styles from where they usually are.
        if (
            survey.plain
            and strings_part in (None, "xl/sharedStrings.xml")
            and styles_part in (None, "xl/styles.xml")
            and not any(_date_like(number_format, code) for number_format, code in formats)
        ):
            table = _read_with_calamine(data, sheet_name, wanted, required, max_lines, progress)
            if table is not None:
                return table
        return read_sheet(book, sheet_part, rels, epoch, wanted, required, max_lines, progress)
    finally:
        book.close()


def _read_with_calamine(
    data: bytes,
    sheet_name: str,
    wanted: Sequence[str],
    required: Sequence[str],
    max_lines: int,
    progress: Progress | None,
) -> Table | None:
    """The lines of a plain sheet, or None when calamine can't read it (the exact reader then
    says why)."""
    import python_calamine

    try:
        with python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as workbook:
            sheet = workbook.get_sheet_by_name(sheet_name)
    except Exception:
        return None
    except BaseException as error:  # a panic in the Rust code (pyo3's PanicException)
        if type(error).__name__ != "PanicException":
            raise
        return None
    collector = Collector("XLSX", wanted, required, max_lines, progress)
    if sheet.start is None:  # no cell holds a value
        return collector.finish()
    first_column = sheet.start[1]
    # python-calamine yields the rows from the sheet's first (padded with empty rows down to
    # its top cell), each from the range's leftmost column.
    rows = enumerate(sheet.iter_rows(), start=1)
    for line, cells in rows:
        if any(type(c) is not str or c.strip() for c in cells):
            _check_lengths(line, cells)
            collector.header(line, [None] * first_column + cells)
            break
        _check_lengths(line, cells)
    if collector.positions is None:
        return collector.finish()  # no header: refused as empty
    # Every row has the range's width; one more cell, empty, stands for the columns the
    # header lacks and those left of the range.
    width = sheet.width
    places = [p - first_column if p >= first_column else width for p in collector.positions]
    take = itemgetter(*places) if len(places) > 1 else lambda cells: (cells[places[0]],)
    lines = collector.table.lines
    for line, cells in rows:
        cells.append("")
        values = take(cells)
        for value in values:
            if type(value) is not str:
                values = _with_notes(collector, line, values)
                break
        text = "".join(values)
        if len(text) > MAX_CELL_CHARS:
            for value in values:
                if len(value) > MAX_CELL_CHARS:
                    _too_long(line)
        if not text.strip():
            collector.table.notes.pop(line, None)
            continue
        if len(lines) >= max_lines or progress:
            collector.add(line, values)
        else:
            lines.append((line, values))
    return collector.finish()


def _with_notes(collector: Collector, line: int, values: tuple[Any, ...]) -> tuple[str, ...]:
    """The values as text, with a note on each that was not a text cell."""
    texts = []
    for index, value in enumerate(values):
        if type(value) is not str:
            value, trouble = cell_text(value)
            if trouble:
                collector.note(line, Note(collector.wanted[index], trouble))
        texts.append(value)
    return tuple(texts)


def _check_lengths(line: int, cells: list[Any]) -> None:
    if any(type(c) is str and len(c) > MAX_CELL_CHARS for c in cells[:MAX_COLUMNS]):
        _too_long(line)


def _too_long(line: int) -> None:
    raise SheetError(
        SheetProblem.UNREADABLE,
        f"A cell of the workbook has more than {MAX_CELL_CHARS:,} characters (row {line}).",
        line=line,
    )


# Date formats: python-calamine's idea of them (calamine's `detect_custom_number_format`) and
# openpyxl's (the exact reader's) differ at the edges, so any format with a letter that either
# takes for a part of a date sends the workbook to the exact reader.
_QUOTED_OR_ESCAPED = re.compile(r'"[^"]*"?|[\\_*].')
_BRACKETS = re.compile(r"\[([^\]]*)\]")
_DATE_LETTERS = re.compile(r"[dmhysDMHYSaApP]")
_COLOURS = ("$", "Black", "Blue", "Cyan", "Green", "Magenta", "Red", "White", "Yellow", "Color")


def _date_like(number_format: int, code: str | None) -> bool:
    if code is None:
        return number_format in BUILTIN_DATE_FORMATS
    code = _QUOTED_OR_ESCAPED.sub("", code)
    if any(
        _DATE_LETTERS.search(inside) and not inside.startswith(_COLOURS)
        for inside in _BRACKETS.findall(code)
    ):
        return True
    return _DATE_LETTERS.search(_BRACKETS.sub("", code)) is not None


# --- The parts, unpacked and checked before anything parses them --------------------------


def _broken(name: str, what: str) -> SheetError:
    return SheetError(SheetProblem.UNREADABLE, f"The workbook part {name} {what}.")


def _unpacked(
    data: bytes, info: zipfile.ZipInfo, cap: int, total: list[int], most_total: int
) -> Iterator[bytes]:
    """The part's bytes as its own compressed data gives them (python-calamine unpacks the
    parts itself, and does not stop where the zip directory says a part ends): refused once
    they pass what the directory declares or `cap`, or all parts so far (`total`) pass
    `most_total`; checked against the declared size and CRC at the end."""
    name = info.filename
    if info.flag_bits & 0x1:
        raise _broken(name, "is encrypted")
    if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
        raise _broken(
            name,
            f"is compressed by a method (number {info.compress_type}) that workbooks don't use",
        )
    try:
        header = _LOCAL_HEADER.unpack_from(data, info.header_offset)
    except struct.error:
        raise _broken(name, "is cut short (the zip archive is damaged)") from None
    if header[0] != b"PK\x03\x04":
        raise _broken(name, "is not where the zip directory says it is")
    start = info.header_offset + _LOCAL_HEADER.size + header[10] + header[11]
    raw = memoryview(data)[start : start + info.compress_size]
    if len(raw) != info.compress_size:
        raise _broken(name, "is cut short (the zip archive is damaged)")
    most = min(info.file_size, cap)
    read = crc = 0

    def count(chunk: bytes) -> bytes:
        nonlocal read, crc
        read += len(chunk)
        total[0] += len(chunk)
        if read > most or total[0] > most_total:
            raise SheetError(
                SheetProblem.TOO_LARGE,
                f"The workbook part {name} unpacks to more than "
                f"{size(min(most, most_total))}. It may be a zip bomb.",
            )
        crc = zlib.crc32(chunk, crc)
        return chunk

    if info.compress_type == zipfile.ZIP_STORED:
        for offset in range(0, len(raw), _CHUNK):
            yield count(bytes(raw[offset : offset + _CHUNK]))
    else:
        inflater = zlib.decompressobj(-zlib.MAX_WBITS)
        offset = 0
        try:
            while not inflater.eof:
                if inflater.unconsumed_tail:
                    piece: bytes | memoryview = inflater.unconsumed_tail
                elif offset < len(raw):
                    piece = raw[offset : offset + _CHUNK]
                    offset += _CHUNK
                else:
                    break
                yield count(inflater.decompress(piece, _CHUNK))
        except zlib.error as error:
            raise _broken(name, f"can't be unpacked ({error})") from None
        if not inflater.eof:
            raise _broken(name, "is cut short (its compressed data ends too soon)")
    if read != info.file_size:
        raise _broken(
            name, f"unpacks to {read:,} bytes where the zip directory says {info.file_size:,}"
        )
    if crc != info.CRC:
        raise _broken(name, "is damaged (its checksum does not match)")


def check_parts(
    data: bytes, archive: zipfile.ZipFile, sheet_part: str, strings_part: str | None
) -> Survey:
    """Unpacks every XML part once (see `_unpacked`), refuses any that declares a DTD or
    entities, and surveys the worksheet and the text table on the way."""
    most_total = limit("MAX_UNCOMPRESSED")
    total = [0]
    survey = Survey()
    for info in archive.infolist():
        name = info.filename
        if not name.endswith(_XML_PARTS) and name not in (sheet_part, strings_part):
            continue
        if name == sheet_part:
            cap, look = most_total, survey.feed
        elif name == strings_part:
            cap, look = limit("MAX_SHARED_STRINGS"), survey.text
        else:
            cap, look = limit("MAX_PART"), None
        tail = b""
        utf16 = None
        for chunk in _unpacked(data, info, cap, total, most_total):
            if utf16 is None:
                utf16 = chunk[:2] in (b"\xff\xfe", b"\xfe\xff")
                head = chunk[:200].lower()
                if look is not None and (
                    utf16
                    or b"encoding=" in head
                    and not any(f"encoding={q}utf-8{q}".encode() in head for q in "\"'")
                ):
                    survey.plain = False  # the exact reader (expat) decodes any encoding
            lowered = tail + (chunk.replace(b"\x00", b"") if utf16 else chunk).lower()
            if any(mark in lowered for mark in _DANGEROUS):
                raise SheetError(SheetProblem.UNSAFE, UNSAFE.format(part=name))
            tail = lowered[-16:]
            if look is not None:
                look(chunk)
        if name == sheet_part:
            survey.close()
    return survey


# --- What python-calamine would not read as it was written --------------------------------

# The empty groups make `findall` count without a new object per match.
_ROW_ANY = re.compile(rb"<row()[\s/>]")
_ROW = re.compile(rb'<row r="(\d+)"')
_CELL_ANY = re.compile(rb"<c()[\s/>]")
_CELL_COLUMN = re.compile(rb'<c r="([A-Z]{1,3})\d')
_CELL_ROW = re.compile(rb'<c r="[A-Z]{1,3}(\d+)"')
_ODD_VALUE = re.compile(rb"<v>[0-9.eE+\-]*[^0-9.eE+\-<]")  # not a number
# An integer past 2**53 (9,007,199,254,740,992) that a float may not keep.
_LONG_NUMBER = re.compile(rb"<v>-?(?:\d{17}|9\d{15})")
_PREFIXED = re.compile(rb":(?:row|c|v|is|t)[\s/>]")  # a namespace prefix on a name read
_ERROR_OR_DATE = re.compile(rb"""t=["'][ed]["']""")  # "#N/A", an ISO date
_TEXT_MARKS = (b"<rPh", b"_x", b"<!")  # phonetic text, _xHHHH_ escapes, CDATA or comments
_LEADING_SPACE = re.compile(rb"<t>\s")
_TRAILING_SPACE = (b" </t>", b"\t</t>", b"\n</t>", b"\r</t>")


def _trimmed(part: bytes) -> bool:
    """Whether a text of `part` begins or ends with white space without xml:space="preserve"
    (which calamine trims, and the exact reader keeps)."""
    if _LEADING_SPACE.search(part):
        return True
    for mark in _TRAILING_SPACE:
        at = part.find(mark)
        while at >= 0:
            opening = part.rfind(b"<t", 0, at)
            if opening < 0 or part[opening + 2 : opening + 3] == b">":
                return True
            at = part.find(mark, at + 1)
    return False


def _column_number(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + letter - 64
    return number


_NEAR_COLUMNS = frozenset(bytes([a]) for a in range(65, 91)) | frozenset(
    bytes([a, b])
    for a in range(65, 91)
    for b in range(65, 91)
    if _column_number(bytes([a, b])) <= MAX_COLUMNS
)


class Survey:
    """Looks at a worksheet's XML, a chunk at a time, for what python-calamine would read
    otherwise than the exact reader (as openpyxl does), or not at all safely.

    The sheet is plain, and calamine may read it, when every row is `<row r="N"` in rising
    order and every cell `<c r="A1"` within the first MAX_COLUMNS columns, with no namespace
    prefixes; no cell is an error (calamine reads "#N/A" as empty) or an ISO date (calamine
    can't tell it from a date-formatted number); no number has more digits than a float keeps
    or is not a number at all (calamine reads "1,5" as text); no text has phonetic runs,
    _xHHHH_ escapes, CDATA or comments, or white space at an end that calamine would trim;
    and the cells span at most MAX_DENSE_CELLS. Anything else goes to the exact reader, which
    also gives the errors for damaged sheets."""

    def __init__(self) -> None:
        self.plain = True
        self.pending = b""  # from the last "<" of the chunk before: never a tag cut in two
        self.last_row = 0
        self.rows = (0, 0)  # the first and last row
        self.row_before = 0  # the last row of the chunks before
        self.letters: set[bytes] = set()
        self.last_cell = b""  # the last cell tag of the chunk before
        self.text_pending = b""

    def text(self, chunk: bytes) -> None:
        """The text table: the marks of text read otherwise (see `_TEXT_MARKS`)."""
        data = self.text_pending + chunk
        cut = data.rfind(b"<t")
        self.text_pending = data[cut:] if cut >= 0 else data[-16:]
        if self.plain and (any(mark in data for mark in _TEXT_MARKS) or _trimmed(data)):
            self.plain = False

    def feed(self, chunk: bytes) -> None:
        if not self.plain:
            return
        data = self.pending + chunk
        cut = data.rfind(b"<")
        if cut < 0:
            self.pending = data
            return
        part, self.pending = data[:cut], data[cut:]
        self._look(part)

    def close(self) -> None:
        if self.plain:
            self._look(self.pending)
            self.pending = b""
        if self.plain and self.letters:
            columns = [_column_number(letters) for letters in self.letters]
            cells = (self.rows[1] - self.rows[0] + 1) * (max(columns) - min(columns) + 1)
            if cells > MAX_DENSE_CELLS:
                self.plain = False

    def _look(self, part: bytes) -> None:
        if (
            any(mark in part for mark in _TEXT_MARKS)
            or _PREFIXED.search(part)
            or _ERROR_OR_DATE.search(part)
            or _trimmed(part)
        ):
            self.plain = False
            return
        rows = _ROW.findall(part)
        columns = _CELL_COLUMN.findall(part)
        cell_rows = _CELL_ROW.findall(part)
        if len(rows) != len(_ROW_ANY.findall(part)) or not (
            len(columns) == len(cell_rows) == len(_CELL_ANY.findall(part))
        ):
            self.plain = False  # a row or a cell written otherwise
            return
        if rows:
            numbers = list(map(int, rows))
            if numbers[0] <= self.last_row or any(
                b <= a for a, b in zip(numbers, numbers[1:], strict=False)
            ):
                self.plain = False  # rows out of order
                return
            if not self.rows[0]:
                self.rows = (numbers[0], 0)
            self.last_row = numbers[-1]
            self.rows = (self.rows[0], self.last_row)
        if cell_rows:
            # Each cell in a row that is there (so the rows span the cells; the last row of
            # the chunk before may go on in this one).
            if not set(cell_rows) <= {*rows, str(self.row_before).encode()}:
                self.plain = False
                return
            letters = set(columns)
            if not letters <= _NEAR_COLUMNS:
                self.plain = False  # a cell beyond MAX_COLUMNS
                return
            self.letters |= letters
        self.row_before = self.last_row
        if _LONG_NUMBER.search(part):
            self.plain = False
            return
        for match in _ODD_VALUE.finditer(part):
            start = part.rfind(b"<c ", 0, match.start())
            tag = part[start : part.index(b">", start)] if start >= 0 else self.last_cell
            if b't="str"' not in tag:  # text is a formula's result only
                self.plain = False
                return
        start = part.rfind(b"<c ")
        if start >= 0:
            end = part.find(b">", start)
            self.last_cell = part[start : end if end >= 0 else len(part)]


# --- Writing -------------------------------------------------------------------------------


def write_xlsx(
    target: IO[bytes],
    sheet_title: str,
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    text_columns: Sequence[int] = (),
    widths: Sequence[int] = (),
) -> None:
    """A one-sheet workbook, written row by row (XlsxWriter's constant_memory mode: each row
    goes to a temporary file as soon as the next begins, so memory stays flat).

    Every cell is a text cell, so nothing runs as a formula and nothing loses leading zeros;
    `text_columns` are also formatted as text ('@') for what people type in later."""
    import xlsxwriter

    book = xlsxwriter.Workbook(target, {"constant_memory": True})
    try:
        sheet = book.add_worksheet(sheet_title)
        text = book.add_format({"num_format": "@"})
        bold = book.add_format({"bold": True})
        bold_text = book.add_format({"bold": True, "num_format": "@"})
        text_set = set(text_columns)
        for index in range(max([len(widths), *[i + 1 for i in text_set]], default=0)):
            width = widths[index] if index < len(widths) else None
            sheet.set_column(index, index, width, text if index in text_set else None)
        sheet.freeze_panes(1, 0)
        for column, name in enumerate(header):
            sheet.write_string(
                0,
                column,
                "" if name is None else str(name),
                bold_text if column in text_set else bold,
            )
        write_string, write_blank = sheet.write_string, sheet.write_blank
        for row_number, row in enumerate(rows, start=1):
            for column, value in enumerate(row):
                cell_format = text if column in text_set else None
                if value is None or value == "":  # an empty cell (formatted in a text column)
                    if cell_format is not None:
                        write_blank(row_number, column, None, cell_format)
                elif cell_format is None:
                    write_string(row_number, column, str(value))
                else:
                    write_string(row_number, column, str(value), cell_format)
    finally:
        book.close()
