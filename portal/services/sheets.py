"""Excel sheets people upload: read with python-calamine (DESIGN: 100,000 rows in 1.6 s), the
first sheet's rows as Python values, bounded before anything is kept; and the templates they
download, written with XlsxWriter, ID number columns formatted as text (DESIGN pitfall 7),
and the reports and lists they export."""
from __future__ import annotations

import io
import os
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal

import xlsxwriter
from python_calamine import CalamineError, CalamineWorkbook, PasswordError, XmlError, ZipError

from ..domain import Finding
from ..domain.reporting import SHEET_NAME_MAX

MAX_BYTES = 10 * 1024 * 1024
MAX_ROWS = 20_000


class SheetRefused(ValueError):
    """``code``: missing (no file chosen), empty (a file of 0 bytes), too_large, too_many (more
    rows than ``limit``), unreadable, no_rows."""

    def __init__(self, code: str, limit: int = 0):
        super().__init__(code)
        self.code, self.limit = code, limit


def rows(data: bytes | None, max_rows: int = MAX_ROWS) -> list[tuple[int, list]]:
    """The first sheet's non-empty rows after its heading row, at most ``max_rows`` of them,
    each with its number in the sheet (the heading is row 1; an empty row between keeps the
    numbers the admin sees in Excel). ``data`` is None when no file was chosen."""
    if data is None:
        raise SheetRefused("missing")
    if not data:  # a file of 0 bytes: a sheet saved half, or copied from a phone's chat unopened
        raise SheetRefused("empty")
    if len(data) > MAX_BYTES:
        raise SheetRefused("too_large")
    try:
        sheet = CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python()
    except (CalamineError, PasswordError, XmlError, ZipError, ValueError, IndexError):
        raise SheetRefused("unreadable") from None
    body = [(number, row) for number, row in enumerate(sheet[1:], start=2)
            if any(cell not in ("", None) for cell in row)]
    if not body:  # a sheet of headings alone was judged as "0 rows to correct"
        raise SheetRefused("no_rows")
    if len(body) > max_rows:
        raise SheetRefused("too_many", max_rows)
    return body


def template(headings: Sequence[str], note: str, rows: Sequence[Sequence[str]] = (),
             examples: Sequence[Sequence[str]] = (), names: tuple[str, str] = ("导入 Import", "示例 Example"),
             examples_note: str = "", lists: Mapping[int, Sequence[str]] | None = None, list_rows: int = MAX_ROWS,
             list_warning: str = "") -> bytes:
    """A sheet with its headings, every column formatted as text, a note on the first, and
    ``rows`` filled in (as text). With ``examples``, the first sheet is named ``names[0]``
    and a second one, ``names[1]``, holds the same headings and the example rows, and
    ``examples_note`` below them: only the first sheet is ever read. ``lists``: a column's
    index and the values its drop-down list offers in its first ``list_rows`` rows below the
    heading; another value typed is warned of with ``list_warning``, and may be kept."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet(names[0] if examples else None)
    text = book.add_format({"num_format": "@"})
    for column, heading in enumerate(headings):
        sheet.set_column(column, column, 24, text)
        sheet.write_string(0, column, heading)
    sheet.write_comment(0, 0, note)
    for column, values in (lists or {}).items():
        sheet.data_validation(1, column, max(list_rows, 1), column, {
            "validate": "list", "source": list(values), "error_type": "warning",
            "error_message": list_warning[:255], "show_error": bool(list_warning)})
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            sheet.write_string(number, column, value)
    if examples:
        shown = book.add_worksheet(names[1])
        shown.set_tab_color("#9e9e9e")
        grey = book.add_format({"num_format": "@", "font_color": "#5f6368", "italic": True})
        for column, heading in enumerate(headings):
            shown.set_column(column, column, 24, text)
            shown.write_string(0, column, heading)
        for number, row in enumerate(examples, start=1):
            for column, value in enumerate(row):
                if value:
                    shown.write_string(number, column, value, grey)
        if examples_note:
            shown.write_string(len(examples) + 2, 0, examples_note)
    book.close()
    return buffer.getvalue()


NO_CONVERSION = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}


def write_table(target, title: str, headings: Sequence[str], rows: Iterable[Sequence],
                notes: Sequence[str] = ()) -> None:
    """A sheet of ``headings`` and ``rows`` written to ``target`` (a path or a file-like
    object): numbers as numbers, a ``Finding`` as its figure (in red when not met), everything
    else as text; then ``notes``, a line each, below an empty row. No cell ever becomes a
    formula or a link, whatever it starts with. Rows are streamed to the file (constant
    memory) when ``target`` is a path."""
    streamed = isinstance(target, (str, os.PathLike))
    book = xlsxwriter.Workbook(target, {"constant_memory": streamed, "in_memory": not streamed, **NO_CONVERSION})
    sheet = book.add_worksheet(str(title)[:SHEET_NAME_MAX].translate(SHEET_NAME_UNSAFE) or "Sheet1")
    bold, short = book.add_format({"bold": True, "text_wrap": True}), book.add_format({"font_color": "#b00020"})
    sheet.set_column(0, 0, 28)
    sheet.set_column(1, max(len(headings) - 1, 1), 14)
    for column, heading in enumerate(headings):
        sheet.write_string(0, column, str(heading), bold)
    sheet.freeze_panes(1, 1)
    number = 0
    for number, row in enumerate(rows, start=1):
        for column, value in enumerate(row):
            _write_cell(sheet, number, column, value, short)
    for number, note in enumerate(notes, start=number + 2):
        sheet.write_string(number, 0, str(note))
    book.close()


SHEET_NAME_UNSAFE = str.maketrans({c: " " for c in "[]:*?/\\"})


def _write_cell(sheet, row: int, column: int, value, short) -> None:
    if value is None:
        return
    if isinstance(value, Finding):
        if value.actual is None:
            sheet.write_string(row, column, "—", short if value.below_required else None)
        else:
            sheet.write_number(row, column, float(value.actual), short if value.below_required else None)
    elif isinstance(value, bool):
        sheet.write_boolean(row, column, value)
    elif isinstance(value, (int, Decimal)):
        sheet.write_number(row, column, float(value))
    else:
        sheet.write_string(row, column, str(value))
