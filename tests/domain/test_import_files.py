"""Reading and writing import files (no database): CSV dialects, XLSX cells, limits, formulas."""

from __future__ import annotations

import io

import pytest

from backend import spreadsheets
from backend.domain import importing
from backend.spreadsheets import SheetError, SheetProblem, read_table


def read(data: bytes, name: str = "f.csv", **kw: object) -> spreadsheets.Table:
    return read_table(data, name, importing.COLUMNS, importing.REQUIRED, **kw)  # type: ignore


@pytest.mark.parametrize(
    "data",
    [
        b"purchase_order,sku,serial_number\nPO-1,SRV-1,A\n",
        b"\xef\xbb\xbfpurchase_order;sku;serial_number\r\nPO-1;SRV-1;A\r\n",
        b"Serial Number;SKU;Purchase Order\r\nA;SRV-1;PO-1",
    ],
)
def test_csv_dialects_and_header_names(data: bytes) -> None:
    table = read(data)
    assert table.lines == [(2, ("PO-1", "SRV-1", "A", ""))]
    assert table.columns == ["purchase_order", "sku", "serial_number"]


def test_blank_lines_are_skipped_and_lines_keep_their_numbers() -> None:
    table = read(b'\n\npurchase_order,sku,serial_number,row\n\nPO-1,S,"a,b",7\n,,\n \nPO-1,S,c')
    assert table.lines == [(5, ("PO-1", "S", "a,b", "7")), (8, ("PO-1", "S", "c", ""))]


def test_a_quote_that_neutralised_a_formula_is_read_back() -> None:
    text = "".join(spreadsheets.csv_chunks(importing.COLUMNS, [("PO-1", "=SUM(1)", "-12", "")]))
    assert text.startswith("\ufeff") and "'=SUM(1)" in text and "'-12" in text
    assert read(text.encode()).lines == [(2, ("PO-1", "=SUM(1)", "-12", ""))]


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+1", "'=1+1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A", "'@A"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("SN-1", "SN-1"),
        (None, ""),
        (12, "12"),
    ],
)
def test_neutralise(value: object, expected: str) -> None:
    assert spreadsheets.neutralise(value) == expected


def test_xlsx_round_trip_keeps_text_cells() -> None:
    buffer = io.BytesIO()
    spreadsheets.write_xlsx(
        buffer,
        "Import",
        importing.COLUMNS,
        [("PO-1", "SRV-1", "007", ""), ("PO-1", "SRV-1", "=1", "")],
        (2,),
    )
    table = read(buffer.getvalue(), "t.xlsx")
    assert table.format == "XLSX" and table.notes == {}
    assert [v[2] for _, v in table.lines] == ["007", "=1"]


@pytest.mark.parametrize(
    "data,problem",
    [
        (b"purchase_order,sku,serial_number\n" + b"PO-1,S,A\n" * 4, SheetProblem.TOO_MANY_LINES),
        (b"purchase_order,sku,serial_number\nPO-1,S," + b"x" * 100_001, SheetProblem.UNREADABLE),
        (b"purchase_order,sku\nPO-1,S\n", SheetProblem.MISSING_COLUMN),
        (b"purchase_order,sku,serial_number\n", SheetProblem.NO_LINES),
        (b"", SheetProblem.NO_LINES),
        (b"purchase_order,sku,serial_number\nPO-1,S,\x00\n", SheetProblem.UNREADABLE),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1old excel", SheetProblem.UNREADABLE),
    ],
)
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

    assert (
        importing.document_name("C:\\Users\\me\\supplier.xlsx", date(2026, 11, 26))
        == "import 2026-11-26 (supplier.xlsx)"
    )


def test_an_empty_workbook_has_no_lines() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    buffer = io.BytesIO()
    book.save(buffer)
    with pytest.raises(SheetError) as caught:
        read(buffer.getvalue(), "empty.xlsx")
    assert caught.value.problem == SheetProblem.NO_LINES


# --- XLSX: the streaming reader --------------------------------------------------------------

MAIN = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>serial_number</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>sku</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>purchase_order</t></is></c></row>'
)


