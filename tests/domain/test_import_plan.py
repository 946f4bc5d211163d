"""The import's checking steps, each on its own (no database): where a line goes, the text of
its number, and what fits in a row."""

from __future__ import annotations

from backend.domain import importing
from backend.domain.importing import (
    _check_numbers,
    _check_room,
    _Line,
    _Order,
    _place_lines,
    _Plan,
    _resolve,
    _Row,
    _Targets,
    _Variant,
)
from backend.spreadsheets import Note

RECEIVED, OPEN = "RECEIVED", "NOT_RECEIVED"


def _targets(*, two_rows: bool = False, status: str = RECEIVED) -> _Targets:
    orders = {"PO-1": _Order(1, "PO-1", status)}
    rows = [_Row(10, 1, 1, 100, "CAM", True, 3, 1, None)]
    if two_rows:
        rows.append(_Row(11, 1, 2, 100, "CAM", True, 2, 0, None))
    variants = {"CAM": _Variant(100, "CAM", True), "BOLT": _Variant(200, "BOLT", False)}
    return _Targets.of(rows, orders, variants, has_row_column=False)


def _ref(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _codes(found: list[tuple[str, object, str]]) -> list[tuple[str, str]]:
    return [(column, str(code)) for column, code, _ in found]


def test_a_line_goes_to_the_one_row_of_its_sku() -> None:
    row, found = _resolve(_targets(), _ref, "po-1", "CAM", "")
    assert row is not None and row.id == 10 and found == []


def test_every_reason_a_line_goes_nowhere_is_named_with_its_column() -> None:
    targets = _targets()
    assert _codes(_resolve(targets, _ref, "", "", "")[1]) == [
        ("purchase_order", importing.Code.EMPTY),
        ("sku", importing.Code.EMPTY),
    ]
    assert _codes(_resolve(targets, _ref, "PO-9", "CAM", "")[1]) == [
        ("purchase_order", importing.Code.UNKNOWN_ORDER)
    ]
    assert _codes(_resolve(targets, _ref, "PO-1", "BOLT", "")[1]) == [
        ("sku", importing.Code.NOT_TRACKED)
    ]
    assert _codes(_resolve(targets, _ref, "PO-1", "NOPE", "")[1]) == [
        ("sku", importing.Code.UNKNOWN_SKU)
    ]
    found = _resolve(_targets(status=OPEN), _ref, "PO-1", "CAM", "")[1]
    assert _codes(found) == [("purchase_order", importing.Code.ORDER_NOT_RECEIVED)]
    assert "not received" in found[0][2]


def test_two_rows_of_one_sku_need_the_row_column() -> None:
    targets = _targets(two_rows=True)
    row, found = _resolve(targets, _ref, "PO-1", "CAM", "")
    assert row is None and _codes(found) == [("row", importing.Code.AMBIGUOUS_ROW)]
    assert "rows 1, 2" in found[0][2] and "add a row column" in found[0][2]
    row, found = _resolve(targets, _ref, "PO-1", "CAM", "11")
    assert row is not None and row.id == 11 and found == []
    row, found = _resolve(targets, _ref, "PO-1", "CAM", "99")
    assert row is None and _codes(found) == [("row", importing.Code.UNKNOWN_ROW)]


def test_lines_naming_the_same_row_are_resolved_once() -> None:
    calls = []
    targets = _targets()

    def counting_ref(text: str) -> int | None:
        calls.append(text)
        return _ref(text)

    lines = [_Line(n, "PO-1", "CAM", f"S{n}", "10") for n in range(2, 7)]
    plan = _Plan()
    _place_lines(plan, lines, targets, counting_ref)
    assert calls == ["10"] and plan.problems == []
    assert {line.target.id for line in lines if line.target} == {10}


def test_repeats_and_bad_text_are_reported_per_line_and_excel_numbers_warned() -> None:
    lines = [
        _Line(2, "PO-1", "CAM", "A1", ""),
        _Line(3, "PO-1", "CAM", "a1", ""),
        _Line(4, "PO-1", "CAM", "", ""),
        _Line(5, "PO-1", "CAM", "1E+05", ""),
    ]
    plan = _Plan()
    _check_numbers(plan, lines, {5: [Note("serial_number", "was stored as the number 100000")]})
    by_line = {p.line: p for p in plan.problems}
    assert by_line[3].code == importing.Code.DUPLICATE_IN_FILE
    assert "repeats line 2" in by_line[3].message
    assert by_line[4].code == importing.Code.EMPTY
    assert by_line[5].code == importing.Code.NUMERIC_CELL
    assert lines[0].key == "a1" and not lines[0].failed and lines[1].failed


def test_a_row_takes_only_what_fits_and_says_how_much() -> None:
    targets = _targets()  # row 10 takes 3 and has 1: room for 2
    lines = [
        _Line(
            n,
            "PO-1",
            "CAM",
            f"S{n}",
            "",
            number=f"S{n}",
            key=f"s{n}",
            target=targets.rows_by_id[10],
        )
        for n in range(2, 6)
    ]
    plan = _Plan(order_numbers={1: "PO-1"})
    _check_room(plan, lines)
    assert [line.number for line in plan.taking] == ["S2", "S3"]
    assert [(p.line, p.code) for p in plan.problems] == [
        (4, importing.Code.EXCEEDS_QUANTITY),
        (5, importing.Code.EXCEEDS_QUANTITY),
    ]
    assert "so 2 more fit, and the file has 4" in plan.problems[0].message
