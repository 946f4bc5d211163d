"""What a file's lines are read into, whatever its format."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from backend.spreadsheets.limits import SheetError, SheetProblem

Progress = Callable[[int], None]  # lines read so far


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


def header_key(name: Any) -> str:
    """`Serial Number`, ` serial_number ` and `SERIAL-NUMBER` name the same column."""
    text = "" if name is None else str(name)
    return re.sub(r"[\s\-]+", "_", text.strip().lstrip("\ufeff").strip()).lower()


class Collector:
    """Finds the header, then keeps the wanted columns of each non-blank line."""

    def __init__(
        self,
        fmt: str,
        wanted: Sequence[str],
        required: Sequence[str],
        max_lines: int,
        progress: Progress | None,
    ) -> None:
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
                line=line,
                column=missing[0],
            )
        self.positions = [found.get(c, -1) for c in self.wanted]
        self.table.columns = [c for c in self.wanted if c in found]

    def add(self, line: int, values: tuple[str, ...]) -> None:
        lines = self.table.lines
        if len(lines) >= self.max_lines:
            raise SheetError(
                SheetProblem.TOO_MANY_LINES,
                f"The file has more than {self.max_lines:,} lines (line {line} is "
                f"one too many); split it into several files.",
                line=line,
            )
        lines.append((line, values))
        if self.progress and len(lines) % 5000 == 0:
            self.progress(len(lines))

    def note(self, line: int, note: Note) -> None:
        self.table.notes.setdefault(line, []).append(note)

    def finish(self) -> Table:
        if self.positions is None:
            raise SheetError(
                SheetProblem.NO_LINES,
                "The file is empty: it needs a header line with the columns "
                f"{', '.join(self.wanted)}, then one line per serial number.",
            )
        if not self.table.lines:
            raise SheetError(
                SheetProblem.NO_LINES, "The file has a header but no lines of serial numbers."
            )
        if self.progress:
            self.progress(len(self.table.lines))
        return self.table
