"""Collect organisations, engagements and attributes from any layout into a Partnership.

The builder is where rows meet: it applies aliases, merges an organisation
listed twice (with a warning), refuses conflicting weights or attributes
(naming both rows), and at the end warns about organisations without any
engagement and names that look like the same organisation spelt differently.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd

from netmap.errors import Problem
from netmap.io.cells import name_key
from netmap.model import Partnership
from netmap.names import fold

__all__ = ["Builder"]


def _fmt(weight: float) -> str:
    return str(int(weight)) if float(weight).is_integer() else repr(weight)


class Builder:
    """Accumulates a partnership while a layout reader walks the rows."""

    def __init__(self, file: str, aliases: dict | None = None):
        self.file = file
        self.aliases = aliases or {}
        self.problems: list = []
        self.functions: dict = {}  # key -> display name, in order
        self.org_rows: dict = {}  # organisation -> list of rows it appears in
        self.weights: dict = {}  # (organisation, function) -> (weight, row, column)
        self.attrs: dict = defaultdict(dict)  # organisation -> {attribute: (value, row)}
        self.attr_names: list = []
        self.aliased: dict = defaultdict(set)  # canonical -> spellings replaced
        self.function_spellings: dict = {}  # folded name -> display name
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
            return name
        if shown != name and (key, name) not in self._warned:
            self._warned.add((key, name))
            self.problem("warning", f"function names {shown!r} and {name!r} differ only in case "
                         f"or spacing; both are read as {shown!r}", **where)
        return shown

    def organisation(self, name: str, row: int | None, repeat_is_duplicate: bool = True) -> str:
        """Register an organisation seen on ``row``; returns its canonical name.

        With ``repeat_is_duplicate`` (matrix layouts, one row per organisation)
        a second row for the same organisation is recorded and warned about.
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

    def attribute(self, org: str, name: str, value: str, row: int | None,
                  column: int | None = None) -> None:
        if name not in self.attr_names:
            self.attr_names.append(name)
        if not value:
            return
        previous = self.attrs[org].get(name)
        if previous is None:
            self.attrs[org][name] = (value, row)
        elif previous[0] != value:
            self.problem(
                "error", f"conflicting {name} for {org!r}: row {previous[1]} says "
                f"{previous[0]!r}, row {row} says {value!r}", row=row, column=column,
                column_name=name, hint="give the organisation one value")

    def _warn_duplicates(self) -> None:
        for org, rows in self.org_rows.items():
            spellings = self.aliased.get(org)
            if len(rows) > 1:
                how = f" (through aliases: {', '.join(sorted(spellings))})" if spellings else ""
                self.problem(
                    "warning", f"{org!r} appears in rows "
                    f"{', '.join(map(str, rows))}{how}; their engagements were merged",
                    row=rows[1])

    def _warn_near_duplicates(self) -> None:
        groups = defaultdict(list)
        for org in self.org_rows:
            groups[name_key(org)].append(org)
        for names in groups.values():
            if len(names) > 1:
                shown = ", ".join(f"{n!r} (row {self.org_rows[n][0]})" for n in names)
                self.problem(
                    "warning", f"these names look like one organisation spelt differently: "
                    f"{shown}; they are kept apart",
                    row=self.org_rows[names[1]][0],
                    hint="if they are the same, map them to one name in an aliases file "
                    "(--aliases, columns alias,canonical)")

    def finish(self, name: str, weighted: bool, source: str | None) -> Partnership:
        """The Partnership, with warnings (and errors) left in ``problems``."""
        self._warn_duplicates()
        self._warn_near_duplicates()
        engaged = {org for org, _ in self.weights}
        failed_rows = {p.row for p in self.problems if p.is_error}
        for org, rows in self.org_rows.items():
            if org not in engaged and not failed_rows.intersection(rows):
                self.problem("warning", f"{org!r} has no engagement; it is kept with degree 0",
                             row=rows[0] if rows else None)
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
        return Partnership(name=name, functions=tuple(functions), organisations=tuple(orgs),
                           engagements=eng, attributes=attrs, weighted=weighted, source=source)
