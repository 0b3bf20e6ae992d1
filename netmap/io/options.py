"""How to read a partnership file: one frozen set of options, applied or refused by every reader.

Every reader (text tables, Excel workbooks, GraphML/GEXF graphs, one file of
several partnerships) takes a :class:`LoadOptions` and either applies each
field or refuses it with a clear error for that kind of input: an option is
never dropped silently.

=====================  ==========  ==========  ==============  ================  ==================
field                  text        workbook    GraphML / GEXF  split (several)   JSON / GeoJSON
=====================  ==========  ==========  ==============  ================  ==================
``layout``             applied     applied     refused         applied           refused
``org_column``         applied     applied     refused         applied           the org. property
``weighted``           applied     applied     applied         applied           ``weight`` property
``sheet``              refused     applied     refused         applied           refused
``attributes``         applied     applied     applied         refused           applied
``aliases``            applied     applied     applied         applied           applied
``encoding``           applied     refused     refused         applied (text)    applied (UTF-8)
``attribute_columns``  applied     applied     refused         applied           refused
``name``               applied     applied     applied         refused           applied
``max_bytes``          applied     applied     applied         applied           applied
``max_rows``           rows        rows        nodes, edges    rows              records
``max_columns``        columns     columns     node attributes columns           distinct properties
``header_row``         applied     applied     refused         applied           refused
``uncertain``          applied     applied     refused         applied           refused
=====================  ==========  ==========  ==============  ================  ==================

Side files (aliases, attributes) are read with the same encoding and limits.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass
from typing import Any

from netmap.errors import InputError, Problem

__all__ = ["LoadOptions", "MAX_BYTES", "MAX_ROWS", "MAX_COLUMNS", "LAYOUTS", "KINDS",
           "UNCERTAIN"]

# Limits that keep a file from exhausting memory (each byte of text costs tens of bytes
# once parsed). They admit the 1,000,000-organisation benchmark (about 45 MB) many
# times over; raise them with --max-bytes, --max-rows and --max-columns.
MAX_BYTES = 1 << 30
MAX_ROWS = 5_000_000
MAX_COLUMNS = 16_384  # Excel's own limit (column XFD)

LAYOUTS = ("wide", "long", "roster")
UNCERTAIN = ("not-engaged", "engaged", "error")
KINDS = ("text", "workbook", "graph", "split", "json")

# the command-line flag of each field, for messages
FLAGS = {"layout": "--layout", "org_column": "--org-column", "weighted": "--weighted",
         "sheet": "--sheet", "attributes": "--attributes", "aliases": "--aliases",
         "encoding": "--encoding", "attribute_columns": "--attribute-column",
         "name": "--name", "max_bytes": "--max-bytes", "max_rows": "--max-rows",
         "max_columns": "--max-columns", "header_row": "--header-row",
         "uncertain": "--uncertain"}

# fields a kind of input cannot honour, and why (shown in the error)
_REFUSED = {
    "text": {"sheet": "a text file has no sheets; --sheet is for Excel workbooks"},
    "workbook": {"encoding": "a workbook stores its text as Unicode; --encoding is for text "
                             "files"},
    "graph": {
        "layout": "a graph file has no table layout",
        "org_column": "a graph file marks organisations with bipartite=0, not by a column",
        "sheet": "a graph file has no sheets",
        "encoding": "a graph file declares its encoding in its first line",
        "attribute_columns": "a graph file keeps attributes on its nodes, not in columns",
        "header_row": "a graph file has no header row",
        "uncertain": "a graph file's edges are engagements; it has no marks to be uncertain "
                     "about",
    },
    "split": {
        "attributes": "with several partnerships in one file, give attributes as columns "
                      "of that file",
        "name": "each partnership is named by its value in the split column",
    },
    "json": {
        "layout": "JSON records have no table layout: each names its organisation and "
                  "functions",
        "sheet": "a JSON file has no sheets",
        "attribute_columns": "every property of a JSON record other than its organisation, "
                             "functions and weight is an attribute already",
        "header_row": "a JSON file has no header row",
        "uncertain": "JSON records list the functions an organisation has; they hold no "
                     "marks to be uncertain about",
    },
}


@dataclass(frozen=True)
class LoadOptions:
    """How to read a partnership file (see the module docstring for who applies what).

    Parameters
    ----------
    layout : {'wide', 'long', 'roster'}, optional
        Detected when not given.
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
    attribute_columns : tuple of str
        Extra matrix columns that are attributes, not functions.
    name : str, optional
        Name of the partnership (default: the file's stem).
    max_bytes, max_rows, max_columns : int
        Larger inputs are refused before they exhaust memory.
    header_row : int, optional
        Spreadsheet row (1 = the first) holding the header; the rows above it
        are skipped. Default: detected (title and comment rows above the
        header are skipped with a warning).
    uncertain : {'not-engaged', 'engaged', 'error'}
        How uncertain marks (``?``, ``TBC``, ``partly``...) are counted: not as
        engagements (the default), as engagements, or as errors. They are kept
        on the partnership (``Partnership.uncertain``) either way.

    Examples
    --------
    >>> LoadOptions(weighted=True).weighted
    True
    >>> LoadOptions(layout="grid")
    Traceback (most recent call last):
    ...
    netmap.errors.InputError: unknown layout 'grid'; choose one of wide, long, roster
    """

    layout: str | None = None
    org_column: str | None = None
    weighted: bool = False
    sheet: str | None = None
    attributes: str | os.PathLike | None = None
    aliases: str | os.PathLike | None = None
    encoding: str | None = None
    attribute_columns: tuple = ()
    name: str | None = None
    max_bytes: int = MAX_BYTES
    max_rows: int = MAX_ROWS
    max_columns: int = MAX_COLUMNS
    header_row: int | None = None
    uncertain: str = "not-engaged"

    def __post_init__(self) -> None:
        if self.layout is not None and self.layout not in LAYOUTS:
            raise InputError(f"unknown layout {self.layout!r}; choose one of "
                             f"{', '.join(LAYOUTS)}")
        if self.uncertain not in UNCERTAIN:
            raise InputError(f"unknown uncertain {self.uncertain!r}; choose one of "
                             f"{', '.join(UNCERTAIN)}")
        row = self.header_row
        if row is not None and (isinstance(row, bool) or not isinstance(row, int) or row < 1):
            raise InputError(f"header_row must be a whole number of at least 1, got {row!r}")
        object.__setattr__(self, "attribute_columns", tuple(self.attribute_columns or ()))
        for limit in ("max_bytes", "max_rows", "max_columns"):
            value = getattr(self, limit)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(f"{limit} must be a whole number of at least 1, got {value!r}")

    @classmethod
    def of(cls, options: LoadOptions | None = None, **fields: Any) -> LoadOptions:
        """``options`` with ``fields`` replaced (a new value; the defaults if None)."""
        base = options if options is not None else cls()
        unknown = set(fields) - {f.name for f in dataclasses.fields(cls)}
        if unknown:
            raise TypeError(f"unknown load option(s): {', '.join(sorted(unknown))}")
        return dataclasses.replace(base, **fields) if fields else base

    def given(self) -> dict:
        """The fields that differ from their defaults."""
        default = LoadOptions()
        return {f.name: getattr(self, f.name) for f in dataclasses.fields(self)
                if getattr(self, f.name) != getattr(default, f.name)}

    def refuse(self, kind: str, file: str) -> None:
        """Raise :class:`InputError` naming every given option that ``kind`` cannot honour.

        >>> LoadOptions(sheet="2").refuse("text", "a.csv")
        Traceback (most recent call last):
        ...
        netmap.errors.InputError: a.csv: sheet=... does not apply here: a text file has no \
sheets; sheet=... is for Excel workbooks
        """
        refused = _REFUSED[kind]
        problems = [Problem("error", f"{FLAGS[k]} does not apply here: {refused[k]}", file=file)
                    for k in self.given() if k in refused]
        if problems:
            raise InputError(problems)
