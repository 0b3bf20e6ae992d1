"""Collect organisations, engagements and attributes from any layout into a Partnership.

The builder is where rows meet: it applies aliases, merges an organisation
listed twice (with a warning), refuses conflicting weights or attributes
(naming both rows), and at the end warns about organisations without any
engagement, names that look like the same organisation spelt differently, and
names that mix in letters of another script that look like Latin ones
(``Pоlice`` with a Cyrillic ``о``), next to the name they imitate.

Where a name was seen is a spreadsheet row (an int) or, for graph files, a
description of the node (e.g. ``"node 'o3'"``).
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from netmap.errors import Problem, column_letter
from netmap.io.cells import name_key
from netmap.names import fold, lookalike_letters, mixed_scripts, script, skeleton

if TYPE_CHECKING:  # pandas loads in finish(), when a partnership is built
    from netmap.model import Partnership

__all__ = ["Builder", "RESERVED_ATTRIBUTES", "attribute_name_problems", "stored_names"]

#: Names an organisation attribute cannot have: the columns netmap writes beside the
#: attributes in its organisation and function tables (:func:`netmap.metrics.compute`;
#: ``providers_<sector>`` columns too) and the node fields of its graphs and exports
#: (``bipartite``, ``kind``, ``label``), plus ``degree`` (the ``--size-by`` name of
#: degree centrality). An attribute so named would overwrite a metric or be
#: overwritten by it. Tests keep this list in step with the metrics tables.
RESERVED_ATTRIBUTES = frozenset({
    "organisation", "functions", "strength", "degree", "degree_centrality",
    "closeness_centrality", "betweenness_centrality", "partners", "shared_functions",
    "eigenvector_centrality", "effective_size", "constraint", "substitutes",
    "substitute_count", "most_similar", "most_similar_jaccard", "equivalence_group",
    "equivalents", "critical", "critical_because", "providers", "sector_diversity",
    "redundancy", "gaps", "bipartite", "kind", "label", "module", "module_z",
    "module_participation",
})
_RESERVED_PREFIX = "providers_"


def stored_names(names: dict) -> dict:
    """The attribute names to store, for ``names`` (key -> folded header): a column headed
    ``kind`` is the organisation type and is stored as ``type`` (``kind`` is the node field
    of netmap's own graphs), unless the table also has a ``type`` column.

    >>> stored_names({1: "kind", 2: "area"}), stored_names({1: "kind", 2: "type"})
    ({1: 'type', 2: 'area'}, {1: 'kind', 2: 'type'})
    """
    if "kind" not in names.values() or "type" in names.values():
        return names
    return {k: "type" if v == "kind" else v for k, v in names.items()}


def attribute_name_problems(columns, file: str | None, row: int | None,
                            noun: str = "attribute column") -> list:
    """Errors for attribute columns named like a metric column, or two named alike.

    ``columns`` holds ``(index, header)`` pairs (index None when the column
    has no position, as for the ``noun`` "node attribute" of a graph file);
    names are compared case- and spacing-insensitively, as attributes are
    stored.

    >>> [p.message for p in attribute_name_problems([(1, "Sector"), (3, "sector "),
    ...                                              (4, "Degree")], "f.csv", 1)]
    ... # doctest: +NORMALIZE_WHITESPACE
    ["the attribute columns B and D are both named 'sector' once case and spacing are
     ignored", "the attribute column 'Degree' has the name of a column netmap writes itself
     beside the attributes ('degree': a metric, key or graph field)"]
    """
    problems = []
    seen: dict = {}  # folded name -> (index, header) of its first column
    for j, header in columns:
        key = fold(header)
        where = column_letter(j) if j is not None else repr(header)
        if key in RESERVED_ATTRIBUTES or key.startswith(_RESERVED_PREFIX):
            problems.append(Problem(
                "error", f"the {noun} {header!r} has the name of a column netmap "
                f"writes itself beside the attributes ({key!r}: a metric, key or graph field)",
                file=file, row=row, column=j, column_name=header,
                hint=f"rename the column, e.g. to '{key}_source', or leave it out"))
        elif key in seen:
            first, first_header = seen[key]
            shown = column_letter(first) if first is not None else repr(first_header)
            problems.append(Problem(
                "error", f"the {noun}s {shown} and {where} are both named {key!r} "
                "once case and spacing are ignored", file=file, row=row, column=j,
                column_name=header,
                hint="rename one of them, or merge them into one column"))
        else:
            seen[key] = (j, header)
    return problems


def _fmt(weight: float) -> str:
    return str(int(weight)) if float(weight).is_integer() else repr(weight)


def _place(where) -> str:
    """``row 3`` for a row number; a node description as it is."""
    return f"row {where}" if isinstance(where, int) else str(where)


def _row(where) -> int | None:
    return where if isinstance(where, int) else None


class Builder:
    """Accumulates a partnership while a layout reader walks the rows."""

    def __init__(self, file: str, aliases: dict | None = None,
                 uncertain: str = "not-engaged"):
        self.file = file
        self.aliases = aliases or {}
        self.uncertain_mode = uncertain  # how uncertain marks count (LoadOptions.uncertain)
        self.uncertain: list = []  # (organisation, function, mark, row, column, counted)
        self.problems: list = []
        self.functions: dict = {}  # key -> display name, in order
        self.org_rows: dict = {}  # organisation -> rows (or node descriptions) it appears in
        self.weights: dict = {}  # (organisation, function) -> (weight, row, column)
        self.attrs: dict = defaultdict(dict)  # organisation -> {attribute: (value, row)}
        self.attr_names: list = []
        self.aliased: dict = defaultdict(set)  # canonical -> spellings replaced
        self.function_spellings: dict = {}  # folded name -> display name
        self.function_where: dict = {}  # display name -> where its header was (row, column)
        self.failed: set = set()  # organisations a (row-less) error was about
        self.notes: list = []  # what clean_name removed from the cell being read
        self._warned: set = set()

    def problem(self, severity: str, message: str, **where) -> None:
        self.problems.append(Problem(severity, message, file=self.file, **where))

    def function(self, name: str, **where) -> str:
        """Register a function (in order); returns its display name.

        Names that differ only in case or spacing are read as one function,
        with a warning.
        """
        key = fold(name)
        shown = self.function_spellings.get(key)
        if shown is None:
            self.function_spellings[key] = name
            self.functions[key] = name
            self.function_where[name] = where
            return name
        if shown != name and (key, name) not in self._warned:
            self._warned.add((key, name))
            self.problem("warning", f"function names {shown!r} and {name!r} differ only in case "
                         f"or spacing; both are read as {shown!r}", **where)
        return shown

    def organisation(self, name: str, row: int | str | None,
                     repeat_is_duplicate: bool = True) -> str:
        """Register an organisation seen on ``row``; returns its canonical name.

        ``row`` is a spreadsheet row, or a description of where a graph file
        names it (``"node 'o3'"``). With ``repeat_is_duplicate`` (matrix
        layouts and graphs, one row or node per organisation) a second row for
        the same organisation is recorded and warned about.
        """
        canonical = self.aliases.get(name, name)
        if canonical != name:
            self.aliased[canonical].add(name)
        rows = self.org_rows.get(canonical)
        if rows is None:
            self.org_rows[canonical] = [row] if row is not None else []
        elif repeat_is_duplicate and row is not None and row not in rows:
            rows.append(row)
        return canonical

    def engage(self, org: str, function: str, weight: float, row: int | None,
               column: int | None = None, column_name: str | None = None) -> None:
        if weight == 0:
            return
        key = (org, function)
        previous = self.weights.get(key)
        if previous is None:
            self.weights[key] = (weight, row, column)
        elif previous[0] != weight:
            self.problem(
                "error", f"conflicting weights for {org!r} in {function!r}: "
                f"row {previous[1]} says {_fmt(previous[0])}, row {row} says {_fmt(weight)}",
                row=row, column=column, column_name=column_name,
                hint="keep one row, or give both the same value")

    def uncertain_mark(self, org: str, function: str, mark: str, row: int, column: int,
                       column_name: str | None = None) -> None:
        """Record an uncertain mark (``TBC``, ``?``...), counted as ``uncertain_mode`` says."""
        counted = self.uncertain_mode == "engaged"
        self.uncertain.append((org, function, mark, row, column_letter(column), counted))
        if counted:
            self.engage(org, function, 1.0, row, column, column_name)

    def _warn_uncertain(self) -> None:
        if not self.uncertain:
            return
        n = len(self.uncertain)
        cells = ", ".join(f"{c[4]}{c[3]} {c[2]!r}" for c in self.uncertain[:6]) + (
            f" and {n - 6} more" if n > 6 else "")
        counted = self.uncertain_mode == "engaged"
        self.problem("info" if counted else "warning",
                     f"{n} uncertain mark{'s' if n != 1 else ''} ({cells}) "
                     f"{'counted' if counted else 'not counted'} as engagement"
                     f"{'s' if n != 1 else ''}; the report lists them under 'To confirm'",
                     row=self.uncertain[0][3],
                     hint="confirm them in the spreadsheet, pass --uncertain engaged to count "
                     "them, or --uncertain error to refuse them")

    def attribute(self, org: str, name: str, value: str, row: int | str | None,
                  column: int | None = None) -> None:
        """Record attribute ``name`` of ``org`` (``row``: a row, or a node description)."""
        if name not in self.attr_names:
            self.attr_names.append(name)
        if not value:
            return
        previous = self.attrs[org].get(name)
        if previous is None:
            self.attrs[org][name] = (value, row)
        elif previous[0] != value:
            self.problem(
                "error", f"conflicting {name} for {org!r}: {_place(previous[1])} says "
                f"{previous[0]!r}, {_place(row)} says {value!r}", row=_row(row), column=column,
                column_name=name, hint="give the organisation one value")

    def _first(self, org: str):
        rows = self.org_rows.get(org)
        return rows[0] if rows else None

    def _shown(self, org: str) -> str:
        where = self._first(org)
        return f"{org!r} ({_place(where)})" if where is not None else repr(org)

    def _warn_duplicates(self) -> None:
        for org, rows in self.org_rows.items():
            spellings = self.aliased.get(org)
            if len(rows) > 1:
                how = f" (through aliases: {', '.join(sorted(spellings))})" if spellings else ""
                if all(isinstance(r, int) for r in rows):
                    found = f"appears in rows {', '.join(map(str, rows))}"
                else:
                    found = f"is the name of {', '.join(map(_place, rows))}"
                self.problem(
                    "warning", f"{org!r} {found}{how}; their engagements were merged",
                    row=_row(rows[1]))

    def _warn_near_duplicates(self) -> dict:
        """Warn about near-duplicate names; returns the groups (name key -> names)."""
        groups = defaultdict(list)
        for org in self.org_rows:
            groups[name_key(org)].append(org)
        for names in groups.values():
            if len(names) > 1:
                shown = ", ".join(self._shown(n) for n in names)
                self.problem(
                    "warning", f"these names look like one organisation spelt differently: "
                    f"{shown}; they are kept apart",
                    row=_row(self._first(names[1])),
                    hint="if they are the same, map them to one name in an aliases file "
                    "(--aliases, columns alias,canonical)")
        return groups

    def _warn_lookalikes(self, names, groups: dict, shown, where, what: str) -> None:
        """Warn about names holding letters of another script that look like Latin ones.

        A name is flagged when such letters sit in a word of Latin letters
        (``Pоlice``), or when it looks like another name here letter for
        letter (``Рорру``, all Cyrillic, beside ``Poppy``); never merged.
        ``groups`` maps name keys to names; ``shown(name)`` quotes a name with
        its place, ``where(name)`` is the Problem location.
        """
        for name in [n for n in names if not n.isascii()]:
            letters = lookalike_letters(name)
            if not letters:
                continue
            twins = [n for n in groups.get(name_key(skeleton(name)), ())
                     if n != name and not lookalike_letters(n)]
            mixed = mixed_scripts(name)
            if not mixed and not twins:
                continue  # a name wholly in another script, like no other name here
            if mixed:
                says = f"contains {' and '.join(mixed)} letters that look like Latin ones"
            else:
                kinds = sorted({script(c) for c in letters})
                says = f"is written in {' and '.join(kinds)} letters that look like Latin ones"
            like = f"; it looks like {', '.join(shown(t) for t in twins)}" if twins else ""
            detail = ", ".join(f"{c} U+{ord(c):04X}" for c in letters)
            alias = (", or map it to the name it imitates in an aliases file (--aliases) if "
                     "they are the same organisation" if twins and what == "name" else "")
            self.problem("warning", f"{shown(name)} {says}{like}", **where(name),
                         hint=f"look-alike letters: {detail}; retype the {what} in one "
                         f"alphabet{alias}; netmap keeps the names apart")

    def _warn_function_lookalikes(self) -> None:
        names = list(self.functions.values())
        if all(n.isascii() for n in names):
            return
        groups = defaultdict(list)
        for f in names:
            groups[name_key(f)].append(f)

        def shown(f: str) -> str:
            where = self.function_where.get(f, {})
            parts = ([f"row {where['row']}"] if where.get("row") is not None else []) + (
                [f"column {column_letter(where['column'])}"]
                if where.get("column") is not None else [])
            return f"{f!r} ({', '.join(parts)})" if parts else repr(f)

        self._warn_lookalikes(names, groups, shown, lambda f: self.function_where.get(f, {}),
                              "function name")

    def finish(self, name: str, weighted: bool, source: str | None) -> Partnership:
        """The Partnership, with warnings (and errors) left in ``problems``."""
        import pandas as pd

        from netmap.model import UNCERTAIN_COLUMNS, Partnership

        self._warn_duplicates()
        groups = self._warn_near_duplicates()
        self._warn_lookalikes(self.org_rows, groups, self._shown,
                              lambda o: {"row": _row(self._first(o))}, "name")
        self._warn_function_lookalikes()
        self._warn_uncertain()
        engaged = {org for org, _ in self.weights}
        failed_rows = {p.row for p in self.problems if p.is_error}
        for org, rows in self.org_rows.items():
            if org not in engaged and org not in self.failed \
                    and not failed_rows.intersection(rows):
                self.problem("warning", f"{org!r} has no engagement; it is kept with degree 0",
                             row=_row(rows[0]) if rows else None)
        if not self.weights and not failed_rows:
            self.problem("error", "no engagement anywhere: every cell is blank or 0",
                         hint="mark engagements with 1 or x")
        orgs = list(self.org_rows)
        functions = list(self.functions.values())
        eng = pd.DataFrame(
            [(o, f, float(w)) for (o, f), (w, _, _) in self.weights.items()],
            columns=["organisation", "function", "weight"])
        if len(eng):
            order = {o: i for i, o in enumerate(orgs)}
            forder = {f: i for i, f in enumerate(functions)}
            eng = (eng.assign(_o=eng["organisation"].map(order), _f=eng["function"].map(forder))
                   .sort_values(["_o", "_f"], kind="stable")
                   .drop(columns=["_o", "_f"]).reset_index(drop=True))
        attrs = pd.DataFrame(
            {a: [self.attrs.get(o, {}).get(a, ("", None))[0] for o in orgs]
             for a in self.attr_names},
            index=pd.Index(orgs, name="organisation"), dtype=object)
        uncertain = pd.DataFrame(self.uncertain, columns=list(UNCERTAIN_COLUMNS))
        return Partnership(name=name, functions=tuple(functions), organisations=tuple(orgs),
                           engagements=eng, attributes=attrs, weighted=weighted, source=source,
                           uncertain=uncertain)
