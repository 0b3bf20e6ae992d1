"""The three input layouts and how netmap tells them apart.

- ``wide``: one row per organisation, one column per function, a mark (or a
  weight) where engaged. The first column holds organisation names unless
  ``org_column`` names another; a blank first header (row names written by R
  or pandas) is the organisation column. Known attribute columns
  (:data:`KNOWN_ATTRIBUTES`) and those named in ``attribute_columns`` are not
  functions.
- ``long``: one row per engagement, columns ``organisation,function[,weight]``
  (any order; other columns are attributes).
- ``roster``: one column per function, each listing organisation names (the
  layout of the seed document's table); blank cells allowed.

Detection (when no layout is given): a ``function`` column means long; an
organisation-like first header (``organisation``, ``name``, ...), a blank
first header or ``org_column`` means wide; otherwise the cells decide: marks
and numbers mean wide, names mean roster, and a mix is an error asking for
``--layout``.
"""

from __future__ import annotations

from netmap.errors import InputError, Problem, column_letter
from netmap.io.builder import Builder
from netmap.io.cells import EXCEL_ERRORS, CellError, clean_name, interpret
from netmap.io.sheet import Sheet
from netmap.names import fold

__all__ = ["LAYOUTS", "KNOWN_ATTRIBUTES", "detect_layout", "read_layout"]

LAYOUTS = ("wide", "long", "roster")
ORG_HEADERS = frozenset({"organisation", "organization", "organisations", "organizations",
                         "org", "name", "partner", "agency"})
FUNCTION_HEADERS = frozenset({"function", "functions"})
WEIGHT_HEADERS = frozenset({"weight", "strength", "count", "value"})
KNOWN_ATTRIBUTES = frozenset({"sector", "type", "category", "region", "area", "notes", "note",
                              "comments", "comment", "description", "website", "contact",
                              "id", "code"})


def _is_mark(value: str) -> bool:
    try:
        interpret(value, weighted=True)
    except CellError:
        return value.strip().casefold() in EXCEL_ERRORS
    return True


def _headers(sheet: Sheet, b: Builder) -> list:
    out = []
    for j, raw in enumerate(sheet.header):
        try:
            out.append(clean_name(raw))
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
                  row=sheet.header_row, column=j, hint="type a header, or delete the column")
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
        try:
            value = clean_name(cells[j])
        except CellError as e:
            _cell_error(b, e, row, j, headers)
            continue
        b.attribute(name, folded[j] if folded else fold(headers[j]), value, row, j)


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
        elif fold(h) in attrs:
            attr_cols.append(j)
        else:
            fn_cols.append(j)
    functions = _functions_from_headers(sheet, b, headers, fn_cols)
    if not fn_cols:
        b.problem("error", "no function columns", row=sheet.header_row,
                  hint=f"headers found: {_headers_found(headers)}")
        return
    if _no_rows(sheet, b):
        return
    width = len(headers)
    folded = {j: fold(headers[j]) for j in attr_cols}
    active = [(j, functions[j]) for j in fn_cols if j in functions]
    seen: dict = {"": 0}  # cell text -> weight: each distinct value is interpreted once
    for row, cells in sheet.rows:
        cells = _row_shape(sheet, b, row, cells, width, warn_short=True)
        if cells is None:
            continue
        try:
            name = clean_name(cells[org])
        except CellError as e:
            b.problem("error", f"the organisation name {e}", row=row, column=org,
                      column_name=headers[org], hint=e.hint)
            continue
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
                try:
                    weight = seen[value] = interpret(value, weighted)
                except CellError as e:
                    _cell_error(b, e, row, j, headers)
                    continue
            if weight:
                b.engage(name, function, weight, row, j, headers[j])
        _attributes(b, name, cells, row, headers, attr_cols, folded)


