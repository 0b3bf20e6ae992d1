"""Returned forms as read: one return's answers, and who was asked.

:func:`read_return` reads one returned form (the .xlsx ``netmap form``
wrote, or a CSV saved from its ``Form`` sheet) and checks that its structure
is the form's: the ``Form`` sheet and the hidden ``netmap`` sheet are there,
the header is exactly ``Organisation``, ``Sector`` and the functions the form
was made with, every organisation the form listed still has its row, and
every answer is an engagement mark netmap reads (the dropdown's ``Yes``,
``No``, ``Not sure``, or any mark of :mod:`netmap.io.cells`). A CSV carries no
hidden sheet: its header must match the forms returned as workbooks, or the
``expected`` matrix, and it has no pre-filled values of its own.

:func:`expected_of` reads who was asked: a partner list, or the matrix the
forms were made from (title and total rows skipped). :mod:`netmap.collect` merges
what these read.

Contact details a partner may add are never read: cells outside the form's
columns are skipped with a warning that does not repeat what they hold.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from netmap.errors import InputError, Problem, column_letter
from netmap.forms import META_SHEET, ORGANISATION, SECTOR, FormRow
from netmap.io.cells import CellError, clean_name, interpret, is_uncertain
from netmap.io.options import MAX_BYTES, MAX_COLUMNS, MAX_ROWS
from netmap.names import EMAIL, is_contact, is_contact_value
from netmap.vocabulary import SECTOR_CLASSES, Vocabulary

__all__ = ["Return", "Expected", "read_return", "expected_of", "saved_time",
           "header_changes"]

_HINT_FRESH = "send the partner a fresh form (netmap form)"
# a fixed return is saved again: its save time is then the fixer's, not the partner's
_HINT_RESAVED = ("; saving the fixed file gives it a new save time: add --saved "
                 "'FILE=YYYY-MM-DDTHH:MM' with the time the partner saved it, or the fixed "
                 "return counts as the newest (and late after the deadline)")


@dataclass
class Return:
    """One returned form, as read: ``rows`` are ``(spreadsheet row, FormRow)``;
    ``prefilled`` maps each organisation the form listed to its pre-filled row (None for a
    CSV, which carries no hidden sheet)."""

    file: str
    kind: str
    saved: dt.datetime
    saved_from: str
    columns: tuple
    rows: list = field(default_factory=list)
    prefilled: dict | None = None
    due: dt.date | None = None
    created: dt.datetime | None = None
    order: int = 0
    unchanged: bool = False  # a form never saved after it was made, as pre-filled: no answer

    @property
    def name(self) -> str:
        return Path(self.file).name

    @property
    def functions(self) -> tuple:
        return self.columns[2:]


@dataclass(frozen=True)
class Expected:
    """Who was asked: the organisations in order, and the matrix they came from (None for a
    partner list)."""

    file: str
    organisations: tuple
    partnership: object = None
    notes: tuple = ()  # warnings about the list (a first line read as an organisation)


# --- reading one return -------------------------------------------------------------------

_CORE = {tag: re.compile(rb"<dcterms:" + tag + rb"\b[^>]*>\s*([^<]{10,40}?)\s*</dcterms:"
                         + tag + rb">") for tag in (b"created", b"modified")}
# a workbook saved this soon after it was created was never opened and saved by a partner
_UNTOUCHED = dt.timedelta(seconds=30)


def _core_time(path, tag: bytes) -> dt.datetime | None:
    """The time (UTC) an .xlsx records in docProps/core.xml as ``created`` or ``modified``."""
    try:
        with zipfile.ZipFile(path) as z:
            info = z.getinfo("docProps/core.xml")
            if info.file_size <= 1 << 20:
                m = _CORE[tag].search(z.read(info))
                if m:
                    text = m.group(1).decode("ascii", "replace").replace("Z", "+00:00")
                    when = dt.datetime.fromisoformat(text)
                    if when.tzinfo is None:
                        when = when.replace(tzinfo=dt.timezone.utc)
                    return when.astimezone(dt.timezone.utc)
    except (OSError, KeyError, ValueError, zipfile.BadZipFile):
        pass
    return None


def saved_time(path) -> tuple:
    """``(when the return was saved, how it is known)``: ``workbook`` (the time an .xlsx
    records as its last save) or ``file`` (the file's modification time), in UTC."""
    if str(path).lower().endswith((".xlsx", ".xlsm")):
        when = _core_time(path, b"modified")
        if when is not None:
            return when, "workbook"
    stamp = os.stat(path).st_mtime
    return dt.datetime.fromtimestamp(int(stamp), dt.timezone.utc), "file"


def _never_saved(ret: Return) -> bool:
    """True for a workbook return whose last save is its creation by netmap form (nobody
    opened and saved it) and whose rows are exactly the ones it was pre-filled with."""
    if ret.kind != "xlsx" or not ret.prefilled or ret.saved_from != "workbook":
        return False
    made = _core_time(ret.file, b"created")
    if made is None or abs(ret.saved - made) > _UNTOUCHED:
        return False
    rows = {row.organisation: row for _r, row in ret.rows}
    return rows.keys() == ret.prefilled.keys() and all(
        (row.sector, row.answers) == (ret.prefilled[o].sector, ret.prefilled[o].answers)
        for o, row in rows.items())


def _nfc(name: str) -> str:
    """A name in one Unicode form (NFC): 'Café' typed with a combining accent is the 'Café'
    another program wrote with a composed one, and is merged with it."""
    import unicodedata

    return unicodedata.normalize("NFC", name)


def _date(text: str) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text.strip()[:10]) if text.strip() else None
    except ValueError:
        return None


