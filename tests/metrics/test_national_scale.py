"""Metrics computed without per-organisation work at national scale (issue 17), exactly.

Cases covered:
- the random attack curves keep each order's last steps per function, not every
  curve: the mean, the standard deviation, the areas and the first losses are
  exactly (bit for bit) those of every curve stacked and summarised by numpy,
  drawn from the same seeded orders, on any partnership and number of runs;
- providers by function and sector are counted with one ``bincount``: the very
  table (values, order of sectors, labels, types) of a pandas ``crosstab`` of
  the engagements by function and sector, on any partnership;
- each organisation's rank in name order is computed once per partnership and
  is that of :func:`netmap.names.name_rank`;
- a coverage curve is written out from its functions' last steps (one value per
  run of steps): the very curve of the step counts' cumulative sum;
- strength per organisation by one weighted ``bincount`` when weights are whole
  numbers, by pandas' groupby otherwise: the very sums of the groupby, also for
  fractional weights;
- the projection's class x class product of 0/1 and whole-number matrices in
  float32 (below 2**24) is exactly the float64 product.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from netmap.metrics.coverage import UNKNOWN_SECTOR, providers_by_sector
from netmap.metrics.degree import organisation_degree
from netmap.metrics.robustness import (
    _first_loss,
    area,
    attack_curves,
    coverage_curve,
    curve_from_last,
)
from netmap.model import Partnership
from netmap.names import name_rank

from ..strategies import partnerships


def _stacked(p: Partnership, runs: int, seed: int) -> tuple:
    """Every random curve in one array, summarised by numpy (the plain computation)."""
    n = len(p.organisations)
    rng = np.random.default_rng(seed)
    names = np.array(p.organisations, dtype=object)
    by_rank = names[np.argsort(name_rank(names), kind="stable")]
    curves = np.empty((runs, n + 1))
    for k in range(runs):
        position = rng.permutation(n)  # the organisation of name rank r leaves at perm[r] + 1
        curves[k] = coverage_curve(p, by_rank[np.argsort(position, kind="stable")].tolist())
    return curves


@settings(max_examples=60, deadline=None)
@given(partnerships(max_orgs=12, sectors=False), st.integers(1, 7), st.integers(0, 9))
def test_random_curves_are_those_of_every_curve_stacked(p, runs, seed):
    table, summary = attack_curves(p, runs=runs, seed=seed)
    curves = _stacked(p, runs, seed)
    assert np.array_equal(table["random_mean"].to_numpy(), curves.mean(axis=0))
    assert np.array_equal(table["random_sd"].to_numpy(), curves.std(axis=0))
    areas = np.array([area(c) for c in curves])
    assert summary["robustness"] == float(areas.mean())
    assert summary["robustness_sd"] == float(areas.std())
    losses = [x for x in map(_first_loss, curves) if x is not None]
    assert summary["first_loss_random"] == (float(np.mean(losses)) if losses else None)


def test_random_curves_of_a_larger_partnership_match_bit_for_bit():
    rng = np.random.default_rng(5)
    edges = [(f"org {i:04d}", f"F{f}") for i in range(1500) for f in range(9)
             if rng.random() < 0.2 + 0.05 * f]
    p = Partnership.from_edges(edges, functions=["never provided"])
    table, summary = attack_curves(p, runs=40, seed=11)
    curves = _stacked(p, 40, 11)
    assert np.array_equal(table["random_mean"].to_numpy(), curves.mean(axis=0))
    assert np.array_equal(table["random_sd"].to_numpy(), curves.std(axis=0))
    assert summary["robustness"] == float(np.mean([area(c) for c in curves]))
    assert 0 < summary["robustness"] < 1


def _crosstab(p: Partnership) -> pd.DataFrame:
    """Providers by function and sector, the plain way (a crosstab of the engagements)."""
    sectors = p.sectors.replace("", UNKNOWN_SECTOR)
    order = list(dict.fromkeys(sectors.tolist()))
    eng = p.engagements.assign(sector=p.engagements["organisation"].map(sectors))
    table = pd.crosstab(eng["function"], eng["sector"]) if len(eng) else pd.DataFrame()
    table = table.reindex(index=list(p.functions), columns=order, fill_value=0)
    table.index.name = "function"
    table.columns.name = "sector"
    return table.fillna(0).astype(int)


@settings(max_examples=80, deadline=None)
@given(partnerships(max_orgs=12))
def test_providers_by_sector_is_the_crosstab(p):
    pd.testing.assert_frame_equal(providers_by_sector(p), _crosstab(p), check_exact=True)


def test_organisation_rank_is_computed_once_and_is_name_rank():
    p = Partnership.from_edges([("b", "F"), ("a", "F"), ("B", "G"), ("é", "G")])
    rank = p.organisation_rank()
    assert rank.tolist() == name_rank(p.organisations).tolist() == [2, 1, 0, 3]
    assert p.organisation_rank() is rank and not rank.flags.writeable


@settings(max_examples=100, deadline=None)
@given(st.lists(st.integers(0, 30), max_size=12), st.integers(0, 10))
def test_curve_from_last_is_the_cumulative_count(last, extra):
    n = max(last, default=0) + extra
    last = np.array(last, dtype=np.int64)
    if len(last) == 0:
        assert np.array_equal(curve_from_last(last, n), np.zeros(n + 1))
        return
    steps = np.bincount(last[last > 0], minlength=n + 2)
    expected = (int((last > 0).sum()) - np.cumsum(steps)[: n + 1]) / len(last)
    assert np.array_equal(curve_from_last(last, n), expected)


@settings(max_examples=60, deadline=None)
@given(partnerships(max_orgs=12, sectors=False),
       st.sampled_from([[1.0], [2.0, 5.0], [0.1, 0.2, 0.7], [1e-3, 3.3, 1e6]]))
def test_strength_is_the_groupby_sum(p, weights):
    cycle = [weights[i % len(weights)] for i in range(len(p.engagements))]
    eng = p.engagements.assign(weight=cycle)
    q = Partnership(name=p.name, functions=p.functions, organisations=p.organisations,
                    engagements=eng, attributes=p.attributes, weighted=True)
    expected = eng.groupby("organisation", sort=False)["weight"].sum().reindex(
        list(q.organisations), fill_value=0.0).astype(float)
    got = organisation_degree(q)["strength"].to_numpy()
    assert np.array_equal(got, expected.to_numpy())


def test_float32_product_of_counts_is_exact():
    rng = np.random.default_rng(2)
    T = (rng.random((300, 300)) < 0.4).astype(np.float64)
    w = rng.integers(1, 50_000, 300).astype(np.float64)  # sums far above float32's 2**24 / 300
    assert w.sum() < 2 ** 24
    fast = ((T * w[None, :]).astype(np.float32) @ T.astype(np.float32)).astype(np.float64)
    assert np.array_equal(fast, (T * w[None, :]) @ T)