def workbook(
    rows: str = "",
    *,
    sheet: bytes | None = None,
    parts: dict[str, bytes | str] | None = None,
    strings: str | None = None,
    strings_part: str = "xl/sharedStrings.xml",
    styles: str | None = None,
) -> bytes:
    """A workbook saved by openpyxl, with its first sheet's rows (or whole XML), its shared
    strings, its styles or any other parts replaced."""
    import zipfile

    import openpyxl

    source = io.BytesIO()
    book = openpyxl.Workbook()
    book.save(source)
    replaced: dict[str, bytes | str] = {
        "xl/worksheets/sheet1.xml": sheet
        if sheet is not None
        else f'<?xml version="1.0" encoding="UTF-8"?><worksheet {MAIN}><sheetData>{rows}'
        "</sheetData></worksheet>"
    }
    if styles is not None:
        replaced["xl/styles.xml"] = f"<styleSheet {MAIN}>{styles}</styleSheet>"
    if strings is not None:
        replaced[strings_part] = f"<sst {MAIN}>{strings}</sst>"
    replaced.update(parts or {})
    target = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            data = replaced.pop(item.filename, None) or old.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels" and strings is not None:
                data = old.read(item.filename).replace(
                    b"</Relationships>",
                    b'<Relationship Id="rId9" Target="/' + strings_part.encode() + b'" Type="'
                    b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                    b'sharedStrings"/></Relationships>',
                )
            new.writestr(item.filename, data)
        for name, data in replaced.items():
            new.writestr(name, data)
    return target.getvalue()


def refused(data: bytes, problem: SheetProblem) -> SheetError:
    with pytest.raises(SheetError) as caught:
        read(data, "f.xlsx")
    assert caught.value.problem == problem, caught.value.message
    assert caught.value.message
    return caught.value


def test_xlsx_inline_and_shared_strings() -> None:
    strings = (
        "<si><t>serial_number</t></si><si><t>sku</t></si>"
        '<si><r><t>SN</t></r><r><rPr><b/></rPr><t xml:space="preserve">-1 </t></r>'
        '<rPh sb="0" eb="1"><t>phonetic, not read</t></rPh></si>'
        "<si><t>A&amp;B</t></si>"
    )
    data = workbook(
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c>'
        '<c r="C1" t="inlineStr"><is><t>purchase_order</t></is></c></row>'
        '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c>'
        '<c r="C2" t="inlineStr"><is><r><t>PO</t></r><r><t>-7</t></r></is></c></row>'
        '<row r="3"><c r="A3" t="str"><f>B2</f><v>SN-2</v></c><c r="B3" t="e"><v>#N/A</v></c>'
        '<c r="C3" t="inlineStr"><is><t>PO-7</t></is></c></row>',
        strings=strings,
        strings_part="xl/strings.xml",
    )
    table = read(data, "f.xlsx")
    assert table.lines == [(2, ("PO-7", "A&B", "SN-1 ", "")), (3, ("PO-7", "#N/A", "SN-2", ""))]
    assert table.notes == {}


def test_xlsx_cells_are_placed_by_their_references_and_gaps_are_skipped() -> None:
    data = workbook(
        '<row r="3"><c r="E3" t="inlineStr"><is><t>Serial Number</t></is></c>'
        '<c r="B3" t="inlineStr"><is><t>SKU</t></is></c>'
        '<c r="$h$3" t="inlineStr"><is><t>purchase-order</t></is></c></row>'
        '<row r="7"><c r="E7" t="inlineStr"><is><t>SN-1</t></is></c>'
        '<c r="H7" t="inlineStr"><is><t>PO-1</t></is></c></row>'
        '<row r="8"><c r="A8" t="inlineStr"><is><t>not a wanted column</t></is></c></row>'
        # Cells without a reference follow the one before.
        '<row><c r="D9" t="inlineStr"><is><t>x</t></is></c>'
        '<c t="inlineStr"><is><t>SN-2</t></is></c><c/><c/><c t="inlineStr"><is><t>PO-2</t></is>'
        "</c></row>"
        '<row r="1000"><c r="B1000" t="inlineStr"><is><t>S</t></is></c>'
        '<c r="ZZZ1000" t="inlineStr"><is><t>far away</t></is></c></row>'
    )
    assert read(data, "f.xlsx").lines == [
        (7, ("PO-1", "", "SN-1", "")),
        (9, ("PO-2", "", "SN-2", "")),
        (1000, ("", "S", "", "")),
    ]


