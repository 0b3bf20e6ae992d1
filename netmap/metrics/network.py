"""Network-level indices of a partnership.

- ``organisations``, ``functions``, ``engagements``: the sizes of the two node
  sets and the number of edges.
- ``connectance``: engagements / (organisations x functions), the share of
  possible engagements that exist (Dunne, Williams & Martinez 2002; as
  ``bipartite::networklevel``).
- ``components``: connected components of the bipartite graph, counting an
  organisation with no engagement and a function with no provider as a
  component each (as :func:`networkx.number_connected_components` does).
- ``nodf``: nestedness by overlap and decreasing fill (Almeida-Neto,
  Guimarães, Guimarães, Loyola & Ulrich 2008, *Oikos* 117: 1227-1239), 0-100,
  on presence/absence, with rows and columns sorted by decreasing degree as
  R's ``bipartite::nested`` and ``vegan::nestednodf`` do. For each pair of
  rows (organisations) with different degrees, the one of lower degree k
  scores 100 x (functions it shares with the other) / k; pairs of equal
  degree, and pairs where one has no function, score 0. ``nodf_organisations``
  and ``nodf_functions`` are the means over row pairs and over column pairs;
  ``nodf`` the mean over all pairs. Because tied degrees score 0 the sorted
  value does not depend on input order.
- ``centralisation`` (and ``centralisation_functions``): two-mode degree
  centralisation of the organisations (of the functions), Freeman's
  centralisation of the Borgatti & Everett (1997) normalised degrees:
  sum over the mode of (c_max - c_i) / (n - 1), i.e. sum(d_max - d_i) /
  ((n - 1) m) for a mode of n nodes whose other mode has m. 1 when one
  organisation does everything and the others nothing, 0 when all are equal.
- ``sector_shares``: the share of organisations in each sector.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np

from netmap.model import Partnership

__all__ = ["network_summary", "components", "nodf", "nodf_matrix", "nodf_same_degrees",
           "centralisation"]


def components(p: Partnership) -> int:
    """Number of connected components of the bipartite graph.

    Functions are joined through the organisations that share them (union-find
    over functions, linear in the number of engagements); every organisation
    without an engagement is a component of its own.

    >>> components(Partnership.from_edges([("A", "F"), ("B", "G")], functions=["H"]))
    3
    """
    from netmap.metrics.quotient import classes

    B, w, _ = classes(p)
    parent = list(range(len(p.functions)))

    def root(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for row in B:
        own = np.flatnonzero(row)
        for b in own[1:]:
            ra, rb = root(int(own[0])), root(int(b))
            if ra != rb:
                parent[ra] = rb
    function_groups = len({root(f) for f in range(len(p.functions))})
    isolated = int(w[B.sum(axis=1) == 0].sum())
    return function_groups + isolated


def _pair_sum(inter: np.ndarray, deg: np.ndarray, weight: np.ndarray) -> float:
    """Sum over unordered pairs with different, non-zero degrees of overlap / smaller degree.

    ``inter`` is the overlap between groups, ``deg`` each group's degree and
    ``weight`` how many identical members each group stands for.
    """
    lo = np.minimum(deg[:, None], deg[None, :])
    ok = (deg[:, None] != deg[None, :]) & (lo > 0)
    with np.errstate(divide="ignore", invalid="ignore"):
        term = np.where(ok, inter / np.where(lo > 0, lo, 1), 0.0)
    pair_weight = weight[:, None] * weight[None, :]
    return float(np.triu(term * pair_weight, k=1).sum())


def nodf(p: Partnership) -> dict:
    """NODF of the organisation x function presence matrix (see the module docstring).

    Organisations with identical function sets are handled as one class with
    a multiplicity (they tie, so they score 0 among themselves), which keeps
    the computation small however many organisations there are.

    >>> rows = [[1, 0, 1, 1, 1], [1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [1, 1, 0, 0, 0],
    ...         [1, 1, 0, 0, 0]]  # Almeida-Neto et al. (2008), Fig. 1
    >>> p = Partnership.from_edges([(f"r{i}", f"c{j}") for i, r in enumerate(rows)
    ...                             for j, x in enumerate(r) if x])
    >>> {k: round(v, 2) for k, v in nodf(p).items()}
    {'nodf': 58.33, 'nodf_organisations': 53.33, 'nodf_functions': 63.33}
    """
    from netmap.metrics.quotient import classes

    B, w, _ = classes(p)
    return _nodf_classes(B, w, len(p.functions))


def nodf_matrix(m) -> dict:
    """NODF of a boolean organisation x function matrix (see :func:`nodf`)."""
    m = np.asarray(m, dtype=bool)
    n_rows, n_cols = m.shape
    classes, counts = np.unique(m, axis=0, return_counts=True) if n_rows else (m, np.array([]))
    return _nodf_classes(classes.astype(np.float64), counts.astype(np.float64), n_cols)


def nodf_same_degrees(draws: np.ndarray) -> np.ndarray:
    """``nodf`` (as :func:`nodf_matrix`) of each boolean matrix of ``draws`` (shape
    draws x rows x columns), all with the row and column sums of ``draws[0]``, as
    the null model draws them.

    The sums being the same, so are the pairs that score and their divisors:
    rows are counted by degree (for each function, how many rows of degree k
    hold it), so a row pair's overlap never needs a rows x rows product, and
    the column overlaps come from one product per draw. Equal to
    :func:`nodf_matrix` up to rounding in the last digits (the terms are added
    in another order).

    >>> a = np.array([[1, 0, 1, 1, 1], [1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [1, 1, 0, 0, 0],
    ...               [1, 1, 0, 0, 0]], dtype=bool)  # Almeida-Neto et al. (2008), Fig. 1
    >>> b = a.copy(); b[0] = [1, 1, 0, 1, 1]; b[3] = [1, 0, 1, 0, 0]  # a trade: same sums
    >>> nodf_same_degrees(np.stack([a, b])).round(6).tolist()
    [58.333333, 60.833333]
    >>> round(nodf_matrix(a)["nodf"], 6), round(nodf_matrix(b)["nodf"], 6)
    (58.333333, 60.833333)
    """
    draws = np.asarray(draws, dtype=bool)
    k, n_rows, n_cols = draws.shape
    row_pairs, col_pairs = n_rows * (n_rows - 1) / 2, n_cols * (n_cols - 1) / 2
    if k == 0 or not row_pairs + col_pairs:
        return np.full(k, math.nan)
    x = draws.astype(np.float64)
    row_deg = draws[0].sum(axis=1)
    col_deg = draws[0].sum(axis=0)
    by_degree = (row_deg[:, None] == np.arange(n_cols + 1)[None, :]).astype(np.float64)
    counts = np.matmul(by_degree.T[None, :, :], x)  # draws x degree x column
    row_sum = np.einsum("kac,ab,kbc->k", counts, _pair_weights(np.arange(n_cols + 1)), counts)
    overlap = np.matmul(x.transpose(0, 2, 1), x)  # draws x column x column
    col_sum = np.einsum("kce,ce->k", overlap, _pair_weights(col_deg))
    return 100 * (row_sum + col_sum) / (row_pairs + col_pairs)


def _pair_weights(deg: np.ndarray) -> np.ndarray:
    """1 / smaller degree for each unordered pair (upper triangle) of different, non-zero
    degrees; 0 elsewhere (the weights of :func:`_pair_sum`)."""
    lo = np.minimum(deg[:, None], deg[None, :]).astype(np.float64)
    ok = (deg[:, None] != deg[None, :]) & (lo > 0)
    return np.triu(np.where(ok, 1.0 / np.where(lo > 0, lo, 1), 0.0), k=1)


def _nodf_classes(B: np.ndarray, w: np.ndarray, n_cols: int) -> dict:
    """NODF from the distinct rows ``B`` of the matrix and how often each occurs (``w``)."""
    n_rows = int(w.sum())
    rows = B.astype(np.int64)
    row_sum = _pair_sum(rows @ rows.T, rows.sum(axis=1), w.astype(float))
    weighted = (B * w[:, None]).T
    col_sum = _pair_sum(np.rint(weighted @ B), np.rint(weighted.sum(axis=1)), np.ones(n_cols))
    row_pairs, col_pairs = n_rows * (n_rows - 1) / 2, n_cols * (n_cols - 1) / 2
    total = row_pairs + col_pairs
    return {
        "nodf": 100 * (row_sum + col_sum) / total if total else math.nan,
        "nodf_organisations": 100 * row_sum / row_pairs if row_pairs else math.nan,
        "nodf_functions": 100 * col_sum / col_pairs if col_pairs else math.nan,
    }


def centralisation(degrees, other_mode: int) -> float:
    """Two-mode degree centralisation of one mode (see the module docstring).

    >>> centralisation([3, 0, 0], 3), centralisation([1, 1, 1], 3)
    (1.0, 0.0)
    """
    degrees = list(degrees)
    n = len(degrees)
    if n < 2 or other_mode == 0:
        return math.nan
    top = max(degrees)
    return sum(top - d for d in degrees) / ((n - 1) * other_mode)


def network_summary(p: Partnership) -> dict:
    """Network-level indices (see the module docstring for definitions)."""
    n_org, n_fn, n_eng = len(p.organisations), len(p.functions), len(p.engagements)
    possible = n_org * n_fn
    eng = p.engagements
    org_degree, fn_degree = p.degrees()
    counts = Counter(p.sectors.replace("", "unknown").tolist())
    return {
        "name": p.name,
        "organisations": n_org,
        "functions": n_fn,
        "engagements": n_eng,
        "weighted": bool(p.weighted),
        "total_weight": float(eng["weight"].sum()),
        "connectance": n_eng / possible if possible else None,
        "components": components(p),
        **nodf(p),
        "centralisation": centralisation(org_degree.tolist(), n_fn),
        "centralisation_functions": centralisation(fn_degree.tolist(), n_org),
        "functions_without_provider": [p.functions[j] for j in np.flatnonzero(fn_degree == 0)],
        "organisations_without_engagement": [p.organisations[i]
                                             for i in np.flatnonzero(org_degree == 0)],
        "sectors": {str(k): int(v) for k, v in counts.items()},
        "sector_shares": {str(k): v / n_org for k, v in counts.items()} if n_org else {},
    }
