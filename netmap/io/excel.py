"""Read one sheet of an .xlsx workbook as text cells, within bounds.

- Before anything is parsed, the zip's declared sizes are checked: the parts
  together must unpack to at most ``max_bytes``, and no part may be
  compressed more than any real spreadsheet is (a zip bomb). Every XML part's
  prolog is read: a document type declaration (the way to declare entities,
  as in "billion laughs") is refused; workbooks never need one.
- The first *visible* worksheet is read unless ``sheet`` names another
  (hidden sheets and chartsheets are skipped); a sheet is a name or a 1-based
  position among all the workbook's sheets.
- Cells are read as the values the workbook saved. A formula saved without
  its result (by a program that does not compute, e.g. openpyxl) becomes
  :data:`~netmap.io.cells.NO_SAVED_VALUE` and the formula, which
  :func:`~netmap.io.cells.interpret` refuses naming the cell.
- A merged cell's value fills every cell the merge covers; hidden rows are
  read, with a note naming them (a warning when they hold engagement marks).
- Blank rows are not kept: one warning names those inside the table.

The sheet XML is streamed (openpyxl's worksheet parser over ``iterparse``),
so memory grows with the cells kept, never with what the file claims.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import warnings
import zipfile
from bisect import bisect_left, bisect_right
from xml.parsers import expat

from netmap.errors import InputError, Problem, column_letter
from netmap.io.cells import NO_SAVED_VALUE, CellError, interpret
from netmap.io.sheet import Sheet

__all__ = ["read_xlsx", "cell_text", "MAX_RATIO"]

# Real worksheets compress about 10:1 (20:1 for a sheet of ones); deflate's ceiling is
# about 1000:1. Parts over _RATIO_FLOOR bytes compressed more than this are refused.
MAX_RATIO = 200
_RATIO_FLOOR = 1 << 20
_PROLOG_CHUNK = 1 << 14
_HINT_RESAVE = "open it in Excel or LibreOffice and save it again as .xlsx, or save it as CSV"


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


def _error(file: str, message: str, hint: str | None = _HINT_RESAVE, **where) -> InputError:
    return InputError([Problem("error", message, file=file, hint=hint, **where)])


def _first_line(e: Exception) -> str:
    """'ParseError: not well-formed (invalid token): line 1, column 5'."""
    text = str(e).strip()
    return f"{type(e).__name__}: {text.splitlines()[0]}" if text else type(e).__name__


def _ranges(numbers: list) -> str:
    """'2-4, 7' for [2, 3, 4, 7] (sorted input); at most ten ranges shown.

    >>> _ranges([2, 3, 4, 7])
    '2-4, 7'
    """
    spans: list = []
    for n in numbers:
        if spans and n == spans[-1][1] + 1:
            spans[-1][1] = n
        else:
            spans.append([n, n])
    shown = [f"{a}-{b}" if b > a else f"{a}" for a, b in spans[:10]]
    return ", ".join(shown) + (f" and {len(spans) - 10} more" if len(spans) > 10 else "")


# --- the zip: sizes and XML prologs -------------------------------------------------

class _Prolog(Exception):
    """Raised by the prolog scanner: ``args[0]`` is True when a DTD was found."""


def _refuse_dtd(archive: zipfile.ZipFile, name: str, file: str) -> None:
    """Read the XML part ``name`` up to its root element; a DOCTYPE or ENTITY is refused.

    Entities can only be declared before the root element, so this bounded
    read rules them out of the whole part. Parts that are not XML are skipped.
    """
    parser = expat.ParserCreate()

    def dtd(*_):
        raise _Prolog(True)

    def root(*_):
        raise _Prolog(False)

    parser.StartDoctypeDeclHandler = dtd
    parser.EntityDeclHandler = dtd
    parser.StartElementHandler = root
    try:
        with archive.open(name) as fh:
            chunk = fh.read(_PROLOG_CHUNK)
            if not chunk.lstrip(b"\xef\xbb\xbf\xff\xfe \t\r\n\x00").startswith(b"<"):
                return  # not XML (a picture, a binary part): nothing to parse
            while True:
                parser.Parse(chunk, not chunk)
                if not chunk:
                    return
                chunk = fh.read(_PROLOG_CHUNK)
    except _Prolog as found:
        if found.args[0]:
            raise _error(file, f"the workbook's part {name} declares a document type or "
                         "entities, which real workbooks never do (entities can expand to "
                         "exhaust memory)") from None
    except expat.ExpatError as e:
        raise _error(file, f"the workbook's part {name} is not well-formed XML "
                     f"({expat.ErrorString(e.code)}, line {e.lineno})") from None
    except Exception as e:  # noqa: BLE001 - damaged, encrypted or oddly compressed: the file's
        raise _error(file, f"the workbook's part {name} cannot be unpacked "
                     f"({_first_line(e)})") from None


def _check_archive(archive: zipfile.ZipFile, file: str, max_bytes: int) -> None:
    """Refuse a workbook whose parts unpack beyond ``max_bytes`` or look like a zip bomb."""
    from netmap.io.files import size_text

    infos = archive.infolist()
    total = sum(i.file_size for i in infos)
    if total > max_bytes:
        raise _error(file, f"the workbook unpacks to {size_text(total)} (its parts' declared "
                     f"sizes), over the limit of {size_text(max_bytes)} that keeps netmap "
                     "within memory",
                     "raise the limit with --max-bytes if this machine has the memory")
    for i in infos:
        if i.file_size > _RATIO_FLOOR and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            ratio = i.file_size // max(i.compress_size, 1)
            raise _error(file, f"the workbook's part {i.filename} is compressed {ratio:,}:1 "
                         f"({size_text(i.compress_size)} unpacking to "
                         f"{size_text(i.file_size)}), far beyond any real spreadsheet "
                         f"(at most {MAX_RATIO}:1): refused as a zip bomb",
                         "if the workbook is genuine, save the sheet as 'CSV UTF-8' and read "
                         "that")
    for i in infos:
        if not i.is_dir():
            _refuse_dtd(archive, i.filename, file)


# --- the workbook: sheets --------------------------------------------------------

def _open(raw: bytes, file: str, max_bytes: int):
    """openpyxl's reader with the workbook part, shared strings and styles read."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet

    try:
        reader = ExcelReader(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as e:  # noqa: BLE001 - any failure to open the zip is the file's fault
        raise _error(file, f"is not a readable Excel workbook ({_first_line(e)})") from None
    _check_archive(reader.archive, file, max_bytes)
    step = "read its list of parts"
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about parts it drops
            reader.read_manifest()
            step = "read its shared strings"
            reader.read_strings()
            step = "read its workbook part"
            reader.read_workbook()
            step = "read its styles"
            apply_stylesheet(reader.archive, reader.wb)
    except KeyError as e:
        missing = re.search(r"named '(.+)' in the archive", str(e))
        raise _error(file, f"is not a readable Excel workbook: could not {step} "
                     + (f"(its part {missing.group(1)} is missing)" if missing else f"({e})")
                     ) from None
    except Exception as e:  # noqa: BLE001 - any parser failure is the file's fault
        raise _error(file, f"is not a readable Excel workbook: could not {step} "
                     f"({_first_line(e)})") from None
    return reader


def _sheets(reader, file: str) -> list:
    """(name, state, part, is_chartsheet) of every sheet, in the workbook's order."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about entries it drops
            return [(s.name, s.state or "visible", rel.target, "chartsheet" in (rel.Type or ""))
                    for s, rel in reader.parser.find_sheets()]
    except Exception as e:  # noqa: BLE001 - a broken relationship is the file's fault
        raise _error(file, f"is not a readable Excel workbook: its list of sheets is broken "
                     f"({_first_line(e)})") from None


def _describe(sheets: list) -> str:
    return ", ".join(f"{n!r}" + (" (chartsheet)" if chart else "")
                     + (f" ({state})" if state != "visible" else "")
                     for n, state, _, chart in sheets) or "(none)"


def _choose(sheets: list, sheet: str | None, file: str) -> tuple:
    """The sheet to read and a note about the sheets skipped (or None)."""
    if sheet is None:
        for k, (name, state, _part, chart) in enumerate(sheets):
            if state == "visible" and not chart:
                skipped = sheets[:k]
                note = (f"read sheet {name!r}, the first visible worksheet; skipped "
                        f"{_describe(skipped)} (name one with --sheet)") if skipped else None
                return sheets[k], note
        if all(chart for *_, chart in sheets):
            raise _error(file, "the workbook holds no worksheet, only charts (chartsheets: "
                         f"{', '.join(repr(n) for n, *_ in sheets) or 'none'})",
                         "read the workbook or file that holds the table of engagements")
        raise _error(file, "the workbook has no visible worksheet",
                     f"sheets: {_describe(sheets)}; name one with --sheet")
    chosen = next((s for s in sheets if s[0] == sheet), None)
    if chosen is None and str(sheet).isdigit() and 1 <= int(sheet) <= len(sheets):
        chosen = sheets[int(sheet) - 1]
    if chosen is None:
        raise _error(file, f"the workbook has no sheet {sheet!r}",
                     f"sheets: {_describe(sheets)}")
    if chosen[3]:
        raise _error(file, f"sheet {chosen[0]!r} is a chartsheet (a chart), not a table of "
                     "cells", f"sheets: {_describe(sheets)}")
    note = f"read sheet {chosen[0]!r}, which is {chosen[1]}" if chosen[1] != "visible" else None
    return chosen, note


# --- the worksheet: rows, merges, hidden rows -----------------------------------

def _parser_class():
    from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        """openpyxl's streaming parser, reading saved values; a formula saved without
        its result becomes NO_SAVED_VALUE + the formula instead of a blank.

        Without a result: no ``<v>``, or an empty one (openpyxl writes ``<v/>``)
        unless the result is the empty string (type ``str``). When the workbook
        asks to be recalculated on opening (``fullCalcOnLoad``, which Excel drops
        when it saves), a saved 0 is a placeholder too: XlsxWriter writes
        ``<v>0</v>`` for every formula.
        """

        recalculate = False

        def parse_cell(self, element):
            cell = super().parse_cell(element)
            formula = element.find(FORMULA_TAG)
            kind = element.get("t", "n")
            if formula is not None and kind != "inlineStr":
                value = element.find(VALUE_TAG)
                text = value.text if value is not None else None
                if (value is None or (not text and kind != "str")
                        or (self.recalculate and text in ("", "0"))):
                    cell["value"] = NO_SAVED_VALUE + "=" + (formula.text or "")
            return cell

    return Parser


_FULL_CALC = re.compile(rb"<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad\s*=\s*[\"'](?:1|true)[\"']")


def _asks_recalculation(reader) -> bool:
    """True when the workbook part says ``fullCalcOnLoad="1"`` (read from the XML itself:
    openpyxl's object defaults the attribute to true when it is absent)."""
    try:
        return bool(_FULL_CALC.search(reader.archive.read(reader.parser.workbook_part_name)))
    except Exception:  # noqa: BLE001 - read before without error; be conservative
        return False


def _rows(reader, part: str, label: str, max_rows: int, max_columns: int) -> tuple:
    """``(rows, blank row numbers, parser)``: non-blank rows as (row, cells), in order."""
    from netmap.io.text import too_many_columns, too_many_rows

    wb = reader.wb
    try:
        source = reader.archive.open(part)
    except Exception as e:  # noqa: BLE001 - an encrypted or damaged part
        raise _error(label, f"the sheet's part {part} cannot be unpacked ({_first_line(e)})"
                     ) from None
    parser = _parser_class()(source, reader.shared_strings, data_only=True,
                             epoch=wb.epoch, date_formats=wb._date_formats,
                             timedelta_formats=wb._timedelta_formats)
    parser.recalculate = _asks_recalculation(reader)
    rows: list = []
    blank: list = []
    last = 0
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # openpyxl warns about parts it drops
            for index, cells in parser.parse():
                if index < 1:
                    raise _error(label, f"the sheet has a row numbered {index}")
                if index <= last:
                    raise _error(label, f"the sheet's rows are out of order (row {index} "
                                 f"after row {last})")
                last = index
                width = max((c["column"] for c in cells), default=0)
                if width > max_columns:
                    raise too_many_columns(label, index, width, max_columns)
                values = [""] * width
                for c in cells:
                    if c["column"] < 1:
                        raise _error(label, f"the sheet has a cell in a column before A "
                                     f"(row {index})")
                    values[c["column"] - 1] = cell_text(c["value"])
                while values and not values[-1].strip():
                    values.pop()
                if not values:
                    blank.append(index)
                    continue
                rows.append((index, values))
                if len(rows) > max_rows + 1:
                    raise too_many_rows(label, max_rows)
    except InputError:
        raise
    except Exception as e:  # noqa: BLE001 - any parser failure is the file's fault
        raise _error(label, f"the sheet's XML is broken ({_first_line(e)})",
                     row=last + 1 if last else None) from None
    finally:
        parser.source.close()
    return rows, blank, parser


def _fill_merged(rows: list, merged, label: str, max_columns: int) -> None:
    """Copy each merged range's top-left value into every cell it covers.

    Only rows that hold something are filled, and columns up to ``max_columns``:
    the work is bounded by the cells the sheet has, never by what a range claims.
    """
    if not merged:
        return
    numbers = [r for r, _ in rows]
    by_row = dict(rows)
    budget = max(len(rows), 1) * max_columns
    for rng in merged.mergeCell:
        top = by_row.get(rng.min_row)
        col0 = rng.min_col - 1
        value = top[col0] if top is not None and col0 < len(top) else ""
        if not value.strip():
            continue
        last_col = min(rng.max_col, max_columns)
        if last_col <= col0:
            continue
        lo, hi = bisect_left(numbers, rng.min_row), bisect_right(numbers, rng.max_row)
        budget -= (hi - lo) * (last_col - col0)
        if budget < 0:
            raise _error(label, "the sheet's merged ranges overlap or cover far more cells "
                         "than it holds")
        for k in range(lo, hi):
            cells = rows[k][1]
            if len(cells) < last_col:
                cells.extend([""] * (last_col - len(cells)))
            for j in range(col0, last_col):
                cells[j] = value


def _hidden_note(sheet: Sheet, parser, rows: list) -> None:
    """A note naming hidden rows (a warning when they hold engagement marks)."""
    hidden_rows = {int(r) for r, attrs in parser.row_dimensions.items()
                   if str(attrs.get("hidden", "")).lower() in ("1", "true")}
    hidden = [(r, cells) for r, cells in rows if r in hidden_rows]
    if hidden:
        def marks(cells):
            for c in cells[1:]:
                try:
                    if interpret(c, True) > 0:
                        return True
                except CellError:
                    continue
            return False

        with_marks = any(marks(cells) for r, cells in hidden if r != sheet.header_row)
        numbers = [r for r, _ in hidden]
        sheet.note("warning" if with_marks else "info",
                   (f"rows {_ranges(numbers)} are hidden in the workbook and are read like "
                    "any other" if len(numbers) > 1 else f"row {numbers[0]} is hidden in the "
                    "workbook and is read like any other")
                   + (", engagement marks included" if with_marks else ""),
                   row=numbers[0],
                   hint="unhide hidden rows in the spreadsheet to check them; delete any "
                   "that should not count")
    width = len(sheet.header)
    starts = [0] * (width + 2)  # +1 where a hidden span starts, -1 after it ends
    for attrs in parser.column_dimensions.values():
        if str(attrs.get("hidden", "")).lower() in ("1", "true"):
            lo = max(_int(attrs.get("min")), 1)
            hi = min(_int(attrs.get("max"), lo), width)
            if lo <= hi:
                starts[lo] += 1
                starts[hi + 1] -= 1
    cols, depth = [], 0
    for c in range(1, width + 1):
        depth += starts[c]
        if depth > 0:
            cols.append(c)
    if cols:
        shown = ", ".join(column_letter(c - 1) for c in cols[:20])
        sheet.note("info", f"column{'s' if len(cols) > 1 else ''} {shown}"
                   + (f" and {len(cols) - 20} more" if len(cols) > 20 else "")
                   + f" {'are' if len(cols) > 1 else 'is'} hidden in the workbook and read "
                   "like any other", row=sheet.header_row)


def _int(text, default: int = 0) -> int:
    try:
        return int(text)
    except (TypeError, ValueError):
        return default


def read_xlsx(raw: bytes, file: str, sheet: str | None = None, max_rows: int = 5_000_000,
              max_bytes: int = 1 << 30, max_columns: int = 16_384) -> Sheet:
    """Read a workbook's sheet from its bytes. ``sheet`` is a name or a 1-based number."""
    reader = _open(raw, file, max_bytes)
    try:
        sheets = _sheets(reader, file)
        (name, _state, part, _chart), choice_note = _choose(sheets, sheet, file)
        label = f"{file} [{name}]"
        if part not in reader.valid_files:
            raise _error(label, f"the workbook lists sheet {name!r} but its part {part} is "
                         "missing")
        rows, blank, parser = _rows(reader, part, label, max_rows, max_columns)
        _fill_merged(rows, parser.merged_cells, label, max_columns)
    finally:
        reader.archive.close()
    if not rows:
        raise InputError([Problem("error", "the sheet is empty", file=label)])
    header_row, header = rows[0]
    width = len(header)
    out = Sheet(file=label, header=header, rows=[], header_row=header_row)
    if choice_note:
        out.note("info", choice_note)
    if header_row > 1:
        above = "row 1 is" if header_row == 2 else f"rows 1-{header_row - 1} are"
        out.note("warning", f"{above} blank; the header was read from row {header_row}")
    inside = [r for r in blank if header_row < r < rows[-1][0]]
    if inside:
        out.note("warning", f"blank row{'s' if len(inside) > 1 else ''} {_ranges(inside)} "
                 "skipped", row=inside[0])
    # Excel rows carry no trailing separators: pad them to the header's width.
    out.rows = [(r, cells + [""] * (width - len(cells)) if len(cells) < width else cells)
                for r, cells in rows[1:]]
    _hidden_note(out, parser, rows)
    return out