def test_xlsx_number_cells_are_read_with_a_warning() -> None:
    data = workbook(
        HEADER_ROW
        + '<row r="2"><c r="A2"><v>12345</v></c><c r="B2" t="inlineStr"><is><t>S</t></is></c>'
        '<c r="C2" t="n"><v>7</v></c></row>'
        '<row r="3"><c r="A3"><v>1.23E+15</v></c><c r="C3" t="b"><v>1</v></c></row>'
        '<row r="4"><c r="A4"><v>2.5</v></c><c r="C4"><v></v></c></row>'
        '<row r="5"><c r="A5"><v>12345678901234567890</v></c></row>'
    )
    table = read(data, "f.xlsx")
    assert table.lines == [
        (2, ("7", "S", "12345", "")),
        (3, ("TRUE", "", "1230000000000000", "")),
        (4, ("", "", "2.5", "")),
        (5, ("", "", "12345678901234567890", "")),
    ]
    messages = {line: [(n.column, n.message) for n in notes] for line, notes in table.notes.items()}
    assert messages[2] == [
        ("purchase_order", "is a number cell (7): Excel may have dropped leading zeros"),
        ("serial_number", "is a number cell (12345): Excel may have dropped leading zeros"),
    ]
    assert messages[3] == [
        ("purchase_order", "is a TRUE/FALSE cell"),
        (
            "serial_number",
            "is a number cell (1.23E+15): Excel may have dropped leading zeros "
            "and keeps only 15 digits; it is read as 1230000000000000",
        ),
    ]
    assert messages[4] == [
        ("serial_number", "is a decimal number cell (2.5) that Excel may have rounded")
    ]
    assert "keeps only 15 digits" in messages[5][0][1]


def test_xlsx_date_cells_are_read_as_dates_with_a_warning() -> None:
    styles = (
        '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd"/></numFmts>'
        '<cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs>'
        '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/>'
        '<xf numFmtId="49"/></cellXfs>'
    )
    data = workbook(
        HEADER_ROW + '<row r="2"><c r="A2" s="1"><v>45292</v></c><c r="B2" s="2"><v>45292.5</v></c>'
        '<c r="C2" s="3"><v>45292</v></c></row>'
        '<row r="3"><c r="A3" t="d"><v>2024-01-02</v></c><c r="C3" s="0"><v>1</v></c></row>',
        styles=styles,
    )
    table = read(data, "f.xlsx")
    assert table.lines == [
        (2, ("45292", "2024-01-01T12:00:00", "2024-01-01T00:00:00", "")),
        (3, ("1", "", "2024-01-02", "")),
    ]
    date_note = "is a date cell: Excel took the number for a date"
    assert [(n.column, n.message) for n in table.notes[2]][:2] == [
        ("purchase_order", "is a number cell (45292): Excel may have dropped leading zeros"),
        ("sku", date_note),
    ]
    assert (table.notes[3][1].column, table.notes[3][1].message) == ("serial_number", date_note)


def test_xlsx_the_first_sheet_is_the_workbooks_first_not_the_first_file() -> None:
    import openpyxl

    book = openpyxl.Workbook()
    book.active.append(["serial_number", "sku", "purchase_order"])
    book.active.append(["from the first", "S", "PO"])
    second = book.create_sheet("Second")
    second.append(["serial_number", "sku", "purchase_order"])
    second.append(["from the second", "S", "PO"])
    book.move_sheet("Second", offset=-1)
    buffer = io.BytesIO()
    book.save(buffer)
    assert read(buffer.getvalue(), "f.xlsx").lines == [(2, ("PO", "S", "from the second", ""))]


PAD = "\n" * 5000  # beyond the first look at each part's head