def _meta(sheet) -> tuple:
    """``(columns, pre-filled rows, due, created)`` from a form's hidden sheet, or raises
    ValueError when it is not one netmap wrote."""
    if not sheet.header or sheet.header[0] != "netmap form":
        raise ValueError("its hidden sheet is not one netmap wrote")
    info: dict = {}
    columns: tuple = ()
    prefilled: dict = {}
    for _r, cells in sheet.rows:
        k = cells[0] if cells else ""
        if k == "columns":
            columns = tuple(c for c in cells[1:] if c != "")
        elif k == "row" and len(cells) > 1:
            answers = tuple(cells[3:3 + max(0, len(columns) - 2)])
            answers += ("",) * (len(columns) - 2 - len(answers))
            name = _nfc(cells[1])
            prefilled[name] = FormRow(name, cells[2] if len(cells) > 2 else "", answers)
        elif k:
            info[k] = cells[1] if len(cells) > 1 else ""
    if len(columns) < 2 or columns[:2] != (ORGANISATION, SECTOR):
        raise ValueError("its hidden sheet lists no columns")
    created = None
    try:
        created = dt.datetime.fromisoformat(info.get("created", ""))
    except ValueError:
        pass
    return columns, prefilled, _date(info.get("due", "")), created


def _shown(text: str) -> str:
    """A header as a message may repeat it: contact details never are."""
    if is_contact_value(text) or EMAIL.search(text):
        return "(a value that looks like contact details, not repeated here)"
    return repr(text if len(text) <= 40 else text[:37] + "...")


def header_changes(found: list, expected: tuple, file: str, row: int = 1) -> list:
    """One error per way ``found`` differs from the form's header ``expected``: a column
    renamed, added, removed or moved (names compared with spacing and case folded)."""
    from netmap.names import fold

    width = len(found)
    while width and not str(found[width - 1]).strip():
        width -= 1
    found = [str(h) for h in found[:width]]
    if [fold(h) for h in found[:len(expected)]] == [fold(h) for h in expected]:
        return []  # columns added after the form's are not read (a warning says so)
    problems = []
    want = [fold(h) for h in expected]
    have = [fold(h) for h in found]
    columns = ", ".join(expected)

    def bad(message, column=None, name=None):
        problems.append(Problem("error", f"the form was changed: {message}", file=file, row=row,
                                column=column, column_name=name,
                                hint=f"put the header back as the form had it ({columns}), "
                                f"or {_HINT_FRESH}{_HINT_RESAVED}"))

    if len(found) == len(expected):
        for j, (h, w) in enumerate(zip(have, want, strict=True)):
            if h == w:
                continue
            if h in want:
                bad(f"column {expected[want.index(h)]!r} was moved here (it was column "
                    f"{column_letter(want.index(h))})", j, found[j] if h in want else None)
            else:
                bad(f"column {expected[j]!r} was renamed {_shown(found[j])}", j)
        return problems
    for j, w in enumerate(want):
        if w not in have:
            bad(f"column {expected[j]!r} (column {column_letter(j)} of the form) was removed")
    for j, h in enumerate(have):
        if h not in want:
            bad(f"a column {_shown(found[j])} was added" if h else "a column with no header "
                "was added", j)
    if not problems:
        bad("its columns are in another order")
    return problems


