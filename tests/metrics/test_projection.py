"""Organisation projection measures: by hand, against networkx, against Burt's formula."""

from __future__ import annotations

import math

import networkx as nx
import pytest
from hypothesis import given, settings
from networkx.algorithms import bipartite

from netmap.graph import label, organisations, to_graph
from netmap.metrics.projection import projection, projection_metrics
from netmap.model import Partnership

from ..strategies import partnerships

# exactness against networkx: 300 random partnerships by default, 3,000 in CI
EXACTNESS = settings(max_examples=5 * settings().max_examples)


def burt(P: nx.Graph, i) -> tuple:
    """Effective size and constraint of i, evaluated straight from Burt (1992)."""
    partners = set(P[i])
    n = len(partners)
    if n == 0:
        return math.nan, math.nan

    def p(a, b):  # proportion of a's (unweighted, symmetric) ties invested in b
        return 1 / len(P[a]) if b in P[a] else 0.0

    redundancy = sum(p(i, q) * (1 if j in P[q] else 0) for j in partners for q in partners
                     if q != j)  # Burt's redundancy with m_jq = 1 for a tie
    effective = n - redundancy
    constraint = sum((p(i, j) + sum(p(i, q) * p(q, j) for q in partners if q != j)) ** 2
                     for j in partners)
    return effective, constraint


def test_small_projection_by_hand():
    p = Partnership.from_edges([("A", "F"), ("B", "F"), ("B", "G"), ("C", "G"), ("D", "F")])
    t, notes = projection_metrics(p)
    assert notes == []
    assert t["partners"].to_dict() == {"A": 2, "B": 3, "C": 1, "D": 2}
    assert t["shared_functions"].to_dict() == {"A": 2, "B": 3, "C": 1, "D": 2}
    assert t.loc["A", "effective_size"] == pytest.approx(1.0)  # 2 partners, 1 tie between
    assert t.loc["B", "effective_size"] == pytest.approx(3 - 2 / 3)
    assert t.loc["C", "constraint"] == pytest.approx(1.0)  # one partner: fully constrained
    assert t.loc["A", "constraint"] == pytest.approx(9 / 16 + 4 / 9)


def test_shared_functions_weigh_ties():
    p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "F"), ("B", "G"), ("C", "H")])
    t, _ = projection_metrics(p)
    assert t.loc["A", "partners"] == 1 and t.loc["A", "shared_functions"] == 2
    assert t.loc["C", "partners"] == 0
    assert math.isnan(t.loc["C", "effective_size"]) and math.isnan(t.loc["C", "constraint"])


def test_projection_matches_networkx_weighted_projection():
    p = Partnership.from_edges([("A", "F"), ("A", "G"), ("B", "F"), ("B", "G"), ("C", "G")])
    G = to_graph(p)
    nxP = bipartite.weighted_projected_graph(G, organisations(G))
    ours = projection(p)
    assert {(frozenset((label(a), label(b))), w) for a, b, w in nxP.edges(data="weight")} == {
        (frozenset((a, b)), w) for a, b, w in ours.edges(data="weight")}
    assert ours[("A")]["B"]["weight"] == 2


@EXACTNESS
@given(partnerships())
def test_agrees_with_networkx_and_burts_formula(p):
    t, notes = projection_metrics(p)
    P = projection(p)
    assert notes == []
    for o in p.organisations:
        assert t.loc[o, "partners"] == P.degree(o)
        assert t.loc[o, "shared_functions"] == P.degree(o, weight="weight")
    eff = nx.effective_size(P, nodes=list(P), weight=None)
    con = nx.constraint(P, nodes=list(P), weight=None)
    for o in p.organisations:
        by_hand = burt(P, o)
        for ours, theirs, direct in [(t.loc[o, "effective_size"], eff[o], by_hand[0]),
                                     (t.loc[o, "constraint"], con[o], by_hand[1])]:
            if math.isnan(direct):
                assert math.isnan(ours) and math.isnan(theirs)
            else:
                assert ours == pytest.approx(direct, rel=1e-9)
                assert theirs == pytest.approx(direct, rel=1e-9)
    eig = nx.eigenvector_centrality(P, weight="weight", max_iter=100000, tol=1e-13)
    for o in p.organisations:
        assert t.loc[o, "eigenvector_centrality"] == pytest.approx(eig[o], rel=1e-6, abs=1e-9)