@pytest.mark.parametrize(
    "part,xml",
    [
        (
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0"?>{PAD}<!DOCTYPE worksheet><worksheet {MAIN}/>',
        ),
        (
            "xl/worksheets/sheet1.xml",
            f'<?xml version="1.0"?>{PAD}<!DOCTYPE w [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
            f'<worksheet {MAIN}><sheetData><row><c t="inlineStr"><is><t>&x;</t></is></c></row>'
            "</sheetData></worksheet>",
        ),
        (
            "xl/sharedStrings.xml",  # billion laughs
            f'<?xml version="1.0"?>{PAD}<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">'
            '<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>'
            f"<sst {MAIN}><si><t>&c;</t></si></sst>",
        ),
        (
            "xl/workbook.xml",
            f'<?xml version="1.0"?>{PAD}<!DOCTYPE workbook SYSTEM "http://x/y.dtd">'
            f"<workbook {MAIN}/>",
        ),
    ],
)
def test_xlsx_dtds_and_entities_are_refused_anywhere(part: str, xml: str) -> None:
    error = refused(
        workbook(
            HEADER_ROW,
            parts={part: xml},
            strings="<si><t>x</t></si>" if part == "xl/sharedStrings.xml" else None,
        ),
        SheetProblem.UNSAFE,
    )
    assert part in error.message


def test_the_xml_parser_refuses_entity_declarations_on_its_own() -> None:
    from xml.parsers import expat

    parser = spreadsheets._expat()
    parser.StartDoctypeDeclHandler = None  # the entity handler is a second line of defence
    with pytest.raises(spreadsheets._Unsafe):
        parser.Parse(b'<!DOCTYPE a [<!ENTITY x "y">]><a>&x;</a>', True)
    parser = spreadsheets._expat()
    with pytest.raises(expat.ExpatError):  # no DTD: an entity is undefined, never fetched
        parser.Parse(b"<a>&x;</a>", True)


def test_xlsx_parts_are_capped_while_they_are_unpacked(monkeypatch: pytest.MonkeyPatch) -> None:
    # The text table under another name escapes the check by name of the zip directory; the
    # bytes read are counted all the same.
    data = workbook(
        HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>0</v></c></row>',
        strings="<si><t>x</t></si>" * 100,
        strings_part="xl/s.xml",
    )
    assert read(data, "f.xlsx").columns
    monkeypatch.setattr(spreadsheets, "MAX_SHARED_STRINGS", 1000)
    assert "xl/s.xml" in refused(data, SheetProblem.TOO_LARGE).message


@pytest.mark.parametrize(
    "rows,words",
    [
        (HEADER_ROW + '<row r="2"><c r="A2" t="inlineStr"><is><t>x', "not well-formed"),
        (HEADER_ROW + '<row r="3"/><row r="2"><c r="A2"><v>1</v></c></row>', "row 2 comes after"),
        (HEADER_ROW + '<row r="2"><c r="A2" t="s"><v>5</v></c></row>', "IndexError"),
        (HEADER_ROW + '<row r="2"><c r="A2"><v>1,5</v></c></row>', "ValueError"),
        (HEADER_ROW + '<row r="2"><c r="2A"><v>1</v></c></row>', "ValueError"),
        (
            HEADER_ROW
            + '<row r="2"><c r="A2" t="inlineStr"><is><t>'
            + "x" * 100_001
            + "</t></is></c></row>",
            "100,000 characters",
        ),
    ],
)
def test_xlsx_a_damaged_sheet_is_unreadable(rows: str, words: str) -> None:
    assert words in refused(workbook(rows), SheetProblem.UNREADABLE).message


def test_xlsx_lines_are_counted_while_the_sheet_streams() -> None:
    rows = "".join(
        f'<row r="{n}"><c r="A{n}" t="inlineStr"><is><t>SN-{n}</t></is></c></row>'
        for n in range(2, 10)
    )
    with pytest.raises(SheetError) as caught:
        read(workbook(HEADER_ROW + rows), "f.xlsx", max_lines=3)
    assert caught.value.problem == SheetProblem.TOO_MANY_LINES and caught.value.line == 5
