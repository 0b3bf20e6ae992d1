"""Two-mode centralities: by hand, against networkx, and against Borgatti & Everett (1997)."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from networkx.algorithms import bipartite

import netmap
from netmap.graph import fn_id, org_id, organisations, to_graph
from netmap.metrics import compute
from netmap.metrics.centrality import (
    betweenness_centrality,
    closeness_centrality,
    degree_centrality,
    max_betweenness,
)
from netmap.model import Partnership

from ..strategies import partnerships

# exactness against networkx: 300 random partnerships by default, 3,000 in CI
EXACTNESS = settings(max_examples=5 * settings().max_examples)

# Borgatti & Everett (1997), Social Networks 19: 243-269, two-mode centralities of the
# Davis Southern Women data (women x events), as published to two decimals.
BE_DEGREE = {"Evelyn Jefferson": 0.57, "Laura Mandeville": 0.50, "Theresa Anderson": 0.57,
             "Brenda Rogers": 0.50, "Charlotte McDowd": 0.29, "Frances Anderson": 0.29,
             "Eleanor Nye": 0.29, "Pearl Oglethorpe": 0.21, "Ruth DeSand": 0.29,
             "Verne Sanderson": 0.29, "Myra Liddel": 0.29, "Katherina Rogers": 0.43,
             "Sylvia Avondale": 0.50, "Nora Fayette": 0.57, "Helen Lloyd": 0.36,
             "Dorothy Murchison": 0.14, "Olivia Carleton": 0.14, "Flora Price": 0.14,
             "E1": 0.17, "E2": 0.17, "E3": 0.33, "E4": 0.22, "E5": 0.44, "E6": 0.44,
             "E7": 0.56, "E8": 0.78, "E9": 0.67, "E10": 0.28, "E11": 0.22, "E12": 0.33,
             "E13": 0.17, "E14": 0.17}
BE_CLOSENESS = {"Evelyn Jefferson": 0.80, "Laura Mandeville": 0.73, "Theresa Anderson": 0.80,
                "Brenda Rogers": 0.73, "Charlotte McDowd": 0.60, "Frances Anderson": 0.67,
                "Eleanor Nye": 0.67, "Pearl Oglethorpe": 0.67, "Ruth DeSand": 0.71,
                "Verne Sanderson": 0.71, "Myra Liddel": 0.69, "Katherina Rogers": 0.73,
                "Sylvia Avondale": 0.77, "Nora Fayette": 0.80, "Helen Lloyd": 0.73,
                "Dorothy Murchison": 0.65, "Olivia Carleton": 0.59, "Flora Price": 0.59,
                "E1": 0.52, "E2": 0.52, "E3": 0.56, "E4": 0.54, "E5": 0.59, "E6": 0.69,
                "E7": 0.73, "E8": 0.85, "E9": 0.79, "E10": 0.55, "E11": 0.54, "E12": 0.56,
                "E13": 0.52, "E14": 0.52}
BE_BETWEENNESS = {"Evelyn Jefferson": 0.10, "Laura Mandeville": 0.05, "Theresa Anderson": 0.09,
                  "Brenda Rogers": 0.05, "Charlotte McDowd": 0.01, "Frances Anderson": 0.01,
                  "Eleanor Nye": 0.01, "Pearl Oglethorpe": 0.01, "Ruth DeSand": 0.02,
                  "Verne Sanderson": 0.02, "Myra Liddel": 0.02, "Katherina Rogers": 0.05,
                  "Sylvia Avondale": 0.07, "Nora Fayette": 0.11, "Helen Lloyd": 0.04,
                  "Dorothy Murchison": 0.00, "Olivia Carleton": 0.01, "Flora Price": 0.01,
                  "E1": 0.00, "E2": 0.00, "E3": 0.02, "E4": 0.01, "E5": 0.04, "E6": 0.07,
                  "E7": 0.13, "E8": 0.24, "E9": 0.23, "E10": 0.01, "E11": 0.02, "E12": 0.02,
                  "E13": 0.00, "E14": 0.00}


@pytest.fixture(scope="module")
def davis_metrics(tmp_path_factory):
    """Davis Southern Women written as a wide CSV and read back through netmap."""
    G = nx.davis_southern_women_graph()
    women = [n for n, d in G.nodes(data="bipartite") if d == 0]
    events = [n for n, d in G.nodes(data="bipartite") if d == 1]
    path = tmp_path_factory.mktemp("davis") / "davis.csv"
    lines = ["woman," + ",".join(events)]
    lines += [w + "," + ",".join("1" if G.has_edge(w, e) else "" for e in events)
              for w in women]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    p = netmap.read(path)
    assert (len(p.organisations), len(p.functions), len(p.engagements)) == (18, 14, 89)
    return compute(p, runs=0)


@pytest.mark.parametrize("column,published", [("degree_centrality", BE_DEGREE),
                                              ("closeness_centrality", BE_CLOSENESS),
                                              ("betweenness_centrality", BE_BETWEENNESS)])
def test_davis_southern_women_match_borgatti_everett_1997(davis_metrics, column, published):
    values = dict(zip(davis_metrics.organisations["organisation"],
                      davis_metrics.organisations[column], strict=True))
    values.update(zip(davis_metrics.functions["function"], davis_metrics.functions[column],
                      strict=True))
    assert set(values) == set(published)
    for node, expected in published.items():
        assert abs(values[node] - expected) <= 0.005 + 1e-9, (node, values[node], expected)


def test_path_by_hand():
    # organisation B does A and C, organisation D does C: the path A - B - C - D
    p = Partnership.from_edges([("B", "A"), ("B", "C"), ("D", "C")])
    m = compute(p, runs=0)
    org = m.organisations.set_index("organisation")
    fn = m.functions.set_index("function")
    assert org.loc["B", "degree_centrality"] == 1.0 and org.loc["D", "degree_centrality"] == 0.5
    assert fn.loc["A", "degree_centrality"] == 0.5 and fn.loc["C", "degree_centrality"] == 1.0
    # closeness of D: numerator m + 2(n - 1) = 2 + 2 = 4 over distances 1 + 2 + 3 = 6
    assert org.loc["D", "closeness_centrality"] == pytest.approx(4 / 6)
    assert org.loc["B", "closeness_centrality"] == pytest.approx(4 / 4)
    # B lies on the A-C, A-D paths (2 of the maximum 2); C on A-D, B-D
    assert org.loc["B", "betweenness_centrality"] == 1.0
    assert org.loc["D", "betweenness_centrality"] == 0.0
    assert fn.loc["C", "betweenness_centrality"] == 1.0


def test_single_function_cannot_broker_and_does_not_divide_by_zero():
    p = Partnership.from_edges([("A", "F"), ("B", "F"), ("C", "F")])
    G = to_graph(p)
    bet = betweenness_centrality(G, organisations(G))
    # F carries all 3 organisation pairs, the maximum for a function here: 3
    assert bet[fn_id("F")] == 1.0
    assert max_betweenness(3, 1) == 0.0
    assert [bet[org_id(o)] for o in "ABC"] == [0.0, 0.0, 0.0]


def test_isolated_nodes_and_disconnected_parts():
    p = Partnership.from_edges([("A", "F"), ("B", "G")], functions=["H"], organisations=["Z"])
    G = to_graph(p)
    clo = closeness_centrality(G, organisations(G))
    assert clo[org_id("Z")] == 0.0 and clo[fn_id("H")] == 0.0
    # A reaches only F: (m + 2(n - 1)) / 1 = 3 + 4, scaled by (2 - 1) / (6 - 1) nodes;
    # in a fragment the normalisation can exceed 1, as in networkx
    assert clo[org_id("A")] == pytest.approx(7 / 5)
    assert clo == pytest.approx(bipartite.closeness_centrality(G, organisations(G)))


@EXACTNESS
@given(partnerships())
def test_agrees_with_networkx_bipartite(p):
    G = to_graph(p)
    orgs = organisations(G)
    assert degree_centrality(G, orgs) == pytest.approx(
        bipartite.degree_centrality(G, orgs), rel=1e-9, abs=1e-12)
    assert closeness_centrality(G, orgs) == pytest.approx(
        bipartite.closeness_centrality(G, orgs), rel=1e-9, abs=1e-12)
    ours = betweenness_centrality(G, orgs)
    try:
        theirs = bipartite.betweenness_centrality(G, orgs)
    except ZeroDivisionError:
        # networkx divides by a zero maximum when a mode cannot broker; netmap reports 0
        raw = nx.betweenness_centrality(G, normalized=False)
        n, m = len(orgs), len(G) - len(orgs)
        for v in G:
            top = max_betweenness(n, m) if v in set(orgs) else max_betweenness(m, n)
            assert ours[v] == (raw[v] / top if top else 0.0)
        return
    assert ours == pytest.approx(theirs, rel=1e-9, abs=1e-12)


def test_closeness_above_one_in_a_small_component_as_the_readme_says():
    """README "Closeness in a partnership in pieces": an organisation alone with one
    function, in a partnership of 5 organisations and 4 functions, scores 1.5; in a
    connected partnership closeness stays within 0-1."""
    from ..conftest import SEED

    p = Partnership.from_edges([("A", "F"), ("B", "F"), ("C", "G"), ("D", "G"), ("D", "H"),
                                ("E", "I")])
    org = netmap.compute(p, runs=0).organisations.set_index("organisation")
    # (m + 2 (n - 1)) / total distance x share reached = (4 + 8) / 1 x 1 / 8
    assert org.loc["E", "closeness_centrality"] == 1.5
    connected = netmap.compute(netmap.read(SEED), runs=0)
    assert connected.organisations["closeness_centrality"].between(0, 1).all()
    assert connected.functions["closeness_centrality"].between(0, 1).all()
