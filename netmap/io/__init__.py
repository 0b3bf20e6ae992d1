"""Load a partnership file into a :class:`~netmap.model.Partnership`.

:func:`load` returns the partnership and every warning found;
:func:`read` returns the partnership alone. Both raise
:class:`~netmap.errors.InputError` listing *every* error in the file (not
just the first), each naming file, row and column.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from netmap.errors import InputError, Problem
from netmap.io.bulk import collector_paused
from netmap.io.options import LoadOptions

# The readers (and, with the builder, pandas) are imported when a file is read, so that
# importing netmap.io for its options, as the command line does, stays fast.
if TYPE_CHECKING:
    from netmap.io.builder import Builder
    from netmap.io.layouts import KNOWN_ATTRIBUTES, LAYOUTS
    from netmap.model import Partnership


def __getattr__(name: str):
    if name in ("KNOWN_ATTRIBUTES", "LAYOUTS"):
        from netmap.io import layouts

        return getattr(layouts, name)
    raise AttributeError(f"module 'netmap.io' has no attribute {name!r}")

__all__ = ["Loaded", "LoadOptions", "load", "load_split", "read", "LAYOUTS", "KNOWN_ATTRIBUTES"]


@dataclass
class Loaded:
    """A loaded partnership with what loading found (warnings and notes) and the layout used."""

    partnership: Partnership
    problems: list = field(default_factory=list)
    layout: str = "wide"
    # how its labels were read (netmap.vocabulary.Reading), set by the vocabulary layer
    reading: Any = None

    @property
    def warnings(self) -> list:
        return [p for p in self.problems if p.severity == "warning"]


@collector_paused()
def load(path: str | os.PathLike, options: LoadOptions | None = None,
         **fields: Any) -> Loaded:
    """Read a partnership file (csv, tsv, txt or xlsx; wide, long or roster layout).

    GraphML and GEXF files of a bipartite graph (nodes marked ``bipartite``
    0 or 1, as netmap export writes them) are read too, and directories as
    JSON arrays of records or GeoJSON (:mod:`netmap.io.jsonfile`).

    Parameters
    ----------
    path : str or Path
        The input file.
    options : LoadOptions, optional
        How to read it (:class:`~netmap.io.options.LoadOptions`): layout,
        organisation column, weights, sheet, side files, encoding, limits. Each
        option is applied, or refused with an error for a kind of file that
        cannot honour it.
    **fields
        Options given by name instead (``weighted=True``), or replacing fields
        of ``options``.

    Returns
    -------
    Loaded
        ``partnership``, ``problems`` (warnings and notes, each naming file,
        row and column) and the ``layout`` read.

    Raises
    ------
    InputError
        When anything in the files is wrong; ``.problems`` lists all of it,
        ``.names`` the organisation names seen.

    Examples
    --------
    >>> loaded = load("data/partners.csv")
    >>> loaded.layout, len(loaded.partnership.organisations), loaded.warnings
    ('wide', 36, [])
    >>> load("data/partners.csv", LoadOptions(weighted=True)).partnership.weighted
    True
    """
    from netmap.io.extras import apply_attributes, read_aliases
    from netmap.io.files import EXCEL_EXTENSIONS, read_sheet
    from netmap.io.graphfile import GRAPH_EXTENSIONS, read_graph_file
    from netmap.io.header import find_header
    from netmap.io.jsonfile import JSON_EXTENSIONS, read_json_file
    from netmap.io.layouts import detect_layout, read_layout

    o = LoadOptions.of(options, **fields)
    if Path(path).suffix.lower() in GRAPH_EXTENSIONS:
        partnership, graph_problems = read_graph_file(path, o)
        return Loaded(partnership, graph_problems, "graph")
    if Path(path).suffix.lower() in JSON_EXTENSIONS:
        partnership, json_problems = read_json_file(path, o)
        return Loaded(partnership, json_problems, "records")
    kind = "workbook" if Path(path).suffix.lower() in EXCEL_EXTENSIONS else "text"
    o.refuse(kind, str(path))
    if kind == "text":  # a clean wide table is read column by column (same result)
        from netmap.io.columnar import load_wide_columnar

        fast = load_wide_columnar(path, o)
        if fast is not None:
            return Loaded(*fast)
    problems: list = []
    alias_map: dict = {}
    if o.aliases is not None:
        alias_map, found = read_aliases(o.aliases, o)
        problems += found
    table = read_sheet(path, o.encoding, o.sheet, o.max_bytes, o.max_rows, o.max_columns)
    find_header(table, o.header_row, pad=kind == "workbook")
    problems += table.notes
    used = o.layout or detect_layout(table, o.org_column, o.attribute_columns)
    problems.append(Problem("info", f"layout: {used}" + ("" if o.layout else " (detected)"),
                            file=table.file))
    from netmap.io.builder import Builder

    b = Builder(table.file, alias_map, o.uncertain)
    with _naming(b, alias_map):
        read_layout(used, table, b, o.weighted, o.org_column, o.attribute_columns)
        if o.attributes is not None and not any(p.is_error for p in b.problems):
            problems += apply_attributes(b, o.attributes, o)
        partnership = b.finish(o.name or Path(path).stem, o.weighted, str(path))
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


@collector_paused()
def load_split(path: str | os.PathLike, column: str = "partnership",
               options: LoadOptions | None = None, **fields: Any) -> list:
    """Read one file holding several partnerships, told apart by ``column``.

    Each partnership's rows are read as their own file would be (row numbers
    and column letters stay those of the file); returns one :class:`Loaded`
    per partnership, in order of first appearance, each named after its value
    in ``column``. ``options`` and ``fields`` are as for :func:`load`
    (``attributes`` and ``name`` are refused: give attributes as columns).
    A JSON or GeoJSON file is split by the property ``column`` of its records.

    >>> [x.partnership.name for x in load_split("tests/data/ok/directory.geojson", "Region")]
    ['North', 'South']
    """
    from netmap.io.extras import read_aliases
    from netmap.io.files import EXCEL_EXTENSIONS, read_sheet
    from netmap.io.graphfile import GRAPH_EXTENSIONS
    from netmap.io.header import find_header
    from netmap.io.jsonfile import JSON_EXTENSIONS, read_json_split
    from netmap.io.layouts import detect_layout, is_summary, read_layout
    from netmap.io.sheet import Sheet
    from netmap.names import fold

    o = LoadOptions.of(options, **fields)
    o.refuse("split", str(path))
    if Path(path).suffix.lower() in JSON_EXTENSIONS:
        o.refuse("json", str(path))
        return [Loaded(p, found, "records") for p, found in read_json_split(path, column, o)]
    if Path(path).suffix.lower() in GRAPH_EXTENSIONS:
        raise InputError([Problem("error", "a graph file holds one partnership; a file of "
                                  "several needs a table with a partnership column",
                                  file=str(path))])
    workbook = Path(path).suffix.lower() in EXCEL_EXTENSIONS
    o.refuse("workbook" if workbook else "text", str(path))
    alias_map, problems = read_aliases(o.aliases, o) if o.aliases is not None else ({}, [])
    table = read_sheet(path, o.encoding, o.sheet, o.max_bytes, o.max_rows, o.max_columns)
    find_header(table, o.header_row, pad=workbook)
    folds = [fold(h) for h in table.header]
    if fold(column) not in folds:
        raise InputError([Problem("error", f"no {column!r} column to split partnerships by",
                                  file=table.file, row=table.header_row,
                                  hint="headers found: " + ", ".join(
                                      repr(h) for h in table.header if h))])
    j = folds.index(fold(column))
    org_column = o.org_column
    if org_column is None and j == 0 and len(table.header) > 1:
        org_column = table.header[1]  # the split column first: organisations come next
    org_j = folds.index(fold(org_column)) if org_column and fold(org_column) in folds else (
        1 if j == 0 else 0)
    groups: dict = {}
    for row, cells in table.rows:
        value = cells[j].strip() if j < len(cells) else ""
        if not value and not "".join(cells).strip():
            continue
        if not value and org_j < len(cells) and is_summary(cells[org_j].strip()):
            problems.append(Problem("warning", f"summary row {cells[org_j].strip()!r} skipped "
                                    "(not an organisation)", file=table.file, row=row))
            continue
        if not value:
            problems.append(Problem("error", f"the row has no {column}", file=table.file,
                                    row=row, column=j, column_name=table.header[j]))
            continue
        groups.setdefault(value, []).append((row, cells))
    attrs = o.attribute_columns + (table.header[j],)
    out = []
    seen: list = []  # the builders, for the names an error carries
    from netmap.io.builder import Builder

    for name, rows in groups.items():
        sub = Sheet(file=table.file, header=table.header, rows=rows,
                    header_row=table.header_row)
        used = o.layout or detect_layout(sub, org_column, attrs)
        b = Builder(table.file, alias_map, o.uncertain)
        seen.append(b)
        read_layout(used, sub, b, o.weighted, org_column, attrs)
        p = b.finish(name, o.weighted, str(path))
        p = dataclasses.replace(p, attributes=p.attributes.drop(
            columns=[fold(table.header[j])], errors="ignore"))
        problems += b.problems
        said = Problem("info", f"{name}: layout {used}" + ("" if o.layout else " (detected)"),
                       file=table.file)
        out.append(Loaded(p, [said, *b.problems], used))
    problems = table.notes + problems
    if any(p.is_error for p in problems):
        raise InputError(problems, names=dict.fromkeys(
            [o for b in seen for o in b.org_rows] + [*alias_map, *alias_map.values()]))
    if not out:
        raise InputError([Problem("error", "no partnership rows", file=table.file)])
    out[0].problems = table.notes + out[0].problems
    return out


def read(path: str | os.PathLike, options: LoadOptions | None = None,
         **fields: Any) -> Partnership:
    """The :class:`Partnership` in ``path`` (warnings are dropped; see :func:`load`).

    Parameters
    ----------
    path : str or Path
        The input file.
    options : LoadOptions, optional
        How to read it, as for :func:`load`.
    **fields
        Options by name (``layout``, ``weighted``, ``sheet``, ...).

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
    return load(path, options, **fields).partnership
