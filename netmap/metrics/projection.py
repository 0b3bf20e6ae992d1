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

import networkx as nx
import numpy as np
import pandas as pd

from netmap.model import Partnership

__all__ = ["projection", "projection_metrics"]


def projection(p: Partnership) -> nx.Graph:
    """Weighted organisation projection (nodes are organisation names).

    >>> P = projection(Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G"), ("C", "G")]))
    >>> sorted(P.edges(data="weight"))
    [('A', 'B', 1), ('B', 'C', 1)]
    """
    P = nx.Graph()
    P.add_nodes_from(p.organisations)
    for _, providers in p.engagements.groupby("function", sort=False)["organisation"]:
        for a, b in itertools.combinations(providers.tolist(), 2):
            if P.has_edge(a, b):
                P[a][b]["weight"] += 1
            else:
                P.add_edge(a, b, weight=1)
    return P


DENSE_LIMIT = 20000


def _eigenvector(W: np.ndarray, tol: float = 1e-12, max_iter: int = 10000) -> np.ndarray:
    """Power iteration on W + I from a uniform start, as networkx.eigenvector_centrality."""
    n = len(W)
    x = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        last = x
        x = last + W @ last
        norm = np.sqrt((x * x).sum()) or 1.0
        x = x / norm
        if np.abs(x - last).sum() < n * tol:
            return x
    raise nx.PowerIterationFailedConvergence(max_iter)


def projection_metrics(p: Partnership) -> tuple:
    """Per-organisation projection measures and notes.

    Returns ``(table, notes)``: a DataFrame indexed by organisation and a list
    of plain-language notes (e.g. when eigenvector centrality did not
    converge and is reported as missing).

    Computed with dense matrices from the organisation x function matrix M:
    W = M Mᵀ (shared functions, zero diagonal), A = [W > 0]; with
    P = D⁻¹A (each partner weighs 1 / partners), effective size is
    n_i - (sum over partners j of common partners) / n_i and constraint is
    sum over partners j of (P + P²)_ij².
    """
    orgs = list(p.organisations)
    n = len(orgs)
    notes = []
    if n > DENSE_LIMIT:
        notes.append(f"projection measures (partners, shared functions, eigenvector centrality, "
                     f"effective size, constraint) are not computed above {DENSE_LIMIT} "
                     "organisations yet; they are reported as missing")
        nan = np.full(n, np.nan)
        return pd.DataFrame({"partners": nan, "shared_functions": nan,
                             "eigenvector_centrality": nan, "effective_size": nan,
                             "constraint": nan}, index=pd.Index(orgs, name="organisation")), notes
    M = (p.matrix().to_numpy() > 0).astype(np.float64)
    W = M @ M.T
    np.fill_diagonal(W, 0.0)
    A = (W > 0).astype(np.float64)
    partners = A.sum(axis=1)
    try:
        eig = _eigenvector(W) if n else np.zeros(0)
    except nx.PowerIterationFailedConvergence:
        eig = np.full(n, np.nan)
        notes.append("eigenvector centrality did not converge; it is reported as missing")
    with np.errstate(divide="ignore", invalid="ignore"):
        common = (A * (A @ A)).sum(axis=1)
        effective = np.where(partners > 0, partners - common / partners, np.nan)
        P = A / np.where(partners > 0, partners, 1.0)[:, None]
        local = (P + P @ P) ** 2 * A
        constraint = np.where(partners > 0, local.sum(axis=1), np.nan)
    table = pd.DataFrame({
        "partners": partners.astype(np.int64),
        "shared_functions": W.sum(axis=1).astype(np.int64),
        "eigenvector_centrality": eig,
        "effective_size": effective,
        "constraint": constraint,
    }, index=pd.Index(orgs, name="organisation"))
    return table, notes
