"""Read delimited text files: detect the encoding and the separator, parse strictly.

Every cell is read as text; meaning is given later. Lines starting with ``#``
before the header are comments (e.g. a note that the data are illustrative)
and are skipped; row numbers still count them, as a spreadsheet would. Encodings are tried in a
fixed order, never guessed silently: UTF-8 (with or without BOM), UTF-16 (by
BOM or by its NUL pattern), then Windows-1252 with a warning. Latin-1 is never
used as a fallback, because it decodes anything and so mangles silently.
Excel's first line ``sep=;`` sets the separator and, as in Excel, is not a
row. Rows wider than ``max_columns`` are refused as they are parsed.
"""

from __future__ import annotations

import codecs
import collections
import csv
import io
import itertools
import re

from netmap.errors import InputError, Problem, column_letter
from netmap.io.cells import NUL_STANDIN
from netmap.io.sheet import Sheet

__all__ = ["decode", "sniff_separator", "read_text_table", "prepare_text", "too_many_rows",
           "too_many_columns", "SEPARATORS"]

SEPARATORS = {",": "comma", ";": "semicolon", "\t": "tab", "|": "vertical bar"}
_SAMPLE = 65536
_LEADING_COMMENTS = re.compile(r"\A(?:[ \t]*(?:#[^\n]*)?\r?\n)+")
# Excel's first line naming the separator (sometimes quoted by other writers)
_SEP_LINE = re.compile(r'\A"?sep=([^\r\n"])"?[ \t]*(?:\r\n|\n|\r|\Z)', re.IGNORECASE)