def _answer(raw: str) -> str:
    """The form's answer for a cell: '', ``Yes``, ``No`` or ``Not sure``; raises CellError."""
    text = raw.strip()
    if not text:
        return ""
    if is_uncertain(text):
        return "Not sure"
    return "Yes" if interpret(text, weighted=False) > 0 else "No"


def _sector(raw: str, vocabulary: Vocabulary, where: dict, problems: list) -> str:
    text = " ".join(raw.split())
    if not text:
        return ""
    cls = text if text in SECTOR_CLASSES else vocabulary.sector_of(text)
    if cls is None:
        problems.append(Problem("warning", f"sector {_shown(text)} is not one of the form's "
                                "sectors; kept as written (read as other)", **where,
                                hint="pick a sector from the dropdown: "
                                     + ", ".join(SECTOR_CLASSES)))
        return text if not is_contact_value(text) else ""
    return cls


def read_return(path, columns: tuple | None = None, vocabulary: Vocabulary | None = None,
                max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS,
                max_columns: int = MAX_COLUMNS) -> tuple:
    """``(Return or None, problems)`` for one returned form (see the module docstring).

    ``columns`` is the header a CSV must have (a workbook carries its own).
    """
    from netmap.io.files import read_sheet

    vocabulary = vocabulary or Vocabulary()
    file = str(path)
    problems: list = []
    kind = "xlsx" if file.lower().endswith((".xlsx", ".xlsm")) else "csv"
    prefilled = due = created = None
    if kind == "xlsx":
        try:
            meta = read_sheet(path, None, META_SHEET, max_bytes, max_rows, max_columns)
        except InputError as e:
            if any("has no sheet" in p.message for p in e.problems):
                return None, [Problem(
                    "error", f"is not a netmap form, or its hidden sheet {META_SHEET!r} was "
                    "removed: netmap cannot check its structure", file=file,
                    hint="send the partner a fresh form (netmap form); a table of your own "
                         "is read by every other netmap command")]
            return None, e.problems
        try:
            columns, prefilled, due, created = _meta(meta)
        except ValueError as e:
            return None, [Problem("error", f"is not a netmap form: {e}", file=file,
                                  hint=_HINT_FRESH)]
    try:
        sheet = read_sheet(path, None, "Form" if kind == "xlsx" else None, max_bytes, max_rows,
                           max_columns)
    except InputError as e:
        if kind == "xlsx" and any("has no sheet" in p.message for p in e.problems):
            return None, [Problem("error", "the form was changed: its sheet 'Form' was renamed "
                                  "or removed", file=file,
                                  hint="name the filled-in sheet 'Form' again, or "
                                  f"{_HINT_FRESH}{_HINT_RESAVED}")]
        return None, e.problems
    problems += [p for p in sheet.notes if p.severity != "info"]
    label = sheet.file
    if columns is None:
        columns = tuple(h.strip() for h in sheet.header)
        width = len(columns)
        while width and not columns[width - 1]:
            width -= 1
        columns = columns[:width]
    changed = header_changes(sheet.header, columns, label, sheet.header_row)
    if sheet.header_row != 1:
        changed.append(Problem("error", f"the form was changed: its header is on row "
                               f"{sheet.header_row}, not row 1", file=label,
                               row=sheet.header_row, hint=_HINT_FRESH))
    if changed:
        return None, problems + changed
    for j in range(len(columns), len(sheet.header)):
        if sheet.header[j].strip():
            problems.append(Problem("warning", f"a column {_shown(sheet.header[j].strip())} "
                                    "was added after the form's columns: it is not read",
                                    file=label, row=sheet.header_row, column=j,
                                    hint="answers go in the form's columns; comments to the "
                                         "coordinator, in the e-mail"))
    saved, how = saved_time(path)
    ret = Return(file=file, kind=kind, saved=saved, saved_from=how, columns=columns,
                 prefilled=prefilled, due=due, created=created)
    width = len(columns)
    seen: dict = {}
    for r, cells in sheet.rows:
        if any(c.strip() for c in cells[width:]):
            first = next(j for j in range(width, len(cells)) if cells[j].strip())
            problems.append(Problem("warning", "a cell outside the form's columns holds "
                                    "something; it was not read, and what it holds is not "
                                    "copied anywhere (it may be personal data)", file=label,
                                    row=r, column=first,
                                    hint="answers go in the form's columns only"))
        cells = (cells + [""] * width)[:width]
        errors = []
        notes: list = []
        try:
            name = _nfc(clean_name(cells[0], notes))
        except CellError as e:
            errors.append(Problem("error", f"the organisation name {e}", file=label, row=r,
                                  column=0, column_name=ORGANISATION, hint=e.hint))
            name = ""
        if name and (EMAIL.search(name) or is_contact_value(name)):
            errors.append(Problem("error", "the organisation name holds contact details (an "
                                  "e-mail address, a phone number or a person's name; not "
                                  "repeated here), which would go into every output",
                                  file=label, row=r, column=0, column_name=ORGANISATION,
                                  hint="write the organisation's name only: contact details "
                                       "go to the coordinator, not in the form"))
            name = ""
        problems += [Problem("warning", f"the organisation name {n}", file=label, row=r,
                             column=0, column_name=ORGANISATION) for n in notes]
        answers = []
        for j in range(2, width):
            try:
                answers.append(_answer(cells[j]))
            except CellError as e:
                errors.append(Problem("error", f"{e} (the form's answers are Yes, No and "
                                      "Not sure)", file=label, row=r, column=j,
                                      column_name=columns[j],
                                      hint="pick Yes, No or Not sure from the dropdown"))
                answers.append("")
        try:
            sector = _sector(clean_name(cells[1]), vocabulary, {
                "file": label, "row": r, "column": 1, "column_name": SECTOR}, problems)
        except CellError as e:
            errors.append(Problem("error", f"the sector {e}", file=label, row=r, column=1,
                                  column_name=SECTOR, hint=e.hint))
            sector = ""
        if not name and (any(answers) or sector):
            errors.append(Problem("error", "answers but no organisation name", file=label,
                                  row=r, column=0, column_name=ORGANISATION,
                                  hint="write the organisation's name, or clear the row"))
        problems += errors
        if not name:
            continue
        if errors:
            seen.setdefault(name, r)  # its row is there, with errors named above
            continue
        if name in seen:
            problems.append(Problem("error", f"{name!r} has two rows ({seen[name]} and {r})",
                                    file=label, row=r, column=0, column_name=ORGANISATION,
                                    hint="keep one row per organisation"))
            continue
        seen[name] = r
        if any(answers) or sector or (prefilled and name in prefilled):
            ret.rows.append((r, FormRow(name, sector, tuple(answers))))
    at = {r: name for name, r in seen.items()}
    for k, listed in enumerate(prefilled or {}):
        if listed not in seen:
            r = k + 2  # the form lists its organisations from row 2, in order
            now = at.get(r)
            problems.append(Problem(
                "error", f"the form was changed: the row of {listed!r} is missing (renamed or "
                "deleted)" + (f"; row {r}, where the form listed it, now reads {_shown(now)}"
                              if now is not None and now not in (prefilled or {}) else ""),
                file=label, row=r, column=0, column_name=ORGANISATION,
                hint=f"put the name back as the form had it ({listed!r}) in row {r} (an "
                "organisation not listed goes in an empty row at the bottom), or "
                f"{_HINT_FRESH}{_HINT_RESAVED}"))
    if any(p.is_error for p in problems):
        return None, problems
    ret.unchanged = _never_saved(ret)
    return ret, problems


