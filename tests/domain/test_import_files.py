"""Reading and writing import files (no database): CSV dialects, XLSX cells, limits, formulas."""

from __future__ import annotations

import io

import pytest

from backend import spreadsheets
from backend.domain import importing
from backend.spreadsheets import SheetError, SheetProblem, read_table


def read(data: bytes, name: str = "f.csv", **kw: object) -> spreadsheets.Table:
    return read_table(data, name, importing.COLUMNS, importing.REQUIRED, **kw)  # type: ignore


@pytest.mark.parametrize("data", [
    b"purchase_order,sku,serial_number\nPO-1,SRV-1,A\n",
    b"\xef\xbb\xbfpurchase_order;sku;serial_number\r\nPO-1;SRV-1;A\r\n",
    b"Serial Number;SKU;Purchase Order\r\nA;SRV-1;PO-1",
])
def test_csv_dialects_and_header_names(data: bytes) -> None:
    table = read(data)
    assert table.lines == [(2, ("PO-1", "SRV-1", "A", ""))]
    assert table.columns == ["purchase_order", "sku", "serial_number"]


def test_blank_lines_are_skipped_and_lines_keep_their_numbers() -> None:
    table = read(b"\n\npurchase_order,sku,serial_number,row\n\nPO-1,S,\"a,b\",7\n,,\n \nPO-1,S,c")
    assert table.lines == [(5, ("PO-1", "S", "a,b", "7")), (8, ("PO-1", "S", "c", ""))]


def test_a_quote_that_neutralised_a_formula_is_read_back() -> None:
    text = "".join(spreadsheets.csv_chunks(importing.COLUMNS, [("PO-1", "=SUM(1)", "-12", "")]))
    assert text.startswith("\ufeff") and "'=SUM(1)" in text and "'-12" in text
    assert read(text.encode()).lines == [(2, ("PO-1", "=SUM(1)", "-12", ""))]


@pytest.mark.parametrize("value,expected", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A", "'@A"), ("\tx", "'\tx"),
    ("\rx", "'\rx"), ("SN-1", "SN-1"), (None, ""), (12, "12"),
])
def test_neutralise(value: object, expected: str) -> None:
    assert spreadsheets.neutralise(value) == expected


def test_xlsx_round_trip_keeps_text_cells() -> None:
    buffer = io.BytesIO()
    spreadsheets.write_xlsx(buffer, "Import", importing.COLUMNS,
                            [("PO-1", "SRV-1", "007", ""), ("PO-1", "SRV-1", "=1", "")], (2,))
    table = read(buffer.getvalue(), "t.xlsx")
    assert table.format == "XLSX" and table.notes == {}
    assert [v[2] for _, v in table.lines] == ["007", "=1"]


@pytest.mark.parametrize("data,problem", [
    (b"purchase_order,sku,serial_number\n" + b"PO-1,S,A\n" * 4, SheetProblem.TOO_MANY_LINES),
    (b"purchase_order,sku,serial_number\nPO-1,S," + b"x" * 100_001, SheetProblem.UNREADABLE),
    (b"purchase_order,sku\nPO-1,S\n", SheetProblem.MISSING_COLUMN),
    (b"purchase_order,sku,serial_number\n", SheetProblem.NO_LINES),
    (b"", SheetProblem.NO_LINES),
    (b"purchase_order,sku,serial_number\nPO-1,S,\x00\n", SheetProblem.UNREADABLE),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", SheetProblem.UNREADABLE),
])
def test_whole_file_problems(data: bytes, problem: SheetProblem) -> None:
    with pytest.raises(SheetError) as caught:
        read(data, max_lines=3)
    assert caught.value.problem == problem
    assert caught.value.message


def test_a_missing_column_names_the_header_line() -> None:
    with pytest.raises(SheetError) as caught:
        read(b"\nnotes\npurchase_order,serial\n")
    assert caught.value.line == 2 and caught.value.column == "purchase_order"


def test_document_name() -> None:
    from datetime import date

    assert importing.document_name("C:\\Users\\me\\supplier.xlsx", date(2026, 11, 26)) == \
        "import 2026-11-26 (supplier.xlsx)"


def test_an_empty_workbook_has_no_lines() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(SheetError) as caught:
        read(buffer.getvalue(), "empty.xlsx")
    assert caught.value.problem == SheetProblem.NO_LINES
