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
  function sets share a group number (numbered in the order of their first
  names) and are listed as each other's equivalents.

Lists are in name order, so a re-sorted file gives the same tables.
- :func:`overlap_matrix`: the organisation x organisation Jaccard matrix.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from netmap.model import Partnership

__all__ = ["function_sets", "substitutes_table", "overlap_matrix"]


def function_sets(p: Partnership) -> dict:
    """Organisation -> frozenset of its functions (empty for no engagement)."""
    return {o: frozenset(fs) for o, fs in p.functions_of().items()}


LIST_LIMIT = 20  # names per list; counts stay exact
LIST_ORGANISATIONS = 10_000  # above this many organisations no names are listed


def substitutes_table(p: Partnership, list_limit: int | None = None) -> tuple:
    """Per organisation: substitutes, most similar partner, equivalence group.

    Returns ``(table, notes)``. ``substitute_count`` is always exact; the
    ``substitutes`` and ``equivalents`` lists name at most ``list_limit``
    organisations (in name order; default 20, and none above 10,000
    organisations, where ``equivalence_group`` says the same thing), and a
    note says so when a list is cut.

    Examples
    --------
    >>> p = Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G"), ("C", "F"),
    ...                             ("D", "H")])
    >>> t, notes = substitutes_table(p)
    >>> t.loc["A", "substitutes"], t.loc["B", "substitutes"], t.loc["A", "equivalents"]
    (['B', 'C'], [], ['C'])
    >>> t.loc["B", "most_similar"], float(t.loc["B", "most_similar_jaccard"])
    ('A', 0.5)
    >>> t.loc["D", "most_similar"], float(t.loc["D", "most_similar_jaccard"])
    ('', 0.0)
    """
    from netmap.metrics.quotient import classes

    orgs = np.array(p.organisations, dtype=object)
    n = len(orgs)
    if list_limit is None:
        list_limit = LIST_LIMIT if n <= LIST_ORGANISATIONS else 0
    B, w, class_of = classes(p)
    C = len(w)
    size = B.sum(axis=1)
    inter = B @ B.T
    union = size[:, None] + size[None, :] - inter
    jac = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    # members of each class by name: the first two names, and the first's rank
    rank = p.organisation_rank()
    by_class = np.lexsort((rank, class_of))
    start = np.searchsorted(class_of[by_class], np.arange(C))
    smallest = orgs[by_class[start]] if n else np.zeros(0, dtype=object)
    second = orgs[by_class[np.minimum(start + 1, max(n - 1, 0))]] if n else smallest
    class_rank = rank[by_class[start]] if n else np.zeros(0, dtype=np.int64)
    covers = (inter == size[:, None]) & (size[:, None] > 0)  # covers[a, b]: S_a within S_b
    count = (covers.astype(np.float64) @ w - np.where(size > 0, 1.0, 0.0)).astype(np.int64)
    group = np.empty(C, dtype=np.int64)  # numbered in the order of each class's first name
    group[np.argsort(class_rank, kind="stable")] = np.arange(1, C + 1)
    # the most similar other class: largest Jaccard, ties to the first name
    similar = np.full(C, "", dtype=object)
    score = np.zeros(C)
    for a in range(C):
        others = jac[a].copy()
        others[a] = -1.0
        best = others.max(initial=0.0)
        if best > 0:
            tied = np.flatnonzero(others == best)
            similar[a], score[a] = smallest[tied[np.argmin(class_rank[tied])]], best
    # an identical partner scores 1: the first other name of the class
    twinned = ((w > 1) & (size > 0))[class_of]
    twin = np.where(orgs == smallest[class_of], second[class_of], smallest[class_of])
    table = pd.DataFrame({
        "substitutes": _lists(orgs, rank, class_of, covers, list_limit, "covering"),
        "substitute_count": count[class_of],
        "most_similar": np.where(twinned, twin, similar[class_of]),
        "most_similar_jaccard": np.where(twinned, 1.0, score[class_of]),
        "equivalence_group": group[class_of],
        "equivalents": _lists(orgs, rank, class_of, covers, list_limit, "twins"),
    }, index=pd.Index(list(p.organisations), name="organisation"))
    notes = []
    if C and ((count > list_limit) | (w - 1 > list_limit)).any():
        notes.append(
            f"substitutes and equivalents lists name at most {list_limit} organisations; "
            "substitute_count is exact" if list_limit else
            f"substitutes and equivalents are not listed above {LIST_ORGANISATIONS:,} "
            "organisations; substitute_count and equivalence_group are exact")
    return table, notes


def _lists(orgs: np.ndarray, rank: np.ndarray, class_of: np.ndarray, covers: np.ndarray,
           limit: int, which: str) -> list:
    """Per organisation, at most ``limit`` names in name order (``rank``): the other members
    of its class (``twins``) or of every class whose functions include its own
    (``covering``)."""
    if limit == 0:
        return [[] for _ in range(len(orgs))]
    members: list = [[] for _ in range(len(covers))]  # name ranks, ascending
    by_rank = np.empty(len(orgs), dtype=np.int64)
    by_rank[rank] = np.arange(len(orgs))  # name rank -> input position
    for r in range(len(orgs)):
        members[class_of[by_rank[r]]].append(r)
    out: list = [None] * len(orgs)
    for a, own in enumerate(members):
        if which == "twins":
            head = own[: limit + 1]
        else:
            heads = [members[b][: limit + 1] for b in np.flatnonzero(covers[a])]
            head = sorted(i for h in heads for i in h)[: limit + 1]
        for r in own:
            out[by_rank[r]] = [orgs[by_rank[j]] for j in head if j != r][:limit]
    return out


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