# --- who was asked -----------------------------------------------------------------------

def expected_of(path, vocabulary: Vocabulary | None = None, options=None) -> Expected:
    """The organisations asked: a partner list (an organisation column and, at most,
    attribute or contact columns such as sector or e-mail, or one name per line) or a matrix
    any netmap command reads (then its values are the pre-filled ones a CSV return is
    compared with)."""
    from netmap.io.files import read_sheet
    from netmap.io.header import find_header
    from netmap.io.marks import KNOWN_ATTRIBUTES, ORG_HEADERS
    from netmap.io.options import LoadOptions
    from netmap.names import fold
    from netmap.vocabulary import load

    options = options or LoadOptions()
    file = str(path)
    sheet = None
    if Path(file).suffix.lower() in (".csv", ".tsv", ".txt", ".xlsx", ".xlsm"):
        try:
            sheet = read_sheet(path, options.encoding, options.sheet, options.max_bytes,
                               options.max_rows, options.max_columns)
        except InputError as e:
            if not any("single column" in p.message for p in e.problems):
                raise
            sheet = _one_column(path, options)
        # title rows above the header (a coordinator's workbook often has one) are skipped
        find_header(sheet, options.header_row, pad=True)
        header = [fold(h) for h in sheet.header]
        org = next((j for j, h in enumerate(header) if h in ORG_HEADERS), 0)
        others = [h for j, h in enumerate(header) if j != org and h]
        if all(h in KNOWN_ATTRIBUTES or is_contact(h) for h in others):
            return _partner_list(sheet, file)
    try:
        loaded = load(path, options, vocabulary or Vocabulary())
    except InputError as e:
        if sheet is not None and any("no function columns" in p.message for p in e.errors):
            return _partner_list(sheet, file)
        raise
    p = loaded.partnership
    return Expected(file, tuple(dict.fromkeys(map(_nfc, p.organisations))), p)


