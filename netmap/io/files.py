"""Open any input file within bounds: checks on the path, then text or workbook.

:func:`read_bounded` is the one way netmap reads an input file's bytes
(partnership files, aliases and attributes files, rules and taxonomy TOML):
it refuses anything that is not a regular file *before opening it* (a FIFO
with no writer would block for ever, ``/dev/zero`` never ends), and it never
reads more than ``max_bytes + 1`` bytes, whatever the file's size claims.
"""

from __future__ import annotations

import errno
import os
import stat

from netmap.errors import InputError, Problem
from netmap.io.excel import read_xlsx
from netmap.io.options import MAX_BYTES, MAX_COLUMNS, MAX_ROWS
from netmap.io.sheet import Sheet
from netmap.io.text import read_text_table

__all__ = ["read_sheet", "read_bounded", "file_sha256", "size_text", "TEXT_EXTENSIONS",
           "EXCEL_EXTENSIONS", "MAX_BYTES", "MAX_ROWS", "MAX_COLUMNS"]


TEXT_EXTENSIONS = (".csv", ".tsv", ".tab", ".txt")
EXCEL_EXTENSIONS = (".xlsx", ".xlsm")
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_KINDS = ((stat.S_ISFIFO, "a FIFO, or named pipe"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"))


def _fail(file: str, message: str, hint: str | None = None):
    raise InputError([Problem("error", message, file=file, hint=hint)])


def size_text(n: int) -> str:
    """A byte count for people.

    >>> size_text(100), size_text(1 << 30), size_text(25_000_000)
    ('100 bytes', '1,074 MB', '25 MB')
    """
    if n < 10_000:
        return f"{n:,} byte{'s' if n != 1 else ''}"
    if n < 10_000_000:
        return f"{n / 1e3:,.0f} KB"
    return f"{n / 1e6:,.0f} MB"


def _over(file: str, what: str, max_bytes: int, size: int | None = None):
    shown = f"is {size_text(size)}, over" if size is not None else "is larger than"
    _fail(file, f"the {what} {shown} the limit of {size_text(max_bytes)} that keeps netmap "
          "within memory", "raise the limit with --max-bytes if this machine has the memory")


def _stat(path, file: str, what: str) -> os.stat_result:
    """``os.stat`` of ``path``, or an error telling a missing file from a broken link."""
    try:
        return os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            _fail(file, f"is a symbolic link to {os.readlink(path)!r}, which does not exist",
                  "fix the link or name the file it should point to")
        _fail(file, f"no such {what}", "check the path")
    except NotADirectoryError:
        _fail(file, f"no such {what} (a part of the path is a file, not a folder)",
              "check the path")
    except ValueError:  # a NUL character in the path
        _fail(file, "is not a valid path (it contains a NUL character)", "check the path")
    except OSError as e:
        if e.errno == errno.ELOOP:
            _fail(file, "is a symbolic link that loops (it leads back to itself through "
                  "other links), not a file", "fix the link or name the file itself")
        _fail(file, f"cannot be read ({e.strerror or e})", "check the file's permissions")
    raise AssertionError("unreachable")  # pragma: no cover


def _regular(st: os.stat_result, file: str, what: str) -> None:
    if stat.S_ISDIR(st.st_mode):
        _fail(file, f"is a folder, not a {what}", "name a file inside it")
    if not stat.S_ISREG(st.st_mode):
        kind = next((name for test, name in _KINDS if test(st.st_mode)), "a special file")
        _fail(file, f"is not a regular file ({kind}); netmap reads only regular files, "
              "so that an endless stream cannot hang it or exhaust memory",
              "save the data to a file and name that file")


def read_bounded(path, max_bytes: int = MAX_BYTES, what: str = "file") -> bytes:
    """The bytes of the regular file ``path``, refused when over ``max_bytes``.

    Folders, FIFOs, devices and sockets are refused before they are opened; a
    dangling or looping symbolic link is told apart from a missing file. At
    most ``max_bytes + 1`` bytes are read, whatever the file's size claims
    (a file may grow while it is read). ``what`` names the file in messages
    (``"rules file"``).
    """
    file = str(path)
    st = _stat(path, file, what)
    _regular(st, file, what)
    if st.st_size > max_bytes:
        _over(file, what, max_bytes, st.st_size)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        # O_NONBLOCK: should a FIFO replace the file after the check, opening it
        # does not wait for a writer (and the check below refuses it).
        fd = os.open(path, flags)
    except OSError as e:
        _fail(file, f"cannot be read ({e.strerror or e})", "check the file's permissions")
    with os.fdopen(fd, "rb") as fh:
        try:
            _regular(os.fstat(fd), file, what)
            limit = max_bytes + 1
            chunks = []
            total = 0
            want = st.st_size + 1  # the whole file in one read, plus one byte to see growth
            while total < limit:
                block = fh.read(min(limit - total, max(want, 1 << 16)))
                if not block:
                    break
                chunks.append(block)
                total += len(block)
                want = 1 << 16
        except OSError as e:
            _fail(file, f"cannot be read ({e.strerror or e})", "check the file's permissions")
    if total > max_bytes:
        _over(file, what, max_bytes)
    return b"".join(chunks)


def read_sheet(path, encoding: str | None = None, sheet: str | None = None,
               max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS,
               max_columns: int = MAX_COLUMNS) -> Sheet:
    """Read ``path`` (csv/tsv/txt or xlsx) into a :class:`Sheet` of text cells.

    Files larger than ``max_bytes`` (a workbook: once unpacked), or with more
    than ``max_rows`` rows or ``max_columns`` columns, are refused before they
    exhaust memory.
    """
    file = str(path)
    raw = read_bounded(path, max_bytes)
    ext = os.path.splitext(file)[1].lower()
    if raw.startswith(_OLE) and ext in EXCEL_EXTENSIONS:
        _fail(file, f"is named {ext} but is an encrypted (password-protected) workbook or an "
              "old .xls one, which netmap cannot read",
              "remove the password in Excel (File > Info > Protect Workbook) and save as .xlsx")
    if raw.startswith(_OLE) or ext == ".xls":
        _fail(file, "is an old Excel (.xls) workbook, which netmap does not read",
              "save it as .xlsx or as 'CSV UTF-8'")
    if ext in EXCEL_EXTENSIONS:
        if not raw.startswith(_ZIP):
            _fail(file, f"is named {ext} but is not an Excel workbook",
                  "rename it to .csv if it is text")
        return read_xlsx(raw, file, sheet, max_rows, max_bytes, max_columns)
    if not raw:
        _fail(file, "the file is empty (0 bytes)", "export the partnership matrix again")
    if raw.startswith(_ZIP):
        _fail(file, "this is an Excel workbook (or another zip file), not text",
              "name it .xlsx so netmap reads it as a workbook, or save it as 'CSV UTF-8'")
    if sheet is not None:
        _fail(file, "--sheet applies only to Excel workbooks")
    return read_text_table(raw, file, encoding, ext, max_rows, max_columns)


def file_sha256(path) -> str:
    """SHA-256 of the file at ``path`` (hex), read in blocks: for provenance."""
    import hashlib

    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()
