"""Measures on the organisation projection.

In the projection two organisations are tied when they share at least one
function; the tie's weight is the number of functions they share (the
one-mode projection of Borgatti & Everett 1997; ``networkx.bipartite.
weighted_projected_graph``).

- ``partners``: distinct organisations sharing a function with this one
  (degree in the projection).
- ``shared_functions``: the sum of tie weights (weighted degree): how many
  (partner, function) overlaps the organisation has.
- ``eigenvector_centrality``: leading eigenvector of the weighted projection
  (Bonacich 1972), scaled to unit Euclidean norm, computed as
  :func:`networkx.eigenvector_centrality` does (power iteration on A + I from
  a uniform start).
- ``effective_size`` and ``constraint``: Burt's (1992) structural holes on the
  *unweighted* projection, as :func:`networkx.effective_size` and
  :func:`networkx.constraint` define them. Effective size of i with n
  partners among whom t ties run: n - 2t / n. Constraint:
  c_i = sum over partners j of (p_ij + sum over q of p_iq p_qj)², with
  p_ij = 1 / n_i. Undefined (NaN) for an organisation with no partner.
  Burt, R. S. (1992). *Structural Holes*. Harvard University Press.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from netmap.model import Partnership

if TYPE_CHECKING:
    import networkx as nx

__all__ = ["projection", "projection_metrics"]


def projection(p: Partnership) -> nx.Graph:
    """Weighted organisation projection (nodes are organisation names).

    >>> P = projection(Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G"), ("C", "G")]))
    >>> sorted(P.edges(data="weight"))
    [('A', 'B', 1), ('B', 'C', 1)]
    """
    import networkx as nx

    P = nx.Graph()
    P.add_nodes_from(p.organisations)
    for _, providers in p.engagements.groupby("function", sort=False)["organisation"]:
        for a, b in itertools.combinations(providers.tolist(), 2):
            if P.has_edge(a, b):
                P[a][b]["weight"] += 1
            else:
                P.add_edge(a, b, weight=1)
    return P


class _NoConvergence(ArithmeticError):
    """The power iteration did not converge within its iterations."""


def _eigenvector(S: np.ndarray, w: np.ndarray, tol: float = 1e-12,
                max_iter: int = 10000) -> np.ndarray:
    """Per-class eigenvector value: networkx's power iteration on W + I, on classes.

    Members of a class keep equal values from the uniform start, so the
    iteration x <- x + W x runs on y (one value per class) with
    (W x)_a = sum_b w_b S_ab y_b - S_aa y_a; the norm and the convergence test
    weigh each class by its size, exactly as over all organisations.
    """
    n = w.sum()
    y = np.full(len(w), 1.0 / n)
    M = S * w[None, :] - np.diag(np.diag(S))
    for _ in range(max_iter):
        last = y
        y = last + M @ last
        norm = np.sqrt((w * y * y).sum()) or 1.0
        y = y / norm
        if (w * np.abs(y - last)).sum() < n * tol:
            return y
    raise _NoConvergence(max_iter)


def projection_metrics(p: Partnership) -> tuple:
    """Per-organisation projection measures and notes.

    Returns ``(table, notes)``: a DataFrame indexed by organisation and a list
    of plain-language notes (e.g. when eigenvector centrality did not
    converge and is reported as missing).

    Computed on classes of organisations with identical function sets
    (:func:`netmap.metrics.quotient.classes`), never on the projection itself,
    which has up to n² ties: with B the class x function matrix, w the class
    sizes, S = B Bᵀ (shared functions between classes) and T = [S > 0], an
    organisation of class a has N_a = sum_b w_b T_ab - T_aa partners and
    sum_b w_b S_ab - S_aa shared functions. Common partners of i and a
    partner j of class b number M_ab = sum_c w_c T_ac T_cb - T_aa T_ab -
    T_ab T_bb, so effective size is N_a - (sum_b w_b T_ab M_ab - T_aa M_aa) / N_a;
    with Q_ab = sum_c w_c T_ac T_cb / N_c - T_aa T_ab / N_a - T_ab T_bb / N_b,
    constraint is sum over partners of ((1 + Q_ab) / N_a)². These equal the
    definitions above term by term (tested against networkx).
    """
    from netmap.metrics.quotient import classes

    orgs = list(p.organisations)
    notes = []
    B, w, class_of = classes(p)
    S = B @ B.T
    T = (S > 0).astype(np.float64)
    dS, dT = np.diag(S).copy(), np.diag(T).copy()
    partners = T @ w - dT
    shared = S @ w - dS
    try:
        eig = _eigenvector(S, w) if len(w) else np.zeros(0)
    except _NoConvergence:
        eig = np.full(len(w), np.nan)
        notes.append("eigenvector centrality did not converge; it is reported as missing")
    if w.sum() < 2 ** 24:
        # whole numbers below 2**24 (T is 0 or 1, w counts organisations): float32 holds
        # every product and partial sum exactly, in any order, and multiplies twice as fast
        TwT = ((T * w[None, :]).astype(np.float32) @ T.astype(np.float32)).astype(np.float64)
    else:
        TwT = (T * w[None, :]) @ T
    M = TwT - dT[:, None] * T - T * dT[None, :]
    common = (T * w[None, :] * M).sum(axis=1) - dT * np.diag(M)
    safe = np.where(partners > 0, partners, 1.0)
    Q = (T * (w / safe)[None, :]) @ T - (dT / safe)[:, None] * T - T * (dT / safe)[None, :]
    local = ((1.0 + Q) / safe[:, None]) ** 2
    con = (T * w[None, :] * local).sum(axis=1) - dT * np.diag(local)
    has = partners > 0
    table = pd.DataFrame({
        "partners": partners[class_of].round().astype(np.int64),
        "shared_functions": shared[class_of].round().astype(np.int64),
        "eigenvector_centrality": eig[class_of],
        "effective_size": np.where(has, partners - common / safe, np.nan)[class_of],
        "constraint": np.where(has, con, np.nan)[class_of],
    }, index=pd.Index(orgs, name="organisation"))
    return table, notes
