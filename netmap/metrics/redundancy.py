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


def _jaccard(a: frozenset, b: frozenset) -> float:
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def redundancy_table(p: Partnership) -> pd.DataFrame:
    """Per organisation: substitutes, most similar partner, equivalence group.

    Examples
    --------
    >>> p = Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G"), ("C", "F"),
    ...                             ("D", "H")])
    >>> t = redundancy_table(p)
    >>> t.loc["A", "substitutes"], t.loc["B", "substitutes"], t.loc["A", "equivalents"]
    (['B', 'C'], [], ['C'])
    >>> t.loc["B", "most_similar"], float(t.loc["B", "most_similar_jaccard"])
    ('A', 0.5)
    >>> t.loc["D", "most_similar"], float(t.loc["D", "most_similar_jaccard"])
    ('', 0.0)
    """
    sets = function_sets(p)
    classes: dict = {}  # function set -> members in input order
    for o in p.organisations:
        classes.setdefault(sets[o], []).append(o)
    keys = list(classes)
    group = {k: i + 1 for i, k in enumerate(keys)}
    first_name = {k: min(classes[k]) for k in keys}
    position = {o: i for i, o in enumerate(p.organisations)}
    rows = {}
    for k in keys:
        members = classes[k]
        # everyone whose function set contains k's (own class included), in input order
        covering = sorted((q for other in keys if k and k <= other for q in classes[other]),
                          key=position.__getitem__)
        best_score, best_name = 0.0, ""
        for other in keys:
            score = _jaccard(k, other)
            name = first_name[other]
            if other != k and score > 0 and (
                    score > best_score or (score == best_score and name < best_name)):
                best_score, best_name = score, name
        for o in members:
            equivalents = [q for q in members if q != o]
            subs = [q for q in covering if q != o]
            if equivalents and k:
                score, name = 1.0, min(equivalents)
            else:
                score, name = best_score, best_name
            rows[o] = {"substitutes": subs, "substitute_count": len(subs),
                       "most_similar": name, "most_similar_jaccard": score,
                       "equivalence_group": group[k], "equivalents": equivalents}
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = "organisation"
    return table.reindex(list(p.organisations))


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
