"""Which columns of a wide matrix are notes rather than functions.

A column headed ``function`` that holds text (a job title, say) and a column
of mostly free text (names, e-mail addresses, phone numbers) are read as
organisation attributes, each with one warning naming it; a column of marks
with a few stray words stays a function, and each stray word is an error the
reader reports. Spreadsheet error values count neither way.
"""

from __future__ import annotations

from collections import Counter
from operator import itemgetter

from netmap.errors import column_letter
from netmap.io.builder import Builder
from netmap.io.cells import EXCEL_ERRORS, NO_SAVED_VALUE
from netmap.io.marks import FUNCTION_HEADERS, SUMMARY_START, is_mark, is_summary
from netmap.io.sheet import Sheet
from netmap.names import fold, is_contact, is_contact_value

__all__ = ["function_named_columns", "text_columns", "cell_kind"]

_UNSEEN = object()


def _text_cells(sheet: Sheet, j: int, org: int) -> list:
    """Rows (with their values) where column ``j`` holds text that is not an engagement mark."""
    found = []
    for row, cells in sheet.rows:
        value = cells[j] if j < len(cells) else ""
        if value.strip() and not is_mark(value) and not (org < len(cells)
                                                          and is_summary(cells[org])):
            found.append((row, value))
    return found


def function_named_columns(sheet: Sheet, b: Builder, headers: list, columns: list,
                            org: int) -> list:
    """Columns headed ``function``/``functions`` that hold text: attributes, with a warning.

    In a wide matrix such a column is a note (a job title, say) and not a
    function: it is read as the organisation attribute ``function``.
    """
    out = []
    for j in columns:
        if fold(headers[j]) not in FUNCTION_HEADERS:
            continue
        text = _text_cells(sheet, j, org)
        if text:
            example = text[0][1].strip()
            said = (f"e.g. row {text[0][0]}" if is_contact_value(example)
                    else f"e.g. {example!r} in row {text[0][0]}")
            b.problem("warning", f"column {column_letter(j)} {headers[j]!r} holds text, not "
                      f"engagement marks ({said}): "
                      "it is read as the organisation attribute 'function'",
                      row=sheet.header_row, column=j, column_name=headers[j],
                      hint="if each row is one organisation-function pair, pass --layout long")
            out.append(j)
    return out


def _free_text(value: str) -> bool:
    """True for a cell that is text rather than a mark: names, e-mail addresses, phone
    numbers (a run of seven or more digits is a phone number, not a weight)."""
    text = value.strip()
    if not text or text.casefold() in EXCEL_ERRORS or text.startswith(NO_SAVED_VALUE):
        return False
    digits = text.lstrip("+").replace(" ", "")
    if len(digits) >= 7 and digits.isdigit():
        return True
    return not is_mark(text)


def cell_kind(value: str) -> bool | None:
    """True for free text, False for a mark, None for neither (blank, a spreadsheet
    error, a formula without its saved value)."""
    stripped = value.strip()
    if not stripped or stripped.casefold() in EXCEL_ERRORS or value.startswith(NO_SAVED_VALUE):
        return None
    return _free_text(value)


def text_columns(sheet: Sheet, b: Builder, headers: list, columns: list, org: int) -> list:
    """Columns of mostly free text (names, e-mail addresses, phone numbers), not marks:
    attributes, with one warning naming each. A column of marks with a few stray words
    stays a function (each stray word is an error naming its cell); spreadsheet error
    values count neither way (they are always cell errors). Under a contact header
    (:func:`netmap.names.is_contact`: SPOC, Liaison...) a single name, as many as the
    marks, is enough."""
    rows = [(row, cells) for row, cells in sheet.rows
            if not (org < len(cells) and cells[org][:1] in SUMMARY_START
                    and is_summary(cells[org]))]
    kind_of: dict = {"": None}  # cell text -> True (text), False (mark), None (neither)
    out = []
    need = max(columns, default=-1) + 1
    padded = [cells if len(cells) >= need else cells + [""] * (need - len(cells))
              for _, cells in rows]
    for j in columns:
        # each distinct cell text is classified once; the rows of text are listed
        # (in row order) only for a column that may be text
        counts = Counter(map(itemgetter(j), padded))
        marks = texts = 0
        for value, n in counts.items():
            kind = kind_of.get(value, _UNSEEN)
            if kind is _UNSEEN:
                kind = kind_of[value] = cell_kind(value)
            if kind:
                texts += n
            elif kind is not None:
                marks += n
        # under a contact header (SPOC, Liaison...), one name is enough: personal data, never
        # a stray word of a function (whose error would print it)
        contact = is_contact(headers[j])
        if not (texts >= 2 and texts > marks) and not (contact and texts and texts >= marks):
            continue
        text = [(row, cells[j].strip()) for row, cells in rows
                if j < len(cells) and kind_of[cells[j]]]
        if (len(text) >= 2 and len(text) > marks) or (contact and text and len(text) >= marks):
            row, example = text[0]
            shown = example if len(example) <= 40 else example[:37] + "..."
            # a contact detail is personal data: the message names its cell, not its text
            said = (f"e.g. row {row}" if contact or is_contact_value(example)
                    else f"e.g. {shown!r} in row {row}")
            b.problem("warning", f"column {column_letter(j)} {headers[j]!r} holds free text, "
                      f"not engagement marks ({len(text)} of {len(text) + marks} cells, "
                      f"{said}): it is read as the organisation attribute "
                      f"{fold(headers[j])!r}", row=sheet.header_row, column=j,
                      column_name=headers[j],
                      hint="if it is a function, mark engagements with 1, x, yes or ✓")
            out.append(j)
    return out
