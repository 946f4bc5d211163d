"""The two XLSX readers: python-calamine for plain sheets, the exact streaming reader for the
rest; they read a plain sheet alike, and what calamine can't read safely never reaches it."""

from __future__ import annotations

import contextlib
import io
import struct
import time
import zipfile

import pytest

from backend import spreadsheets
from backend.domain import importing
from backend.spreadsheets import SheetProblem, xlsx
from tests.domain.test_import_files import HEADER_ROW, read, refused, workbook


@pytest.fixture
def calamine_used(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """One entry per workbook calamine was asked for: whether it read it."""
    used: list[bool] = []
    original = xlsx._read_with_calamine

    def spy(*args: object, **kw: object) -> spreadsheets.Table | None:
        table = original(*args, **kw)  # type: ignore[arg-type]
        used.append(table is not None)
        return table

    monkeypatch.setattr(xlsx, "_read_with_calamine", spy)
    return used


def exactly(data: bytes, monkeypatch: pytest.MonkeyPatch) -> spreadsheets.Table:
    with monkeypatch.context() as patch:
        patch.setattr(xlsx, "_read_with_calamine", lambda *args: None)
        return read(data, "f.xlsx")


def our_export() -> bytes:
    buffer = io.BytesIO()
    spreadsheets.write_xlsx(
        buffer,
        "Import",
        importing.COLUMNS,
        [(f"PO-{i % 3}", "SRV-1", f"{i:05d}", None if i % 2 else "") for i in range(50)]
        + [("PO-1", "=1+1", "-12", "row 7")],
        text_columns=(2,),
        widths=(10, 10, 20),
    )
    return buffer.getvalue()


def openpyxl_book() -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet["C3"], sheet["D3"], sheet["E3"] = "Serial Number", "SKU", "purchase order"
    sheet["C4"], sheet["D4"], sheet["E4"] = 12345, "S", "PO-1"
    sheet["C5"], sheet["D5"], sheet["E5"] = 2.5, True, "PO-1"
    sheet["C7"], sheet["D7"], sheet["E7"] = "SN-7 ", " S 2", "PO-2"  # xml:space="preserve"
    sheet["C8"], sheet["E8"] = 1.23e15, "PO-2"
    sheet["C9"] = "=1+1"  # a formula, no cached value
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.mark.parametrize("make", [our_export, openpyxl_book])
def test_calamine_reads_a_plain_sheet_as_the_exact_reader_does(
    make: object, calamine_used: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = make()  # type: ignore[operator]
    table = read(data, "f.xlsx")
    assert calamine_used == [True]
    assert table == exactly(data, monkeypatch)
    assert table.lines


@pytest.mark.parametrize(
    "rows",
    [
        HEADER_ROW + '<row r="2"><c r="A2" t="e"><v>#N/A</v></c></row>',  # calamine: empty
        HEADER_ROW + '<row r="2"><c r="A2" t="d"><v>2024-01-02</v></c></row>',
        HEADER_ROW + '<row r="2"><c r="A2"><v>12345678901234567890</v></c></row>',
        HEADER_ROW + '<row r="2"><c r="A2"><v>1,5</v></c></row>',  # calamine: the text "1,5"
        HEADER_ROW + '<row r="3"/><row r="2"><c r="A2"><v>1</v></c></row>',
        HEADER_ROW + '<row r="2"><c r="a2"><v>1</v></c></row>',
        HEADER_ROW + '<row r="2"><c r="BM2"><v>1</v></c></row>',  # beyond MAX_COLUMNS
        HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>a_x0041_</t></is></c></row>',
        HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t><![CDATA[x]]></t></is></c></row>',
        HEADER_ROW.replace('<row r="1">', '<row r="1" >').replace("<c ", "<c\n"),
        HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t> SN-1</t></is></c></row>',
        HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><r><t>SN-1 </t></r></is></c></row>',
    ],
)
def test_sheets_calamine_would_misread_go_to_the_exact_reader(
    rows: str, calamine_used: list[bool]
) -> None:
    with contextlib.suppress(spreadsheets.SheetError):
        read(workbook(rows), "f.xlsx")
    assert calamine_used == []


def test_date_formats_send_the_workbook_to_the_exact_reader() -> None:
    assert xlsx._date_like(14, None) and xlsx._date_like(164, "yyyy-mm-dd")
    assert xlsx._date_like(165, "[h]:mm") and xlsx._date_like(166, "[$-409]d-mmm")
    assert not xlsx._date_like(49, None) and not xlsx._date_like(0, None)
    for code in ("0.00", "#,##0", "@", '0 "days"', "[Red]0.0", "0.00E+00", "[$€-407] #,##0"):
        assert not xlsx._date_like(164, code), code


def test_a_sparse_sheet_is_read_by_streaming_not_as_one_block(
    calamine_used: list[bool],
) -> None:
    # A1 and XFD1048576: calamine would allocate 17 billion cells (and abort the process).
    start = time.monotonic()
    table = read(
        workbook(
            HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>SN-1</t>'
            '</is></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c>'
            "</row>"
        ),
        "f.xlsx",
    )
    assert table.lines == [(2, ("", "", "SN-1", ""))]
    assert calamine_used == [] and time.monotonic() - start < 5
    # Tall but narrow is still a dense block of more than MAX_DENSE_CELLS.
    rows = HEADER_ROW + '<row r="1000000"><c r="C1000000"><v>1</v></c></row>'
    read(workbook(rows), "f.xlsx")
    assert calamine_used == []


def _with_declared_size(data: bytes, name: str, declared: int) -> bytes:
    """The archive with `name`'s uncompressed size in the zip directory set to `declared`."""
    entry = data.index(b"PK\x01\x02")
    while True:
        length = struct.unpack_from("<H", data, entry + 28)[0]
        if data[entry + 46 : entry + 46 + length] == name.encode():
            break
        entry = data.index(b"PK\x01\x02", entry + 4)
    return data[: entry + 24] + struct.pack("<L", declared) + data[entry + 28 :]


def test_a_part_that_unpacks_past_its_declared_size_is_refused() -> None:
    # zipfile stops where the directory says; calamine's zip reader would unpack it all.
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>SN-{n}</t></is></c></row>'
        for n in range(2, 2000)
    )
    data = _with_declared_size(workbook(HEADER_ROW + rows), "xl/worksheets/sheet1.xml", 5000)
    assert zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml").file_size == 5000
    error = refused(data, SheetProblem.TOO_LARGE)
    assert "xl/worksheets/sheet1.xml" in error.message and "zip bomb" in error.message


def test_a_part_that_unpacks_short_of_its_declared_size_is_unreadable() -> None:
    data = workbook(HEADER_ROW)
    size = zipfile.ZipFile(io.BytesIO(data)).getinfo("xl/worksheets/sheet1.xml").file_size
    error = refused(
        _with_declared_size(data, "xl/worksheets/sheet1.xml", size + 10), SheetProblem.UNREADABLE
    )
    assert "xl/worksheets/sheet1.xml" in error.message


def test_calamine_refuses_entities_on_its_own() -> None:
    # A second line of defence: check_parts refuses any DTD before calamine sees the part.
    import python_calamine

    xml = (
        '<?xml version="1.0"?><!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&x;</t></is>'
        "</c></row></sheetData></worksheet>"
    )
    data = workbook(parts={"xl/worksheets/sheet1.xml": xml})
    with (
        python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data)) as book,
        pytest.raises(python_calamine.CalamineError),
    ):
        book.get_sheet_by_index(0)


def test_a_sheet_in_another_encoding_goes_to_the_exact_reader(
    calamine_used: list[bool],
) -> None:
    sheet = (
        '<?xml version="1.0" encoding="ISO-8859-1"?><worksheet xmlns="http://schemas.'
        'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + HEADER_ROW
        + '<row r="2"><c r="A2" t="inlineStr"><is><t>caf\xe9</t></is></c></row>'
        "</sheetData></worksheet>"
    ).encode("latin-1")
    assert read(workbook(sheet=sheet), "f.xlsx").lines == [(2, ("", "", "caf\xe9", ""))]
    assert calamine_used == []
