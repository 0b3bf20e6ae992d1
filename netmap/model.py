"""The :class:`Partnership` value every stage after loading works from."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["Partnership", "UNCERTAIN_COLUMNS"]

#: Columns of :attr:`Partnership.uncertain`: the organisation and function of an
#: uncertain mark, the mark as typed, its spreadsheet row and column letter, and
#: whether it was counted as an engagement.
UNCERTAIN_COLUMNS = ("organisation", "function", "mark", "row", "column", "counted")


def _no_uncertain() -> pd.DataFrame:
    return pd.DataFrame(columns=list(UNCERTAIN_COLUMNS))


@dataclass(eq=False, frozen=True)
class Partnership:
    """A partnership's engagement matrix in plain form: a frozen value.

    A changed partnership is a new value (``dataclasses.replace(p, name=...)``,
    :meth:`without`); views derived from it (integer codes, each
    organisation's functions) are computed once and remembered.

    Parameters
    ----------
    name : str
        Name of the partnership (by default the input file's stem).
    functions : tuple of str
        Functions in their input order, including functions with no provider
        (a function nobody provides is the most important gap of all).
    organisations : tuple of str
        Organisations in their input order, including those with no engagement.
    engagements : pandas.DataFrame
        One row per engagement, columns ``organisation``, ``function``, ``weight``
        (weight is 1.0 unless the input was read with weights).
    attributes : pandas.DataFrame
        Organisation attributes (e.g. ``sector``), indexed by organisation, one
        column per attribute, text values ('' where unknown).
    weighted : bool
        True when weights were read from the cells.
    source : str, optional
        The file the partnership was read from.
    uncertain : pandas.DataFrame
        Uncertain marks (``TBC``, ``?``, ``partly``...), one row each, columns
        :data:`UNCERTAIN_COLUMNS`; ``counted`` is True where the mark was
        counted as an engagement (``--uncertain engaged``). Empty by default.
    labels_read : bool
        True once the labels were read through a vocabulary (``netmap.read``,
        :func:`netmap.vocabulary.read_vocabulary`): functions named canonically
        or as the partnership's own, sectors as classes. The gap rules read the
        labels of a partnership built otherwise (:meth:`from_edges`) through the
        default vocabulary, so that they give the same answer.

    Examples
    --------
    >>> p = Partnership.from_edges([("A", "Support"), ("B", "Support")],
    ...                            functions=["Support", "Strategic"])
    >>> p.functions, p.organisations, len(p.engagements)
    (('Support', 'Strategic'), ('A', 'B'), 2)
    """

    name: str
    functions: tuple
    organisations: tuple
    engagements: pd.DataFrame
    attributes: pd.DataFrame = field(default_factory=pd.DataFrame)
    weighted: bool = False
    source: str | None = None
    uncertain: pd.DataFrame = field(default_factory=_no_uncertain)
    labels_read: bool = False
    # derived arrays (integer codes, equivalence classes) remembered for the
    # tables they were computed from: name -> ((engagements, organisations,
    # functions), value)
    _cache: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def cached(self, key: str, compute: Callable[[], Any]) -> Any:
        """``compute()``, remembered while engagements, organisations and functions
        are the same objects (a partnership is not changed in place)."""
        source = (self.engagements, self.organisations, self.functions)
        hit = self._cache.get(key)
        if hit is not None and all(a is b for a, b in zip(hit[0], source, strict=True)):
            return hit[1]
        value = compute()
        self._cache[key] = (source, value)
        return value

    @classmethod
    def from_edges(cls, edges: Iterable[Sequence], functions: Iterable[str] | None = None,
                   organisations: Iterable[str] | None = None,
                   attributes: pd.DataFrame | None = None, name: str = "partnership",
                   weighted: bool = False, source: str | None = None) -> Partnership:
        """Build a partnership from ``(organisation, function[, weight])`` tuples."""
        rows = [(e[0], e[1], float(e[2]) if len(e) > 2 else 1.0) for e in edges]
        eng = pd.DataFrame(rows, columns=["organisation", "function", "weight"])
        funcs = list(functions or [])
        for f in eng["function"]:
            if f not in funcs:
                funcs.append(f)
        orgs = list(organisations or [])
        seen = set(orgs)
        for o in eng["organisation"]:
            if o not in seen:
                orgs.append(o)
                seen.add(o)
        attrs = attributes if attributes is not None else pd.DataFrame(index=pd.Index(orgs))
        attrs = attrs.reindex(orgs).fillna("") if len(attrs.columns) else pd.DataFrame(
            index=pd.Index(orgs, name="organisation"))
        attrs.index.name = "organisation"
        return cls(name=name, functions=tuple(funcs), organisations=tuple(orgs),
                   engagements=eng, attributes=attrs, weighted=weighted, source=source)

    def functions_of(self) -> dict:
        """Each organisation's functions, in engagement order (a tuple each; empty if none).

        >>> Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "G")]).functions_of()
        {'A': ('F', 'G'), 'B': ('G',)}
        """
        def compute() -> dict:
            found: dict = {o: [] for o in self.organisations}
            for o, f in self.pairs():
                found.setdefault(o, []).append(f)
            return {o: tuple(fs) for o, fs in found.items()}

        return self.cached("functions_of", compute)

    def pairs(self) -> list:
        """The engagements as ``(organisation, function)`` pairs, in order."""
        return self.cached("pairs", lambda: list(zip(
            self.engagements["organisation"].tolist(), self.engagements["function"].tolist(),
            strict=True)))

    def without(self, organisations: Iterable[str]) -> Partnership:
        """The partnership with these organisations (and their engagements) removed."""
        gone = set(organisations)
        keep = [o for o in self.organisations if o not in gone]
        eng = self.engagements[~self.engagements["organisation"].isin(gone)].reset_index(
            drop=True)
        unsure = self.uncertain
        if len(unsure):
            unsure = unsure[~unsure["organisation"].isin(gone)].reset_index(drop=True)
        return Partnership(name=self.name, functions=self.functions, organisations=tuple(keep),
                           engagements=eng, attributes=self.attributes.reindex(keep),
                           weighted=self.weighted, source=self.source, uncertain=unsure,
                           labels_read=self.labels_read)

    @property
    def sectors(self) -> pd.Series:
        """Each organisation's sector ('' where unknown or no sector column)."""
        if "sector" in self.attributes.columns:
            return self.attributes["sector"].reindex(list(self.organisations)).fillna("")
        return pd.Series("", index=pd.Index(list(self.organisations), name="organisation"))

    def codes(self) -> tuple:
        """Engagements as integer positions: ``(organisation index, function index)`` arrays.

        Positions follow ``organisations`` and ``functions``; an engagement
        naming an organisation or function the partnership does not list gets -1.
        """
        def compute() -> tuple:
            eng = self.engagements
            result = (pd.Index(self.organisations).get_indexer(eng["organisation"]),
                      pd.Index(self.functions).get_indexer(eng["function"]))
            for a in result:
                a.flags.writeable = False  # shared by every caller
            return result

        return self.cached("codes", compute)

    def organisation_rank(self) -> np.ndarray:
        """Each organisation's position in name order (:func:`netmap.names.name_rank`), an
        integer array in input order, computed once (read-only: shared by every caller)."""
        from netmap.names import name_rank

        def compute() -> np.ndarray:
            rank = name_rank(np.array(self.organisations, dtype=object))
            rank.flags.writeable = False
            return rank

        return self.cached("organisation_rank", compute)

    def degrees(self) -> tuple:
        """Engagements per organisation and per function: two integer arrays in input order.

        >>> [d.tolist() for d in Partnership.from_edges([("A", "F"), ("A", "G")]).degrees()]
        [[2], [1, 1]]
        """
        org, fn = self.codes()
        return (np.bincount(org[org >= 0], minlength=len(self.organisations)),
                np.bincount(fn[fn >= 0], minlength=len(self.functions)))

    def matrix(self) -> pd.DataFrame:
        """Organisations x functions weight matrix (0 where not engaged), in input order."""
        org, fn = self.codes()
        keep = (org >= 0) & (fn >= 0)
        values = np.zeros((len(self.organisations), len(self.functions)))
        np.add.at(values, (org[keep], fn[keep]),
                  self.engagements["weight"].to_numpy(dtype=float)[keep])
        return pd.DataFrame(values, index=pd.Index(list(self.organisations), name="organisation"),
                            columns=pd.Index(list(self.functions), name="function"))

    def _repr_html_(self) -> str:
        """A notebook shows the partnership as its engagement matrix (names escaped)."""
        import html

        head = (f"<p><strong>{html.escape(self.name)}</strong>: {len(self.organisations)} "
                f"organisations, {len(self.functions)} functions, {len(self.engagements)} "
                "engagements</p>")
        matrix = self.matrix().head(50)
        return head + matrix.to_html(escape=True, float_format=lambda v: f"{v:g}",
                                     max_cols=30)

    def __repr__(self) -> str:
        return (f"Partnership({self.name!r}: {len(self.organisations)} organisations, "
                f"{len(self.functions)} functions, {len(self.engagements)} engagements)")
