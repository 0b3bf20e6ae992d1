"""The three input layouts and how netmap tells them apart.

- ``wide``: one row per organisation, one column per function, a mark (or a
  weight) where engaged. The first column holds organisation names unless
  ``org_column`` names another; a blank first header (row names written by R
  or pandas) is the organisation column. Known attribute columns
  (:data:`KNOWN_ATTRIBUTES`) and those named in ``attribute_columns`` are not
  functions.
- ``long``: one row per engagement, columns ``organisation,function[,weight]``
  (any order; other columns are attributes); a cell of a ``functions`` column
  may list several functions separated by ``;``, ``|`` or line breaks (of a
  ``function`` column: by line breaks).
- ``roster``: one column per function, each listing organisation names (the
  layout of the seed document's table); blank cells allowed.

Detection (when no layout is given) is :mod:`netmap.io.detect`'s. A layout
given with ``--layout`` is always the one read: in a wide read, a
``function`` column holding text is an attribute.

In a wide matrix, a column whose cells are mostly free text (names, e-mail
addresses, phone numbers: at least two cells, more than those holding marks)
is an attribute, with one warning naming it; contact headers
(:data:`netmap.names.CONTACT_HEADERS`: ``Contact``, ``E-mail``, ``Phone``...)
are attributes without a warning. A column of marks with a few stray words
stays a function, each stray word an error naming its cell; spreadsheet error
values (``#REF!``, ``#N/A``...) are cell errors wherever they are, attribute
columns included. Uncertain marks (``TBC``, ``?``, ``partly``...) are kept as
the builder's uncertain cells, counted as ``LoadOptions.uncertain`` says. In a
long file they are a weight cell reading ``TBC`` or a function written with
the mark after it (``Shelter (TBC)``, ``Legal?``); in a roster, a name written
so (``Hope Refuge (TBC)``): see :func:`netmap.io.cells.uncertain_suffix`. A
roster column of contact details (a contact header, or mostly e-mail
addresses and phone numbers) is left out with a warning: in a roster it
belongs to no organisation.

Summary rows (an organisation cell reading ``Total``, ``Totals``, ``Sum``,
``Count``, ``Grand total`` or ``Number of organisations``, any case, with or
without a trailing colon) are skipped with a warning in the wide and roster
layouts, before their cells are read: netmap computes its own totals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from netmap.errors import InputError, Problem, column_letter
from netmap.io.builder import Builder, attribute_name_problems, stored_names
from netmap.io.cells import (
    EXCEL_ERRORS,
    CellError,
    clean_name,
    interpret,
    is_uncertain,
    uncertain_suffix,
)
from netmap.io.columns import function_named_columns, text_columns
from netmap.io.marks import (
    FUNCTION_HEADERS,
    KNOWN_ATTRIBUTES,
    ORG_HEADERS,
    SINGULAR_FUNCTION_HEADERS,
    SUMMARY_LABELS,
    SUMMARY_START,
    WEIGHT_HEADERS,
    is_mark,
    is_summary,
)
from netmap.io.sheet import Sheet
from netmap.names import CONTACT_HEADERS, fold, is_contact_value

__all__ = ["LAYOUTS", "KNOWN_ATTRIBUTES", "SUMMARY_LABELS", "LayoutNote", "detect_layout",
           "read_layout", "is_summary", "is_mark", "long_columns", "split_functions"]

LAYOUTS = ("wide", "long", "roster")
_FUNCTION_SEPARATORS = re.compile(r"[;|\r\n]+")
_LINE_BREAKS = re.compile(r"[\r\n]+")
@dataclass(frozen=True)
class LayoutNote(Problem):
    """A warning of layout detection, kept on the sheet until that layout is read."""

    layout: str = ""


def _clean(b: Builder, raw: str, row: int, j: int | None, column_name: str | None) -> str:
    """``raw`` cleaned by :func:`clean_name`; what cleaning removed is warned about.

    Raises :class:`CellError` as :func:`clean_name` does.
    """
    text = clean_name(raw, b.notes)
    if b.notes:
        _removed(b, text, row, j, column_name)
    return text


def _removed(b: Builder, text: str, row: int, j: int | None, column_name: str | None) -> None:
    """Warn about what :func:`clean_name` removed from a cell (``b.notes``)."""
    for note in b.notes:
        b.problem("warning", f"the cell {text!r} {note}", row=row, column=j,
                  column_name=column_name or None,
                  hint="check the name reads as intended in the source file")
    b.notes.clear()


def _headers(sheet: Sheet, b: Builder) -> list:
    out = []
    for j, raw in enumerate(sheet.header):
        try:
            out.append(_clean(b, raw, sheet.header_row, j, None))
        except CellError as e:
            b.problem("error", f"the header {e}", row=sheet.header_row, column=j, hint=e.hint)
            out.append(f"?{column_letter(j)}")
    return out


def _headers_found(headers: list) -> str:
    return ", ".join(repr(h) for h in headers if h) or "(none)"


def _find(headers: list, wanted: str, file: str, row: int) -> int:
    key = fold(wanted)
    for j, h in enumerate(headers):
        if fold(h) == key:
            return j
    raise InputError([Problem(
        "error", f"no column {wanted!r}", file=file, row=row,
        hint=f"headers found: {_headers_found(headers)}")])


def _has_data(sheet: Sheet, j: int) -> list:
    return [r for r, cells in sheet.rows if j < len(cells) and cells[j].strip()]


def _blank_header(sheet: Sheet, b: Builder, j: int) -> None:
    rows = _has_data(sheet, j)
    if rows:
        shown = ", ".join(map(str, rows[:5])) + (" ..." if len(rows) > 5 else "")
        b.problem("error", f"this column has no header but holds data (rows {shown})",
                  row=sheet.header_row, column=j,
                  hint="type a header, or delete the column; if a note row sits above the "
                       "real header, pass --header-row N (its row number)")
    else:
        b.problem("warning", "empty column without a header dropped", row=sheet.header_row,
                  column=j)


def _no_rows(sheet: Sheet, b: Builder) -> bool:
    if not any(any(c.strip() for c in cells) for _, cells in sheet.rows):
        b.problem("error", "the file has a header but no organisation rows",
                  row=sheet.header_row, hint="add one row per organisation")
        return True
    return False


def _row_shape(sheet: Sheet, b: Builder, row: int, cells: list, width: int,
               warn_short: bool) -> list | None:
    """Cells padded to ``width``, or None when the row is skipped."""
    if not "".join(cells).strip():
        b.problem("warning", "blank row skipped", row=row)
        return None
    if len(cells) > width:
        b.problem("error", f"the row has {len(cells)} cells but the header has {width}; "
                  "netmap never shifts columns to make it fit", row=row, column=width,
                  hint="remove the extra cells (a trailing comma?) or quote a name "
                  "that contains the separator")
        return None
    if len(cells) < width:
        if warn_short:
            b.problem("warning", f"the row has {len(cells)} cells but the header has {width}; "
                      "the missing cells are read as not engaged", row=row)
        cells = cells + [""] * (width - len(cells))
    return cells


def _cell_error(b: Builder, e: CellError, row: int, j: int, headers: list) -> None:
    b.problem("error", f"the cell {e}", row=row, column=j, column_name=headers[j], hint=e.hint)


def _attributes(b: Builder, name: str, cells: list, row: int, headers: list,
                attr_cols: list, folded: dict | None = None) -> None:
    """Record the attribute cells of one row (text, cleaned) for organisation ``name``.

    ``folded`` maps column index to the folded header, when the caller has it.
    """
    for j in attr_cols:
        if cells[j][:1] == "#" and cells[j].strip().casefold() in EXCEL_ERRORS:
            b.problem("error", f"the cell holds the spreadsheet error {cells[j].strip()}",
                      row=row, column=j, column_name=headers[j],
                      hint="fix the formula in the spreadsheet, or type the value")
            continue
        try:
            value = clean_name(cells[j], b.notes)
        except CellError as e:
            _cell_error(b, e, row, j, headers)
            continue
        if b.notes:
            _removed(b, value, row, j, headers[j])
        b.attribute(name, folded[j] if folded else fold(headers[j]), value, row, j)


def _unsure(b: Builder, org: str, function: str, mark: str, row: int, j: int,
            headers: list) -> None:
    """An uncertain mark of ``org`` in ``function``: kept, or an error under ``--uncertain
    error``."""
    if b.uncertain_mode == "error":
        b.problem("error", f"the cell {mark.strip()!r} is an uncertain mark", row=row, column=j,
                  column_name=headers[j],
                  hint="once confirmed, type 1 or leave the cell blank (or drop the mark "
                  "after the name); or pass --uncertain not-engaged or --uncertain engaged")
    else:
        b.uncertain_mark(org, function, mark.strip(), row, j, headers[j])


def _functions_from_headers(sheet: Sheet, b: Builder, headers: list, columns: list) -> dict:
    """Register function columns; exact duplicate headers are errors naming both."""
    exact: dict = {}
    out = {}
    for j in columns:
        h = headers[j]
        if h in exact:
            b.problem("error", f"duplicate header {h!r} in columns {column_letter(exact[h])} "
                      f"and {column_letter(j)}", row=sheet.header_row, column=j,
                      column_name=h, hint="rename or merge one of the two columns")
            continue
        exact[h] = j
        out[j] = b.function(h, row=sheet.header_row, column=j, column_name=h)
    return out


def _summary_row(b: Builder, row: int, cells: list, j: int, headers: list) -> bool:
    """True (after a warning naming the row) when the row is a summary row, not an organisation.

    Checked before anything else in the row is read, so a totals row of counts or
    formulas is no error.
    """
    raw = cells[j] if j < len(cells) else ""
    if not raw or not is_summary(raw):
        return False
    b.problem("warning", f"summary row {raw.strip()!r} skipped: it is not an organisation, "
              "and netmap computes totals itself", row=row, column=j,
              column_name=headers[j] or None,
              hint="if an organisation really has this name, rename it, e.g. by adding its town")
    return True


def _checked_attributes(sheet: Sheet, b: Builder, headers: list, names: dict) -> list:
    """Attribute columns (index -> folded name) whose names are usable; errors for the rest."""
    shown = [(j, headers[j] if fold(headers[j]) == name else name) for j, name in names.items()]
    problems = attribute_name_problems(shown, b.file, sheet.header_row)
    b.problems += problems
    bad = {p.column for p in problems}
    return [j for j in names if j not in bad]


def read_wide(sheet: Sheet, b: Builder, weighted: bool, org_column: str | None,
              attribute_columns) -> None:
    headers = _headers(sheet, b)
    org = _find(headers, org_column, b.file, sheet.header_row) if org_column else 0
    attrs = {fold(a) for a in attribute_columns} | KNOWN_ATTRIBUTES
    attr_cols, fn_cols = [], []
    for j, h in enumerate(headers):
        if j == org:
            continue
        if not h:
            _blank_header(sheet, b, j)
        elif fold(h) in attrs or fold(h) in CONTACT_HEADERS:
            attr_cols.append(j)
        else:
            fn_cols.append(j)
    noted = function_named_columns(sheet, b, headers, fn_cols, org)
    fn_cols = [j for j in fn_cols if j not in noted]
    texts = text_columns(sheet, b, headers, fn_cols, org)
    fn_cols = [j for j in fn_cols if j not in texts]
    attr_cols = sorted(attr_cols + texts)
    folded = stored_names({j: fold(headers[j]) for j in attr_cols})
    folded.update({j: "function" for j in noted})
    attr_cols = _checked_attributes(sheet, b, headers, {j: folded[j] for j in sorted(folded)})
    functions = _functions_from_headers(sheet, b, headers, fn_cols)
    if not fn_cols:
        b.problem("error", "no function columns", row=sheet.header_row,
                  hint=f"headers found: {_headers_found(headers)}")
        return
    if _no_rows(sheet, b):
        return
    width = len(headers)
    active = [(j, functions[j]) for j in fn_cols if j in functions]
    seen: dict = {"": 0}  # cell text -> weight: each distinct value is interpreted once
    for row, cells in sheet.rows:
        if org < len(cells) and cells[org][:1] in SUMMARY_START \
                and _summary_row(b, row, cells, org, headers):
            continue
        cells = _row_shape(sheet, b, row, cells, width, warn_short=True)
        if cells is None:
            continue
        try:
            name = clean_name(cells[org], b.notes)
        except CellError as e:
            b.problem("error", f"the organisation name {e}", row=row, column=org,
                      column_name=headers[org], hint=e.hint)
            continue
        if b.notes:
            _removed(b, name, row, org, headers[org])
        if not name:
            b.problem("error", "the row has values but no organisation name", row=row,
                      column=org, column_name=headers[org] or None,
                      hint="type the organisation's name, or delete the row")
            continue
        name = b.organisation(name, row)
        for j, function in active:
            value = cells[j]
            weight = seen.get(value)
            if weight is None:
                if is_uncertain(value):
                    weight = seen[value] = _UNSURE
                else:
                    try:
                        weight = seen[value] = interpret(value, weighted)
                    except CellError as e:
                        _cell_error(b, e, row, j, headers)
                        continue
            if weight < 0:
                _unsure(b, name, function, value, row, j, headers)
            elif weight:
                b.engage(name, function, weight, row, j, headers[j])
        _attributes(b, name, cells, row, headers, attr_cols, folded)


def long_columns(folds: list, org_column_index: int | None) -> tuple:
    """``(organisation, function, weight)`` column indexes of a long table (None if absent)."""
    fn = next((j for j, h in enumerate(folds) if h in FUNCTION_HEADERS), None)
    if org_column_index is not None:
        org = org_column_index
    else:
        org = next((j for j, h in enumerate(folds) if h in ORG_HEADERS), 0)
    weight = next((j for j, h in enumerate(folds) if h in WEIGHT_HEADERS and j != org), None)
    return org, fn, weight


def split_functions(cell: str, lists: bool = True) -> list:
    """The functions a cell of a long file names: separated by ``;``, ``|`` or line breaks
    (by line breaks only when ``lists`` is false).

    >>> split_functions("Shelter; Health | Legal\\nHealth")
    ['Shelter', ' Health ', ' Legal', 'Health']
    >>> split_functions("Outreach; aftercare\\nHealth", lists=False)
    ['Outreach; aftercare', 'Health']
    """
    return (_FUNCTION_SEPARATORS if lists else _LINE_BREAKS).split(cell)


def read_long(sheet: Sheet, b: Builder, weighted: bool, org_column: str | None,
              attribute_columns) -> None:
    """One row per organisation and function(s), with attributes in other columns.

    A cell of a ``functions`` column (plural) may name several functions
    separated by ``;``, ``|`` or line breaks (as service directories list
    services); a cell of a ``function`` column (singular, as netmap's edge
    list writes it) is split at line breaks only, so that a function named
    with a ``;`` reads back whole, with a warning pointing to the plural.
    Each function is an engagement, with the row's weight. A function named
    twice in one cell (in any case or spacing) is one engagement.
    """
    headers = _headers(sheet, b)
    folds = [fold(h) for h in headers]
    given = _find(headers, org_column, b.file, sheet.header_row) if org_column else None
    org, fn, weight_col = long_columns(folds, given)
    if fn is None:
        b.problem("error", "a long (edge list) file needs a 'function' column (or "
                  "'functions', 'services', 'activities')",
                  row=sheet.header_row, hint=f"headers found: {_headers_found(headers)}")
        return
    if org == fn:
        b.problem("error", "no organisation column", row=sheet.header_row,
                  hint=f"headers found: {_headers_found(headers)}; name one with --org-column")
        return
    named = {}
    for j, h in enumerate(headers):
        if j in (org, fn, weight_col):
            continue
        if not h:
            _blank_header(sheet, b, j)
        else:
            named[j] = folds[j]
    named = stored_names(named)
    attr_cols = _checked_attributes(sheet, b, headers, named)
    if _no_rows(sheet, b):
        return
    width = len(headers)
    lists = folds[fn] not in SINGULAR_FUNCTION_HEADERS  # plural: a cell may list several
    for row, cells in sheet.rows:
        cells = _row_shape(sheet, b, row, cells, width, warn_short=True)
        if cells is None:
            continue
        try:
            name = _clean(b, cells[org], row, org, headers[org])
            functions = [f for f in (_clean(b, part, row, fn, headers[fn])
                                     for part in split_functions(cells[fn], lists)) if f]
        except CellError as e:
            b.problem("error", f"a name {e}", row=row, hint=e.hint)
            continue
        if not name:
            b.problem("error", "the row has values but no organisation name", row=row,
                      column=org, column_name=headers[org],
                      hint="type the organisation's name, or delete the row")
            continue
        weight, row_mark = 1.0, None
        if weight_col is not None:
            if is_uncertain(cells[weight_col]):
                row_mark = cells[weight_col]
            else:
                try:
                    weight = interpret(cells[weight_col], weighted)
                except CellError as e:
                    _cell_error(b, e, row, weight_col, headers)
                    continue
        if not functions and weight_col is not None and (weight or row_mark):
            b.problem("error", f"the row gives {name!r} a {headers[weight_col]} "
                      f"({cells[weight_col].strip()}) but no function", row=row, column=fn,
                      column_name=headers[fn],
                      hint="type the function, or clear the weight if the organisation "
                      "has no engagement")
            continue
        name = b.organisation(name, row, repeat_is_duplicate=False)
        done: set = set()  # a function named twice in one cell is one engagement
        for part in functions:
            function, mark = uncertain_suffix(part)
            if not lists and ("|" in function or ";" in function) \
                    and fold(function) not in b.function_spellings:
                b.problem("warning", f"the function {function!r} is read as one function: in "
                          f"a column headed {headers[fn]!r} a cell names one function",
                          row=row, column=fn, column_name=headers[fn],
                          hint="to list several functions in a cell, separated by ; or |, "
                          "head the column 'functions'")
            shown = b.function(function, row=row, column=fn)
            if shown in done:
                continue
            done.add(shown)
            if mark is not None:  # "Shelter (TBC)"
                _unsure(b, name, shown, mark, row, fn, headers)
            elif row_mark is not None:  # a weight column reading "TBC"
                _unsure(b, name, shown, row_mark, row, weight_col, headers)
            else:
                b.engage(name, shown, weight, row, fn, headers[fn])
        _attributes(b, name, cells, row, headers, attr_cols, named)


def _roster_contacts(sheet: Sheet, b: Builder, headers: list, columns: list) -> set:
    """Columns of a roster that hold contact details, not organisation names: headed like
    one (``Contact``, ``E-mail``...) or mostly e-mail addresses and phone numbers. They
    belong to no organisation in a roster, so they are left out, with a warning."""
    out = set()
    for j in columns:
        values = [cells[j].strip() for _, cells in sheet.rows
                  if j < len(cells) and cells[j].strip()]
        hits = sum(1 for v in values if is_contact_value(v))
        if fold(headers[j]) in CONTACT_HEADERS or (values and hits * 2 >= len(values)):
            b.problem("warning", f"column {column_letter(j)} {headers[j]!r} holds contact "
                      "details, not organisation names: it is left out", row=sheet.header_row,
                      column=j, column_name=headers[j],
                      hint="in a roster every column is a function listing organisations; to "
                      "keep contact details, use one row per organisation (--layout wide)")
            out.add(j)
    return out


def read_roster(sheet: Sheet, b: Builder, weighted: bool, org_column: str | None,
                attribute_columns) -> None:
    headers = _headers(sheet, b)
    fn_cols = []
    for j, h in enumerate(headers):
        if h:
            fn_cols.append(j)
        else:
            _blank_header(sheet, b, j)
    contacts = _roster_contacts(sheet, b, headers, fn_cols)
    fn_cols = [j for j in fn_cols if j not in contacts]
    functions = _functions_from_headers(sheet, b, headers, fn_cols)
    if _no_rows(sheet, b):
        return
    width = len(headers)
    listed: dict = {}
    for row, cells in sheet.rows:
        if _summary_row(b, row, cells, 0, headers):
            continue
        cells = _row_shape(sheet, b, row, cells, width, warn_short=False)
        if cells is None:
            continue
        for j in fn_cols:
            if j not in functions:
                continue
            try:
                name = _clean(b, cells[j], row, j, headers[j])
            except CellError as e:
                _cell_error(b, e, row, j, headers)
                continue
            if not name:
                continue
            name, mark = uncertain_suffix(name)  # "Hope Refuge (TBC)"
            name = b.organisation(name, row, repeat_is_duplicate=False)
            key = (name, functions[j])
            if key in listed:
                b.problem("warning", f"{name!r} is listed twice under {functions[j]!r} "
                          f"(rows {listed[key]} and {row}); read once", row=row, column=j,
                          column_name=headers[j])
                continue
            listed[key] = row
            if mark is not None:
                _unsure(b, name, functions[j], mark, row, j, headers)
            else:
                b.engage(name, functions[j], 1.0, row, j, headers[j])


_UNSURE = -1.0  # stands in for an uncertain mark among cell weights (a weight is never < 0)

_READERS = {"wide": read_wide, "long": read_long, "roster": read_roster}


def detect_layout(sheet: Sheet, org_column: str | None, attribute_columns) -> str:
    """Decide the layout of ``sheet`` (see :mod:`netmap.io.detect`)."""
    from netmap.io.detect import detect_layout as detect  # detect builds on this module

    return detect(sheet, org_column, attribute_columns)


def read_layout(layout: str, sheet: Sheet, b: Builder, weighted: bool,
                org_column: str | None, attribute_columns) -> None:
    """Read ``sheet`` in ``layout`` into ``b`` (with detection's warning for that layout)."""
    for note in sheet.notes:
        if isinstance(note, LayoutNote) and note.layout == layout and note not in b.problems:
            b.problems.append(note)
    _READERS[layout](sheet, b, weighted, org_column, attribute_columns)
