"""Load a partnership file into a :class:`~netmap.model.Partnership`.

:func:`load` returns the partnership and every warning found;
:func:`read` returns the partnership alone. Both raise
:class:`~netmap.errors.InputError` listing *every* error in the file (not
just the first), each naming file, row and column.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from netmap.errors import InputError, Problem
from netmap.io.builder import Builder
from netmap.io.extras import apply_attributes, read_aliases
from netmap.io.files import MAX_BYTES, MAX_COLUMNS, MAX_ROWS, read_sheet
from netmap.io.graphfile import GRAPH_EXTENSIONS, read_graph_file
from netmap.io.layouts import KNOWN_ATTRIBUTES, LAYOUTS, detect_layout, read_layout
from netmap.model import Partnership

__all__ = ["Loaded", "load", "load_split", "read", "LAYOUTS", "KNOWN_ATTRIBUTES"]


@dataclass
class Loaded:
    """A loaded partnership with what loading found (warnings and notes) and the layout used."""

    partnership: Partnership
    problems: list = field(default_factory=list)
    layout: str = "wide"

    @property
    def warnings(self) -> list:
        return [p for p in self.problems if p.severity == "warning"]


def load(path: str | os.PathLike, *, layout: str | None = None, org_column: str | None = None,
         weighted: bool = False, sheet: str | None = None,
         attributes: str | os.PathLike | None = None, aliases: str | os.PathLike | None = None,
         encoding: str | None = None, attribute_columns: Iterable[str] = (),
         name: str | None = None,
         max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS,
         max_columns: int = MAX_COLUMNS) -> Loaded:
    """Read a partnership file (csv, tsv, txt or xlsx; wide, long or roster layout).

    GraphML and GEXF files of a bipartite graph (nodes marked ``bipartite``
    0 or 1, as netmap export writes them) are read too.

    Parameters
    ----------
    path : str or Path
        The input file.
    layout : {'wide', 'long', 'roster'}, optional
        Detected when not given (see :mod:`netmap.io.layouts`).
    org_column : str, optional
        Header of the organisation column (default: the first column).
    weighted : bool
        Read numbers in cells as engagement strengths.
    sheet : str, optional
        Workbook sheet name or 1-based number (default: the first visible worksheet).
    attributes, aliases : str or Path, optional
        An attributes file (first column organisation, then attribute columns)
        and an aliases file (columns ``alias``, ``canonical``).
    encoding : str, optional
        Text encoding; detected when not given.
    attribute_columns : iterable of str
        Extra matrix columns that are attributes, not functions.
    name : str, optional
        Name of the partnership (default: the file's stem).
    max_bytes, max_rows, max_columns : int
        Larger inputs are refused before they exhaust memory.

    Returns
    -------
    Loaded
        ``partnership``, ``problems`` (warnings and notes, each naming file,
        row and column) and the ``layout`` read.

    Raises
    ------
    InputError
        When anything in the files is wrong; ``.problems`` lists all of it.

    Examples
    --------
    >>> loaded = load("data/partners.csv")
    >>> loaded.layout, len(loaded.partnership.organisations), loaded.warnings
    ('wide', 36, [])
    """
    if layout is not None and layout not in LAYOUTS:
        raise InputError(f"unknown layout {layout!r}; choose one of {', '.join(LAYOUTS)}")
    if Path(path).suffix.lower() in GRAPH_EXTENSIONS:
        partnership, graph_problems = read_graph_file(path, weighted, max_bytes, max_rows)
        if name:
            partnership.name = name
        return Loaded(partnership, graph_problems, "graph")
    problems: list = []
    alias_map: dict = {}
    if aliases is not None:
        alias_map, found = read_aliases(aliases, encoding)
        problems += found
    table = read_sheet(path, encoding, sheet, max_bytes, max_rows, max_columns)
    problems += table.notes
    used = layout or detect_layout(table, org_column, attribute_columns)
    problems.append(Problem("info", f"layout: {used}" + ("" if layout else " (detected)"),
                            file=table.file))
    b = Builder(table.file, alias_map)
    with _naming(b, alias_map):
        read_layout(used, table, b, weighted, org_column, attribute_columns)
        if attributes is not None and not any(p.is_error for p in b.problems):
            problems += apply_attributes(b, attributes, encoding)
        partnership = b.finish(name or Path(path).stem, weighted, str(path))
        problems += b.problems
        if any(p.is_error for p in problems):
            raise InputError(problems)
    return Loaded(partnership, problems, used)


@contextlib.contextmanager
def _naming(b: Builder, alias_map: dict) -> Iterator[None]:
    """An :class:`InputError` raised in the block carries every organisation name seen
    (``names``), so that a caller can pseudonymise its messages."""
    try:
        yield
    except InputError as e:
        if e.names is None:
            e.names = tuple(dict.fromkeys([*b.org_rows, *alias_map, *alias_map.values()]))
        raise


def load_split(path: str | os.PathLike, column: str = "partnership", *,
               layout: str | None = None, org_column: str | None = None,
               weighted: bool = False, sheet: str | None = None,
               aliases: str | os.PathLike | None = None, encoding: str | None = None,
               attribute_columns: Iterable[str] = (),
               max_bytes: int = MAX_BYTES, max_rows: int = MAX_ROWS,
               max_columns: int = MAX_COLUMNS) -> list:
    """Read one file holding several partnerships, told apart by ``column``.

    Each partnership's rows are read as their own file would be (row numbers
    and column letters stay those of the file); returns one :class:`Loaded`
    per partnership, in order of first appearance, each named after its value
    in ``column``.
    """
    from netmap.io.sheet import Sheet
    from netmap.names import fold

    alias_map, problems = read_aliases(aliases, encoding) if aliases is not None else ({}, [])
    table = read_sheet(path, encoding, sheet, max_bytes, max_rows, max_columns)
    folds = [fold(h) for h in table.header]
    if fold(column) not in folds:
        raise InputError([Problem("error", f"no {column!r} column to split partnerships by",
                                  file=table.file, row=table.header_row,
                                  hint="headers found: " + ", ".join(
                                      repr(h) for h in table.header if h))])
    j = folds.index(fold(column))
    groups: dict = {}
    for row, cells in table.rows:
        value = cells[j].strip() if j < len(cells) else ""
        if not value and not "".join(cells).strip():
            continue
        if not value:
            problems.append(Problem("error", f"the row has no {column}", file=table.file,
                                    row=row, column=j, column_name=table.header[j]))
            continue
        groups.setdefault(value, []).append((row, cells))
    attrs = tuple(attribute_columns) + (table.header[j],)
    if org_column is None and j == 0 and len(table.header) > 1:
        org_column = table.header[1]  # the split column first: organisations come next
    out = []
    seen: list = []  # the builders, for the names an error carries
    for name, rows in groups.items():
        sub = Sheet(file=table.file, header=table.header, rows=rows,
                    header_row=table.header_row)
        used = layout or detect_layout(sub, org_column, attrs)
        b = Builder(table.file, alias_map)
        seen.append(b)
        read_layout(used, sub, b, weighted, org_column, attrs)
        p = b.finish(name, weighted, str(path))
        p.attributes = p.attributes.drop(columns=[fold(table.header[j])], errors="ignore")
        problems += b.problems
        out.append(Loaded(p, list(b.problems), used))
    problems = table.notes + problems
    if any(p.is_error for p in problems):
        raise InputError(problems, names=dict.fromkeys(
            [o for b in seen for o in b.org_rows] + [*alias_map, *alias_map.values()]))
    if not out:
        raise InputError([Problem("error", "no partnership rows", file=table.file)])
    out[0].problems = table.notes + out[0].problems
    return out


def read(path: str | os.PathLike, **options: Any) -> Partnership:
    """The :class:`Partnership` in ``path`` (warnings are dropped; see :func:`load`).

    Parameters
    ----------
    path : str or Path
        The input file.
    **options
        As for :func:`load` (``layout``, ``weighted``, ``sheet``, ...).

    Returns
    -------
    Partnership

    Raises
    ------
    InputError
        When anything in the file is wrong; ``.problems`` lists all of it.

    Examples
    --------
    >>> p = read("data/partners.csv")
    >>> p.functions[:2]
    ('Resources', 'Prevention and Awareness Raising')
    """
    return load(path, **options).partnership