def _partner_list(sheet, file: str) -> Expected:
    """The organisations of a partner list: its organisation column (a header such as
    Organisation, else the first column), one per row; a summary row (``Total``) is not an
    organisation. A list of one column whose first line is not a header such as
    Organisation has no header: its first line is an organisation too (with a warning)."""
    from netmap.io.marks import ORG_HEADERS, is_summary
    from netmap.names import fold

    org = next((j for j, h in enumerate(sheet.header) if fold(h) in ORG_HEADERS), None)
    names: dict = {}
    problems = []
    notes = []
    rows = sheet.rows
    first = sheet.header[0].strip() if sheet.header else ""
    if org is None and first and sum(1 for h in sheet.header if h.strip()) == 1:
        rows = [(sheet.header_row, sheet.header), *rows]
        notes.append(Problem("warning", f"its first line {_shown(first)} is read as an "
                             "organisation: the list has no header such as Organisation",
                             file=sheet.file, row=sheet.header_row,
                             hint="if it is a header, name the column Organisation"))
    org = org or 0
    for r, cells in rows:
        try:
            name = _nfc(clean_name(cells[org] if org < len(cells) else ""))
        except CellError as e:
            problems.append(Problem("error", f"the organisation name {e}", file=sheet.file,
                                    row=r, column=org, hint=e.hint))
            continue
        if name and not is_summary(name):
            names.setdefault(name, None)
    if problems:
        raise InputError(problems)
    if not names:
        raise InputError([Problem("error", "the expected list names no organisation",
                                  file=sheet.file, hint="one organisation per row, under a "
                                  "header such as Organisation")])
    return Expected(file, tuple(names), notes=tuple(notes))


def _one_column(path, options):
    """A partner list of one column (no separator to find): one name per line."""
    from netmap.io.files import read_bounded
    from netmap.io.sheet import Sheet
    from netmap.io.text import decode

    text, _enc, _notes = decode(read_bounded(path, options.max_bytes), str(path),
                                options.encoding)
    lines = text.splitlines()
    if len(lines) > options.max_rows:
        raise InputError([Problem("error", f"more than {options.max_rows:,} rows",
                                  file=str(path), hint="raise the limit with --max-rows")])
    cells = [[line.strip().strip('"').replace('""', '"')] for line in lines]
    return Sheet(file=str(path), header=cells[0] if cells else [""],
                 rows=[(r, c) for r, c in enumerate(cells[1:], start=2) if c[0]])
