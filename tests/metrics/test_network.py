"""Network-level indices: NODF (published example, brute force), centralisation, shares."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from hypothesis import given

import netmap
from netmap.metrics import compute
from netmap.metrics.network import centralisation, network_summary, nodf
from netmap.model import Partnership

from ..conftest import SEED
from ..strategies import partnerships

# Almeida-Neto et al. (2008), Oikos 117: 1227-1239, Fig. 1: NODF 58.33
ALMEIDA_NETO = [[1, 0, 1, 1, 1], [1, 1, 1, 0, 0], [0, 1, 1, 1, 0], [1, 1, 0, 0, 0],
                [1, 1, 0, 0, 0]]


def from_matrix(rows) -> Partnership:
    orgs = [f"r{i}" for i in range(len(rows))]
    fns = [f"c{j}" for j in range(len(rows[0]))]
    edges = [(orgs[i], fns[j]) for i, r in enumerate(rows) for j, x in enumerate(r) if x]
    return Partnership.from_edges(edges, functions=fns, organisations=orgs)


def nodf_literal(rows) -> float:
    """NODF exactly as the paper describes it: sort by decreasing fill, then pair up."""
    m = np.array(rows, dtype=int)
    m = m[np.argsort(-m.sum(axis=1), kind="stable")]
    m = m[:, np.argsort(-m.sum(axis=0), kind="stable")]
    scores = []
    for mat in (m, m.T):
        fill = mat.sum(axis=1)
        for i in range(len(mat)):
            for j in range(i + 1, len(mat)):
                if fill[i] > fill[j] > 0:
                    scores.append(100 * (mat[i] & mat[j]).sum() / fill[j])
                else:
                    scores.append(0.0)
    return float(np.mean(scores)) if scores else math.nan


def test_almeida_neto_worked_example():
    result = nodf(from_matrix(ALMEIDA_NETO))
    assert result["nodf"] == pytest.approx(58.33, abs=0.005)
    assert result["nodf_organisations"] == pytest.approx(53.33, abs=0.005)
    assert result["nodf_functions"] == pytest.approx(63.33, abs=0.005)


def test_perfectly_nested_and_anti_nested():
    nested = [[1, 1, 1, 1], [1, 1, 1, 0], [1, 1, 0, 0], [1, 0, 0, 0]]
    assert nodf(from_matrix(nested))["nodf"] == pytest.approx(100.0)
    diagonal = [[1, 0, 0], [0, 1, 0], [0, 0, 1]]
    assert nodf(from_matrix(diagonal))["nodf"] == 0.0


@given(partnerships(max_orgs=12, max_functions=6, sectors=False))
def test_nodf_equals_the_literal_algorithm(p):
    rows = (p.matrix().to_numpy() > 0).astype(int).tolist()
    expected = nodf_literal(rows)
    got = nodf(p)["nodf"]
    assert (math.isnan(got) and math.isnan(expected)) or got == pytest.approx(expected, rel=1e-9)


def test_nodf_does_not_depend_on_input_order():
    rng = random.Random(7)
    rows = [[int(rng.random() < 0.4) for _ in range(6)] for _ in range(15)]
    rows[0][0] = 1
    base = nodf(from_matrix(rows))
    for _ in range(5):
        rng.shuffle(rows)
        assert nodf(from_matrix(rows)) == pytest.approx(base)


def test_centralisation_by_hand():
    assert centralisation([3, 0, 0], 3) == 1.0
    assert centralisation([2, 2, 2], 4) == 0.0
    # star-ish: d = 2, 1, 1 over 2 functions: ((2-1) + (2-1)) / ((3-1) * 2)
    assert centralisation([2, 1, 1], 2) == 0.5
    assert math.isnan(centralisation([1], 3))


def test_seed_network_level_by_hand():
    net = network_summary(netmap.read(SEED))
    assert net["connectance"] == pytest.approx(51 / 216)
    # degrees: one 5, one 3, nine 2, twenty-five 1 -> sum(5 - d) = 0 + 2 + 27 + 100 = 129
    assert net["centralisation"] == pytest.approx(129 / (35 * 6))
    # providers 5, 7, 10, 11, 9, 9 -> sum(11 - d) = 6 + 4 + 1 + 0 + 2 + 2 = 15
    assert net["centralisation_functions"] == pytest.approx(15 / (5 * 36))
    assert net["sector_shares"]["voluntary"] == pytest.approx(15 / 36)
    assert sum(net["sector_shares"].values()) == pytest.approx(1.0)
    assert net["nodf"] == pytest.approx(nodf_literal(
        (netmap.read(SEED).matrix().to_numpy() > 0).astype(int).tolist()))


def test_metrics_json_contract_has_the_network_keys():
    net = compute(netmap.read(SEED)).network
    for key in ("organisations", "functions", "engagements", "connectance", "nodf",
                "components", "centralisation", "sector_shares", "robustness"):
        assert key in net


@given(partnerships(max_orgs=12, max_functions=6, sectors=False))
def test_components_and_isolates_agree_with_networkx(p):
    import networkx as nx

    G = netmap.to_graph(p)
    net = network_summary(p)
    assert net["components"] == nx.number_connected_components(G)
    isolated = {G.nodes[v]["label"] if "label" in G.nodes[v] else v for v in nx.isolates(G)}
    degree = p.engagements.groupby("organisation").size()
    assert net["organisations_without_engagement"] == [
        o for o in p.organisations if o not in degree.index]
    assert net["functions_without_provider"] == [
        f for f in p.functions if f not in set(p.engagements["function"])]
    assert len(isolated) == len(net["organisations_without_engagement"]) + len(
        net["functions_without_provider"])


def test_sector_diversity_is_missing_when_no_sector_is_recorded():
    """Persona finding: with no sector recorded, sector diversity read 0.00 (one sector,
    'unknown'); it is missing instead, and still measured once sectors are recorded."""
    import pandas as pd

    import netmap
    from netmap.model import Partnership

    p = Partnership.from_edges([("A", "F"), ("B", "F"), ("C", "G")])
    assert netmap.compute(p, runs=0).functions["sector_diversity"].isna().all()
    attrs = pd.DataFrame({"sector": ["statutory", "voluntary", ""]}, index=["A", "B", "C"])
    q = Partnership.from_edges([("A", "F"), ("B", "F"), ("C", "G")], attributes=attrs)
    fn = netmap.compute(q, runs=0).functions.set_index("function")
    assert fn.loc["F", "sector_diversity"] == 0.5 and fn.loc["G", "sector_diversity"] == 0.0
