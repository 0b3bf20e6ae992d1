"""Redundancy between organisations: who could stand in for whom.

Work is done on classes of structurally equivalent organisations (identical
function sets; Lorrain & White 1971), of which there are few even in large
partnerships, and expanded to organisations at the end.

- ``substitutes``: the other organisations whose functions include all of
  this organisation's functions (empty for an organisation with none). If it
  left, each of them could in principle cover everything it did.
- ``most_similar`` / ``most_similar_jaccard``: the other organisation with the
  largest Jaccard overlap |A ∩ B| / |A ∪ B| of function sets (Jaccard 1901);
  ties go to the name that sorts first; empty with score 0 when no other
  organisation shares a function.
- ``equivalence_group`` / ``equivalents``: organisations with identical
  function sets share a group number (numbered in input order) and are
  listed as each other's equivalents.
- :func:`overlap_matrix`: the organisation x organisation Jaccard matrix.
"""

from __future__ import annotations

import heapq

import numpy as np
import pandas as pd

from netmap.model import Partnership

__all__ = ["function_sets", "redundancy_table", "overlap_matrix"]


def function_sets(p: Partnership) -> dict:
    """Organisation -> frozenset of its functions (empty for no engagement)."""
    sets = {o: set() for o in p.organisations}
    for o, f in p.engagements[["organisation", "function"]].itertuples(index=False):
        sets[o].add(f)
    return {o: frozenset(s) for o, s in sets.items()}


LIST_LIMIT = 20  # names per list; counts stay exact
LIST_ORGANISATIONS = 10_000  # above this many organisations no names are listed


def redundancy_table(p: Partnership, list_limit: int | None = None) -> tuple:
    """Per organisation: substitutes, most similar partner, equivalence group.

    Returns ``(table, notes)``. ``substitute_count`` is always exact; the
    ``substitutes`` and ``equivalents`` lists name at most ``list_limit``
    organisations (in input order; default 20, and none above 10,000
    organisations, where ``equivalence_group`` says the same thing), and a
    note says so when a list is cut.

    Examples
    --------
    >>> p = Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G"), ("C", "F"),
    ...                             ("D", "H")])
    >>> t, notes = redundancy_table(p)
    >>> t.loc["A", "substitutes"], t.loc["B", "substitutes"], t.loc["A", "equivalents"]
    (['B', 'C'], [], ['C'])
    >>> t.loc["B", "most_similar"], float(t.loc["B", "most_similar_jaccard"])
    ('A', 0.5)
    >>> t.loc["D", "most_similar"], float(t.loc["D", "most_similar_jaccard"])
    ('', 0.0)
    """
    from netmap.metrics.quotient import classes

    orgs = list(p.organisations)
    if list_limit is None:
        list_limit = LIST_LIMIT if len(orgs) <= LIST_ORGANISATIONS else 0
    B, w, class_of = classes(p)
    C = len(w)
    members: list = [[] for _ in range(C)]  # input positions, ascending
    for i, c in enumerate(class_of):
        members[c].append(i)
    size = B.sum(axis=1)
    inter = B @ B.T
    union = size[:, None] + size[None, :] - inter
    jac = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    first = np.array([min(orgs[i] for i in members[c]) for c in range(C)], dtype=object)
    rank = np.empty(C, dtype=np.int64)
    rank[np.argsort(first.astype(str), kind="stable")] = np.arange(C)
    covers = (inter == size[:, None]) & (size[:, None] > 0)  # covers[a, b]: S_a within S_b
    count = covers.astype(np.float64) @ w - np.where(size > 0, 1.0, 0.0)
    group = np.empty(C, dtype=np.int64)  # numbered by first appearance in the input
    group[np.argsort([m[0] for m in members], kind="stable")] = np.arange(1, C + 1)
    notes = []
    rows = {}
    for a in range(C):
        others = jac[a].copy()
        others[a] = -1.0
        best = others.max(initial=0.0)
        if best > 0:
            tied = np.flatnonzero(others == best)
            name, score = first[tied[np.argmin(rank[tied])]], float(best)
        else:
            name, score = "", 0.0
        heads = [members[b][: list_limit + 1] for b in np.flatnonzero(covers[a])]
        covering = sorted(i for head in heads for i in head)[: list_limit + 1]
        twins = members[a][: list_limit + 1]
        smallest = heapq.nsmallest(2, (orgs[j] for j in members[a]))
        for i in members[a]:
            equivalents = [orgs[j] for j in twins if j != i][:list_limit]
            subs = [orgs[j] for j in covering if j != i][:list_limit]
            if len(members[a]) > 1 and size[a] > 0:
                # an identical partner scores 1: the first other name
                twin = smallest[1] if smallest[0] == orgs[i] else smallest[0]
                rows[orgs[i]] = (subs, int(count[a]), twin, 1.0, int(group[a]), equivalents)
            else:
                rows[orgs[i]] = (subs, int(count[a]), name, score, int(group[a]), equivalents)
        if count[a] > list_limit or len(members[a]) - 1 > list_limit:
            notes.append(
                f"substitutes and equivalents lists name at most {list_limit} organisations; "
                "substitute_count is exact" if list_limit else
                f"substitutes and equivalents are not listed above {LIST_ORGANISATIONS:,} "
                "organisations; substitute_count and equivalence_group are exact")
    table = pd.DataFrame.from_dict(rows, orient="index", columns=[
        "substitutes", "substitute_count", "most_similar", "most_similar_jaccard",
        "equivalence_group", "equivalents"])
    table.index.name = "organisation"
    return table.reindex(orgs), sorted(set(notes))


def overlap_matrix(p: Partnership) -> pd.DataFrame:
    """Organisation x organisation Jaccard overlap of function sets (diagonal 1).

    >>> m = overlap_matrix(Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G")]))
    >>> float(m.loc["A", "B"])
    0.5
    """
    m = (p.matrix().to_numpy() > 0).astype(np.int64)
    inter = m @ m.T
    size = m.sum(axis=1)
    union = size[:, None] + size[None, :] - inter
    with np.errstate(divide="ignore", invalid="ignore"):
        jac = np.where(union > 0, inter / np.where(union > 0, union, 1), 0.0)
    np.fill_diagonal(jac, 1.0)
    names = list(p.organisations)
    return pd.DataFrame(jac, index=pd.Index(names, name="organisation"), columns=names)
