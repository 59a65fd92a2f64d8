"""Excel sheets people upload: read with python-calamine (DESIGN: 100,000 rows in 1.6 s), the
first sheet's rows as Python values, bounded before anything is kept; and the templates they
download, written with XlsxWriter, ID number columns formatted as text (DESIGN pitfall 7)."""
from __future__ import annotations

import io
from collections.abc import Sequence

import xlsxwriter
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000


class SheetRefused(ValueError):
    """``code``: empty, too_large, too_many (more rows than ``limit``), unreadable."""

    def __init__(self, code: str, limit: int = 0):
        super().__init__(code)
        self.code, self.limit = code, limit


def rows(data: bytes, max_rows: int = MAX_ROWS) -> list[list]:
    """The first sheet's rows after its heading row, at most ``max_rows`` of them."""
    if not data:
        raise SheetRefused("empty")
    if len(data) > MAX_BYTES:
        raise SheetRefused("too_large")
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    except (CalamineError, PasswordError, XmlError, ZipError, ValueError, IndexError):
        raise SheetRefused("unreadable") from None
    body = [row for row in sheet[1:] if any(cell not in ("", None) for cell in row)]
    if len(body) > max_rows:
        raise SheetRefused("too_many", max_rows)
    return body


def template(headings: Sequence[str], note: str, rows: Sequence[Sequence[str]] = ()) -> bytes:
    """A sheet with its headings, every column formatted as text, a note on the first, and
    ``rows`` filled in (as text)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    text = book.add_format({"num_format": "@"})
    for column, heading in enumerate(headings):
        sheet.set_column(column, column, 24, text)
        sheet.write_string(0, column, heading)
    sheet.write_comment(0, 0, note)
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            sheet.write_string(number, column, value)
    book.close()
    return buffer.getvalue()
