"""What a file may hold, and the error that refuses a file whole."""

from __future__ import annotations

from enum import StrEnum

MAX_BYTES = 20 * 1024 * 1024
MAX_LINES = 100_000
MAX_LINE_CHARS = 100_000  # one CSV line; keeps a line of a million commas out of memory
# A workbook is a zip: what its directory says the parts unpack to is checked before parsing,
# and so is what each part actually unpacks to.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_SHARED_STRINGS = 64 * 1024 * 1024  # unpacked; the strings are held in memory whole
MAX_PART = 64 * 1024 * 1024  # workbook.xml, its relationships, styles.xml...: unpacked
MAX_MEMBERS = 10_000
MAX_COLUMNS = 64  # the columns read from a sheet; the header must be among them
MAX_CELL_CHARS = 100_000  # one cell's text (Excel's own limit is 32,767)
EXCEL_DIGITS = 15  # Excel keeps 15 significant digits of a number


class SheetProblem(StrEnum):
    TOO_LARGE = "TOO_LARGE"
    TOO_MANY_LINES = "TOO_MANY_LINES"
    UNREADABLE = "UNREADABLE"
    UNSAFE = "UNSAFE"
    MISSING_COLUMN = "MISSING_COLUMN"
    NO_LINES = "NO_LINES"


class SheetError(Exception):
    """The file as a whole can't be read; nothing of it is used."""

    def __init__(
        self,
        problem: SheetProblem,
        message: str,
        line: int | None = None,
        column: str | None = None,
    ) -> None:
        super().__init__(message)
        self.problem = problem
        self.message = message
        self.line = line
        self.column = column


def size(n: int) -> str:
    return f"{n / (1024 * 1024):.1f} MB" if n >= 1024 * 1024 else f"{n:,} bytes"


def limit(name: str) -> int:
    """A limit as `backend.spreadsheets` has it now: one set there (by a test, say) holds for
    every module of the package."""
    import backend.spreadsheets as package

    return getattr(package, name)
