"""Open any input file as a :class:`Sheet`: checks on the path, then text or workbook."""

from __future__ import annotations

from pathlib import Path

from netmap.errors import InputError, Problem
from netmap.io.excel import read_xlsx
from netmap.io.sheet import Sheet
from netmap.io.text import read_text_table

__all__ = ["read_sheet", "TEXT_EXTENSIONS", "EXCEL_EXTENSIONS"]

TEXT_EXTENSIONS = (".csv", ".tsv", ".tab", ".txt")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _fail(file: str, message: str, hint: str | None = None):
    raise InputError([Problem("error", message, file=file, hint=hint)])


def read_sheet(path, encoding: str | None = None, sheet: str | None = None) -> Sheet:
    """Read ``path`` (csv/tsv/txt or xlsx) into a :class:`Sheet` of text cells."""
    file = str(path)
    p = Path(path)
    if not p.exists():
        _fail(file, "no such file", "check the path")
    if p.is_dir():
        _fail(file, "is a folder, not a file", "name a .csv, .tsv, .txt or .xlsx file")
    try:
        with p.open("rb") as fh:
            raw = fh.read()
    except OSError as e:
        _fail(file, f"cannot be read ({e.strerror or e})", "check the file's permissions")
    ext = p.suffix.lower()
    if raw.startswith(_OLE) or ext == ".xls":
        _fail(file, "is an old Excel (.xls) workbook, which netmap does not read",
              "save it as .xlsx or as 'CSV UTF-8'")
    if ext in EXCEL_EXTENSIONS:
        if not raw.startswith(_ZIP):
            _fail(file, f"is named {ext} but is not an Excel workbook",
                  "rename it to .csv if it is text")
        return read_xlsx(p, file, sheet)
    if not raw:
        _fail(file, "the file is empty (0 bytes)", "export the partnership matrix again")
    if raw.startswith(_ZIP):
        _fail(file, "this is an Excel workbook (or another zip file), not text",
              "name it .xlsx so netmap reads it as a workbook, or save it as 'CSV UTF-8'")
    if sheet is not None:
        _fail(file, "--sheet applies only to Excel workbooks")
    return read_text_table(raw, file, encoding, ext)
