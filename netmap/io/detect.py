"""Tell a table's layout (wide, long or roster) from its shape.

Detection (when no layout is given) looks at the shape of the whole table,
column by column (the first 1,000 rows):

- a ``function`` (or ``functions``) column suggests long, unless two or
  more other columns hold nothing but engagement marks (``1``, ``x``,
  blank...) and no organisation is listed twice: then it is a wide matrix
  with a notes-like column that happens to be called "Function" (read as the
  attribute ``function``);
- otherwise an organisation-like first header (``organisation``, ``name``,
  ...), a blank first header or ``org_column`` means wide;
- otherwise columns of marks and numbers mean wide, columns of names mean
  roster; when columns disagree the majority decides, and a tie is an error
  asking for ``--layout``.

Whenever the table holds evidence for another layout than the one chosen, a
warning says which layout was read and how to force the other with
``--layout``. A layout given with ``--layout`` is always the one read: in a
wide read, a ``function`` column holding text is an attribute.
"""

from __future__ import annotations

from netmap.errors import InputError, Problem, column_letter
from netmap.io.layouts import LayoutNote, long_columns
from netmap.io.marks import FUNCTION_HEADERS, KNOWN_ATTRIBUTES, ORG_HEADERS, is_mark, is_summary
from netmap.io.sheet import Sheet
from netmap.names import CONTACT_HEADERS, fold

__all__ = ["detect_layout"]

_SAMPLE = 1000  # rows looked at


def _letters(columns: list, verb: str = "hold") -> str:
    """``columns C, D hold`` / ``column C holds`` (at most six letters shown)."""
    shown = [column_letter(j) for j in columns[:6]]
    more = f" and {len(columns) - 6} more" if len(columns) > 6 else ""
    many = len(columns) > 1
    return f"column{'s' if many else ''} {', '.join(shown)}{more} {verb if many else verb + 's'}"


def _column_kinds(rows: list, columns: list, weighted_marks: bool) -> tuple:
    """Each column's kind over ``rows`` ('marks', 'text', 'mixed' or 'empty'), and the
    numbers of mark and of text cells in all of them."""
    memo: dict = {}  # cell text -> is it a mark (values repeat: interpret each once)
    kinds = {}
    all_marks = all_text = 0
    for j in columns:
        marks = text = 0
        for cells in rows:
            value = cells[j] if j < len(cells) else ""
            if value:
                mark = memo.get(value)
                if mark is None:
                    mark = memo[value] = (is_mark(value, weighted_marks)
                                          if value.strip() else None)
                if mark is None:
                    continue
                if mark:
                    marks += 1
                else:
                    text += 1
        kinds[j] = ("mixed" if marks and text else "marks" if marks else
                    "text" if text else "empty")
        all_marks += marks
        all_text += text
    return kinds, all_marks, all_text


def _note(sheet: Sheet, layout: str, message: str, hint: str) -> None:
    sheet.notes.append(LayoutNote("warning", message, file=sheet.file, row=sheet.header_row,
                                   hint=hint, layout=layout))


def _long_or_wide(sheet: Sheet, folds: list, rows: list, org_column: str | None,
                  attrs: set) -> str:
    """Layout of a table with a ``function`` column: long, unless columns of marks say wide."""
    given = folds.index(fold(org_column)) if org_column and fold(org_column) in folds else None
    org, fn, weight = long_columns(folds, given)
    if fn is None or fn == org:
        return "long"  # read_long says what is missing
    others = [j for j, h in enumerate(folds)
              if j not in (org, fn, weight) and h and h not in attrs]
    strict = _column_kinds(rows, others, weighted_marks=False)[0]
    loose = _column_kinds(rows, others, weighted_marks=True)[0]
    marks = [j for j in others if strict[j] == "marks"]
    numbers = [j for j in others if loose[j] == "marks" and strict[j] != "marks"]
    fn_kind = _column_kinds(rows, [fn], weighted_marks=True)[0][fn]
    header = sheet.header[fn].strip()
    if fn_kind in ("marks", "empty"):
        return "wide"  # no function names in it: it is a function called "Function"
    names = [cells[org].strip() for cells in rows if org < len(cells) and cells[org].strip()]
    repeated = len(set(names)) < len(names)
    if len(marks) > 1 and not repeated:
        _note(sheet, "wide", f"read as a wide matrix (one row per organisation), not a long "
              f"list, although column {column_letter(fn)} is headed {header!r}: "
              f"{_letters(marks)} only engagement marks",
              "if each row is one organisation-function pair, pass --layout long")
        return "wide"
    if marks or numbers:
        _note(sheet, "long", f"read as a long list (one organisation-function pair per row) "
              f"because of column {column_letter(fn)} {header!r}; "
              f"{_letters(marks + numbers)} marks or numbers, read as attributes",
              "if they are functions (one row per organisation), pass --layout wide")
    return "long"


def _wide_or_roster(sheet: Sheet, folds: list, rows: list, attrs: set) -> str:
    """Layout of a table without a ``function`` column or an organisation-like first header."""
    cols = [j for j, h in enumerate(folds) if j > 0 and h not in attrs]
    kinds, marks, names = _column_kinds(rows, cols, weighted_marks=True)
    mark_cols = [j for j in cols if kinds[j] == "marks"]
    text_cols = [j for j in cols if kinds[j] == "text"]
    if len(mark_cols) != len(text_cols):
        if len(mark_cols) > len(text_cols):
            if text_cols:
                _note(sheet, "wide", f"read as a wide matrix (marks under each function): "
                      f"{_letters(mark_cols)} engagement marks, but {_letters(text_cols)} "
                      "other text",
                      "pass --layout roster if the cells list organisation names, or "
                      "--attribute-column NAME for a column of notes")
            return "wide"
        if mark_cols:
            _note(sheet, "roster", f"read as a roster (organisation names listed under each "
                  f"function): {_letters(text_cols)} names, but {_letters(mark_cols)} "
                  "marks or numbers", "pass --layout wide if each row is one organisation")
        return "roster"
    if names == 0 or marks > 4 * names:
        return "wide"
    if marks == 0 or names > 4 * marks:
        return "roster"
    raise InputError([Problem(
        "error", f"cannot tell the layout: {marks} cells hold marks or numbers and {names} "
        "hold other text", file=sheet.file,
        hint="pass --layout wide (marks in cells), --layout roster (names in cells) "
        "or --layout long (organisation,function rows)")])


def detect_layout(sheet: Sheet, org_column: str | None, attribute_columns) -> str:
    """Decide the layout of ``sheet`` (see the module docstring).

    When the table also holds evidence for another layout, a warning saying
    which layout was read and how to force the other is kept on the sheet;
    :func:`read_layout` reports it when it reads that layout.
    """
    folds = [fold(h) for h in sheet.header]
    attrs = {fold(a) for a in attribute_columns} | KNOWN_ATTRIBUTES | CONTACT_HEADERS
    org = folds.index(fold(org_column)) if org_column and fold(org_column) in folds else 0
    rows = [cells for _, cells in sheet.rows[:_SAMPLE]
            if not (org < len(cells) and is_summary(cells[org]))]
    if any(h in FUNCTION_HEADERS for h in folds):
        return _long_or_wide(sheet, folds, rows, org_column, attrs)
    if org_column or not folds or folds[0] in ORG_HEADERS or folds[0] == "":
        return "wide"
    return _wide_or_roster(sheet, folds, rows, attrs)