def read_long(sheet: Sheet, b: Builder, weighted: bool, org_column: str | None,
              attribute_columns) -> None:
    headers = _headers(sheet, b)
    folds = [fold(h) for h in headers]
    fn = next((j for j, h in enumerate(folds) if h in FUNCTION_HEADERS), None)
    if fn is None:
        b.problem("error", "a long (edge list) file needs a 'function' column",
                  row=sheet.header_row, hint=f"headers found: {_headers_found(headers)}")
        return
    if org_column:
        org = _find(headers, org_column, b.file, sheet.header_row)
    else:
        org = next((j for j, h in enumerate(folds) if h in ORG_HEADERS), 0)
    if org == fn:
        b.problem("error", "no organisation column", row=sheet.header_row,
                  hint=f"headers found: {_headers_found(headers)}; name one with --org-column")
        return
    weight_col = next((j for j, h in enumerate(folds) if h in WEIGHT_HEADERS and j != org), None)
    attr_cols = []
    for j, h in enumerate(headers):
        if j in (org, fn, weight_col):
            continue
        if not h:
            _blank_header(sheet, b, j)
        else:
            attr_cols.append(j)
    if _no_rows(sheet, b):
        return
    width = len(headers)
    for row, cells in sheet.rows:
        cells = _row_shape(sheet, b, row, cells, width, warn_short=True)
        if cells is None:
            continue
        try:
            name, function = clean_name(cells[org]), clean_name(cells[fn])
        except CellError as e:
            b.problem("error", f"a name {e}", row=row, hint=e.hint)
            continue
        if not name:
            b.problem("error", "the row has values but no organisation name", row=row,
                      column=org, column_name=headers[org],
                      hint="type the organisation's name, or delete the row")
            continue
        name = b.organisation(name, row, repeat_is_duplicate=False)
        weight = 1.0
        if weight_col is not None:
            try:
                weight = interpret(cells[weight_col], weighted)
            except CellError as e:
                _cell_error(b, e, row, weight_col, headers)
                continue
        if function:
            b.engage(name, b.function(function, row=row, column=fn), weight, row, fn,
                     headers[fn])
        _attributes(b, name, cells, row, headers, attr_cols)


def read_roster(sheet: Sheet, b: Builder, weighted: bool, org_column: str | None,
                attribute_columns) -> None:
    headers = _headers(sheet, b)
    fn_cols = []
    for j, h in enumerate(headers):
        if h:
            fn_cols.append(j)
        else:
            _blank_header(sheet, b, j)
    functions = _functions_from_headers(sheet, b, headers, fn_cols)
    if _no_rows(sheet, b):
        return
    width = len(headers)
    listed: dict = {}
    for row, cells in sheet.rows:
        cells = _row_shape(sheet, b, row, cells, width, warn_short=False)
        if cells is None:
            continue
        for j in fn_cols:
            if j not in functions:
                continue
            try:
                name = clean_name(cells[j])
            except CellError as e:
                _cell_error(b, e, row, j, headers)
                continue
            if not name:
                continue
            name = b.organisation(name, row, repeat_is_duplicate=False)
            key = (name, functions[j])
            if key in listed:
                b.problem("warning", f"{name!r} is listed twice under {functions[j]!r} "
                          f"(rows {listed[key]} and {row}); read once", row=row, column=j,
                          column_name=headers[j])
                continue
            listed[key] = row
            b.engage(name, functions[j], 1.0, row, j, headers[j])


_READERS = {"wide": read_wide, "long": read_long, "roster": read_roster}


def detect_layout(sheet: Sheet, org_column: str | None, attribute_columns) -> str:
    """Decide the layout of ``sheet`` (see the module docstring)."""
    folds = [fold(h) for h in sheet.header]
    if any(h in FUNCTION_HEADERS for h in folds):
        return "long"
    if org_column or not folds or folds[0] in ORG_HEADERS or folds[0] == "":
        return "wide"
    attrs = {fold(a) for a in attribute_columns} | KNOWN_ATTRIBUTES
    cols = [j for j, h in enumerate(folds) if j > 0 and h not in attrs]
    marks = names = 0
    for _, cells in sheet.rows[:1000]:
        for j in cols:
            if j < len(cells) and cells[j].strip():
                if _is_mark(cells[j]):
                    marks += 1
                else:
                    names += 1
    if names == 0 or marks > 4 * names:
        return "wide"
    if marks == 0 or names > 4 * marks:
        return "roster"
    raise InputError([Problem(
        "error", f"cannot tell the layout: {marks} cells hold marks or numbers and {names} "
        "hold other text", file=sheet.file,
        hint="pass --layout wide (marks in cells), --layout roster (names in cells) "
        "or --layout long (organisation,function rows)")])


def read_layout(layout: str, sheet: Sheet, b: Builder, weighted: bool,
                org_column: str | None, attribute_columns) -> None:
    _READERS[layout](sheet, b, weighted, org_column, attribute_columns)
