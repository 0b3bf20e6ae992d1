"""Find the header row of a table kept as people keep it: titles and comments above it.

A spreadsheet often starts with a title ("Anytown Modern Slavery Partnership
- who does what"), a date or a note before the header. When no header row is
named (``header_row`` / ``--header-row N``), rows at the top whose non-empty
cells all hold one same text (a single cell, or a merged title cell, which
fills every cell it covers), or that fill at most three cells and less than
half as many as the widest row near the top (a title typed with a comma in a
CSV file), are a title or a comment when a row of several different texts
(the header) follows them: they are skipped with a warning naming them. A
named header row is used as it is; the rows above it are skipped with the
same warning.
"""

from __future__ import annotations

from netmap.errors import InputError, Problem
from netmap.io.sheet import Sheet

__all__ = ["find_header", "is_title"]

_LOOK = 12  # rows at the top of a table looked at for its header


def is_title(cells: list) -> bool:
    """True for a title or comment row: blank, or its non-empty cells all one same text.

    >>> is_title(["Anytown partnership", "", ""]), is_title(["T", "T", "T"])
    (True, True)
    >>> is_title(["organisation", "Resources"])
    False
    """
    return len({c.strip() for c in cells if c.strip()}) <= 1


def _filled(cells: list) -> int:
    return sum(1 for c in cells if c.strip())


def _shown(cells: list) -> str:
    text = next((c.strip() for c in cells if c.strip()), "")
    return repr(text if len(text) <= 50 else text[:47] + "...")


def find_header(sheet: Sheet, header_row: int | None = None, pad: bool = False) -> None:
    """Move ``sheet``'s header down to its real header row (in place).

    ``header_row`` names it (a spreadsheet row); otherwise it is detected
    (see the module docstring). ``pad`` pads rows to the header's width
    (a workbook's rows carry no trailing empty cells). Raises
    :class:`InputError` when the named row is not a row of the table.
    """
    table = [(sheet.header_row, sheet.header), *sheet.rows]
    if header_row is not None:
        k = next((i for i, (r, _) in enumerate(table) if r == header_row), None)
        if k is None or not any(c.strip() for c in table[k][1]):
            first = sheet.header_row
            why = (f"the table starts at row {first} (the rows above are blank or comments)"
                   if header_row < first else "it is blank or past the end of the table")
            raise InputError([Problem(
                "error", f"--header-row {header_row}: row {header_row} cannot be the header: "
                f"{why}", file=sheet.file, row=header_row,
                hint=f"name the row that holds the column names (the first is row {first})")])
    else:
        # the widest row near the top: a title line typed with a comma ("Anytown, March
        # 2025") is one or two cells above a header several times wider
        wide = max((_filled(cells) for _, cells in table[:_LOOK + 1]), default=0)

        def title(cells: list) -> bool:
            return is_title(cells) or (_filled(cells) <= 3 and 2 * _filled(cells) < wide)

        k = 0
        while k < min(len(table) - 1, _LOOK) and title(table[k][1]):
            k += 1
        if k >= len(table) - 1 or title(table[k][1]):
            return  # no row of column names below: leave the table as it is
    if k == 0:
        return
    skipped = [(r, cells) for r, cells in table[:k] if any(c.strip() for c in cells)]
    row, header = table[k]
    if skipped:
        rows = [r for r, _ in skipped]
        where = f"row {rows[0]}" if len(rows) == 1 else "rows " + ", ".join(map(str, rows))
        texts = ", ".join(_shown(cells) for _, cells in skipped[:3])
        sheet.note("warning", f"{where} above the header skipped as a title or comment "
                   f"({texts}); the header was read from row {row}", row=rows[0],
                   hint="if the header is another row, name it with --header-row N")
    # notes about blank rows above the new header no longer concern the table
    sheet.notes = [n for n in sheet.notes if not (
        n.message.startswith("blank row") and n.row is not None and n.row < row)]
    sheet.header, sheet.header_row = header, row
    rest = table[k + 1:]
    if pad:
        width = len(header)
        rest = [(r, cells + [""] * (width - len(cells)) if len(cells) < width else cells)
                for r, cells in rest]
    sheet.rows = rest
