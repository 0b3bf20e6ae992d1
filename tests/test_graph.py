"""Partnership -> bipartite graph, checked against networkx's own algorithms."""

from __future__ import annotations

import random

import networkx as nx
import pytest
from networkx.algorithms import bipartite

import netmap
from netmap.graph import fn_id, functions, label, org_id, organisations, to_graph
from netmap.metrics.degree import function_degree, organisation_degree
from netmap.metrics.network import components, network_summary
from netmap.model import Partnership

from .conftest import OK, SEED


def random_partnership(rng: random.Random) -> Partnership:
    n_org, n_fn = rng.randint(1, 12), rng.randint(1, 6)
    fns = [f"F{j}" for j in range(n_fn)]
    orgs = [f"O{i}" for i in range(n_org)]
    pairs = [(o, f) for o in orgs for f in fns if rng.random() < 0.25]
    return Partnership.from_edges(pairs or [(orgs[0], fns[0])], functions=fns, organisations=orgs)


def test_seed_graph_is_bipartite_with_explicit_sides():
    p = netmap.read(SEED)
    G = to_graph(p)
    orgs = organisations(G)
    assert len(orgs) == 36 and len(functions(G)) == 6 and G.number_of_edges() == 51
    assert bipartite.is_bipartite_node_set(G, orgs)
    assert all(G.nodes[n]["bipartite"] == 0 and G.nodes[n]["kind"] == "organisation"
               for n in orgs)
    assert G.nodes[org_id("ECAT")]["sector"] == "partnership network"
    assert [label(n) for n in functions(G)] == list(p.functions)


def test_organisation_named_like_a_function_stays_a_separate_node():
    p = netmap.read(OK / "org_named_like_function.csv")
    G = to_graph(p)
    assert org_id("Victim Support") in G and fn_id("Victim Support") in G
    assert G.number_of_nodes() == 4
    assert set(G[org_id("Victim Support")]) == {fn_id("Resources")}
    assert nx.is_bipartite(G)


def test_degrees_and_components_agree_with_networkx_on_random_partnerships():
    rng = random.Random(20261128)
    for _ in range(200):
        p = random_partnership(rng)
        G = to_graph(p)
        orgs, fns = organisation_degree(p), function_degree(p)
        for o, k in zip(orgs["organisation"], orgs["functions"], strict=True):
            assert G.degree(org_id(o)) == k
        for f, k in zip(fns["function"], fns["providers"], strict=True):
            assert G.degree(fn_id(f)) == k
        assert components(p) == nx.number_connected_components(G)
        expected = len(p.engagements) / (len(p.organisations) * len(p.functions))
        assert network_summary(p)["connectance"] == expected
        assert nx.bipartite.density(G, organisations(G)) == expected


def test_weights_reach_the_edges():
    p = netmap.read(OK / "weights.csv", weighted=True)
    G = to_graph(p)
    assert G[org_id("Police")][fn_id("Resources")]["weight"] == 2.0
    assert G[org_id("Police")][fn_id("Victim Support")]["weight"] == 0.5


def test_a_partnership_is_a_frozen_value_and_changed_copies_recompute():
    """No table is replaced in place; a changed copy gets its own derived arrays."""
    import dataclasses

    from netmap.model import Partnership

    p = Partnership.from_edges([("A", "F"), ("B", "G")])
    org, fn = p.codes()
    assert org.tolist() == [0, 1] and fn.tolist() == [0, 1]
    assert p.functions_of() == {"A": ("F",), "B": ("G",)}
    with pytest.raises(dataclasses.FrozenInstanceError):
        p.organisations = ("B", "A")  # type: ignore[misc]
    q = dataclasses.replace(p, organisations=("B", "A"))
    assert q.codes()[0].tolist() == [1, 0] and p.codes()[0].tolist() == [0, 1]
    r = dataclasses.replace(q, functions=("G", "F"))
    assert r.codes()[1].tolist() == [1, 0]
    s = dataclasses.replace(r, engagements=r.engagements.iloc[::-1].reset_index(drop=True))
    assert s.codes()[0].tolist() == [0, 1] and s.functions_of() == {"B": ("G",), "A": ("F",)}