def _looks_utf16(raw: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes have UTF-16's NUL pattern."""
    sample = raw[:4096]
    if len(sample) < 4:
        return None
    even_nul = sample[0::2].count(0) / len(sample[0::2])
    odd_nul = sample[1::2].count(0) / len(sample[1::2])
    if odd_nul > 0.3 and even_nul < 0.05:
        return "utf-16-le"
    if even_nul > 0.3 and odd_nul < 0.05:
        return "utf-16-be"
    return None


def _check_encoding(encoding: str, file: str) -> str:
    """The codec's name, or an error when ``encoding`` is unknown or not a text encoding."""
    try:
        info = codecs.lookup(encoding)
    except (LookupError, ValueError):
        raise InputError([Problem("error", f"unknown encoding {encoding!r}", file=file,
                                  hint="try utf-8, cp1252 or utf-16")]) from None
    if not getattr(info, "_is_text_encoding", True):
        raise InputError([Problem(
            "error", f"{encoding!r} is not a text encoding (it turns bytes into bytes, or text "
            "into text)", file=file, hint="try utf-8, cp1252 or utf-16")])
    return info.name


class _Undecodable(Exception):
    """``raw`` does not decode; ``position`` is the offending byte's offset in ``raw``."""

    def __init__(self, position: int | None):
        super().__init__(position)
        self.position = position


def _decode_as(raw: bytes, encoding: str) -> str:
    """``raw`` decoded with ``encoding``; byte offsets in errors count the whole file.

    A UTF-8 byte order mark is skipped by hand, because the ``utf-8-sig``
    codec counts error offsets from after it.
    """
    skip = 0
    if codecs.lookup(encoding).name == "utf-8-sig":
        encoding = "utf-8"
        skip = len(codecs.BOM_UTF8) if raw.startswith(codecs.BOM_UTF8) else 0
    try:
        return str(memoryview(raw)[skip:], encoding)
    except UnicodeDecodeError as e:
        position = skip + e.start
        raise _Undecodable(position if 0 <= position < len(raw) else None) from None
    except UnicodeError:  # codecs that fail without saying where
        raise _Undecodable(None) from None


def _where(raw: bytes, encoding: str, position: int | None) -> str:
    """'byte 0x81 on line 2 (byte 27 of the file)': lines counted in ``encoding``."""
    if position is None:
        return "a byte sequence"
    try:
        line = str(memoryview(raw)[:position], encoding, "replace").count("\n") + 1
    except UnicodeError:  # a codec without the 'replace' error handler
        line = raw.count(b"\n", 0, position) + 1
    return f"byte 0x{raw[position]:02x} on line {line} (byte {position + 1:,} of the file)"


def decode(raw: bytes, file: str, encoding: str | None = None) -> tuple:
    """Decode ``raw``; return ``(text, encoding used, notes)``.

    Raises :class:`InputError` naming the file, line and byte when no
    encoding netmap accepts fits.

    >>> decode(b"\\xef\\xbb\\xbfa,b\\n", "f.csv")[:2]
    ('a,b\\n', 'utf-8-sig')
    """
    notes: list[Problem] = []
    if encoding:
        _check_encoding(encoding, file)
        try:
            text = _decode_as(raw, encoding)
        except _Undecodable as e:
            raise InputError([Problem(
                "error", f"cannot be read as {encoding}: {_where(raw, encoding, e.position)} "
                "does not fit", file=file,
                hint="try another --encoding, or save the file as CSV UTF-8")]) from None
        return text.lstrip("\ufeff"), encoding, notes
    if raw.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        guess = _looks_utf16(raw)
        candidates = [guess] if guess else ["utf-8", "cp1252"]
    error = None
    for enc in candidates:
        try:
            text = _decode_as(raw, enc)
        except _Undecodable as e:
            error = (enc, e.position)  # the last encoding tried is the one to report
            continue
        if enc == "cp1252":
            notes.append(Problem(
                "warning", "the file is not UTF-8; it was read as Windows-1252 (cp1252), "
                "the encoding of Excel's plain 'CSV' export", file=file,
                hint="if names look wrong, pass --encoding with the right one, "
                "or save the file as 'CSV UTF-8'"))
        elif enc.startswith("utf-16"):
            notes.append(Problem("info", "read as UTF-16 text", file=file))
        return text.lstrip("\ufeff"), enc, notes
    assert error is not None  # every candidate failed to decode
    where = _where(raw, error[0], error[1])
    if len(candidates) > 1:
        message = f"the file is neither UTF-8 nor Windows-1252 text: {where} fits neither"
    else:
        told = ("starts with a UTF-8 byte order mark but is not UTF-8 text"
                if candidates[0] == "utf-8-sig" else "looks like UTF-16 text but is not")
        message = f"the file {told}: {where} does not fit"
    raise InputError([Problem(
        "error", message, file=file,
        hint="save it as 'CSV UTF-8', or pass --encoding naming its encoding")])


def _records(text: str, sep: str, strict: bool):
    return csv.reader(io.StringIO(text, newline=""), delimiter=sep, strict=strict)


def sniff_separator(text: str, preferred: str = ",", candidates=None) -> tuple:
    """Pick the separator among , ; tab | that gives the most rows of one width (a title
    line above the header, narrower, does not decide).

    Returns ``(separator, header width)``. ``candidates`` restricts the choice
    (a separator the file declares).

    >>> sniff_separator("a;b;c\\n1;2;3\\n")
    (';', 3)
    """
    sample = text[:_SAMPLE]
    if len(text) > _SAMPLE and "\n" in sample:
        sample = sample[: sample.rindex("\n") + 1]
    order = [preferred] + [s for s in SEPARATORS if s != preferred]
    best = None
    for sep in candidates or order:
        try:
            rows = [r for r in itertools.islice(_records(sample, sep, False), 200)
                    if any(c.strip() for c in r)]
        except csv.Error:
            continue
        if not rows:
            continue
        # the width most rows share (a title line above the header is narrower)
        widths = collections.Counter(len(r) for r in rows)
        width, consistent = max(widths.items(), key=lambda wc: (wc[1], wc[0]))
        if width <= 1 and len(widths) > 1:  # a column of titles and one wider table
            width = max(widths)
            consistent = widths[width]
        score = (width > 1, consistent, width)
        if best is None or score > best[0]:
            best = (score, sep, width)
    if best is None:
        return preferred, 0
    return best[1], best[2]


def too_many_rows(file: str, max_rows: int) -> InputError:
    return InputError([Problem(
        "error", f"the file has more than {max_rows:,} rows, the limit that keeps netmap "
        "within memory", file=file,
        hint="raise the limit with --max-rows if this machine has the memory")])


def too_many_columns(file: str, row: int, columns: int, max_columns: int) -> InputError:
    return InputError([Problem(
        "error", f"the row has {columns:,} columns (up to column {column_letter(columns - 1)}), "
        f"more than the limit of {max_columns:,} that keeps netmap within memory", file=file,
        row=row,
        hint="raise the limit with --max-columns if the file really is that wide")])


def _declared_separator(text: str) -> tuple:
    """``(separator, rest of the text)`` when the first line is Excel's ``sep=;``."""
    m = _SEP_LINE.match(text)
    if not m:
        return None, text
    return m.group(1), text[m.end():]


def prepare_text(raw: bytes, file: str, encoding: str | None = None,
                 extension: str = "") -> tuple:
    """``(text, separator, declared, notes)``: ``raw`` decoded (NUL bytes stood in for),
    without Excel's ``sep=`` line (``declared``: the separator it named, else None),
    and the separator detected; ``notes`` say the encoding and separator used.

    Raises :class:`InputError` when the text does not decode or parses to one column.
    """
    text, enc, notes = decode(raw, file, encoding)
    text = text.replace("\x00", NUL_STANDIN)  # csv refuses NUL on Python < 3.11
    declared, text = _declared_separator(text)
    preferred = "\t" if extension in (".tsv", ".tab") or enc.startswith("utf-16") else ","
    lead = _LEADING_COMMENTS.match(text)
    start = lead.end() if lead else 0
    sep, width = sniff_separator(text[start:start + _SAMPLE + 1], declared or preferred,
                                 [declared] if declared else None)
    if width <= 1:
        raise InputError([Problem(
            "error", "the file parses to a single column with "
            + (f"the separator {declared!r} its first line declares" if declared else
               "every separator netmap knows (comma, semicolon, tab, vertical bar)"),
            file=file, hint="a partnership needs an organisation column and function columns; "
            "check the file is a table saved as CSV")])
    how = f" (declared by the first line 'sep={sep}')" if declared else ""
    notes.append(Problem("info", f"encoding {enc}, separator: "
                         f"{SEPARATORS.get(sep, repr(sep))}{how}", file=file))
    return text, sep, declared, notes


def read_text_table(raw: bytes, file: str, encoding: str | None = None,
                    extension: str = "", max_rows: int = 5_000_000,
                    max_columns: int = 16_384) -> Sheet:
    """Parse delimited text into a :class:`Sheet` (all cells text).

    A first line ``sep=;`` (written by Excel and read by it as the separator,
    not as a row) declares the separator; like Excel, netmap does not count
    it as a row, so the header below it is row 1.
    """
    text, sep, declared, notes = prepare_text(raw, file, encoding, extension)
    reader = _records(text, sep, True)
    records = []
    line = 0  # physical line on which the last complete record ended
    try:
        for row in reader:
            records.append(row)
            line = reader.line_num
            if len(row) > max_columns:
                raise too_many_columns(file, len(records), len(row), max_columns)
            if len(records) > max_rows + 1:
                raise too_many_rows(file, max_rows)
    except csv.Error as e:
        physical = line + 1 + (1 if declared else 0)
        raise InputError([Problem(
            "error", f"malformed quoting ({e}): a quote opened in this row (line {physical}) "
            "is never closed, or text follows a closing quote", file=file, row=len(records) + 1,
            hint="close the quote, or double any quote inside a quoted name (\"\")")]) from None
    sheet = Sheet(file=file, header=[], rows=[], notes=notes)
    first = 0
    comments = 0
    while first < len(records) and (not any(c.strip() for c in records[first])
                                    or records[first][0].lstrip().startswith("#")):
        comments += bool(records[first] and records[first][0].lstrip().startswith("#"))
        first += 1
    if first == len(records):
        raise InputError([Problem("error", "the file has no content (only blank lines)",
                                  file=file)])
    if comments:
        sheet.note("info", f"{comments} comment line{'s' if comments != 1 else ''} (starting "
                   f"with #) before the header skipped")
    if first > comments:
        sheet.note("warning", ("row 1 is blank or a comment" if first == 1 else
                               f"rows 1-{first} are blank or comments")
                   + "; the header was read "
                   f"from row {first + 1}")
    sheet.header = records[first]
    sheet.header_row = first + 1
    sheet.rows = [(i + 1, r) for i, r in enumerate(records) if i > first]
    return sheet
