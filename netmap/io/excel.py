"""Read the first (or a named) sheet of an .xlsx workbook as text cells."""

from __future__ import annotations

import datetime as _dt
import zipfile

from netmap.errors import InputError, Problem
from netmap.io.sheet import Sheet

__all__ = ["read_xlsx", "cell_text"]


def cell_text(value) -> str:
    """Text of an Excel cell value: whole numbers without '.0', booleans as TRUE/FALSE.

    >>> cell_text(1.0), cell_text(0.5), cell_text(True), cell_text(None)
    ('1', '0.5', 'TRUE', '')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, (_dt.datetime, _dt.date, _dt.time)):
        return value.isoformat()
    return str(value)


def read_xlsx(path, file: str, sheet: str | None = None, max_rows: int = 5_000_000) -> Sheet:
    """Read a workbook sheet. ``sheet`` is a sheet name or a 1-based number."""
    import openpyxl  # heavy: imported only when a workbook is read

    try:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as e:
        raise InputError([Problem("error", f"not a readable Excel workbook ({e})", file=file,
                                  hint="open it in Excel and save it again as .xlsx")]) from None
    try:
        names = wb.sheetnames
        if sheet is None:
            ws = wb.worksheets[0]
        elif sheet in names:
            ws = wb[sheet]
        elif str(sheet).isdigit() and 1 <= int(sheet) <= len(names):
            ws = wb.worksheets[int(sheet) - 1]
        else:
            raise InputError([Problem(
                "error", f"the workbook has no sheet {sheet!r}", file=file,
                hint="sheets: " + ", ".join(repr(n) for n in names))])
        if hasattr(ws, "reset_dimensions"):
            ws.reset_dimensions()  # read every cell, whatever size the file claims
        records = []
        for values in ws.iter_rows(values_only=True):
            cells = [cell_text(v) for v in values]
            while cells and not cells[-1].strip():
                cells.pop()
            records.append(cells)
            if len(records) > max_rows + 1:
                from netmap.io.text import too_many_rows

                raise too_many_rows(file, max_rows)
    finally:
        wb.close()
    label = f"{file} [{ws.title}]"
    first = 0
    while first < len(records) and not records[first]:
        first += 1
    if first == len(records):
        raise InputError([Problem("error", "the sheet is empty", file=label)])
    out = Sheet(file=label, header=records[first], rows=[], header_row=first + 1)
    if first:
        out.note("warning", f"rows 1-{first} are blank; the header was read from row "
                 f"{first + 1}")
    width = len(out.header)
    # Excel rows carry no trailing separators: pad them to the header's width.
    out.rows = [(i + 1, r + [""] * (width - len(r)) if len(r) < width else r)
                for i, r in enumerate(records) if i > first]
    return out
