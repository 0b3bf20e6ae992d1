"""Side files: aliases (alias -> canonical name) and organisation attributes."""

from __future__ import annotations

from netmap.errors import Problem
from netmap.io.builder import Builder, attribute_name_problems
from netmap.io.cells import CellError, clean_name
from netmap.io.files import read_sheet
from netmap.io.options import LoadOptions
from netmap.names import fold

__all__ = ["read_aliases", "apply_attributes", "side_sheet"]


def _cells(sheet, problems):
    """Cleaned (row, cells) pairs, skipping blank rows; problems appended."""
    notes: list = []
    for row, cells in sheet.rows:
        out = []
        for j, c in enumerate(cells):
            try:
                out.append(clean_name(c, notes))
            except CellError as e:
                problems.append(Problem("error", f"the cell {e}", file=sheet.file, row=row,
                                        column=j, hint=e.hint))
                out.append("")
            for note in notes:
                problems.append(Problem("warning", f"the cell {out[-1]!r} {note}",
                                        file=sheet.file, row=row, column=j,
                                        hint="check the name reads as intended in the source "
                                        "file"))
            notes.clear()
        if any(out):
            yield row, out


def side_sheet(path, options: LoadOptions | None):
    """A side file read with the load's encoding and limits (its first sheet if a workbook)."""
    o = options or LoadOptions()
    return read_sheet(path, o.encoding, None, o.max_bytes, o.max_rows, o.max_columns)


def read_aliases(path, options: LoadOptions | None = None) -> tuple:
    """Read an aliases file (columns ``alias``, ``canonical``).

    Returns ``(mapping, problems)``. An alias mapped to two names, or a
    canonical name that is itself an alias, is an error naming the rows. The
    file is read with the ``options``' encoding and limits.
    """
    sheet = side_sheet(path, options)
    problems = list(sheet.notes)
    folds = [fold(h) for h in sheet.header]
    if "alias" not in folds or "canonical" not in folds:
        problems.append(Problem(
            "error", "an aliases file needs the columns 'alias' and 'canonical'",
            file=sheet.file, row=sheet.header_row,
            hint="headers found: " + (", ".join(repr(h) for h in sheet.header if h) or "(none)")))
        return {}, problems
    a, c = folds.index("alias"), folds.index("canonical")
    mapping: dict = {}
    rows: dict = {}
    for row, cells in _cells(sheet, problems):
        alias = cells[a] if a < len(cells) else ""
        canonical = cells[c] if c < len(cells) else ""
        if not alias or not canonical:
            problems.append(Problem("error", "an alias row needs both an alias and a canonical "
                                    "name", file=sheet.file, row=row))
            continue
        if alias == canonical:
            continue
        if alias in mapping and mapping[alias] != canonical:
            problems.append(Problem(
                "error", f"{alias!r} is mapped to {mapping[alias]!r} in row {rows[alias]} and to "
                f"{canonical!r} in row {row}", file=sheet.file, row=row,
                hint="keep one of the two rows"))
            continue
        mapping[alias] = canonical
        rows[alias] = row
    for alias, canonical in mapping.items():
        if canonical in mapping:
            problems.append(Problem(
                "error", f"{canonical!r} is the canonical name for {alias!r} (row {rows[alias]}) "
                f"but is itself an alias (row {rows[canonical]})", file=sheet.file,
                row=rows[alias], hint=f"map {alias!r} straight to {mapping[canonical]!r}"))
    return mapping, problems


def apply_attributes(b: Builder, path, options: LoadOptions | None = None) -> list:
    """Set organisation attributes from a file whose first column names organisations.

    Values in the file override those in the matrix, with a warning; names are
    matched after aliases. An attribute column named like a metric column
    (:data:`~netmap.io.builder.RESERVED_ATTRIBUTES`) or like another
    attribute column (case and spacing aside) is an error naming the columns.
    Returns the problems found. The file is read with the ``options``'
    encoding and limits.
    """
    sheet = side_sheet(path, options)
    problems = list(sheet.notes)
    header = [fold(h) for h in sheet.header]
    if len(header) < 2:
        problems.append(Problem("error", "an attributes file needs an organisation column and "
                                "at least one attribute column", file=sheet.file,
                                row=sheet.header_row))
        return problems
    named = [(j, h.strip()) for j, h in enumerate(sheet.header) if j and h.strip()]
    wrong = attribute_name_problems(named, sheet.file, sheet.header_row)
    if wrong:
        return problems + wrong
    seen: dict = {}  # (organisation, attribute) -> (value, row) given by this file
    for row, cells in _cells(sheet, problems):
        name = b.aliases.get(cells[0], cells[0])
        if name not in b.org_rows:
            problems.append(Problem("warning", f"{cells[0]!r} is not in the partnership; "
                                    "its attributes are ignored", file=sheet.file, row=row))
            continue
        for j, attr in enumerate(header[1:], start=1):
            if not attr:
                continue
            value = cells[j] if j < len(cells) else ""
            if attr not in b.attr_names:
                b.attr_names.append(attr)
            earlier = seen.get((name, attr))
            if earlier and value and earlier[0] != value:
                problems.append(Problem(
                    "error", f"{attr} of {name!r} is {earlier[0]!r} in row {earlier[1]} and "
                    f"{value!r} in row {row}", file=sheet.file, row=row, column=j,
                    column_name=sheet.header[j], hint="keep one of the two values"))
                continue
            old = b.attrs[name].get(attr)
            if old and value and old[0] != value and earlier is None:
                problems.append(Problem(
                    "warning", f"{attr} of {name!r} is {old[0]!r} in the matrix and {value!r} "
                    "here; the attributes file wins", file=sheet.file, row=row, column=j))
            if value:
                b.attrs[name][attr] = (value, row)
                seen[(name, attr)] = (value, row)
    return problems
