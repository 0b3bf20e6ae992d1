"""Open any input file as a :class:`Sheet`: checks on the path, then text or workbook."""

from __future__ import annotations

from pathlib import Path

from netmap.errors import InputError, Problem
from netmap.io.excel import read_xlsx
from netmap.io.sheet import Sheet
from netmap.io.text import read_text_table

__all__ = ["read_sheet", "TEXT_EXTENSIONS", "EXCEL_EXTENSIONS", "MAX_BYTES", "MAX_ROWS"]

# Limits that keep a file from exhausting memory (each byte of text costs tens of bytes
# once parsed). Both admit the 1,000,000-organisation benchmark (about 45 MB) many
# times over; raise them with --max-bytes / --max-rows.
MAX_BYTES = 1 << 30
MAX_ROWS = 5_000_000

TEXT_EXTENSIONS = (".csv", ".tsv", ".tab", ".txt")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def _fail(file: str, message: str, hint: str | None = None):
    raise InputError([Problem("error", message, file=file, hint=hint)])


def read_sheet(path, encoding: str | None = None, sheet: str | None = None,
               max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS) -> Sheet:
    """Read ``path`` (csv/tsv/txt or xlsx) into a :class:`Sheet` of text cells.

    Files larger than ``max_bytes``, or with more than ``max_rows`` rows, are
    refused before they are read whole.
    """
    file = str(path)
    p = Path(path)
    if not p.exists():
        _fail(file, "no such file", "check the path")
    if p.is_dir():
        _fail(file, "is a folder, not a file", "name a .csv, .tsv, .txt or .xlsx file")
    try:
        size = p.stat().st_size
        if size > max_bytes:
            _fail(file, f"the file is {size / 1e6:,.0f} MB, over the limit of "
                  f"{max_bytes / 1e6:,.0f} MB that keeps netmap within memory",
                  "raise the limit with --max-bytes if this machine has the memory")
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
        return read_xlsx(p, file, sheet, max_rows)
    if not raw:
        _fail(file, "the file is empty (0 bytes)", "export the partnership matrix again")
    if raw.startswith(_ZIP):
        _fail(file, "this is an Excel workbook (or another zip file), not text",
              "name it .xlsx so netmap reads it as a workbook, or save it as 'CSV UTF-8'")
    if sheet is not None:
        _fail(file, "--sheet applies only to Excel workbooks")
    return read_text_table(raw, file, encoding, ext, max_rows)
