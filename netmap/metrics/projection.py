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
import math

import networkx as nx
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


def projection_metrics(p: Partnership) -> tuple:
    """Per-organisation projection measures and notes.

    Returns ``(table, notes)``: a DataFrame indexed by organisation and a list
    of plain-language notes (e.g. when eigenvector centrality did not
    converge and is reported as NaN).
    """
    P = projection(p)
    orgs = list(p.organisations)
    notes = []
    try:
        eig = nx.eigenvector_centrality(P, weight="weight", max_iter=10000, tol=1e-12) \
            if P.number_of_nodes() else {}
    except nx.PowerIterationFailedConvergence:
        eig = {o: math.nan for o in orgs}
        notes.append("eigenvector centrality did not converge; it is reported as missing")
    eff = nx.effective_size(P, nodes=orgs, weight=None)
    con = nx.constraint(P, nodes=orgs, weight=None)
    table = pd.DataFrame({
        "partners": [P.degree(o) for o in orgs],
        "shared_functions": [P.degree(o, weight="weight") for o in orgs],
        "eigenvector_centrality": [eig.get(o, math.nan) for o in orgs],
        "effective_size": [eff[o] for o in orgs],
        "constraint": [con[o] for o in orgs],
    }, index=pd.Index(orgs, name="organisation"))
    return table, notes
